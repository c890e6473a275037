/*
 * CSV reading (RFC 4180) for the importer: records cut one at a time into a scratch buffer
 * (cells NUL-terminated, quotes undone), the UTF-8 check of the whole input, and the checks
 * of single cells (links, decimal numbers). The rows built from records are in import_csv.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"
#include "utf8.h"

/* ------------------------------------------------------------------ CSV reading */

static int csv_put(csv_reader *r, char c)
{
    if (shr__grow(r->a, (void **)&r->text.items, &r->text.cap, r->text.count + 1, 1))
        return shr__error_set(r->err, SHR_ENOMEM, "out of memory");
    r->text.items[r->text.count++] = c;
    return SHR_OK;
}

static void csv_newline(csv_reader *r, size_t next)
{
    r->line++;
    r->line_start = next;
}

/* Read the next record. *eof set at the end of the input (then no record). */
int shr__imp_csv_next(csv_reader *r, unsigned *line, int *eof)
{
    *eof = r->pos >= r->len;
    if (*eof)
        return SHR_OK;
    *line = r->line;
    r->text.count = 0;
    r->offs.count = 0;
    r->quoted_any = 0;
    int rc;
    for (;;) {
        if (shr__grow(r->a, (void **)&r->offs.items, &r->offs.cap, r->offs.count + 1,
                      sizeof(size_t)))
            return shr__error_set(r->err, SHR_ENOMEM, "out of memory");
        r->offs.items[r->offs.count++] = r->text.count;
        if (r->pos < r->len && r->s[r->pos] == '"') {
            unsigned qline = r->line, qcol = (unsigned)(r->pos - r->line_start + 1);
            r->quoted_any = 1;
            r->pos++;
            for (;;) {
                if (r->pos >= r->len)
                    return shr__error_set_at(r->err, SHR_EFORMAT, r->file, qline, qcol, NULL,
                                             "quoted field not closed before the end of the "
                                             "file");
                char c = r->s[r->pos];
                if (c == '"') {
                    if (r->pos + 1 < r->len && r->s[r->pos + 1] == '"') {
                        if ((rc = csv_put(r, '"')))
                            return rc;
                        r->pos += 2;
                        continue;
                    }
                    r->pos++;
                    break;
                }
                if ((rc = csv_put(r, c)))
                    return rc;
                r->pos++;
                if (c == '\n' || (c == '\r' && (r->pos >= r->len || r->s[r->pos] != '\n')))
                    csv_newline(r, r->pos);
            }
            if (r->pos < r->len && r->s[r->pos] != r->delim && r->s[r->pos] != '\r' &&
                r->s[r->pos] != '\n')
                return shr__error_set_at(r->err, SHR_EFORMAT, r->file, r->line,
                                         (unsigned)(r->pos - r->line_start + 1), NULL,
                                         "unexpected text after the closing quote of a field "
                                         "(a quote inside a quoted field is written \"\")");
        } else {
            while (r->pos < r->len) {
                char c = r->s[r->pos];
                if (c == r->delim || c == '\r' || c == '\n')
                    break;
                if ((rc = csv_put(r, c)))
                    return rc;
                r->pos++;
            }
        }
        if ((rc = csv_put(r, '\0')))
            return rc;
        if (r->pos >= r->len)
            return SHR_OK;
        char c = r->s[r->pos++];
        if (c == r->delim)
            continue;
        if (c == '\r' && r->pos < r->len && r->s[r->pos] == '\n')
            r->pos++;
        csv_newline(r, r->pos);
        return SHR_OK;
    }
}

size_t shr__imp_csv_cells(const csv_reader *r)
{
    return r->offs.count;
}

const char *shr__imp_csv_cell(const csv_reader *r, size_t i)
{
    return r->text.items + r->offs.items[i];
}

int shr__imp_csv_blank(const csv_reader *r)
{
    return r->offs.count == 1 && !r->quoted_any && r->text.items[0] == '\0';
}

/* The first invalid UTF-8 byte (or NUL) of s, reported with its line and column. */
int shr__imp_check_utf8(const char *s, size_t len, const char *file, shr_error *err)
{
    unsigned line = 1;
    size_t line_start = 0, pos = 0;
    while (pos < len) {
        size_t at = pos;
        unsigned char c = (unsigned char)s[pos];
        if (c == '\n' || (c == '\r' && (pos + 1 >= len || s[pos + 1] != '\n'))) {
            pos++;
            line++;
            line_start = pos;
            continue;
        }
        if (c == 0)
            return shr__error_set_at(err, SHR_EFORMAT, file, line,
                                     (unsigned)(at - line_start + 1), NULL,
                                     "NUL byte in the CSV file");
        if (c < 0x80) {
            pos++;
            continue;
        }
        if (shr__utf8_decode(s, len, &pos) < 0)
            return shr__error_set_at(err, SHR_EFORMAT, file, line,
                                     (unsigned)(at - line_start + 1), NULL,
                                     "invalid UTF-8 (byte 0x%02X): the file must be UTF-8; "
                                     "convert it first (e.g. iconv -f WINDOWS-1252 -t UTF-8)",
                                     c);
    }
    return SHR_OK;
}

/* ------------------------------------------------------------------ fields */

/* Link normalisation: a scheme is kept, a host name gets https://, anything else is dropped
 * (NULL). */
int shr__imp_has_scheme(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    const char *p = s + 1;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '.' || *p == '-')
        p++;
    return strncmp(p, "://", 3) == 0;
}

static int is_alnum_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_alpha_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "www.x.fr", "x.org/path": labels of [A-Za-z0-9-], the first starting and ending with a
 * letter or digit, the last of two letters or more, then nothing or one of / ? # : */
int shr__imp_looks_like_host(const char *s)
{
    size_t h = 0;
    while (is_alnum_ascii(s[h]) || s[h] == '-' || s[h] == '.')
        h++;
    if (s[h] && s[h] != '/' && s[h] != '?' && s[h] != '#' && s[h] != ':')
        return 0;
    size_t first_end = 0;
    while (first_end < h && s[first_end] != '.')
        first_end++;
    if (first_end == 0 || first_end == h || !is_alnum_ascii(s[0]) ||
        !is_alnum_ascii(s[first_end - 1]))
        return 0;
    size_t last = h;
    while (last > 0 && s[last - 1] != '.')
        last--;
    if (h - last < 2)
        return 0;
    for (size_t i = last; i < h; i++)
        if (!is_alpha_ascii(s[i]))
            return 0;
    for (size_t i = first_end; i < last; i++) /* middle labels: not empty */
        if (s[i] == '.' && s[i + 1] == '.')
            return 0;
    return 1;
}

/* Strict decimal number: [+-]? digits [. digits] [e [+-] digits]. */
int shr__imp_parse_decimal(const char *s, double *out)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t d = 0;
    while (*p >= '0' && *p <= '9') {
        p++;
        d++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            p++;
            d++;
        }
    }
    if (d == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return 0;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

