/* sharitories save -o OUT [FILE...]: merge catalog files into one (atomic write). */
#include "cli.h"

#define USAGE CLI_PROGRAM " save -o OUT [FILE...]"

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

int cli_cmd_save(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    const char *output = NULL, *value;
    int id;
    cli_args_init(&args, "save", argc, argv, 0);
    while ((id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            print_help();
            return cli_finish_output(CLI_OK);
        case OPT_OUTPUT:
            if (!*value) {
                cli_strv_free(&files);
                return cli_usage_error("save", USAGE, "empty output file name");
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
        return cli_usage_error("save", USAGE, "missing -o OUT");
    }

    shr_catalog *cat = NULL;
    int status = cli_load(files.items, files.count, &cat);
    cli_strv_free(&files);
    if (status != CLI_OK)
        return status;
    shr_error err;
    shr_error_clear(&err);
    int rc = shr_catalog_save(cat, output, &err);
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
