/* sharitories export [-f csv|json|geojson|sql] [-o OUT] EXPR [FILE...]: the practices an
 * expression selects, for spreadsheets, scripts, QGIS, uMap and PostgreSQL/PostGIS. */
#include "cli.h"
#include "cmd_analysis.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define USAGE                                                                                   \
    CLI_PROGRAM " export [-f csv|json|geojson|sql] [-o OUT] [--territory-location]\n"          \
                "       [--schema NAME] [--all-territories] EXPR [FILE...]"

enum { OPT_HELP = 1, OPT_FORMAT, OPT_OUTPUT, OPT_TERRLOC, OPT_SCHEMA, OPT_ALLTERR };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"format", 'f', 1, OPT_FORMAT},
    {"output", 'o', 1, OPT_OUTPUT},
    {"territory-location", 0, 0, OPT_TERRLOC},
    {"schema", 0, 1, OPT_SCHEMA},
    {"all-territories", 0, 0, OPT_ALLTERR},
    {NULL, 0, 0, 0},
};

typedef enum { FORMAT_CSV, FORMAT_JSON, FORMAT_GEOJSON, FORMAT_SQL } format;

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Write the practices that EXPR selects (\"\" for all; see `sharitories query --help`)\n"
           "as CSV, JSON, GeoJSON or an SQL script for PostgreSQL/PostGIS. Without FILE, the\n"
           "bundled default catalog.\n\n");
    printf("Options:\n"
           "  -f, --format FMT        csv (default), json, geojson or sql. geojson: a\n"
           "                          FeatureCollection of Point features ([longitude,\n"
           "                          latitude], WGS 84) with the fields as properties, for\n"
           "                          QGIS and uMap; practices without a location are left\n"
           "                          out. sql: a script that creates a schema with the\n"
           "                          practices, their territories (PostGIS points, parent,\n"
           "                          groups, ancestors), actors and links, in one transaction:\n"
           "                          psql -v ON_ERROR_STOP=1 -f FILE (docs/export.md)\n"
           "      --territory-location  geojson: place a practice without location at its\n"
           "                          first territory that has one\n"
           "      --schema NAME       sql: the schema to create (default sharitories; must not\n"
           "                          exist; any characters, kept as written)\n"
           "      --all-territories   sql: every territory of the catalog, not only those of\n"
           "                          the practices and actors and the ones containing them\n"
           "  -o, --output FILE       write to FILE instead of stdout (replaced only when the\n"
           "                          command succeeds)\n"
           "  -h, --help              show this help\n");
}

static int write_result(const shr_result *r, format fmt, unsigned flags, const char *schema,
                        FILE *out, size_t *written, shr_error *err)
{
    switch (fmt) {
    case FORMAT_CSV: return shr_result_write_csv_file(r, out, err);
    case FORMAT_JSON: return shr_result_write_json_file(r, out, err);
    case FORMAT_SQL: return shr_result_write_sql_file(r, out, schema, flags, err);
    default: return shr_result_write_geojson_file(r, out, flags, written, err);
    }
}

int cli_cmd_export(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    const char *value, *expr = NULL, *out_path = NULL, *schema = NULL;
    format fmt = FORMAT_CSV;
    unsigned flags = 0, sql_flags = 0;
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
            else if (strcmp(value, "sql") == 0)
                fmt = FORMAT_SQL;
            else
                status = cli_usage_error("export", USAGE,
                                         "unknown format '%s' (csv, json, geojson or sql)", value);
            break;
        case OPT_OUTPUT: out_path = value; break;
        case OPT_TERRLOC: flags |= SHR_GEOJSON_TERRITORY_LOCATION; break;
        case OPT_SCHEMA: schema = value; break;
        case OPT_ALLTERR: sql_flags |= SHR_SQL_ALL_TERRITORIES; break;
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
    if (status == CLI_OK && fmt != FORMAT_SQL && (schema || sql_flags))
        status = cli_usage_error("export", USAGE, "--schema and --all-territories need -f sql");
    if (status == CLI_OK && fmt != FORMAT_GEOJSON && flags)
        status = cli_usage_error("export", USAGE, "--territory-location needs -f geojson");
    if (fmt == FORMAT_SQL)
        flags = sql_flags;
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
        int rc = write_result(r, fmt, flags, schema, stdout, &written, &err);
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
    int rc = f ? write_result(r, fmt, flags, schema, f, &written, &err) : SHR_EIO;
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
