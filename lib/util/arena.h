/* Bump allocator with marks (arena.c). Not installed. */
#ifndef SHR_ARENA_H
#define SHR_ARENA_H

#include "util.h"

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

#endif
