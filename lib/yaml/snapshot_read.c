/*
 * Snapshot -> catalog (docs/snapshot.md). The file is mapped read-only and kept mapped by the
 * catalog (strings, coded descriptions point into it); the record entries are checked one by
 * one and relocated into the catalog's records (offsets into pointers), then the batch commits
 * as for YAML files (cycle check, graph, indexes), so a snapshot combines with YAML files
 * loaded with or after it under the same all-or-nothing rule.
 *
 * A snapshot is input like any other: the header (magic, format, byte order, library version,
 * size, checksum of the whole file), then every offset, length, index and enum value is checked
 * before it is used; anything wrong is SHR_EFORMAT saying what, never a crash.
 */
#include "snapshot.h"
#include "textfold.h"

#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

bool shr__snapshot_magic(const void *head, size_t n)
{
    return n >= 8 && memcmp(head, SHR_SNAP_MAGIC, 8) == 0;
}

typedef struct reader {
    shr_batch *b;
    shr_catalog *cat;
    shr_error *err;
    const char *path;
    const uint8_t *map;
    size_t size;
    const uint8_t *sec[SNAP_NSECTIONS];
    size_t len[SNAP_NSECTIONS]; /* in bytes */
    size_t nfiles;
} reader;

static int corrupt(reader *R, const char *fmt, ...) SHR_PRINTF(2, 3);
static int corrupt(reader *R, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return shr__error_set_at(R->err, SHR_EFORMAT, R->path, 0, 0, NULL, "invalid snapshot: %s",
                             msg);
}

static int oom(reader *R)
{
    return shr__error_set_at(R->err, SHR_ENOMEM, R->path, 0, 0, NULL, "out of memory");
}

/* Text the YAML reader could have given: valid UTF-8 of printable characters (YAML 1.1: tab,
 * line breaks, and no C0/C1 control, surrogate or U+FFFE/U+FFFF); NULs too when `nul` (the
 * separators of the strings section). */
static bool utf8_ok(const char *s, size_t n, bool nul)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && !(c == 0 && nul)) ||
                c == 0x7f)
                return false;
            i++;
            continue;
        }
        int32_t cp = shr__utf8_decode(s, n, &i);
        if (cp < 0 || (cp >= 0x80 && cp <= 0x9f && cp != 0x85) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ header and sections */

static const char *const section_names[SNAP_NSECTIONS] = {
    "strings", "pool", "files", "categories", "territories", "actors", "practices",
    "extras", "figures", "dictionary offsets", "dictionary bytes", "descriptions", "actions",
};

static int check_header(reader *R)
{
    const snap_header *h = (const snap_header *)R->map;
    if (R->size < sizeof *h)
        return corrupt(R, "truncated: %zu bytes, the header alone has %zu", R->size, sizeof *h);
    if (!shr__snapshot_magic(h->magic, 8))
        return corrupt(R, "wrong magic number");
    if (h->endian != SHR_SNAP_ENDIAN)
        return corrupt(R, "byte order not that of this machine (snapshots are little-endian)");
    if (h->format != SHR_SNAP_FORMAT)
        return corrupt(R, "format version %u, this library reads version %u: rebuild it with "
                      "'sharitories snapshot'", (unsigned)h->format, SHR_SNAP_FORMAT);
    if (memchr(h->library, '\0', sizeof h->library) == NULL ||
        strcmp(h->library, SHR_VERSION_STRING) != 0)
        return corrupt(R, "written by another version of the library (this is %s): rebuild it "
                      "with 'sharitories snapshot'", SHR_VERSION_STRING);
    if (h->size != R->size)
        return corrupt(R, "truncated or extended: the header says %llu bytes, the file has %zu",
                   (unsigned long long)h->size, R->size);
    if (h->checksum != shr__snapshot_checksum(R->map, R->size))
        return corrupt(R, "checksum mismatch (the file is corrupted)");
    if (h->nsections != SNAP_NSECTIONS || h->flags != 0 || h->reserved != 0)
        return corrupt(R, "%u sections (expected %u)", (unsigned)h->nsections, SNAP_NSECTIONS);
    const snap_section *table = (const snap_section *)(R->map + sizeof *h);
    size_t start = sizeof *h + SNAP_NSECTIONS * sizeof *table;
    if (R->size < start)
        return corrupt(R, "truncated section table");
    for (uint32_t s = 0; s < SNAP_NSECTIONS; s++) {
        const snap_section *e = &table[s];
        if (e->id != s || e->entry_size != shr__snapshot_entry_sizes[s])
            return corrupt(R, "section %u: wrong id or entry size", (unsigned)s);
        if (e->offset % 8 || e->offset < start || e->offset > R->size ||
            e->length > R->size - e->offset)
            return corrupt(R, "section '%s' out of the file", section_names[s]);
        if (e->length % e->entry_size)
            return corrupt(R, "section '%s': length not a multiple of its entries",
                       section_names[s]);
        R->sec[s] = R->map + e->offset;
        R->len[s] = (size_t)e->length;
    }
    return SHR_OK;
}

/* ------------------------------------------------------------------ values */

/* String at offset o of the strings section; NULL for 0, or out of range or not the start of
 * a string (*ok cleared: a string's tail could start inside a UTF-8 sequence). */
static const char *get_str(reader *R, uint32_t o, bool *ok)
{
    if (o == 0)
        return NULL;
    if (o >= R->len[SNAP_STRINGS] || R->sec[SNAP_STRINGS][o - 1] != '\0') {
        *ok = false;
        return NULL;
    }
    return (const char *)R->sec[SNAP_STRINGS] + o;
}

/* Items [first, first + n * width) of the pool, or NULL when out of range. */
static const uint32_t *get_pool(reader *R, uint32_t first, uint32_t n, uint32_t width)
{
    size_t total = R->len[SNAP_POOL] / 4;
    if ((size_t)first > total || (uint64_t)n * width > total - first)
        return NULL;
    return (const uint32_t *)R->sec[SNAP_POOL] + first;
}

static bool id_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':'))
            return false;
    }
    return n >= 1 && n <= 128;
}

static bool origin_ok(reader *R, const snap_origin *o, shr_origin *out)
{
    *out = (shr_origin){o->file, o->line, o->column};
    return o->file < R->nfiles;
}

static bool location_ok(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 &&
           lon <= 180;
}

static bool axes_ok(const uint8_t *axes, uint8_t n, uint8_t *mask)
{
    unsigned m = 0;
    if (n > SHR_AXIS_COUNT)
        return false;
    for (uint8_t i = 0; i < n; i++) {
        if (axes[i] >= SHR_AXIS_COUNT || (m & (1u << axes[i])))
            return false;
        m |= 1u << axes[i];
    }
    if (mask)
        *mask = (uint8_t)m;
    return true;
}

/* A list of n strings at pool[first...] into the arena; false when out of range. */
static int str_list(reader *R, uint32_t first, uint32_t n, const char ***out, bool *ok)
{
    *out = NULL;
    if (!n)
        return SHR_OK;
    const uint32_t *v = get_pool(R, first, n, 1);
    if (!v) {
        *ok = false;
        return SHR_OK;
    }
    const char **list = shr__arena_alloc(&R->cat->arena, n * sizeof *list);
    if (!list)
        return SHR_ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        if (!(list[i] = get_str(R, v[i], ok)))
            *ok = false;
    *out = list;
    return SHR_OK;
}

/* Insert a record id into its map; false when invalid or a duplicate. */
static int insert_id(reader *R, shr_idmap *map, const char *id, uint32_t value, bool *ok)
{
    if (!id || !id_ok(id)) {
        *ok = false;
        return SHR_OK;
    }
    size_t len = strlen(id), slot;
    uint32_t h = shr__idmap_hash(id, len);
    if (shr__idmap_reserve(map, 1)) /* reserved for the whole section: grows nothing */
        return SHR_ENOMEM;
    if (shr__idmap_probe(map, id, len, h, &slot) != SHR_NO_INDEX) {
        *ok = false;
        return SHR_OK;
    }
    if (map->owning)
        return shr__idmap_insert_copy(map, slot, id, len, h, value) ? SHR_OK : SHR_ENOMEM;
    shr__idmap_insert_at(map, slot, id, h, value);
    return SHR_OK;
}

/* Room for n more records in a vector of pointers, and n zeroed records in the arena; NULL
 * when out of memory. */
static void *new_records(reader *R, void ***items, size_t *cap, size_t count, size_t n,
                         size_t size)
{
    if (shr__grow(&R->cat->alloc, (void **)items, cap, count + n, sizeof(void *)))
        return NULL;
    /* No record: any non-NULL address (never read), NULL meaning out of memory. */
    return n ? shr__arena_calloc(&R->cat->arena, n, size) : (void *)items;
}

/* ------------------------------------------------------------------ sections */

static int read_strings(reader *R)
{
    size_t n = R->len[SNAP_STRINGS];
    const char *s = (const char *)R->sec[SNAP_STRINGS];
    if (n < 1 || s[0] != '\0' || s[n - 1] != '\0')
        return corrupt(R, "strings: not NUL-terminated");
    if (!utf8_ok(s, n, true))
        return corrupt(R, "strings: invalid UTF-8");
    return SHR_OK;
}

static int read_files(reader *R)
{
    shr_catalog *cat = R->cat;
    size_t n = R->len[SNAP_FILES] / sizeof(snap_file);
    if (shr__grow(&cat->alloc, (void **)&cat->files.items, &cat->files.cap,
                  cat->files.count + n, sizeof *cat->files.items))
        return oom(R);
    const snap_file *e = (const snap_file *)R->sec[SNAP_FILES];
    for (size_t i = 0; i < n; i++) {
        bool ok = true;
        shr_file_info fi = {.path = get_str(R, e[i].path, &ok),
                            .title = get_str(R, e[i].title, &ok),
                            .source = get_str(R, e[i].source, &ok),
                            .licence = get_str(R, e[i].licence, &ok),
                            .updated = get_str(R, e[i].updated, &ok)};
        if (!ok || !fi.path)
            return corrupt(R, "file %zu: string out of range", i);
        cat->files.items[cat->files.count++] = fi;
    }
    R->nfiles = n;
    return SHR_OK;
}

static int read_categories(reader *R)
{
    shr_catalog *cat = R->cat;
    size_t n = R->len[SNAP_CATEGORIES] / sizeof(snap_category), base = cat->categories.count;
    shr_category *all = new_records(R, (void ***)&cat->categories.items, &cat->categories.cap,
                                    base, n, sizeof *all);
    if (!all || shr__idmap_reserve(&cat->category_ids, n))
        return oom(R);
    const snap_category *e = (const snap_category *)R->sec[SNAP_CATEGORIES];
    for (size_t i = 0; i < n; i++) {
        shr_category *c = &all[i];
        bool ok = true;
        c->cat = cat;
        c->index = (uint32_t)(base + i);
        c->id = get_str(R, e[i].id, &ok);
        c->label_fr = get_str(R, e[i].label_fr, &ok);
        c->label_en = get_str(R, e[i].label_en, &ok);
        c->family = (shr_family)e[i].family;
        c->naxes = e[i].naxes;
        ok = ok && origin_ok(R, &e[i].origin, &c->origin) && e[i].family < SHR_FAMILY_COUNT &&
             axes_ok(e[i].axes, e[i].naxes, NULL);
        if (ok)
            memcpy(c->axes, e[i].axes, c->naxes);
        if (ok && insert_id(R, &cat->category_ids, c->id, c->index, &ok))
            return oom(R);
        if (!ok)
            return corrupt(R, "category %zu: invalid or duplicate value", i);
        cat->categories.items[cat->categories.count++] = c;
    }
    return SHR_OK;
}

static int read_territories(reader *R)
{
    shr_catalog *cat = R->cat;
    size_t n = R->len[SNAP_TERRITORIES] / sizeof(snap_territory);
    shr_territory *all = new_records(R, (void ***)&cat->territories.items,
                                     &cat->territories.cap, 0, n, sizeof *all);
    if (!all || shr__idmap_reserve(&cat->territory_ids, n))
        return oom(R);
    const snap_territory *e = (const snap_territory *)R->sec[SNAP_TERRITORIES];
    for (size_t i = 0; i < n; i++) {
        shr_territory *t = &all[i];
        const snap_territory *s = &e[i];
        bool ok = true;
        t->cat = cat;
        t->index = (uint32_t)i;
        t->kind = s->kind;
        t->has_location = s->has_location;
        t->has_parent = s->has_parent;
        t->parent = (shr_posref){s->parent[0], s->parent[1], s->parent[2]};
        t->name = get_str(R, s->name, &ok);
        t->code = get_str(R, s->code, &ok);
        t->population = s->population;
        t->latitude = s->latitude;
        t->longitude = s->longitude;
        ok = ok && t->name && origin_ok(R, &s->origin, &t->origin) &&
             s->kind < SHR_TERRITORY_KIND_COUNT && s->has_location <= 1 && s->has_parent <= 1 &&
             (!s->has_parent || s->parent[0] < n) && s->population >= SHR_NO_POPULATION &&
             (!s->has_location || location_ok(s->latitude, s->longitude));
        if (ok && s->ngroups) {
            const uint32_t *g = get_pool(R, s->groups, s->ngroups, 3);
            t->groups = g ? shr__arena_alloc(&cat->arena, s->ngroups * sizeof *t->groups) : NULL;
            if (g && !t->groups)
                return oom(R);
            ok = g != NULL;
            for (uint32_t k = 0; ok && k < s->ngroups; k++) {
                t->groups[k] = (shr_posref){g[3 * k], g[3 * k + 1], g[3 * k + 2]};
                ok = g[3 * k] < n;
            }
            t->ngroups = s->ngroups;
        }
        if (ok && (str_list(R, s->former, s->nformer, &t->former_codes, &ok) ||
                   str_list(R, s->postal, s->npostal, &t->postal_codes, &ok)))
            return oom(R);
        t->nformer_codes = s->nformer;
        t->npostal_codes = s->npostal;
        if (ok && insert_id(R, &cat->territory_ids, get_str(R, s->id, &ok), t->index, &ok))
            return oom(R);
        if (!ok)
            return corrupt(R, "territory %zu: invalid or duplicate value", i);
        cat->territories.items[cat->territories.count++] = t;
    }
    return SHR_OK;
}

static int read_actors(reader *R)
{
    shr_catalog *cat = R->cat;
    size_t n = R->len[SNAP_ACTORS] / sizeof(snap_actor);
    shr_actor *all = new_records(R, (void ***)&cat->actors.items, &cat->actors.cap, 0, n,
                                 sizeof *all);
    if (!all || shr__idmap_reserve(&cat->actor_ids, n))
        return oom(R);
    const snap_actor *e = (const snap_actor *)R->sec[SNAP_ACTORS];
    for (size_t i = 0; i < n; i++) {
        shr_actor *a = &all[i];
        const snap_actor *s = &e[i];
        bool ok = true;
        a->cat = cat;
        a->index = (uint32_t)i;
        a->kind = s->kind;
        a->has_territory = s->has_territory;
        a->territory.index = s->territory;
        a->name = get_str(R, s->name, &ok);
        ok = ok && a->name && origin_ok(R, &s->origin, &a->origin) &&
             s->kind < SHR_ACTOR_KIND_COUNT && s->has_territory <= 1 &&
             (!s->has_territory || s->territory < cat->territories.count);
        if (ok && str_list(R, s->links, s->nlinks, &a->links, &ok))
            return oom(R);
        a->nlinks = s->nlinks;
        if (ok && insert_id(R, &cat->actor_ids, get_str(R, s->id, &ok), a->index, &ok))
            return oom(R);
        if (!ok)
            return corrupt(R, "actor %zu: invalid or duplicate value", i);
        cat->actors.items[cat->actors.count++] = a;
    }
    return SHR_OK;
}

static int read_dictionary(reader *R)
{
    size_t n = R->len[SNAP_DICT_OFF] / 4;
    if (n < 1)
        return corrupt(R, "dictionary: no offsets");
    const uint32_t *off = (const uint32_t *)R->sec[SNAP_DICT_OFF];
    const char *bytes = (const char *)R->sec[SNAP_DICT_BYTES];
    if (off[n - 1] != R->len[SNAP_DICT_BYTES])
        return corrupt(R, "dictionary: offsets do not match its bytes");
    for (size_t i = 0; i + 1 < n; i++)
        if (off[i + 1] <= off[i] || off[i + 1] > R->len[SNAP_DICT_BYTES] ||
            !utf8_ok(bytes + off[i], off[i + 1] - off[i], false))
            return corrupt(R, "dictionary: piece %zu invalid", i);
    int rc = shr__textstore_restore(&R->cat->texts, off, (uint32_t)(n - 1), bytes);
    if (rc == SHR_ENOMEM)
        return oom(R);
    if (rc)
        return corrupt(R, "dictionary: pieces too long or too many");
    return SHR_OK;
}

/* Bounded LEB128: false when it runs past end or over 32 bits. */
static bool varint(const uint8_t **p, const uint8_t *end, uint32_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (*p >= end)
            return false;
        uint8_t c = *(*p)++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *out = (uint32_t)v;
            return v <= UINT32_MAX;
        }
    }
    return false;
}

/* The coded description at offset o of SNAP_BLOBS: the whole of it checked (see textstore.c). */
static const uint8_t *check_blob(reader *R, uint32_t o)
{
    const shr_textstore *ts = &R->cat->texts;
    const uint8_t *base = R->sec[SNAP_BLOBS], *end = base + R->len[SNAP_BLOBS];
    if (o % 2 || o >= R->len[SNAP_BLOBS])
        return NULL;
    const uint8_t *c = base + o;
    uint32_t len, done = 0;
    if (!varint(&c, end, &len))
        return NULL;
    while (done < len) {
        uint32_t v, n;
        const char *piece;
        if (!varint(&c, end, &v))
            return NULL;
        if (v == 0) {
            if (!varint(&c, end, &n) || n == 0 || n > (size_t)(end - c) ||
                !utf8_ok((const char *)c, n, false))
                return NULL;
            piece = (const char *)c;
            c += n;
        } else {
            if (v - 1 >= ts->count)
                return NULL;
            n = ts->off[v] - ts->off[v - 1];
            piece = ts->bytes + ts->off[v - 1];
        }
        if (n > len - done)
            return NULL;
        done += n;
        if (done < len && piece[n - 1] != ' ') /* pieces end at a space or the text's end */
            return NULL;
    }
    return base + o;
}

static int read_practices(reader *R)
{
    shr_catalog *cat = R->cat;
    size_t n = R->len[SNAP_PRACTICES] / sizeof(snap_practice);
    shr_practice *all = new_records(R, (void ***)&cat->practices.items, &cat->practices.cap, 0,
                                    n, sizeof *all);
    if (!all || shr__idmap_reserve(&cat->practice_ids, n))
        return oom(R);
    const snap_practice *e = (const snap_practice *)R->sec[SNAP_PRACTICES];
    size_t nterr = cat->territories.count, nact = cat->actors.count;
    for (size_t i = 0; i < n; i++) {
        shr_practice *p = &all[i];
        const snap_practice *s = &e[i];
        bool ok = true;
        p->cat = cat;
        p->index = (uint32_t)i;
        p->status = s->status;
        p->has_location = s->has_location;
        p->axes_given = s->axes_given;
        p->naxes = s->naxes;
        p->started = s->started;
        p->ended = s->ended;
        p->category.index = s->category;
        p->name = get_str(R, s->name, &ok);
        ok = ok && p->name && origin_ok(R, &s->origin, &p->origin) &&
             s->status < SHR_STATUS_COUNT && s->has_location <= 1 && s->axes_given <= 1 &&
             axes_ok(s->axes, s->naxes, &p->axis_mask) && s->category < cat->categories.count &&
             s->nterritories >= 1 && /* the rules of the YAML reader's check_practice() */
             (s->started == SHR_NO_YEAR || s->ended == SHR_NO_YEAR || s->ended >= s->started);
        if (ok)
            memcpy(p->axes, s->axes, s->naxes);
        if (ok) {
            const uint32_t *v = get_pool(R, s->territories, s->nterritories, 1);
            ok = v != NULL;
            if (ok && s->nterritories == 1) {
                p->territories = &p->territory1;
            } else if (ok) {
                p->territories = shr__arena_alloc(&cat->arena,
                                                  s->nterritories * sizeof *p->territories);
                if (!p->territories)
                    return oom(R);
            }
            for (uint32_t k = 0; ok && k < s->nterritories; k++)
                ok = (p->territories[k].index = v[k]) < nterr;
            p->nterritories = s->nterritories;
        }
        if (ok && s->nactors) {
            const uint32_t *v = get_pool(R, s->actors, s->nactors, 2);
            ok = v != NULL;
            if (ok && !(p->actors = shr__arena_alloc(&cat->arena, s->nactors * sizeof *p->actors)))
                return oom(R);
            for (uint32_t k = 0; ok && k < s->nactors; k++) {
                p->actors[k].actor.index = v[2 * k];
                p->actors[k].role = (uint8_t)v[2 * k + 1];
                ok = v[2 * k] < nact && v[2 * k + 1] < SHR_ROLE_COUNT;
            }
            p->nactors = s->nactors;
        }
        if (ok && str_list(R, s->tags, s->ntags, &p->tags, &ok))
            return oom(R);
        p->ntags = s->ntags;
        if (ok && s->description) {
            const uint8_t *blob = check_blob(R, s->description - 1);
            ok = blob != NULL;
            atomic_init(&p->description, (uintptr_t)blob);
        }
        if (ok && insert_id(R, &cat->practice_ids, get_str(R, s->id, &ok), p->index, &ok))
            return oom(R);
        if (!ok)
            return corrupt(R, "practice %zu: invalid or duplicate value", i);
        cat->practices.items[cat->practices.count++] = p;
    }
    return SHR_OK;
}

static int read_extras(reader *R)
{
    shr_catalog *cat = R->cat;
    size_t n = R->len[SNAP_EXTRAS] / sizeof(snap_extra);
    size_t nfig = R->len[SNAP_FIGURES] / sizeof(snap_figure);
    shr_practice_extra *all = new_records(R, (void ***)&cat->extras.items, &cat->extras.cap, 0,
                                          n, sizeof *all);
    if (!all)
        return oom(R);
    const snap_extra *e = (const snap_extra *)R->sec[SNAP_EXTRAS];
    const snap_figure *figs = (const snap_figure *)R->sec[SNAP_FIGURES];
    for (size_t i = 0; i < n; i++) {
        shr_practice_extra *x = &all[i];
        const snap_extra *s = &e[i];
        bool ok = s->practice < cat->practices.count &&
                  (i == 0 || s->practice > e[i - 1].practice);
        x->practice = s->practice;
        x->address = get_str(R, s->address, &ok);
        x->latitude = s->latitude;
        x->longitude = s->longitude;
        shr_practice *p = ok ? cat->practices.items[s->practice] : NULL;
        ok = ok && (!p->has_location || location_ok(s->latitude, s->longitude)) &&
             s->figures <= nfig && s->nfigures <= nfig - s->figures;
        if (ok && s->nfigures) {
            x->figures = shr__arena_alloc(&cat->arena, s->nfigures * sizeof *x->figures);
            if (!x->figures)
                return oom(R);
            for (uint32_t k = 0; ok && k < s->nfigures; k++) {
                const snap_figure *f = &figs[s->figures + k];
                x->figures[k].name = get_str(R, f->name, &ok);
                x->figures[k].value = f->value;
                ok = ok && x->figures[k].name && isfinite(f->value);
            }
        }
        x->nfigures = s->nfigures;
        if (ok && str_list(R, s->links, s->nlinks, &x->links, &ok))
            return oom(R);
        x->nlinks = s->nlinks;
        if (!ok)
            return corrupt(R, "extra fields %zu: invalid value", i);
        p->has_extra = true;
        cat->extras.items[cat->extras.count++] = x;
    }
    for (size_t i = 0; i < cat->practices.count; i++)
        if (cat->practices.items[i]->has_location && !cat->practices.items[i]->has_extra)
            return corrupt(R, "practice %zu: a location but no extra fields", i);
    return SHR_OK;
}

/* Enumeration values v[0..n): each below count, at most once, at least min of them. */
static bool enum_list_ok(const uint8_t *v, uint8_t n, unsigned count, unsigned min)
{
    unsigned m = 0;
    if (n < min || n > count)
        return false;
    for (uint8_t i = 0; i < n; i++) {
        if (v[i] >= count || (m & (1u << v[i])))
            return false;
        m |= 1u << v[i];
    }
    return true;
}

/* A bilingual text: two non-empty strings (fr, en). */
static bool btext_ok(reader *R, const uint32_t o[2], shr_btext *out)
{
    bool ok = true;
    for (int l = 0; l < 2; l++) {
        out->text[l] = get_str(R, o[l], &ok);
        ok = ok && out->text[l] && out->text[l][0];
    }
    return ok;
}

static int read_actions(reader *R)
{
    shr_catalog *cat = R->cat;
    size_t n = R->len[SNAP_ACTIONS] / sizeof(snap_action);
    shr_action *all = new_records(R, (void ***)&cat->actions.items, &cat->actions.cap, 0, n,
                                  sizeof *all);
    if (!all || shr__idmap_reserve(&cat->action_ids, n))
        return oom(R);
    const snap_action *e = (const snap_action *)R->sec[SNAP_ACTIONS];
    for (size_t i = 0; i < n; i++) {
        shr_action *a = &all[i];
        const snap_action *s = &e[i];
        bool ok = true;
        a->cat = cat;
        a->index = (uint32_t)i;
        a->id = get_str(R, s->id, &ok);
        /* The rules of the YAML reader's parse_action(). */
        ok = ok && origin_ok(R, &s->origin, &a->origin) && axes_ok(s->axes, s->naxes, NULL) &&
             s->naxes >= 1 && enum_list_ok(s->audience, s->naudience, SHR_AUDIENCE_COUNT, 1) &&
             enum_list_ok(s->lead, s->nlead, SHR_SECTOR_OTHER, 1) &&
             enum_list_ok(s->partners, s->npartners, SHR_SECTOR_OTHER, 0) &&
             s->phase < SHR_PHASE_COUNT && s->effort < SHR_EFFORT_COUNT &&
             s->stance < SHR_STANCE_COUNT && s->stance_given <= 1 &&
             (s->stance_given || s->stance == SHR_STANCE_FACILITATE) && s->horizon >= 1 &&
             s->horizon <= ACTION_HORIZON_MAX && btext_ok(R, s->title, &a->title) &&
             btext_ok(R, s->summary, &a->summary) && btext_ok(R, s->challenge, &a->challenge) &&
             s->ncategories >= 1 && s->nitems[SHR_ACTION_STEPS] >= ACTION_MIN_STEPS;
        if (ok) {
            a->naxes = s->naxes;
            a->naudience = s->naudience;
            a->nlead = s->nlead;
            a->npartners = s->npartners;
            memcpy(a->axes, s->axes, s->naxes);
            memcpy(a->audience, s->audience, s->naudience);
            memcpy(a->lead, s->lead, s->nlead);
            memcpy(a->partners, s->partners, s->npartners);
            a->phase = s->phase;
            a->effort = s->effort;
            a->stance = s->stance;
            a->stance_given = s->stance_given;
            a->horizon = (uint16_t)s->horizon;
            const uint32_t *v = get_pool(R, s->categories, s->ncategories, 1);
            ok = v != NULL;
            if (ok && !(a->categories = shr__arena_alloc(&cat->arena,
                                                         s->ncategories * sizeof *a->categories)))
                return oom(R);
            for (uint32_t k = 0; ok && k < s->ncategories; k++)
                ok = (a->categories[k].index = v[k]) < cat->categories.count;
            a->ncategories = s->ncategories;
        }
        for (int l = 0; ok && l < SHR_ACTION_LIST_COUNT; l++) {
            uint32_t m = s->nitems[l];
            if (!m)
                continue;
            const uint32_t *v = get_pool(R, s->items[l], m, 2);
            ok = v != NULL;
            if (ok && !(a->items[l] = shr__arena_alloc(&cat->arena, m * sizeof *a->items[l])))
                return oom(R);
            for (uint32_t k = 0; ok && k < m; k++)
                ok = btext_ok(R, v + 2 * k, &a->items[l][k]);
            a->nitems[l] = m;
        }
        if (ok && (str_list(R, s->links, s->nlinks, &a->links, &ok) ||
                   str_list(R, s->sources, s->nsources, &a->sources, &ok)))
            return oom(R);
        a->nlinks = s->nlinks;
        a->nsources = s->nsources;
        if (ok && insert_id(R, &cat->action_ids, a->id, a->index, &ok))
            return oom(R);
        if (!ok)
            return corrupt(R, "action %zu: invalid or duplicate value", i);
        cat->actions.items[cat->actions.count++] = a;
    }
    return SHR_OK;
}

/* ------------------------------------------------------------------ entry point */

int shr__snapshot_load(shr_batch *b, const char *path, int fd, shr_error *err)
{
    shr_catalog *cat = b->cat;
    if (cat->territories.count || cat->actors.count || cat->practices.count ||
        cat->actions.count || cat->files.count || cat->texts.count ||
        cat->categories.count != shr__builtin_category_count)
        return shr__error_set_at(err, SHR_EINVAL, path, 0, 0, NULL,
                                 "a snapshot can only be loaded first, into an empty catalog");
    struct stat st;
    if (fstat(fd, &st) != 0)
        return shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "cannot read: %s",
                                 strerror(errno));
    if (st.st_size < (off_t)sizeof(snap_header))
        return shr__error_set_at(err, SHR_EFORMAT, path, 0, 0, NULL,
                                 "invalid snapshot: truncated (%lld bytes)",
                                 (long long)st.st_size);
    if (shr__grow(&cat->alloc, (void **)&cat->maps.items, &cat->maps.cap, cat->maps.count + 1,
                  sizeof *cat->maps.items))
        return shr__error_set_at(err, SHR_ENOMEM, path, 0, 0, NULL, "out of memory");
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        return shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "cannot map: %s",
                                 strerror(errno));
    cat->maps.items[cat->maps.count++] = (shr_mapping){map, size};
    reader R = {.b = b, .cat = cat, .err = err, .path = path, .map = map, .size = size};
    int rc = check_header(&R);
    if (!rc)
        rc = read_strings(&R);
    if (!rc)
        rc = read_files(&R);
    if (!rc)
        rc = read_categories(&R);
    if (!rc)
        rc = read_territories(&R);
    if (!rc)
        rc = read_actors(&R);
    if (!rc)
        rc = read_dictionary(&R);
    if (!rc)
        rc = read_practices(&R);
    if (!rc)
        rc = read_extras(&R);
    if (!rc)
        rc = read_actions(&R);
    return rc;
}
