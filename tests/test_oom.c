/*
 * Allocation failures, SQLite-style (test_malloc.c faultsim): for N = 1, 2, ... fail the Nth
 * allocation of an operation through the catalog's allocator hook (alloc.h), until a run
 * completes without reaching N. Every run that hit a failure must:
 *   - return SHR_ENOMEM (err.code too, with a message), never crash;
 *   - leak nothing: the live-block count of the test allocator is zero after
 *     shr_catalog_free(), and for queries, facets and saves (which must not keep anything in
 *     the catalog) back to its baseline once what they returned was freed;
 *   - for a load, leave the catalog as it was (same dump: counts, records, look-ups, derived
 *     data, query counts), and a later load of the same files must work.
 * A run that survives a failure (the library worked around it) must give the same result as
 * the reference run.
 *
 * Scenarios: catalog creation; loading a small real catalog (tests/data/reliability:
 * territories, actors, practices, an added category) fresh, from a buffer, and into a
 * preloaded catalog (one-shot and persistent failures); the full bundled default catalog with
 * a stride; queries (parse, count, run, sort, slice; built with calls too); facets and
 * cross-tabs; saving. Each scenario prints how many allocation points it exercised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sharitories/analysis.h>
#include <sharitories/export.h>
#include <sharitories/import.h>
#include <sharitories/report.h>
#include <sharitories/roadmap.h>

#include "fault_alloc.h"
#include "reliability_util.h"

/* Upper bound on the points of one scenario: a runaway loop is a bug, not a slow test. */
#define MAX_POINTS 200000

static const char *small_paths[2];

static void init_paths(void)
{
    small_paths[0] = rel_data_path(0, "reliability/territories.yaml");
    small_paths[1] = rel_data_path(1, "reliability/practices.yaml");
}

/* What a scenario did, printed for the report. */
static void report(const char *scenario, size_t points, size_t failed, size_t survived)
{
    printf("oom: %-40s %6zu allocation points exercised, %6zu runs failed with ENOMEM, "
           "%zu survived an injected failure\n",
           scenario, points, failed, survived);
    fflush(stdout);
}

/* Checks for a call that hit an injected failure and returned rc. */
static void assert_enomem(int rc, const shr_error *err, const char *what, size_t n)
{
    if (rc != SHR_ENOMEM || err->code != SHR_ENOMEM || err->message[0] == '\0') {
        fail_msg("%s: allocation point %zu failed but the call returned %d (%s), err.code %d, "
                 "message '%s'",
                 what, n, rc, shr_error_code_name(rc), err->code, err->message);
    }
    const char *problem = rel_error_problem(rc, err);
    if (problem)
        fail_msg("%s: allocation point %zu: unclean error: %s", what, n, problem);
}

static void assert_same_dump(const char *expected, const char *actual, const char *what, size_t n)
{
    if (strcmp(expected, actual) != 0) {
        fprintf(stderr, "--- expected\n%s--- actual\n%s", expected, actual);
        fail_msg("%s: allocation point %zu: the catalog differs from the expected one", what, n);
    }
}

/* ------------------------------------------------------------------ catalog creation */

static void test_oom_catalog_new(void **state)
{
    (void)state;
    fault_alloc fa;
    fault_alloc_init(&fa);
    size_t n, failed = 0;
    for (n = 1; n < MAX_POINTS; n++) {
        fault_alloc_arm(&fa, n, false);
        shr_catalog *cat = shr_catalog_new(&fa.hook);
        fault_alloc_disarm(&fa);
        size_t injected = fa.failures;
        if (cat) {
            assert_int_equal(shr_catalog_category_count(cat), 32);
            assert_int_equal(shr_catalog_axis_count(cat), 5);
        } else {
            assert_true(injected > 0);
            failed++;
        }
        shr_catalog_free(cat);
        assert_int_equal(fa.live, 0);
        if (injected == 0)
            break;
    }
    assert_true(n < MAX_POINTS);
    report("shr_catalog_new", n - 1, failed, (n - 1) - failed);
}

/* ------------------------------------------------------------------ loading */

/* The reference dump of `paths` loaded into a new catalog (with a query count). */
static char *reference_dump(const char *const *paths, size_t count)
{
    shr_error err;
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    int rc = shr_catalog_load_files(cat, paths, count, &err);
    if (rc != SHR_OK)
        fail_msg("reference load failed: %s:%u:%u: %s", err.file, err.line, err.column, err.message);
    char *dump = rel_dump_catalog(cat, true);
    shr_catalog_free(cat);
    return dump;
}

/* Load small_paths into a fresh catalog, failing point n, for every n. */
static void test_oom_load_small(void **state)
{
    (void)state;
    char *expected = reference_dump(small_paths, 2);
    fault_alloc fa;
    fault_alloc_init(&fa);
    size_t n, failed = 0;
    for (n = 1; n < MAX_POINTS; n++) {
        shr_catalog *cat = shr_catalog_new(&fa.hook);
        assert_non_null(cat);
        char *before = rel_dump_catalog(cat, false);
        shr_error err;
        shr_error_clear(&err);
        fault_alloc_arm(&fa, n, false);
        int rc = shr_catalog_load_files(cat, small_paths, 2, &err);
        fault_alloc_disarm(&fa);
        size_t injected = fa.failures;
        if (rc != SHR_OK) {
            assert_true(injected > 0);
            assert_enomem(rc, &err, "load (fresh catalog)", n);
            char *after = rel_dump_catalog(cat, false);
            assert_same_dump(before, after, "load (fresh catalog), state after failure", n);
            free(after);
            failed++;
            /* The same catalog takes the files once memory is back. */
            rc = shr_catalog_load_files(cat, small_paths, 2, &err);
            if (rc != SHR_OK)
                fail_msg("reload after failure at point %zu: %s", n, err.message);
        }
        char *loaded = rel_dump_catalog(cat, true);
        assert_same_dump(expected, loaded, "load (fresh catalog)", n);
        free(loaded);
        free(before);
        shr_catalog_free(cat);
        if (fa.live != 0)
            fail_msg("load (fresh catalog): allocation point %zu: %zu blocks leaked", n, fa.live);
        if (injected == 0)
            break;
    }
    assert_true(n < MAX_POINTS);
    free(expected);
    report("load 2 files into a new catalog", n - 1, failed, (n - 1) - failed);
}

/* Load one file from memory (exact-size heap copy, no NUL) into a fresh catalog. */
static void test_oom_load_buffer(void **state)
{
    (void)state;
    size_t size = 0;
    char *text = rel_read_file(small_paths[0], &size);
    assert_non_null(text);
    char *data = malloc(size);
    memcpy(data, text, size);
    free(text);
    char *expected = reference_dump(small_paths, 1);
    fault_alloc fa;
    fault_alloc_init(&fa);
    size_t n, failed = 0;
    for (n = 1; n < MAX_POINTS; n++) {
        shr_catalog *cat = shr_catalog_new(&fa.hook);
        assert_non_null(cat);
        shr_error err;
        fault_alloc_arm(&fa, n, false);
        int rc = shr_catalog_load_buffer(cat, small_paths[0], data, size, &err);
        fault_alloc_disarm(&fa);
        size_t injected = fa.failures;
        if (rc != SHR_OK) {
            assert_true(injected > 0);
            assert_enomem(rc, &err, "load_buffer", n);
            assert_int_equal(shr_catalog_territory_count(cat), 0);
            assert_int_equal(shr_catalog_file_count(cat), 0);
            assert_null(shr_catalog_territory(cat, "fr"));
            failed++;
            rc = shr_catalog_load_buffer(cat, small_paths[0], data, size, &err);
            assert_int_equal(rc, SHR_OK);
        }
        char *loaded = rel_dump_catalog(cat, true);
        assert_same_dump(expected, loaded, "load_buffer", n);
        free(loaded);
        shr_catalog_free(cat);
        if (fa.live != 0)
            fail_msg("load_buffer: allocation point %zu: %zu blocks leaked", n, fa.live);
        if (injected == 0)
            break;
    }
    assert_true(n < MAX_POINTS);
    free(expected);
    free(data);
    report("load_buffer into a new catalog", n - 1, failed, (n - 1) - failed);
}

/* Count of a query on cat, or a negative code. */
static int64_t query_count(const shr_catalog *cat, const char *expr)
{
    shr_error err;
    shr_query *q = NULL;
    int rc = shr_query_parse(cat, expr, &q, &err);
    if (rc != SHR_OK)
        return rc;
    int64_t count = shr_query_count(q, &err);
    shr_query_free(q);
    return count;
}

/*
 * Load practices.yaml into a catalog that already holds territories.yaml: a failure must leave
 * the first file's records, graph and indexes as they were (queries too).
 */
static void load_preloaded(bool persistent)
{
    const char *what = persistent ? "load into a preloaded catalog (persistent)"
                                  : "load into a preloaded catalog";
    char *expected = reference_dump(small_paths, 2);
    fault_alloc fa;
    fault_alloc_init(&fa);
    size_t n, failed = 0;
    for (n = 1; n < MAX_POINTS; n++) {
        shr_error err;
        shr_catalog *cat = shr_catalog_new(&fa.hook);
        assert_non_null(cat);
        assert_int_equal(shr_catalog_load(cat, small_paths[0], &err), SHR_OK);
        char *before = rel_dump_catalog(cat, true);
        int64_t within_58 = query_count(cat, "in:fr-dep-58");
        fault_alloc_arm(&fa, n, persistent);
        int rc = shr_catalog_load(cat, small_paths[1], &err);
        fault_alloc_disarm(&fa);
        size_t injected = fa.failures;
        if (rc != SHR_OK) {
            assert_true(injected > 0);
            assert_enomem(rc, &err, what, n);
            char *after = rel_dump_catalog(cat, true);
            assert_same_dump(before, after, what, n);
            free(after);
            assert_null(shr_catalog_practice(cat, "nevers-fablab"));
            assert_null(shr_catalog_actor(cat, "ouishare"));
            assert_null(shr_catalog_category(cat, "seed_library"));
            assert_non_null(shr_catalog_territory(cat, "fr-com-58194"));
            assert_int_equal(query_count(cat, "in:fr-dep-58"), within_58);
            failed++;
            rc = shr_catalog_load(cat, small_paths[1], &err);
            if (rc != SHR_OK)
                fail_msg("%s: reload after failure at point %zu: %s", what, n, err.message);
        }
        char *loaded = rel_dump_catalog(cat, true);
        /* The reference has both files loaded as one unit; file order and records are the same. */
        assert_same_dump(expected, loaded, what, n);
        free(loaded);
        free(before);
        shr_catalog_free(cat);
        if (fa.live != 0)
            fail_msg("%s: allocation point %zu: %zu blocks leaked", what, n, fa.live);
        if (injected == 0)
            break;
    }
    assert_true(n < MAX_POINTS);
    free(expected);
    report(what, n - 1, failed, (n - 1) - failed);
}

static void test_oom_load_preloaded(void **state)
{
    (void)state;
    load_preloaded(false);
}

static void test_oom_load_preloaded_persistent(void **state)
{
    (void)state;
    load_preloaded(true);
}

/*
 * The full bundled default catalog: too many points to try each, so every `stride`-th point
 * (SHR_OOM_STRIDE, default 97, made smaller when that would try fewer than 30 points, larger
 * when more than 60), plus the last few, each on a fresh catalog that must stay empty; then one
 * catalog through failures early, midway and at the end takes the whole catalog.
 */
static void test_oom_load_default(void **state)
{
    (void)state;
    size_t stride = 97;
    const char *env = getenv("SHR_OOM_STRIDE");
    if (env && atoi(env) > 0)
        stride = (size_t)atoi(env);
    /* Counting run: how many points a successful load has. */
    fault_alloc fa;
    fault_alloc_init(&fa);
    shr_error err;
    shr_catalog *cat = shr_catalog_new(&fa.hook);
    assert_non_null(cat);
    double t0 = rel_now();
    fault_alloc_arm(&fa, 0, false);
    int rc = shr_catalog_load_default(cat, &err);
    if (rc != SHR_OK)
        fail_msg("default catalog: %s:%u:%u: %s", err.file, err.line, err.column, err.message);
    double one_load = rel_now() - t0;
    size_t total = fa.calls;
    size_t nt = shr_catalog_territory_count(cat), np = shr_catalog_practice_count(cat);
    shr_catalog_free(cat);
    assert_int_equal(fa.live, 0);
    /* Keep the scenario within about 60 loads, whatever the speed of the machine
     * (SHR_OOM_MAX_RUNS lowers it: the valgrind test setup sets 3). */
    size_t max_runs = 60;
    const char *env_runs = getenv("SHR_OOM_MAX_RUNS");
    if (env_runs && atoi(env_runs) > 0)
        max_runs = (size_t)atoi(env_runs);
    if (total / stride > max_runs)
        stride = total / max_runs + 1;
    /* A loader that allocates little (big arena chunks) has few points: try at least ~30. */
    size_t min_runs = max_runs < 30 ? max_runs : 30;
    if (total / stride < min_runs)
        stride = total / min_runs > 0 ? total / min_runs : 1;
    printf("oom: default catalog: %zu allocation points per load, %.2f s per load, stride %zu\n",
           total, one_load, stride);

    /* Points: 1, 1 + stride, ..., then the last three, then one past the end (success). */
    size_t *points = calloc(total / stride + 8, sizeof *points);
    size_t npoints = 0;
    for (size_t p = 1; p + 3 <= total; p += stride)
        points[npoints++] = p;
    for (size_t p = total > 2 ? total - 2 : 1; p <= total + 1; p++)
        if (npoints == 0 || p > points[npoints - 1])
            points[npoints++] = p;
    /* Each point on a fresh catalog, so that every point of the load (through the commit:
     * graph and indexes) is reached; `cat` meanwhile collects failures at three points. */
    size_t tried = 0, failed = 0, survived = 0;
    for (size_t i = 0; i < npoints; i++) {
        size_t n = points[i];
        shr_catalog *fresh = shr_catalog_new(&fa.hook);
        assert_non_null(fresh);
        fault_alloc_arm(&fa, n, false);
        rc = shr_catalog_load_default(fresh, &err);
        fault_alloc_disarm(&fa);
        size_t injected = fa.failures;
        if (injected)
            tried++;
        if (rc != SHR_OK) {
            assert_true(injected > 0);
            assert_enomem(rc, &err, "default catalog", n);
            assert_int_equal(shr_catalog_territory_count(fresh), 0);
            assert_int_equal(shr_catalog_practice_count(fresh), 0);
            assert_int_equal(shr_catalog_file_count(fresh), 0);
            assert_null(shr_catalog_territory(fresh, "fr"));
            failed++;
        } else {
            /* Survived (or past the end): must be the whole catalog. */
            if (injected)
                survived++;
            assert_int_equal(shr_catalog_territory_count(fresh), nt);
            assert_int_equal(shr_catalog_practice_count(fresh), np);
        }
        shr_catalog_free(fresh);
        if (fa.live != 0)
            fail_msg("default catalog: allocation point %zu: %zu blocks leaked", n, fa.live);
        if (injected == 0)
            break;
    }
    free(points);
    /* One catalog through failures early, midway and at the end of the load (blocks may stay
     * live in between: vectors keep their grown capacity), then the whole default catalog. */
    cat = shr_catalog_new(&fa.hook);
    assert_non_null(cat);
    const size_t late[] = {1, total / 2, total};
    for (size_t i = 0; i < 3; i++) {
        fault_alloc_arm(&fa, late[i], false);
        rc = shr_catalog_load_default(cat, &err);
        fault_alloc_disarm(&fa);
        if (rc != SHR_OK) {
            assert_enomem(rc, &err, "default catalog (same catalog)", late[i]);
            assert_int_equal(shr_catalog_territory_count(cat), 0);
            assert_int_equal(shr_catalog_file_count(cat), 0);
        } else {
            /* The end moved (capacity kept from the failed loads): start from empty again. */
            shr_catalog_free(cat);
            cat = shr_catalog_new(&fa.hook);
        }
    }
    rc = shr_catalog_load_default(cat, &err);
    assert_int_equal(rc, SHR_OK);
    assert_int_equal(shr_catalog_territory_count(cat), nt);
    assert_int_equal(shr_catalog_practice_count(cat), np);
    assert_true(query_count(cat, "") == (int64_t)np);
    shr_catalog_free(cat);
    assert_int_equal(fa.live, 0);
    char what[128];
    snprintf(what, sizeof what, "default catalog (1 in %zu of %zu)", stride, total);
    report(what, tried, failed, survived);
}

/* ------------------------------------------------------------------ queries */

typedef struct loaded {
    fault_alloc fa;
    shr_catalog *cat;
} loaded;

static int setup_loaded(void **state)
{
    loaded *l = calloc(1, sizeof *l);
    fault_alloc_init(&l->fa);
    l->cat = shr_catalog_new(&l->fa.hook);
    shr_error err;
    if (!l->cat || shr_catalog_load_files(l->cat, small_paths, 2, &err) != SHR_OK) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    *state = l;
    return 0;
}

static int teardown_loaded(void **state)
{
    loaded *l = *state;
    shr_catalog_free(l->cat);
    int leaked = l->fa.live != 0;
    free(l);
    return leaked ? -1 : 0;
}

/* Practice ids of a result, one line. */
static char *result_ids(const shr_result *r)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    for (size_t i = 0; i < shr_result_count(r); i++)
        fprintf(f, "%s ", shr_practice_id(shr_result_at(r, i)));
    fclose(f);
    return buf;
}

/*
 * One query's whole life: parse, count, run, sort three ways, slice. Returns the first error
 * (stopping there) or SHR_OK, and the trace of what it saw in *trace (malloc'd).
 */
static int query_life(const shr_catalog *cat, const char *expr, char **trace, shr_error *err)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    shr_query *q = NULL;
    shr_result *r = NULL;
    int rc = shr_query_parse(cat, expr, &q, err);
    if (rc != SHR_OK) {
        assert_null(q);
        fprintf(f, "parse %d %s", rc, rc == SHR_ENOMEM ? "" : err->message);
        goto done;
    }
    int64_t count = shr_query_count(q, err);
    if (count < 0) {
        rc = (int)count;
        goto done;
    }
    rc = shr_query_run(q, &r, err);
    if (rc != SHR_OK) {
        assert_null(r);
        goto done;
    }
    assert_int_equal(shr_result_count(r), (size_t)count);
    char *ids = result_ids(r);
    fprintf(f, "count %lld [%s]", (long long)count, ids);
    free(ids);
    static const struct {
        shr_sort_key key;
        int desc;
    } sorts[] = {{SHR_SORT_NAME, 0}, {SHR_SORT_STARTED, 1}, {SHR_SORT_ID, 0}, {SHR_SORT_CATALOG, 1}};
    for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++) {
        char *before = result_ids(r);
        rc = shr_result_sort(r, sorts[i].key, sorts[i].desc, err);
        char *after = result_ids(r);
        if (rc != SHR_OK) {
            /* A failed sort leaves the result as it was. */
            if (strcmp(before, after) != 0)
                fail_msg("query '%s': a failed sort changed the result: [%s] -> [%s]", expr,
                         before, after);
            free(before);
            free(after);
            goto done;
        }
        fprintf(f, " sort%d [%s]", (int)sorts[i].key, after);
        free(before);
        free(after);
    }
    shr_result_slice(r, 1, 2);
    char *ids2 = result_ids(r);
    fprintf(f, " slice [%s]", ids2);
    free(ids2);
done:
    shr_result_free(r);
    shr_query_free(q);
    fclose(f);
    *trace = buf;
    return rc;
}

static const char *const queries[] = {
    "",
    "axis:shared_resources in:fr-reg-27 -status:ended \"repair café\"",
    "category:fablab,third_place (in:fr-dep-58 OR in:fr-dep-71) started>=2015",
    "family:production OR actorsector:public",
    "actor:ouishare role:partner,user",
    "actorkind:cooperative,research at:fr-com-71076",
    "tag:rural OR tag:numérique OR tag:absent",
    "population>=30000 territories>=2",
    "ended<2020 -id:marzy-graines",
    "énergie citoyenne",
    "oeuvre OR \"fabrication numérique\" OR atel",
    "category:seed_library OR axis:solidarity family:consumption",
    "-(-(in:fr OR at:fr-com-58160) -started=2016)",
    /* errors: must stay the same error (or become ENOMEM) */
    "colour:red",
    "category:",
    "started>=abc",
    "in:fr-dep-99",
    "(axis:solidarity",
};

static void test_oom_queries(void **state)
{
    loaded *l = *state;
    size_t total_points = 0, total_failed = 0, total_survived = 0;
    for (size_t qi = 0; qi < sizeof queries / sizeof queries[0]; qi++) {
        const char *expr = queries[qi];
        shr_error err;
        char *expected = NULL;
        size_t baseline = l->fa.live;
        int expected_rc = query_life(l->cat, expr, &expected, &err);
        assert_int_equal(l->fa.live, baseline);
        size_t n;
        for (n = 1; n < MAX_POINTS; n++) {
            char *trace = NULL;
            shr_error_clear(&err);
            fault_alloc_arm(&l->fa, n, false);
            int rc = query_life(l->cat, expr, &trace, &err);
            fault_alloc_disarm(&l->fa);
            size_t injected = l->fa.failures;
            if (l->fa.live != baseline)
                fail_msg("query '%s': allocation point %zu: %zd blocks leaked", expr, n,
                         (ssize_t)(l->fa.live - baseline));
            if (rc == SHR_ENOMEM && injected) {
                assert_enomem(rc, &err, expr, n);
                total_failed++;
            } else {
                if (rc != expected_rc || strcmp(trace, expected) != 0)
                    fail_msg("query '%s': allocation point %zu: got rc %d '%s', expected rc %d "
                             "'%s'",
                             expr, n, rc, trace, expected_rc, expected);
                if (injected)
                    total_survived++;
            }
            free(trace);
            if (injected == 0)
                break;
        }
        assert_true(n < MAX_POINTS);
        total_points += n - 1;
        free(expected);
    }
    char what[96];
    snprintf(what, sizeof what, "queries (%zu expressions, full life)",
             sizeof queries / sizeof queries[0]);
    report(what, total_points, total_failed, total_survived);
}

/* Queries built with calls: combinators take ownership of operands, even NULL ones. */
static shr_query *built_query(const shr_catalog *cat, shr_error *err)
{
    return shr_query_or(
        shr_query_and(shr_query_field(cat, SHR_FIELD_AXIS, "solidarity", err),
                      shr_query_not(shr_query_compare(cat, SHR_NUMERIC_STARTED, SHR_OP_GE, 2015, err),
                                    err),
                      err),
        shr_query_and(shr_query_text(cat, "énergie citoyenne", err),
                      shr_query_or(shr_query_field(cat, SHR_FIELD_IN, "fr-dep-58", err),
                                   shr_query_all(cat, err), err),
                      err),
        err);
}

static void test_oom_built_queries(void **state)
{
    loaded *l = *state;
    shr_error err;
    size_t baseline = l->fa.live;
    shr_query *ref = built_query(l->cat, &err);
    assert_non_null(ref);
    int64_t expected = shr_query_count(ref, &err);
    assert_true(expected >= 0);
    shr_query_free(ref);
    assert_int_equal(l->fa.live, baseline);
    size_t n, failed = 0;
    for (n = 1; n < MAX_POINTS; n++) {
        shr_error_clear(&err);
        fault_alloc_arm(&l->fa, n, false);
        shr_query *q = built_query(l->cat, &err);
        int64_t count = q ? shr_query_count(q, &err) : -1;
        fault_alloc_disarm(&l->fa);
        size_t injected = l->fa.failures;
        shr_query_free(q);
        if (l->fa.live != baseline)
            fail_msg("built query: allocation point %zu: %zd blocks leaked", n,
                     (ssize_t)(l->fa.live - baseline));
        if (!q || count < 0) {
            assert_true(injected > 0);
            /* The first failure is ENOMEM; later combinators see a NULL operand. */
            if (err.code != SHR_ENOMEM && err.code != SHR_EINVAL)
                fail_msg("built query: allocation point %zu: err.code %d (%s)", n, err.code,
                         err.message);
            failed++;
        } else {
            assert_int_equal(count, expected);
        }
        if (injected == 0)
            break;
    }
    report("queries built with calls", n - 1, failed, (n - 1) - failed);
}

/* ------------------------------------------------------------------ facets and cross-tabs */

static char *facet_text(const shr_facet *f)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    for (size_t i = 0; i < shr_facet_count(f); i++)
        fprintf(out, "%s=%zu(%s/%s,%lld) ", shr_facet_key(f, i), shr_facet_value(f, i),
                rel_s(shr_facet_label(f, i, "fr")), rel_s(shr_facet_label(f, i, "en")),
                (long long)shr_facet_population(f, i));
    fclose(out);
    return buf;
}

static char *crosstab_text(const shr_crosstab *x)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    for (size_t r = 0; r < shr_crosstab_row_count(x); r++) {
        fprintf(out, "%s:", shr_crosstab_row_key(x, r));
        for (size_t c = 0; c < shr_crosstab_col_count(x); c++)
            fprintf(out, " %s=%zu", shr_crosstab_col_key(x, c), shr_crosstab_value(x, r, c));
        fputc(';', out);
    }
    fclose(out);
    return buf;
}

static void test_oom_facets(void **state)
{
    loaded *l = *state;
    shr_error err;
    shr_result *all = NULL;
    assert_int_equal(shr_catalog_select(l->cat, "", &all, &err), SHR_OK);
    size_t baseline = l->fa.live;
    size_t points = 0, failed = 0, survived = 0;
    for (int d = 0; d < SHR_DIM_COUNT; d++) {
        shr_facet *ref = NULL;
        assert_int_equal(shr_facet_compute(all, (shr_dimension)d, &ref, &err), SHR_OK);
        char *expected = facet_text(ref);
        shr_facet_free(ref);
        size_t n;
        for (n = 1; n < MAX_POINTS; n++) {
            shr_facet *f = NULL;
            fault_alloc_arm(&l->fa, n, false);
            int rc = shr_facet_compute(all, (shr_dimension)d, &f, &err);
            fault_alloc_disarm(&l->fa);
            size_t injected = l->fa.failures;
            if (rc != SHR_OK) {
                assert_true(injected > 0);
                assert_null(f);
                assert_enomem(rc, &err, shr_dimension_name((shr_dimension)d), n);
                failed++;
            } else {
                char *got = facet_text(f);
                if (strcmp(got, expected) != 0)
                    fail_msg("facet %s: point %zu: '%s' != '%s'", shr_dimension_name((shr_dimension)d),
                             n, got, expected);
                free(got);
                if (injected)
                    survived++;
            }
            shr_facet_free(f);
            if (l->fa.live != baseline)
                fail_msg("facet %s: allocation point %zu: %zd blocks leaked",
                         shr_dimension_name((shr_dimension)d), n, (ssize_t)(l->fa.live - baseline));
            if (injected == 0)
                break;
        }
        points += n - 1;
        free(expected);
    }
    report("facets (every dimension)", points, failed, survived);

    static const shr_dimension pairs[][2] = {
        {SHR_DIM_AXIS, SHR_DIM_FAMILY},        {SHR_DIM_CATEGORY, SHR_DIM_DEPARTMENT},
        {SHR_DIM_TAG, SHR_DIM_STARTED},        {SHR_DIM_REGION, SHR_DIM_STATUS},
        {SHR_DIM_ACTORSECTOR, SHR_DIM_ROLE},   {SHR_DIM_COMMUNE, SHR_DIM_ACTORKIND},
        {SHR_DIM_EPCI, SHR_DIM_COUNTRY},
    };
    points = failed = survived = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        shr_crosstab *ref = NULL;
        assert_int_equal(shr_crosstab_compute(all, pairs[i][0], pairs[i][1], &ref, &err), SHR_OK);
        char *expected = crosstab_text(ref);
        shr_crosstab_free(ref);
        size_t n;
        for (n = 1; n < MAX_POINTS; n++) {
            shr_crosstab *x = NULL;
            fault_alloc_arm(&l->fa, n, false);
            int rc = shr_crosstab_compute(all, pairs[i][0], pairs[i][1], &x, &err);
            fault_alloc_disarm(&l->fa);
            size_t injected = l->fa.failures;
            if (rc != SHR_OK) {
                assert_true(injected > 0);
                assert_null(x);
                assert_enomem(rc, &err, "crosstab", n);
                failed++;
            } else {
                char *got = crosstab_text(x);
                assert_string_equal(got, expected);
                free(got);
                if (injected)
                    survived++;
            }
            shr_crosstab_free(x);
            if (l->fa.live != baseline)
                fail_msg("crosstab %zu: allocation point %zu: %zd blocks leaked", i, n,
                         (ssize_t)(l->fa.live - baseline));
            if (injected == 0)
                break;
        }
        points += n - 1;
        free(expected);
    }
    shr_result_free(all);
    report("cross-tabs (7 pairs)", points, failed, survived);
}

/* ------------------------------------------------------------------ saving */

static void test_oom_save(void **state)
{
    loaded *l = *state;
    shr_error err;
    char *dir = rel_make_temp_dir("oom-save");
    assert_non_null(dir);
    char ref_path[4200], path[4200];
    snprintf(ref_path, sizeof ref_path, "%s/reference.yaml", dir);
    snprintf(path, sizeof path, "%s/catalog.yaml", dir);
    size_t baseline = l->fa.live;
    assert_int_equal(shr_catalog_save(l->cat, ref_path, &err), SHR_OK);
    assert_int_equal(l->fa.live, baseline);
    size_t ref_size = 0;
    char *reference = rel_read_file(ref_path, &ref_size);
    assert_non_null(reference);
    static const char old[] = "sharitories: 1\n# the previous version of the file\n";
    size_t n, failed = 0, survived = 0;
    for (n = 1; n < MAX_POINTS; n++) {
        assert_true(rel_write_file(path, old, sizeof old - 1));
        char *listing = rel_list_dir(dir);
        fault_alloc_arm(&l->fa, n, false);
        int rc = shr_catalog_save(l->cat, path, &err);
        fault_alloc_disarm(&l->fa);
        size_t injected = l->fa.failures;
        if (l->fa.live != baseline)
            fail_msg("save: allocation point %zu: %zd blocks leaked", n,
                     (ssize_t)(l->fa.live - baseline));
        size_t size = 0;
        char *now = rel_read_file(path, &size);
        assert_non_null(now);
        if (rc != SHR_OK) {
            assert_true(injected > 0);
            assert_enomem(rc, &err, "save", n);
            if (size != sizeof old - 1 || memcmp(now, old, size) != 0)
                fail_msg("save: allocation point %zu: the old file was changed", n);
            char *after = rel_list_dir(dir);
            if (strcmp(listing, after) != 0)
                fail_msg("save: allocation point %zu: files left behind:\n%s", n, after);
            free(after);
            failed++;
        } else {
            if (size != ref_size || memcmp(now, reference, size) != 0)
                fail_msg("save: allocation point %zu: saved file differs from the reference", n);
            if (injected)
                survived++;
        }
        free(now);
        free(listing);
        if (injected == 0)
            break;
    }
    free(reference);
    rel_rm_rf(dir);
    free(dir);
    report("save", n - 1, failed, survived);
}

/* ------------------------------------------------------------------ HTML report */

/* The report of a territory into memory; returns the code, the bytes in *page. */
static int report_page(const shr_catalog *cat, const char *territory, const char *lang,
                       char **page, size_t *size, shr_error *err)
{
    shr_report_options opts = SHR_REPORT_OPTIONS_INIT;
    opts.lang = lang;
    opts.generated = "2026-01-01";
    *page = NULL;
    *size = 0;
    FILE *f = open_memstream(page, size);
    int rc = shr_report_write_file(cat, territory, &opts, f, err);
    fclose(f);
    return rc;
}

/* report.h: "Everything is computed before the first byte is written, so a failure other than a
 * write error writes nothing", and all memory is released before the call returns. */
static void test_oom_report(void **state)
{
    loaded *l = *state;
    static const struct {
        const char *territory, *lang;
    } reports[] = {{"fr-dep-58", "fr"}, {"fr-com-58194", "en"}, {"fr-reg-27", "fr"}};
    size_t points = 0, failed = 0, survived = 0;
    for (size_t ri = 0; ri < sizeof reports / sizeof reports[0]; ri++) {
        shr_error err;
        char *expected = NULL;
        size_t expected_size = 0;
        size_t baseline = l->fa.live;
        int rc = report_page(l->cat, reports[ri].territory, reports[ri].lang, &expected,
                             &expected_size, &err);
        if (rc != SHR_OK)
            fail_msg("report %s: %s", reports[ri].territory, err.message);
        assert_int_equal(l->fa.live, baseline);
        size_t n;
        for (n = 1; n < MAX_POINTS; n++) {
            char *page = NULL;
            size_t size = 0;
            fault_alloc_arm(&l->fa, n, false);
            rc = report_page(l->cat, reports[ri].territory, reports[ri].lang, &page, &size, &err);
            fault_alloc_disarm(&l->fa);
            size_t injected = l->fa.failures;
            if (l->fa.live != baseline)
                fail_msg("report %s: allocation point %zu: %zd blocks leaked",
                         reports[ri].territory, n, (ssize_t)(l->fa.live - baseline));
            if (rc != SHR_OK) {
                assert_true(injected > 0);
                assert_enomem(rc, &err, "report", n);
                if (size != 0)
                    fail_msg("report %s: allocation point %zu: failed with ENOMEM after writing "
                             "%zu bytes",
                             reports[ri].territory, n, size);
                failed++;
            } else {
                if (size != expected_size || memcmp(page, expected, size) != 0)
                    fail_msg("report %s: allocation point %zu: the page differs",
                             reports[ri].territory, n);
                if (injected)
                    survived++;
            }
            free(page);
            if (injected == 0)
                break;
        }
        assert_true(n < MAX_POINTS);
        points += n - 1;
        free(expected);
    }
    report("HTML report (3 territories)", points, failed, survived);
}

/* map.h: as the report, nothing written on failure and all memory released; the map drawn
 * after a survived failure is the same. */
static void test_oom_map(void **state)
{
    loaded *l = *state;
    size_t points = 0, failed = 0, survived = 0;
    for (int by = 0; by < 2; by++) {
        shr_map_options opts = SHR_MAP_OPTIONS_INIT;
        opts.by = by ? SHR_MAP_REGION : SHR_MAP_DEPARTMENT;
        opts.query = "-status:ended";
        shr_error err;
        char *expected = NULL;
        size_t expected_size = 0;
        size_t baseline = l->fa.live;
        FILE *f = open_memstream(&expected, &expected_size);
        if (shr_map_write_file(l->cat, &opts, f, &err) != SHR_OK)
            fail_msg("map: %s", err.message);
        fclose(f);
        assert_int_equal(l->fa.live, baseline);
        size_t n;
        for (n = 1; n < MAX_POINTS; n++) {
            char *page = NULL;
            size_t size = 0;
            f = open_memstream(&page, &size);
            fault_alloc_arm(&l->fa, n, false);
            int rc = shr_map_write_file(l->cat, &opts, f, &err);
            fault_alloc_disarm(&l->fa);
            fclose(f);
            size_t injected = l->fa.failures;
            if (l->fa.live != baseline)
                fail_msg("map: allocation point %zu: %zd blocks leaked", n,
                         (ssize_t)(l->fa.live - baseline));
            if (rc != SHR_OK) {
                assert_true(injected > 0);
                assert_enomem(rc, &err, "map", n);
                if (size != 0)
                    fail_msg("map: allocation point %zu: failed after writing %zu bytes", n, size);
                failed++;
            } else {
                if (size != expected_size || memcmp(page, expected, size) != 0)
                    fail_msg("map: allocation point %zu: the map differs", n);
                if (injected)
                    survived++;
            }
            free(page);
            if (injected == 0)
                break;
        }
        assert_true(n < MAX_POINTS);
        points += n - 1;
        free(expected);
    }
    report("SVG map (departments, regions)", points, failed, survived);
}

/* ------------------------------------------------------------------ analyses, export, import */

/* Run one step; on failure stop the life with its code. */
#define STEP(call)                 \
    do {                           \
        rc = (call);               \
        if (rc != SHR_OK)          \
            goto done;             \
    } while (0)

/* A life (a sequence of calls writing a trace) run once for the expected trace, then with a
 * failure injected at each allocation point in turn: each run fails with ENOMEM or gives the
 * same trace, and leaks nothing. Counts into *failed and *survived; returns the points. */
typedef int (*life_fn)(const shr_catalog *cat, char **trace, shr_error *err);

static size_t oom_life(fault_alloc *fa, const shr_catalog *cat, life_fn life, const char *what,
                       size_t *failed, size_t *survived)
{
    shr_error err;
    char *expected = NULL;
    size_t baseline = fa->live;
    if (life(cat, &expected, &err) != SHR_OK)
        fail_msg("%s: %s", what, err.message);
    assert_int_equal(fa->live, baseline);
    size_t n;
    for (n = 1; n < MAX_POINTS; n++) {
        char *trace = NULL;
        shr_error_clear(&err);
        fault_alloc_arm(fa, n, false);
        int rc = life(cat, &trace, &err);
        fault_alloc_disarm(fa);
        size_t injected = fa->failures;
        if (fa->live != baseline)
            fail_msg("%s: allocation point %zu: %zd blocks leaked (%s)", what, n,
                     (ssize_t)(fa->live - baseline), err.message);
        if (rc != SHR_OK) {
            assert_true(injected > 0);
            assert_enomem(rc, &err, what, n);
            (*failed)++;
        } else {
            if (strcmp(trace, expected) != 0)
                fail_msg("%s: allocation point %zu: the output differs", what, n);
            if (injected)
                (*survived)++;
        }
        free(trace);
        if (injected == 0)
            break;
    }
    assert_true(n < MAX_POINTS);
    free(expected);
    return n - 1;
}

/*
 * Inspiration and comparison (each written as CSV and JSON), export of a result (CSV, JSON, GeoJSON) and an import (mapping, CSV, catalog output): everything
 * written goes to one trace, compared with the reference run.
 */
static int analyses_life(const shr_catalog *cat, char **trace, shr_error *err)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    shr_inspiration *insp = NULL;
    shr_comparison *cmp = NULL;
    shr_result *all = NULL;
    shr_import_mapping *map = NULL;
    shr_import *imp = NULL;
    int rc;
    static const char *const peers[] = {"fr-com-71076"};
    shr_inspire_options iopts = SHR_INSPIRE_OPTIONS_INIT;
    iopts.peers = peers;
    iopts.peer_count = 1;
    STEP(shr_inspiration_compute(cat, "fr-com-58194", &iopts, &insp, err));
    STEP(shr_inspiration_write_csv_file(insp, SHR_INSPIRE_LACKS, f, err));
    STEP(shr_inspiration_write_json_file(insp, f, err));
    static const char *const ids[] = {"fr-dep-58", "fr-dep-71", "fr-reg-27"};
    STEP(shr_comparison_compute(cat, ids, 3, &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION,
                                SHR_DIM_AXIS, NULL}, &cmp, err));
    STEP(shr_comparison_write_csv_file(cmp, f, err));
    STEP(shr_comparison_write_json_file(cmp, f, err));
    STEP(shr_catalog_select(cat, "", &all, err));
    STEP(shr_result_write_csv_file(all, f, err));
    STEP(shr_result_write_json_file(all, f, err));
    size_t written = 0;
    STEP(shr_result_write_geojson_file(all, f, SHR_GEOJSON_TERRITORY_LOCATION, &written, err));
    static const char mapping[] = "sharitories_import: 1\n"
                                  "columns: {id: ID, name: NAME, commune_code: CODE,\n"
                                  "          postal_code: CP, commune_name: CITY, link: WEB}\n"
                                  "constants: {id_prefix: \"imp-\", category: fablab, tags: [x]}\n"
                                  "meta: {title: \"t\"}\n";
    static const char csv[] = "ID,NAME,CODE,CP,CITY,WEB\n"
                              "1,Un,58194,,,www.example.org\n"
                              "2,Deux,,58180,Marzy,pas un lien\n"
                              "3,Trois,71999,,,\n"
                              "4,Quatre,99999,,,\n";
    STEP(shr_import_mapping_load_buffer(cat, "mapping", mapping, sizeof mapping - 1, &map, err));
    STEP(shr_import_csv_buffer(cat, map, "rows.csv", csv, sizeof csv - 1, &imp, err));
    STEP(shr_import_write_yaml_file(imp, f, err));
    STEP(shr_import_write_rejected_csv_file(imp, f, err));
done:
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_result_free(all);
    shr_comparison_free(cmp);
    shr_inspiration_free(insp);
    fclose(f);
    *trace = buf;
    return rc;
}

static void test_oom_analyses(void **state)
{
    loaded *l = *state;
    size_t failed = 0, survived = 0;
    size_t points = oom_life(&l->fa, l->cat, analyses_life, "analyses/export/import", &failed,
                             &survived);
    report("inspire, compare, export, import", points, failed, survived);
}


/* ------------------------------------------------------------------ fiches-actions, roadmap */

/* The roadmap fixture (tests/data/roadmap): its load (all or nothing), then a roadmap of every
 * kind of output and a fiche in Markdown. */
static int roadmap_life(const shr_catalog *cat, char **trace, shr_error *err)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    shr_roadmap *rm = NULL;
    int rc;
    shr_roadmap_options o = SHR_ROADMAP_OPTIONS_INIT;
    o.examples = 6;
    STEP(shr_roadmap_compute(cat, "t", &o, &rm, err));
    STEP(shr_roadmap_write_csv_file(rm, f, err));
    STEP(shr_roadmap_write_json_file(rm, f, err));
    STEP(shr_roadmap_write_md_file(rm, f, err));
    STEP(shr_action_write_md_file(shr_catalog_action_at(cat, 0), "en", f, err));
done:
    shr_roadmap_free(rm);
    fclose(f);
    *trace = buf;
    return rc;
}

static void test_oom_roadmap(void **state)
{
    (void)state;
    const char *paths[2] = {rel_data_path(2, "roadmap/towns.yaml"),
                            rel_data_path(3, "roadmap/actions.yaml")};
    char *expected_dump = reference_dump(paths, 2);
    fault_alloc fa;
    fault_alloc_init(&fa);
    size_t n, failed = 0, survived = 0, points = 0;
    /* the load */
    for (n = 1; n < MAX_POINTS; n++) {
        shr_catalog *cat = shr_catalog_new(&fa.hook);
        assert_non_null(cat);
        char *before = rel_dump_catalog(cat, false);
        shr_error err;
        shr_error_clear(&err);
        fault_alloc_arm(&fa, n, false);
        int rc = shr_catalog_load_files(cat, paths, 2, &err);
        fault_alloc_disarm(&fa);
        size_t injected = fa.failures;
        if (rc != SHR_OK) {
            assert_enomem(rc, &err, "load (roadmap fixture)", n);
            char *after = rel_dump_catalog(cat, false);
            assert_same_dump(before, after, "load (roadmap fixture), state after failure", n);
            free(after);
            failed++;
        } else {
            char *dump = rel_dump_catalog(cat, true);
            assert_same_dump(expected_dump, dump, "load (roadmap fixture)", n);
            free(dump);
        }
        free(before);
        shr_catalog_free(cat);
        if (fa.live != 0)
            fail_msg("load (roadmap fixture): allocation point %zu: %zu blocks leaked", n, fa.live);
        if (injected == 0)
            break;
    }
    assert_true(n < MAX_POINTS);
    points += n - 1;
    free(expected_dump);
    /* the roadmap and its writers */
    shr_catalog *cat = shr_catalog_new(&fa.hook);
    shr_error err;
    assert_int_equal(shr_catalog_load_files(cat, paths, 2, &err), SHR_OK);
    points += oom_life(&fa, cat, roadmap_life, "roadmap", &failed, &survived);
    shr_catalog_free(cat);
    report("roadmap fixture: load, roadmap, writers", points, failed, survived);
}

/* The cooperation network of every practice, written as GraphML and CSV. */
static void test_oom_network(void **state)
{
    loaded *l = *state;
    shr_error err;
    shr_result *all = NULL;
    assert_int_equal(shr_catalog_select(l->cat, "", &all, &err), SHR_OK);
    size_t baseline = l->fa.live;
    size_t n, failed = 0, survived = 0;
    char *expected = NULL;
    for (n = 0; n < MAX_POINTS; n++) {
        char *text = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);
        shr_network *net = NULL;
        fault_alloc_arm(&l->fa, n, false); /* n = 0: the reference run */
        int rc = shr_network_compute(l->cat, all, &net, &err);
        if (rc == SHR_OK)
            rc = shr_network_write_graphml_file(net, f, &err);
        if (rc == SHR_OK)
            rc = shr_network_write_csv_file(net, (shr_network_table)0, f, &err);
        fault_alloc_disarm(&l->fa);
        size_t injected = l->fa.failures;
        shr_network_free(net);
        fclose(f);
        if (l->fa.live != baseline)
            fail_msg("network: allocation point %zu: %zd blocks leaked", n,
                     (ssize_t)(l->fa.live - baseline));
        if (n == 0) {
            if (rc != SHR_OK)
                fail_msg("network: %s", err.message);
            expected = text;
            continue;
        }
        if (rc != SHR_OK) {
            assert_true(injected > 0);
            assert_enomem(rc, &err, "network", n);
            failed++;
        } else {
            assert_string_equal(text, expected);
            if (injected)
                survived++;
        }
        free(text);
        if (injected == 0)
            break;
    }
    free(expected);
    shr_result_free(all);
    report("cooperation network", n - 1, failed, survived);
}

int main(void)
{
    init_paths();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_catalog_new),
        cmocka_unit_test(test_oom_load_small),
        cmocka_unit_test(test_oom_load_buffer),
        cmocka_unit_test(test_oom_load_preloaded),
        cmocka_unit_test(test_oom_load_preloaded_persistent),
        cmocka_unit_test_setup_teardown(test_oom_queries, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_oom_built_queries, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_oom_facets, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_oom_save, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_oom_report, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_oom_map, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_oom_analyses, setup_loaded, teardown_loaded),
        cmocka_unit_test_setup_teardown(test_oom_network, setup_loaded, teardown_loaded),
        cmocka_unit_test(test_oom_roadmap),
        cmocka_unit_test(test_oom_load_default),
    };
    return cmocka_run_group_tests_name("oom", tests, NULL, NULL);
}
