/* bench_list: load catalog files, then time the listing of each query read from stdin, one per
 * line as `NAME<TAB>EXPR` (a trailing `| count by DIM` is dropped: the practices listed are
 * those of the expression). Two listings per query, each parse + run + read:
 *   ids:     the id of every practice of the result;
 *   records: id, name, category, status, started, ended and description (a copy, as a row of
 *            SQLite's SELECT would be) of every practice.
 * Prints `NAME<TAB>COUNT<TAB>IDS_MS<TAB>RECORDS_MS`, the best of N runs of each.
 * usage: bench_list [--repeat N] FILE... < suite.tsv */
#include <sharitories/sharitories.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* What a listing read, so that the compiler cannot drop the reads. */
static volatile size_t sink;

/* One listing: the number of practices, or -1 on error. */
static long long list_once(const shr_catalog *cat, const char *expr, int records, char **buf,
                           size_t *cap, shr_error *err)
{
    shr_query *q = NULL;
    shr_result *r = NULL;
    if (shr_query_parse(cat, expr, &q, err) != SHR_OK)
        return -1;
    int rc = shr_query_run(q, &r, err);
    shr_query_free(q);
    if (rc != SHR_OK)
        return -1;
    size_t n = shr_result_count(r), total = 0;
    const char **ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids) {
        shr_result_free(r);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const shr_practice *p = shr_result_at(r, i);
        ids[i] = shr_practice_id(p);
        if (!records)
            continue;
        total += strlen(shr_practice_name(p)) + strlen(shr_category_id(shr_practice_category(p))) +
                 strlen(shr_status_name(shr_practice_status(p))) +
                 (size_t)shr_practice_started(p) + (size_t)shr_practice_ended(p);
        int64_t len = shr_practice_description_copy(p, *buf, *cap);
        if (len >= 0 && (size_t)len >= *cap) {
            char *bigger = realloc(*buf, (size_t)len + 1);
            if (!bigger) {
                free(ids);
                shr_result_free(r);
                return -1;
            }
            *buf = bigger;
            *cap = (size_t)len + 1;
            len = shr_practice_description_copy(p, *buf, *cap);
        }
        total += len > 0 ? (size_t)len : 0;
    }
    sink = total + (n ? (size_t)ids[n - 1][0] : 0);
    free(ids);
    shr_result_free(r);
    return (long long)n;
}

/* The best of `repeat` listings, in ms; *count is set. Negative on error. */
static double best_ms(const shr_catalog *cat, const char *expr, int records, int repeat,
                      long long *count, char **buf, size_t *cap, shr_error *err)
{
    double best = -1;
    for (int i = 0; i < repeat; i++) {
        double t0 = now_ms();
        *count = list_once(cat, expr, records, buf, cap, err);
        double t = now_ms() - t0;
        if (*count < 0)
            return -1;
        if (best < 0 || t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    int repeat = 5, first = 1;
    if (argc > 2 && strcmp(argv[1], "--repeat") == 0) {
        repeat = atoi(argv[2]);
        first = 3;
    }
    if (repeat < 1 || first >= argc) {
        fprintf(stderr, "usage: bench_list [--repeat N] FILE... < suite.tsv\n");
        return 2;
    }
    shr_error err;
    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat || shr_catalog_load_files(cat, (const char *const *)argv + first,
                                       (size_t)(argc - first), &err) != SHR_OK) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", err.file, err.line, err.column, err.message);
        shr_catalog_free(cat);
        return 1;
    }
    char line[4096];
    size_t cap = 4096;
    char *buf = malloc(cap);
    int status = buf ? 0 : 1;
    while (buf && fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char *expr = tab + 1;
        char *pipe = strstr(expr, "| count by ");
        if (pipe)
            *pipe = '\0';
        long long n = 0, m = 0;
        double ids = best_ms(cat, expr, 0, repeat, &n, &buf, &cap, &err);
        double recs = ids < 0 ? -1 : best_ms(cat, expr, 1, repeat, &m, &buf, &cap, &err);
        if (ids < 0 || recs < 0) {
            fprintf(stderr, "%s: %s (column %u)\n", line, err.message, err.column);
            status = 1;
            continue;
        }
        printf("%s\t%lld\t%.4f\t%.4f\n", line, n, ids, recs);
    }
    free(buf);
    shr_catalog_free(cat);
    return status;
}
