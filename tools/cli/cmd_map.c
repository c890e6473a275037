/* sharitories map [--query EXPR] [--by department|region] [--per N] [--classes N] [--lang fr|en]
 * [--title TEXT] [--outlines FILE] -o FILE.svg [FILE...]: a choropleth map of practices per
 * 10,000 inhabitants as one SVG file (shr_map_save(), atomic write). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                  \
    CLI_PROGRAM " map [--query EXPR] [--by department|region] [--per N] [--classes N]"         \
                " [--lang fr|en] [--title TEXT] [--outlines FILE] -o FILE.svg [FILE...]"

enum { OPT_HELP = 1, OPT_OUTPUT, OPT_QUERY, OPT_BY, OPT_PER, OPT_CLASSES, OPT_TITLE,
       OPT_OUTLINES };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"query", 'q', 1, OPT_QUERY},
    {"by", 0, 1, OPT_BY},
    {"per", 0, 1, OPT_PER},
    {"classes", 0, 1, OPT_CLASSES},
    {"title", 0, 1, OPT_TITLE},
    {"outlines", 0, 1, OPT_OUTLINES},
    {NULL, 0, 0, 0},
};

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Draw a choropleth map of the practices a query selects, per 10,000 inhabitants,\n"
           "by department (the 101, overseas as insets) or region, as one self-contained SVG\n"
           "file: a title and description for screen readers, one shape per territory with\n"
           "its name, practices and rate as a tooltip, a legend of quantile classes, and the\n"
           "outlines' attribution (ANCT, Licence Ouverte 2.0). No script, no external\n"
           "resource. Without FILE, the bundled default catalog. See docs/maps.md.\n\n");
    printf("Options:\n"
           "  -o, --output FILE   the SVG file to write (atomic replace); '-' for stdout\n"
           "  -q, --query EXPR    the practices to count (docs/query.md; default: all)\n"
           "      --by LEVEL      department (default) or region\n"
           "      --per N         rates per N inhabitants (default 10000)\n"
           "      --classes N     colour classes, 2 to 7 (default 5)\n"
           "  -l, --lang LANG     fr (default) or en; also the language of the messages\n"
           "      --title TEXT    the map's title (default: made from --per and --by)\n"
           "      --outlines FILE outlines file (default: fr-outlines-2024.yaml of the data\n"
           "                      directory)\n"
           "  -h, --help          show this help\n");
}

int cli_cmd_map(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    const char *output = NULL, *value;
    shr_map_options opts = SHR_MAP_OPTIONS_INIT;
    shr_catalog *cat = NULL;
    int status = CLI_OK, id;

    cli_args_init(&args, "map", argc, argv, 0);
    while (status == CLI_OK && (id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        size_t n;
        char *end;
        switch (id) {
        case OPT_HELP:
            print_help();
            status = cli_finish_output(CLI_OK);
            goto done;
        case OPT_OUTPUT:
            if (!*value)
                status = cli_usage_error("map", USAGE, "empty output file name");
            output = value;
            break;
        case OPT_QUERY:
            opts.query = value;
            break;
        case OPT_BY:
            if (shr_map_level_from_name(value, &opts.by) != SHR_OK)
                status = cli_usage_error("map", USAGE, "unknown level '%s' (department or region)",
                                         value);
            break;
        case OPT_PER:
            opts.per = strtod(value, &end);
            if (!*value || *end || !(opts.per > 0) || !isfinite(opts.per))
                status = cli_usage_error("map", USAGE, "bad --per '%s' (a positive number)", value);
            break;
        case OPT_CLASSES:
            if (cli_parse_size(value, &n) || n < 2 || n > 7)
                status = cli_usage_error("map", USAGE, "bad --classes '%s' (2 to 7)", value);
            else
                opts.classes = (unsigned)n;
            break;
        case OPT_TITLE:
            opts.title = value;
            break;
        case OPT_OUTLINES:
            opts.outlines = value;
            break;
        case CLI_ARG_OPERAND:
            if (cli_strv_push(&files, value)) {
                cli_error("out of memory");
                status = CLI_FAIL;
            }
            break;
        default:
            status = CLI_USAGE;
            break;
        }
    }
    if (status != CLI_OK)
        goto done;
    if (!output) {
        status = cli_usage_error("map", USAGE, "missing -o FILE.svg ('-o -' for stdout)");
        goto done;
    }
    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    shr_error err;
    shr_error_clear(&err);
    opts.lang = cli_output_lang();
    int rc = strcmp(output, "-") == 0 ? shr_map_write_file(cat, &opts, stdout, &err)
                                      : shr_map_save(cat, &opts, output, &err);
    if (rc != SHR_OK) {
        if (err.code == SHR_OK)
            err.code = rc;
        if (err.code == SHR_EQUERY && opts.query)
            cli_print_query_error(opts.query, &err);
        else
            cli_print_shr_error(&err);
        status = CLI_FAIL;
    } else if (strcmp(output, "-") == 0) {
        status = cli_finish_output(CLI_OK);
    }
done:
    shr_catalog_free(cat);
    cli_strv_free(&files);
    return status;
}
