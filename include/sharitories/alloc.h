/**
 * @file alloc.h
 * @brief The allocator hook: every allocation of a catalog and of what it creates goes
 * through the #shr_allocator given to shr_catalog_new() (as sqlite3_config(SQLITE_CONFIG_MALLOC)
 * does, but per handle: there is no global setting).
 *
 * Exception: libyaml's parser and emitter allocate their own small buffers with the C library's
 * malloc (libyaml has no allocator hook); that memory is released before each load or save
 * returns.
 */
#ifndef SHARITORIES_ALLOC_H
#define SHARITORIES_ALLOC_H

#include "common.h"

SHR_BEGIN_DECLS

/**
 * @brief Memory functions used by a catalog. The functions must behave as malloc, realloc and
 * free (realloc(NULL, n) allocates; free(NULL) does nothing); each receives @p userdata.
 * Returning NULL from `malloc`/`realloc` makes the call under way fail with #SHR_ENOMEM,
 * leaving everything as it was. If several threads use one catalog, the functions must be
 * thread-safe.
 */
typedef struct shr_allocator {
    void *(*malloc)(void *userdata, size_t size);
    void *(*realloc)(void *userdata, void *ptr, size_t size);
    void (*free)(void *userdata, void *ptr);
    void *userdata;
} shr_allocator;

/**
 * @brief The default allocator (the C library's malloc, realloc, free).
 * @return a pointer to a static, immutable allocator. Thread-safe.
 */
SHR_EXTERN const shr_allocator *shr_allocator_default(void);

SHR_END_DECLS

#endif
