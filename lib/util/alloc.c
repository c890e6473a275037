/* The allocator hook: every allocation of a catalog goes through its shr_allocator. */
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void *libc_malloc(void *ud, size_t size)
{
    (void)ud;
    return malloc(size);
}

static void *libc_realloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    return realloc(ptr, size);
}

static void libc_free(void *ud, void *ptr)
{
    (void)ud;
    free(ptr);
}

static const shr_allocator default_allocator = {libc_malloc, libc_realloc, libc_free, NULL};

const shr_allocator *shr_allocator_default(void)
{
    return &default_allocator;
}

void *shr__malloc(const shr_allocator *a, size_t size)
{
    /* malloc(0) may return NULL legitimately; ask for one byte so NULL always means OOM. */
    return a->malloc(a->userdata, size ? size : 1);
}

void *shr__realloc(const shr_allocator *a, void *ptr, size_t size)
{
    return a->realloc(a->userdata, ptr, size ? size : 1);
}

void *shr__calloc(const shr_allocator *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = shr__malloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void shr__free(const shr_allocator *a, void *ptr)
{
    if (ptr)
        a->free(a->userdata, ptr);
}

char *shr__strdup(const shr_allocator *a, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    char *copy = shr__malloc(a, len + 1);
    if (copy)
        memcpy(copy, s, len + 1);
    return copy;
}

int shr__grow(const shr_allocator *a, void **items, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return SHR_OK;
    size_t new_cap = *cap ? *cap : 8;
    while (new_cap < need) {
        if (new_cap > SIZE_MAX / 2)
            return SHR_ENOMEM;
        new_cap *= 2;
    }
    if (elem_size && new_cap > SIZE_MAX / elem_size)
        return SHR_ENOMEM;
    void *grown = shr__realloc(a, *items, new_cap * elem_size);
    if (!grown)
        return SHR_ENOMEM;
    *items = grown;
    *cap = new_cap;
    return SHR_OK;
}
