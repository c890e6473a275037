/* sharitories export [-f csv|json|geojson] [-o OUT] EXPR [FILE...]: the practices an
 * expression selects, for spreadsheets, scripts, QGIS and uMap. */
#include "cli.h"
#include "cmd_analysis.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define USAGE                                                                                   \
    CLI_PROGRAM " export [-f csv|json|geojson] [-o OUT] [--territory-location] EXPR [FILE...]"

enum { OPT_HELP = 1, OPT_FORMAT, OPT_OUTPUT, OPT_TERRLOC };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"format", 'f', 1, OPT_FORMAT},
    {"output", 'o', 1, OPT_OUTPUT},
    {"territory-location", 0, 0, OPT_TERRLOC},
    {NULL, 0, 0, 0},
};

typedef enum { FORMAT_CSV, FORMAT_JSON, FORMAT_GEOJSON } format;

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Write the practices that EXPR selects (\"\" for all; see `sharitories query --help`)\n"
           "as CSV, JSON or GeoJSON. Without FILE, the bundled default catalog.\n\n");
    printf("Options:\n"
           "  -f, --format FMT        csv (default), json, or geojson: a FeatureCollection of\n"
           "                          Point features ([longitude, latitude], WGS 84) with the\n"
           "                          fields as properties, for QGIS and uMap; practices\n"
           "                          without a location are left out\n"
           "      --territory-location  geojson: place a practice without location at its\n"
           "                          first territory that has one\n"
           "  -o, --output FILE       write to FILE instead of stdout (replaced only when the\n"
           "                          command succeeds)\n"
           "  -h, --help              show this help\n");
}

static int write_result(const shr_result *r, format fmt, unsigned flags, FILE *out,
                        size_t *written, shr_error *err)
{
    switch (fmt) {
    case FORMAT_CSV: return shr_result_write_csv_file(r, out, err);
    case FORMAT_JSON: return shr_result_write_json_file(r, out, err);
    default: return shr_result_write_geojson_file(r, out, flags, written, err);
    }
}

int cli_cmd_export(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    const char *value, *expr = NULL, *out_path = NULL;
    format fmt = FORMAT_CSV;
    unsigned flags = 0;
    int id, status = CLI_OK;

    cli_args_init(&args, "export", argc, argv, 1);
    while (status == CLI_OK && (id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            print_help();
            return cli_finish_output(CLI_OK);
        case OPT_FORMAT:
            if (strcmp(value, "csv") == 0)
                fmt = FORMAT_CSV;
            else if (strcmp(value, "json") == 0)
                fmt = FORMAT_JSON;
            else if (strcmp(value, "geojson") == 0)
                fmt = FORMAT_GEOJSON;
            else
                status = cli_usage_error("export", USAGE,
                                         "unknown format '%s' (csv, json or geojson)", value);
            break;
        case OPT_OUTPUT: out_path = value; break;
        case OPT_TERRLOC: flags |= SHR_GEOJSON_TERRITORY_LOCATION; break;
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
    }
    if (status == CLI_OK && !expr)
        status = cli_usage_error("export", USAGE,
                                 "missing EXPR (use \"\" to select every practice)");
    shr_catalog *cat = NULL;
    shr_query *q = NULL;
    shr_result *r = NULL;
    shr_error err;
    shr_error_clear(&err);
    if (status != CLI_OK)
        goto done;
    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    if ((status = cli_compile_query(cat, expr, &q)) != CLI_OK)
        goto done;
    if (shr_query_run(q, &r, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    size_t written = 0;
    if (!out_path) {
        int rc = write_result(r, fmt, flags, stdout, &written, &err);
        if (rc != SHR_OK && rc != SHR_EIO) {
            cli_print_shr_error(&err);
            status = CLI_FAIL;
        }
        status = cli_finish_output(status);
        goto done;
    }
    /* The library's atomic replacement: a failed export leaves an existing file as it was. */
    shr_atomic_file *af;
    if (shr_atomic_file_open(out_path, NULL, &af, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    FILE *f = shr_atomic_file_stream(af);
    int rc = f ? write_result(r, fmt, flags, f, &written, &err) : SHR_EIO;
    if (rc != SHR_OK) {
        if (rc != SHR_EIO)
            cli_print_shr_error(&err);
        else
            cli_error("cannot write %s", out_path);
        shr_atomic_file_abort(af);
        status = CLI_FAIL;
        goto done;
    }
    if (shr_atomic_file_commit(af, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    if (fmt == FORMAT_GEOJSON && written < shr_result_count(r))
        cli_notice("%zu of %zu practices have no location: left out",
                   shr_result_count(r) - written, shr_result_count(r));
done:
    shr_result_free(r);
    shr_query_free(q);
    shr_catalog_free(cat);
    cli_strv_free(&files);
    return status;
}
