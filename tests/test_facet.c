/* Facets and cross-tabs, checked against counts computed independently with the public
 * getters (shr_practice_*, shr_territory_within), on the small catalog and on the bundled data. */
#include "query_test_util.h"
#include "model.h"

#include <math.h>

static int setup(void **state)
{
    *state = qt_load_small();
    return 0;
}

static int teardown(void **state)
{
    shr_catalog_free(*state);
    return 0;
}

#define MAXV 64

/* The values (keys) of practice p along dim, computed the slow way. */
static size_t slow_values(const shr_catalog *cat, const shr_practice *p, shr_dimension dim,
                          const char **out, char years[][12])
{
    size_t n = 0;
#define ADD(k)                                                                                 \
    do {                                                                                       \
        const char *k_ = (k);                                                                  \
        size_t j_ = 0;                                                                         \
        while (j_ < n && strcmp(out[j_], k_) != 0)                                             \
            j_++;                                                                              \
        if (j_ == n && n < MAXV)                                                               \
            out[n++] = k_;                                                                     \
    } while (0)
    switch (dim) {
    case SHR_DIM_AXIS:
        for (size_t i = 0; i < shr_practice_axis_count(p); i++)
            ADD(shr_axis_id(shr_practice_axis_at(p, i)));
        break;
    case SHR_DIM_CATEGORY:
        ADD(shr_category_id(shr_practice_category(p)));
        break;
    case SHR_DIM_FAMILY:
        ADD(shr_family_name(shr_category_family(shr_practice_category(p))));
        break;
    case SHR_DIM_STATUS:
        ADD(shr_status_name(shr_practice_status(p)));
        break;
    case SHR_DIM_ACTORKIND:
    case SHR_DIM_ACTORSECTOR:
    case SHR_DIM_ROLE:
        for (size_t i = 0; i < shr_practice_actor_count(p); i++) {
            const shr_actor *a = shr_practice_actor_at(p, i);
            if (dim == SHR_DIM_ACTORKIND)
                ADD(shr_actor_kind_name(shr_actor_kind_of(a)));
            else if (dim == SHR_DIM_ACTORSECTOR)
                ADD(shr_sector_name(shr_actor_sector(a)));
            else
                ADD(shr_role_name((shr_role)shr_practice_actor_role(p, i)));
        }
        break;
    case SHR_DIM_TAG:
        for (size_t i = 0; i < shr_practice_tag_count(p); i++)
            ADD(shr_practice_tag_at(p, i));
        break;
    case SHR_DIM_STARTED:
        if (shr_practice_started(p) != SHR_NO_YEAR) {
            snprintf(years[0], 12, "%d", (int)shr_practice_started(p));
            ADD(years[0]);
        }
        break;
    default: {
        static const shr_territory_kind kinds[] = {SHR_TERRITORY_COUNTRY, SHR_TERRITORY_REGION,
                                                   SHR_TERRITORY_DEPARTMENT, SHR_TERRITORY_EPCI,
                                                   SHR_TERRITORY_COMMUNE};
        shr_territory_kind kind = kinds[dim - SHR_DIM_COUNTRY];
        for (size_t t = 0; t < shr_catalog_territory_count(cat); t++) {
            const shr_territory *T = shr_catalog_territory_at(cat, t);
            if (shr_territory_kind_of(T) != kind)
                continue;
            for (size_t i = 0; i < shr_practice_territory_count(p); i++)
                if (shr_territory_within(shr_practice_territory_at(p, i), T)) {
                    ADD(shr_territory_id(T));
                    break;
                }
        }
        break;
    }
    }
#undef ADD
    return n;
}

/* Check every dimension's facet of expr against slow counts. */
static void check_facets(const shr_catalog *cat, const char *expr)
{
    shr_result *r;
    shr_error err;
    assert_int_equal(shr_catalog_select(cat, expr, &r, &err), SHR_OK);
    for (int d = 0; d < SHR_DIM_COUNT; d++) {
        shr_facet *f;
        assert_int_equal(shr_facet_compute(r, (shr_dimension)d, &f, &err), SHR_OK);
        assert_int_equal(shr_facet_dimension(f), d);
        size_t total_slow = 0, total_fast = 0;
        /* each facet value: count by hand */
        for (size_t i = 0; i < shr_facet_count(f); i++) {
            const char *key = shr_facet_key(f, i);
            size_t n = 0;
            for (size_t k = 0; k < shr_result_count(r); k++) {
                const char *vals[MAXV];
                char years[1][12];
                size_t nv = slow_values(cat, shr_result_at(r, k), (shr_dimension)d, vals, years);
                for (size_t j = 0; j < nv; j++)
                    if (strcmp(vals[j], key) == 0)
                        n++;
            }
            if (n != shr_facet_value(f, i))
                fail_msg("'%s' by %s, %s: facet %zu, by hand %zu", expr,
                         shr_dimension_name((shr_dimension)d), key, shr_facet_value(f, i), n);
            assert_true(n > 0);
            total_fast += n;
        }
        /* and no value is missing */
        for (size_t k = 0; k < shr_result_count(r); k++) {
            const char *vals[MAXV];
            char years[1][12];
            total_slow += slow_values(cat, shr_result_at(r, k), (shr_dimension)d, vals, years);
        }
        assert_int_equal(total_fast, total_slow);
        shr_facet_free(f);
    }
    shr_result_free(r);
}

static void test_against_getters(void **state)
{
    const shr_catalog *cat = *state;
    const char *exprs[] = {"", "in:r1", "economie", "-status:active", "tag:zzz",
                           "territories>=2", "actor:a4 OR actor:a2"};
    for (size_t i = 0; i < sizeof exprs / sizeof *exprs; i++)
        check_facets(cat, exprs[i]);
}

static void test_values(void **state)
{
    const shr_catalog *cat = *state;
    shr_result *r;
    shr_error err;
    shr_facet *f;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);

    /* departments: p6 (c1, c4) counts in d1 and d3; p10 (c2, c3) in d1 and d2 */
    assert_int_equal(shr_facet_compute(r, SHR_DIM_DEPARTMENT, &f, &err), SHR_OK);
    assert_int_equal(shr_facet_count(f), 3);
    assert_string_equal(shr_facet_key(f, 0), "d1");
    assert_string_equal(shr_facet_label(f, 0, "fr"), "Nièvre");
    assert_int_equal(shr_facet_value(f, 0), 6);
    assert_string_equal(shr_facet_key(f, 1), "d2");
    assert_int_equal(shr_facet_value(f, 1), 3);
    assert_string_equal(shr_facet_key(f, 2), "d3");
    assert_int_equal(shr_facet_value(f, 2), 3); /* p6 p9 p12 (p8 is at the region) */
    assert_int_equal(shr_facet_population(f, 0), 200000);
    assert_true(fabs(shr_facet_per_capita(f, 0, 10000) - 0.3) < 1e-9);
    assert_true(fabs(shr_facet_per_capita(f, 1, 10000) - 3 * 10000.0 / 800000) < 1e-9);
    assert_null(shr_facet_key(f, 3));
    assert_int_equal(shr_facet_value(f, 3), 0);
    assert_true(shr_facet_per_capita(f, 3, 10000) < 0);
    shr_facet_free(f);

    /* communes: the district counts in its commune */
    assert_int_equal(shr_facet_compute(r, SHR_DIM_COMMUNE, &f, &err), SHR_OK);
    assert_int_equal(shr_facet_count(f), 4);
    assert_string_equal(shr_facet_key(f, 2), "c3");
    assert_int_equal(shr_facet_value(f, 2), 3);
    shr_facet_free(f);

    /* axes in format.md order, with labels */
    assert_int_equal(shr_facet_compute(r, SHR_DIM_AXIS, &f, &err), SHR_OK);
    assert_string_equal(shr_facet_key(f, 0), "contributors");
    assert_string_equal(shr_facet_label(f, 0, "en"),
                        "From individuals to a collective: becoming contributors");
    assert_string_equal(shr_facet_label(f, 0, "xx"), "contributors");
    assert_int_equal(shr_facet_population(f, 0), SHR_NO_POPULATION);
    assert_true(shr_facet_per_capita(f, 0, 10000) < 0);
    shr_facet_free(f);

    /* years ascending, as keys */
    assert_int_equal(shr_facet_compute(r, SHR_DIM_STARTED, &f, &err), SHR_OK);
    assert_string_equal(shr_facet_key(f, 0), "2001");
    assert_string_equal(shr_facet_key(f, shr_facet_count(f) - 1), "2021");
    shr_facet_free(f);

    /* tags alphabetically, folded like text (accents do not matter) */
    assert_int_equal(shr_facet_compute(r, SHR_DIM_TAG, &f, &err), SHR_OK);
    assert_string_equal(shr_facet_key(f, 0), "centre ville");
    assert_string_equal(shr_facet_key(f, 1), "numerique");
    assert_string_equal(shr_facet_key(f, 3), "réparation"); /* "reparation" < "rural" */
    assert_string_equal(shr_facet_key(f, 4), "rural");
    assert_int_equal(shr_facet_value(f, 4), 2);
    shr_facet_free(f);

    /* status labels */
    assert_int_equal(shr_facet_compute(r, SHR_DIM_STATUS, &f, &err), SHR_OK);
    assert_string_equal(shr_facet_label(f, 2, "fr"), "terminée");
    shr_facet_free(f);

    assert_int_equal(shr_facet_compute(r, (shr_dimension)99, &f, &err), SHR_EINVAL);
    assert_null(f);
    shr_result_free(r);

    /* dimension names */
    shr_dimension d;
    assert_int_equal(shr_dimension_from_name("department", &d), SHR_OK);
    assert_int_equal(d, SHR_DIM_DEPARTMENT);
    assert_int_equal(shr_dimension_from_name("colour", &d), SHR_ENOTFOUND);
    assert_string_equal(shr_dimension_name(SHR_DIM_ACTORSECTOR), "actorsector");
    assert_true(shr_dimension_is_territorial(SHR_DIM_EPCI));
    assert_false(shr_dimension_is_territorial(SHR_DIM_TAG));
}

static void test_crosstab(void **state)
{
    const shr_catalog *cat = *state;
    shr_result *r;
    shr_error err;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);
    for (int a = 0; a < SHR_DIM_COUNT; a++)
        for (int b = 0; b < SHR_DIM_COUNT; b++) {
            shr_crosstab *x;
            assert_int_equal(shr_crosstab_compute(r, (shr_dimension)a, (shr_dimension)b, &x, &err),
                             SHR_OK);
            size_t total = 0;
            for (size_t i = 0; i < shr_crosstab_row_count(x); i++)
                for (size_t j = 0; j < shr_crosstab_col_count(x); j++) {
                    size_t n = 0;
                    const char *rk = shr_crosstab_row_key(x, i), *ck = shr_crosstab_col_key(x, j);
                    for (size_t k = 0; k < shr_result_count(r); k++) {
                        const char *rv[MAXV], *cv[MAXV];
                        char ry[1][12], cy[1][12];
                        size_t nr = slow_values(cat, shr_result_at(r, k), (shr_dimension)a, rv, ry);
                        size_t nc = slow_values(cat, shr_result_at(r, k), (shr_dimension)b, cv, cy);
                        int hr = 0, hc = 0;
                        for (size_t u = 0; u < nr; u++)
                            hr |= strcmp(rv[u], rk) == 0;
                        for (size_t u = 0; u < nc; u++)
                            hc |= strcmp(cv[u], ck) == 0;
                        n += hr && hc;
                    }
                    if (n != shr_crosstab_value(x, i, j))
                        fail_msg("%s x %s [%s][%s]: %zu, by hand %zu",
                                 shr_dimension_name((shr_dimension)a),
                                 shr_dimension_name((shr_dimension)b), rk, ck,
                                 shr_crosstab_value(x, i, j), n);
                    total += n;
                }
            assert_true(total > 0 || a == SHR_DIM_TAG || b == SHR_DIM_TAG);
            assert_int_equal(shr_crosstab_value(x, 999, 0), 0);
            assert_null(shr_crosstab_row_key(x, 999));
            shr_crosstab_free(x);
        }
    shr_crosstab *x;
    assert_int_equal(shr_crosstab_compute(r, SHR_DIM_DEPARTMENT, SHR_DIM_FAMILY, &x, &err), SHR_OK);
    assert_string_equal(shr_crosstab_row_label(x, 0, "en"), "Nièvre");
    assert_int_equal(shr_crosstab_row_population(x, 0), 200000);
    assert_int_equal(shr_crosstab_col_population(x, 0), SHR_NO_POPULATION);
    assert_string_equal(shr_crosstab_col_key(x, 0), "consumption");
    assert_string_equal(shr_crosstab_col_label(x, 0, "fr"), "consommation collaborative");
    shr_crosstab_free(x);
    shr_result_free(r);
}

/* Facets of the bundled data: department counts agree with in:DEPARTMENT counts. */
static void test_real_data(void **state)
{
    (void)state;
    shr_catalog *cat = qt_load_default();
    shr_error err;
    shr_result *r;
    assert_int_equal(shr_catalog_select(cat, "category:fablab", &r, &err), SHR_OK);
    shr_facet *f;
    assert_int_equal(shr_facet_compute(r, SHR_DIM_DEPARTMENT, &f, &err), SHR_OK);
    assert_true(shr_facet_count(f) > 10);
    for (size_t i = 0; i < shr_facet_count(f); i++) {
        char expr[256];
        snprintf(expr, sizeof expr, "category:fablab in:%s", shr_facet_key(f, i));
        shr_query *q;
        assert_int_equal(shr_query_parse(cat, expr, &q, &err), SHR_OK);
        assert_int_equal(shr_query_count(q, &err), (int64_t)shr_facet_value(f, i));
        shr_query_free(q);
        assert_true(shr_facet_population(f, i) > 0);
    }
    shr_facet_free(f);
    shr_result_free(r);
    shr_catalog_free(cat);
}

static int facet_has(const shr_facet *f, const char *key)
{
    for (size_t i = 0; i < shr_facet_count(f); i++)
        if (strcmp(shr_facet_key(f, i), key) == 0)
            return 1;
    return 0;
}

/* Issue 13: a facet of in:fr-dep-56 by EPCI lists the EPCIs elsewhere of the practices partly
 * in Morbihan (CA d'Epinal 200068757, CA Le Grand Narbonne 241100593); restricted to the
 * queried territory, only EPCIs of Morbihan's communes (Lorient Agglomération 200042174, and
 * Redon Agglomération 243500741 which spans three departments), and by region only Bretagne;
 * a query without in: gives the unrestricted facet. */
static void test_within(void **state)
{
    (void)state;
    shr_catalog *cat = qt_load_default();
    shr_error err;
    shr_result *r;
    shr_facet *all, *in;
    assert_int_equal(shr_catalog_select(cat, "in:fr-dep-56", &r, &err), SHR_OK);
    assert_int_equal(shr_facet_compute(r, SHR_DIM_EPCI, &all, &err), SHR_OK);
    assert_int_equal(shr_facet_compute_within(r, SHR_DIM_EPCI, &in, &err), SHR_OK);
    assert_true(facet_has(all, "fr-epci-200068757"));
    assert_true(facet_has(all, "fr-epci-241100593"));
    assert_true(facet_has(all, "fr-epci-200042174"));
    assert_false(facet_has(in, "fr-epci-200068757"));
    assert_false(facet_has(in, "fr-epci-241100593"));
    assert_true(facet_has(in, "fr-epci-200042174"));
    assert_true(facet_has(in, "fr-epci-243500741"));
    /* every EPCI listed has a commune of Morbihan */
    for (size_t i = 0; i < shr_facet_count(in); i++) {
        const shr_territory *e = shr_catalog_territory(cat, shr_facet_key(in, i));
        int has = 0;
        for (size_t k = 0; k < shr_catalog_territory_count(cat) && !has; k++) {
            const shr_territory *t = shr_catalog_territory_at(cat, k);
            has = shr_territory_kind_of(t) == SHR_TERRITORY_COMMUNE && shr_territory_within(t, e) &&
                  shr_territory_within(t, shr_catalog_territory(cat, "fr-dep-56"));
        }
        assert_true(has);
    }
    assert_true(shr_facet_count(in) < shr_facet_count(all));
    shr_facet_free(all);
    shr_facet_free(in);
    assert_int_equal(shr_facet_compute_within(r, SHR_DIM_REGION, &in, &err), SHR_OK);
    assert_int_equal(shr_facet_count(in), 1);
    assert_string_equal(shr_facet_key(in, 0), "fr-reg-53");
    shr_facet_free(in);
    shr_crosstab *x;
    assert_int_equal(shr_crosstab_compute_within(r, SHR_DIM_DEPARTMENT, SHR_DIM_AXIS, &x, &err),
                     SHR_OK);
    assert_int_equal(shr_crosstab_row_count(x), 1);
    assert_string_equal(shr_crosstab_row_key(x, 0), "fr-dep-56");
    shr_crosstab_free(x);
    shr_result_free(r);
    /* OR of two departments: both; with a word: no territory, the plain facet */
    const struct {
        const char *expr;
        size_t count;
    } cases[] = {{"in:fr-dep-56 OR in:fr-dep-29", 2}, {"in:fr-dep-56 AND in:fr-reg-53", 1},
                 {"in:fr-dep-56 OR category:fablab", 0}, {"category:fablab", 0}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        assert_int_equal(shr_catalog_select(cat, cases[c].expr, &r, &err), SHR_OK);
        assert_int_equal(shr_facet_compute(r, SHR_DIM_DEPARTMENT, &all, &err), SHR_OK);
        assert_int_equal(shr_facet_compute_within(r, SHR_DIM_DEPARTMENT, &in, &err), SHR_OK);
        if (cases[c].count) {
            assert_int_equal(shr_facet_count(in), cases[c].count);
            assert_true(shr_facet_count(all) > cases[c].count);
        } else {
            assert_int_equal(shr_facet_count(in), shr_facet_count(all));
        }
        shr_facet_free(all);
        shr_facet_free(in);
        shr_result_free(r);
    }
    shr_catalog_free(cat);
}

/* per= must be a finite number > 0: -1, 0, NaN and infinity are errors, and the rates of a
 * facet with such a factor are "no value" (-1), not negative or infinite rates. */
static void test_per_capita_factor(void **state)
{
    const shr_catalog *cat = *state;
    shr_error err;
    const double bad[] = {-1.0, 0.0, -0.0, NAN, INFINITY, -INFINITY, 1e300};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(shr_per_capita_check(bad[i], &err), SHR_EINVAL);
        assert_int_equal(err.code, SHR_EINVAL);
        assert_non_null(strstr(err.message, "per must be a finite number > 0"));
    }
    assert_int_equal(shr_per_capita_check(10000, &err), SHR_OK);
    assert_int_equal(shr_per_capita_check(0.5, NULL), SHR_OK);
    shr_result *r;
    shr_facet *f;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);
    assert_int_equal(shr_facet_compute(r, SHR_DIM_DEPARTMENT, &f, &err), SHR_OK);
    assert_true(shr_facet_count(f) > 0);
    assert_true(shr_facet_per_capita(f, 0, 10000) > 0);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_true(shr_facet_per_capita(f, 0, bad[i]) == -1.0);
    shr_facet_free(f);
    shr_result_free(r);
}

/* The labels of statuses, roles, actor kinds and sectors are kept once (enums.c) for the
 * facets and the report: every value has a French and an English label, distinct from the
 * other values' in the same language, and the facet's label is that one. */
static void test_enum_labels(void **state)
{
    (void)state;
    const struct {
        const char *const (*labels)[2];
        int count;
    } tables[] = {{shr__status_labels, SHR_STATUS_COUNT},
                  {shr__role_labels, SHR_ROLE_COUNT},
                  {shr__actor_kind_labels, SHR_ACTOR_KIND_COUNT},
                  {shr__sector_labels, SHR_SECTOR_COUNT}};
    for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++)
        for (int lang = 0; lang < 2; lang++)
            for (int v = 0; v < tables[k].count; v++) {
                const char *s = tables[k].labels[v][lang];
                assert_non_null(s);
                assert_true(s[0] != '\0');
                for (int w = 0; w < v; w++)
                    assert_string_not_equal(s, tables[k].labels[w][lang]);
            }
    assert_string_equal(shr__status_labels[SHR_STATUS_ENDED][0], "terminée");
    assert_string_equal(shr__role_labels[SHR_ROLE_CARRIER][1], "carrier");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_against_getters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crosstab, setup, teardown),
        cmocka_unit_test(test_real_data),
        cmocka_unit_test(test_within),
        cmocka_unit_test_setup_teardown(test_per_capita_factor, setup, teardown),
        cmocka_unit_test(test_enum_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
