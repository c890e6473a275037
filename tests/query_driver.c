/* query_driver: load catalog files once, then run query expressions read from stdin (one per
 * line) and print, per expression, one line:
 *   OK <count> <id> <id> ...        (ids in catalog order)
 *   ERR <code name> <column> <message>
 * Checks on the way that shr_query_count() agrees with the result (else exits 3).
 * Used by tests/query_diff.py (the differential test against a Python reference).
 * usage: query_driver FILE... < expressions */
#include <sharitories/sharitories.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: query_driver FILE... < expressions\n");
        return 2;
    }
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    if (!cat)
        return 1;
    if (shr_catalog_load_files(cat, (const char *const *)argv + 1, (size_t)argc - 1, &err)) {
        fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line, err.column, err.message);
        shr_catalog_free(cat);
        return 1;
    }
    size_t cap = 1 << 16;
    char *line = malloc(cap);
    if (!line)
        return 1;
    while (fgets(line, (int)cap, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        shr_query *q;
        if (shr_query_parse(cat, line, &q, &err) != SHR_OK) {
            printf("ERR %s %u %s\n", shr_error_code_name(err.code), err.column, err.message);
            continue;
        }
        shr_result *r;
        if (shr_query_run(q, &r, &err) != SHR_OK) {
            printf("ERR %s 0 %s\n", shr_error_code_name(err.code), err.message);
            shr_query_free(q);
            continue;
        }
        int64_t n = shr_query_count(q, &err);
        if (n != (int64_t)shr_result_count(r)) {
            fprintf(stderr, "count %lld != result %zu for: %s\n", (long long)n,
                    shr_result_count(r), line);
            return 3;
        }
        printf("OK %zu", shr_result_count(r));
        for (size_t i = 0; i < shr_result_count(r); i++)
            printf(" %s", shr_practice_id(shr_result_at(r, i)));
        printf("\n");
        shr_result_free(r);
        shr_query_free(q);
    }
    free(line);
    shr_catalog_free(cat);
    return 0;
}
