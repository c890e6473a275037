/*
 * The YAML reader's messages (with the place of the value), libyaml's events (tags, anchors and
 * aliases refused, parser errors placed) and the scalar type of an event. See loader.c.
 */
#include "loader_state.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

static const char yaml_tag_prefix[] = "tag:yaml.org,2002:";

/* ------------------------------------------------------------------ messages */

/* A short, one-line, printable copy of a value for messages. */
const char *shr__load_excerpt(char *buf, size_t size, const char *s, size_t len)
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
const char *shr__load_field_list(char *buf, size_t size, const field *fields, size_t n)
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

/* "CONTEXT 'ID': " (or "CONTEXT: ") then the message, in English and in French. */
static int vfail_at(loader *L, int code, yaml_mark_t m, const char *fmt, va_list ap)
{
    char msg[SHR_ERROR_MESSAGE_MAX], msg_fr[SHR_ERROR_MESSAGE_MAX];
    int k = 0, kf = 0;
    const char *ctx_fr = shr__word_fr(shr__w(L->ctx)); /* "pratique" */
    if (L->ctx && L->rid) {
        k = snprintf(msg, sizeof msg, "%s '%s': ", L->ctx, L->rid);
        kf = snprintf(msg_fr, sizeof msg_fr, "%s '%s' : ", ctx_fr, L->rid);
    } else if (L->ctx) {
        k = snprintf(msg, sizeof msg, "%s: ", L->ctx);
        kf = snprintf(msg_fr, sizeof msg_fr, "%s : ", ctx_fr);
    }
    if (k < 0 || (size_t)k >= sizeof msg)
        k = 0;
    if (kf < 0 || (size_t)kf >= sizeof msg_fr)
        kf = 0;
    va_list aq;
    va_copy(aq, ap);
    vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
    shr__vformat_fr(msg_fr + kf, sizeof msg_fr - (size_t)kf, fmt, aq);
    va_end(aq);
    return shr__error_set_texts(L->err, code, L->file, (unsigned)m.line + 1,
                                (unsigned)m.column + 1, L->rid, msg, msg_fr);
}

int shr__load_fail_at(loader *L, int code, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(L, code, m, fmt, ap);
    va_end(ap);
    return rc;
}

/* An error at the current node. */
int shr__load_fail(loader *L, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(L, code, L->ev.start_mark, fmt, ap);
    va_end(ap);
    return rc;
}

int shr__load_oom(loader *L)
{
    return shr__load_fail(L, SHR_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------ scalar types (see scalar.c) */


shr_vtype shr__load_scalar_type(const yaml_event_t *e)
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
const char *shr__load_node_desc(const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_MAPPING_START_EVENT:
        return shr__w("a mapping");
    case YAML_SEQUENCE_START_EVENT:
        return shr__w("a list");
    case YAML_SCALAR_EVENT:
        switch (shr__load_scalar_type(e)) {
        case SHR_V_NULL:
            return shr__w("null");
        case SHR_V_BOOL:
            return shr__w("a boolean");
        case SHR_V_INT:
            return shr__w("an integer");
        case SHR_V_FLOAT:
            return shr__w("a number");
        case SHR_V_STR:
            return shr__w(e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? "a string"
                                                                           : "a quoted string");
        }
        break;
    default:
        break;
    }
    return shr__w("something else");
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
        return shr__load_fail(L, SHR_EUNSUPPORTED,
                              "unsupported YAML tag '%s' (only !!str, !!int, !!float, !!bool, "
                              "!!null, !!seq and !!map)",
                              shr__load_excerpt(buf, sizeof buf, tag, strlen(tag)));
    const char *sfx = tag + plen;
    bool scalar_tag = tag_is(sfx, "str") || tag_is(sfx, "int") || tag_is(sfx, "float") ||
                      tag_is(sfx, "bool") || tag_is(sfx, "null");
    bool ok = type == YAML_SCALAR_EVENT           ? scalar_tag
              : type == YAML_SEQUENCE_START_EVENT ? tag_is(sfx, "seq")
                                                  : tag_is(sfx, "map");
    if (ok)
        return SHR_OK;
    if (scalar_tag || tag_is(sfx, "seq") || tag_is(sfx, "map"))
        return shr__load_fail(L, SHR_EFORMAT, "tag '!!%s' does not fit %s", sfx,
                              shr__w(type == YAML_SCALAR_EVENT            ? "a scalar"
                                     : type == YAML_SEQUENCE_START_EVENT ? "a list"
                                                                         : "a mapping"));
    return shr__load_fail(L, SHR_EUNSUPPORTED,
                          "unsupported YAML tag '!!%s' (only !!str, !!int, !!float, !!bool, "
                          "!!null, !!seq and !!map)",
                          shr__load_excerpt(buf, sizeof buf, sfx, strlen(sfx)));
}

/* Refuse aliases, anchors, non-standard tags and oversized scalars as soon as they are read. */
static int check_event(loader *L)
{
    char buf[80];
    const yaml_char_t *anchor, *tag;
    switch (EV.type) {
    case YAML_ALIAS_EVENT:
        return shr__load_fail(L, SHR_EUNSUPPORTED, "YAML aliases are not supported (*%s)",
                              shr__load_excerpt(buf, sizeof buf, (const char *)EV.data.alias.anchor,
                            strlen((const char *)EV.data.alias.anchor)));
    case YAML_SCALAR_EVENT:
        if (EV.data.scalar.length > SHR_LIMIT_STRING_LENGTH)
            return shr__load_fail(L, SHR_ELIMIT,
                                  "scalar of %zu bytes exceeds SHR_LIMIT_STRING_LENGTH (%u)",
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
        return shr__load_fail(L, SHR_EUNSUPPORTED, "YAML anchors are not supported (&%s)",
                              shr__load_excerpt(buf, sizeof buf, (const char *)anchor,
                                                strlen((const char *)anchor)));
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
            ssize_t got = pread(L->fd, chunk, n, (off_t)(pos + L->skipped));
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
                                     shr__strerror(L->read_errno));
        /* The reader runs ahead of the scanner: only the byte offset is known. */
        offset_position(L, L->data, p->problem_offset, &line, &col);
        return shr__error_set_at(L->err, SHR_ESYNTAX, L->file, line, col, NULL, "%s at byte %zu",
                                 shr__w(problem), p->problem_offset);
    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
        if (p->context)
            return shr__error_set_at(L->err, SHR_ESYNTAX, L->file, line, col, NULL,
                                     "%s (%s at line %u, column %u)", shr__w(problem), shr__w(p->context),
                                     (unsigned)p->context_mark.line + 1,
                                     (unsigned)p->context_mark.column + 1);
        return shr__error_set_at(L->err, SHR_ESYNTAX, L->file, line, col, NULL, "%s", shr__w(problem));
    default:
        return shr__error_set_at(L->err, SHR_ESYNTAX, L->file, line, col, NULL, "%s", shr__w(problem));
    }
}

/* Make the next event current. */
int shr__load_next(loader *L)
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

