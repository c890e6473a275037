/* panorama: the panorama of the Sharitories study for one territory, with a query built by
 * calls (no expression text): practices within TERRITORY that have not ended, cross-tabulated
 * by axis and family of practice.
 *
 *     panorama [TERRITORY-ID]        (default: fr-dep-44, Loire-Atlantique)
 *
 * The query is the same as the expression "in:TERRITORY -status:ended".
 */
#include <stdio.h>
#include <string.h>

#include <sharitories/sharitories.h>

static int fail(const char *what, const shr_error *err)
{
    fprintf(stderr, "panorama: %s: %s\n", what, err->message[0] ? err->message : "failed");
    return 1;
}

int main(int argc, char **argv)
{
    const char *territory_id = argc > 1 ? argv[1] : "fr-dep-44";
    shr_error err;
    shr_error_clear(&err);
    int status = 0;

    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat) {
        fprintf(stderr, "panorama: out of memory\n");
        return 1;
    }
    if (shr_catalog_load_default(cat, &err) != SHR_OK) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", err.file, err.line, err.column, err.message);
        shr_catalog_free(cat);
        return 1;
    }
    const shr_territory *t = shr_catalog_territory(cat, territory_id);

    /* in:TERRITORY AND NOT status:ended. The combinators take ownership of their operands
     * (and free them on failure), so the calls nest without leaks; a NULL operand makes the
     * combination fail with the operand's error. */
    shr_query *q = shr_query_field(cat, SHR_FIELD_IN, territory_id, &err);
    if (q)
        q = shr_query_and(q, shr_query_not(shr_query_field(cat, SHR_FIELD_STATUS, "ended", &err),
                                           &err),
                          &err);
    if (!q) {
        shr_catalog_free(cat);
        return fail("query", &err);
    }

    shr_result *r = NULL;
    shr_crosstab *x = NULL;
    if (shr_query_run(q, &r, &err) != SHR_OK ||
        shr_crosstab_compute(r, SHR_DIM_AXIS, SHR_DIM_FAMILY, &x, &err) != SHR_OK) {
        status = fail("panorama", &err);
        goto done;
    }

    printf("Panorama: %s (%s), practices not ended: %zu\n", t ? shr_territory_name(t) : "?",
           territory_id, shr_result_count(r));
    printf("A practice counts once under each of its axes.\n\n");

    size_t rows = shr_crosstab_row_count(x), cols = shr_crosstab_col_count(x);
    printf("%-20s", "axis \\ family");
    for (size_t c = 0; c < cols; c++)
        printf(" %12s", shr_crosstab_col_key(x, c));
    printf("\n");
    for (size_t row = 0; row < rows; row++) {
        printf("%-20s", shr_crosstab_row_key(x, row));
        for (size_t c = 0; c < cols; c++)
            printf(" %12zu", shr_crosstab_value(x, row, c));
        printf("\n");
    }

    printf("\nAxes:\n");
    for (size_t row = 0; row < rows; row++)
        printf("  %-18s %s\n", shr_crosstab_row_key(x, row),
               shr_crosstab_row_label(x, row, "fr"));
    printf("Families:\n");
    for (size_t c = 0; c < cols; c++)
        printf("  %-18s %s\n", shr_crosstab_col_key(x, c), shr_crosstab_col_label(x, c, "fr"));

done:
    shr_crosstab_free(x);
    shr_result_free(r);
    shr_query_free(q);
    shr_catalog_free(cat);
    return status;
}
