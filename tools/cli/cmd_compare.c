/* sharitories compare --by DIM T1 T2 ... [FILE...]: territories side by side on one
 * dimension, in counts and per 10,000 inhabitants. */
#include "cli.h"
#include "cmd_analysis.h"

#include <string.h>

#define USAGE                                                                                   \
    CLI_PROGRAM " compare [-o FILE] [-f table|csv|json] --by DIM [--query EXPR] TERRITORY... [FILE...]"

enum { OPT_HELP = 1, OPT_FORMAT, OPT_BY, OPT_QUERY, OPT_OUTPUT };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'f', 1, OPT_FORMAT},
    {"by", 'b', 1, OPT_BY},
    {"query", 'q', 1, OPT_QUERY},
    {NULL, 0, 0, 0},
};

typedef enum { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } format;

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Count the practices within each TERRITORY (in:TERRITORY) per value of DIM, and\n"
           "per 10,000 inhabitants. DIM: axis, category, family, status, actorkind,\n"
           "actorsector, role, tag, started. A practice counts once under each value it has.\n\n"
           "Operands that end in .yaml or .yml or contain '/' are catalog files; the others\n"
           "are territory ids (write ./NAME for a file without those). Without FILE, the\n"
           "bundled default catalog.\n\n");
    printf("Options:\n"
           "  -b, --by DIM        the dimension (required)\n"
           "  -f, --format FMT    table (default), csv or json\n"
           "  -q, --query EXPR    count only the practices EXPR selects\n"
           "  -o, --output FILE   write to FILE (replaced only when the command succeeds)\n"
           "  -h, --help          show this help\n");
}

static int is_file_operand(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') != NULL || (n > 5 && strcmp(s + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(s + n - 4, ".yml") == 0);
}

static void write_table(const shr_comparison *cmp)
{
    size_t nt = shr_comparison_territory_count(cmp), nk = shr_comparison_key_count(cmp);
    size_t kw = cli_text_width(shr_dimension_name(shr_comparison_dimension(cmp)));
    char buf[64];
    for (size_t k = 0; k < nk; k++) {
        size_t w = cli_text_width(shr_comparison_key(cmp, k));
        if (w > kw)
            kw = w;
    }
    if (kw < 5)
        kw = 5;
    if (kw > 40)
        kw = 40;
    /* Each territory takes two columns: the count and the rate per 10,000. */
    size_t cw[64];
    size_t shown = nt < 64 ? nt : 64;
    for (size_t t = 0; t < shown; t++) {
        size_t w = cli_text_width(shr_territory_name(shr_comparison_territory_at(cmp, t)));
        cw[t] = w < 6 ? 6 : w > 24 ? 24 : w;
    }
    cli_buf line = {0};
    cli_write_cell(&line, shr_dimension_name(shr_comparison_dimension(cmp)), kw, 0);
    for (size_t t = 0; t < shown; t++) {
        cli_buf_add(&line, "  ");
        cli_write_cell(&line, shr_territory_name(shr_comparison_territory_at(cmp, t)), cw[t], 1);
        cli_buf_add(&line, "  ");
        cli_write_cell(&line, "/10k", 8, 1);
    }
    cli_emit_line(&line);
    for (size_t k = 0; k <= nk && !ferror(stdout); k++) {
        size_t key = k < nk ? k : SHR_NONE;
        cli_write_cell(&line, key == SHR_NONE ? "total" : shr_comparison_key(cmp, k), kw, 0);
        for (size_t t = 0; t < shown; t++) {
            size_t v = key == SHR_NONE ? shr_comparison_total(cmp, t)
                                       : shr_comparison_value(cmp, k, t);
            snprintf(buf, sizeof buf, "%zu", v);
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, buf, cw[t], 1);
            double r = shr_comparison_per_capita(cmp, key, t, 10000.0);
            if (r >= 0)
                snprintf(buf, sizeof buf, "%.2f", r);
            else
                snprintf(buf, sizeof buf, "-");
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, buf, 8, 1);
        }
        cli_emit_line(&line);
    }
    cli_buf_free(&line);
    printf("(populations:");
    for (size_t t = 0; t < nt; t++) {
        const shr_territory *ter = shr_comparison_territory_at(cmp, t);
        int64_t pop = shr_territory_population(ter);
        if (pop >= 0)
            printf("%s %s %lld", t ? ";" : "", shr_territory_id(ter), (long long)pop);
        else
            printf("%s %s unknown", t ? ";" : "", shr_territory_id(ter));
    }
    printf(")\n");
}

int cli_cmd_compare(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0}, terr = {0};
    const char *out_path = NULL;
    cli_output out = {0};
    const char *value, *expr = NULL;
    format fmt = FORMAT_TABLE;
    int id, status = CLI_OK, have_dim = 0;
    shr_dimension dim = SHR_DIM_CATEGORY;

    cli_args_init(&args, "compare", argc, argv, 0);
    while (status == CLI_OK && (id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            cli_strv_free(&terr);
            print_help();
            return cli_finish_output(CLI_OK);
        case OPT_FORMAT:
            if (strcmp(value, "table") == 0)
                fmt = FORMAT_TABLE;
            else if (strcmp(value, "csv") == 0)
                fmt = FORMAT_CSV;
            else if (strcmp(value, "json") == 0)
                fmt = FORMAT_JSON;
            else
                status = cli_usage_error("compare", USAGE,
                                         "unknown format '%s' (table, csv or json)", value);
            break;
        case OPT_BY:
            if (shr_dimension_from_name(value, &dim) != SHR_OK || shr_dimension_is_territorial(dim))
                status = cli_usage_error("compare", USAGE,
                                         "unknown dimension '%s' (axis, category, family, status,"
                                         " actorkind, actorsector, role, tag, started)",
                                         value);
            have_dim = 1;
            break;
        case OPT_QUERY:
            expr = value;
            break;
        case OPT_OUTPUT:
            out_path = value;
            break;
        case CLI_ARG_OPERAND:
            if (cli_strv_push(is_file_operand(value) ? &files : &terr, value)) {
                cli_error("out of memory");
                status = CLI_FAIL;
            }
            break;
        default:
            status = CLI_USAGE;
            break;
        }
    }
    if (status == CLI_OK && !have_dim)
        status = cli_usage_error("compare", USAGE, "missing --by DIM");
    if (status == CLI_OK && terr.count == 0)
        status = cli_usage_error("compare", USAGE, "missing TERRITORY");
    shr_catalog *cat = NULL;
    shr_query *q = NULL;
    shr_comparison *cmp = NULL;
    if (status != CLI_OK)
        goto done;
    if (out_path && (status = cli_output_open(&out, out_path)) != CLI_OK)
        goto done;
    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    if (expr && (status = cli_compile_query(cat, expr, &q)) != CLI_OK)
        goto done;
    shr_error err;
    shr_error_clear(&err);
    if (shr_comparison_compute(cat, terr.items, terr.count,
                               &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, dim, q},
                               &cmp, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    int rc = SHR_OK;
    switch (fmt) {
    case FORMAT_TABLE: write_table(cmp); break;
    case FORMAT_CSV: rc = shr_comparison_write_csv_file(cmp, stdout, &err); break;
    case FORMAT_JSON: rc = shr_comparison_write_json_file(cmp, stdout, &err); break;
    }
    if (rc != SHR_OK && rc != SHR_EIO) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
    }
done:
    /* finishes stdout, or FILE: renamed into place on success, its temporary removed else */
    status = cli_output_close(&out, status);
    shr_comparison_free(cmp);
    shr_query_free(q);
    shr_catalog_free(cat);
    cli_strv_free(&files);
    cli_strv_free(&terr);
    return status;
}
