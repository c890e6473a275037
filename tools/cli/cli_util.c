/* Shared pieces of the command-line tool: option parsing, loading, errors, output writers. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Language ----------------------------------------------------------------------------- */

/* The one rule (docs/errors.md, "The tool"): `--lang fr|en` (anywhere: before the command or
 * among its options) sets the language of the messages and of the documents; without it,
 * messages follow the locale (the first of LC_ALL, LC_MESSAGES, LANG that is set and not
 * empty: French when it starts with "fr", else English) and documents are French. */
static const char *lang_option; /* fr or en after --lang, else NULL */

int cli_set_lang(const char *command, const char *value)
{
    if (value && (strcmp(value, "fr") == 0 || strcmp(value, "en") == 0)) {
        lang_option = value;
        return CLI_OK;
    }
    return cli_usage_error(command, NULL, "unknown language '%s' (fr or en)", value ? value : "");
}

const char *cli_lang(void)
{
    if (lang_option)
        return lang_option;
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "fr", 2) == 0 ? "fr" : "en";
    }
    return "en";
}

const char *cli_output_lang(void)
{
    return lang_option ? lang_option : "fr";
}

/* ---- Messages ----------------------------------------------------------------------------- */

static const struct {
    const char *en, *fr;
} cli_messages_fr[] = {
#define M(en, fr) {en, fr},
#include "cli_messages_fr.def"
#undef M
};

const char *cli_tr(const char *en)
{
    if (strcmp(cli_lang(), "fr") != 0)
        return en;
    for (size_t i = 0; i < sizeof cli_messages_fr / sizeof cli_messages_fr[0]; i++)
        if (strcmp(cli_messages_fr[i].en, en) == 0)
            return cli_messages_fr[i].fr;
    return en;
}

/* "PREFIX" then the message (in the language of cli_lang()) and a newline, on stderr. The
 * prefixes (`sharitories: error: `) are the same in every language, for the programs that
 * read them. */
static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
    fputs(prefix, stderr);
    vfprintf(stderr, cli_tr(fmt), ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(CLI_PROGRAM ": error: ", fmt, ap);
    va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(CLI_PROGRAM ": warning: ", fmt, ap);
    va_end(ap);
}

void cli_notice(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(CLI_PROGRAM ": ", fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *command, const char *usage, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, CLI_PROGRAM "%s%s: ", command ? " " : "", command ? command : "");
    va_start(ap, fmt);
    vfprintf(stderr, cli_tr(fmt), ap);
    va_end(ap);
    fputc('\n', stderr);
    if (usage)
        fprintf(stderr, "usage: %s\n", usage);
    fprintf(stderr, cli_tr("Try '%s%s%s --help' for more information.\n"), CLI_PROGRAM,
            command ? " " : "", command ? command : "");
    return CLI_USAGE;
}

/* ---- Option parsing ----------------------------------------------------------------------- */

void cli_args_init(cli_args *a, const char *command, int argc, char **argv, int dash_operands)
{
    a->command = command;
    a->argc = argc;
    a->argv = argv;
    a->next = 1;
    a->only_operands = 0;
    a->dash_operands = dash_operands;
}

static int take_value(cli_args *a, const cli_option *o, const char *spelled, const char **value)
{
    if (a->next >= a->argc) {
        cli_usage_error(a->command, NULL, "option '%s' needs a value", spelled);
        return CLI_ARG_ERROR;
    }
    *value = a->argv[a->next++];
    return o->id;
}

int cli_args_next(cli_args *a, const cli_option *options, const char **value)
{
    *value = NULL;
    if (a->next >= a->argc)
        return CLI_ARG_END;
    const char *arg = a->argv[a->next++];
    if (a->only_operands || arg[0] != '-' || arg[1] == '\0') {
        *value = arg;
        return CLI_ARG_OPERAND;
    }
    if (arg[1] == '-') {
        if (arg[2] == '\0') {
            a->only_operands = 1;
            return cli_args_next(a, options, value);
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (strcmp(name, "raw-csv") == 0) { /* every command: CSV text cells as they are */
            cli_csv_flags |= SHR_CSV_RAW;
            return cli_args_next(a, options, value);
        }
        if (len == 4 && strncmp(name, "lang", 4) == 0) { /* every command: cli_lang() */
            if (!eq && a->next >= a->argc) {
                cli_usage_error(a->command, NULL, "option '%s' needs a value", arg);
                return CLI_ARG_ERROR;
            }
            if (cli_set_lang(a->command, eq ? eq + 1 : a->argv[a->next++]) != CLI_OK)
                return CLI_ARG_ERROR;
            return cli_args_next(a, options, value);
        }
        for (const cli_option *o = options; o->id; o++) {
            if (!o->long_name || strlen(o->long_name) != len || strncmp(o->long_name, name, len))
                continue;
            if (!o->takes_value) {
                if (eq) {
                    cli_usage_error(a->command, NULL, "option '--%s' takes no value", o->long_name);
                    return CLI_ARG_ERROR;
                }
                return o->id;
            }
            if (eq) {
                *value = eq + 1;
                return o->id;
            }
            return take_value(a, o, arg, value);
        }
        cli_usage_error(a->command, NULL, "unknown option '%.*s'", (int)(len + 2), arg);
        return CLI_ARG_ERROR;
    }
    if (arg[1] == 'l' && (arg[2] == '\0' || !a->dash_operands)) { /* -l LANG, -lLANG */
        if (arg[2] == '\0' && a->next >= a->argc) {
            cli_usage_error(a->command, NULL, "option '%s' needs a value", arg);
            return CLI_ARG_ERROR;
        }
        if (cli_set_lang(a->command, arg[2] ? arg + 2 : a->argv[a->next++]) != CLI_OK)
            return CLI_ARG_ERROR;
        return cli_args_next(a, options, value);
    }
    for (const cli_option *o = options; o->id; o++) {
        if (!o->short_name || arg[1] != o->short_name)
            continue;
        if (!o->takes_value) {
            if (arg[2] == '\0')
                return o->id;
            break; /* "-cx": not a flag of ours */
        }
        if (arg[2] != '\0') {
            if (a->dash_operands)
                break; /* "-foo" in a query is an expression, not "-f oo" */
            *value = arg + 2;
            return o->id;
        }
        return take_value(a, o, arg, value);
    }
    if (a->dash_operands) {
        *value = arg;
        return CLI_ARG_OPERAND;
    }
    cli_usage_error(a->command, NULL, "unknown option '%s'", arg);
    return CLI_ARG_ERROR;
}

int cli_parse_size(const char *text, size_t *out)
{
    if (!text || !*text)
        return -1;
    size_t v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        size_t d = (size_t)(*p - '0');
        if (v > (SIZE_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

int cli_strv_push(cli_strv *v, const char *s)
{
    if (v->count == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        const char **items = realloc(v->items, cap * sizeof *items);
        if (!items)
            return -1;
        v->items = items;
        v->cap = cap;
    }
    v->items[v->count++] = s;
    return 0;
}

void cli_strv_free(cli_strv *v)
{
    free(v->items);
    v->items = NULL;
    v->count = v->cap = 0;
}

int cli_split_ids(const char *text, char **copy, cli_strv *out)
{
    *copy = strdup(text);
    if (!*copy)
        return -1;
    for (char *s = *copy, *next; s; s = next) {
        next = strchr(s, ',');
        if (next)
            *next++ = '\0';
        if (*s && cli_strv_push(out, s))
            return -1;
    }
    return 0;
}

/* ---- Peer options ------------------------------------------------------------------------- */

int cli_parse_lang(const char *value, const char **out)
{
    if (strcmp(value, "fr") != 0 && strcmp(value, "en") != 0)
        return -1;
    *out = value;
    return 0;
}

void cli_peer_options_init(cli_peer_options *po, const char *lang, size_t examples)
{
    memset(po, 0, sizeof *po);
    po->band_low = 0.5;
    po->band_high = 2.0;
    po->lang = lang;
    po->examples = examples;
}

int cli_peer_option(cli_peer_options *po, const char *command, const char *usage, int id,
                    const char *value)
{
    switch (id) {
    case CLI_OPT_PEERS:
        free(po->peers_copy);
        po->peers_copy = NULL;
        po->peers.count = 0;
        po->given_peers = 1;
        if (cli_split_ids(value, &po->peers_copy, &po->peers)) {
            cli_error("out of memory");
            return CLI_FAIL;
        }
        return CLI_OK;
    case CLI_OPT_BAND:
        if (cli_parse_band(value, &po->band_low, &po->band_high))
            return cli_usage_error(command, usage,
                                   "--band needs LOW,HIGH with 0 <= LOW <= HIGH, not '%s'", value);
        return CLI_OK;
    case CLI_OPT_LANG:
        if (cli_parse_lang(value, &po->lang))
            return cli_usage_error(command, usage, "unknown language '%s' (fr or en)", value);
        return CLI_OK;
    case CLI_OPT_EXAMPLES:
        if (cli_parse_size(value, &po->examples) || po->examples > 100)
            return cli_usage_error(command, usage,
                                   "--examples needs a number from 0 to 100, not '%s'", value);
        return CLI_OK;
    default:
        return CLI_USAGE;
    }
}

int cli_peer_options_check(const cli_peer_options *po, const char *command, const char *usage)
{
    if (po->given_peers && po->peers.count == 0)
        return cli_usage_error(command, usage, "--peers needs at least one territory id");
    return CLI_OK;
}

void cli_peer_options_free(cli_peer_options *po)
{
    cli_strv_free(&po->peers);
    free(po->peers_copy);
    po->peers_copy = NULL;
}

/* ---- Errors of the library ---------------------------------------------------------------- */

/* The section (top-level key) that holds line @p line of @p path, as a record kind
 * ("practice"), or NULL when it cannot be told. Reads the file; best effort. */
static const char *record_kind_at(const char *path, unsigned line)
{
    static const struct {
        const char *key;
        const char *kind;
    } sections[] = {
        {"territories:", "territory"},
        {"actors:", "actor"},
        {"practices:", "practice"},
        {"categories:", "category"},
    };
    if (!path || !*path || line == 0)
        return NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    const char *kind = NULL;
    char buf[256];
    unsigned n = 1;
    int at_line_start = 1;
    while (n <= line && fgets(buf, sizeof buf, f)) {
        if (at_line_start && ((buf[0] >= 'a' && buf[0] <= 'z') || (buf[0] >= 'A' && buf[0] <= 'Z'))) {
            kind = NULL; /* a top-level key: the section changes */
            for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
                if (strncmp(buf, sections[i].key, strlen(sections[i].key)) == 0)
                    kind = sections[i].kind;
        }
        size_t len = strlen(buf);
        at_line_start = len > 0 && buf[len - 1] == '\n';
        if (at_line_start)
            n++;
    }
    fclose(f);
    return kind;
}

void cli_print_shr_error(const shr_error *err)
{
    const char *message = shr_error_message(err, cli_lang());
    if (err->file[0]) {
        fputs(err->file, stderr);
        if (err->line) {
            fprintf(stderr, ":%u", err->line);
            if (err->column)
                fprintf(stderr, ":%u", err->column);
        }
        fputs(": error: ", stderr);
    } else {
        fputs(CLI_PROGRAM ": error: ", stderr);
    }
    if (err->record[0] && !strstr(message, err->record)) {
        const char *kind = record_kind_at(err->file, err->line);
        fprintf(stderr, cli_tr("%s '%s': "), cli_tr(kind ? kind : "record"), err->record);
    }
    fprintf(stderr, "%s\n", message);
}

int cli_load(const char *const *files, size_t count, shr_catalog **out)
{
    *out = NULL;
    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    shr_error err;
    shr_error_clear(&err);
    shr_catalog_set_csv_flags(cat, cli_csv_flags);
    int rc = count ? shr_catalog_load_files(cat, files, count, &err)
                   : shr_catalog_load_default(cat, &err);
    if (rc != SHR_OK) {
        if (err.code == SHR_OK)
            err.code = rc;
        cli_print_shr_error(&err);
        shr_catalog_free(cat);
        return CLI_FAIL;
    }
    *out = cat;
    return CLI_OK;
}

/* The expression and a caret under byte column `column` (when it is known and short). */
static void print_caret(const char *expr, unsigned column)
{
    size_t len = strlen(expr);
    if (column >= 1 && column <= len + 1 && len <= 4096) {
        /* The expression on one line (control characters shown as spaces), the caret under
         * the character at byte column err->column (UTF-8 sequences take one column). */
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)expr[i];
            fputc(c == '\t' ? '\t' : (c < 0x20 || c == 0x7f) ? ' ' : c, stderr);
        }
        fputc('\n', stderr);
        for (size_t i = 0; i + 1 < column; i++) {
            unsigned char c = (unsigned char)expr[i];
            if (c == '\t')
                fputc('\t', stderr);
            else if ((c & 0xc0) != 0x80)
                fputc(' ', stderr);
        }
        fputs("^\n", stderr);
    }
}

void cli_print_query_error(const char *expr, const shr_error *err)
{
    print_caret(expr, err->column);
    cli_error("invalid query: %s", shr_error_message(err, cli_lang()));
}

void cli_print_query_warnings(const char *expr, const shr_query *q)
{
    for (size_t i = 0; i < shr_query_warning_count(q); i++) {
        print_caret(expr, shr_query_warning_column(q, i));
        fprintf(stderr, CLI_PROGRAM ": warning: %s\n",
                shr_query_warning_message_lang(q, i, cli_lang()));
    }
}

int cli_compile_query(const shr_catalog *cat, const char *expr, shr_query **out)
{
    shr_error err;
    shr_error_clear(&err);
    *out = NULL;
    int rc = shr_query_parse(cat, expr ? expr : "", out, &err);
    if (rc != SHR_OK || !*out) {
        if (err.code == SHR_OK)
            err.code = rc ? rc : SHR_EQUERY;
        if (err.code == SHR_EQUERY || err.code == SHR_ELIMIT)
            cli_print_query_error(expr ? expr : "", &err);
        else
            cli_print_shr_error(&err);
        shr_query_free(*out);
        *out = NULL;
        return CLI_FAIL;
    }
    cli_print_query_warnings(expr ? expr : "", *out);
    return CLI_OK;
}

/* ---- Output ------------------------------------------------------------------------------- */

int cli_finish_output(int status)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno != EPIPE)
            cli_error("cannot write the output: %s", errno ? strerror(errno) : "write error");
        return CLI_FAIL;
    }
    return status;
}

static int buf_reserve(cli_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *data = realloc(b->data, cap);
    if (!data) {
        b->failed = 1;
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

void cli_buf_addn(cli_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

int cli_output_open(cli_output *o, const char *path)
{
    o->path = path;
    o->file = NULL;
    o->saved_fd = -1;
    shr_error err;
    if (shr_atomic_file_open(path, NULL, &o->file, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        return CLI_FAIL;
    }
    fflush(stdout);
    o->saved_fd = dup(STDOUT_FILENO);
    if (o->saved_fd < 0 || dup2(shr_atomic_file_descriptor(o->file), STDOUT_FILENO) < 0) {
        cli_error("cannot write %s: %s", path, strerror(errno));
        if (o->saved_fd >= 0)
            close(o->saved_fd);
        shr_atomic_file_abort(o->file);
        o->file = NULL;
        return CLI_FAIL;
    }
    return CLI_OK;
}

int cli_output_close(cli_output *o, int status)
{
    if (!o->file)
        return o->path ? status : cli_finish_output(status);
    status = cli_finish_output(status);
    /* stdout back to what it was, then the library's rule: fsync, mode, rename. */
    dup2(o->saved_fd, STDOUT_FILENO);
    close(o->saved_fd);
    shr_error err;
    if (status != CLI_OK)
        shr_atomic_file_abort(o->file);
    else if (shr_atomic_file_commit(o->file, &err) != SHR_OK) {
        cli_print_shr_error(&err);
        status = CLI_FAIL;
    }
    o->file = NULL;
    return status;
}

const char *cli_description(const shr_practice *p, cli_buf *b)
{
    cli_buf_clear(b);
    int64_t len = shr_practice_description_copy(p, NULL, 0);
    if (len < 0 || buf_reserve(b, (size_t)len))
        return len < 0 ? NULL : shr_practice_description(p);
    shr_practice_description_copy(p, b->data, (size_t)len + 1);
    b->len = (size_t)len;
    return b->data;
}

void cli_buf_add(cli_buf *b, const char *s)
{
    if (s)
        cli_buf_addn(b, s, strlen(s));
}

void cli_buf_addf(cli_buf *b, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        cli_buf_addn(b, small, (size_t)n);
        return;
    }
    if (buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void cli_buf_clear(cli_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

const char *cli_buf_str(const cli_buf *b)
{
    return b->data ? b->data : "";
}

void cli_buf_free(cli_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

unsigned cli_csv_flags;

void cli_csv_field(FILE *out, const char *s)
{
    shr_csv_write_text(out, s, cli_csv_flags);
}

/* Length of the valid UTF-8 sequence at @p s (1..4), or 0 when the bytes are not one. */
static size_t utf8_sequence(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

void cli_json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            fputc('\\', out);
            fputc(c, out);
            p++;
        } else if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': fputs("\\n", out); break;
            case '\r': fputs("\\r", out); break;
            case '\t': fputs("\\t", out); break;
            case '\b': fputs("\\b", out); break;
            case '\f': fputs("\\f", out); break;
            default: fprintf(out, "\\u%04x", c); break;
            }
            p++;
        } else if (c < 0x80) {
            fputc(c, out);
            p++;
        } else {
            size_t n = utf8_sequence(p);
            if (n == 0) {
                fputs("\\ufffd", out);
                p++;
            } else {
                fwrite(p, 1, n, out);
                p += n;
            }
        }
    }
    fputc('"', out);
}

const char *cli_format_double(double v, char *buf, size_t size)
{
    if (!isfinite(v)) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buf, size, "%.*g", precision, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

/* Code point at @p s (a valid or invalid UTF-8 sequence), its length in *len. */
static uint32_t utf8_decode(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = utf8_sequence(p);
    if (n <= 1) {
        *len = 1;
        return p[0];
    }
    uint32_t cp = p[0] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3f);
    *len = n;
    return cp;
}

static int zero_width(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36f) || cp == 0x200b || cp == 0x200d || cp == 0xfe0f;
}

size_t cli_text_width_n(const char *s, size_t len)
{
    size_t w = 0;
    if (!s)
        return 0;
    const char *end = s + len;
    while (s < end && *s) {
        size_t n;
        uint32_t cp = utf8_decode(s, &n);
        if (!zero_width(cp))
            w++;
        s += n;
    }
    return w;
}

size_t cli_text_width(const char *s)
{
    return s ? cli_text_width_n(s, strlen(s)) : 0;
}

void cli_write_cell(cli_buf *out, const char *s, size_t width, int right)
{
    if (!s)
        s = "";
    size_t w = cli_text_width(s);
    if (w > width) {
        /* Cut to width - 1 columns, then the ellipsis. */
        size_t shown = 0;
        const char *p = s;
        while (*p && shown + 1 < width) {
            size_t n;
            uint32_t cp = utf8_decode(p, &n);
            cli_buf_addn(out, p, n);
            if (!zero_width(cp))
                shown++;
            p += n;
        }
        if (width > 0)
            cli_buf_add(out, "\xe2\x80\xa6"); /* … */
        return;
    }
    if (right)
        for (size_t i = w; i < width; i++)
            cli_buf_add(out, " ");
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        cli_buf_addn(out, c < 0x20 || c == 0x7f ? " " : p, 1); /* a table stays on one line */
    }
    if (!right)
        for (size_t i = w; i < width; i++)
            cli_buf_add(out, " ");
}

void cli_write_rule(cli_buf *out, size_t width)
{
    for (size_t i = 0; i < width; i++)
        cli_buf_add(out, "\xe2\x94\x80"); /* ─ */
}

void cli_emit_line(cli_buf *line)
{
    size_t len = line->len;
    while (len > 0 && line->data[len - 1] == ' ')
        len--;
    if (len)
        fwrite(line->data, 1, len, stdout);
    putchar('\n');
    cli_buf_clear(line);
}

int cli_parse_band(const char *text, double *low, double *high)
{
    char *end;
    *low = strtod(text, &end);
    if (end == text || (*end != ',' && *end != ':'))
        return -1;
    const char *second = end + 1;
    *high = strtod(second, &end);
    if (end == second || *end != '\0')
        return -1;
    return isfinite(*low) && isfinite(*high) && *low >= 0 && *low <= *high ? 0 : -1;
}
