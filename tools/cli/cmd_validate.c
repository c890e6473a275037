/* sharitories validate [FILE...]: load the files as one unit and print a summary. */
#include "cli.h"

#include <string.h>

#define USAGE CLI_PROGRAM " validate [--quiet] [FILE...]"

enum { OPT_HELP = 1, OPT_QUIET };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"quiet", 'q', 0, OPT_QUIET},
    {NULL, 0, 0, 0},
};

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Load the catalog FILEs as one unit (references may cross files) and check them.\n"
           "Without FILE, the bundled default catalog (%s/default.catalog).\n\n",
           shr_default_data_dir());
    printf("On success print a summary (files, territories per kind, actors per sector,\n"
           "practices per family and status) whose last line is\n"
           "  N territories, N actors, N practices\n"
           "and exit 0. Invalid data prints FILE:LINE:COL: error: MESSAGE on stderr and\n"
           "exits 1. Usage errors exit 2.\n\n");
    printf("Options:\n"
           "  -q, --quiet   print only the last line of the summary\n"
           "  -h, --help    show this help\n");
}

static void print_summary(const shr_catalog *cat)
{
    size_t nfiles = shr_catalog_file_count(cat);
    printf("files: %zu\n", nfiles);
    for (size_t i = 0; i < nfiles; i++) {
        const char *path = shr_catalog_file_path(cat, i);
        const char *title = shr_catalog_file_meta(cat, i, "title");
        printf("  %s", path ? path : "?");
        if (title)
            printf(" (%s)", title);
        putchar('\n');
    }

    size_t nterr = shr_catalog_territory_count(cat);
    size_t kinds[SHR_TERRITORY_KIND_COUNT] = {0};
    for (size_t i = 0; i < nterr; i++) {
        shr_territory_kind k = shr_territory_kind_of(shr_catalog_territory_at(cat, i));
        if ((int)k >= 0 && k < SHR_TERRITORY_KIND_COUNT)
            kinds[k]++;
    }
    printf("territories: %zu\n", nterr);
    for (int k = 0; k < SHR_TERRITORY_KIND_COUNT; k++)
        if (kinds[k])
            printf("  %-12s %8zu\n", shr_territory_kind_name((shr_territory_kind)k), kinds[k]);

    size_t ncat = shr_catalog_category_count(cat), added = 0;
    for (size_t i = 0; i < ncat; i++)
        if (!shr_category_is_builtin(shr_catalog_category_at(cat, i)))
            added++;
    printf("categories: %zu (%zu built in, %zu added)\n", ncat, ncat - added, added);

    size_t nact = shr_catalog_actor_count(cat);
    size_t sectors[SHR_SECTOR_COUNT] = {0};
    for (size_t i = 0; i < nact; i++) {
        shr_sector s = shr_actor_sector(shr_catalog_actor_at(cat, i));
        if ((int)s >= 0 && s < SHR_SECTOR_COUNT)
            sectors[s]++;
    }
    printf("actors: %zu\n", nact);
    for (int s = 0; s < SHR_SECTOR_COUNT; s++)
        if (sectors[s])
            printf("  %-12s %8zu\n", shr_sector_name((shr_sector)s), sectors[s]);

    size_t nprac = shr_catalog_practice_count(cat);
    size_t families[SHR_FAMILY_COUNT] = {0};
    size_t statuses[SHR_STATUS_COUNT] = {0};
    for (size_t i = 0; i < nprac; i++) {
        const shr_practice *p = shr_catalog_practice_at(cat, i);
        const shr_category *c = shr_practice_category(p);
        if (c) {
            shr_family f = shr_category_family(c);
            if ((int)f >= 0 && f < SHR_FAMILY_COUNT)
                families[f]++;
        }
        shr_status st = shr_practice_status(p);
        if ((int)st >= 0 && st < SHR_STATUS_COUNT)
            statuses[st]++;
    }
    printf("practices: %zu\n", nprac);
    for (int f = 0; f < SHR_FAMILY_COUNT; f++)
        if (families[f])
            printf("  %-12s %8zu\n", shr_family_name((shr_family)f), families[f]);
    printf("  status:");
    const char *sep = " ";
    for (int s = 0; s < SHR_STATUS_COUNT; s++) {
        if (!statuses[s])
            continue;
        printf("%s%zu %s", sep, statuses[s], shr_status_name((shr_status)s));
        sep = ", ";
    }
    if (!nprac)
        printf(" none");
    putchar('\n');
}

int cli_cmd_validate(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    int quiet = 0, status = CLI_OK;
    const char *value;
    int id;
    cli_args_init(&args, "validate", argc, argv, 0);
    while ((id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            print_help();
            return cli_finish_output(CLI_OK);
        case OPT_QUIET:
            quiet = 1;
            break;
        case CLI_ARG_OPERAND:
            if (cli_strv_push(&files, value)) {
                cli_error("out of memory");
                cli_strv_free(&files);
                return CLI_FAIL;
            }
            break;
        default:
            cli_strv_free(&files);
            return CLI_USAGE;
        }
    }

    shr_catalog *cat = NULL;
    status = cli_load(files.items, files.count, &cat);
    cli_strv_free(&files);
    if (status != CLI_OK)
        return status;
    if (!quiet)
        print_summary(cat);
    printf("%zu territories, %zu actors, %zu practices\n", shr_catalog_territory_count(cat),
           shr_catalog_actor_count(cat), shr_catalog_practice_count(cat));
    shr_catalog_free(cat);
    return cli_finish_output(CLI_OK);
}
