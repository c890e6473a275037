/*
 * A counting, failing allocator for the allocation-failure tests (after SQLite's
 * src/test_malloc.c faultsimMalloc): every malloc/realloc is an "allocation point", numbered
 * from 1 since the last fault_alloc_arm(); the point numbered `fail_at` fails (and, when
 * `persistent`, every later one too). Live blocks and bytes are counted, so a test can check
 * that nothing leaks: a header in front of each block records its size and a magic word, which
 * also catches frees of foreign or already freed pointers.
 *
 * Header-only (static functions) so that each test program stays one file. Not thread-safe:
 * the tests that use it are single-threaded.
 */
#ifndef SHR_TEST_FAULT_ALLOC_H
#define SHR_TEST_FAULT_ALLOC_H

#include <sharitories/alloc.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAULT_MAGIC_LIVE UINT64_C(0x5348524c49564521) /* "SHRLIVE!" */
#define FAULT_MAGIC_DEAD UINT64_C(0x5348524445414421) /* "SHRDEAD!" */

typedef struct fault_alloc {
    shr_allocator hook;  /* give &fa->hook to shr_catalog_new() */
    size_t calls;        /* allocation points since fault_alloc_arm() */
    size_t fail_at;      /* 0: never fail */
    bool persistent;     /* fail every point from fail_at on */
    size_t failures;     /* failures injected since fault_alloc_arm() */
    size_t live;         /* blocks allocated and not freed */
    size_t live_bytes;
    size_t total_calls;  /* allocation points since fault_alloc_init() */
    size_t bad_frees;    /* frees of pointers this allocator did not hand out */
} fault_alloc;

/* In front of every block; 32 bytes keeps the user pointer aligned for any object. */
typedef union fault_header {
    struct {
        size_t size;
        uint64_t magic;
    } h;
    max_align_t align_;
    unsigned char pad_[32];
} fault_header;

static inline bool fault_should_fail(fault_alloc *fa)
{
    fa->calls++;
    fa->total_calls++;
    if (fa->fail_at == 0)
        return false;
    if (fa->calls == fa->fail_at || (fa->persistent && fa->calls > fa->fail_at)) {
        fa->failures++;
        return true;
    }
    return false;
}

static inline fault_header *fault_header_of(fault_alloc *fa, void *ptr)
{
    fault_header *h = (fault_header *)ptr - 1;
    if (h->h.magic != FAULT_MAGIC_LIVE) {
        fa->bad_frees++;
        fprintf(stderr, "fault_alloc: pointer %p was not allocated here or was freed twice\n",
                ptr);
        abort();
    }
    return h;
}

static inline void *fault_malloc(void *ud, size_t size)
{
    fault_alloc *fa = ud;
    if (fault_should_fail(fa))
        return NULL;
    if (size > SIZE_MAX - sizeof(fault_header))
        return NULL;
    fault_header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->h.size = size;
    h->h.magic = FAULT_MAGIC_LIVE;
    fa->live++;
    fa->live_bytes += size;
    /* Fresh memory is garbage, not zeros: catches reads of uninitialised fields under ASan/UB. */
    memset(h + 1, 0xA5, size);
    return h + 1;
}

static inline void fault_free(void *ud, void *ptr)
{
    fault_alloc *fa = ud;
    if (!ptr)
        return;
    fault_header *h = fault_header_of(fa, ptr);
    fa->live--;
    fa->live_bytes -= h->h.size;
    h->h.magic = FAULT_MAGIC_DEAD;
    free(h);
}

static inline void *fault_realloc(void *ud, void *ptr, size_t size)
{
    fault_alloc *fa = ud;
    if (!ptr)
        return fault_malloc(ud, size);
    fault_header *old = fault_header_of(fa, ptr);
    if (fault_should_fail(fa))
        return NULL; /* the old block stays valid, as realloc leaves it */
    if (size > SIZE_MAX - sizeof(fault_header))
        return NULL;
    size_t old_size = old->h.size;
    /* Always move the block, so that code keeping a stale pointer across a realloc fails. */
    fault_header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->h.size = size;
    h->h.magic = FAULT_MAGIC_LIVE;
    memcpy(h + 1, ptr, old_size < size ? old_size : size);
    if (size > old_size)
        memset((unsigned char *)(h + 1) + old_size, 0xA5, size - old_size);
    old->h.magic = FAULT_MAGIC_DEAD;
    free(old);
    fa->live_bytes = fa->live_bytes - old_size + size;
    return h + 1;
}

static inline void fault_alloc_init(fault_alloc *fa)
{
    memset(fa, 0, sizeof *fa);
    fa->hook.malloc = fault_malloc;
    fa->hook.realloc = fault_realloc;
    fa->hook.free = fault_free;
    fa->hook.userdata = fa;
}

/* Count allocation points from 1 again and fail point `fail_at` (0: none). */
static inline void fault_alloc_arm(fault_alloc *fa, size_t fail_at, bool persistent)
{
    fa->calls = 0;
    fa->failures = 0;
    fa->fail_at = fail_at;
    fa->persistent = persistent;
}

/* Stop failing (counting goes on). */
static inline void fault_alloc_disarm(fault_alloc *fa)
{
    fa->fail_at = 0;
    fa->persistent = false;
}

#endif
