/* sharitories report [--lang fr|en] [--peers ID,...] -o FILE.html TERRITORY [FILE...]:
 * the territory report, one self-contained HTML page (shr_report_save(), atomic write). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                  \
    CLI_PROGRAM " report [--lang fr|en] [--peers ID,...] [--band LOW,HIGH] [--date TEXT]"     \
                " -o FILE.html TERRITORY [FILE...]"


enum { OPT_HELP = 1, OPT_OUTPUT, OPT_DATE, OPT_SHOWN, OPT_IDEAS };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"peers", 'p', 1, CLI_OPT_PEERS},
    {"band", 0, 1, CLI_OPT_BAND},
    {"date", 0, 1, OPT_DATE},
    {"peers-shown", 0, 1, OPT_SHOWN},
    {"inspirations", 0, 1, OPT_IDEAS},
    {"examples", 0, 1, CLI_OPT_EXAMPLES},
    {NULL, 0, 0, 0},
};

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Write the report of TERRITORY (an id, e.g. fr-com-56121 for Lorient) as one\n"
           "self-contained HTML page to read, print or share: key figures, practices by axis,\n"
           "family and year (charts with their tables), a comparison with peer territories\n"
           "per 10,000 inhabitants, what peers do that the territory does not, the practices\n"
           "with their actors and links, the five axes of the Sharitories study and their key\n"
           "questions, the sources and licences of the data. No script, no external\n"
           "resource. Without FILE, the bundled default catalog.\n\n");
    printf("Options:\n"
           "  -o, --output FILE   the page to write (atomic replace); '-' for stdout\n"
           "  -l, --lang LANG     fr (default) or en; also the language of the messages\n"
           "  -p, --peers IDS     compare with these territories (comma-separated ids)\n"
           "                      instead of those of the same kind and population band\n"
           "      --band LOW,HIGH population band of the peers, as factors of the\n"
           "                      territory's population (default 0.5:2)\n"
           "      --date TEXT     a date or text for the footer (default: none)\n"
           "      --peers-shown N peers drawn in the comparison chart (default 15)\n"
           "      --inspirations N  entries of the inspiration list (default 10; 0: none)\n"
           "      --examples N    example practices per inspiration (0 to 100, default 3)\n"
           "  -h, --help          show this help\n");
}

int cli_cmd_report(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    const char *output = NULL, *territory = NULL, *value;
    shr_report_options opts = SHR_REPORT_OPTIONS_INIT;
    shr_catalog *cat = NULL;
    int status = CLI_OK, id;
    cli_peer_options po;
    cli_peer_options_init(&po, opts.lang, opts.examples);

    cli_args_init(&args, "report", argc, argv, 0);
    while (status == CLI_OK && (id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        size_t n;
        switch (id) {
        case OPT_HELP:
            print_help();
            status = cli_finish_output(CLI_OK);
            goto done;
        case OPT_OUTPUT:
            if (!*value)
                status = cli_usage_error("report", USAGE, "empty output file name");
            output = value;
            break;
        case OPT_DATE:
            opts.generated = value;
            break;
        case OPT_SHOWN:
        case OPT_IDEAS:
            if (cli_parse_size(value, &n)) {
                status = cli_usage_error("report", USAGE, "not a number: '%s'", value);
                break;
            }
            if (id == OPT_SHOWN)
                opts.max_peers_shown = n;
            else
                opts.max_inspirations = n;
            break;
        case CLI_ARG_OPERAND:
            if (!territory) {
                territory = value;
            } else if (cli_strv_push(&files, value)) {
                cli_error("out of memory");
                status = CLI_FAIL;
            }
            break;
        default:
            status = cli_peer_option(&po, "report", USAGE, id, value);
            break;
        }
    }
    if (status == CLI_OK)
        status = cli_peer_options_check(&po, "report", USAGE);
    if (status != CLI_OK)
        goto done;
    if (!territory) {
        status = cli_usage_error("report", USAGE, "missing TERRITORY");
        goto done;
    }
    if (!output) {
        status = cli_usage_error("report", USAGE, "missing -o FILE.html ('-o -' for stdout)");
        goto done;
    }
    opts.lang = cli_output_lang();
    opts.band_low = po.band_low;
    opts.band_high = po.band_high;
    opts.examples = po.examples;
    opts.peers = po.peers.count ? (const char *const *)po.peers.items : NULL;
    opts.peer_count = po.peers.count;

    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    shr_error err;
    shr_error_clear(&err);
    int rc = strcmp(output, "-") == 0
                 ? shr_report_write_file(cat, territory, &opts, stdout, &err)
                 : shr_report_save(cat, territory, &opts, output, &err);
    if (rc != SHR_OK) {
        if (err.code == SHR_OK)
            err.code = rc;
        cli_print_shr_error(&err);
        status = CLI_FAIL;
    } else if (strcmp(output, "-") == 0) {
        status = cli_finish_output(CLI_OK);
    }
done:
    shr_catalog_free(cat);
    cli_strv_free(&files);
    cli_peer_options_free(&po);
    return status;
}
