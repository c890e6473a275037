/*
 * Internal declarations shared by the library's source files. Not installed.
 *
 * Layout of a catalog (why it looks like this):
 *  - records (territories, actors, practices, categories) and their strings live in one arena
 *    owned by the catalog, so a load that fails is undone by rolling the arena back to a mark
 *    and truncating the record vectors; records are reached through pointer vectors so that
 *    pointers handed to callers stay valid when later loads grow the vectors;
 *  - references are kept as written (id, line, column) and resolved to indices at commit,
 *    once every file of a load is read, so files may come in any order and an unknown
 *    reference is reported at the place it was written;
 *  - everything derived from the records (territory closure, children, members, practices of
 *    a territory or actor, query indexes) is rebuilt into fresh structures at each commit and
 *    swapped in only when complete: a loaded catalog is immutable, so it is safe to read from
 *    many threads without locks.
 */
#ifndef SHR_INTERNAL_H
#define SHR_INTERNAL_H

#include "sharitories/sharitories.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#define SHR_NO_INDEX UINT32_MAX

#if defined(__GNUC__)
#define SHR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SHR_PRINTF(a, b)
#endif

/* ---------------------------------------------------------------- memory (alloc.c) */

void *shr__malloc(const shr_allocator *a, size_t size);
void *shr__realloc(const shr_allocator *a, void *ptr, size_t size);
/* calloc with overflow check on n * size. */
void *shr__calloc(const shr_allocator *a, size_t n, size_t size);
void shr__free(const shr_allocator *a, void *ptr);
/* Copy of a NUL-terminated string (NULL on OOM or NULL input). */
char *shr__strdup(const shr_allocator *a, const char *s);

/*
 * Grow *items (elements of elem_size bytes) so that it holds at least `need` elements.
 * Capacity doubles. Returns 0 or SHR_ENOMEM (then *items and *cap are unchanged).
 */
int shr__grow(const shr_allocator *a, void **items, size_t *cap, size_t need, size_t elem_size);

/* A growable array: `SHR_VEC(uint32_t) v = {0};` then shr__grow(a, (void **)&v.items, &v.cap,
 * v.count + 1, sizeof *v.items). */
#define SHR_VEC(T)    \
    struct {          \
        T *items;     \
        size_t count; \
        size_t cap;   \
    }

/* ---------------------------------------------------------------- arena (arena.c) */

typedef struct shr_arena_chunk shr_arena_chunk;

/* Bump allocator for records and strings; freed all at once. */
typedef struct shr_arena {
    const shr_allocator *alloc;
    shr_arena_chunk *head; /* newest chunk */
    size_t bytes;          /* total bytes allocated from the allocator (for statistics) */
} shr_arena;

/* A point the arena can be rolled back to. */
typedef struct shr_arena_mark {
    shr_arena_chunk *head;
    size_t used, top;
} shr_arena_mark;

void shr__arena_init(shr_arena *arena, const shr_allocator *alloc);
void shr__arena_free(shr_arena *arena);
/* size bytes aligned for any object; NULL on OOM. Memory is not zeroed. */
void *shr__arena_alloc(shr_arena *arena, size_t size);
/* Zeroed. */
void *shr__arena_calloc(shr_arena *arena, size_t n, size_t size);
/* Copy of s[0..len) plus a NUL; NULL on OOM. */
char *shr__arena_strndup(shr_arena *arena, const char *s, size_t len);
/* size bytes aligned to align (a power of two <= 8), packed with the strings; NULL on OOM. */
void *shr__arena_bytes(shr_arena *arena, size_t size, size_t align);
shr_arena_mark shr__arena_mark(const shr_arena *arena);
/* Free everything allocated after `mark`. */
void shr__arena_rollback(shr_arena *arena, shr_arena_mark mark);

/* ---------------------------------------------------------------- long texts (textstore.c) */

/* Compressed texts: see textstore.c. A coded text is a "blob" in the catalog's arena. */
#define SHR_TEXTSTORE_PIECE_MAX 48 /* longer pieces are literals */

/* Read one LEB128 varint at *p and move past it. */
static inline size_t shr__varint_get(const uint8_t **p)
{
    const uint8_t *q = *p;
    size_t v = *q & 0x7f;
    for (unsigned shift = 7; *q++ & 0x80; shift += 7)
        v |= (size_t)(*q & 0x7f) << shift;
    *p = q;
    return v;
}

typedef struct shr_textstore {
    const shr_allocator *alloc;
    char *bytes; /* the pieces, one after the other */
    size_t nbytes, bytes_cap;
    uint32_t *off; /* piece i is bytes[off[i] .. off[i + 1]) */
    size_t off_cap;
    uint32_t *hash; /* of each piece */
    size_t hash_cap;
    uint32_t *table; /* open addressing: piece + 1, 0 when empty */
    size_t mask;
    uint32_t count;  /* pieces */
    uint8_t *scratch; /* encoding buffer */
    size_t scratch_cap;
} shr_textstore;

/* The next piece of a blob at *c (after the length, see textstore.c): its bytes and length,
 * and its number, or UINT32_MAX for a literal. Moves *c past it. */
static inline const char *shr__textstore_piece(const shr_textstore *ts, const uint8_t **c,
                                               uint32_t *piece, size_t *n)
{
    size_t v = shr__varint_get(c);
    if (v == 0) {
        *n = shr__varint_get(c);
        const char *s = (const char *)*c;
        *c += *n;
        *piece = UINT32_MAX;
        return s;
    }
    *piece = (uint32_t)(v - 1);
    *n = ts->off[*piece + 1] - ts->off[*piece];
    return ts->bytes + ts->off[*piece];
}

void shr__textstore_init(shr_textstore *ts, const shr_allocator *alloc);
void shr__textstore_free(shr_textstore *ts);
/* Code s[0..len) into a blob in arena (2-byte aligned). 0 or SHR_ENOMEM. */
int shr__textstore_encode(shr_textstore *ts, shr_arena *arena, const char *s, size_t len,
                          const uint8_t **out);
/* Length in bytes of a blob's text. */
size_t shr__textstore_length(const uint8_t *blob);
/* Write a blob's text and a NUL into out (shr__textstore_length(blob) + 1 bytes). Read-only on
 * ts: safe from any number of threads once loads are done. */
void shr__textstore_decode(const shr_textstore *ts, const uint8_t *blob, char *out);
/* The same, but at most max bytes of the text (then a NUL). */
void shr__textstore_decode_prefix(const shr_textstore *ts, const uint8_t *blob, char *out,
                                  size_t max);
/* Forget the pieces from number `count` on (a failed load). Cannot fail. */
void shr__textstore_truncate(shr_textstore *ts, uint32_t count);

/* ---------------------------------------------------------------- id maps (idmap.c) */

/*
 * Open-addressing hash map from a string to a uint32 value. Slots are 8 bytes (full hash,
 * value + 1; 0 is empty), so a key is read only when its hash matches. Two kinds of map:
 *  - by default the keys are owned elsewhere (stable, NUL-terminated) and kept in an array
 *    parallel to the slots;
 *  - an owning map (shr__idmap_init_owning: the catalog's id maps) copies its keys, packed, into
 *    its own pool, and its values are 0, 1, 2... in insert order (record indices), so the key of
 *    value v is by_value[v]. A look-up then touches only the map's own compact memory, not the
 *    records scattered through the catalog's arena: a reference resolves in cache.
 */
#define SHR_IDMAP_INLINE 22 /* keys up to this length are kept in their slot too */
typedef struct shr_idmap_slot {
    uint32_t hash;
    uint32_t value1; /* value + 1; 0: empty */
    /* A copy of a key of 1..SHR_IDMAP_INLINE bytes, then its length at [23] (0: not kept
     * here): a look-up reads one cache line, not the key's pointer and then the key. Every id
     * of the French territories fits ("fr-epci-245804406" has 17 bytes). */
    char key[24];
} shr_idmap_slot;

typedef struct shr_idmap {
    const shr_allocator *alloc;
    shr_idmap_slot *slots;
    const char **keys;      /* parallel to slots (not owning) */
    bool owning;
    shr_arena pool;         /* owning: the keys */
    const char **by_value;  /* owning: key of each value */
    size_t by_value_cap;
    size_t mask; /* capacity - 1 (capacity a power of two), 0 when empty */
    size_t count;
} shr_idmap;

void shr__idmap_init(shr_idmap *map, const shr_allocator *alloc);
void shr__idmap_init_owning(shr_idmap *map, const shr_allocator *alloc);
void shr__idmap_free(shr_idmap *map);
uint32_t shr__idmap_hash(const char *key, size_t len);
/* Value of key[0..len), or SHR_NO_INDEX. */
uint32_t shr__idmap_find(const shr_idmap *map, const char *key, size_t len);
/* The same for a record id: ASCII upper-case letters are read as lower case (format rule of
 * docs/format.md), so "fr-dep-2A" finds "fr-dep-2a". */
uint32_t shr__idmap_find_id(const shr_idmap *map, const char *id, size_t len);
/*
 * One probe for "find, else insert": the value of key[0..len) (hash: its shr__idmap_hash), or
 * SHR_NO_INDEX with *slot set to where the key goes. Needs room for one more key
 * (shr__idmap_reserve(map, 1)) and no change to the map before the insert at *slot.
 */
uint32_t shr__idmap_probe(const shr_idmap *map, const char *key, size_t len, uint32_t hash,
                          size_t *slot);
/* Not owning: insert key (must outlive the map) at a slot from shr__idmap_probe. */
void shr__idmap_insert_at(shr_idmap *map, size_t slot, const char *key, uint32_t hash,
                          uint32_t value);
/* Owning: insert a copy of key[0..len) -> value (== the map's count) at a slot from
 * shr__idmap_probe; returns the copy (stable until free or truncate), NULL on OOM (then the map
 * is unchanged). */
const char *shr__idmap_insert_copy(shr_idmap *map, size_t slot, const char *key, size_t len,
                                   uint32_t hash, uint32_t value);
/* Owning: where the pool is, for shr__idmap_truncate. */
shr_arena_mark shr__idmap_mark(const shr_idmap *map);
/* Owning: keep the first `count` values (inserted before `mark` was taken). Cannot fail. */
void shr__idmap_truncate(shr_idmap *map, size_t count, shr_arena_mark mark);
/* Owning: shrink the slots of a map that will not grow for a while (a loaded catalog) to a load
 * of at most 4/5, instead of the 1/2 kept while inserting. Cannot fail (keeps the slots on
 * OOM). The next shr__idmap_reserve grows them back. */
void shr__idmap_compact(shr_idmap *map);
/* Make room for `extra` more keys, so that that many inserts cannot fail. 0 or SHR_ENOMEM. */
int shr__idmap_reserve(shr_idmap *map, size_t extra);
/* Not owning: insert key (NUL-terminated, must outlive the map) -> value; the key must not be
 * present. 0 or SHR_ENOMEM. */
int shr__idmap_insert(shr_idmap *map, const char *key, uint32_t value);

/* ---------------------------------------------------------------- errors (error.c) */

/* Fill err (may be NULL) with code and a formatted message; returns code. */
int shr__error_set(shr_error *err, int code, const char *fmt, ...) SHR_PRINTF(3, 4);
/* Same, with a place in a file and the record concerned (file/record may be NULL). */
int shr__error_set_at(shr_error *err, int code, const char *file, unsigned line, unsigned column,
                      const char *record, const char *fmt, ...) SHR_PRINTF(7, 8);
int shr__error_vset_at(shr_error *err, int code, const char *file, unsigned line, unsigned column,
                       const char *record, const char *fmt, va_list ap);

/* ---------------------------------------------------------------- records */

/* A reference to another record: the index of the target, SHR_NO_INDEX until resolved. The id
 * as written and its place are not kept: a reference resolved as soon as it is read needs
 * neither, and one read before its target keeps them in its pending entry
 * (lib/loader_internal.h) until commit. */
typedef struct shr_ref {
    uint32_t index;
} shr_ref;

/* A reference that keeps its place (territory edges: a cycle is reported where the edge that
 * closes it was written, at the commit of a later load too). `index` first, as in shr_ref. */
typedef struct shr_posref {
    uint32_t index;
    uint32_t line; /* 1-based place of the reference */
    uint32_t column;
} shr_posref;

/* Where a record was written. */
typedef struct shr_origin {
    uint32_t file; /* index into catalog->files */
    uint32_t line; /* 1-based */
    uint32_t column;
} shr_origin;

struct shr_axis {
    const shr_catalog *cat;
    shr_axis_code code;
};

struct shr_category {
    const shr_catalog *cat;
    uint32_t index;
    bool builtin;
    shr_family family;
    const char *id;
    const char *label_fr; /* may be NULL for added categories */
    const char *label_en;
    uint8_t naxes;
    uint8_t axes[SHR_AXIS_COUNT]; /* shr_axis_code values, in the given order */
    shr_origin origin;            /* zero for built-in ones */
};

/* Enum-valued fields are stored as uint8_t (their values all fit) to keep records small. */
struct shr_territory {
    const shr_catalog *cat;
    uint32_t index;
    uint8_t kind; /* shr_territory_kind */
    bool has_location;
    bool has_parent;
    shr_posref parent; /* valid when has_parent */
    uint32_t ngroups;
    uint32_t nformer_codes;
    uint32_t npostal_codes;
    shr_origin origin;
    /* id: shr__territory_id() (kept once, by the catalog's id map) */
    const char *name;
    const char *code; /* NULL if none */
    int64_t population; /* SHR_NO_POPULATION if none */
    double latitude, longitude;
    shr_posref *groups;
    const char **former_codes;
    const char **postal_codes;
};

struct shr_actor {
    const shr_catalog *cat;
    uint32_t index;
    uint8_t kind; /* shr_actor_kind */
    bool has_territory;
    shr_ref territory; /* valid when has_territory */
    uint32_t nlinks;
    shr_origin origin;
    /* id: shr__actor_id() */
    const char *name;
    const char **links;
};

typedef struct shr_practice_actor {
    shr_ref actor;
    uint8_t role; /* shr_role */
} shr_practice_actor;

typedef struct shr_figure {
    const char *name;
    double value;
} shr_figure;

/* The fields of a practice that few practices have, allocated only when one of them is given
 * and listed in the catalog's `extras` in practice order (shr__practice_extra). */
typedef struct shr_practice_extra {
    uint32_t practice; /* its practice's index */
    const char *address; /* NULL if none */
    double latitude, longitude; /* valid when the practice's has_location */
    shr_figure *figures;
    const char **links;
    uint32_t nfigures;
    uint32_t nlinks;
} shr_practice_extra;

struct shr_practice {
    const shr_catalog *cat;
    uint32_t index;
    uint8_t status; /* shr_status */
    bool has_location;
    bool axes_given;  /* the file had `axes` (else the category's defaults were copied) */
    uint8_t naxes;
    bool has_extra;   /* it has an entry in the catalog's `extras` */
    uint8_t axes[SHR_AXIS_COUNT]; /* shr_axis_code values in order */
    uint8_t axis_mask;            /* bit (1 << code) for each axis */
    int32_t started, ended; /* SHR_NO_YEAR if none */
    shr_ref category;
    uint32_t nterritories;
    uint32_t nactors;
    uint32_t ntags;
    shr_origin origin;
    /* The only territory of a practice that has one (most have): `territories` then points
     * here, which saves an allocation per practice (it fills what was padding). */
    shr_ref territory1;
    /* id: shr__practice_id() */
    const char *name;
    /* The description: 0 when none; else a blob of cat->texts (an even address), or, once
     * shr_practice_description() has decoded it, the text (allocated) | 1. Read it with
     * shr__practice_description_text(). */
    _Atomic uintptr_t description;
    shr_ref *territories;
    shr_practice_actor *actors;
    const char **tags;
};

/*
 * The description of p (NULL if none) without keeping a decoded copy: the text if
 * shr_practice_description() already decoded it, else decoded into *buf (grown as needed, the
 * caller frees it with shr__free). SHR_OK or SHR_ENOMEM (model.c).
 */
int shr__practice_description_text(const shr_practice *p, char **buf, size_t *cap,
                                   const char **text);
/* Length in bytes of p's description, 0 if none. */
size_t shr__practice_description_length(const shr_practice *p);
/* The description of p (NULL if none), decoded into buf when needed, which has at least
 * shr__practice_description_length(p) + 1 bytes. Allocates nothing. */
const char *shr__practice_description_into(const shr_practice *p, char *buf);
/* Free the texts shr_practice_description() decoded (catalog.c, at free). */
void shr__practice_description_release(shr_practice *p);

/* The rare fields of p, NULL when it has none (model.c). */
const shr_practice_extra *shr__practice_extra(const shr_practice *p);

/* A loaded file and its `meta`. */
typedef struct shr_file_info {
    const char *path;
    const char *title, *source, *licence, *updated; /* NULL when absent */
} shr_file_info;

/* ---------------------------------------------------------------- derived data (graph.c) */

/*
 * Compressed adjacency lists (CSR): the items of node i are items[offsets[i] .. offsets[i+1]).
 */
typedef struct shr_csr {
    uint32_t *offsets; /* n + 1 entries */
    uint32_t *items;
} shr_csr;

/* Everything derived from the records' relations, rebuilt at each commit. */
typedef struct shr_graph {
    size_t nterritories, nactors;
    shr_csr ancestors;            /* per territory: territories containing it (sorted, self excluded) */
    shr_csr children;             /* per territory: territories whose parent it is */
    shr_csr members;              /* per territory: territories that have it in groups */
    shr_csr territory_practices;  /* per territory: practices listing it itself */
    shr_csr actor_practices;      /* per actor: practices it takes part in */
    uint8_t *actor_practice_roles; /* parallel to actor_practices.items */
} shr_graph;

int shr__graph_build(const shr_catalog *cat, shr_graph **out, shr_error *err);
void shr__graph_free(const shr_allocator *alloc, shr_graph *graph);

/* ---------------------------------------------------------------- query indexes (index.c) */

typedef struct shr_index shr_index;

/* Build the query indexes of the catalog's current records, with its graph. */
int shr__index_build(const shr_catalog *cat, const shr_graph *graph, shr_index **out, shr_error *err);
void shr__index_free(const shr_allocator *alloc, shr_index *index);

/* ---------------------------------------------------------------- the catalog (catalog.c) */

struct shr_catalog {
    shr_allocator alloc;
    shr_arena arena;
    shr_textstore texts; /* the practices' descriptions */
    SHR_VEC(shr_territory *) territories;
    SHR_VEC(shr_actor *) actors;
    SHR_VEC(shr_practice *) practices;
    SHR_VEC(shr_category *) categories;
    SHR_VEC(shr_file_info) files;
    SHR_VEC(shr_practice_extra *) extras; /* sorted by practice index */
    shr_axis axes[SHR_AXIS_COUNT];
    shr_idmap territory_ids, actor_ids, practice_ids, category_ids;
    shr_graph *graph; /* NULL until the first successful load */
    shr_index *index; /* NULL until the first successful load */
};

/* The id of a territory, actor or practice: the key its catalog's id map (owning, valued by
 * record index) keeps for it, so the record needs no pointer of its own. */
static inline const char *shr__territory_id(const shr_territory *t)
{
    return t->cat->territory_ids.by_value[t->index];
}
static inline const char *shr__actor_id(const shr_actor *a)
{
    return a->cat->actor_ids.by_value[a->index];
}
static inline const char *shr__practice_id(const shr_practice *p)
{
    return p->cat->practice_ids.by_value[p->index];
}

/* ---------------------------------------------------------------- built-in reference data (refdata.c) */

typedef struct shr_axis_text {
    const char *id;
    const char *label[2];       /* fr, en */
    const char *description[2];
    const char *const *questions[2]; /* NULL-terminated */
} shr_axis_text;

typedef struct shr_builtin_category {
    const char *id;
    const char *label_fr;
    const char *label_en;
    shr_family family;
    uint8_t naxes;
    uint8_t axes[3];
} shr_builtin_category;

extern const shr_axis_text shr__axis_texts[SHR_AXIS_COUNT];
extern const shr_builtin_category shr__builtin_categories[];
extern const size_t shr__builtin_category_count;
/* 0 for "fr", 1 for "en", -1 otherwise. */
int shr__lang_index(const char *lang);
/* Axis code of an id, or -1. */
int shr__axis_from_id(const char *id, size_t len);
/* The one rule for enumerated names (axes, kinds, sectors, roles, statuses, families, facet
 * dimensions, sort keys...): ASCII case does not matter, in files, queries and options.
 * Is s[0..len) the name `name`? */
bool shr__enum_name_eq(const char *name, const char *s, size_t len);

/* ---------------------------------------------------------------- loading (loader.c, commit.c) */

/*
 * A load under way: records parsed but not yet committed. New records are appended to the
 * catalog's vectors and their ids inserted into the catalog's maps as they are read (one
 * look-up finds duplicates and earlier targets alike); a failed load truncates the vectors back
 * to the old_* counts, rebuilds the maps from the old records and rolls the arena back to mark.
 * `pending` lists the references whose target was not known when they were read
 * (struct shr_pending_ref, lib/loader_internal.h), resolved at commit.
 */
struct shr_pending_ref;
typedef struct shr_batch {
    shr_catalog *cat;
    shr_arena_mark mark;
    size_t old_territories, old_actors, old_practices, old_categories, old_files, old_extras;
    shr_arena_mark id_marks[3]; /* pools of the territory, actor and practice id maps */
    uint32_t old_pieces;        /* of the catalog's text store */
    SHR_VEC(struct shr_pending_ref) pending;
} shr_batch;

#endif
