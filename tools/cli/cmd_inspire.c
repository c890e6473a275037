/* sharitories inspire [OPTIONS] TERRITORY [FILE...]: what a territory's peers do that it does
 * not, and what it does that few of them do. */
#include "cli.h"
#include "cmd_analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                   \
    CLI_PROGRAM " inspire [-o FILE] [-f table|csv|json] [--peers ID,...] [--band LOW,HIGH] [--examples N]" \
                " [--has] [--query EXPR] [--by-distance] TERRITORY [FILE...]"

enum { OPT_HELP = 1, OPT_FORMAT, OPT_HAS, OPT_QUERY, OPT_OUTPUT, OPT_DISTANCE };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'f', 1, OPT_FORMAT},
    {"peers", 'p', 1, CLI_OPT_PEERS},
    {"band", 'b', 1, CLI_OPT_BAND},
    {"examples", 'n', 1, CLI_OPT_EXAMPLES},
    {"has", 0, 0, OPT_HAS},
    {"query", 'q', 1, OPT_QUERY},
    {"by-distance", 0, 0, OPT_DISTANCE},
    {NULL, 0, 0, 0},
};

typedef enum { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } format;

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Find the peers of TERRITORY (same kind, population between LOW and HIGH times its\n"
           "own; default 0.5,2) or take the peers given, then list the categories of practice\n"
           "that peers have and TERRITORY lacks, by share of peers having them, with examples;\n"
           "and the categories TERRITORY has, the rarest among its peers first. A territory\n"
           "has a category when a practice of that category is within it (in:TERRITORY).\n"
           "Without FILE, the bundled default catalog.\n\n");
    printf("Options:\n"
           "  -f, --format FMT    table (default), csv or json\n"
           "  -p, --peers IDS     explicit peers, comma-separated territory ids\n"
           "  -b, --band LOW,HIGH population band as factors (default 0.5,2)\n"
           "  -n, --examples N    examples per category (default 3)\n"
           "      --has           csv: write the categories TERRITORY has (default: lacks);\n"
           "                      table: show only that list\n"
           "  -q, --query EXPR    count only the practices EXPR selects\n"
           "      --by-distance   examples of what TERRITORY lacks: the peers' practices\n"
           "                      nearest to it (great circle), not one per peer first\n"
           "  -o, --output FILE   write to FILE (replaced only when the command succeeds)\n"
           "  -h, --help          show this help\n\n");
    printf("csv columns: category,family,peers_with,peers,share,example_1..example_N,own\n"
           "(an example is \"practice name (territory name)\").\n");
}

static void write_list_table(const shr_inspiration *insp, shr_inspire_list list)
{
    static const char *const heads[] = {"CATEGORY", "FAMILY", "PEERS", "SHARE", "OWN",
                                        "EXAMPLES"};
    size_t n = shr_inspiration_count(insp, list), npeers = shr_inspiration_peer_count(insp);
    size_t w[6];
    char buf[64];
    cli_buf b = {0}, line = {0};
    for (int c = 0; c < 6; c++)
        w[c] = cli_text_width(heads[c]);
    for (size_t i = 0; i < n; i++) {
        const shr_category *c = shr_inspiration_category(insp, list, i);
        size_t cw = cli_text_width(shr_category_id(c));
        if (cw > w[0])
            w[0] = cw;
        cw = cli_text_width(shr_family_name(shr_category_family(c)));
        if (cw > w[1])
            w[1] = cw;
        snprintf(buf, sizeof buf, "%zu/%zu", shr_inspiration_peers_with(insp, list, i), npeers);
        if (strlen(buf) > w[2])
            w[2] = strlen(buf);
    }
    if (w[3] < 6)
        w[3] = 6;
    for (int c = 0; c < 6; c++) {
        if (c == 4 && list == SHR_INSPIRE_LACKS)
            continue;
        cli_write_cell(&line, heads[c], w[c], c >= 2 && c <= 4);
        cli_buf_add(&line, "  ");
    }
    cli_emit_line(&line);
    for (size_t i = 0; i < n && !ferror(stdout); i++) {
        const shr_category *c = shr_inspiration_category(insp, list, i);
        cli_write_cell(&line, shr_category_id(c), w[0], 0);
        cli_buf_add(&line, "  ");
        cli_write_cell(&line, shr_family_name(shr_category_family(c)), w[1], 0);
        cli_buf_add(&line, "  ");
        snprintf(buf, sizeof buf, "%zu/%zu", shr_inspiration_peers_with(insp, list, i), npeers);
        cli_write_cell(&line, buf, w[2], 1);
        cli_buf_add(&line, "  ");
        snprintf(buf, sizeof buf, "%.1f%%", 100.0 * shr_inspiration_share(insp, list, i));
        cli_write_cell(&line, buf, w[3], 1);
        cli_buf_add(&line, "  ");
        if (list == SHR_INSPIRE_HAS) {
            snprintf(buf, sizeof buf, "%zu", shr_inspiration_own_count(insp, list, i));
            cli_write_cell(&line, buf, w[4], 1);
            cli_buf_add(&line, "  ");
        }
        cli_buf_clear(&b);
        for (size_t k = 0; k < shr_inspiration_example_count(insp, list, i); k++) {
            const shr_practice *p = shr_inspiration_example_at(insp, list, i, k);
            const shr_territory *t = shr_inspiration_example_territory(insp, list, i, k);
            if (list == SHR_INSPIRE_LACKS)
                cli_buf_addf(&b, "%s%s (%s)", k ? "; " : "", shr_practice_name(p),
                             shr_territory_name(t));
            else
                cli_buf_addf(&b, "%s%s", k ? "; " : "", shr_practice_name(p));
        }
        /* the last column is not cut */
        cli_write_cell(&line, cli_buf_str(&b), cli_text_width(cli_buf_str(&b)), 0);
        cli_emit_line(&line);
    }
    if (n == 0)
        printf("(none)\n");
    cli_buf_free(&b);
    cli_buf_free(&line);
}

static void write_table(const shr_inspiration *insp, int only_has, int explicit_peers, double lo,
                        double hi)
{
    const shr_territory *t = shr_inspiration_territory(insp);
    size_t npeers = shr_inspiration_peer_count(insp);
    int64_t pop = shr_territory_population(t);
    printf("%s (%s, %s", shr_territory_name(t), shr_territory_id(t),
           shr_territory_kind_name(shr_territory_kind_of(t)));
    if (pop >= 0)
        printf(", %lld inhabitants", (long long)pop);
    printf("): %zu peer%s", npeers, npeers == 1 ? "" : "s");
    if (!explicit_peers && pop >= 0)
        printf(" (%s, %lld to %lld inhabitants)", shr_territory_kind_name(shr_territory_kind_of(t)),
               (long long)ceil(lo * (double)pop), (long long)floor(hi * (double)pop));
    printf("\n");
    if (!only_has) {
        printf("\nWhat peers do that %s does not:\n", shr_territory_name(t));
        write_list_table(insp, SHR_INSPIRE_LACKS);
    }
    printf("\nWhat %s does, the rarest among its peers first:\n", shr_territory_name(t));
    write_list_table(insp, SHR_INSPIRE_HAS);
}

/* Operands after TERRITORY are catalog files. */
int cli_cmd_inspire(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    cli_peer_options po;
    const char *out_path = NULL;
    cli_output out = {0};
    const char *territory = NULL, *value, *expr = NULL;
    format fmt = FORMAT_TABLE;
    int only_has = 0, id, status = CLI_OK, by_distance = 0;

    cli_peer_options_init(&po, "fr", 3);

    cli_args_init(&args, "inspire", argc, argv, 0);
    while (status == CLI_OK && (id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            cli_peer_options_free(&po);
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
                status = cli_usage_error("inspire", USAGE,
                                         "unknown format '%s' (table, csv or json)", value);
            break;
        case OPT_HAS:
            only_has = 1;
            break;
        case OPT_DISTANCE:
            by_distance = 1;
            break;
        case OPT_QUERY:
            expr = value;
            break;
        case OPT_OUTPUT:
            out_path = value;
            break;
        case CLI_ARG_OPERAND:
            if (!territory)
                territory = value;
            else if (cli_strv_push(&files, value)) {
                cli_error("out of memory");
                status = CLI_FAIL;
            }
            break;
        default:
            status = cli_peer_option(&po, "inspire", USAGE, id, value);
            break;
        }
    }
    if (status == CLI_OK && !territory)
        status = cli_usage_error("inspire", USAGE, "missing TERRITORY");
    if (status == CLI_OK)
        status = cli_peer_options_check(&po, "inspire", USAGE);
    shr_catalog *cat = NULL;
    shr_query *q = NULL;
    shr_inspiration *insp = NULL;
    if (status != CLI_OK)
        goto done;
    if (out_path && (status = cli_output_open(&out, out_path)) != CLI_OK)
        goto done;
    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    if (expr && (status = cli_compile_query(cat, expr, &q)) != CLI_OK)
        goto done;

    shr_inspire_options opts = SHR_INSPIRE_OPTIONS_INIT;
    opts.band_low = po.band_low;
    opts.band_high = po.band_high;
    opts.examples = po.examples;
    opts.filter = q;
    opts.by_distance = by_distance;
    if (po.given_peers) {
        opts.peers = po.peers.items;
        opts.peer_count = po.peers.count;
    }
    shr_error err;
    shr_error_clear(&err);
    if (shr_inspiration_compute(cat, territory, &opts, &insp, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    int rc = SHR_OK;
    switch (fmt) {
    case FORMAT_TABLE:
        write_table(insp, only_has, po.given_peers, po.band_low, po.band_high);
        break;
    case FORMAT_CSV:
        rc = shr_inspiration_write_csv_file(insp, only_has ? SHR_INSPIRE_HAS : SHR_INSPIRE_LACKS,
                                            stdout, &err);
        break;
    case FORMAT_JSON:
        rc = shr_inspiration_write_json_file(insp, stdout, &err);
        break;
    }
    if (rc != SHR_OK && rc != SHR_EIO) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
    }
done:
    /* finishes stdout, or FILE: renamed into place on success, its temporary removed else */
    status = cli_output_close(&out, status);
    shr_inspiration_free(insp);
    shr_query_free(q);
    shr_catalog_free(cat);
    cli_strv_free(&files);
    cli_peer_options_free(&po);
    return status;
}
