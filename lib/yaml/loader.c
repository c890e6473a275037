/*
 * Catalog files -> records, straight from libyaml's event stream (no document tree: a 60 MB
 * file would need gigabytes as a yaml_document_t).
 *
 * The reader is a recursive descent over events, one function per node of the schema of
 * spec/format.md. Each parse_* function is entered with the node's first event current (a
 * scalar or a *_START) and returns with its last event current (the scalar or the *_END).
 * Every node is checked as soon as its first event is read, so a node of the wrong shape is
 * reported before anything inside it is read: the schema is at most 5 levels deep, hence
 * SHR_LIMIT_DEPTH can never be reached and deep nesting (or an alias bomb: aliases and anchors
 * are refused on sight) costs nothing.
 *
 * Memory: strings and records go to the catalog's arena; lists are gathered in scratch vectors
 * reused for every record, then copied once to the arena. A reference to an id already known
 * (the common case: parents precede children, practices come after territories) points at the
 * target's own id string and is resolved on the spot; others are copied and queued for commit.
 *
 * Scalar typing follows the YAML 1.2 core schema: a quoted scalar is a string; a plain one is
 * null (~, null, empty), a boolean (true/false), an integer ([-+]?[0-9]+), a float, else a
 * string; an explicit standard tag (!!int...) wins. Integer fields (sharitories, population,
 * started, ended) take integers only, so `started: "2016"` is a wrong type. Text fields take
 * strings and also plain numbers, kept exactly as written (`code: 01001` is the text "01001",
 * `code: 58194` the text "58194"): codes and ids often look like numbers and nothing is lost;
 * null and booleans are refused (`name:` left empty is a mistake, not a name).
 *
 * Number fields (location, figures) are converted with strtod and so assume the "C" locale
 * for LC_NUMERIC (the default of any program that does not call setlocale).
 */
#include "loader_internal.h"
#include "scalar.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

/* ------------------------------------------------------------------ tables */


/* Field names with their lengths, so keys are matched with a length test and one memcmp. */
typedef struct field {
    const char *name;
    uint8_t len;
} field;

#define F(s) {s, (uint8_t)(sizeof(s) - 1)}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(i) (1u << (i))

enum { TOP_VERSION, TOP_META, TOP_CATEGORIES, TOP_TERRITORIES, TOP_ACTORS, TOP_PRACTICES };
static const field top_fields[] = {F("sharitories"), F("meta"),   F("categories"),
                                   F("territories"), F("actors"), F("practices")};

enum { M_TITLE, M_SOURCE, M_LICENCE, M_UPDATED };
static const field meta_fields[] = {F("title"), F("source"), F("licence"), F("updated")};

enum { C_ID, C_LABEL, C_FAMILY, C_AXES };
static const field category_fields[] = {F("id"), F("label"), F("family"), F("axes")};
#define CATEGORY_REQUIRED (BIT(C_ID) | BIT(C_FAMILY))

enum { L_FR, L_EN };
static const field label_fields[] = {F("fr"), F("en")};

enum { T_ID, T_NAME, T_KIND, T_CODE, T_FORMER, T_POSTAL, T_PARENT, T_GROUPS, T_POP, T_LOC };
static const field territory_fields[] = {
    F("id"),     F("name"),   F("kind"),       F("code"),    F("former_codes"),
    F("postal_codes"), F("parent"), F("groups"), F("population"), F("location")};
#define TERRITORY_REQUIRED (BIT(T_ID) | BIT(T_NAME) | BIT(T_KIND))

enum { A_ID, A_NAME, A_KIND, A_TERRITORY, A_LINKS };
static const field actor_fields[] = {F("id"), F("name"), F("kind"), F("territory"), F("links")};
#define ACTOR_REQUIRED (BIT(A_ID) | BIT(A_NAME) | BIT(A_KIND))

enum {
    P_ID, P_NAME, P_CATEGORY, P_AXES, P_TERRITORIES, P_ACTORS, P_STATUS, P_STARTED,
    P_ENDED, P_DESCRIPTION, P_TAGS, P_FIGURES, P_LINKS, P_ADDRESS, P_LOCATION
};
static const field practice_fields[] = {
    F("id"),     F("name"),        F("category"), F("axes"),    F("territories"),
    F("actors"), F("status"),      F("started"),  F("ended"),   F("description"),
    F("tags"),   F("figures"),     F("links"),    F("address"), F("location")};
#define PRACTICE_REQUIRED (BIT(P_ID) | BIT(P_NAME) | BIT(P_CATEGORY) | BIT(P_TERRITORIES))

enum { PA_ACTOR, PA_ROLE };
static const field practice_actor_fields[] = {F("actor"), F("role")};
#define PRACTICE_ACTOR_REQUIRED (BIT(PA_ACTOR) | BIT(PA_ROLE))

/* Characters allowed in ids (format.md): a-z 0-9 - _ . : */
static const unsigned char id_chars[256] = {
    ['-'] = 1, ['_'] = 1, ['.'] = 1, [':'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    /* Upper-case ASCII letters are read as lower case (docs/format.md): the reference French
     * territories of 2026 write Corsica's codes so (fr-dep-2A). */
    ['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2, ['G'] = 2, ['H'] = 2,
    ['I'] = 2, ['J'] = 2, ['K'] = 2, ['L'] = 2, ['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2,
    ['Q'] = 2, ['R'] = 2, ['S'] = 2, ['T'] = 2, ['U'] = 2, ['V'] = 2, ['W'] = 2, ['X'] = 2,
    ['Y'] = 2, ['Z'] = 2,
};

#define ID_RULE "1 to 128 characters of a-z 0-9 - _ . : (A-Z read as a-z)"

static const char yaml_tag_prefix[] = "tag:yaml.org,2002:";

/* ------------------------------------------------------------------ the loader state */

/* A reference read inside a practice, looked up at the end of the record. */
struct deferred_ref {
    uint32_t *dest;    /* where the index goes; set by add_pending() */
    const char *field; /* for messages */
    void *record;
    uint32_t hash, id_off, id_len, line, column;
    uint8_t target, record_kind;
};

typedef struct loader {
    shr_catalog *cat;
    shr_batch *batch;
    shr_error *err;
    const char *file; /* name used in messages */
    uint32_t file_index;
    int fd;           /* -1 when reading a buffer */
    const unsigned char *data; /* the buffer when fd is -1 */
    int read_errno;   /* errno of a failed read */
    yaml_parser_t parser;
    yaml_event_t ev; /* the current event */
    bool has_ev;
    /* What is being read, for messages: "territory", "meta"... and the record's id once read. */
    const char *ctx;
    const char *rid;
    yaml_mark_t key_mark; /* the key of the value being read */
    /* Scratch lists, reused for every record (no list holds another of the same type). */
    SHR_VEC(shr_posref) refs;
    SHR_VEC(const char *) strs;
    SHR_VEC(shr_figure) figs;
    SHR_VEC(yaml_mark_t) marks;
    SHR_VEC(struct pact { shr_posref actor; uint8_t role; }) acts;
    SHR_VEC(const char *) ids; /* parallel to refs or acts: the id of an unresolved reference */
    /* Short list items that repeat (tags, postal codes) are stored once per file. */
    shr_idmap interned;             /* text -> index in istrs */
    SHR_VEC(const char *) istrs;
    /* Inside a practice, references are looked up at the end of the record (see
     * resolve_deferred): each id's slot is prefetched when it is read, so the look-ups of
     * 1,000,000 practices do not each wait for memory. */
    bool deferring;
    SHR_VEC(struct deferred_ref) dref;
    size_t dbound; /* entries of dref whose dest is set (bound in reading order) */
    SHR_VEC(char) dnames; /* the ids of dref, one after the other */
} loader;

/* The *id read_ref() gives for a deferred reference (add_pending() binds it). */
static const char deferred_id[] = "";

#define EV (L->ev)
#define SVAL(L) ((const char *)(L)->ev.data.scalar.value)
#define SLEN(L) ((L)->ev.data.scalar.length)

/* ------------------------------------------------------------------ messages */

/* A short, one-line, printable copy of a value for messages. */
static const char *excerpt(char *buf, size_t size, const char *s, size_t len)
{
    size_t max = size - 4, n = len < max ? len : max;
    /* Do not cut a UTF-8 sequence in the middle. */
    if (n < len)
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    for (size_t i = 0; i < n; i++)
        buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
    if (n < len)
        memcpy(buf + n, "...", 4);
    else
        buf[n] = '\0';
    return buf;
}

/* "id, name, kind" from a field table. */
static const char *field_list(char *buf, size_t size, const field *fields, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", fields[i].name);
        if (k < 0)
            break;
        used += (size_t)k;
    }
    return buf;
}

static int vfail_at(loader *L, int code, yaml_mark_t m, const char *fmt, va_list ap)
{
    char msg[SHR_ERROR_MESSAGE_MAX];
    int k = 0;
    if (L->ctx && L->rid)
        k = snprintf(msg, sizeof msg, "%s '%s': ", L->ctx, L->rid);
    else if (L->ctx)
        k = snprintf(msg, sizeof msg, "%s: ", L->ctx);
    if (k < 0 || (size_t)k >= sizeof msg)
        k = 0;
    vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
    return shr__error_set_at(L->err, code, L->file, (unsigned)m.line + 1, (unsigned)m.column + 1,
                             L->rid, "%s", msg);
}

static int fail_at(loader *L, int code, yaml_mark_t m, const char *fmt, ...) SHR_PRINTF(4, 5);
static int fail_at(loader *L, int code, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(L, code, m, fmt, ap);
    va_end(ap);
    return rc;
}

/* An error at the current node. */
static int fail(loader *L, int code, const char *fmt, ...) SHR_PRINTF(3, 4);
static int fail(loader *L, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(L, code, L->ev.start_mark, fmt, ap);
    va_end(ap);
    return rc;
}

static int oom(loader *L)
{
    return fail(L, SHR_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------ scalar typing (see scalar.c) */


static shr_vtype scalar_type(const yaml_event_t *e)
{
    const char *tag = (const char *)e->data.scalar.tag;
    if (tag) {
        /* check_event() let only the five standard scalar tags through. */
        const char *sfx = tag + sizeof yaml_tag_prefix - 1;
        switch (sfx[0]) {
        case 's':
            return SHR_V_STR;
        case 'i':
            return SHR_V_INT;
        case 'f':
            return SHR_V_FLOAT;
        case 'b':
            return SHR_V_BOOL;
        default:
            return SHR_V_NULL;
        }
    }
    if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return SHR_V_STR;
    return shr__plain_type((const char *)e->data.scalar.value, e->data.scalar.length);
}

/* What a node is, for "expected X, got Y". */
static const char *node_desc(const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    case YAML_SEQUENCE_START_EVENT:
        return "a list";
    case YAML_SCALAR_EVENT:
        switch (scalar_type(e)) {
        case SHR_V_NULL:
            return "null";
        case SHR_V_BOOL:
            return "a boolean";
        case SHR_V_INT:
            return "an integer";
        case SHR_V_FLOAT:
            return "a number";
        case SHR_V_STR:
            return e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? "a string"
                                                                    : "a quoted string";
        }
        break;
    default:
        break;
    }
    return "something else";
}

/* ------------------------------------------------------------------ events */

static bool tag_is(const char *sfx, const char *name)
{
    return strcmp(sfx, name) == 0;
}

/* Only the standard tags, each on its kind of node. */
static int check_tag(loader *L, const char *tag, yaml_event_type_t type)
{
    char buf[80];
    size_t plen = sizeof yaml_tag_prefix - 1;
    if (strncmp(tag, yaml_tag_prefix, plen) != 0)
        return fail(L, SHR_EUNSUPPORTED,
                    "unsupported YAML tag '%s' (only !!str, !!int, !!float, !!bool, !!null, "
                    "!!seq and !!map)",
                    excerpt(buf, sizeof buf, tag, strlen(tag)));
    const char *sfx = tag + plen;
    bool scalar_tag = tag_is(sfx, "str") || tag_is(sfx, "int") || tag_is(sfx, "float") ||
                      tag_is(sfx, "bool") || tag_is(sfx, "null");
    bool ok = type == YAML_SCALAR_EVENT           ? scalar_tag
              : type == YAML_SEQUENCE_START_EVENT ? tag_is(sfx, "seq")
                                                  : tag_is(sfx, "map");
    if (ok)
        return SHR_OK;
    if (scalar_tag || tag_is(sfx, "seq") || tag_is(sfx, "map"))
        return fail(L, SHR_EFORMAT, "tag '!!%s' does not fit %s", sfx,
                    type == YAML_SCALAR_EVENT ? "a scalar" : type == YAML_SEQUENCE_START_EVENT
                                                                 ? "a list"
                                                                 : "a mapping");
    return fail(L, SHR_EUNSUPPORTED,
                "unsupported YAML tag '!!%s' (only !!str, !!int, !!float, !!bool, !!null, "
                "!!seq and !!map)",
                excerpt(buf, sizeof buf, sfx, strlen(sfx)));
}

/* Refuse aliases, anchors, non-standard tags and oversized scalars as soon as they are read. */
static int check_event(loader *L)
{
    char buf[80];
    const yaml_char_t *anchor, *tag;
    switch (EV.type) {
    case YAML_ALIAS_EVENT:
        return fail(L, SHR_EUNSUPPORTED, "YAML aliases are not supported (*%s)",
                    excerpt(buf, sizeof buf, (const char *)EV.data.alias.anchor,
                            strlen((const char *)EV.data.alias.anchor)));
    case YAML_SCALAR_EVENT:
        if (EV.data.scalar.length > SHR_LIMIT_STRING_LENGTH)
            return fail(L, SHR_ELIMIT, "scalar of %zu bytes exceeds SHR_LIMIT_STRING_LENGTH (%u)",
                        EV.data.scalar.length, (unsigned)SHR_LIMIT_STRING_LENGTH);
        anchor = EV.data.scalar.anchor;
        tag = EV.data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = EV.data.sequence_start.anchor;
        tag = EV.data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = EV.data.mapping_start.anchor;
        tag = EV.data.mapping_start.tag;
        break;
    default:
        return SHR_OK;
    }
    if (anchor)
        return fail(L, SHR_EUNSUPPORTED, "YAML anchors are not supported (&%s)",
                    excerpt(buf, sizeof buf, (const char *)anchor, strlen((const char *)anchor)));
    if (tag)
        return check_tag(L, (const char *)tag, EV.type);
    return SHR_OK;
}

/*
 * Where byte `offset` of the input is, as 1-based line and column (columns count characters,
 * as libyaml's marks do). libyaml's reader reports only a byte offset for bytes it refuses
 * (invalid UTF-8, control characters), so the input is scanned again from the start: the
 * buffer, or the file with pread() in chunks (no allocation). When the byte at `offset` ends a
 * multi-byte sequence that went wrong, the place reported is the sequence's first byte.
 */
static void offset_position(const loader *L, const unsigned char *data, size_t offset,
                            unsigned *line, unsigned *column)
{
    unsigned char chunk[65536];
    unsigned ln = 1, col = 1;
    /* (line, column, byte) of the last 4 bytes, to step back to a sequence's lead byte. */
    struct { unsigned line, col; unsigned char byte; } last[4] = {{0, 0, 0}};
    size_t nlast = 0;
    for (size_t pos = 0; pos < offset;) {
        size_t n = offset - pos < sizeof chunk ? offset - pos : sizeof chunk;
        const unsigned char *bytes = data ? data + pos : chunk;
        if (!data) {
            ssize_t got = pread(L->fd, chunk, n, (off_t)pos);
            if (got <= 0)
                break;
            n = (size_t)got;
        }
        for (size_t i = 0; i < n; i++) {
            memmove(&last[1], &last[0], 3 * sizeof last[0]);
            last[0].line = ln;
            last[0].col = col;
            last[0].byte = bytes[i];
            if (nlast < 4)
                nlast++;
            if (bytes[i] == '\n') {
                ln++;
                col = 1;
            } else if ((bytes[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        pos += n;
    }
    *line = ln;
    *column = col;
    /* A lead byte among the previous 3 whose sequence would reach `offset`: report it. */
    for (size_t k = 0; k < nlast && k < 3; k++) {
        unsigned char b = last[k].byte;
        size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
        if (len > k + 1) {
            *line = last[k].line;
            *column = last[k].col;
            return;
        }
        if ((b & 0xC0) != 0x80)
            return;
    }
}

/* libyaml's errors -> ours. */
static int parser_error(loader *L)
{
    const yaml_parser_t *p = &L->parser;
    unsigned line = (unsigned)p->problem_mark.line + 1, col = (unsigned)p->problem_mark.column + 1;
    const char *problem = p->problem ? p->problem : "unknown problem";
    switch (p->error) {
    case YAML_MEMORY_ERROR:
        return shr__error_set_at(L->err, SHR_ENOMEM, L->file, 0, 0, NULL,
                                 "out of memory in the YAML parser");
    case YAML_READER_ERROR:
        if (L->read_errno)
            return shr__error_set_at(L->err, SHR_EIO, L->file, 0, 0, NULL, "cannot read: %s",
                                     strerror(L->read_errno));
        /* The reader runs ahead of the scanner: only the byte offset is known. */
        offset_position(L, L->data, p->problem_offset, &line, &col);
        return shr__error_set_at(L->err, SHR_ESYNTAX, L->file, line, col, NULL, "%s at byte %zu",
                                 problem, p->problem_offset);
    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
        if (p->context)
            return shr__error_set_at(L->err, SHR_ESYNTAX, L->file, line, col, NULL,
                                     "%s (%s at line %u, column %u)", problem, p->context,
                                     (unsigned)p->context_mark.line + 1,
                                     (unsigned)p->context_mark.column + 1);
        return shr__error_set_at(L->err, SHR_ESYNTAX, L->file, line, col, NULL, "%s", problem);
    default:
        return shr__error_set_at(L->err, SHR_ESYNTAX, L->file, line, col, NULL, "%s", problem);
    }
}

/* Make the next event current. */
static int next(loader *L)
{
    if (L->has_ev) {
        yaml_event_delete(&L->ev);
        L->has_ev = false;
    }
    if (!yaml_parser_parse(&L->parser, &L->ev))
        return parser_error(L);
    L->has_ev = true;
    return check_event(L);
}

/* ------------------------------------------------------------------ values */

static int wrong_type(loader *L, const char *name, const char *expected)
{
    /* An empty value (`name:` and nothing) has no place of its own: libyaml gives it the place
     * of the next token, often on the next line. Its key is where the user must look. */
    yaml_mark_t m = EV.start_mark;
    if (EV.type == YAML_SCALAR_EVENT && EV.data.scalar.length == 0 &&
        EV.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !EV.data.scalar.tag)
        m = L->key_mark;
    return fail_at(L, SHR_EFORMAT, m, "wrong type for '%s': expected %s, got %s", name, expected,
                   node_desc(&EV));
}

/* The current node as text (see the top comment for what counts as text). */
static int want_text(loader *L, const char *name, const char **s, size_t *len)
{
    if (EV.type != YAML_SCALAR_EVENT)
        return wrong_type(L, name, "a string");
    /* Quoted scalars are strings: skip the resolution (most text fields are quoted). */
    if (EV.data.scalar.tag || EV.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        shr_vtype t = scalar_type(&EV);
        if (t == SHR_V_NULL || t == SHR_V_BOOL)
            return wrong_type(L, name, "a string");
    }
    *s = SVAL(L);
    *len = SLEN(L);
    return SHR_OK;
}

static int copy_text(loader *L, const char *name, const char **out)
{
    const char *s = NULL;
    size_t len = 0;
    int rc = want_text(L, name, &s, &len);
    if (rc)
        return rc;
    char *copy = shr__arena_strndup(&L->cat->arena, s, len);
    if (!copy)
        return oom(L);
    *out = copy;
    return SHR_OK;
}

/* A long text (a description), kept coded in the catalog's text store. */
static int read_long_text(loader *L, const char *name, _Atomic uintptr_t *out)
{
    const char *s = NULL;
    size_t len = 0;
    const uint8_t *blob;
    int rc = want_text(L, name, &s, &len);
    if (rc)
        return rc;
    if (shr__textstore_encode(&L->cat->texts, &L->cat->arena, s, len, &blob))
        return oom(L);
    atomic_init(out, (uintptr_t)blob);
    return SHR_OK;
}

static int want_int(loader *L, const char *name, int64_t *out)
{
    if (EV.type != YAML_SCALAR_EVENT || scalar_type(&EV) != SHR_V_INT)
        return wrong_type(L, name, "an integer");
    const char *s = SVAL(L);
    size_t len = SLEN(L), i = 0;
    bool neg = false;
    if (len && (s[0] == '-' || s[0] == '+'))
        neg = s[0] == '-', i = 1;
    if (!shr__all_digits(s + i, len - i))
        return fail(L, SHR_EFORMAT, "'%s' is not a decimal integer", name);
    uint64_t v = 0;
    for (; i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_C(9223372036854775807) - d) / 10)
            return fail(L, SHR_EFORMAT, "'%s' is out of range", name);
        v = v * 10 + d;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return SHR_OK;
}

/* A finite number (integer or float). */
static int want_number(loader *L, const char *name, double *out)
{
    shr_vtype t = EV.type == YAML_SCALAR_EVENT ? scalar_type(&EV) : SHR_V_STR;
    if (EV.type != YAML_SCALAR_EVENT || (t != SHR_V_INT && t != SHR_V_FLOAT))
        return wrong_type(L, name, "a number");
    const char *s = SVAL(L);
    size_t len = SLEN(L);
    if (!shr__is_int_text(s, len) && !shr__is_float_text(s, len))
        return fail(L, SHR_EFORMAT, "'%s' must be a finite number", name);
    char *end;
    double v = strtod(s, &end);
    if (end != s + len || !isfinite(v))
        return fail(L, SHR_EFORMAT, "'%s' must be a finite number", name);
    *out = v;
    return SHR_OK;
}

/* Check an id and lower-case its ASCII letters in place (s is the parser's own copy). */
static bool valid_id(char *s, size_t len)
{
    if (len == 0 || len > SHR_LIMIT_ID_LENGTH)
        return false;
    bool upper = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = id_chars[(unsigned char)s[i]];
        if (!c)
            return false; /* before any change: the message shows the id as written */
        upper |= c == 2;
    }
    for (size_t i = 0; upper && i < len; i++)
        if (id_chars[(unsigned char)s[i]] == 2)
            s[i] = (char)(s[i] - 'A' + 'a');
    return true;
}

/* The current node as an id (not copied). */
static int want_id(loader *L, const char *name, const char **s, size_t *len)
{
    char buf[80];
    int rc = want_text(L, name, s, len);
    if (rc)
        return rc;
    if (!valid_id((char *)*s, *len)) /* the event's buffer, owned by the loader */
        return fail(L, SHR_EFORMAT, "invalid id '%s' in '%s' (expected " ID_RULE ")",
                    excerpt(buf, sizeof buf, *s, *len), name);
    return SHR_OK;
}

/* Index of a key in a field table, or -1. */
static int field_index(const field *fields, size_t n, const char *key, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (fields[i].len == len && fields[i].name[0] == key[0] &&
            memcmp(fields[i].name, key, len) == 0)
            return (int)i;
    return -1;
}

/*
 * Read the next key of a mapping. Returns SHR_OK with *f set to the field index, or -1 at the
 * end of the mapping, or an error (unknown or repeated field, key not a scalar).
 */
static int next_key(loader *L, const field *fields, size_t n, uint32_t *seen, const char *what,
                    int *f)
{
    char buf[80], names[256];
    int rc = next(L);
    if (rc)
        return rc;
    if (EV.type == YAML_MAPPING_END_EVENT) {
        *f = -1;
        return SHR_OK;
    }
    if (EV.type != YAML_SCALAR_EVENT)
        return fail(L, SHR_EFORMAT, "expected a field name, got %s", node_desc(&EV));
    int i = field_index(fields, n, SVAL(L), SLEN(L));
    if (i < 0)
        return fail(L, SHR_EFORMAT, "unknown %s '%s' (expected one of: %s)", what,
                    excerpt(buf, sizeof buf, SVAL(L), SLEN(L)),
                    field_list(names, sizeof names, fields, n));
    if (*seen & BIT(i))
        return fail(L, SHR_EFORMAT, "%s '%s' given twice", what, fields[i].name);
    *seen |= BIT(i);
    *f = i;
    L->key_mark = EV.start_mark;
    return next(L); /* the value */
}

/* After the mapping: report the first required field missing, at the mapping. */
static int check_required(loader *L, const field *fields, uint32_t required, uint32_t seen,
                          yaml_mark_t start)
{
    uint32_t missing = required & ~seen;
    if (!missing)
        return SHR_OK;
    int i = 0;
    while (!(missing & BIT(i)))
        i++;
    return fail_at(L, SHR_EFORMAT, start, "missing required field '%s'", fields[i].name);
}

/* ------------------------------------------------------------------ lists */

static int push_scratch(loader *L, void **items, size_t *cap, size_t count, size_t size)
{
    if (shr__grow(&L->cat->alloc, items, cap, count + 1, size))
        return oom(L);
    return SHR_OK;
}

static int list_limit(loader *L, const char *name, size_t count)
{
    if (count < SHR_LIMIT_LIST_LENGTH)
        return SHR_OK;
    return fail(L, SHR_ELIMIT, "'%s' has more than %u items (SHR_LIMIT_LIST_LENGTH)", name,
                (unsigned)SHR_LIMIT_LIST_LENGTH);
}

/* Copy n elements of a scratch list to the arena (NULL when empty). */
static int to_arena(loader *L, const void *items, size_t n, size_t size, void **out)
{
    *out = NULL;
    if (!n)
        return SHR_OK;
    void *copy = shr__arena_alloc(&L->cat->arena, n * size);
    if (!copy)
        return oom(L);
    memcpy(copy, items, n * size);
    *out = copy;
    return SHR_OK;
}

#define INTERN_MAX 32 /* longer texts are not looked for */

/* Like copy_text, but a text already seen in this file is shared. */
static int intern_text(loader *L, const char *name, const char **out)
{
    const char *s = NULL;
    size_t len = 0, slot;
    int rc = want_text(L, name, &s, &len);
    if (rc)
        return rc;
    if (len > INTERN_MAX)
        return copy_text(L, name, out);
    if (shr__idmap_reserve(&L->interned, 1))
        return oom(L);
    uint32_t h = shr__idmap_hash(s, len);
    uint32_t i = shr__idmap_probe(&L->interned, s, len, h, &slot);
    if (i != SHR_NO_INDEX) {
        *out = L->istrs.items[i];
        return SHR_OK;
    }
    char *copy = shr__arena_strndup(&L->cat->arena, s, len);
    if (!copy || push_scratch(L, (void **)&L->istrs.items, &L->istrs.cap, L->istrs.count,
                              sizeof *L->istrs.items))
        return oom(L);
    shr__idmap_insert_at(&L->interned, slot, copy, h, (uint32_t)L->istrs.count);
    L->istrs.items[L->istrs.count++] = copy;
    *out = copy;
    return SHR_OK;
}

static int read_text_list(loader *L, const char *name, bool intern, const char ***out,
                          uint32_t *count)
{
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return wrong_type(L, name, "a list of strings");
    L->strs.count = 0;
    for (;;) {
        int rc = next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            break;
        const char *s = NULL;
        if ((rc = list_limit(L, name, L->strs.count)) ||
            (rc = push_scratch(L, (void **)&L->strs.items, &L->strs.cap, L->strs.count,
                               sizeof *L->strs.items)) ||
            (rc = (intern ? intern_text : copy_text)(L, name, &s)))
            return rc;
        L->strs.items[L->strs.count++] = s;
    }
    *count = (uint32_t)L->strs.count;
    return to_arena(L, L->strs.items, L->strs.count, sizeof *L->strs.items, (void **)out);
}

static shr_idmap *target_map(shr_catalog *cat, int target)
{
    switch (target) {
    case SHR_REC_CATEGORY:
        return &cat->category_ids;
    case SHR_REC_TERRITORY:
        return &cat->territory_ids;
    case SHR_REC_ACTOR:
        return &cat->actor_ids;
    default:
        return &cat->practice_ids;
    }
}

static int defer_ref(loader *L, int target, const shr_posref *ref, const char *s, size_t len);

/* Read the current node as a reference; resolved now when the target is already known, else
 * *id is set to a copy of the id as written (NULL when resolved), for add_pending(). Inside a
 * practice (L->deferring) the look-up waits for resolve_deferred() and *id is deferred_id. */
static int read_ref(loader *L, const char *name, int target, shr_posref *ref, const char **id)
{
    const char *s = NULL;
    size_t len = 0;
    int rc = want_id(L, name, &s, &len);
    if (rc)
        return rc;
    ref->line = (uint32_t)EV.start_mark.line + 1;
    ref->column = (uint32_t)EV.start_mark.column + 1;
    if (L->deferring) {
        ref->index = SHR_NO_INDEX;
        *id = deferred_id;
        return defer_ref(L, target, ref, s, len);
    }
    ref->index = shr__idmap_find(target_map(L->cat, target), s, len);
    *id = NULL;
    if (ref->index != SHR_NO_INDEX)
        return SHR_OK;
    *id = shr__arena_strndup(&L->cat->arena, s, len);
    return *id ? SHR_OK : oom(L);
}

/* Remember a reference for resolve_deferred(), and ask for its slot in the target's map. */
static int defer_ref(loader *L, int target, const shr_posref *ref, const char *s, size_t len)
{
    const shr_idmap *map = target_map(L->cat, target);
    uint32_t h = shr__idmap_hash(s, len);
    if (map->slots)
        __builtin_prefetch(&map->slots[h & map->mask]);
    if (shr__grow(&L->cat->alloc, (void **)&L->dref.items, &L->dref.cap, L->dref.count + 1,
                  sizeof *L->dref.items) ||
        shr__grow(&L->cat->alloc, (void **)&L->dnames.items, &L->dnames.cap,
                  L->dnames.count + len, 1))
        return oom(L);
    struct deferred_ref *d = &L->dref.items[L->dref.count++];
    memset(d, 0, sizeof *d);
    d->hash = h;
    d->id_off = (uint32_t)L->dnames.count;
    d->id_len = (uint32_t)len;
    d->line = ref->line;
    d->column = ref->column;
    d->target = (uint8_t)target;
    memcpy(L->dnames.items + L->dnames.count, s, len);
    L->dnames.count += len;
    return SHR_OK;
}

static int add_pending(loader *L, uint32_t *index, const char *id, const shr_posref *pos,
                       void *record, int record_kind, int target, const char *name);

/* The end of a practice: look the deferred references up, in the order they were read (so
 * the unresolved ones queue for the commit in that order, as if looked up at once). */
static int resolve_deferred(loader *L)
{
    int rc = SHR_OK;
    assert(L->dbound == L->dref.count); /* every read_ref() is followed by its add_pending() */
    for (size_t i = 0; rc == SHR_OK && i < L->dref.count; i++) {
        struct deferred_ref *d = &L->dref.items[i];
        const char *id = L->dnames.items + d->id_off;
        const shr_idmap *map = target_map(L->cat, d->target);
        size_t slot;
        uint32_t found = map->slots ? shr__idmap_probe(map, id, d->id_len, d->hash, &slot)
                                    : SHR_NO_INDEX;
        if (found != SHR_NO_INDEX) {
            *d->dest = found;
            continue;
        }
        const char *copy = shr__arena_strndup(&L->cat->arena, id, d->id_len);
        shr_posref pos = {SHR_NO_INDEX, d->line, d->column};
        rc = copy ? add_pending(L, d->dest, copy, &pos, d->record, d->record_kind, d->target,
                                d->field)
                  : oom(L);
    }
    L->dref.count = L->dbound = L->dnames.count = 0;
    return rc;
}

/* Queue a reference read before its target (id: its copy from read_ref), resolved at commit. */
static int add_pending(loader *L, uint32_t *index, const char *id, const shr_posref *pos,
                       void *record, int record_kind, int target, const char *name)
{
    if (id == deferred_id) { /* bind the next deferred reference to where its index goes */
        struct deferred_ref *d = &L->dref.items[L->dbound++];
        d->dest = index;
        d->record = record;
        d->record_kind = (uint8_t)record_kind;
        d->field = name;
        return SHR_OK;
    }
    if (*index != SHR_NO_INDEX)
        return SHR_OK;
    shr_batch *b = L->batch;
    if (shr__grow(&L->cat->alloc, (void **)&b->pending.items, &b->pending.cap,
                  b->pending.count + 1, sizeof *b->pending.items))
        return oom(L);
    shr_pending_ref *p = &b->pending.items[b->pending.count++];
    p->index = index;
    p->id = id;
    p->line = pos->line;
    p->column = pos->column;
    p->record = record;
    p->field = name;
    p->record_kind = (uint8_t)record_kind;
    p->target = (uint8_t)target;
    return SHR_OK;
}

/* A list of references, to the arena as shr_posref items (with_pos) or shr_ref items; a list of
 * one shr_ref goes to *single instead when it is not NULL (a slot in the record itself). */
static int read_ref_list(loader *L, const char *name, int target, void *record, int record_kind,
                         bool with_pos, shr_ref *single, void **out, uint32_t *count)
{
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return wrong_type(L, name, "a list of ids");
    L->refs.count = 0;
    for (;;) {
        int rc = next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            break;
        if ((rc = list_limit(L, name, L->refs.count)) ||
            (rc = push_scratch(L, (void **)&L->refs.items, &L->refs.cap, L->refs.count,
                               sizeof *L->refs.items)) ||
            (rc = push_scratch(L, (void **)&L->ids.items, &L->ids.cap, L->refs.count,
                               sizeof *L->ids.items)) ||
            (rc = read_ref(L, name, target, &L->refs.items[L->refs.count],
                           &L->ids.items[L->refs.count])))
            return rc;
        L->refs.count++;
    }
    size_t n = L->refs.count;
    *count = (uint32_t)n;
    *out = NULL;
    if (!n)
        return SHR_OK;
    size_t size = with_pos ? sizeof(shr_posref) : sizeof(shr_ref);
    unsigned char *copy = !with_pos && single && n == 1
                              ? (unsigned char *)single
                              : shr__arena_alloc(&L->cat->arena, n * size);
    if (!copy)
        return oom(L);
    *out = copy;
    if (with_pos) {
        memcpy(copy, L->refs.items, n * size);
    } else {
        shr_ref *r = (shr_ref *)copy;
        for (size_t i = 0; i < n; i++)
            r[i].index = L->refs.items[i].index;
    }
    int rc = SHR_OK;
    for (size_t i = 0; rc == SHR_OK && i < n; i++)
        rc = add_pending(L, (uint32_t *)(copy + i * size), L->ids.items[i], &L->refs.items[i],
                         record, record_kind, target, name);
    return rc;
}

/* [latitude, longitude] in range. */
static int read_location(loader *L, double *lat, double *lon)
{
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return wrong_type(L, "location", "[latitude, longitude]");
    yaml_mark_t start = EV.start_mark;
    double v[2];
    int n = 0;
    for (;;) {
        int rc = next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            break;
        if (n == 2)
            return fail_at(L, SHR_EFORMAT, start,
                           "'location' must be 2 numbers [latitude, longitude], got more");
        if ((rc = want_number(L, "location", &v[n])))
            return rc;
        double limit = n == 0 ? 90.0 : 180.0;
        if (v[n] < -limit || v[n] > limit)
            return fail(L, SHR_EFORMAT, "%s %g out of range (expected -%g to %g)",
                        n == 0 ? "latitude" : "longitude", v[n], limit, limit);
        n++;
    }
    if (n != 2)
        return fail_at(L, SHR_EFORMAT, start,
                       "'location' must be 2 numbers [latitude, longitude], got %d", n);
    *lat = v[0];
    *lon = v[1];
    return SHR_OK;
}

/* A list of axis ids, each at most once. */
static int read_axes(loader *L, uint8_t axes[SHR_AXIS_COUNT], uint8_t *naxes, uint8_t *mask)
{
    char buf[80];
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return wrong_type(L, "axes", "a list of axis ids");
    *naxes = 0;
    *mask = 0;
    for (;;) {
        int rc = next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            return SHR_OK;
        const char *s = NULL;
        size_t len = 0;
        if ((rc = want_text(L, "axes", &s, &len)))
            return rc;
        int code = shr__axis_from_id(s, len);
        if (code < 0)
            return fail(L, SHR_EFORMAT,
                        "unknown axis '%s' (expected one of: contributors, public_actor, "
                        "solidarity, co_production, shared_resources)",
                        excerpt(buf, sizeof buf, s, len));
        if (*mask & BIT(code))
            return fail(L, SHR_EFORMAT, "axis '%s' listed twice", s);
        *mask |= (uint8_t)BIT(code);
        axes[(*naxes)++] = (uint8_t)code;
    }
}

/* An enum value by name; the accepted names are listed in the message. */
static int read_enum(loader *L, const char *name, const char *(*name_of)(int), int count,
                     int *out)
{
    char buf[80], names[256];
    const char *s = NULL;
    size_t len = 0;
    int rc = want_text(L, name, &s, &len);
    if (rc)
        return rc;
    for (int i = 0; i < count; i++) {
        const char *n = name_of(i);
        if (strlen(n) == len && memcmp(n, s, len) == 0) {
            *out = i;
            return SHR_OK;
        }
    }
    size_t used = 0;
    names[0] = '\0';
    for (int i = 0; i < count && used < sizeof names; i++) {
        int k = snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", name_of(i));
        if (k < 0)
            break;
        used += (size_t)k;
    }
    return fail(L, SHR_EFORMAT, "unknown %s '%s' (expected one of: %s)", name,
                excerpt(buf, sizeof buf, s, len), names);
}

/* Adapters from the typed name functions of enums.c. */
static const char *territory_kind_name(int i) { return shr_territory_kind_name((shr_territory_kind)i); }
static const char *actor_kind_name(int i) { return shr_actor_kind_name((shr_actor_kind)i); }
static const char *status_name(int i) { return shr_status_name((shr_status)i); }
static const char *role_name(int i) { return shr_role_name((shr_role)i); }
static const char *family_name(int i) { return shr_family_name((shr_family)i); }

/* A year: any int32 but the "no year" sentinel. */
static int read_year(loader *L, const char *name, int32_t *out)
{
    int64_t v;
    int rc = want_int(L, name, &v);
    if (rc)
        return rc;
    if (v <= INT32_MIN || v > INT32_MAX)
        return fail(L, SHR_EFORMAT, "'%s' is out of range (expected a year)", name);
    *out = (int32_t)v;
    return SHR_OK;
}

/* ------------------------------------------------------------------ records */

/* Check and register the id of a new record (the current node). */
static int read_record_id(loader *L, int kind, uint32_t index, const char **out)
{
    const char *s = NULL;
    size_t len = 0;
    int rc = want_id(L, "id", &s, &len);
    if (rc)
        return rc;
    shr_catalog *cat = L->cat;
    shr_idmap *map = target_map(cat, kind);
    if (shr__idmap_reserve(map, 1))
        return oom(L);
    size_t slot;
    uint32_t hash = shr__idmap_hash(s, len);
    uint32_t other = shr__idmap_probe(map, s, len, hash, &slot);
    if (other != SHR_NO_INDEX) {
        L->rid = s;
        const shr_origin *o = NULL;
        switch (kind) {
        case SHR_REC_CATEGORY:
            if (cat->categories.items[other]->builtin)
                return fail(L, SHR_EDUPLICATE, "duplicate id: '%s' is a built-in category", s);
            o = &cat->categories.items[other]->origin;
            break;
        case SHR_REC_TERRITORY:
            o = &cat->territories.items[other]->origin;
            break;
        case SHR_REC_ACTOR:
            o = &cat->actors.items[other]->origin;
            break;
        default:
            o = &cat->practices.items[other]->origin;
            break;
        }
        return fail(L, SHR_EDUPLICATE, "duplicate id (first defined at %s:%u:%u)",
                    cat->files.items[o->file].path, (unsigned)o->line, (unsigned)o->column);
    }
    const char *id;
    if (map->owning) {
        id = shr__idmap_insert_copy(map, slot, s, len, hash, index);
    } else {
        char *copy = shr__arena_strndup(&cat->arena, s, len);
        if (copy)
            shr__idmap_insert_at(map, slot, copy, hash, index);
        id = copy;
    }
    if (!id)
        return oom(L);
    if (out)
        *out = id;
    L->rid = id;
    return SHR_OK;
}

/* Append a new zeroed record to a catalog vector. */
static int new_record(loader *L, void ***items, size_t *count, size_t *cap, size_t size,
                      void **out)
{
    if (*count >= SHR_LIMIT_RECORDS)
        return fail(L, SHR_ELIMIT, "more than %u records of one kind (SHR_LIMIT_RECORDS)",
                    (unsigned)SHR_LIMIT_RECORDS);
    void *rec = shr__arena_calloc(&L->cat->arena, 1, size);
    if (!rec || shr__grow(&L->cat->alloc, (void **)items, cap, *count + 1, sizeof(void *)))
        return oom(L);
    (*items)[(*count)++] = rec;
    *out = rec;
    return SHR_OK;
}

static shr_origin origin_here(const loader *L)
{
    shr_origin o = {L->file_index, (uint32_t)EV.start_mark.line + 1,
                    (uint32_t)EV.start_mark.column + 1};
    return o;
}

static int want_mapping(loader *L, const char *what)
{
    if (EV.type == YAML_MAPPING_START_EVENT)
        return SHR_OK;
    return fail(L, SHR_EFORMAT, "expected %s (a mapping), got %s", what, node_desc(&EV));
}

static int parse_label(loader *L, shr_category *c)
{
    if (EV.type != YAML_MAPPING_START_EVENT)
        return wrong_type(L, "label", "a mapping {fr, en}");
    uint32_t seen = 0;
    for (;;) {
        int f, rc = next_key(L, label_fields, COUNT(label_fields), &seen, "label language", &f);
        if (rc || f < 0)
            return rc;
        rc = copy_text(L, f == L_FR ? "label.fr" : "label.en", f == L_FR ? &c->label_fr : &c->label_en);
        if (rc)
            return rc;
    }
}

static int parse_category(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_category *c;
    int rc = new_record(L, (void ***)&cat->categories.items, &cat->categories.count,
                        &cat->categories.cap, sizeof *c, (void **)&c);
    if (rc)
        return rc;
    c->cat = cat;
    c->index = (uint32_t)(cat->categories.count - 1);
    c->origin = origin_here(L);
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    uint8_t mask;
    for (;;) {
        int f, v;
        if ((rc = next_key(L, category_fields, COUNT(category_fields), &seen, "field", &f)))
            return rc;
        switch (f) {
        case -1:
            return check_required(L, category_fields, CATEGORY_REQUIRED, seen, start);
        case C_ID:
            rc = read_record_id(L, SHR_REC_CATEGORY, c->index, &c->id);
            break;
        case C_LABEL:
            rc = parse_label(L, c);
            break;
        case C_FAMILY:
            rc = read_enum(L, "family", family_name, SHR_FAMILY_COUNT, &v);
            c->family = (shr_family)v;
            break;
        case C_AXES:
            rc = read_axes(L, c->axes, &c->naxes, &mask);
            break;
        }
        if (rc)
            return rc;
    }
}

static int parse_territory(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_territory *t;
    int rc = new_record(L, (void ***)&cat->territories.items, &cat->territories.count,
                        &cat->territories.cap, sizeof *t, (void **)&t);
    if (rc)
        return rc;
    t->cat = cat;
    t->index = (uint32_t)(cat->territories.count - 1);
    t->population = SHR_NO_POPULATION;
    t->parent.index = SHR_NO_INDEX;
    t->origin = origin_here(L);
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    for (;;) {
        int f, v;
        int64_t pop;
        const char *pid;
        if ((rc = next_key(L, territory_fields, COUNT(territory_fields), &seen, "field", &f)))
            return rc;
        switch (f) {
        case -1:
            return check_required(L, territory_fields, TERRITORY_REQUIRED, seen, start);
        case T_ID:
            rc = read_record_id(L, SHR_REC_TERRITORY, t->index, NULL);
            break;
        case T_NAME:
            rc = copy_text(L, "name", &t->name);
            break;
        case T_KIND:
            rc = read_enum(L, "kind", territory_kind_name, SHR_TERRITORY_KIND_COUNT, &v);
            t->kind = (uint8_t)v;
            break;
        case T_CODE:
            rc = copy_text(L, "code", &t->code);
            break;
        case T_FORMER:
            rc = read_text_list(L, "former_codes", false, &t->former_codes, &t->nformer_codes);
            break;
        case T_POSTAL:
            rc = read_text_list(L, "postal_codes", true, &t->postal_codes, &t->npostal_codes);
            break;
        case T_PARENT:
            t->has_parent = true;
            if (!(rc = read_ref(L, "parent", SHR_REC_TERRITORY, &t->parent, &pid)))
                rc = add_pending(L, &t->parent.index, pid, &t->parent, t, SHR_REC_TERRITORY,
                                 SHR_REC_TERRITORY, "parent");
            break;
        case T_GROUPS:
            rc = read_ref_list(L, "groups", SHR_REC_TERRITORY, t, SHR_REC_TERRITORY, true, NULL,
                               (void **)&t->groups, &t->ngroups);
            break;
        case T_POP:
            if ((rc = want_int(L, "population", &pop)))
                break;
            if (pop < 0)
                rc = fail(L, SHR_EFORMAT, "'population' must be >= 0");
            t->population = pop;
            break;
        case T_LOC:
            rc = read_location(L, &t->latitude, &t->longitude);
            t->has_location = true;
            break;
        }
        if (rc)
            return rc;
    }
}

static int parse_actor(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_actor *a;
    int rc = new_record(L, (void ***)&cat->actors.items, &cat->actors.count, &cat->actors.cap,
                        sizeof *a, (void **)&a);
    if (rc)
        return rc;
    a->cat = cat;
    a->index = (uint32_t)(cat->actors.count - 1);
    a->territory.index = SHR_NO_INDEX;
    a->origin = origin_here(L);
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    for (;;) {
        int f, v;
        const char *pid;
        shr_posref ref;
        if ((rc = next_key(L, actor_fields, COUNT(actor_fields), &seen, "field", &f)))
            return rc;
        switch (f) {
        case -1:
            return check_required(L, actor_fields, ACTOR_REQUIRED, seen, start);
        case A_ID:
            rc = read_record_id(L, SHR_REC_ACTOR, a->index, NULL);
            break;
        case A_NAME:
            rc = copy_text(L, "name", &a->name);
            break;
        case A_KIND:
            rc = read_enum(L, "kind", actor_kind_name, SHR_ACTOR_KIND_COUNT, &v);
            a->kind = (uint8_t)v;
            break;
        case A_TERRITORY:
            a->has_territory = true;
            if (!(rc = read_ref(L, "territory", SHR_REC_TERRITORY, &ref, &pid))) {
                a->territory.index = ref.index;
                rc = add_pending(L, &a->territory.index, pid, &ref, a, SHR_REC_ACTOR,
                                 SHR_REC_TERRITORY, "territory");
            }
            break;
        case A_LINKS:
            rc = read_text_list(L, "links", false, &a->links, &a->nlinks);
            break;
        }
        if (rc)
            return rc;
    }
}

/* One {actor, role} item of a practice's `actors`. */
static int parse_practice_actor(loader *L, struct pact *pa, const char **id)
{
    int rc = want_mapping(L, "an item of 'actors' {actor, role}");
    if (rc)
        return rc;
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    pa->actor.index = SHR_NO_INDEX;
    *id = NULL;
    for (;;) {
        int f, v;
        if ((rc = next_key(L, practice_actor_fields, COUNT(practice_actor_fields), &seen,
                           "field of 'actors' item", &f)))
            return rc;
        switch (f) {
        case -1:
            return check_required(L, practice_actor_fields, PRACTICE_ACTOR_REQUIRED, seen, start);
        case PA_ACTOR:
            rc = read_ref(L, "actor", SHR_REC_ACTOR, &pa->actor, id);
            break;
        case PA_ROLE:
            rc = read_enum(L, "role", role_name, SHR_ROLE_COUNT, &v);
            pa->role = (uint8_t)v;
            break;
        }
        if (rc)
            return rc;
    }
}

static int read_practice_actors(loader *L, shr_practice *p)
{
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return wrong_type(L, "actors", "a list of {actor, role}");
    L->acts.count = 0;
    for (;;) {
        int rc = next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            break;
        if ((rc = list_limit(L, "actors", L->acts.count)) ||
            (rc = push_scratch(L, (void **)&L->acts.items, &L->acts.cap, L->acts.count,
                               sizeof *L->acts.items)) ||
            (rc = push_scratch(L, (void **)&L->ids.items, &L->ids.cap, L->acts.count,
                               sizeof *L->ids.items)) ||
            (rc = parse_practice_actor(L, &L->acts.items[L->acts.count],
                                       &L->ids.items[L->acts.count])))
            return rc;
        L->acts.count++;
    }
    size_t n = L->acts.count;
    p->nactors = (uint32_t)n;
    if (!n)
        return SHR_OK;
    if (!(p->actors = shr__arena_alloc(&L->cat->arena, n * sizeof *p->actors)))
        return oom(L);
    for (size_t i = 0; i < n; i++) {
        p->actors[i].actor.index = L->acts.items[i].actor.index;
        p->actors[i].role = L->acts.items[i].role;
    }
    int rc = SHR_OK;
    for (size_t i = 0; rc == SHR_OK && i < n; i++)
        rc = add_pending(L, &p->actors[i].actor.index, L->ids.items[i], &L->acts.items[i].actor,
                         p, SHR_REC_PRACTICE, SHR_REC_ACTOR, "actors");
    return rc;
}

/* Two figures with one name: found with a temporary map when there are many. */
static int check_figure_names(loader *L)
{
    size_t n = L->figs.count;
    const shr_figure *fg = L->figs.items;
    if (n <= 16) {
        for (size_t j = 1; j < n; j++)
            for (size_t i = 0; i < j; i++)
                if (strcmp(fg[i].name, fg[j].name) == 0)
                    return fail_at(L, SHR_EFORMAT, L->marks.items[j], "figure '%s' given twice",
                                   fg[j].name);
        return SHR_OK;
    }
    shr_idmap seen;
    shr__idmap_init(&seen, &L->cat->alloc);
    int rc = shr__idmap_reserve(&seen, n) ? oom(L) : SHR_OK;
    for (size_t j = 0; rc == SHR_OK && j < n; j++) {
        if (shr__idmap_find(&seen, fg[j].name, strlen(fg[j].name)) != SHR_NO_INDEX)
            rc = fail_at(L, SHR_EFORMAT, L->marks.items[j], "figure '%s' given twice", fg[j].name);
        else
            shr__idmap_insert(&seen, fg[j].name, (uint32_t)j); /* reserved: cannot fail */
    }
    shr__idmap_free(&seen);
    return rc;
}

static int read_figures(loader *L, shr_practice_extra *p)
{
    if (EV.type != YAML_MAPPING_START_EVENT)
        return wrong_type(L, "figures", "a mapping of names to numbers");
    L->figs.count = 0;
    L->marks.count = 0;
    for (;;) {
        int rc = next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_MAPPING_END_EVENT)
            break;
        shr_figure fg;
        if ((rc = list_limit(L, "figures", L->figs.count)) ||
            (rc = push_scratch(L, (void **)&L->figs.items, &L->figs.cap, L->figs.count,
                               sizeof *L->figs.items)) ||
            (rc = push_scratch(L, (void **)&L->marks.items, &L->marks.cap, L->marks.count,
                               sizeof *L->marks.items)))
            return rc;
        L->marks.items[L->marks.count++] = EV.start_mark;
        if ((rc = copy_text(L, "figures", &fg.name)))
            return rc;
        if ((rc = next(L)) || (rc = want_number(L, "figures", &fg.value)))
            return rc;
        L->figs.items[L->figs.count++] = fg;
    }
    int rc = check_figure_names(L);
    if (rc)
        return rc;
    p->nfigures = (uint32_t)L->figs.count;
    return to_arena(L, L->figs.items, L->figs.count, sizeof *L->figs.items, (void **)&p->figures);
}

/* The rarely given fields of a practice, allocated (zeroed) when the first one is read. */
static int practice_extra(loader *L, shr_practice *p, shr_practice_extra **out)
{
    shr_catalog *cat = L->cat;
    if (!p->has_extra) {
        /* p is the newest practice: `extras` stays sorted by practice index */
        shr_practice_extra *x = shr__arena_calloc(&cat->arena, 1, sizeof *x);
        if (!x || shr__grow(&cat->alloc, (void **)&cat->extras.items, &cat->extras.cap,
                            cat->extras.count + 1, sizeof *cat->extras.items))
            return oom(L);
        x->practice = p->index;
        cat->extras.items[cat->extras.count++] = x;
        p->has_extra = true;
    }
    *out = cat->extras.items[cat->extras.count - 1];
    return SHR_OK;
}

/* Default axes from a category already known (else done at commit). */
static void apply_category_axes(shr_practice *p, const shr_catalog *cat)
{
    if (p->axes_given || p->category.index == SHR_NO_INDEX)
        return;
    const shr_category *c = cat->categories.items[p->category.index];
    p->naxes = c->naxes;
    p->axis_mask = 0;
    for (uint8_t i = 0; i < c->naxes; i++) {
        p->axes[i] = c->axes[i];
        p->axis_mask |= (uint8_t)BIT(c->axes[i]);
    }
}

/* Checks that need several fields, once the practice is read. */
static int check_practice(loader *L, shr_practice *p, yaml_mark_t ended_mark, yaml_mark_t terr_mark)
{
    if (p->nterritories == 0)
        return fail_at(L, SHR_EFORMAT, terr_mark, "'territories' must list at least one territory");
    if (p->started != SHR_NO_YEAR && p->ended != SHR_NO_YEAR && p->ended < p->started)
        return fail_at(L, SHR_EFORMAT, ended_mark, "'ended' (%d) is before 'started' (%d)",
                       (int)p->ended, (int)p->started);
    apply_category_axes(p, L->cat);
    return SHR_OK;
}

static int parse_practice(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_practice *p;
    int rc = new_record(L, (void ***)&cat->practices.items, &cat->practices.count,
                        &cat->practices.cap, sizeof *p, (void **)&p);
    if (rc)
        return rc;
    p->cat = cat;
    p->index = (uint32_t)(cat->practices.count - 1);
    p->status = SHR_STATUS_ACTIVE;
    p->started = p->ended = SHR_NO_YEAR;
    p->category.index = SHR_NO_INDEX;
    p->origin = origin_here(L);
    L->dref.count = L->dbound = L->dnames.count = 0;
    L->deferring = true; /* until the end of the record, or an error ends the load */
    yaml_mark_t start = EV.start_mark, ended_mark = start, terr_mark = start;
    uint32_t seen = 0;
    for (;;) {
        int f, v;
        const char *pid;
        shr_posref ref;
        shr_practice_extra *x = NULL;
        if ((rc = next_key(L, practice_fields, COUNT(practice_fields), &seen, "field", &f)))
            return rc;
        switch (f) {
        case -1:
            L->deferring = false;
            if ((rc = check_required(L, practice_fields, PRACTICE_REQUIRED, seen, start)) ||
                (rc = resolve_deferred(L)))
                return rc;
            return check_practice(L, p, ended_mark, terr_mark);
        case P_ID:
            rc = read_record_id(L, SHR_REC_PRACTICE, p->index, NULL);
            break;
        case P_NAME:
            rc = copy_text(L, "name", &p->name);
            break;
        case P_CATEGORY:
            if (!(rc = read_ref(L, "category", SHR_REC_CATEGORY, &ref, &pid))) {
                p->category.index = ref.index;
                rc = add_pending(L, &p->category.index, pid, &ref, p, SHR_REC_PRACTICE,
                                 SHR_REC_CATEGORY, "category");
            }
            break;
        case P_AXES:
            rc = read_axes(L, p->axes, &p->naxes, &p->axis_mask);
            p->axes_given = true;
            break;
        case P_TERRITORIES:
            terr_mark = EV.start_mark;
            rc = read_ref_list(L, "territories", SHR_REC_TERRITORY, p, SHR_REC_PRACTICE, false,
                               &p->territory1, (void **)&p->territories, &p->nterritories);
            break;
        case P_ACTORS:
            rc = read_practice_actors(L, p);
            break;
        case P_STATUS:
            rc = read_enum(L, "status", status_name, SHR_STATUS_COUNT, &v);
            p->status = (uint8_t)v;
            break;
        case P_STARTED:
            rc = read_year(L, "started", &p->started);
            break;
        case P_ENDED:
            ended_mark = EV.start_mark;
            rc = read_year(L, "ended", &p->ended);
            break;
        case P_DESCRIPTION:
            rc = read_long_text(L, "description", &p->description);
            break;
        case P_TAGS:
            rc = read_text_list(L, "tags", true, &p->tags, &p->ntags);
            break;
        case P_FIGURES:
            if (!(rc = practice_extra(L, p, &x)))
                rc = read_figures(L, x);
            break;
        case P_LINKS:
            if (!(rc = practice_extra(L, p, &x)))
                rc = read_text_list(L, "links", false, &x->links, &x->nlinks);
            break;
        case P_ADDRESS:
            if (!(rc = practice_extra(L, p, &x)))
                rc = copy_text(L, "address", &x->address);
            break;
        case P_LOCATION:
            if (!(rc = practice_extra(L, p, &x)))
                rc = read_location(L, &x->latitude, &x->longitude);
            p->has_location = true;
            break;
        }
        if (rc)
            return rc;
    }
}

/* ------------------------------------------------------------------ top level */

static int parse_meta(loader *L)
{
    if (EV.type != YAML_MAPPING_START_EVENT)
        return wrong_type(L, "meta", "a mapping");
    shr_file_info *fi = &L->cat->files.items[L->file_index];
    const char **slots[] = {&fi->title, &fi->source, &fi->licence, &fi->updated};
    uint32_t seen = 0;
    L->ctx = "meta";
    for (;;) {
        int f, rc = next_key(L, meta_fields, COUNT(meta_fields), &seen, "field", &f);
        if (rc || f < 0)
            return rc;
        if ((rc = copy_text(L, meta_fields[f].name, slots[f])))
            return rc;
    }
}

static int parse_section(loader *L, int kind)
{
    const char *name = top_fields[TOP_CATEGORIES + kind].name;
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return wrong_type(L, name, "a list of records");
    for (;;) {
        L->ctx = NULL;
        L->rid = NULL;
        int rc = next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            return SHR_OK;
        L->ctx = shr__record_kind_name(kind);
        if ((rc = want_mapping(L, L->ctx)))
            return rc;
        switch (kind) {
        case SHR_REC_CATEGORY:
            rc = parse_category(L);
            break;
        case SHR_REC_TERRITORY:
            rc = parse_territory(L);
            break;
        case SHR_REC_ACTOR:
            rc = parse_actor(L);
            break;
        default:
            rc = parse_practice(L);
            break;
        }
        if (rc)
            return rc;
    }
}

static int parse_top(loader *L)
{
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    for (;;) {
        int f;
        int64_t version;
        L->ctx = NULL;
        L->rid = NULL;
        int rc = next_key(L, top_fields, COUNT(top_fields), &seen, "top-level key", &f);
        if (rc)
            return rc;
        switch (f) {
        case -1:
            if (!(seen & BIT(TOP_VERSION)))
                return fail_at(L, SHR_EFORMAT, start,
                               "missing required field 'sharitories' (expected sharitories: 1)");
            return SHR_OK;
        case TOP_VERSION:
            if ((rc = want_int(L, "sharitories", &version)))
                return rc;
            if (version != SHR_FORMAT_VERSION)
                return fail(L, SHR_EFORMAT, "unsupported format version %lld (expected 1)",
                            (long long)version);
            break;
        case TOP_META:
            rc = parse_meta(L);
            break;
        default:
            rc = parse_section(L, SHR_REC_CATEGORY + (f - TOP_CATEGORIES));
            break;
        }
        if (rc)
            return rc;
    }
}

static int parse_stream(loader *L)
{
    int rc;
    if ((rc = next(L))) /* STREAM-START */
        return rc;
    if ((rc = next(L)))
        return rc;
    if (EV.type == YAML_STREAM_END_EVENT)
        return fail(L, SHR_EFORMAT, "empty file (expected one YAML document with sharitories: 1)");
    if ((rc = next(L))) /* the root node */
        return rc;
    if (EV.type != YAML_MAPPING_START_EVENT)
        return fail(L, SHR_EFORMAT, "expected a mapping at the top level, got %s", node_desc(&EV));
    if ((rc = parse_top(L)) || (rc = next(L)) /* DOCUMENT-END */ || (rc = next(L)))
        return rc;
    L->ctx = NULL;
    L->rid = NULL;
    if (EV.type == YAML_DOCUMENT_START_EVENT)
        return fail(L, SHR_EFORMAT, "several YAML documents in one file (expected one)");
    return SHR_OK;
}

/* ------------------------------------------------------------------ sources */

/* libyaml read handler over a file descriptor, keeping errno for the message. */
static int read_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    loader *L = data;
    for (;;) {
        ssize_t n = read(L->fd, buffer, size);
        if (n >= 0) {
            *size_read = (size_t)n;
            return 1;
        }
        if (errno != EINTR) {
            L->read_errno = errno ? errno : EIO;
            return 0;
        }
    }
}

/* Register the file in the catalog (undone by rollback with the rest). */
static int add_file(shr_batch *b, const char *name, uint32_t *index, shr_error *err)
{
    shr_catalog *cat = b->cat;
    char *path = shr__arena_strndup(&cat->arena, name, strlen(name));
    if (!path || shr__grow(&cat->alloc, (void **)&cat->files.items, &cat->files.cap,
                           cat->files.count + 1, sizeof *cat->files.items))
        return shr__error_set_at(err, SHR_ENOMEM, name, 0, 0, NULL, "out of memory");
    shr_file_info *fi = &cat->files.items[cat->files.count];
    memset(fi, 0, sizeof *fi);
    fi->path = path;
    *index = (uint32_t)cat->files.count++;
    return SHR_OK;
}

/* Read one document (from fd, or data/size when fd < 0) into the batch. */
static int load_source(shr_batch *b, const char *name, int fd, const char *data, size_t size,
                       shr_error *err)
{
    loader L;
    memset(&L, 0, sizeof L);
    L.cat = b->cat;
    L.batch = b;
    L.err = err;
    L.fd = fd;
    shr__idmap_init(&L.interned, &L.cat->alloc);
    int rc = add_file(b, name, &L.file_index, err);
    if (rc)
        return rc;
    L.file = L.cat->files.items[L.file_index].path;
    if (!yaml_parser_initialize(&L.parser))
        return shr__error_set_at(err, SHR_ENOMEM, name, 0, 0, NULL, "out of memory");
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    if (fd >= 0)
        yaml_parser_set_input(&L.parser, read_handler, &L);
    else
        yaml_parser_set_input_string(&L.parser, (const unsigned char *)data, size);
    L.data = fd >= 0 ? NULL : (const unsigned char *)data;
    rc = parse_stream(&L);
    if (L.has_ev)
        yaml_event_delete(&L.ev);
    yaml_parser_delete(&L.parser);
    const shr_allocator *a = &L.cat->alloc;
    shr__free(a, L.refs.items);
    shr__free(a, L.strs.items);
    shr__free(a, L.figs.items);
    shr__free(a, L.marks.items);
    shr__free(a, L.acts.items);
    shr__free(a, L.ids.items);
    shr__free(a, L.istrs.items);
    shr__free(a, L.dref.items);
    shr__free(a, L.dnames.items);
    shr__idmap_free(&L.interned);
    return rc;
}

static int load_path(shr_batch *b, const char *path, shr_error *err)
{
    if (!path)
        return shr__error_set(err, SHR_EINVAL, "NULL file path");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "cannot open: %s",
                                 strerror(errno));
    int rc = load_source(b, path, fd, NULL, 0, err);
    close(fd);
    return rc;
}

/* Commit, or undo everything on failure. */
static int finish(shr_batch *b, int rc, shr_error *err)
{
    if (rc == SHR_OK)
        rc = shr__batch_commit(b, err);
    if (rc != SHR_OK)
        shr__batch_rollback(b);
    shr__batch_end(b);
    return rc;
}

int shr_catalog_load_files(shr_catalog *cat, const char *const *paths, size_t count,
                           shr_error *err)
{
    shr_error_clear(err);
    if (!cat || (!paths && count))
        return shr__error_set(err, SHR_EINVAL, "NULL catalog or path list");
    shr_batch b;
    shr__batch_begin(&b, cat);
    int rc = SHR_OK;
    for (size_t i = 0; rc == SHR_OK && i < count; i++)
        rc = load_path(&b, paths[i], err);
    return finish(&b, rc, err);
}

int shr_catalog_load(shr_catalog *cat, const char *path, shr_error *err)
{
    return shr_catalog_load_files(cat, &path, 1, err);
}

int shr_catalog_load_buffer(shr_catalog *cat, const char *name, const char *data, size_t size,
                            shr_error *err)
{
    shr_error_clear(err);
    if (!cat || (!data && size))
        return shr__error_set(err, SHR_EINVAL, "NULL catalog or data");
    shr_batch b;
    shr__batch_begin(&b, cat);
    int rc = load_source(&b, name ? name : "<buffer>", -1, data ? data : "", size, err);
    return finish(&b, rc, err);
}
