/* sharitories: command-line tool of libsharitories. Dispatches to the commands. */
#include "cli.h"
#include "cmd_analysis.h"

#include <signal.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"validate", cli_cmd_validate, "check catalog files and print a summary"},
    {"save", cli_cmd_save, "merge catalog files into one file"},
    {"snapshot", cli_cmd_snapshot, "write catalog files as one binary snapshot (fast to open)"},
    {"query", cli_cmd_query, "list the practices an expression selects"},
    {"panorama", cli_cmd_panorama, "count practices by one or two dimensions"},
    {"inspire", cli_cmd_inspire, "what a territory's peers have and it lacks, and the reverse"},
    {"roadmap", cli_cmd_roadmap, "a territory's feuille de route: the fiches-actions ranked"},
    {"actions", cli_cmd_actions, "list the fiches-actions, or show one in full"},
    {"compare", cli_cmd_compare, "territories side by side on one dimension"},
    {"network", cli_cmd_network, "cooperation network of actors (CSV, GraphML)"},
    {"import", cli_cmd_import, "turn a spreadsheet (CSV) into a catalog file"},
    {"export", cli_cmd_export, "export a query's practices (CSV, JSON, GeoJSON, SQL)"},
    {"report", cli_cmd_report, "write a territory's report as one HTML page"},
    {"map", cli_cmd_map, "draw a choropleth map of practices per inhabitants (SVG)"},
};

#define USAGE CLI_PROGRAM " [--help] [--version] [--lang fr|en] COMMAND [ARGS...]"

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Territories, actors and collaborative practices (the Sharitories study).\n\n");
    printf("Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    printf("\nWithout FILE, every command uses the bundled default catalog (%s).\n",
           shr_default_data_dir());
    printf("Run '" CLI_PROGRAM " COMMAND --help' for the options of a command.\n");
    printf("\nOptions of every command (--lang also before the command):\n"
           "  --raw-csv   write CSV text cells as they are; by default a cell starting with\n"
           "              = + - @ tab or CR gets a ' in front, so that a spreadsheet does not\n"
           "              run it as a formula (docs/csv.md); import reads it back\n"
           "  -l, --lang fr|en\n"
           "              language of the messages (errors, warnings) and of the documents\n"
           "              (labels of tables, reports, maps, roadmaps). Without it, messages\n"
           "              follow the locale (the first of LC_ALL, LC_MESSAGES, LANG that is\n"
           "              set: French when it starts with 'fr', else English) and documents\n"
           "              are in French. The prefixes 'error:', 'warning:' and 'usage:' and\n"
           "              the places FILE:LINE:COLUMN stay the same in both languages.\n");
    printf("\nExit status: 0 success, 1 invalid data or query, 2 usage error.\n");
}

int main(int argc, char **argv)
{
#ifdef SIGPIPE
    /* A closed pipe (`| head`) is a write error to report quietly, not a signal. */
    signal(SIGPIPE, SIG_IGN);
#endif
    /* options of the tool before the command: --lang LANG (or -l LANG, --lang=LANG) */
    while (argc >= 2 && (strcmp(argv[1], "--lang") == 0 || strcmp(argv[1], "-l") == 0 ||
                         strncmp(argv[1], "--lang=", 7) == 0)) {
        const char *value = argv[1][1] == '-' && argv[1][6] == '=' ? argv[1] + 7 : NULL;
        int used = value ? 1 : 2;
        if (!value && argc < 3)
            return cli_usage_error(NULL, USAGE, "option '%s' needs a value", argv[1]);
        if (cli_set_lang(NULL, value ? value : argv[2]) != CLI_OK)
            return CLI_USAGE;
        argv[used] = argv[0];
        argv += used;
        argc -= used;
    }
    if (argc < 2)
        return cli_usage_error(NULL, USAGE, "missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_help();
        return cli_finish_output(CLI_OK);
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf(CLI_PROGRAM " %s (catalog format %d)\n", shr_version(), SHR_FORMAT_VERSION);
        return cli_finish_output(CLI_OK);
    }
    /* Hidden: territory ids for the shell's completion (tools/cli/sharitories.bash). */
    if (strcmp(cmd, "complete-ids") == 0)
        return cli_cmd_complete_ids(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    if (cmd[0] == '-')
        return cli_usage_error(NULL, USAGE, "unknown option '%s'", cmd);
    return cli_usage_error(NULL, USAGE, "unknown command '%s'", cmd);
}
