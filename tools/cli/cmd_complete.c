/* sharitories complete-ids [--kind KIND] PREFIX [FILE...]: territory ids that start with
 * PREFIX, one a line (for the bash completion, tools/cli/sharitories.bash). Not listed in
 * `sharitories --help`: a helper of the shell, not a command for people. */
#include "cli.h"
#include "cmd_analysis.h"

#include <string.h>

int cli_cmd_complete_ids(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: " CLI_PROGRAM " complete-ids PREFIX [FILE...]\n");
        return CLI_USAGE;
    }
    const char *prefix = argv[1];
    shr_catalog *cat = NULL;
    int status = cli_load((const char *const *)argv + 2, (size_t)(argc - 2), &cat);
    if (status != CLI_OK)
        return status;
    size_t n = strlen(prefix);
    for (size_t i = 0; i < shr_catalog_territory_count(cat); i++) {
        const char *id = shr_territory_id(shr_catalog_territory_at(cat, i));
        if (strncmp(id, prefix, n) == 0)
            puts(id);
    }
    shr_catalog_free(cat);
    return cli_finish_output(CLI_OK);
}
