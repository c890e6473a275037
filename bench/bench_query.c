/* bench_query: load catalog files, then time query expressions read from stdin, one per line
 * as `NAME<TAB>EXPR`. An expression may end with `| count by DIM` (a facet over the result,
 * as in ../shared/bench/anchors.py). Prints `NAME<TAB>sharitories<TAB>COUNT<TAB>MEDIAN_MS`,
 * COUNT being the number of practices, or of facet values for a facet.
 * usage: bench_query [--repeat N] FILE... < suite.tsv */
#include <sharitories/sharitories.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_REPEAT 101

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Run once: the count (practices or facet values), or a negative error. */
static long long run_once(const shr_catalog *cat, const char *expr, int has_dim, shr_dimension dim,
                          shr_error *err)
{
    shr_query *q = NULL;
    if (shr_query_parse(cat, expr, &q, err) != SHR_OK)
        return -1;
    long long n;
    if (!has_dim) {
        n = shr_query_count(q, err);
    } else {
        shr_result *r = NULL;
        shr_facet *f = NULL;
        n = -1;
        if (shr_query_run(q, &r, err) == SHR_OK && shr_facet_compute(r, dim, &f, err) == SHR_OK)
            n = (long long)shr_facet_count(f);
        shr_facet_free(f);
        shr_result_free(r);
    }
    shr_query_free(q);
    return n;
}

int main(int argc, char **argv)
{
    int repeat = 5, first = 1;
    if (argc > 2 && strcmp(argv[1], "--repeat") == 0) {
        repeat = atoi(argv[2]);
        first = 3;
    }
    if (repeat < 1 || repeat > MAX_REPEAT || first >= argc) {
        fprintf(stderr, "usage: bench_query [--repeat N] FILE... < suite.tsv\n");
        return 2;
    }
    shr_error err;
    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat || shr_catalog_load_files(cat, (const char *const *)argv + first, (size_t)(argc - first),
                                       &err) != SHR_OK) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", err.file, err.line, err.column, err.message);
        shr_catalog_free(cat);
        return 1;
    }
    char line[4096];
    int status = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char *expr = tab + 1;
        int has_dim = 0;
        shr_dimension dim = SHR_DIM_AXIS;
        char *pipe = strstr(expr, "| count by ");
        if (pipe) {
            if (shr_dimension_from_name(pipe + strlen("| count by "), &dim) != SHR_OK) {
                fprintf(stderr, "%s: unknown dimension\n", line);
                status = 1;
                continue;
            }
            has_dim = 1;
            *pipe = '\0';
        }
        double times[MAX_REPEAT];
        long long n = 0;
        for (int i = 0; i < repeat; i++) {
            double t0 = now_ms();
            n = run_once(cat, expr, has_dim, dim, &err);
            times[i] = now_ms() - t0;
            if (n < 0)
                break;
        }
        if (n < 0) {
            fprintf(stderr, "%s: %s (column %u)\n", line, err.message, err.column);
            status = 1;
            continue;
        }
        qsort(times, (size_t)repeat, sizeof times[0], cmp_double);
        printf("%s\tsharitories\t%lld\t%.4f\n", line, n, times[repeat / 2]);
    }
    shr_catalog_free(cat);
    return status;
}
