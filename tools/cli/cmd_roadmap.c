/* sharitories roadmap [OPTIONS] TERRITORY [FILE...]: the fiches-actions ranked for a territory;
 * sharitories actions [OPTIONS] [FILE...] and actions show ID [FILE...]: the référentiel. */
#include "cli.h"
#include "cmd_analysis.h"

#include <stdlib.h>
#include <string.h>

#define ROADMAP_USAGE                                                                          \
    CLI_PROGRAM " roadmap [-o FILE] [-f table|csv|json|md] [--lang fr|en] [--peers ID,...]"    \
                " [--band LOW,HIGH] [--top N] [--examples N] TERRITORY [FILE...]"

#define ACTIONS_USAGE                                                                          \
    CLI_PROGRAM " actions [-o FILE] [-f table|csv|json] [--lang fr|en] [--axis AXIS]"          \
                " [--category CATEGORY] [--lead SECTOR] [FILE...]\n"                           \
                "       " CLI_PROGRAM " actions show [-o FILE] [-f md] [--lang fr|en] ID [FILE...]"

enum {
    OPT_HELP = 1, OPT_FORMAT, OPT_LANG, OPT_TOP, OPT_OUTPUT, OPT_AXIS, OPT_CATEGORY, OPT_LEAD
};

static const cli_option roadmap_options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'f', 1, OPT_FORMAT},
    {"peers", 'p', 1, CLI_OPT_PEERS},
    {"band", 'b', 1, CLI_OPT_BAND},
    {"top", 'n', 1, OPT_TOP},
    {"examples", 'e', 1, CLI_OPT_EXAMPLES},
    {NULL, 0, 0, 0},
};

static const cli_option actions_options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {"format", 'f', 1, OPT_FORMAT},
    {"axis", 'a', 1, OPT_AXIS},
    {"category", 'c', 1, OPT_CATEGORY},
    {"lead", 0, 1, OPT_LEAD},
    {NULL, 0, 0, 0},
};

typedef enum { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON, FORMAT_MD } format;

static int parse_format(const char *value, int allow_md, format *out)
{
    static const char *const names[] = {"table", "csv", "json", "md"};
    for (int i = 0; i < 4; i++)
        if (strcmp(value, names[i]) == 0 && (i < 3 || allow_md)) {
            *out = (format)i;
            return 0;
        }
    return -1;
}

static void roadmap_help(void)
{
    printf("usage: %s\n\n", ROADMAP_USAGE);
    printf("The feuille de route of TERRITORY: the fiches-actions of the catalog ranked from\n"
           "evidence. A fiche scores when its categories are absent or rare in TERRITORY and\n"
           "its EPCI while common among its peers (the same peers as `inspire`: same kind,\n"
           "population between LOW and HIGH times its own), more when its axes are those where\n"
           "TERRITORY is furthest below its peers per inhabitant and when actors of its lead\n"
           "sectors are already active there. Each recommendation says why, with numbers,\n"
           "names who could lead and the nearest peer examples to learn from.\n"
           "Formula: docs/roadmap.md. Without FILE, the bundled default catalog; with FILE,\n"
           "give the référentiel too (data/referentiel-actions.yaml).\n\n");
    printf("Options:\n"
           "  -f, --format FMT    table (default), csv, json or md (printable, by phase)\n"
           "  -l, --lang LANG     fr (default) or en: titles, the why and the messages\n"
           "  -p, --peers IDS     explicit peers, comma-separated territory ids\n"
           "  -b, --band LOW,HIGH population band as factors (default 0.5,2)\n"
           "  -n, --top N         recommendations kept (default 10; 0: all that score)\n"
           "  -e, --examples N    examples per recommendation (default 3)\n"
           "  -o, --output FILE   write to FILE (replaced only when the command succeeds)\n"
           "  -h, --help          show this help\n\n");
    printf("csv columns: rank,action,title,score,peers_having,peers,local_count,examples,\n"
           "category,own_count,weak_axis,phase,effort,horizon,gap,weakness,lead,leads,why\n"
           "(examples and leads: ids separated by ';').\n");
}

static void actions_help(void)
{
    printf("usage: %s\n\n", ACTIONS_USAGE);
    printf("List the fiches-actions of the catalog (the référentiel d'actions), or print one\n"
           "in full with `show ID` (-f md: printable Markdown, the default). Without FILE, the\n"
           "bundled default catalog.\n\n");
    printf("Options:\n"
           "  -f, --format FMT    list: table (default), csv or json; show: md\n"
           "  -l, --lang LANG     fr (default) or en; also the language of the messages\n"
           "  -a, --axis AXIS     only fiches with this axis (contributors, public_actor,\n"
           "                      solidarity, co_production, shared_resources)\n"
           "  -c, --category ID   only fiches of this category of practice\n"
           "      --lead SECTOR   only fiches that SECTOR (public, private, citizen) can lead\n"
           "  -o, --output FILE   write to FILE (replaced only when the command succeeds)\n"
           "  -h, --help          show this help\n\n");
    printf("csv columns: id,title,phase,effort,horizon,axes,categories,lead,partners,audience,\n"
           "stance,summary (lists separated by ';').\n");
}

/* ------------------------------------------------------------------ roadmap */

static void roadmap_table(const shr_roadmap *rm)
{
    const char *lang = shr_roadmap_lang(rm);
    const shr_territory *t = shr_roadmap_territory(rm);
    printf("%s (%s): %zu peer%s, %zu recommendation%s\n\n", shr_territory_name(t),
           shr_territory_id(t), shr_roadmap_peer_count(rm),
           shr_roadmap_peer_count(rm) == 1 ? "" : "s", shr_roadmap_count(rm),
           shr_roadmap_count(rm) == 1 ? "" : "s");
    static const char *const heads[] = {"RANK", "SCORE", "PEERS", "LOCAL", "ACTION", "TITLE"};
    size_t w[6] = {4, 6, 5, 5, 6, 5};
    char buf[64];
    for (size_t i = 0; i < shr_roadmap_count(rm); i++) {
        const shr_action *a = shr_roadmap_action(rm, i);
        snprintf(buf, sizeof buf, "%zu/%zu", shr_roadmap_peers_having(rm, i),
                 shr_roadmap_peer_count(rm));
        if (strlen(buf) > w[2])
            w[2] = strlen(buf);
        if (cli_text_width(shr_action_id(a)) > w[4])
            w[4] = cli_text_width(shr_action_id(a));
    }
    cli_buf line = {0};
    for (int c = 0; c < 6; c++) {
        cli_write_cell(&line, heads[c], w[c], c < 4);
        cli_buf_add(&line, "  ");
    }
    cli_emit_line(&line);
    for (size_t i = 0; i < shr_roadmap_count(rm) && !ferror(stdout); i++) {
        const shr_action *a = shr_roadmap_action(rm, i);
        snprintf(buf, sizeof buf, "%zu", i + 1);
        cli_write_cell(&line, buf, w[0], 1);
        cli_buf_add(&line, "  ");
        snprintf(buf, sizeof buf, "%.4f", shr_roadmap_score(rm, i));
        cli_write_cell(&line, buf, w[1], 1);
        cli_buf_add(&line, "  ");
        snprintf(buf, sizeof buf, "%zu/%zu", shr_roadmap_peers_having(rm, i),
                 shr_roadmap_peer_count(rm));
        cli_write_cell(&line, buf, w[2], 1);
        cli_buf_add(&line, "  ");
        snprintf(buf, sizeof buf, "%zu", shr_roadmap_local_count(rm, i));
        cli_write_cell(&line, buf, w[3], 1);
        cli_buf_add(&line, "  ");
        cli_write_cell(&line, shr_action_id(a), w[4], 0);
        cli_buf_add(&line, "  ");
        const char *title = shr_action_title(a, lang);
        cli_write_cell(&line, title, cli_text_width(title), 0);
        cli_emit_line(&line);
        printf("      %s\n", shr_roadmap_why(rm, i, lang));
    }
    if (shr_roadmap_count(rm) == 0)
        printf("(none)\n");
    cli_buf_free(&line);
}

int cli_cmd_roadmap(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    cli_output out = {0};
    const char *out_path = NULL, *territory = NULL, *value;
    format fmt = FORMAT_TABLE;
    int id, status = CLI_OK;
    shr_roadmap_options opts = SHR_ROADMAP_OPTIONS_INIT;
    cli_peer_options po;
    cli_peer_options_init(&po, "fr", opts.examples);

    cli_args_init(&args, "roadmap", argc, argv, 0);
    while (status == CLI_OK && (id = cli_args_next(&args, roadmap_options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            cli_peer_options_free(&po);
            roadmap_help();
            return cli_finish_output(CLI_OK);
        case OPT_FORMAT:
            if (parse_format(value, 1, &fmt))
                status = cli_usage_error("roadmap", ROADMAP_USAGE,
                                         "unknown format '%s' (table, csv, json or md)", value);
            break;
        case OPT_TOP:
            if (cli_parse_size(value, &opts.top) || opts.top > 1000)
                status = cli_usage_error("roadmap", ROADMAP_USAGE,
                                         "--top needs a number from 0 to 1000, not '%s'", value);
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
            status = cli_peer_option(&po, "roadmap", ROADMAP_USAGE, id, value);
            break;
        }
    }
    if (status == CLI_OK && !territory)
        status = cli_usage_error("roadmap", ROADMAP_USAGE, "missing TERRITORY");
    if (status == CLI_OK)
        status = cli_peer_options_check(&po, "roadmap", ROADMAP_USAGE);
    shr_catalog *cat = NULL;
    shr_roadmap *rm = NULL;
    if (status != CLI_OK)
        goto done;
    if (out_path && (status = cli_output_open(&out, out_path)) != CLI_OK)
        goto done;
    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    opts.lang = cli_output_lang();
    opts.band_low = po.band_low;
    opts.band_high = po.band_high;
    opts.examples = po.examples;
    if (po.given_peers) {
        opts.peers = po.peers.items;
        opts.peer_count = po.peers.count;
    }
    shr_error err;
    shr_error_clear(&err);
    if (shr_roadmap_compute(cat, territory, &opts, &rm, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
        goto done;
    }
    if (shr_catalog_action_count(cat) == 0)
        cli_warning("the catalog has no fiche-action (give data/referentiel-actions.yaml "
                    "with your files)");
    int rc = SHR_OK;
    switch (fmt) {
    case FORMAT_TABLE:
        roadmap_table(rm);
        break;
    case FORMAT_CSV:
        rc = shr_roadmap_write_csv_file(rm, stdout, &err);
        break;
    case FORMAT_JSON:
        rc = shr_roadmap_write_json_file(rm, stdout, &err);
        break;
    case FORMAT_MD:
        rc = shr_roadmap_write_md_file(rm, stdout, &err);
        break;
    }
    if (rc != SHR_OK && rc != SHR_EIO) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
    }
done:
    status = cli_output_close(&out, status);
    shr_roadmap_free(rm);
    shr_catalog_free(cat);
    cli_strv_free(&files);
    cli_peer_options_free(&po);
    return status;
}

/* ------------------------------------------------------------------ actions */

/* The names of a list of enumeration values or records, separated by ';', into b. */
static void joined(cli_buf *b, const shr_action *a, int what)
{
    cli_buf_clear(b);
    size_t n = what == 0   ? shr_action_axis_count(a)
               : what == 1 ? shr_action_category_count(a)
               : what == 2 ? shr_action_lead_count(a)
               : what == 3 ? shr_action_partner_count(a)
                           : shr_action_audience_count(a);
    for (size_t k = 0; k < n; k++) {
        const char *s = what == 0   ? shr_axis_id(shr_action_axis_at(a, k))
                        : what == 1 ? shr_category_id(shr_action_category_at(a, k))
                        : what == 2 ? shr_sector_name((shr_sector)shr_action_lead_at(a, k))
                        : what == 3 ? shr_sector_name((shr_sector)shr_action_partner_at(a, k))
                                    : shr_audience_name((shr_audience)shr_action_audience_at(a, k));
        cli_buf_addf(b, "%s%s", k ? ";" : "", s);
    }
}

static void list_actions(const shr_catalog *cat, const shr_action_filter *f, format fmt,
                         const char *lang)
{
    cli_buf b = {0}, line = {0};
    size_t n = shr_catalog_action_count(cat), shown = 0;
    static const char *const lists[] = {"axes", "categories", "lead", "partners", "audience"};
    if (fmt == FORMAT_CSV)
        printf("id,title,phase,effort,horizon,axes,categories,lead,partners,audience,stance,"
               "summary\n");
    if (fmt == FORMAT_JSON)
        printf("[");
    size_t wid = 2;
    for (size_t i = 0; i < n; i++)
        if (cli_text_width(shr_action_id(shr_catalog_action_at(cat, i))) > wid)
            wid = cli_text_width(shr_action_id(shr_catalog_action_at(cat, i)));
    if (fmt == FORMAT_TABLE) {
        cli_write_cell(&line, "ID", wid, 0);
        cli_buf_add(&line, "  ");
        cli_write_cell(&line, "PHASE", 12, 0);
        cli_buf_add(&line, "  ");
        cli_write_cell(&line, "EFFORT", 6, 0);
        cli_buf_add(&line, "  ");
        cli_write_cell(&line, "TITLE", 5, 0);
        cli_emit_line(&line);
    }
    for (size_t i = 0; i < n && !ferror(stdout); i++) {
        const shr_action *a = shr_catalog_action_at(cat, i);
        if (!shr_action_matches(a, f))
            continue;
        const char *phase = shr_action_phase_name(shr_action_phase_of(a));
        const char *effort = shr_action_effort_name(shr_action_effort_of(a));
        switch (fmt) {
        case FORMAT_TABLE:
            cli_write_cell(&line, shr_action_id(a), wid, 0);
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, phase, 12, 0);
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, effort, 6, 0);
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, shr_action_title(a, lang),
                           cli_text_width(shr_action_title(a, lang)), 0);
            cli_emit_line(&line);
            break;
        case FORMAT_CSV:
            cli_csv_field(stdout, shr_action_id(a));
            putchar(',');
            cli_csv_field(stdout, shr_action_title(a, lang));
            printf(",%s,%s,%d", phase, effort, shr_action_horizon(a));
            for (int k = 0; k < 5; k++) {
                joined(&b, a, k);
                putchar(',');
                cli_csv_field(stdout, cli_buf_str(&b));
            }
            printf(",%s,", shr_action_stance_name(shr_action_stance_of(a)));
            cli_csv_field(stdout, shr_action_summary(a, lang));
            putchar('\n');
            break;
        default:
            printf("%s\n {\"id\": ", shown ? "," : "");
            cli_json_string(stdout, shr_action_id(a));
            printf(", \"title\": ");
            cli_json_string(stdout, shr_action_title(a, lang));
            printf(", \"phase\": \"%s\", \"effort\": \"%s\", \"horizon\": %d", phase, effort,
                   shr_action_horizon(a));
            for (int k = 0; k < 5; k++) {
                joined(&b, a, k);
                printf(", \"%s\": [", lists[k]);
                const char *s = cli_buf_str(&b);
                int first = 1;
                while (*s) {
                    const char *e = strchr(s, ';');
                    size_t len = e ? (size_t)(e - s) : strlen(s);
                    printf("%s\"%.*s\"", first ? "" : ", ", (int)len, s);
                    first = 0;
                    s += len + (e ? 1 : 0);
                }
                printf("]");
            }
            printf(", \"stance\": \"%s\", \"summary\": ",
                   shr_action_stance_name(shr_action_stance_of(a)));
            cli_json_string(stdout, shr_action_summary(a, lang));
            printf("}");
            break;
        }
        shown++;
    }
    if (fmt == FORMAT_JSON)
        printf("%s]\n", shown ? "\n" : "");
    cli_buf_free(&b);
    cli_buf_free(&line);
}

int cli_cmd_actions(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    cli_output out = {0};
    const char *out_path = NULL, *value, *axis = NULL, *category = NULL,
               *lead = NULL, *show_id = NULL;
    format fmt = FORMAT_TABLE;
    int id, status = CLI_OK, show = 0, fmt_given = 0;

    cli_args_init(&args, "actions", argc, argv, 0);
    while (status == CLI_OK && (id = cli_args_next(&args, actions_options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            actions_help();
            return cli_finish_output(CLI_OK);
        case OPT_FORMAT:
            fmt_given = 1;
            if (parse_format(value, 1, &fmt))
                status = cli_usage_error("actions", ACTIONS_USAGE,
                                         "unknown format '%s' (table, csv, json; md for show)",
                                         value);
            break;
        case OPT_AXIS:
            axis = value;
            break;
        case OPT_CATEGORY:
            category = value;
            break;
        case OPT_LEAD:
            lead = value;
            break;
        case OPT_OUTPUT:
            out_path = value;
            break;
        case CLI_ARG_OPERAND:
            if (!show && !show_id && files.count == 0 && strcmp(value, "show") == 0)
                show = 1;
            else if (show && !show_id)
                show_id = value;
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
    if (status == CLI_OK && show && !show_id)
        status = cli_usage_error("actions", ACTIONS_USAGE, "show needs the ID of a fiche");
    if (status == CLI_OK && show && fmt_given && fmt != FORMAT_MD)
        status = cli_usage_error("actions", ACTIONS_USAGE, "show writes md only");
    if (status == CLI_OK && !show && fmt == FORMAT_MD)
        status = cli_usage_error("actions", ACTIONS_USAGE,
                                 "md is for `actions show ID` (list: table, csv or json)");
    shr_action_filter f = SHR_ACTION_FILTER_INIT;
    shr_sector sector;
    if (status == CLI_OK && lead) {
        if (shr_sector_from_name(lead, &sector) != SHR_OK || sector == SHR_SECTOR_OTHER)
            status = cli_usage_error("actions", ACTIONS_USAGE,
                                     "unknown sector '%s' (public, private or citizen)", lead);
        else
            f.lead = sector;
    }
    shr_catalog *cat = NULL;
    if (status != CLI_OK)
        goto done;
    if (out_path && (status = cli_output_open(&out, out_path)) != CLI_OK)
        goto done;
    if ((status = cli_load(files.items, files.count, &cat)) != CLI_OK)
        goto done;
    if (axis) {
        const shr_axis *ax = shr_catalog_axis(cat, axis);
        if (!ax) {
            status = cli_usage_error("actions", ACTIONS_USAGE,
                                     "unknown axis '%s' (contributors, public_actor, solidarity, "
                                     "co_production or shared_resources)",
                                     axis);
            goto done;
        }
        f.axis = shr_axis_code_of(ax);
    }
    if (category) {
        f.category = shr_catalog_category(cat, category);
        if (!f.category) {
            cli_error("unknown category '%s'", category);
            status = CLI_FAIL;
            goto done;
        }
    }
    if (show) {
        const shr_action *a = shr_catalog_action(cat, show_id);
        if (!a) {
            cli_error("unknown fiche-action '%s' (see `" CLI_PROGRAM " actions`)", show_id);
            status = CLI_FAIL;
            goto done;
        }
        shr_error err;
        shr_error_clear(&err);
        int rc = shr_action_write_md_file(a, cli_output_lang(), stdout, &err);
        if (rc != SHR_OK && rc != SHR_EIO) {
            cli_print_shr_error(&err);
            status = CLI_FAIL;
        }
        goto done;
    }
    list_actions(cat, &f, fmt, cli_output_lang());
done:
    status = cli_output_close(&out, status);
    shr_catalog_free(cat);
    cli_strv_free(&files);
    return status;
}
