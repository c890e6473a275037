/* Many threads querying one catalog at once (parse, count, run, sort, facets, cross-tabs)
 * must get exactly what one thread gets. Run it under TSan too. */
#include "query_test_util.h"

#include <pthread.h>

#define NTHREADS 8
#define ROUNDS 6

static const char *const exprs[] = {
    "",
    "category:fablab,third_place,coworking",
    "tag:cget-2019 -category:coworking",
    "in:fr-reg-11 OR in:fr-reg-84",
    "\"tiers lieu\" OR coworking OR fablab",
    "lab -in:fr-dep-75",
    "territories>=2 OR started>=2015",
    "population>=20000 population<100000",
    "(in:fr-dep-58 OR in:fr-dep-71) status:active",
    "economie", "jardin OR velo", "\"economie collaborative\"", "in:d1", "-in:r2 axis:solidarity",
};
#define NEXPR (sizeof exprs / sizeof *exprs)

typedef struct outcome {
    int rc;
    int64_t count;
    uint64_t ids_hash;    /* of the sorted-by-name ids */
    uint64_t facet_hash;  /* of the department and axis facets and a cross-tab */
} outcome;

static uint64_t mix(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (h ^ 0xFF) * 1099511628211u;
}

static uint64_t mixn(uint64_t h, uint64_t n)
{
    return (h ^ n) * 1099511628211u;
}

static outcome run_one(const shr_catalog *cat, const char *expr)
{
    outcome o;
    memset(&o, 0, sizeof o);
    shr_error err;
    shr_query *q;
    o.rc = shr_query_parse(cat, expr, &q, &err);
    if (o.rc)
        return o;
    o.count = shr_query_count(q, &err);
    shr_result *r;
    if (shr_query_run(q, &r, &err) != SHR_OK) {
        o.rc = -100;
        shr_query_free(q);
        return o;
    }
    shr_query_free(q);
    shr_result_sort(r, SHR_SORT_NAME, 0, &err);
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < shr_result_count(r); i++)
        h = mix(h, shr_practice_id(shr_result_at(r, i)));
    o.ids_hash = mixn(h, shr_result_count(r));
    h = 14695981039346656037u;
    const shr_dimension dims[] = {SHR_DIM_DEPARTMENT, SHR_DIM_AXIS, SHR_DIM_TAG, SHR_DIM_STARTED};
    for (size_t d = 0; d < sizeof dims / sizeof *dims; d++) {
        shr_facet *f;
        if (shr_facet_compute(r, dims[d], &f, &err) != SHR_OK) {
            o.rc = -101;
            break;
        }
        for (size_t i = 0; i < shr_facet_count(f); i++)
            h = mixn(mix(h, shr_facet_key(f, i)), shr_facet_value(f, i));
        shr_facet_free(f);
    }
    shr_crosstab *x;
    if (shr_crosstab_compute(r, SHR_DIM_REGION, SHR_DIM_CATEGORY, &x, &err) == SHR_OK) {
        for (size_t i = 0; i < shr_crosstab_row_count(x); i++)
            for (size_t j = 0; j < shr_crosstab_col_count(x); j++)
                h = mixn(h, shr_crosstab_value(x, i, j));
        shr_crosstab_free(x);
    } else {
        o.rc = -102;
    }
    o.facet_hash = h;
    shr_result_free(r);
    return o;
}

typedef struct job {
    const shr_catalog *cat;
    const outcome *expected;
    int id;
    int mismatches;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int round = 0; round < ROUNDS; round++)
        for (size_t k = 0; k < NEXPR; k++) {
            size_t e = (k + (size_t)j->id * 3 + (size_t)round) % NEXPR; /* different orders */
            outcome o = run_one(j->cat, exprs[e]);
            const outcome *x = &j->expected[e];
            if (o.rc != x->rc || o.count != x->count || o.ids_hash != x->ids_hash ||
                o.facet_hash != x->facet_hash)
                j->mismatches++;
        }
    return NULL;
}

static void check_catalog(const shr_catalog *cat)
{
    outcome expected[NEXPR];
    for (size_t e = 0; e < NEXPR; e++)
        expected[e] = run_one(cat, exprs[e]);
    pthread_t th[NTHREADS];
    job jobs[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i] = (job){cat, expected, i, 0};
        assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(jobs[i].mismatches, 0);
    }
}

static void test_small(void **state)
{
    (void)state;
    shr_catalog *cat = qt_load_small();
    check_catalog(cat);
    shr_catalog_free(cat);
}

static void test_real_data(void **state)
{
    (void)state;
    shr_catalog *cat = qt_load_default();
    check_catalog(cat);
    shr_catalog_free(cat);
}

/* Descriptions are kept coded and decoded on first access, then published once: threads racing
 * for the same ones must all get the same pointer and the text as written (compared with a
 * second copy of the catalog, read by one thread). */
typedef struct desc_job {
    const shr_catalog *cat;
    pthread_barrier_t *start;
    const char **seen; /* per practice, this thread's pointer */
    int id;
} desc_job;

static void *desc_worker(void *arg)
{
    desc_job *j = arg;
    size_t n = shr_catalog_practice_count(j->cat);
    pthread_barrier_wait(j->start);
    for (size_t k = 0; k < n; k++) {
        size_t i = j->id & 1 ? n - 1 - k : k; /* half of them from the end */
        j->seen[i] = shr_practice_description(shr_catalog_practice_at(j->cat, i));
    }
    return NULL;
}

static void test_descriptions_race(void **state)
{
    (void)state;
    /* 3,000 practices with descriptions of repeated and unique words */
    size_t cap = 3000 * 400, len = 0;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    len += (size_t)snprintf(yaml + len, cap - len,
                            "sharitories: 1\nterritories:\n  - {id: t, name: T, kind: commune}\n"
                            "practices:\n");
    for (int i = 0; i < 3000; i++)
        len += (size_t)snprintf(yaml + len, cap - len,
                                "  - {id: p%d, name: \"P %d\", category: fablab, territories: [t],"
                                " description: \"atelier %d de réparation  ouvert à tous %s\"}\n",
                                i, i, i * 7919, i % 3 ? "le samedi" : "");
    shr_catalog *cat = shr_catalog_new(NULL), *ref = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "race.yaml", yaml, len, &err), SHR_OK);
    assert_int_equal(shr_catalog_load_buffer(ref, "race.yaml", yaml, len, &err), SHR_OK);
    free(yaml);
    size_t n = shr_catalog_practice_count(cat), described = 0;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, NTHREADS);
    pthread_t th[NTHREADS];
    desc_job jobs[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i] = (desc_job){cat, &start, calloc(n, sizeof(const char *)), i};
        assert_non_null(jobs[i].seen);
        assert_int_equal(pthread_create(&th[i], NULL, desc_worker, &jobs[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (size_t k = 0; k < n; k++) {
        const char *want = shr_practice_description(shr_catalog_practice_at(ref, k));
        for (int i = 0; i < NTHREADS; i++) {
            assert_ptr_equal(jobs[i].seen[k], jobs[0].seen[k]);
            if (want)
                assert_string_equal(jobs[i].seen[k], want);
            else
                assert_null(jobs[i].seen[k]);
        }
        described += want != NULL;
    }
    assert_int_equal(described, 3000);
    for (int i = 0; i < NTHREADS; i++)
        free(jobs[i].seen);
    pthread_barrier_destroy(&start);
    shr_catalog_free(ref);
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_real_data),
        cmocka_unit_test(test_descriptions_race),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
