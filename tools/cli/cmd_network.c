/* sharitories network [--query EXPR] [-f csv|graphml] [--table T] [FILE...]: the cooperation
 * network of actors (for Gephi). */
#include "cli.h"
#include "cmd_analysis.h"

#include <string.h>

#define USAGE                                                                                   \
    CLI_PROGRAM " network [-o FILE] [-f csv|graphml] [--table edges|nodes|spanning|multi-department]"     \
                " [--query EXPR] [FILE...]"

enum { OPT_HELP = 1, OPT_FORMAT, OPT_TABLE, OPT_QUERY, OPT_OUTPUT };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'f', 1, OPT_FORMAT},
    {"table", 't', 1, OPT_TABLE},
    {"query", 'q', 1, OPT_QUERY},
    {NULL, 0, 0, 0},
};

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("The cooperation network of the practices EXPR selects (default: all): actors\n"
           "linked by the practices they share (edge weight = number of shared practices).\n"
           "Without FILE, the bundled default catalog.\n\n");
    printf("Options:\n"
           "  -f, --format FMT   csv (default) or graphml (for Gephi, yEd: nodes with name,\n"
           "                     kind, sector, practices, departments; edges with weight)\n"
           "  -t, --table T      csv only: edges (Source,Target,Weight,... default), nodes,\n"
           "                     spanning (practices with several territories) or\n"
           "                     multi-department (actors active in several departments)\n"
           "  -q, --query EXPR   only the practices EXPR selects\n"
           "  -o, --output FILE  write to FILE (replaced only when the command succeeds)\n"
           "  -h, --help         show this help\n");
}

int cli_cmd_network(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    const char *out_path = NULL;
    cli_output out = {0};
    const char *value, *expr = NULL;
    int id, status = CLI_OK, graphml = 0, table_given = 0;
    shr_network_table table = SHR_NETWORK_EDGES;

    cli_args_init(&args, "network", argc, argv, 0);
    while (status == CLI_OK && (id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            print_help();
            return cli_finish_output(CLI_OK);
        case OPT_FORMAT:
            if (strcmp(value, "csv") == 0)
                graphml = 0;
            else if (strcmp(value, "graphml") == 0)
                graphml = 1;
            else
                status = cli_usage_error("network", USAGE, "unknown format '%s' (csv or graphml)",
                                         value);
            break;
        case OPT_TABLE:
            if (shr_network_table_from_name(value, &table) != SHR_OK)
                status = cli_usage_error("network", USAGE,
                                         "unknown table '%s' (edges, nodes, spanning, "
                                         "multi-department)",
                                         value);
            table_given = 1;
            break;
        case OPT_QUERY:
            expr = value;
            break;
        case OPT_OUTPUT:
            out_path = value;
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
    if (status == CLI_OK && graphml && table_given)
        status = cli_usage_error("network", USAGE, "--table applies to the csv format only");
    shr_catalog *cat = NULL;
    shr_query *q = NULL;
    shr_result *r = NULL;
    shr_network *net = NULL;
    shr_error err;
    shr_error_clear(&err);
    if (status != CLI_OK)
        goto done;
    if (out_path && (status = cli_output_open(&out, out_path)) != CLI_OK)
        goto done;
    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    if (expr) {
        if ((status = cli_compile_query(cat, expr, &q)) != CLI_OK)
            goto done;
        if (shr_query_run(q, &r, &err) != SHR_OK) {
            cli_print_shr_error(&err);
            status = CLI_FAIL;
            goto done;
        }
    }
    if (shr_network_compute(cat, r, &net, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    int rc = graphml ? shr_network_write_graphml_file(net, stdout, &err)
                     : shr_network_write_csv_file(net, table, stdout, &err);
    if (rc != SHR_OK && rc != SHR_EIO) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
    }
done:
    /* finishes stdout, or FILE: renamed into place on success, its temporary removed else */
    status = cli_output_close(&out, status);
    shr_network_free(net);
    shr_result_free(r);
    shr_query_free(q);
    shr_catalog_free(cat);
    cli_strv_free(&files);
    return status;
}
