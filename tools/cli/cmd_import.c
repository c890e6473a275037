/* sharitories import --map MAPPING.yaml FILE.csv -o OUT.yaml [CATALOG...]: practices from a
 * spreadsheet, communes resolved against the catalog. */
#include "cli.h"
#include "cmd_analysis.h"

#include <string.h>

#define USAGE                                                                                   \
    CLI_PROGRAM " import --map MAPPING.yaml [--outlines PATH]... [--rejected OUT.csv] [--strict] FILE.csv"           \
                " -o OUT.yaml [CATALOG...]"

enum { OPT_HELP = 1, OPT_MAP, OPT_OUTPUT, OPT_REJECTED, OPT_STRICT, OPT_QUIET, OPT_OUTLINES };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"map", 'm', 1, OPT_MAP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"rejected", 0, 1, OPT_REJECTED},
    {"strict", 0, 0, OPT_STRICT},
    {"outlines", 0, 1, OPT_OUTLINES},
    {"quiet", 'q', 0, OPT_QUIET},
    {NULL, 0, 0, 0},
};

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Read the practices of FILE.csv as MAPPING.yaml says (which column is the id, the\n"
           "name, the category and its values, the commune code, postal code, commune name,\n"
           "address, latitude, longitude, link; constants such as tags and an id prefix),\n"
           "resolve each row's commune against the catalog (CATALOG files, else the bundled\n"
           "default catalog) and write the rows found as a catalog file OUT.yaml, which loads\n"
           "together with that catalog. Nothing is guessed: a row whose commune is unknown or\n"
           "ambiguous is left out and reported.\n\n");
    printf("Options:\n"
           "  -m, --map FILE       the mapping (required); see examples/import/\n"
           "  -o, --output FILE    the catalog file to write (required; written atomically)\n"
           "      --outlines PATH  commune outlines (a GeoJSON file, or a folder of .geojson\n"
           "                       files; property `code`): a row whose commune is not found\n"
           "                       otherwise is placed by its latitude and longitude in the\n"
           "                       one commune whose outline holds it (method `outline`);\n"
           "                       may be repeated\n"
           "      --rejected FILE  also write the rows left out as CSV (line,id,name,reason)\n"
           "      --strict         exit 1 when a row is left out\n"
           "  -q, --quiet          do not list rows left out and warnings on stderr\n"
           "  -h, --help           show this help\n\n");
    printf("Prints the counts of rows by resolution method on stdout, and one line per row\n"
           "left out (`LINE: reason`) and per warning on stderr.\n");
}

static int write_rejected(const shr_import *imp, const char *path)
{
    shr_error err;
    shr_atomic_file *af;
    if (shr_atomic_file_open(path, NULL, &af, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        return CLI_FAIL;
    }
    FILE *f = shr_atomic_file_stream(af);
    if (!f || shr_import_write_rejected_csv_file(imp, f, &err) != SHR_OK) {
        cli_error("cannot write %s", path);
        shr_atomic_file_abort(af);
        return CLI_FAIL;
    }
    if (shr_atomic_file_commit(af, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_cmd_import(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0}, outlines = {0};
    const char *value, *map_path = NULL, *out_path = NULL, *csv_path = NULL, *rejected = NULL;
    int id, status = CLI_OK, strict = 0, quiet = 0;

    cli_args_init(&args, "import", argc, argv, 0);
    while (status == CLI_OK && (id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            cli_strv_free(&outlines);
            print_help();
            return cli_finish_output(CLI_OK);
        case OPT_MAP: map_path = value; break;
        case OPT_OUTPUT: out_path = value; break;
        case OPT_REJECTED: rejected = value; break;
        case OPT_STRICT: strict = 1; break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_OUTLINES:
            if (cli_strv_push(&outlines, value)) {
                cli_error("out of memory");
                status = CLI_FAIL;
            }
            break;
        case CLI_ARG_OPERAND:
            if (!csv_path)
                csv_path = value;
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
    if (status == CLI_OK && !map_path)
        status = cli_usage_error("import", USAGE, "missing --map MAPPING.yaml");
    if (status == CLI_OK && !csv_path)
        status = cli_usage_error("import", USAGE, "missing FILE.csv");
    if (status == CLI_OK && !out_path)
        status = cli_usage_error("import", USAGE, "missing -o OUT.yaml");
    shr_catalog *cat = NULL;
    shr_import_mapping *map = NULL;
    shr_import *imp = NULL;
    shr_error err;
    shr_error_clear(&err);
    if (status != CLI_OK)
        goto done;
    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    if (shr_import_mapping_load(cat, map_path, &map, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    for (size_t i = 0; i < outlines.count; i++)
        if (shr_import_mapping_add_outlines(map, outlines.items[i], NULL, &err) != SHR_OK) {
            cli_print_shr_error(&err);
            status = CLI_FAIL;
            goto done;
        }
    if (shr_import_csv(cat, map, csv_path, &imp, &err) != SHR_OK ||
        shr_import_save(imp, out_path, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    if (rejected && (status = write_rejected(imp, rejected)) != CLI_OK)
        goto done;

    size_t rows = shr_import_row_count(imp);
    size_t left_out = shr_import_method_count(imp, SHR_IMPORT_REJECTED);
    printf("%s: %zu rows, %zu imported, %zu left out\n", csv_path, rows,
           shr_import_resolved_count(imp), left_out);
    for (int m = 0; m < SHR_IMPORT_METHOD_COUNT; m++)
        printf("  %-16s %zu\n", shr_import_method_name((shr_import_method)m),
               shr_import_method_count(imp, (shr_import_method)m));
    printf("wrote %s\n", out_path);
    if (!quiet) {
        fflush(stdout);
        for (size_t i = 0; i < rows; i++)
            if (shr_import_row_method(imp, i) == SHR_IMPORT_REJECTED)
                fprintf(stderr, "%u: %s\n", shr_import_row_line(imp, i),
                        shr_import_row_reason(imp, i));
        for (size_t i = 0; i < shr_import_warning_count(imp); i++)
            fprintf(stderr, "%u: warning: %s\n", shr_import_warning_line(imp, i),
                    shr_import_warning_text(imp, i));
    }
    status = cli_finish_output(strict && left_out ? CLI_FAIL : CLI_OK);
done:
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
    cli_strv_free(&files);
    cli_strv_free(&outlines);
    return status;
}
