/* The `sharitories` command-line tool: what the command files share.
 *
 * Exit statuses: 0 success, 1 failure (invalid data, bad query, I/O), 2 usage error.
 * Every command prints its output on stdout and nothing else on success; diagnostics go to
 * stderr. The tool only uses the public shr_ API of the library.
 */
#ifndef SHARITORIES_CLI_H
#define SHARITORIES_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sharitories/sharitories.h>

#define CLI_PROGRAM "sharitories"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* ---- Commands (one source file each) ---------------------------------------------------- */

int cli_cmd_validate(int argc, char **argv);
int cli_cmd_save(int argc, char **argv);
int cli_cmd_snapshot(int argc, char **argv);
int cli_cmd_query(int argc, char **argv);
int cli_cmd_panorama(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);
int cli_cmd_map(int argc, char **argv);

/* ---- Option parsing ------------------------------------------------------------------------
 * Options: `-x VALUE`, `-xVALUE`, `--long VALUE`, `--long=VALUE`, flags `-x`, `--long`;
 * options and operands may be mixed; `--` ends the options. When `dash_operands` is set, an
 * argument starting with '-' that is not one of the options is an operand (so that a query
 * expression such as `-status:ended` needs no `--`); otherwise it is a usage error.
 */
typedef struct cli_option {
    const char *long_name; /* without the dashes */
    char short_name;       /* 0: none */
    int takes_value;
    int id;                /* > 0 */
} cli_option;

typedef struct cli_args {
    const char *command; /* for messages: "query" */
    int argc;
    char **argv;
    int next;            /* index of the next argument to read */
    int only_operands;   /* after `--` */
    int dash_operands;
} cli_args;

enum { CLI_ARG_END = 0, CLI_ARG_OPERAND = -1, CLI_ARG_ERROR = -2 };

/* Start reading argv[1..] (argv[0] is the command name). */
void cli_args_init(cli_args *a, const char *command, int argc, char **argv, int dash_operands);
/* The next option id (value in *value when it takes one), CLI_ARG_OPERAND (the operand in
 * *value), CLI_ARG_END, or CLI_ARG_ERROR after printing a usage message on stderr. */
int cli_args_next(cli_args *a, const cli_option *options, const char **value);

/* Print "sharitories COMMAND: MESSAGE" and the usage line on stderr; returns CLI_USAGE. */
int cli_usage_error(const char *command, const char *usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Print "sharitories: error: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Print "sharitories: warning: MESSAGE" on stderr. */
void cli_warning(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Print "sharitories: MESSAGE" on stderr (a note that is not a warning). */
void cli_notice(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ---- Language (cli_util.c: the one rule, docs/errors.md "The tool") ---------------------------
 * Every message above is written in cli_lang(): its format (an English string literal) is
 * the key of its French in cli_messages_fr.def (tests/check_messages.py checks them all).
 * The prefixes (`sharitories: error: `, `FILE:LINE:COL: error: `, `usage: `) never change. */
/* `--lang VALUE` or `-l VALUE` (read by cli_args_next() for every command, and by main()
 * before the command): CLI_OK, or CLI_USAGE after a usage message when VALUE is not fr/en. */
int cli_set_lang(const char *command, const char *value);
/* Language of the messages: --lang, else the locale (LC_ALL, LC_MESSAGES, LANG: the first set
 * and not empty; "fr" when it starts with "fr"), else "en". */
const char *cli_lang(void);
/* Language of the documents (labels of tables, reports, maps, roadmaps): --lang, else "fr". */
const char *cli_output_lang(void);
/* The French of a message format when cli_lang() is "fr" (@p en when it has none). */
const char *cli_tr(const char *en);

/* Parse a non-negative decimal integer (no sign, no spaces, fits in size_t). 0 on success. */
int cli_parse_size(const char *text, size_t *out);
/* "LOW,HIGH" population band factors, 0 <= LOW <= HIGH, finite ("LOW:HIGH" accepted too).
 * 0, or -1 when the text is not such a band. */
int cli_parse_band(const char *text, double *low, double *high);

/* A growing array of borrowed strings (file operands). */
typedef struct cli_strv {
    const char **items;
    size_t count, cap;
} cli_strv;
int cli_strv_push(cli_strv *v, const char *s); /* 0, or -1 when memory ran out */
void cli_strv_free(cli_strv *v);
/* "a,b,c" -> items of @p out (pointers into *copy, a copy of @p text the caller frees; empty
 * items skipped). 0, or -1 when memory ran out. */
int cli_split_ids(const char *text, char **copy, cli_strv *out);

/* ---- Peer options (inspire, roadmap, report; --lang also map) ---------------------------- */

/* Option ids of the shared options, for the commands' option tables (above their own ids). */
enum { CLI_OPT_PEERS = 100, CLI_OPT_BAND, CLI_OPT_LANG, CLI_OPT_EXAMPLES };

/* What the shared options give: --peers ID,... (empty items skipped; a later --peers replaces
 * an earlier one), --band LOW,HIGH, --lang fr|en, --examples N (0 to 100). */
typedef struct cli_peer_options {
    cli_strv peers;     /* borrowed from peers_copy */
    char *peers_copy;
    int given_peers;    /* --peers was given (then peers.count > 0 after the check) */
    double band_low, band_high; /* default 0.5, 2.0 */
    const char *lang;   /* "fr" or "en"; default given to cli_peer_options_init() */
    size_t examples;    /* default given to cli_peer_options_init() */
} cli_peer_options;

/* "fr" or "en" -> *out (the same pointer); 0, or -1 for another language. */
int cli_parse_lang(const char *value, const char **out);
void cli_peer_options_init(cli_peer_options *po, const char *lang, size_t examples);
/* Parse option @p id with @p value when it is a shared one: CLI_OK, CLI_USAGE (reported with
 * @p command's usage) or CLI_FAIL (out of memory, reported). Any other id: CLI_USAGE, as an
 * unknown option (cli_args_next() has reported it). */
int cli_peer_option(cli_peer_options *po, const char *command, const char *usage, int id,
                    const char *value);
/* After the options: CLI_OK, or CLI_USAGE when --peers named no territory. */
int cli_peer_options_check(const cli_peer_options *po, const char *command, const char *usage);
void cli_peer_options_free(cli_peer_options *po);

/* ---- Loading ------------------------------------------------------------------------------ */

/* Load @p files as one unit into a new catalog (none: the bundled default catalog). On
 * failure prints the error (`FILE:LINE:COL: error: MESSAGE`) and returns CLI_FAIL. */
int cli_load(const char *const *files, size_t count, shr_catalog **out);
/* Print a library error as `FILE:LINE:COL: error: MESSAGE` (parts that are not known are left
 * out; the record id is added when the message does not name it). */
void cli_print_shr_error(const shr_error *err);
/* Print a query error: the expression, a caret under err->column, the reason. */
void cli_print_query_error(const char *expr, const shr_error *err);
/* Print the warnings of a compiled query (expression, caret, `sharitories: warning: ...`). */
void cli_print_query_warnings(const char *expr, const shr_query *q);
/* Compile @p expr (NULL or "" selects every practice); prints errors, and warnings (the
 * query is still compiled). CLI_OK or CLI_FAIL. */
int cli_compile_query(const shr_catalog *cat, const char *expr, shr_query **out);

/* ---- Output ------------------------------------------------------------------------------- */

/* Finish writing stdout: flush and report a write error. Returns @p status, or CLI_FAIL when
 * writing failed. */
int cli_finish_output(int status);

/*
 * -o FILE for the commands that write to stdout: cli_output_open() sends stdout to the
 * library's atomic replacement of FILE (atomic_file.h: a temporary file next to it);
 * cli_output_close() finishes the output (as cli_finish_output) and commits it over FILE when
 * the status is CLI_OK, else removes it, so a failed run leaves FILE as it was. Closing twice
 * is harmless; a cli_output that was not opened (path NULL) just finishes stdout.
 */
typedef struct cli_output {
    const char *path;
    shr_atomic_file *file;
    int saved_fd;
} cli_output;
int cli_output_open(cli_output *o, const char *path); /* CLI_OK or CLI_FAIL (reported) */
int cli_output_close(cli_output *o, int status);

/* A growing string. */
typedef struct cli_buf {
    char *data;
    size_t len, cap;
    int failed; /* memory ran out at some point: contents incomplete */
} cli_buf;
void cli_buf_add(cli_buf *b, const char *s);
void cli_buf_addn(cli_buf *b, const char *s, size_t n);
void cli_buf_addf(cli_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cli_buf_clear(cli_buf *b);
const char *cli_buf_str(const cli_buf *b); /* "" when empty */
void cli_buf_free(cli_buf *b);
/* The description of p copied into b (cleared first), or NULL when it has none. Long outputs
 * read descriptions so, without making the catalog keep a decoded copy of each. */
const char *cli_description(const shr_practice *p, cli_buf *b);

/* A CSV text cell: shr_csv_write_text() with cli_csv_flags (quoted when needed, spreadsheet
 * formulas neutralised unless --raw-csv); NULL is an empty cell. */
void cli_csv_field(FILE *out, const char *s);
/* SHR_CSV_* of every CSV the tool writes: SHR_CSV_RAW after `--raw-csv` (an option of every
 * command, read by cli_args_next()); set on the catalogs cli_load() makes. */
extern unsigned cli_csv_flags;
/* JSON: a string with its quotes and escapes; NULL is `null`. Invalid UTF-8 bytes become
 * U+FFFD so that the output is always valid JSON. */
void cli_json_string(FILE *out, const char *s);
/* Shortest decimal text that reads back as @p v ("16", "47.245935"); "null"-safe: writes into
 * @p buf (at least 32 bytes) and returns it; non-finite values give "". */
const char *cli_format_double(double v, char *buf, size_t size);

/* Display width of UTF-8 text (code points; combining marks count 0). */
size_t cli_text_width(const char *s);
/* Display width of the first @p len bytes of @p s. */
size_t cli_text_width_n(const char *s, size_t len);
/* Tables are built a line at a time in a cli_buf, then printed without trailing spaces. */
/* Append @p s padded with spaces (left-aligned, or right-aligned when @p right) to @p width
 * columns; text wider than @p width is cut and ends with an ellipsis; control characters
 * become spaces. */
void cli_write_cell(cli_buf *out, const char *s, size_t width, int right);
/* Append a horizontal rule of @p width columns. */
void cli_write_rule(cli_buf *out, size_t width);
/* Print the line on stdout without its trailing spaces, with a newline; then clear it. */
void cli_emit_line(cli_buf *line);

#endif
