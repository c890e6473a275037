/*
 * compare (analysis.h): territories side by side on one dimension, checked against counts
 * computed by brute force over the records (values of each practice enumerated here, territory
 * containment by walking parent/groups edges), on generated and real data; and the writers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "analysis_util.h"

static const shr_dimension dims[] = {
    SHR_DIM_AXIS,      SHR_DIM_CATEGORY,    SHR_DIM_FAMILY, SHR_DIM_STATUS, SHR_DIM_ACTORKIND,
    SHR_DIM_ACTORSECTOR, SHR_DIM_ROLE,      SHR_DIM_TAG,    SHR_DIM_STARTED,
};

/* The distinct keys of a practice under dim, as strings, into keys (returns the count). */
static size_t practice_keys(const shr_practice *p, shr_dimension dim, char keys[16][64])
{
    size_t n = 0;
    char k[64];
#define ADD(text)                                                                              \
    do {                                                                                       \
        snprintf(k, sizeof k, "%s", (text));                                                   \
        int dup_ = 0;                                                                          \
        for (size_t j_ = 0; j_ < n; j_++)                                                      \
            dup_ |= strcmp(keys[j_], k) == 0;                                                  \
        if (!dup_)                                                                             \
            strcpy(keys[n++], k);                                                              \
    } while (0)
    switch (dim) {
    case SHR_DIM_AXIS:
        for (size_t i = 0; i < shr_practice_axis_count(p); i++)
            ADD(shr_axis_id(shr_practice_axis_at(p, i)));
        break;
    case SHR_DIM_CATEGORY: ADD(shr_category_id(shr_practice_category(p))); break;
    case SHR_DIM_FAMILY: ADD(shr_family_name(shr_category_family(shr_practice_category(p)))); break;
    case SHR_DIM_STATUS: ADD(shr_status_name(shr_practice_status(p))); break;
    case SHR_DIM_ACTORKIND:
        for (size_t i = 0; i < shr_practice_actor_count(p); i++)
            ADD(shr_actor_kind_name(shr_actor_kind_of(shr_practice_actor_at(p, i))));
        break;
    case SHR_DIM_ACTORSECTOR:
        for (size_t i = 0; i < shr_practice_actor_count(p); i++)
            ADD(shr_sector_name(shr_actor_sector(shr_practice_actor_at(p, i))));
        break;
    case SHR_DIM_ROLE:
        for (size_t i = 0; i < shr_practice_actor_count(p); i++)
            ADD(shr_role_name((shr_role)shr_practice_actor_role(p, i)));
        break;
    case SHR_DIM_TAG:
        for (size_t i = 0; i < shr_practice_tag_count(p); i++)
            ADD(shr_practice_tag_at(p, i));
        break;
    case SHR_DIM_STARTED:
        if (shr_practice_started(p) != SHR_NO_YEAR) {
            char y[16];
            snprintf(y, sizeof y, "%d", (int)shr_practice_started(p));
            ADD(y);
        }
        break;
    default: break;
    }
#undef ADD
    return n;
}

/* Brute-force count of practices within t having key under dim. */
static size_t bf_count(const shr_catalog *cat, const shr_territory *t, shr_dimension dim,
                       const char *key, const uint8_t *mask)
{
    size_t n = 0;
    char keys[16][64];
    for (size_t pi = 0; pi < shr_catalog_practice_count(cat); pi++) {
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        if ((mask && !mask[pi]) || !bf_practice_within(p, t))
            continue;
        size_t nk = practice_keys(p, dim, keys);
        for (size_t k = 0; k < nk; k++)
            n += strcmp(keys[k], key) == 0;
    }
    return n;
}

/* Every key any selected practice within one of the territories has (union). */
static size_t bf_union(const shr_catalog *cat, const shr_territory *const *terr, size_t nt,
                       shr_dimension dim, const uint8_t *mask, char all[256][64])
{
    size_t n = 0;
    char keys[16][64];
    for (size_t pi = 0; pi < shr_catalog_practice_count(cat); pi++) {
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        int in = 0;
        for (size_t t = 0; t < nt; t++)
            in |= bf_practice_within(p, terr[t]);
        if ((mask && !mask[pi]) || !in)
            continue;
        size_t nk = practice_keys(p, dim, keys);
        for (size_t k = 0; k < nk; k++) {
            int dup = 0;
            for (size_t j = 0; j < n; j++)
                dup |= strcmp(all[j], keys[k]) == 0;
            if (!dup && n < 256)
                strcpy(all[n++], keys[k]);
        }
    }
    return n;
}

/* Rank of a key in the dimension's natural order (for checking the order). */
static long key_rank(const shr_catalog *cat, shr_dimension dim, const char *key)
{
    switch (dim) {
    case SHR_DIM_AXIS: return (long)shr_axis_code_of(shr_catalog_axis(cat, key));
    case SHR_DIM_CATEGORY: return (long)shr_category_index(shr_catalog_category(cat, key));
    case SHR_DIM_FAMILY: { shr_family f; shr_family_from_name(key, &f); return f; }
    case SHR_DIM_STATUS: { shr_status s; shr_status_from_name(key, &s); return s; }
    case SHR_DIM_ACTORKIND: { shr_actor_kind k; shr_actor_kind_from_name(key, &k); return k; }
    case SHR_DIM_ACTORSECTOR: { shr_sector s; shr_sector_from_name(key, &s); return s; }
    case SHR_DIM_ROLE: { shr_role r; shr_role_from_name(key, &r); return r; }
    case SHR_DIM_STARTED: return atol(key);
    default: return 0;
    }
}

static void check(const shr_catalog *cat, const char *const *ids, size_t nt, shr_dimension dim,
                  const shr_query *filter, const uint8_t *mask)
{
    shr_comparison *cmp = NULL;
    shr_error err;
    if (shr_comparison_compute(cat, ids, nt, &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION,
                               dim, filter}, &cmp, &err) != SHR_OK)
        fail_msg("shr_comparison_compute: %s", err.message);
    const shr_territory *terr[16];
    for (size_t t = 0; t < nt; t++) {
        terr[t] = shr_catalog_territory(cat, ids[t]);
        assert_ptr_equal(shr_comparison_territory_at(cmp, t), terr[t]);
        /* total: distinct practices within */
        size_t total = 0;
        for (size_t pi = 0; pi < shr_catalog_practice_count(cat); pi++)
            total += (!mask || mask[pi]) &&
                     bf_practice_within(shr_catalog_practice_at(cat, pi), terr[t]);
        assert_int_equal(shr_comparison_total(cmp, t), total);
    }
    assert_int_equal(shr_comparison_dimension(cmp), dim);
    assert_int_equal(shr_comparison_territory_count(cmp), nt);
    static char all[256][64];
    size_t nkeys = bf_union(cat, terr, nt, dim, mask, all);
    assert_int_equal(shr_comparison_key_count(cmp), nkeys);
    for (size_t k = 0; k < nkeys; k++) {
        const char *key = shr_comparison_key(cmp, k);
        assert_non_null(key);
        if (k > 0) {
            const char *prev = shr_comparison_key(cmp, k - 1);
            if (dim == SHR_DIM_TAG)
                assert_true(strcmp(prev, key) < 0);
            else
                assert_true(key_rank(cat, dim, prev) < key_rank(cat, dim, key));
        }
        for (size_t t = 0; t < nt; t++) {
            size_t v = bf_count(cat, terr[t], dim, key, mask);
            assert_int_equal(shr_comparison_value(cmp, k, t), v);
            int64_t pop = shr_territory_population(terr[t]);
            double pc = shr_comparison_per_capita(cmp, k, t, 10000.0);
            if (pop > 0)
                assert_true(fabs(pc - (double)v * 10000.0 / (double)pop) < 1e-9);
            else
                assert_true(pc == -1.0);
        }
    }
    assert_null(shr_comparison_key(cmp, nkeys));
    assert_int_equal(shr_comparison_value(cmp, nkeys, 0), 0);
    shr_comparison_free(cmp);
}

static void test_generated(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 3; seed++) {
        shr_catalog *cat = load_generated(seed, 250);
        const char *ids[] = {"g-com-1", "g-com-8", "g-epci-3", "g-dep-2", "g", "g-com-1"};
        for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++) {
            check(cat, ids, 6, dims[d], NULL, NULL);
            check(cat, ids + 2, 1, dims[d], NULL, NULL);
        }
        shr_catalog_free(cat);
    }
}

static void test_filter(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(11, 300);
    shr_query *q = NULL;
    shr_error err;
    assert_int_equal(shr_query_parse(cat, "status:active,planned started>=2013", &q, &err),
                     SHR_OK);
    size_t np = shr_catalog_practice_count(cat);
    uint8_t *mask = calloc(np, 1);
    for (size_t pi = 0; pi < np; pi++) {
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        mask[pi] = (uint8_t)(shr_practice_status(p) != SHR_STATUS_ENDED &&
                             shr_practice_started(p) != SHR_NO_YEAR &&
                             shr_practice_started(p) >= 2013);
    }
    const char *ids[] = {"g-dep-0", "g-dep-1", "g-epci-5"};
    for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++)
        check(cat, ids, 3, dims[d], q, mask);
    free(mask);
    shr_query_free(q);
    shr_catalog_free(cat);
}

static void test_real(void **state)
{
    (void)state;
    shr_catalog *cat = load_real();
    const char *ids[] = {"fr-com-58194", "fr-com-56121", "fr-dep-58", "fr-reg-53", "fr"};
    check(cat, ids, 5, SHR_DIM_CATEGORY, NULL, NULL);
    check(cat, ids, 5, SHR_DIM_FAMILY, NULL, NULL);
    check(cat, ids, 5, SHR_DIM_ACTORSECTOR, NULL, NULL);
    check(cat, ids, 5, SHR_DIM_TAG, NULL, NULL);
    /* Totals agree with the query engine's in:T. */
    shr_comparison *cmp = NULL;
    shr_error err;
    assert_int_equal(shr_comparison_compute(cat, ids, 5,
            &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, SHR_DIM_AXIS, NULL},
            &cmp, &err), SHR_OK);
    for (size_t t = 0; t < 5; t++) {
        char expr[64];
        shr_query *q = NULL;
        snprintf(expr, sizeof expr, "in:%s", ids[t]);
        assert_int_equal(shr_query_parse(cat, expr, &q, &err), SHR_OK);
        assert_int_equal((int64_t)shr_comparison_total(cmp, t), shr_query_count(q, &err));
        shr_query_free(q);
    }
    /* Pinned: the whole country has at least the 1,503 CGET practices. */
    assert_true(shr_comparison_total(cmp, 4) >= 1503);
    shr_comparison_free(cmp);

    /* The comparison and the facets read a practice's values by one rule
     * (shr__practice_values): for every enumerated dimension, the counts of a territory
     * are the facet of `in:T`, key by key. */
    const shr_dimension enum_dims[] = {SHR_DIM_AXIS,       SHR_DIM_CATEGORY,    SHR_DIM_FAMILY,
                                  SHR_DIM_STATUS,     SHR_DIM_ACTORKIND,   SHR_DIM_ACTORSECTOR,
                                  SHR_DIM_ROLE,       SHR_DIM_STARTED};
    for (size_t d = 0; d < sizeof enum_dims / sizeof enum_dims[0]; d++) {
        assert_int_equal(shr_comparison_compute(cat, ids, 5,
                &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, enum_dims[d], NULL},
                &cmp, &err), SHR_OK);
        for (size_t t = 0; t < 5; t++) {
            char expr[64];
            shr_query *q = NULL;
            shr_result *r = NULL;
            shr_facet *f = NULL;
            snprintf(expr, sizeof expr, "in:%s", ids[t]);
            assert_int_equal(shr_query_parse(cat, expr, &q, &err), SHR_OK);
            assert_int_equal(shr_query_run(q, &r, &err), SHR_OK);
            assert_int_equal(shr_facet_compute(r, enum_dims[d], &f, &err), SHR_OK);
            size_t nonzero = 0;
            for (size_t k = 0; k < shr_comparison_key_count(cmp); k++) {
                size_t v = shr_comparison_value(cmp, k, t);
                nonzero += v != 0;
                size_t found = SIZE_MAX;
                for (size_t i = 0; i < shr_facet_count(f); i++)
                    if (!strcmp(shr_facet_key(f, i), shr_comparison_key(cmp, k)))
                        found = shr_facet_value(f, i);
                if (v)
                    assert_int_equal(found, v);
            }
            size_t facet_nonzero = 0;
            for (size_t i = 0; i < shr_facet_count(f); i++)
                facet_nonzero += shr_facet_value(f, i) != 0;
            assert_int_equal(facet_nonzero, nonzero);
            shr_facet_free(f);
            shr_result_free(r);
            shr_query_free(q);
        }
        shr_comparison_free(cmp);
    }
    shr_catalog_free(cat);
}

static void test_errors(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(3, 40);
    shr_comparison *cmp = (shr_comparison *)&cmp;
    shr_error err;
    const char *ids[] = {"g-com-1", "nowhere"};
    assert_int_equal(shr_comparison_compute(cat, ids, 2,
            &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, SHR_DIM_CATEGORY, NULL},
            &cmp, &err),
                     SHR_ENOTFOUND);
    assert_null(cmp);
    assert_non_null(strstr(err.message, "nowhere"));
    assert_int_equal(shr_comparison_compute(cat, ids, 0,
            &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, SHR_DIM_CATEGORY, NULL},
            &cmp, &err), SHR_EINVAL);
    assert_int_equal(shr_comparison_compute(cat, ids, 1,
            &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, SHR_DIM_DEPARTMENT, NULL},
            &cmp, &err), SHR_EINVAL);
    assert_int_equal(shr_comparison_compute(cat, ids, 1,
            &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, SHR_DIM_COUNT, NULL},
            &cmp, &err), SHR_EINVAL);
    assert_int_equal(shr_comparison_key_count(NULL), 0);
    assert_true(shr_comparison_per_capita(NULL, 0, 0, 1) == -1.0);
    shr_comparison_free(NULL);
    shr_catalog_free(cat);
}

typedef struct csv_check {
    const shr_comparison *cmp;
    size_t fields_in_header;
    size_t bad;
} csv_check;

static void csv_cell(void *ctx, size_t rec, size_t field, const char *text)
{
    csv_check *c = ctx;
    size_t nk = shr_comparison_key_count(c->cmp);
    if (rec == 0) {
        c->fields_in_header = field + 1;
        return;
    }
    size_t k = rec - 1;
    if (field == 0 && k < nk && strcmp(text, shr_comparison_key(c->cmp, k)) != 0)
        c->bad++;
    if (field == 0 && k == nk && strcmp(text, "total") != 0)
        c->bad++;
    if (field >= 2 && field % 2 == 0 && k < nk) {
        size_t t = (field - 2) / 2;
        if ((size_t)atol(text) != shr_comparison_value(c->cmp, k, t))
            c->bad++;
    }
}

static void test_writers(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(6, 200);
    const char *ids[] = {"g-dep-0", "g-com-8", "g-epci-1"};
    shr_comparison *cmp = NULL;
    shr_error err;
    assert_int_equal(shr_comparison_compute(cat, ids, 3,
            &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, SHR_DIM_CATEGORY, NULL},
            &cmp, &err), SHR_OK);
    char *text;
    size_t len;
    int rc;
    CAPTURE(shr_comparison_write_csv_file(cmp, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    assert_true(strncmp(text, "key,label,g-dep-0,g-dep-0_per_10000,g-com-8,g-com-8_per_10000,", 60) == 0);
    csv_check cc = {cmp, 0, 0};
    assert_int_equal(csv_parse(text, csv_cell, &cc), shr_comparison_key_count(cmp) + 2);
    assert_int_equal(cc.fields_in_header, 2 + 2 * 3);
    assert_int_equal(cc.bad, 0);
    free(text);
    CAPTURE(shr_comparison_write_json_file(cmp, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    jval *root = j_parse(text, len);
    const jval *rows = j_get(root, "rows"), *terr = j_get(root, "territories");
    assert_int_equal(rows->n, shr_comparison_key_count(cmp));
    assert_int_equal(terr->n, 3);
    assert_int_equal(j_get(terr->items[1], "population")->type, J_NULL); /* g-com-8 */
    for (size_t k = 0; k < rows->n; k++) {
        const jval *counts = j_get(rows->items[k], "counts");
        assert_string_equal(j_get(rows->items[k], "key")->str, shr_comparison_key(cmp, k));
        for (size_t t = 0; t < 3; t++)
            assert_int_equal((size_t)counts->items[t]->num, shr_comparison_value(cmp, k, t));
        assert_int_equal(j_get(rows->items[k], "per_10000")->items[1]->type, J_NULL);
    }
    j_free(root);
    free(text);
    shr_comparison_free(cmp);
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated), cmocka_unit_test(test_filter),
        cmocka_unit_test(test_real),      cmocka_unit_test(test_errors),
        cmocka_unit_test(test_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
