/*
 * Catalog -> snapshot (docs/snapshot.md). The image is built in memory, section by section,
 * then written atomically (shr_atomic_file). Strings are stored once each (an id map from
 * text to offset); coded descriptions and the text store's dictionary are copied as they are,
 * so the reader needs no re-encoding.
 */
#include "snapshot.h"

#include "sharitories/atomic_file.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

typedef SHR_VEC(uint8_t) bytes;

typedef struct writer {
    const shr_catalog *cat;
    const shr_allocator *a;
    bytes sec[SNAP_NSECTIONS];
    shr_idmap strings; /* text -> offset in SNAP_STRINGS */
    int rc;            /* SHR_OK or SHR_ENOMEM, sticky */
} writer;

static void *put(writer *W, int s, const void *data, size_t n)
{
    bytes *b = &W->sec[s];
    if (W->rc || shr__grow(W->a, (void **)&b->items, &b->cap, b->count + n, 1)) {
        W->rc = SHR_ENOMEM;
        return NULL;
    }
    void *at = b->items + b->count;
    if (data)
        memcpy(at, data, n);
    else
        memset(at, 0, n);
    b->count += n;
    return at;
}

static uint32_t count_of(const writer *W, int s, size_t size)
{
    return (uint32_t)(W->sec[s].count / size);
}

/* Offset of s in SNAP_STRINGS, 0 for NULL. */
static uint32_t str(writer *W, const char *s)
{
    if (!s || W->rc)
        return 0;
    size_t len = strlen(s);
    uint32_t h = shr__idmap_hash(s, len);
    size_t slot;
    if (shr__idmap_reserve(&W->strings, 1)) {
        W->rc = SHR_ENOMEM;
        return 0;
    }
    uint32_t off = shr__idmap_probe(&W->strings, s, len, h, &slot);
    if (off != SHR_NO_INDEX)
        return off;
    off = (uint32_t)W->sec[SNAP_STRINGS].count;
    if (!put(W, SNAP_STRINGS, s, len + 1))
        return 0;
    shr__idmap_insert_at(&W->strings, slot, s, h, off);
    return off;
}

/* Append n uint32 to the pool; returns the index of the first. */
static uint32_t pool(writer *W, const uint32_t *v, size_t n)
{
    uint32_t at = count_of(W, SNAP_POOL, 4);
    put(W, SNAP_POOL, v, n * 4);
    return at;
}

static uint32_t str_list(writer *W, const char *const *items, uint32_t n)
{
    uint32_t at = count_of(W, SNAP_POOL, 4);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t o = str(W, items[i]);
        pool(W, &o, 1);
    }
    return at;
}

static snap_origin origin(const shr_origin *o)
{
    return (snap_origin){o->file, o->line, o->column};
}

/* n bilingual texts as (fr, en) string pairs in the pool; returns the index of the first. */
static uint32_t btext_list(writer *W, const shr_btext *t, uint32_t n)
{
    uint32_t at = count_of(W, SNAP_POOL, 4);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t v[2] = {str(W, t[i].text[0]), str(W, t[i].text[1])};
        pool(W, v, 2);
    }
    return at;
}

static void btext(writer *W, const shr_btext *t, uint32_t out[2])
{
    out[0] = str(W, t->text[0]);
    out[1] = str(W, t->text[1]);
}

static void write_action(writer *W, const shr_action *a)
{
    snap_action e;
    memset(&e, 0, sizeof e);
    e.id = str(W, a->id);
    e.origin = origin(&a->origin);
    e.naxes = a->naxes;
    e.naudience = a->naudience;
    e.nlead = a->nlead;
    e.npartners = a->npartners;
    memcpy(e.axes, a->axes, a->naxes);
    memcpy(e.audience, a->audience, a->naudience);
    memcpy(e.lead, a->lead, a->nlead);
    memcpy(e.partners, a->partners, a->npartners);
    e.phase = a->phase;
    e.effort = a->effort;
    e.stance = a->stance;
    e.stance_given = a->stance_given;
    e.horizon = a->horizon;
    btext(W, &a->title, e.title);
    btext(W, &a->summary, e.summary);
    btext(W, &a->challenge, e.challenge);
    e.ncategories = a->ncategories;
    e.categories = count_of(W, SNAP_POOL, 4);
    for (uint32_t k = 0; k < a->ncategories; k++)
        pool(W, &a->categories[k].index, 1);
    for (int l = 0; l < SHR_ACTION_LIST_COUNT; l++) {
        e.nitems[l] = a->nitems[l];
        e.items[l] = btext_list(W, a->items[l], a->nitems[l]);
    }
    e.nlinks = a->nlinks;
    e.links = str_list(W, a->links, a->nlinks);
    e.nsources = a->nsources;
    e.sources = str_list(W, a->sources, a->nsources);
    put(W, SNAP_ACTIONS, &e, sizeof e);
}

static void write_records(writer *W)
{
    const shr_catalog *cat = W->cat;
    put(W, SNAP_STRINGS, NULL, 1); /* offset 0: NULL */
    for (size_t i = 0; i < cat->files.count; i++) {
        const shr_file_info *f = &cat->files.items[i];
        snap_file e = {str(W, f->path), str(W, f->title), str(W, f->source),
                       str(W, f->licence), str(W, f->updated), 0};
        put(W, SNAP_FILES, &e, sizeof e);
    }
    for (size_t i = shr__builtin_category_count; i < cat->categories.count; i++) {
        const shr_category *c = cat->categories.items[i];
        snap_category e = {str(W, c->id), str(W, c->label_fr), str(W, c->label_en),
                           origin(&c->origin), (uint8_t)c->family, c->naxes, {0}};
        memcpy(e.axes, c->axes, c->naxes);
        put(W, SNAP_CATEGORIES, &e, sizeof e);
    }
    for (size_t i = 0; i < cat->territories.count; i++) {
        const shr_territory *t = cat->territories.items[i];
        snap_territory e;
        memset(&e, 0, sizeof e);
        e.id = str(W, shr__territory_id(t));
        e.name = str(W, t->name);
        e.code = str(W, t->code);
        e.origin = origin(&t->origin);
        e.kind = t->kind;
        e.has_location = t->has_location;
        e.has_parent = t->has_parent;
        e.parent[0] = t->parent.index;
        e.parent[1] = t->parent.line;
        e.parent[2] = t->parent.column;
        e.ngroups = t->ngroups;
        e.groups = count_of(W, SNAP_POOL, 4);
        for (uint32_t k = 0; k < t->ngroups; k++)
            pool(W, (const uint32_t[]){t->groups[k].index, t->groups[k].line,
                                       t->groups[k].column}, 3);
        e.nformer = t->nformer_codes;
        e.former = str_list(W, t->former_codes, t->nformer_codes);
        e.npostal = t->npostal_codes;
        e.postal = str_list(W, t->postal_codes, t->npostal_codes);
        e.population = t->population;
        e.latitude = t->latitude;
        e.longitude = t->longitude;
        put(W, SNAP_TERRITORIES, &e, sizeof e);
    }
    for (size_t i = 0; i < cat->actors.count; i++) {
        const shr_actor *a = cat->actors.items[i];
        snap_actor e;
        memset(&e, 0, sizeof e);
        e.id = str(W, shr__actor_id(a));
        e.name = str(W, a->name);
        e.origin = origin(&a->origin);
        e.kind = a->kind;
        e.has_territory = a->has_territory;
        e.territory = a->territory.index;
        e.nlinks = a->nlinks;
        e.links = str_list(W, a->links, a->nlinks);
        put(W, SNAP_ACTORS, &e, sizeof e);
    }
    for (size_t i = 0; i < cat->practices.count; i++) {
        const shr_practice *p = cat->practices.items[i];
        snap_practice e;
        memset(&e, 0, sizeof e);
        e.id = str(W, shr__practice_id(p));
        e.name = str(W, p->name);
        e.origin = origin(&p->origin);
        e.status = p->status;
        e.has_location = p->has_location;
        e.axes_given = p->axes_given;
        e.naxes = p->naxes;
        memcpy(e.axes, p->axes, p->naxes);
        e.started = p->started;
        e.ended = p->ended;
        e.category = p->category.index;
        e.nterritories = p->nterritories;
        e.territories = count_of(W, SNAP_POOL, 4);
        for (uint32_t k = 0; k < p->nterritories; k++)
            pool(W, &p->territories[k].index, 1);
        e.nactors = p->nactors;
        e.actors = count_of(W, SNAP_POOL, 4);
        for (uint32_t k = 0; k < p->nactors; k++)
            pool(W, (const uint32_t[]){p->actors[k].actor.index, p->actors[k].role}, 2);
        e.ntags = p->ntags;
        e.tags = str_list(W, p->tags, p->ntags);
        uintptr_t d = atomic_load_explicit(&p->description, memory_order_acquire);
        if (d) {
            /* The coded blob, re-coded from the text when shr_practice_description() has
             * replaced it in the record (a decoded text: its low bit set). */
            const uint8_t *blob = (const uint8_t *)d;
            const uint8_t *c = blob;
            if (!(d & 1)) {
                size_t len = shr__varint_get(&c);
                while (len) {
                    uint32_t piece;
                    size_t n;
                    shr__textstore_piece(&cat->texts, &c, &piece, &n);
                    len -= n;
                }
            }
            if (W->sec[SNAP_BLOBS].count & 1)
                put(W, SNAP_BLOBS, NULL, 1);
            e.description = (uint32_t)W->sec[SNAP_BLOBS].count + 1;
            if (d & 1) {
                /* A decoded text: a blob of one literal per piece (no dictionary entry). */
                const char *text = (const char *)(d & ~(uintptr_t)1);
                size_t len = strlen(text);
                uint8_t v[10];
                size_t k = 0;
                for (size_t x = len; ; x >>= 7) {
                    v[k++] = (uint8_t)((x & 0x7f) | (x >= 0x80 ? 0x80 : 0));
                    if (x < 0x80)
                        break;
                }
                put(W, SNAP_BLOBS, v, k);
                for (const char *s = text, *end = text + len; s < end;) {
                    const char *sp = memchr(s, ' ', (size_t)(end - s));
                    size_t n = (size_t)((sp ? sp + 1 : end) - s);
                    uint8_t h[11];
                    size_t m = 0;
                    h[m++] = 0;
                    for (size_t x = n; ; x >>= 7) {
                        h[m++] = (uint8_t)((x & 0x7f) | (x >= 0x80 ? 0x80 : 0));
                        if (x < 0x80)
                            break;
                    }
                    put(W, SNAP_BLOBS, h, m);
                    put(W, SNAP_BLOBS, s, n);
                    s += n;
                }
            } else {
                put(W, SNAP_BLOBS, blob, (size_t)(c - blob));
            }
        }
        put(W, SNAP_PRACTICES, &e, sizeof e);
    }
    for (size_t i = 0; i < cat->extras.count; i++) {
        const shr_practice_extra *x = cat->extras.items[i];
        snap_extra e;
        memset(&e, 0, sizeof e);
        e.practice = x->practice;
        e.address = str(W, x->address);
        e.nfigures = x->nfigures;
        e.figures = count_of(W, SNAP_FIGURES, sizeof(snap_figure));
        for (uint32_t k = 0; k < x->nfigures; k++) {
            snap_figure f = {str(W, x->figures[k].name), 0, x->figures[k].value};
            put(W, SNAP_FIGURES, &f, sizeof f);
        }
        e.nlinks = x->nlinks;
        e.links = str_list(W, x->links, x->nlinks);
        e.latitude = x->latitude;
        e.longitude = x->longitude;
        put(W, SNAP_EXTRAS, &e, sizeof e);
    }
    for (size_t i = 0; i < cat->actions.count; i++)
        write_action(W, cat->actions.items[i]);
    const shr_textstore *ts = &cat->texts;
    if (ts->count) {
        put(W, SNAP_DICT_OFF, ts->off, ((size_t)ts->count + 1) * 4);
        put(W, SNAP_DICT_BYTES, ts->bytes, ts->nbytes);
    } else {
        put(W, SNAP_DICT_OFF, (const uint32_t[]){0}, 4);
    }
}

const uint32_t shr__snapshot_entry_sizes[SNAP_NSECTIONS] = {
    [SNAP_STRINGS] = 1,
    [SNAP_POOL] = 4,
    [SNAP_FILES] = sizeof(snap_file),
    [SNAP_CATEGORIES] = sizeof(snap_category),
    [SNAP_TERRITORIES] = sizeof(snap_territory),
    [SNAP_ACTORS] = sizeof(snap_actor),
    [SNAP_PRACTICES] = sizeof(snap_practice),
    [SNAP_EXTRAS] = sizeof(snap_extra),
    [SNAP_FIGURES] = sizeof(snap_figure),
    [SNAP_DICT_OFF] = 4,
    [SNAP_DICT_BYTES] = 1,
    [SNAP_BLOBS] = 1,
    [SNAP_ACTIONS] = sizeof(snap_action),
};

uint64_t shr__snapshot_checksum(const void *data, size_t size)
{
    /* Everything but the checksum field itself. */
    size_t after = offsetof(snap_header, checksum) + sizeof(uint64_t);
    uint64_t seed = XXH3_64bits(data, offsetof(snap_header, checksum));
    return XXH3_64bits_withSeed((const uint8_t *)data + after, size - after, seed);
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return errno ? errno : EIO;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int write_snapshot(const shr_catalog *cat, int fd, const char *path, shr_error *err)
{
    writer W;
    memset(&W, 0, sizeof W);
    W.cat = cat;
    W.a = &cat->alloc;
    shr__idmap_init(&W.strings, W.a);
    write_records(&W);
    uint8_t *image = NULL;
    size_t size = sizeof(snap_header) + SNAP_NSECTIONS * sizeof(snap_section);
    for (int s = 0; s < SNAP_NSECTIONS; s++)
        size = ((size + 7) & ~(size_t)7) + W.sec[s].count;
    size = (size + 7) & ~(size_t)7;
    if (!W.rc && (W.sec[SNAP_STRINGS].count > UINT32_MAX || W.sec[SNAP_BLOBS].count >= UINT32_MAX ||
                  W.sec[SNAP_POOL].count / 4 > UINT32_MAX))
        W.rc = SHR_ELIMIT;
    if (!W.rc && !(image = shr__calloc(W.a, 1, size)))
        W.rc = SHR_ENOMEM;
    int rc = SHR_OK;
    if (W.rc == SHR_ELIMIT) {
        rc = shr__error_set_at(err, SHR_ELIMIT, path, 0, 0, NULL,
                               "catalog too large for a snapshot (a section over 4 GiB)");
    } else if (W.rc) {
        rc = shr__error_set_at(err, SHR_ENOMEM, path, 0, 0, NULL, "out of memory");
    } else {
        snap_header *h = (snap_header *)image;
        memcpy(h->magic, SHR_SNAP_MAGIC, 8);
        h->format = SHR_SNAP_FORMAT;
        h->endian = SHR_SNAP_ENDIAN;
        strncpy(h->library, SHR_VERSION_STRING, sizeof h->library - 1);
        h->size = size;
        h->nsections = SNAP_NSECTIONS;
        snap_section *table = (snap_section *)(image + sizeof *h);
        size_t at = sizeof *h + SNAP_NSECTIONS * sizeof *table;
        for (int s = 0; s < SNAP_NSECTIONS; s++) {
            at = (at + 7) & ~(size_t)7;
            table[s] = (snap_section){(uint32_t)s, shr__snapshot_entry_sizes[s], at,
                                      W.sec[s].count};
            if (W.sec[s].count)
                memcpy(image + at, W.sec[s].items, W.sec[s].count);
            at += W.sec[s].count;
        }
        h->checksum = shr__snapshot_checksum(image, size);
        int e = write_all(fd, image, size);
        if (e)
            rc = shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "cannot write: %s",
                                   strerror(e));
    }
    shr__free(W.a, image);
    for (int s = 0; s < SNAP_NSECTIONS; s++)
        shr__free(W.a, W.sec[s].items);
    shr__idmap_free(&W.strings);
    return rc;
}

int shr_catalog_save_snapshot(const shr_catalog *cat, const char *path, shr_error *err)
{
    shr_error_clear(err);
    if (!cat || !path || !*path)
        return shr__error_set(err, SHR_EINVAL, "NULL catalog or empty path");
    shr_atomic_file *f;
    int rc = shr_atomic_file_open(path, &cat->alloc, &f, err);
    if (rc != SHR_OK)
        return rc;
    if ((rc = write_snapshot(cat, shr_atomic_file_descriptor(f), path, err)) != SHR_OK) {
        shr_atomic_file_abort(f);
        return rc;
    }
    return shr_atomic_file_commit(f, err);
}
