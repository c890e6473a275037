/*
 * Bump allocator for records and their strings. A catalog holds hundreds of thousands of small
 * strings: one allocation each would cost time and allocator overhead, and undoing a failed
 * load would mean freeing each. Chunks are chained newest first; a mark (chunk, used, top) is
 * enough to undo everything allocated after it.
 *
 * A chunk is filled from both ends: aligned objects from the bottom up, strings (which need no
 * alignment) from the top down, so strings and records can alternate without padding.
 */
#include "arena.h"

#include <string.h>

#define ARENA_ALIGN 8
#define ARENA_MIN_CHUNK (256u * 1024u)

struct shr_arena_chunk {
    shr_arena_chunk *prev;
    size_t size; /* usable bytes in data */
    size_t used; /* data[0 .. used): aligned objects (used is a multiple of ARENA_ALIGN) */
    size_t top;  /* data[top .. size): strings; free space is data[used .. top) */
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

void shr__arena_init(shr_arena *arena, const shr_allocator *alloc)
{
    arena->alloc = alloc;
    arena->head = NULL;
    arena->bytes = 0;
}

void shr__arena_free(shr_arena *arena)
{
    shr_arena_chunk *c = arena->head;
    while (c) {
        shr_arena_chunk *prev = c->prev;
        shr__free(arena->alloc, c);
        c = prev;
    }
    arena->head = NULL;
    arena->bytes = 0;
}

static shr_arena_chunk *arena_new_chunk(shr_arena *arena, size_t need)
{
    size_t size = ARENA_MIN_CHUNK;
    /* Chunks grow with the arena so big catalogs take few chunks, capped at 8 MiB. */
    if (arena->bytes / 8 > size)
        size = arena->bytes / 8 < (8u << 20) ? arena->bytes / 8 : (8u << 20);
    if (need > size)
        size = need;
    if (size > SIZE_MAX - sizeof(shr_arena_chunk))
        return NULL;
    shr_arena_chunk *c = shr__malloc(arena->alloc, sizeof(shr_arena_chunk) + size);
    if (!c)
        return NULL;
    c->prev = arena->head;
    c->size = size;
    c->used = 0;
    c->top = size;
    arena->head = c;
    arena->bytes += size;
    return c;
}

void *shr__arena_alloc(shr_arena *arena, size_t size)
{
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    shr_arena_chunk *c = arena->head;
    if (!c || c->top - c->used < size) {
        c = arena_new_chunk(arena, size);
        if (!c)
            return NULL;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

void *shr__arena_calloc(shr_arena *arena, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = shr__arena_alloc(arena, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *shr__arena_bytes(shr_arena *arena, size_t size, size_t align)
{
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    /* Bytes need little alignment: pack them from the top of the chunk, away from the
     * aligned objects that fill it from the bottom. */
    shr_arena_chunk *c = arena->head;
    if (!c || c->top < size || ((c->top - size) & ~(align - 1)) < c->used) {
        c = arena_new_chunk(arena, size + align);
        if (!c)
            return NULL;
    }
    c->top = (c->top - size) & ~(align - 1);
    return c->data + c->top;
}

char *shr__arena_strndup(shr_arena *arena, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = shr__arena_bytes(arena, len + 1, 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

shr_arena_mark shr__arena_mark(const shr_arena *arena)
{
    shr_arena_mark m = {arena->head, arena->head ? arena->head->used : 0,
                        arena->head ? arena->head->top : 0};
    return m;
}

void shr__arena_rollback(shr_arena *arena, shr_arena_mark mark)
{
    while (arena->head && arena->head != mark.head) {
        shr_arena_chunk *prev = arena->head->prev;
        arena->bytes -= arena->head->size;
        shr__free(arena->alloc, arena->head);
        arena->head = prev;
    }
    if (arena->head) {
        arena->head->used = mark.used;
        arena->head->top = mark.top;
    }
}
