/*
 * libFuzzer target: the query language (query.md) on a small loaded catalog. Each input is an
 * expression (bytes up to the first NUL). Invariants (abort on breach):
 *   - a parse failure is a clean error with a column inside the expression (1..len+1) and no
 *     query returned;
 *   - a parsed query's count equals its result's size; results are in catalog order without
 *     duplicates; sorting keeps the same practices; a facet and a cross-tab compute;
 *   - logic: when "-(E)" also parses, count(E) + count(-(E)) == number of practices; when "(E)"
 *     and "(E) (E)" parse, they select what E selects; shr_catalog_select() agrees.
 */
#include "fuzz_common.h"

#include <stdint.h>

static shr_catalog *cat;
static size_t total;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    shr_error err;
    cat = shr_catalog_new(NULL);
    int rc = shr_catalog_load_buffer(cat, "territories", fuzz_territories,
                                     sizeof fuzz_territories - 1, &err);
    FUZZ_CHECK(rc == SHR_OK, "territories: %s:%u:%u: %s", err.file, err.line, err.column, err.message);
    rc = shr_catalog_load_buffer(cat, "practices", fuzz_practices, sizeof fuzz_practices - 1, &err);
    FUZZ_CHECK(rc == SHR_OK, "practices: %s:%u:%u: %s", err.file, err.line, err.column, err.message);
    total = shr_catalog_practice_count(cat);
    FUZZ_CHECK(total == 5, "practices: %zu", total);
    return 0;
}

/* Sorted practice indices selected by expr into sel (bitmask over <= 64 practices); -1 when
 * it does not parse. */
static int select_mask(const char *expr, uint64_t *mask, int *code)
{
    shr_error err;
    shr_result *r = NULL;
    int rc = shr_catalog_select(cat, expr, &r, &err);
    *code = rc;
    if (rc != SHR_OK) {
        FUZZ_CHECK(r == NULL, "select failed but returned a result");
        return -1;
    }
    uint64_t m = 0;
    for (size_t i = 0; i < shr_result_count(r); i++)
        m |= UINT64_C(1) << shr_practice_index(shr_result_at(r, i));
    shr_result_free(r);
    *mask = m;
    return 0;
}

static char *wrap(const char *pre, const char *expr, const char *mid, const char *post)
{
    size_t n = strlen(pre) + 2 * strlen(expr) + strlen(mid) + strlen(post) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%s%s%s%s%s", pre, expr, mid, mid[0] ? expr : "", post);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4 * SHR_LIMIT_QUERY_LENGTH)
        return 0;
    char *expr = malloc(size + 1);
    memcpy(expr, data, size);
    expr[size] = '\0';
    size_t len = strlen(expr);
    shr_error err;
    shr_query *q = (shr_query *)&err; /* must be reset to NULL on failure */
    int rc = shr_query_parse(cat, expr, &q, &err);
    if (rc != SHR_OK) {
        fuzz_check_error(rc, &err, "parse");
        FUZZ_CHECK(q == NULL, "failed parse left a query");
        FUZZ_CHECK(rc == SHR_EQUERY || rc == SHR_ELIMIT, "parse: code %d", rc);
        FUZZ_CHECK(err.column <= len + 1, "column %u beyond %zu bytes", err.column, len);
        if (rc == SHR_EQUERY)
            FUZZ_CHECK(err.column >= 1, "query error without column: %s", err.message);
        free(expr);
        return 0;
    }
    int64_t count = shr_query_count(q, &err);
    FUZZ_CHECK(count >= 0 && (size_t)count <= total, "count %lld", (long long)count);
    shr_result *r = NULL;
    rc = shr_query_run(q, &r, &err);
    FUZZ_CHECK(rc == SHR_OK, "run: %s", err.message);
    FUZZ_CHECK(shr_result_count(r) == (size_t)count, "count %lld, result %zu", (long long)count,
               shr_result_count(r));
    uint64_t mask = 0;
    for (size_t i = 0; i < shr_result_count(r); i++) {
        size_t idx = shr_practice_index(shr_result_at(r, i));
        FUZZ_CHECK(i == 0 || idx > shr_practice_index(shr_result_at(r, i - 1)),
                   "result not in catalog order");
        mask |= UINT64_C(1) << idx;
    }
    for (int key = SHR_SORT_CATALOG; key <= SHR_SORT_ID; key++) {
        FUZZ_CHECK(shr_result_sort(r, (shr_sort_key)key, key & 1, &err) == SHR_OK, "sort");
        uint64_t m = 0;
        for (size_t i = 0; i < shr_result_count(r); i++)
            m |= UINT64_C(1) << shr_practice_index(shr_result_at(r, i));
        FUZZ_CHECK(m == mask, "sorting changed the practices");
    }
    shr_dimension dim = (shr_dimension)(size % SHR_DIM_COUNT);
    shr_facet *f = NULL;
    FUZZ_CHECK(shr_facet_compute(r, dim, &f, &err) == SHR_OK, "facet: %s", err.message);
    for (size_t i = 0; i < shr_facet_count(f); i++)
        FUZZ_CHECK(shr_facet_value(f, i) >= 1 && shr_facet_value(f, i) <= (size_t)count,
                   "facet value");
    shr_facet_free(f);
    shr_crosstab *x = NULL;
    FUZZ_CHECK(shr_crosstab_compute(r, dim, (shr_dimension)((size / 3) % SHR_DIM_COUNT), &x,
                                    &err) == SHR_OK,
               "crosstab: %s", err.message);
    shr_crosstab_free(x);
    shr_result_free(r);
    shr_query_free(q);

    /* Logic. */
    uint64_t m2;
    int code;
    FUZZ_CHECK(select_mask(expr, &m2, &code) == 0 && m2 == mask, "select disagrees with run");
    char *neg = wrap("-(", expr, "", ")");
    if (select_mask(neg, &m2, &code) == 0) {
        uint64_t all = total == 64 ? ~UINT64_C(0) : (UINT64_C(1) << total) - 1;
        FUZZ_CHECK((m2 & mask) == 0 && (m2 | mask) == all,
                   "-(E) is not the complement of E: E=%llx, -(E)=%llx",
                   (unsigned long long)mask, (unsigned long long)m2);
    }
    free(neg);
    char *paren = wrap("(", expr, "", ")");
    if (select_mask(paren, &m2, &code) == 0)
        FUZZ_CHECK(m2 == mask, "(E) differs from E");
    free(paren);
    char *twice = wrap("(", expr, ") (", ")");
    if (select_mask(twice, &m2, &code) == 0)
        FUZZ_CHECK(m2 == mask, "(E) (E) differs from E");
    free(twice);
    free(expr);
    return 0;
}
