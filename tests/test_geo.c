/*
 * Distances (geo.c): shr_territory_distance_km() and shr_practice_distance_km() against known
 * values, the fallbacks of a practice's location, and the negative "unknown" answers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sharitories/sharitories.h>

#include "geo.h"

/* Points (WGS 84) in the centres of Paris, Lyon, Lorient and Saint-Denis de La Réunion. */
static const char *fixture =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: paris, name: Paris, kind: commune, location: [48.8566, 2.3522]}\n"
    "  - {id: lyon, name: Lyon, kind: commune, location: [45.7640, 4.8357]}\n"
    "  - {id: lorient, name: Lorient, kind: commune, location: [47.7483, -3.3700]}\n"
    "  - {id: reunion, name: Saint-Denis, kind: commune, location: [-21.1151, 55.5364]}\n"
    "  - {id: nowhere, name: Nowhere, kind: commune}\n"
    "practices:\n"
    "  - {id: own, name: x, category: amap, territories: [paris], location: [45.7640, 4.8357]}\n"
    "  - {id: first, name: x, category: amap, territories: [nowhere, lorient, lyon]}\n"
    "  - {id: none, name: x, category: amap, territories: [nowhere]}\n";

static shr_catalog *load(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    shr_error err;
    int rc = shr_catalog_load_buffer(cat, "geo.yaml", fixture, strlen(fixture), &err);
    if (rc)
        print_error("%u:%u %s\n", err.line, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    return cat;
}

static void test_known_distances(void **state)
{
    (void)state;
    shr_catalog *cat = load();
    const shr_territory *paris = shr_catalog_territory(cat, "paris");
    const shr_territory *lyon = shr_catalog_territory(cat, "lyon");
    const shr_territory *lorient = shr_catalog_territory(cat, "lorient");
    const shr_territory *reunion = shr_catalog_territory(cat, "reunion");
    /* Paris–Lyon, about 392 km as the crow flies (391.5 on this sphere). */
    assert_true(fabs(shr_territory_distance_km(paris, lyon) - 391.50) < 0.05);
    assert_true(fabs(shr_territory_distance_km(lyon, paris) - 391.50) < 0.05);
    assert_true(fabs(shr_territory_distance_km(paris, lorient) - 440.70) < 0.05);
    assert_true(fabs(shr_territory_distance_km(paris, reunion) - 9391.72) < 0.05);
    assert_true(shr_territory_distance_km(paris, paris) == 0.0);
    shr_catalog_free(cat);
}

static void test_sphere(void **state)
{
    (void)state;
    /* Half the circumference of the 6371.0088 km sphere, for antipodes (h rounds above 1). */
    double half = 3.14159265358979323846 * 6371.0088;
    assert_true(fabs(shr__distance_km(0, 0, 0, 180) - half) < 1e-6);
    assert_true(fabs(shr__distance_km(90, 0, -90, 0) - half) < 1e-6);
    assert_true(fabs(shr__distance_km(45, 10, -45, -170) - half) < 1e-6);
    /* One degree of latitude. */
    assert_true(fabs(shr__distance_km(10, 5, 11, 5) - half / 180) < 1e-6);
}

static void test_unknown(void **state)
{
    (void)state;
    shr_catalog *cat = load();
    const shr_territory *paris = shr_catalog_territory(cat, "paris");
    const shr_territory *nowhere = shr_catalog_territory(cat, "nowhere");
    assert_true(shr_territory_distance_km(paris, nowhere) < 0);
    assert_true(shr_territory_distance_km(nowhere, paris) < 0);
    assert_true(shr_territory_distance_km(NULL, paris) < 0);
    assert_true(shr_territory_distance_km(paris, NULL) < 0);
    assert_true(shr_practice_distance_km(NULL, paris) < 0);
    assert_true(shr_practice_distance_km(shr_catalog_practice(cat, "own"), NULL) < 0);
    assert_true(shr_practice_distance_km(shr_catalog_practice(cat, "own"), nowhere) < 0);
    assert_true(shr_practice_distance_km(shr_catalog_practice(cat, "none"), paris) < 0);
    shr_catalog_free(cat);
}

static void test_practice_location(void **state)
{
    (void)state;
    shr_catalog *cat = load();
    const shr_territory *paris = shr_catalog_territory(cat, "paris");
    const shr_territory *lyon = shr_catalog_territory(cat, "lyon");
    /* Its own location (Lyon) wins over its territory (Paris). */
    const shr_practice *own = shr_catalog_practice(cat, "own");
    assert_true(fabs(shr_practice_distance_km(own, paris) - 391.50) < 0.05);
    assert_true(shr_practice_distance_km(own, lyon) == 0.0);
    /* Else the first territory that has a location: Lorient, not Lyon. */
    const shr_practice *first = shr_catalog_practice(cat, "first");
    assert_true(fabs(shr_practice_distance_km(first, paris) - 440.70) < 0.05);
    shr_catalog_free(cat);
}

static int64_t count(const shr_catalog *cat, const char *expr)
{
    shr_query *q;
    shr_error err;
    int rc = shr_query_parse(cat, expr, &q, &err);
    if (rc)
        print_error("%s: %u %s\n", expr, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    int64_t n = shr_query_count(q, &err);
    shr_query_free(q);
    return n;
}

/* near:ID@KM. From Paris: `own` sits at Lyon (391.5 km), `first` at Lorient (440.7 km),
 * `none` has no location. */
static void test_near_query(void **state)
{
    (void)state;
    shr_catalog *cat = load();
    assert_int_equal(count(cat, "near:paris@391"), 0);
    assert_int_equal(count(cat, "near:paris@391.6"), 1);
    assert_int_equal(count(cat, "near:paris@440.7"), 1);
    assert_int_equal(count(cat, "near:paris@440.71"), 2);
    assert_int_equal(count(cat, "near:paris@100000"), 2); /* never `none` */
    assert_int_equal(count(cat, "-near:paris@100000"), 1);
    assert_int_equal(count(cat, "near:lyon@0"), 1);   /* inclusive: distance 0 */
    assert_int_equal(count(cat, "near:LYON@0"), 1);   /* ids fold ASCII case */
    assert_int_equal(count(cat, "near:lyon@0,lorient@1"), 2); /* a comma is OR */
    assert_int_equal(count(cat, "near:\"lorient@1\""), 1);
    assert_int_equal(count(cat, "near:reunion@9000"), 0);
    assert_int_equal(count(cat, "near:reunion@9000 OR id:none"), 1);
    assert_int_equal(count(cat, "near:lyon@50 category:amap"), 1);

    /* The same as a call. */
    shr_error err;
    shr_query *q = shr_query_near(cat, "paris", 440.71, &err);
    assert_non_null(q);
    assert_int_equal(shr_query_count(q, &err), 2);
    shr_query_free(q);
    assert_null(shr_query_near(cat, "nowhere", 10, &err));
    assert_int_equal(err.code, SHR_EQUERY);
    assert_null(shr_query_near(cat, "paris", -1, &err));
    assert_null(shr_query_near(cat, "paris", NAN, &err));
    assert_null(shr_query_near(cat, "zzz", 1, &err));
    assert_string_equal(err.message, "unknown territory 'zzz'");
    assert_null(shr_query_near(NULL, "paris", 1, &err));
    assert_int_equal(err.code, SHR_EINVAL);
    shr_catalog_free(cat);
}

static void expect_error(const shr_catalog *cat, const char *expr, unsigned column,
                         const char *message)
{
    shr_query *q;
    shr_error err;
    assert_int_equal(shr_query_parse(cat, expr, &q, &err), SHR_EQUERY);
    assert_null(q);
    if (err.column != column || strstr(err.message, message) == NULL)
        print_error("%s: column %u, %s\n", expr, err.column, err.message);
    assert_int_equal(err.column, column);
    assert_non_null(strstr(err.message, message));
}

static void test_near_errors(void **state)
{
    (void)state;
    shr_catalog *cat = load();
    expect_error(cat, "near:paris", 11, "expected '@' and a radius in km after 'near:paris'");
    expect_error(cat, "near:paris@", 12, "expected a radius in km");
    expect_error(cat, "near:paris@abc", 12, "expected a radius in km");
    expect_error(cat, "near:paris@-5", 12, "expected a radius in km");
    expect_error(cat, "near:paris@5.", 12, "expected a radius in km");
    expect_error(cat, "near:paris@.5", 12, "expected a radius in km");
    expect_error(cat, "near:paris@5km", 12, "expected a radius in km");
    expect_error(cat, "near:paris@1e3", 12, "expected a radius in km");
    expect_error(cat, "near:paris@100001", 12, "expected a radius in km");
    expect_error(cat, "near:paris@99999999999999999999999", 12, "expected a radius in km");
    expect_error(cat, "near:rome@5", 6, "unknown territory 'rome'");
    expect_error(cat, "near:@5", 6, "unknown territory ''");
    expect_error(cat, "near:nowhere@5", 6, "territory 'nowhere' has no location");
    expect_error(cat, "x near:paris@1,nowhere@5", 16, "territory 'nowhere' has no location");
    expect_error(cat, "near:", 6, "expected a value after 'near:'");
    shr_catalog_free(cat);
}

/* inspire's examples ranked by distance: Lorient's peers Paris (far) and Vannes (near). */
static void test_inspire_by_distance(void **state)
{
    (void)state;
    static const char *yaml =
        "sharitories: 1\n"
        "territories:\n"
        "  - {id: lorient, name: Lorient, kind: commune, population: 57000, location: [47.7483, -3.3700]}\n"
        "  - {id: paris, name: Paris, kind: commune, population: 60000, location: [48.8566, 2.3522]}\n"
        "  - {id: vannes, name: Vannes, kind: commune, population: 54000, location: [47.6582, -2.7608]}\n"
        "  - {id: nowhere, name: Nowhere, kind: commune, population: 55000}\n"
        "practices:\n"
        "  - {id: f-paris-1, name: x, category: fablab, territories: [paris]}\n"
        "  - {id: f-paris-2, name: x, category: fablab, territories: [paris]}\n"
        "  - {id: f-unknown, name: x, category: fablab, territories: [nowhere]}\n"
        "  - {id: f-vannes-far, name: x, category: fablab, territories: [vannes], location: [48.0, 2.0]}\n"
        "  - {id: f-vannes, name: x, category: fablab, territories: [vannes]}\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "i.yaml", yaml, strlen(yaml), &err), SHR_OK);
    const char *expect_default[] = {"f-paris-1", "f-unknown", "f-vannes-far"};
    const char *expect_near[] = {"f-vannes", "f-vannes-far", "f-paris-1"};
    for (int by = 0; by < 2; by++) {
        shr_inspire_options o = SHR_INSPIRE_OPTIONS_INIT;
        o.by_distance = by;
        shr_inspiration *insp;
        assert_int_equal(shr_inspiration_compute(cat, "lorient", &o, &insp, &err), SHR_OK);
        assert_int_equal(shr_inspiration_count(insp, SHR_INSPIRE_LACKS), 1);
        assert_int_equal(shr_inspiration_example_count(insp, SHR_INSPIRE_LACKS, 0), 3);
        for (size_t k = 0; k < 3; k++) {
            const char *id =
                shr_practice_id(shr_inspiration_example_at(insp, SHR_INSPIRE_LACKS, 0, k));
            assert_string_equal(id, by ? expect_near[k] : expect_default[k]);
        }
        shr_inspiration_free(insp);
    }
    /* unknown distances come last */
    shr_inspire_options o = SHR_INSPIRE_OPTIONS_INIT;
    o.by_distance = 1;
    o.examples = 10;
    shr_inspiration *insp;
    assert_int_equal(shr_inspiration_compute(cat, "lorient", &o, &insp, &err), SHR_OK);
    assert_int_equal(shr_inspiration_example_count(insp, SHR_INSPIRE_LACKS, 0), 5);
    assert_string_equal(shr_practice_id(shr_inspiration_example_at(insp, SHR_INSPIRE_LACKS, 0, 4)),
                        "f-unknown");
    shr_inspiration_free(insp);
    /* a territory without location cannot rank by distance */
    assert_int_equal(shr_inspiration_compute(cat, "nowhere", &o, &insp, &err), SHR_EINVAL);
    assert_non_null(strstr(err.message, "has no location"));
    /* a version 1 struct (no by_distance) is still accepted */
    o.version = 1;
    o.by_distance = 12345; /* beyond a version 1 struct: ignored */
    o.examples = 3;
    assert_int_equal(shr_inspiration_compute(cat, "lorient", &o, &insp, &err), SHR_OK);
    assert_string_equal(shr_practice_id(shr_inspiration_example_at(insp, SHR_INSPIRE_LACKS, 0, 0)),
                        "f-paris-1");
    shr_inspiration_free(insp);
    o.version = 3;
    assert_int_equal(shr_inspiration_compute(cat, "lorient", &o, &insp, &err), SHR_EINVAL);
    shr_catalog_free(cat);
}

/* Real data: when the bundled territories carry locations (issue 11), Paris–Lyon again. */
static void test_real_data(void **state)
{
    (void)state;
    const char *dir = getenv("SHARITORIES_DATA_DIR");
    assert_non_null(dir);
    char path[1024];
    snprintf(path, sizeof path, "%s/fr-territories-2026.yaml", dir);
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    shr_error err;
    assert_int_equal(shr_catalog_load(cat, path, &err), SHR_OK);
    const shr_territory *paris = shr_catalog_territory(cat, "fr-com-75056");
    const shr_territory *lyon = shr_catalog_territory(cat, "fr-com-69123");
    assert_non_null(paris);
    assert_non_null(lyon);
    if (!shr_territory_location(paris, NULL, NULL)) {
        shr_catalog_free(cat);
        skip(); /* locations not in the bundled data yet */
    }
    /* Centroids of the outlines, not town halls: within 10 km of 392. */
    double d = shr_territory_distance_km(paris, lyon);
    assert_true(d > 382 && d < 402);
    shr_catalog_free(cat);
}

/* near: on the bundled catalog (its territories have locations): the selection is exactly the
 * practices whose distance (shr_practice_distance_km) is at most the radius. */
static void test_near_default_catalog(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_default(cat, &err), SHR_OK);
    const shr_territory *lorient = shr_catalog_territory(cat, "fr-com-56121");
    assert_non_null(lorient);
    if (!shr_territory_location(lorient, NULL, NULL)) {
        shr_catalog_free(cat);
        skip();
    }
    static const double radii[] = {0, 5, 20, 100};
    int64_t previous = -1;
    for (size_t k = 0; k < sizeof radii / sizeof radii[0]; k++) {
        shr_query *q = shr_query_near(cat, "fr-com-56121", radii[k], &err);
        assert_non_null(q);
        shr_result *r;
        assert_int_equal(shr_query_run(q, &r, &err), SHR_OK);
        size_t n = shr_catalog_practice_count(cat), want = 0, j = 0;
        for (size_t i = 0; i < n; i++) {
            const shr_practice *p = shr_catalog_practice_at(cat, i);
            double d = shr_practice_distance_km(p, lorient);
            int in = d >= 0 && d <= radii[k];
            want += in;
            if (in) {
                assert_true(j < shr_result_count(r));
                assert_ptr_equal(shr_result_at(r, j), p);
                j++;
            }
        }
        assert_int_equal(shr_result_count(r), want);
        assert_true((int64_t)want >= previous);
        previous = (int64_t)want;
        shr_result_free(r);
        shr_query_free(q);
    }
    /* within 20 km: the practices listed at Lorient itself, and more */
    shr_result *at = NULL, *near = NULL;
    assert_int_equal(shr_catalog_select(cat, "at:fr-com-56121 -near:fr-com-56121@20", &at, &err),
                     SHR_OK);
    assert_int_equal(shr_catalog_select(cat, "near:fr-com-56121@20", &near, &err), SHR_OK);
    assert_true(shr_result_count(near) >= 10);
    for (size_t i = 0; i < shr_result_count(at); i++) /* only those placed elsewhere */
        assert_true(shr_practice_location(shr_result_at(at, i), NULL, NULL));
    shr_result_free(at);
    shr_result_free(near);
    /* Paris to Lyon, centroids of their outlines */
    double d = shr_territory_distance_km(shr_catalog_territory(cat, "fr-com-75056"),
                                         shr_catalog_territory(cat, "fr-com-69123"));
    assert_true(d > 382 && d < 402);
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_distances),
        cmocka_unit_test(test_sphere),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_practice_location),
        cmocka_unit_test(test_near_query),
        cmocka_unit_test(test_near_errors),
        cmocka_unit_test(test_inspire_by_distance),
        cmocka_unit_test(test_real_data),
        cmocka_unit_test(test_near_default_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
