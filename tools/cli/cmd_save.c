/*
 * sharitories save -o OUT [FILE...]: merge catalog files into one (atomic write);
 * sharitories snapshot -o OUT.shrs [FILE...]: the same catalog as a binary snapshot.
 */
#include "cli.h"

#define USAGE CLI_PROGRAM " save -o OUT [FILE...]"
#define SNAPSHOT_USAGE CLI_PROGRAM " snapshot -o OUT.shrs [FILE...]"

enum { OPT_HELP = 1, OPT_OUTPUT };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"output", 'o', 1, OPT_OUTPUT},
    {NULL, 0, 0, 0},
};

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Load the catalog FILEs as one unit and write them as one catalog file OUT\n"
           "(format %d, records in their original order). Without FILE, the bundled default\n"
           "catalog. The write is atomic: OUT is replaced only once the new file is complete.\n\n",
           SHR_FORMAT_VERSION);
    printf("Options:\n"
           "  -o, --output OUT   the file to write (required)\n"
           "  -h, --help         show this help\n");
}

static void print_snapshot_help(void)
{
    printf("usage: %s\n\n", SNAPSHOT_USAGE);
    printf("Load the catalog FILEs as one unit (YAML files, or a snapshot first) and write them\n"
           "as one binary snapshot OUT (docs/snapshot.md). Without FILE, the bundled default\n"
           "catalog. Every command that reads a catalog file opens a snapshot too, much faster\n"
           "than YAML; a snapshot is only read by the library version that wrote it (%s).\n"
           "The write is atomic: OUT is replaced only once the new file is complete.\n\n",
           shr_version());
    printf("Options:\n"
           "  -o, --output OUT   the file to write (required)\n"
           "  -h, --help         show this help\n");
}

/* save and snapshot: the same command but for the writer. */
static int save_command(int argc, char **argv, const char *name, const char *usage,
                        void (*help)(void),
                        int (*save)(const shr_catalog *, const char *, shr_error *))
{
    cli_args args;
    cli_strv files = {0};
    const char *output = NULL, *value;
    int id;
    cli_args_init(&args, name, argc, argv, 0);
    while ((id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            help();
            return cli_finish_output(CLI_OK);
        case OPT_OUTPUT:
            if (!*value) {
                cli_strv_free(&files);
                return cli_usage_error(name, usage, "empty output file name");
            }
            output = value;
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
    if (!output) {
        cli_strv_free(&files);
        return cli_usage_error(name, usage, "missing -o OUT");
    }

    shr_catalog *cat = NULL;
    int status = cli_load(files.items, files.count, &cat);
    cli_strv_free(&files);
    if (status != CLI_OK)
        return status;
    shr_error err;
    shr_error_clear(&err);
    int rc = save(cat, output, &err);
    if (rc != SHR_OK) {
        if (err.code == SHR_OK)
            err.code = rc;
        if (!err.file[0] && err.message[0])
            cli_error("cannot save '%s': %s", output, shr_error_message(&err, cli_lang()));
        else
            cli_print_shr_error(&err);
        status = CLI_FAIL;
    }
    shr_catalog_free(cat);
    return cli_finish_output(status);
}

int cli_cmd_save(int argc, char **argv)
{
    return save_command(argc, argv, "save", USAGE, print_help, shr_catalog_save);
}

int cli_cmd_snapshot(int argc, char **argv)
{
    return save_command(argc, argv, "snapshot", SNAPSHOT_USAGE, print_snapshot_help,
                        shr_catalog_save_snapshot);
}
