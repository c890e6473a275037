/* String -> index hash maps (idmap.c). Not installed. */
#ifndef SHR_IDMAP_H
#define SHR_IDMAP_H

#include "arena.h"

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

#endif
