/*
 * The utility layer (lib/util/): allocation, errors, growable arrays. No model type here or in
 * any lib/util header: every layer may include them, they include only the public headers.
 * Not installed.
 */
#ifndef SHR_UTIL_H
#define SHR_UTIL_H

#include "sharitories/sharitories.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

/* ---------------------------------------------------------------- errors (error.c) */

/* Write to a stdio stream: SHR_OK or an error (in err). */
typedef int (*shr__stream_writer)(const void *ctx, FILE *out, shr_error *err);
/* Replace path atomically (atomic_file.h) with what write(ctx, ...) writes; nothing changes
 * at path when it fails (atomicfile.c). */
int shr__atomic_save(const char *path, const shr_allocator *alloc, shr__stream_writer write,
                     const void *ctx, shr_error *err);

/* Fill err (may be NULL) with code and a formatted message; returns code. */
int shr__error_set(shr_error *err, int code, const char *fmt, ...) SHR_PRINTF(3, 4);
/* Same, with a place in a file and the record concerned (file/record may be NULL). */
int shr__error_set_at(shr_error *err, int code, const char *file, unsigned line, unsigned column,
                      const char *record, const char *fmt, ...) SHR_PRINTF(7, 8);
int shr__error_vset_at(shr_error *err, int code, const char *file, unsigned line, unsigned column,
                       const char *record, const char *fmt, va_list ap);
/* Same with the message already written in both languages (en and fr may be NULL: ""). */
int shr__error_set_texts(shr_error *err, int code, const char *file, unsigned line,
                         unsigned column, const char *record, const char *en, const char *fr);

/* ---------------------------------------------------------------- messages (messages.c)
 * Every message is set in English and French (error.h): the English format is the key of its
 * French in messages_fr.def, checked by tests/check_messages.py. */

/* The French of an English message format, or NULL when the table has none. */
const char *shr__message_fr(const char *en);
/* A word given as a %s argument of a message ("a mapping", "practice"): the table's copy of
 * @p en, which French messages translate (known by its address, so that an id that reads the
 * same is never translated); @p en itself when the table does not have it. */
const char *shr__w(const char *en);
/* The French of a word shr__w() returned; any other @p s (NULL too) as it is. */
const char *shr__word_fr(const char *s);
/* strerror(e), as a word of the table for the common values (so that it translates). */
const char *shr__strerror(int e);
/* vsnprintf of the French of @p fmt (of @p fmt itself when it has none) with the arguments of
 * @p ap, each %s argument that shr__w() returned in French. Always NUL-terminated. */
void shr__vformat_fr(char *out, size_t size, const char *fmt, va_list ap);

#endif
