/*
 * The spreadsheet importer (import.h): the rows built from CSV records (read in
 * import_cells.c);
 * commune resolution against a loaded catalog is in import_resolve.c, the getters and the
 * output as a catalog file (libyaml's emitter) in import_write.c.
 *
 * The whole file is read into memory and checked for UTF-8 first, so that an encoding problem
 * is reported at its line before anything else. Records are then cut one at a time into a
 * scratch buffer (cells NUL-terminated, quotes undone). Resolution tables (code -> commune,
 * former and postal codes -> communes) are built once per import from the catalog, which is
 * only read; normalised commune names are computed when first needed.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "../export/export_internal.h"
#include "import_internal.h"
#include "import_resolve.h"
#include "textfold.h"

/* ------------------------------------------------------------------ the import */

static const char *const method_names[SHR_IMPORT_METHOD_COUNT] = {
    "code", "former", "district", "postal+name", "department+name", "epci", "outline",
    "rejected",
};

const char *shr_import_method_name(shr_import_method method)
{
    return (unsigned)method < SHR_IMPORT_METHOD_COUNT ? method_names[method] : NULL;
}

void shr_import_free(shr_import *imp)
{
    if (!imp)
        return;
    const shr_allocator *a = &imp->cat->alloc;
    shr__free(a, imp->rows.items);
    shr__free(a, imp->warnings.items);
    shr__arena_free(&imp->arena);
    shr__free(a, imp);
}

/* ------------------------------------------------------------------ text helpers */

/* Python's str.isspace() code points, so that trimming matches what users expect of
 * spreadsheet cells (no-break spaces included). */
static int is_space_cp(int32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F) || c == 0x85 ||
           c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Trim s[0..*len) in place of the pointer; returns the new start. */
static const char *trim(const char *s, size_t *len)
{
    size_t b = 0, e = *len;
    while (b < e) {
        size_t p = b;
        int32_t c = shr__utf8_decode(s, e, &p);
        if (!is_space_cp(c))
            break;
        b = p;
    }
    while (e > b) {
        size_t start = e - 1;
        while (start > b && ((unsigned char)s[start] & 0xC0) == 0x80)
            start--;
        size_t p = start;
        int32_t c = shr__utf8_decode(s, e, &p);
        if (p != e || !is_space_cp(c))
            break;
        e = start;
    }
    *len = e - b;
    return s + b;
}

static int has_space(const char *s)
{
    size_t len = strlen(s), p = 0;
    while (p < len)
        if (is_space_cp(shr__utf8_decode(s, len, &p)))
            return 1;
    return 0;
}

int shr__imp_is_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int is_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':';
}

/*
 * Normalised commune name: folded tokens (case, accents, ligatures; anything but letters and
 * digits separates), "st"/"ste" read as "saint"/"sainte", joined by one space. Written into a
 * new arena string.
 */
char *shr__imp_norm_name(shr_arena *arena, const char *s)
{
    size_t len = strlen(s), pos = 0, out = 0;
    size_t cap = 4 * len + 16;
    char *buf = shr__arena_alloc(arena, cap);
    if (!buf)
        return NULL;
    char tok[SHR_TOKEN_MAX];
    size_t flen;
    while (shr__next_token(s, len, &pos, tok, sizeof tok, &flen)) {
        if (flen > sizeof tok)
            flen = sizeof tok;
        const char *t = tok;
        if (flen == 2 && memcmp(tok, "st", 2) == 0) {
            t = "saint";
            flen = 5;
        } else if (flen == 3 && memcmp(tok, "ste", 3) == 0) {
            t = "sainte";
            flen = 6;
        }
        if (out + flen + 2 > cap)
            break; /* cannot happen: folding expands at most 3x, tokens are separated */
        if (out)
            buf[out++] = ' ';
        memcpy(buf + out, t, flen);
        out += flen;
    }
    buf[out] = '\0';
    return buf;
}

/* ------------------------------------------------------------------ building rows */

typedef struct import_ctx {
    const shr_import_mapping *map;
    shr_import *imp;
    const shr_allocator *a;
    const char *file;
    shr_error *err;
    resolver res;
    int col[IMP_COL_COUNT];   /* header index, -1 when not mapped */
    int name_col[8];
    size_t nname_col;
    size_t ncols;
    shr_idmap ids;            /* ids of this import -> row */
    size_t part, nparts;      /* split: the part of the record being read, and how many */
    int split_mismatch;       /* split: the split cells have different numbers of parts */
} import_ctx;

/* Reasons and warnings quote cells, which may hold line breaks or terminal escapes: they are
 * printed one a line (`LINE: reason`), so control characters become spaces. */
static char *one_line_copy(shr_arena *arena, const char *text)
{
    char *copy = shr__arena_strndup(arena, text, strlen(text));
    for (char *p = copy; p && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    return copy;
}

static int add_warning(import_ctx *c, unsigned line, const char *fmt, ...) SHR_PRINTF(3, 4);
static int add_warning(import_ctx *c, unsigned line, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    shr_import *imp = c->imp;
    char *text = one_line_copy(&imp->arena, buf);
    if (!text || shr__grow(c->a, (void **)&imp->warnings.items, &imp->warnings.cap,
                           imp->warnings.count + 1, sizeof(imp_warning)))
        return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
    imp->warnings.items[imp->warnings.count++] = (imp_warning){line, text};
    return SHR_OK;
}

/* Header column col holds one of the mapping's split fields. */
static int is_split_column(const import_ctx *c, int col)
{
    if (!c->map->split_separator)
        return 0;
    for (int k = 0; k < IMP_COL_COUNT; k++)
        if (c->map->split[k] && c->col[k] == col)
            return 1;
    return 0;
}

/* Number of parts of a trimmed cell split by sep (an empty cell is one empty part). */
static size_t count_parts(const char *s, size_t n, const char *sep)
{
    size_t parts = 1, m = strlen(sep);
    for (size_t i = 0; i + m <= n;)
        if (memcmp(s + i, sep, m) == 0) {
            parts++;
            i += m;
        } else {
            i++;
        }
    return parts;
}

/* A trimmed cell copied into the import's arena; NULL for an unmapped column; "" when empty.
 * A cell neutralised against spreadsheet formulas ('=1+1, csv.h) reads as its original text.
 * A split column gives the current part (trimmed). */
static const char *cell(import_ctx *c, const csv_reader *r, int col, int *oom)
{
    if (col < 0)
        return NULL;
    const char *s = shr__imp_csv_cell(r, (size_t)col);
    size_t n = strlen(s);
    s = trim(s, &n);
    const char *text = shr_csv_read_text(s);
    n -= (size_t)(text - s);
    s = text;
    if (c->nparts > 1 && is_split_column(c, col)) {
        const char *sep = c->map->split_separator;
        size_t m = strlen(sep), k = 0, start = 0, i = 0;
        for (; i + m <= n; i++)
            if (memcmp(s + i, sep, m) == 0) {
                if (k == c->part)
                    break;
                k++;
                start = i + m;
                i += m - 1;
            }
        size_t end = k == c->part && i + m <= n ? i : n;
        s += start;
        n = end - start;
        s = trim(s, &n);
    }
    char *copy = shr__arena_strndup(&c->imp->arena, s, n);
    if (!copy)
        *oom = 1;
    return copy;
}

/* The number of records a CSV record gives: the parts of its split cells (1 without split, or
 * when they disagree: then split_mismatch is set and the row is rejected). */
static size_t record_parts(import_ctx *c, const csv_reader *r)
{
    size_t parts = 0;
    c->split_mismatch = 0;
    if (!c->map->split_separator || shr__imp_csv_cells(r) != c->ncols)
        return 1;
    for (int k = 0; k < IMP_COL_COUNT; k++) {
        if (!c->map->split[k] || c->col[k] < 0)
            continue;
        const char *s = shr__imp_csv_cell(r, (size_t)c->col[k]);
        size_t n = strlen(s);
        s = trim(s, &n);
        size_t p = count_parts(s, n, c->map->split_separator);
        if (parts && p != parts)
            c->split_mismatch = 1;
        if (p > parts)
            parts = p;
    }
    return c->split_mismatch || !parts ? 1 : parts;
}

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* Header: find every mapped column. */
static int read_header(import_ctx *c, const csv_reader *r)
{
    const shr_import_mapping *map = c->map;
    c->ncols = shr__imp_csv_cells(r);
    size_t nrefs = IMP_COL_COUNT + map->nname_columns;
    if (map->nname_columns > 8)
        return shr__error_set_at(c->err, SHR_ELIMIT, map->path, map->name_columns[8].line,
                                 map->name_columns[8].column, NULL,
                                 "at most 8 commune_name columns");
    for (size_t k = 0; k < nrefs; k++) {
        const imp_colref *ref =
            k < IMP_COL_COUNT ? &map->columns[k] : &map->name_columns[k - IMP_COL_COUNT];
        int found = -1;
        if (ref->name) {
            for (size_t i = 0; i < c->ncols; i++) {
                const char *h = shr__imp_csv_cell(r, i);
                size_t n = strlen(h);
                h = trim(h, &n);
                if (n != strlen(ref->name) || memcmp(h, ref->name, n) != 0)
                    continue;
                if (found >= 0)
                    return shr__error_set_at(c->err, SHR_EFORMAT, c->file, 1, 0, NULL,
                                             "column '%s' appears twice in the header",
                                             ref->name);
                found = (int)i;
            }
            if (found < 0)
                return shr__error_set_at(c->err, SHR_EFORMAT, map->path, ref->line, ref->column,
                                         NULL, "column '%s' is not in the header of %s",
                                         ref->name, c->file);
        }
        if (k < IMP_COL_COUNT)
            c->col[k] = found;
        else
            c->name_col[c->nname_col++] = found;
    }
    return SHR_OK;
}

static int reject(imp_row *row, import_ctx *c, const char *reason)
{
    row->method = SHR_IMPORT_REJECTED;
    row->reason = one_line_copy(&c->imp->arena, reason);
    return row->reason ? SHR_OK : shr__error_set(c->err, SHR_ENOMEM, "out of memory");
}

/* Turn the current record into a row. */
static int read_row(import_ctx *c, const csv_reader *r, unsigned line, size_t number)
{
    const shr_import_mapping *map = c->map;
    shr_import *imp = c->imp;
    if (shr__grow(c->a, (void **)&imp->rows.items, &imp->rows.cap, imp->rows.count + 1,
                  sizeof(imp_row)))
        return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
    imp_row *row = &imp->rows.items[imp->rows.count++];
    memset(row, 0, sizeof *row);
    row->line = line;
    row->category = SHR_NO_INDEX;
    row->territory = SHR_NO_INDEX;
    row->operator = SHR_NO_INDEX;
    row->started = SHR_NO_YEAR;
    char msg[1024];
    int oom = 0;

    if (shr__imp_csv_cells(r) != c->ncols) {
        snprintf(msg, sizeof msg, "%zu cells, the header has %zu", shr__imp_csv_cells(r), c->ncols);
        return reject(row, c, msg);
    }
    if (c->split_mismatch)
        return reject(row, c, "the split columns have different numbers of parts");

    /* id */
    const char *idcell = cell(c, r, c->col[IMP_COL_ID], &oom);
    char idbuf[64];
    if (!idcell) {
        snprintf(idbuf, sizeof idbuf, "%zu", number);
        idcell = idbuf;
    }
    size_t plen = strlen(map->id_prefix), vlen = strlen(idcell);
    if (vlen == 0)
        return reject(row, c, "no id");
    char *id = shr__arena_alloc(&imp->arena, plen + vlen + 1);
    if (!id || oom)
        return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
    memcpy(id, map->id_prefix, plen);
    memcpy(id + plen, idcell, vlen + 1);
    if (map->lowercase_id)
        for (char *q = id + plen; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
    int id_ok = plen + vlen <= SHR_LIMIT_ID_LENGTH;
    for (const char *s = id; *s && id_ok; s++)
        id_ok = is_id_char(*s);
    if (!id_ok) {
        snprintf(msg, sizeof msg, "invalid id '%.200s' (1 to 128 of a-z 0-9 - _ . :)", id);
        return reject(row, c, msg);
    }
    uint32_t prev = shr__idmap_find(&c->ids, id, strlen(id));
    if (prev != SHR_NO_INDEX) {
        snprintf(msg, sizeof msg, "duplicate id '%s' (line %u)", id, imp->rows.items[prev].line);
        return reject(row, c, msg);
    }
    if (shr__idmap_reserve(&c->ids, 1) ||
        shr__idmap_insert(&c->ids, id, (uint32_t)(imp->rows.count - 1)))
        return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
    row->id = id;

    /* name */
    const char *name = cell(c, r, c->col[IMP_COL_NAME], &oom);
    if (oom)
        return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
    row->name = nonempty(name);
    if (!row->name)
        return reject(row, c, "no name");

    /* category */
    if (c->col[IMP_COL_CATEGORY] >= 0) {
        const char *v = cell(c, r, c->col[IMP_COL_CATEGORY], &oom);
        if (oom)
            return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
        for (size_t i = 0; i < map->nvalues && row->category == SHR_NO_INDEX; i++)
            if (strcmp(map->values[i].from, v) == 0)
                row->category = map->values[i].category;
        if (row->category == SHR_NO_INDEX)
            row->category = map->const_category;
        if (row->category == SHR_NO_INDEX) {
            snprintf(msg, sizeof msg, "category value '%.200s' is not in the mapping", v);
            return reject(row, c, msg);
        }
    } else {
        row->category = map->const_category;
    }

    /* commune */
    row_names rn = {0};
    for (size_t k = 0; k < c->nname_col; k++) {
        const char *v = cell(c, r, c->name_col[k], &oom);
        if (oom)
            return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
        if (!*v)
            continue;
        const char *nv = shr__imp_norm_name(&imp->arena, v);
        if (!nv)
            return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
        rn.raw[rn.n] = v;
        rn.norm[rn.n++] = nv;
    }
    const char *code = cell(c, r, c->col[IMP_COL_CODE], &oom);
    const char *postal = cell(c, r, c->col[IMP_COL_POSTAL], &oom);
    const char *dep = cell(c, r, c->col[IMP_COL_DEPARTMENT], &oom);
    const char *lat = cell(c, r, c->col[IMP_COL_LATITUDE], &oom);
    const char *lon = cell(c, r, c->col[IMP_COL_LONGITUDE], &oom);
    if (oom)
        return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
    int rc;
    if ((lat && *lat) || (lon && *lon)) {
        double la, lo;
        if (lat && lon && shr__imp_parse_decimal(lat, &la) && shr__imp_parse_decimal(lon, &lo) && la >= -90 &&
            la <= 90 && lo >= -180 && lo <= 180) {
            row->has_location = 1;
            row->latitude = la;
            row->longitude = lo;
        } else if ((rc = add_warning(c, line, "location '%.60s', '%.60s' ignored: not a latitude "
                                              "and longitude in degrees",
                                     lat ? lat : "", lon ? lon : "")))
            return rc;
    }
    notes n = {{0}, 0};
    uint32_t territory = SHR_NO_INDEX;
    row_input in = {code ? code : "", postal ? postal : "", dep ? dep : "", &rn,
                    row->has_location, row->latitude, row->longitude};
    int how = shr__imp_resolve(&c->res, &in, c->col[IMP_COL_DEPARTMENT] >= 0, map->outlines,
                               &territory, &n);
    if (how < 0)
        return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
    if (how == SHR_IMPORT_REJECTED)
        return reject(row, c, n.text);
    row->method = (shr_import_method)how;
    row->territory = territory;

    /* optional fields */
    row->address = nonempty(cell(c, r, c->col[IMP_COL_ADDRESS], &oom));
    row->description = nonempty(cell(c, r, c->col[IMP_COL_DESCRIPTION], &oom));
    row->tag = nonempty(cell(c, r, c->col[IMP_COL_TAG], &oom));
    const char *op = cell(c, r, c->col[IMP_COL_OPERATOR], &oom);
    if (op && *op)
        row->operator = shr__idmap_find(&c->res.epcis, op, strlen(op));
    const char *link = cell(c, r, c->col[IMP_COL_LINK], &oom);
    const char *year = cell(c, r, c->col[IMP_COL_STARTED], &oom);
    if (oom)
        return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
    if (link && *link) {
        if (has_space(link) || !(shr__imp_has_scheme(link) || shr__imp_looks_like_host(link))) {
            if ((rc = add_warning(c, line, "link '%.200s' dropped: not a URL", link)))
                return rc;
        } else if (shr__imp_has_scheme(link)) {
            row->link = link;
        } else {
            size_t ln = strlen(link);
            char *full = shr__arena_alloc(&imp->arena, ln + 9);
            if (!full)
                return shr__error_set(c->err, SHR_ENOMEM, "out of memory");
            memcpy(full, "https://", 8);
            memcpy(full + 8, link, ln + 1);
            row->link = full;
        }
    }
    if (year && *year) {
        if (strlen(year) <= 4 && shr__imp_is_digits(year, strlen(year)))
            row->started = (int32_t)atoi(year);
        else if ((rc = add_warning(c, line, "started '%.60s' ignored: not a year", year)))
            return rc;
    }
    return SHR_OK;
}

static int copy_mapping_constants(shr_import *imp, const shr_import_mapping *map)
{
    imp->has_status = map->has_status;
    imp->operator_role = map->operator_role;
    imp->status = map->status;
    imp->tags = shr__arena_calloc(&imp->arena, map->ntags ? map->ntags : 1, sizeof *imp->tags);
    if (!imp->tags)
        return SHR_ENOMEM;
    for (size_t i = 0; i < map->ntags; i++)
        if (!(imp->tags[imp->ntags++] =
                  shr__arena_strndup(&imp->arena, map->tags[i], strlen(map->tags[i]))))
            return SHR_ENOMEM;
    imp->actor_decls = shr__arena_calloc(&imp->arena, map->nactor_decls + 1, sizeof *imp->actor_decls);
    imp->actors = shr__arena_calloc(&imp->arena, map->nactors + 1, sizeof *imp->actors);
    if (!imp->actor_decls || !imp->actors)
        return SHR_ENOMEM;
    for (size_t i = 0; i < map->nactor_decls; i++) {
        const imp_actor_decl *d = &map->actor_decls[i];
        imp_actor_decl *o = &imp->actor_decls[imp->nactor_decls++];
        o->kind = d->kind;
        if (!(o->id = shr__arena_strndup(&imp->arena, d->id, strlen(d->id))) ||
            !(o->name = shr__arena_strndup(&imp->arena, d->name, strlen(d->name))) ||
            (d->link && !(o->link = shr__arena_strndup(&imp->arena, d->link, strlen(d->link)))))
            return SHR_ENOMEM;
    }
    for (size_t i = 0; i < map->nactors; i++) {
        imp_actor_ref *o = &imp->actors[imp->nactors++];
        o->role = map->actors[i].role;
        if (!(o->id = shr__arena_strndup(&imp->arena, map->actors[i].id, strlen(map->actors[i].id))))
            return SHR_ENOMEM;
    }
    for (int i = 0; i < 4; i++)
        if (map->meta[i] &&
            !(imp->meta[i] = shr__arena_strndup(&imp->arena, map->meta[i], strlen(map->meta[i]))))
            return SHR_ENOMEM;
    return SHR_OK;
}

int shr_import_csv_buffer(const shr_catalog *cat, const shr_import_mapping *map,
                          const char *name, const char *data, size_t size, shr_import **out,
                          shr_error *err)
{
    if (out)
        *out = NULL;
    if (!cat || !map || !out || (!data && size))
        return shr__error_set(err, SHR_EINVAL, "shr_import_csv: missing argument");
    if (map->cat != cat)
        return shr__error_set(err, SHR_EINVAL, "the mapping was read for another catalog");
    if (size > SHR_LIMIT_IMPORT_SIZE)
        return shr__error_set(err, SHR_ELIMIT, "CSV larger than %u bytes",
                              (unsigned)SHR_LIMIT_IMPORT_SIZE);
    const char *file = name ? name : "<buffer>";
    const shr_allocator *a = &cat->alloc;
    if (!data)
        data = "";
    int rc = shr__imp_check_utf8(data, size, file, err);
    if (rc)
        return rc;

    import_ctx c;
    memset(&c, 0, sizeof c);
    c.map = map;
    c.a = a;
    c.file = file;
    c.err = err;
    shr__idmap_init(&c.ids, a);
    csv_reader r;
    memset(&r, 0, sizeof r);
    r.a = a;
    r.file = file;
    r.err = err;
    r.s = data;
    r.len = size;
    r.line = 1;
    r.delim = map->delimiter;
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r.pos = r.line_start = 3;

    shr_import *imp = shr__calloc(a, 1, sizeof *imp);
    if (!imp)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    imp->cat = cat;
    shr__arena_init(&imp->arena, a);
    if (copy_mapping_constants(imp, map)) {
        rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
        goto done;
    }
    c.imp = imp;
    if ((rc = shr__imp_resolver_init(&c.res, cat, &imp->arena, err)))
        goto done;

    int header = 0, eof = 0;
    size_t number = 0;
    for (;;) {
        unsigned line = 0;
        if ((rc = shr__imp_csv_next(&r, &line, &eof)) || eof)
            break;
        if (shr__imp_csv_blank(&r))
            continue;
        if (!header) {
            if ((rc = read_header(&c, &r)))
                break;
            header = 1;
            continue;
        }
        c.nparts = record_parts(&c, &r);
        for (c.part = 0; c.part < c.nparts && !rc; c.part++)
            rc = read_row(&c, &r, line, ++number);
        if (rc)
            break;
    }
    if (!rc && !header)
        rc = shr__error_set_at(err, SHR_EFORMAT, file, 1, 0, NULL,
                               "empty CSV file: no header line");
    if (!rc)
        for (size_t i = 0; i < imp->rows.count; i++)
            imp->method_counts[imp->rows.items[i].method]++;
done:
    shr__imp_resolver_free(a, &c.res);
    shr__idmap_free(&c.ids);
    shr__free(a, r.text.items);
    shr__free(a, r.offs.items);
    if (rc) {
        shr_import_free(imp);
        return rc;
    }
    *out = imp;
    return SHR_OK;
}

int shr_import_csv(const shr_catalog *cat, const shr_import_mapping *map, const char *path,
                   shr_import **out, shr_error *err)
{
    if (out)
        *out = NULL;
    if (!cat || !map || !path || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_import_csv: missing argument");
    char *data;
    size_t size;
    int rc = shr__import_read_file(&cat->alloc, path, SHR_LIMIT_IMPORT_SIZE, &data, &size, err);
    if (rc)
        return rc;
    rc = shr_import_csv_buffer(cat, map, path, data, size, out, err);
    shr__free(&cat->alloc, data);
    return rc;
}

