/*
 * Hash map from ids to record indices (open addressing, linear probing, load <= 1/2). See
 * idmap.h for the two kinds (keys owned elsewhere, or copied into the map's pool).
 * Slots hold the full 32-bit hash, so a key is read only when its hash matches (nearly always
 * the key looked for): one string comparison per successful look-up. Short keys (all real ids)
 * are also copied into their slot, so that comparison reads the slot's own cache line: loading
 * 1,000,000 practices makes millions of look-ups in maps bigger than the caches, and the two
 * extra misses (key pointer, then key) were most of their cost.
 */
#include "idmap.h"

#include <string.h>

void shr__idmap_init(shr_idmap *map, const shr_allocator *alloc)
{
    memset(map, 0, sizeof *map);
    map->alloc = alloc;
    shr__arena_init(&map->pool, alloc);
}

void shr__idmap_init_owning(shr_idmap *map, const shr_allocator *alloc)
{
    shr__idmap_init(map, alloc);
    map->owning = true;
}

void shr__idmap_free(shr_idmap *map)
{
    shr__free(map->alloc, map->slots);
    shr__free(map->alloc, map->keys);
    shr__free(map->alloc, map->by_value);
    shr__arena_free(&map->pool);
    map->slots = NULL;
    map->keys = NULL;
    map->by_value = NULL;
    map->by_value_cap = 0;
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

static const char *key_at(const shr_idmap *map, size_t i)
{
    return map->owning ? map->by_value[map->slots[i].value1 - 1] : map->keys[i];
}

/* Keep a copy of key[0..len) in the slot when it is short enough. */
static inline void slot_set_key(shr_idmap_slot *s, const char *key, size_t len)
{
    memset(s->key, 0, sizeof s->key);
    if (len >= 1 && len <= SHR_IDMAP_INLINE) {
        memcpy(s->key, key, len);
        s->key[sizeof s->key - 1] = (char)len;
    }
}

uint32_t shr__idmap_probe(const shr_idmap *map, const char *key, size_t len, uint32_t h,
                          size_t *slot)
{
    bool inl = len >= 1 && len <= SHR_IDMAP_INLINE;
    for (size_t i = h & map->mask;; i = (i + 1) & map->mask) {
        const shr_idmap_slot *s = &map->slots[i];
        if (!s->value1) {
            *slot = i;
            return SHR_NO_INDEX;
        }
        if (s->hash != h)
            continue;
        if (inl) {
            /* a short key is always kept in its slot: compare there */
            if ((size_t)(unsigned char)s->key[sizeof s->key - 1] == len &&
                memcmp(s->key, key, len) == 0)
                return s->value1 - 1;
            continue;
        }
        const char *k = key_at(map, i);
        if (memcmp(k, key, len) == 0 && k[len] == '\0')
            return s->value1 - 1;
    }
}

uint32_t shr__idmap_find(const shr_idmap *map, const char *key, size_t len)
{
    size_t slot;
    if (!map->slots)
        return SHR_NO_INDEX;
    return shr__idmap_probe(map, key, len, shr__idmap_hash(key, len), &slot);
}

uint32_t shr__idmap_find_id(const shr_idmap *map, const char *id, size_t len)
{
    /* Ids are kept in lower case; ids given with upper-case ASCII letters are the same ids. */
    char low[SHR_LIMIT_ID_LENGTH];
    size_t i = 0;
    while (i < len && !(id[i] >= 'A' && id[i] <= 'Z'))
        i++;
    if (i == len)
        return shr__idmap_find(map, id, len);
    if (len > sizeof low)
        return SHR_NO_INDEX;
    for (i = 0; i < len; i++)
        low[i] = (char)(id[i] >= 'A' && id[i] <= 'Z' ? id[i] - 'A' + 'a' : id[i]);
    return shr__idmap_find(map, low, len);
}

void shr__idmap_insert_at(shr_idmap *map, size_t slot, const char *key, uint32_t hash,
                          uint32_t value)
{
    map->slots[slot].hash = hash;
    map->slots[slot].value1 = value + 1;
    slot_set_key(&map->slots[slot], key, strlen(key));
    map->keys[slot] = key;
    map->count++;
}

const char *shr__idmap_insert_copy(shr_idmap *map, size_t slot, const char *key, size_t len,
                                   uint32_t hash, uint32_t value)
{
    if (value >= map->by_value_cap &&
        shr__grow(map->alloc, (void **)&map->by_value, &map->by_value_cap, (size_t)value + 1,
                  sizeof *map->by_value))
        return NULL;
    char *copy = shr__arena_strndup(&map->pool, key, len);
    if (!copy)
        return NULL;
    map->by_value[value] = copy;
    map->slots[slot].hash = hash;
    map->slots[slot].value1 = value + 1;
    slot_set_key(&map->slots[slot], key, len);
    map->count++;
    return copy;
}

shr_arena_mark shr__idmap_mark(const shr_idmap *map)
{
    return shr__arena_mark(&map->pool);
}

void shr__idmap_truncate(shr_idmap *map, size_t count, shr_arena_mark mark)
{
    if (map->count != count) {
        memset(map->slots, 0, (map->mask + 1) * sizeof *map->slots);
        for (size_t v = 0; v < count; v++) {
            const char *k = map->by_value[v];
            size_t len = strlen(k);
            uint32_t h = shr__idmap_hash(k, len);
            size_t i = h & map->mask;
            while (map->slots[i].value1)
                i = (i + 1) & map->mask;
            map->slots[i].hash = h;
            map->slots[i].value1 = (uint32_t)v + 1;
            slot_set_key(&map->slots[i], k, len);
        }
        map->count = count;
    }
    shr__arena_rollback(&map->pool, mark);
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
        if (new_cap > SIZE_MAX / 2 / sizeof(const char *))
            return SHR_ENOMEM;
        new_cap *= 2;
    }
    shr_idmap_slot *slots = shr__calloc(map->alloc, new_cap, sizeof *slots);
    const char **keys = NULL;
    if (slots && !map->owning && !(keys = shr__malloc(map->alloc, new_cap * sizeof *keys))) {
        shr__free(map->alloc, slots);
        slots = NULL;
    }
    if (!slots)
        return SHR_ENOMEM;
    size_t new_mask = new_cap - 1;
    for (size_t i = 0; i < cap; i++) {
        if (!map->slots[i].value1)
            continue;
        size_t j = map->slots[i].hash & new_mask;
        while (slots[j].value1)
            j = (j + 1) & new_mask;
        slots[j] = map->slots[i];
        if (keys)
            keys[j] = map->keys[i];
    }
    shr__free(map->alloc, map->slots);
    shr__free(map->alloc, map->keys);
    map->slots = slots;
    map->keys = keys;
    map->mask = new_mask;
    return SHR_OK;
}

void shr__idmap_compact(shr_idmap *map)
{
    if (!map->owning || !map->slots)
        return;
    size_t cap = map->mask + 1, new_cap = 16;
    while (new_cap / 5 * 4 < map->count) /* load <= 4/5: ~2.5 probes to find a key */
        new_cap *= 2;
    if (new_cap >= cap)
        return;
    /*
     * In place, then shrunk by realloc (no second array: a big array freed may leave a hole,
     * or make the C library keep later blocks that size in its heap). The entries are packed
     * at the end of the array, then re-inserted at the start: count <= 4/5 new_cap and
     * cap >= 2 new_cap, so the two regions do not meet.
     */
    shr_idmap_slot *v = map->slots;
    size_t w = cap;
    for (size_t i = cap; i-- > 0;)
        if (v[i].value1)
            v[--w] = v[i];
    memset(v, 0, new_cap * sizeof *v);
    size_t new_mask = new_cap - 1;
    for (size_t i = w; i < cap; i++) {
        size_t j = v[i].hash & new_mask;
        while (v[j].value1)
            j = (j + 1) & new_mask;
        v[j] = v[i];
    }
    map->mask = new_mask;
    shr_idmap_slot *shrunk = shr__realloc(map->alloc, v, new_cap * sizeof *v);
    if (shrunk) /* else the tail is unused but harmless */
        map->slots = shrunk;
}

int shr__idmap_insert(shr_idmap *map, const char *key, uint32_t value)
{
    int rc = shr__idmap_reserve(map, 1);
    if (rc)
        return rc;
    size_t len = strlen(key), slot;
    uint32_t h = shr__idmap_hash(key, len);
    /* The key is not present: the probe stops at a free slot. */
    shr__idmap_probe(map, key, len, h, &slot);
    shr__idmap_insert_at(map, slot, key, h, value);
    return SHR_OK;
}
