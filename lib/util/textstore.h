/* Compressed long texts (textstore.c). Not installed. */
#ifndef SHR_TEXTSTORE_H
#define SHR_TEXTSTORE_H

#include "arena.h"
#include "varint.h"

/* ---------------------------------------------------------------- long texts (textstore.c) */

/* Compressed texts: see textstore.c. A coded text is a "blob" in the catalog's arena. */
#define SHR_TEXTSTORE_PIECE_MAX 48 /* longer pieces are literals */

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
/* Fill an empty store with count pieces (piece i is bytes[off[i] .. off[i + 1]), off[0] == 0,
 * off increasing): copied, hashed, indexed. 0, SHR_ENOMEM, or SHR_EFORMAT when a piece is
 * empty or longer than SHR_TEXTSTORE_PIECE_MAX, or the dictionary over its bounds. */
int shr__textstore_restore(shr_textstore *ts, const uint32_t *off, uint32_t count,
                           const char *bytes);
/* Forget the pieces from number `count` on (a failed load). Cannot fail. */
void shr__textstore_truncate(shr_textstore *ts, uint32_t count);

#endif
