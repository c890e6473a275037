/* Helpers shared by the query, facet and thread tests: load tests/data/query-small.yaml and
 * render a query's result as space-separated ids. */
#ifndef QUERY_TEST_UTIL_H
#define QUERY_TEST_UTIL_H

#include <sharitories/sharitories.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#ifndef SHR_TEST_DATA
#define SHR_TEST_DATA "tests/data"
#endif

static inline shr_catalog *qt_load_small(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    shr_error err;
    int rc = shr_catalog_load(cat, SHR_TEST_DATA "/query-small.yaml", &err);
    if (rc != SHR_OK)
        fail_msg("loading query-small.yaml: %s:%u:%u: %s", err.file, err.line, err.column,
                 err.message);
    return cat;
}

/* The bundled default catalog. It ships with the project, so failing to load it is a test
 * failure, not a reason to skip. */
static inline shr_catalog *qt_load_default(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    shr_error err;
    if (shr_catalog_load_default(cat, &err) != SHR_OK)
        fail_msg("loading the bundled catalog: %s:%u:%u: %s", err.file, err.line, err.column,
                 err.message);
    return cat;
}

/* Ids of a result, space-separated, into buf. */
static inline const char *qt_ids(const shr_result *r, char *buf, size_t size)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < shr_result_count(r); i++) {
        int n = snprintf(buf + off, size - off, "%s%s", i ? " " : "",
                         shr_practice_id(shr_result_at(r, i)));
        if (n < 0 || (size_t)n >= size - off)
            break;
        off += (size_t)n;
    }
    return buf;
}

/* Run expr and return its ids (static buffer per call site is the caller's). */
static inline const char *qt_select(const shr_catalog *cat, const char *expr, char *buf,
                                    size_t size)
{
    shr_result *r = NULL;
    shr_error err;
    int rc = shr_catalog_select(cat, expr, &r, &err);
    if (rc != SHR_OK)
        fail_msg("query '%s' failed: %s (column %u)", expr, err.message, err.column);
    qt_ids(r, buf, size);
    /* the count without a result agrees */
    shr_query *q = NULL;
    assert_int_equal(shr_query_parse(cat, expr, &q, &err), SHR_OK);
    assert_int_equal(shr_query_count(q, &err), (int64_t)shr_result_count(r));
    shr_query_free(q);
    shr_result_free(r);
    return buf;
}

#define QT_EXPECT(cat, expr, ids)                                                               \
    do {                                                                                        \
        char qt_buf_[4096];                                                                     \
        const char *qt_got_ = qt_select((cat), (expr), qt_buf_, sizeof qt_buf_);                \
        if (strcmp(qt_got_, (ids)) != 0)                                                        \
            fail_msg("query '%s': expected [%s], got [%s]", (expr), (ids), qt_got_);           \
    } while (0)

#endif
