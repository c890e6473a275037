/* sharitories query [OPTIONS] EXPR [FILE...]: list the practices an expression selects. */
#include "cli.h"

#include <string.h>

#define USAGE                                                                                   \
    CLI_PROGRAM " query [-f table|ids|csv|json] [--count] [--sort KEY] [--limit N] [--offset N]" \
                " EXPR [FILE...]"

enum { OPT_HELP = 1, OPT_FORMAT, OPT_COUNT, OPT_SORT, OPT_LIMIT, OPT_OFFSET, OPT_REVERSE };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"format", 'f', 1, OPT_FORMAT},
    {"count", 'c', 0, OPT_COUNT},
    {"sort", 's', 1, OPT_SORT},
    {"reverse", 'r', 0, OPT_REVERSE},
    {"limit", 'n', 1, OPT_LIMIT},
    {"offset", 0, 1, OPT_OFFSET},
    {NULL, 0, 0, 0},
};

typedef enum { FORMAT_TABLE, FORMAT_IDS, FORMAT_CSV, FORMAT_JSON } format;

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Print the practices that the query expression EXPR selects (see the query\n"
           "language: axis:ID category:ID family:ID in:TERRITORY at:TERRITORY actor:ID\n"
           "actorkind:K actorsector:S role:R status:S tag:T id:ID, started/ended/population/\n"
           "territories OP N, words and \"phrases\", OR, -NOT, parentheses; \"\" selects all).\n"
           "Without FILE, the bundled default catalog. An EXPR starting with '-' needs no '--'.\n\n");
    printf("Options:\n"
           "  -f, --format FMT   table (default: id, name, category, territories, status,\n"
           "                     started), ids (one id a line), csv (every field; lists\n"
           "                     joined with ';'), json (an array of objects)\n"
           "  -c, --count        print only the number of practices\n"
           "  -s, --sort KEY     order by name, started, id or catalog (default)\n"
           "  -r, --reverse      reverse the order of the sort key\n"
           "  -n, --limit N      print at most N practices\n"
           "      --offset N     skip the first N practices\n"
           "  -h, --help         show this help\n\n");
    printf("A bad expression prints the expression, a caret under the fault and the reason,\n"
           "and exits 1. Usage errors exit 2.\n");
}

/* ---- Field texts ---------------------------------------------------------------------------- */

static const char *category_id(const shr_practice *p)
{
    const shr_category *c = shr_practice_category(p);
    return c ? shr_category_id(c) : "";
}

static const char *family_id(const shr_practice *p)
{
    const shr_category *c = shr_practice_category(p);
    const char *f = c ? shr_family_name(shr_category_family(c)) : NULL;
    return f ? f : "";
}

static const char *status_text(const shr_practice *p)
{
    const char *s = shr_status_name(shr_practice_status(p));
    return s ? s : "";
}

static const char *role_text(int role)
{
    const char *s = shr_role_name((shr_role)role);
    return s ? s : "";
}

static const char *year_text(int32_t year, char *buf, size_t size)
{
    if (year == SHR_NO_YEAR)
        buf[0] = '\0';
    else
        snprintf(buf, size, "%ld", (long)year);
    return buf;
}

/* Territory names joined with ", " (table). */
static void territory_names(const shr_practice *p, cli_buf *b)
{
    cli_buf_clear(b);
    size_t n = shr_practice_territory_count(p);
    for (size_t i = 0; i < n; i++) {
        const shr_territory *t = shr_practice_territory_at(p, i);
        if (!t)
            continue;
        if (i)
            cli_buf_add(b, ", ");
        cli_buf_add(b, shr_territory_name(t));
    }
}

/* ---- Writers -------------------------------------------------------------------------------- */

static void write_ids(const shr_result *r)
{
    size_t n = shr_result_count(r);
    for (size_t i = 0; i < n && !ferror(stdout); i++)
        printf("%s\n", shr_practice_id(shr_result_at(r, i)));
}

enum { COL_ID, COL_NAME, COL_CATEGORY, COL_TERRITORIES, COL_STATUS, COL_STARTED, NCOLS };

static const char *const table_heads[NCOLS] = {"ID", "NAME", "CATEGORY", "TERRITORIES",
                                               "STATUS", "STARTED"};
static const size_t table_caps[NCOLS] = {32, 48, 22, 40, 8, 7};

static const char *table_cell(const shr_practice *p, int col, cli_buf *b, char *year, size_t size)
{
    switch (col) {
    case COL_ID: return shr_practice_id(p);
    case COL_NAME: return shr_practice_name(p);
    case COL_CATEGORY: return category_id(p);
    case COL_TERRITORIES: territory_names(p, b); return cli_buf_str(b);
    case COL_STATUS: return status_text(p);
    default: return year_text(shr_practice_started(p), year, size);
    }
}

static int write_table(const shr_result *r, size_t total)
{
    size_t n = shr_result_count(r);
    size_t width[NCOLS];
    cli_buf b = {0};
    char year[16];
    for (int c = 0; c < NCOLS; c++)
        width[c] = cli_text_width(table_heads[c]);
    for (size_t i = 0; i < n; i++) {
        const shr_practice *p = shr_result_at(r, i);
        for (int c = 0; c < NCOLS; c++) {
            size_t w = cli_text_width(table_cell(p, c, &b, year, sizeof year));
            if (w > table_caps[c])
                w = table_caps[c];
            if (w > width[c])
                width[c] = w;
        }
    }
    cli_buf line = {0};
    if (n) {
        for (int c = 0; c < NCOLS; c++) {
            cli_write_cell(&line, table_heads[c], width[c], 0);
            cli_buf_add(&line, "  ");
        }
        cli_emit_line(&line);
        for (int c = 0; c < NCOLS; c++) {
            cli_write_rule(&line, width[c]);
            cli_buf_add(&line, "  ");
        }
        cli_emit_line(&line);
    }
    for (size_t i = 0; i < n && !ferror(stdout); i++) {
        const shr_practice *p = shr_result_at(r, i);
        for (int c = 0; c < NCOLS; c++) {
            cli_write_cell(&line, table_cell(p, c, &b, year, sizeof year), width[c],
                           c == COL_STARTED);
            cli_buf_add(&line, "  ");
        }
        cli_emit_line(&line);
    }
    int status = CLI_OK;
    if (line.failed || b.failed) {
        cli_error("out of memory");
        status = CLI_FAIL;
    }
    cli_buf_free(&line);
    if (n == total)
        printf("%zu practice%s\n", n, n == 1 ? "" : "s");
    else
        printf("%zu of %zu practices\n", n, total);
    cli_buf_free(&b);
    return status;
}

static const char *const csv_heads[] = {
    "id", "name", "category", "family", "axes", "territories", "actors", "status", "started",
    "ended", "description", "tags", "figures", "links", "address", "latitude", "longitude",
};

static void write_csv(const shr_result *r)
{
    size_t n = shr_result_count(r);
    cli_buf b = {0};
    char num[40];
    for (size_t c = 0; c < sizeof csv_heads / sizeof csv_heads[0]; c++)
        printf("%s%s", c ? "," : "", csv_heads[c]);
    putchar('\n');
    for (size_t i = 0; i < n && !ferror(stdout); i++) {
        const shr_practice *p = shr_result_at(r, i);
        cli_csv_field(stdout, shr_practice_id(p));
        putchar(',');
        cli_csv_field(stdout, shr_practice_name(p));
        putchar(',');
        cli_csv_field(stdout, category_id(p));
        putchar(',');
        cli_csv_field(stdout, family_id(p));
        putchar(',');

        cli_buf_clear(&b);
        for (size_t k = 0, m = shr_practice_axis_count(p); k < m; k++) {
            const shr_axis *a = shr_practice_axis_at(p, k);
            cli_buf_addf(&b, "%s%s", k ? ";" : "", a ? shr_axis_id(a) : "");
        }
        cli_csv_field(stdout, cli_buf_str(&b));
        putchar(',');

        cli_buf_clear(&b);
        for (size_t k = 0, m = shr_practice_territory_count(p); k < m; k++) {
            const shr_territory *t = shr_practice_territory_at(p, k);
            cli_buf_addf(&b, "%s%s", k ? ";" : "", t ? shr_territory_id(t) : "");
        }
        cli_csv_field(stdout, cli_buf_str(&b));
        putchar(',');

        cli_buf_clear(&b);
        for (size_t k = 0, m = shr_practice_actor_count(p); k < m; k++) {
            const shr_actor *a = shr_practice_actor_at(p, k);
            cli_buf_addf(&b, "%s%s:%s", k ? ";" : "", a ? shr_actor_id(a) : "",
                         role_text(shr_practice_actor_role(p, k)));
        }
        cli_csv_field(stdout, cli_buf_str(&b));
        putchar(',');

        cli_csv_field(stdout, status_text(p));
        putchar(',');
        shr_csv_write_number(stdout, year_text(shr_practice_started(p), num, sizeof num));
        putchar(',');
        shr_csv_write_number(stdout, year_text(shr_practice_ended(p), num, sizeof num));
        putchar(',');
        cli_csv_field(stdout, cli_description(p, &b));
        putchar(',');

        cli_buf_clear(&b);
        for (size_t k = 0, m = shr_practice_tag_count(p); k < m; k++)
            cli_buf_addf(&b, "%s%s", k ? ";" : "", shr_practice_tag_at(p, k));
        cli_csv_field(stdout, cli_buf_str(&b));
        putchar(',');

        cli_buf_clear(&b);
        for (size_t k = 0, m = shr_practice_figure_count(p); k < m; k++)
            cli_buf_addf(&b, "%s%s=%s", k ? ";" : "", shr_practice_figure_name(p, k),
                         cli_format_double(shr_practice_figure_value(p, k), num, sizeof num));
        cli_csv_field(stdout, cli_buf_str(&b));
        putchar(',');

        cli_buf_clear(&b);
        for (size_t k = 0, m = shr_practice_link_count(p); k < m; k++)
            cli_buf_addf(&b, "%s%s", k ? ";" : "", shr_practice_link_at(p, k));
        cli_csv_field(stdout, cli_buf_str(&b));
        putchar(',');

        cli_csv_field(stdout, shr_practice_address(p));
        putchar(',');
        double lat = 0, lon = 0;
        if (shr_practice_location(p, &lat, &lon)) {
            shr_csv_write_number(stdout, cli_format_double(lat, num, sizeof num));
            putchar(',');
            shr_csv_write_number(stdout, cli_format_double(lon, num, sizeof num));
        } else {
            putchar(',');
        }
        putchar('\n');
    }
    if (b.failed)
        cli_error("out of memory");
    cli_buf_free(&b);
}

static void json_number(double v)
{
    char num[40];
    const char *s = cli_format_double(v, num, sizeof num);
    fputs(*s ? s : "null", stdout);
}

static void json_year(int32_t year)
{
    if (year == SHR_NO_YEAR)
        fputs("null", stdout);
    else
        printf("%ld", (long)year);
}

static void write_json_practice(const shr_practice *p, cli_buf *desc)
{
    fputs("{\"id\": ", stdout);
    cli_json_string(stdout, shr_practice_id(p));
    fputs(", \"name\": ", stdout);
    cli_json_string(stdout, shr_practice_name(p));
    fputs(", \"category\": ", stdout);
    cli_json_string(stdout, category_id(p));
    fputs(", \"family\": ", stdout);
    cli_json_string(stdout, family_id(p));

    fputs(", \"axes\": [", stdout);
    for (size_t k = 0, m = shr_practice_axis_count(p); k < m; k++) {
        const shr_axis *a = shr_practice_axis_at(p, k);
        fputs(k ? ", " : "", stdout);
        cli_json_string(stdout, a ? shr_axis_id(a) : NULL);
    }
    fputs("], \"territories\": [", stdout);
    for (size_t k = 0, m = shr_practice_territory_count(p); k < m; k++) {
        const shr_territory *t = shr_practice_territory_at(p, k);
        fputs(k ? ", " : "", stdout);
        cli_json_string(stdout, t ? shr_territory_id(t) : NULL);
    }
    fputs("], \"actors\": [", stdout);
    for (size_t k = 0, m = shr_practice_actor_count(p); k < m; k++) {
        const shr_actor *a = shr_practice_actor_at(p, k);
        fputs(k ? ", {\"actor\": " : "{\"actor\": ", stdout);
        cli_json_string(stdout, a ? shr_actor_id(a) : NULL);
        fputs(", \"role\": ", stdout);
        cli_json_string(stdout, role_text(shr_practice_actor_role(p, k)));
        fputs("}", stdout);
    }
    fputs("], \"status\": ", stdout);
    cli_json_string(stdout, status_text(p));
    fputs(", \"started\": ", stdout);
    json_year(shr_practice_started(p));
    fputs(", \"ended\": ", stdout);
    json_year(shr_practice_ended(p));
    fputs(", \"description\": ", stdout);
    cli_json_string(stdout, cli_description(p, desc));

    fputs(", \"tags\": [", stdout);
    for (size_t k = 0, m = shr_practice_tag_count(p); k < m; k++) {
        fputs(k ? ", " : "", stdout);
        cli_json_string(stdout, shr_practice_tag_at(p, k));
    }
    fputs("], \"figures\": {", stdout);
    for (size_t k = 0, m = shr_practice_figure_count(p); k < m; k++) {
        fputs(k ? ", " : "", stdout);
        cli_json_string(stdout, shr_practice_figure_name(p, k));
        fputs(": ", stdout);
        json_number(shr_practice_figure_value(p, k));
    }
    fputs("}, \"links\": [", stdout);
    for (size_t k = 0, m = shr_practice_link_count(p); k < m; k++) {
        fputs(k ? ", " : "", stdout);
        cli_json_string(stdout, shr_practice_link_at(p, k));
    }
    fputs("], \"address\": ", stdout);
    cli_json_string(stdout, shr_practice_address(p));
    double lat = 0, lon = 0;
    if (shr_practice_location(p, &lat, &lon)) {
        fputs(", \"latitude\": ", stdout);
        json_number(lat);
        fputs(", \"longitude\": ", stdout);
        json_number(lon);
    } else {
        fputs(", \"latitude\": null, \"longitude\": null", stdout);
    }
    fputs("}", stdout);
}

static void write_json(const shr_result *r)
{
    size_t n = shr_result_count(r);
    if (!n) {
        fputs("[]\n", stdout);
        return;
    }
    cli_buf desc = {0};
    fputs("[\n", stdout);
    for (size_t i = 0; i < n && !ferror(stdout); i++) {
        fputs("  ", stdout);
        write_json_practice(shr_result_at(r, i), &desc);
        fputs(i + 1 < n ? ",\n" : "\n", stdout);
    }
    cli_buf_free(&desc);
    fputs("]\n", stdout);
}

/* ---- The command ---------------------------------------------------------------------------- */

int cli_cmd_query(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    const char *expr = NULL, *value;
    format fmt = FORMAT_TABLE;
    int count_only = 0, sorted = 0, reverse = 0, id;
    shr_sort_key sort = SHR_SORT_CATALOG;
    size_t limit = SHR_NONE, offset = 0;
    int status = CLI_OK;

    cli_args_init(&args, "query", argc, argv, 1);
    while ((id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            print_help();
            return cli_finish_output(CLI_OK);
        case OPT_FORMAT:
            if (strcmp(value, "table") == 0)
                fmt = FORMAT_TABLE;
            else if (strcmp(value, "ids") == 0)
                fmt = FORMAT_IDS;
            else if (strcmp(value, "csv") == 0)
                fmt = FORMAT_CSV;
            else if (strcmp(value, "json") == 0)
                fmt = FORMAT_JSON;
            else
                status = cli_usage_error("query", USAGE,
                                         "unknown format '%s' (table, ids, csv or json)", value);
            break;
        case OPT_COUNT:
            count_only = 1;
            break;
        case OPT_SORT:
            if (shr_sort_key_from_name(value, &sort) != SHR_OK)
                status = cli_usage_error("query", USAGE,
                                         "unknown sort key '%s' (name, started, id or catalog)",
                                         value);
            sorted = 1;
            break;
        case OPT_REVERSE:
            reverse = 1;
            break;
        case OPT_LIMIT:
            if (cli_parse_size(value, &limit))
                status = cli_usage_error("query", USAGE, "--limit needs a number >= 0, not '%s'",
                                         value);
            break;
        case OPT_OFFSET:
            if (cli_parse_size(value, &offset))
                status = cli_usage_error("query", USAGE, "--offset needs a number >= 0, not '%s'",
                                         value);
            break;
        case CLI_ARG_OPERAND:
            if (!expr)
                expr = value;
            else if (cli_strv_push(&files, value)) {
                cli_error("out of memory");
                status = CLI_FAIL;
            }
            break;
        default:
            status = CLI_USAGE;
            break;
        }
        if (status != CLI_OK) {
            cli_strv_free(&files);
            return status;
        }
    }
    if (!expr) {
        cli_strv_free(&files);
        return cli_usage_error("query", USAGE, "missing EXPR (use \"\" to select every practice)");
    }

    shr_catalog *cat = NULL;
    shr_query *q = NULL;
    shr_result *r = NULL;
    shr_error err;
    shr_error_clear(&err);
    status = cli_load(files.items, files.count, &cat);
    cli_strv_free(&files);
    if (status != CLI_OK)
        return status;
    status = cli_compile_query(cat, expr, &q);
    if (status != CLI_OK)
        goto done;

    if (count_only && !sorted && offset == 0 && limit == SHR_NONE) {
        int64_t n = shr_query_count(q, &err);
        if (n < 0) {
            if (err.code == SHR_OK)
                err.code = (int)n;
            cli_print_shr_error(&err);
            status = CLI_FAIL;
            goto done;
        }
        printf("%lld\n", (long long)n);
        goto done;
    }

    int rc = shr_query_run(q, &r, &err);
    if (rc == SHR_OK && (sorted || reverse))
        rc = shr_result_sort(r, sort, reverse, &err);
    if (rc != SHR_OK) {
        if (err.code == SHR_OK)
            err.code = rc;
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    size_t total = shr_result_count(r);
    if (offset || limit != SHR_NONE)
        shr_result_slice(r, offset, limit);

    if (count_only) {
        printf("%zu\n", shr_result_count(r));
        goto done;
    }
    switch (fmt) {
    case FORMAT_IDS: write_ids(r); break;
    case FORMAT_CSV: write_csv(r); break;
    case FORMAT_JSON: write_json(r); break;
    default: status = write_table(r, total); break;
    }

done:
    shr_result_free(r);
    shr_query_free(q);
    shr_catalog_free(cat);
    return cli_finish_output(status);
}
