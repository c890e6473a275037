/*
 * Hash map from ids to record indices (open addressing, linear probing). Keys are not copied:
 * they point at strings in the catalog's arena, which outlive the map's entries.
 */
#include "internal.h"

#include <string.h>

void shr__idmap_init(shr_idmap *map, const shr_allocator *alloc)
{
    map->alloc = alloc;
    map->slots = NULL;
    map->mask = 0;
    map->count = 0;
}

void shr__idmap_free(shr_idmap *map)
{
    shr__free(map->alloc, map->slots);
    map->slots = NULL;
    map->mask = 0;
    map->count = 0;
}

/* FNV-1a: short ids, good spread, no seed to keep (the map is not exposed to untrusted
 * timing; ids are bounded to 128 bytes). */
uint32_t shr__idmap_hash(const char *key, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    return h;
}

uint32_t shr__idmap_find(const shr_idmap *map, const char *key, size_t len)
{
    if (!map->slots)
        return SHR_NO_INDEX;
    uint32_t h = shr__idmap_hash(key, len);
    for (size_t i = h & map->mask;; i = (i + 1) & map->mask) {
        const shr_idmap_slot *s = &map->slots[i];
        if (!s->key)
            return SHR_NO_INDEX;
        if (s->hash == h && strncmp(s->key, key, len) == 0 && s->key[len] == '\0')
            return s->value;
    }
}

static void place(shr_idmap_slot *slots, size_t mask, shr_idmap_slot entry)
{
    size_t i = entry.hash & mask;
    while (slots[i].key)
        i = (i + 1) & mask;
    slots[i] = entry;
}

int shr__idmap_reserve(shr_idmap *map, size_t extra)
{
    size_t need = map->count + extra;
    size_t cap = map->slots ? map->mask + 1 : 0;
    /* Keep the load factor at or below 1/2 so probes stay short. */
    if (need <= cap / 2)
        return SHR_OK;
    size_t new_cap = cap ? cap : 16;
    while (new_cap / 2 < need) {
        if (new_cap > SIZE_MAX / 2 / sizeof(shr_idmap_slot))
            return SHR_ENOMEM;
        new_cap *= 2;
    }
    shr_idmap_slot *slots = shr__calloc(map->alloc, new_cap, sizeof *slots);
    if (!slots)
        return SHR_ENOMEM;
    for (size_t i = 0; i < cap; i++)
        if (map->slots[i].key)
            place(slots, new_cap - 1, map->slots[i]);
    shr__free(map->alloc, map->slots);
    map->slots = slots;
    map->mask = new_cap - 1;
    return SHR_OK;
}

int shr__idmap_insert(shr_idmap *map, const char *key, uint32_t value)
{
    int rc = shr__idmap_reserve(map, 1);
    if (rc)
        return rc;
    shr_idmap_slot entry = {key, shr__idmap_hash(key, strlen(key)), value};
    place(map->slots, map->mask, entry);
    map->count++;
    return SHR_OK;
}
