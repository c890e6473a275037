/*
 * The catalog's long texts (practice descriptions), kept compressed.
 *
 * Descriptions are most of a catalog's bytes (26 of 66 MB of YAML for 100,000 practices) and
 * repeat the same words again and again. A text is cut after each space into pieces ("word ");
 * each distinct piece is kept once in the store's dictionary, and the text becomes the list of
 * its pieces' numbers (LEB128 varints, pieces numbered in order of first appearance, so the
 * frequent ones take one byte). Pieces longer than PIECE_MAX bytes, and every piece once the
 * dictionary is full, are written as they are (a literal), so hostile texts cannot make the
 * dictionary grow without bound.
 *
 * A coded text (a "blob"): varint(length of the text), then codes until that length is
 * reached: v > 0 is piece v - 1; 0 is a literal, varint(n) then n bytes.
 *
 * The dictionary only grows during a load (which has the catalog to itself) and is read-only
 * afterwards, so any number of threads may decode at once. A failed load truncates it back.
 */
#include "textstore.h"

#include <string.h>

#define PIECE_MAX SHR_TEXTSTORE_PIECE_MAX /* longer pieces are literals: rarely repeated */
#define DICT_MAX_PIECES (1u << 22) /* then literals only: bounds the dictionary */
#define DICT_MAX_BYTES (1u << 28)

void shr__textstore_init(shr_textstore *ts, const shr_allocator *alloc)
{
    memset(ts, 0, sizeof *ts);
    ts->alloc = alloc;
}

void shr__textstore_free(shr_textstore *ts)
{
    shr__free(ts->alloc, ts->bytes);
    shr__free(ts->alloc, ts->off);
    shr__free(ts->alloc, ts->hash);
    shr__free(ts->alloc, ts->table);
    shr__free(ts->alloc, ts->scratch);
    shr__textstore_init(ts, ts->alloc);
}

static inline uint32_t piece_hash(const char *s, size_t len)
{
    uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15u;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
        s += 8;
        len -= 8;
    }
    if (len) {
        uint64_t w = 0;
        memcpy(&w, s, len);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
        h ^= h >> 29;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static inline size_t piece_len(const shr_textstore *ts, uint32_t i)
{
    return ts->off[i + 1] - ts->off[i];
}

/* Slot of piece `hash` in the table: the piece found there, or the empty slot for it. */
static inline size_t table_probe(const shr_textstore *ts, const char *s, size_t len,
                                 uint32_t hash)
{
    size_t j = hash & ts->mask;
    for (;;) {
        uint32_t e = ts->table[j];
        if (!e)
            return j;
        e--;
        if (ts->hash[e] == hash && piece_len(ts, e) == len &&
            memcmp(ts->bytes + ts->off[e], s, len) == 0)
            return j;
        j = (j + 1) & ts->mask;
    }
}

static void table_fill(shr_textstore *ts)
{
    memset(ts->table, 0, (ts->mask + 1) * sizeof *ts->table);
    for (uint32_t i = 0; i < ts->count; i++) {
        size_t j = ts->hash[i] & ts->mask;
        while (ts->table[j])
            j = (j + 1) & ts->mask;
        ts->table[j] = i + 1;
    }
}

/* Room for one more piece of len bytes (table at most half full). */
static int dict_reserve(shr_textstore *ts, size_t len)
{
    if (shr__grow(ts->alloc, (void **)&ts->bytes, &ts->bytes_cap, ts->nbytes + len, 1) ||
        shr__grow(ts->alloc, (void **)&ts->off, &ts->off_cap, ts->count + 2, sizeof *ts->off) ||
        shr__grow(ts->alloc, (void **)&ts->hash, &ts->hash_cap, ts->count + 1, sizeof *ts->hash))
        return SHR_ENOMEM;
    if ((ts->count + 1) * 2 <= ts->mask + 1 && ts->table)
        return SHR_OK;
    size_t cap = ts->table ? (ts->mask + 1) * 2 : 1024;
    uint32_t *t = shr__calloc(ts->alloc, cap, sizeof *t);
    if (!t)
        return SHR_ENOMEM;
    shr__free(ts->alloc, ts->table);
    ts->table = t;
    ts->mask = cap - 1;
    table_fill(ts);
    return SHR_OK;
}

/* The piece's number, adding it when new; UINT32_MAX when it is to be a literal. */
static int piece_code(shr_textstore *ts, const char *s, size_t len, uint32_t *code)
{
    *code = UINT32_MAX;
    if (len > PIECE_MAX)
        return SHR_OK;
    uint32_t h = piece_hash(s, len);
    if (ts->table) {
        size_t j = table_probe(ts, s, len, h);
        if (ts->table[j]) {
            *code = ts->table[j] - 1;
            return SHR_OK;
        }
    }
    if (ts->count >= DICT_MAX_PIECES || ts->nbytes + len > DICT_MAX_BYTES)
        return SHR_OK;
    if (dict_reserve(ts, len))
        return SHR_ENOMEM;
    size_t j = table_probe(ts, s, len, h);
    if (ts->count == 0)
        ts->off[0] = 0;
    memcpy(ts->bytes + ts->nbytes, s, len);
    ts->nbytes += len;
    ts->hash[ts->count] = h;
    ts->off[ts->count + 1] = (uint32_t)ts->nbytes;
    ts->table[j] = ts->count + 1;
    *code = ts->count++;
    return SHR_OK;
}

int shr__textstore_encode(shr_textstore *ts, shr_arena *arena, const char *s, size_t len,
                          const uint8_t **out)
{
    /* Room for the worst case: a header of at most 10 bytes, then per piece of n >= 1 bytes a
     * code of at most 4 bytes (codes < DICT_MAX_PIECES + 1 < 2^28) or a literal of
     * 1 + varint(n) + n <= 4n bytes. */
    size_t room = 10 + 4 * len;
    if (len > (SIZE_MAX - 10) / 4 ||
        shr__grow(ts->alloc, (void **)&ts->scratch, &ts->scratch_cap, room, 1))
        return SHR_ENOMEM;
    uint8_t *q = shr__varint_put(ts->scratch, len);
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        const char *stop = sp ? sp + 1 : end;
        size_t n = (size_t)(stop - p);
        uint32_t code;
        if (piece_code(ts, p, n, &code))
            return SHR_ENOMEM;
        if (code != UINT32_MAX) {
            q = shr__varint_put(q, (size_t)code + 1);
        } else {
            *q++ = 0;
            q = shr__varint_put(q, n);
            memcpy(q, p, n);
            q += n;
        }
        p = stop;
    }
    size_t n = (size_t)(q - ts->scratch);
    uint8_t *blob = shr__arena_bytes(arena, n, 2);
    if (!blob)
        return SHR_ENOMEM;
    memcpy(blob, ts->scratch, n);
    *out = blob;
    return SHR_OK;
}

size_t shr__textstore_length(const uint8_t *blob)
{
    return shr__varint_get(&blob);
}

void shr__textstore_decode(const shr_textstore *ts, const uint8_t *blob, char *out)
{
    shr__textstore_decode_prefix(ts, blob, out, SIZE_MAX);
}

void shr__textstore_decode_prefix(const shr_textstore *ts, const uint8_t *blob, char *out,
                                  size_t max)
{
    size_t len = shr__varint_get(&blob);
    char *o = out, *end = out + (len < max ? len : max);
    while (o < end) {
        uint32_t piece;
        size_t n;
        const char *src = shr__textstore_piece(ts, &blob, &piece, &n);
        if (n > (size_t)(end - o))
            n = (size_t)(end - o);
        memcpy(o, src, n);
        o += n;
    }
    *end = '\0';
}

int shr__textstore_restore(shr_textstore *ts, const uint32_t *off, uint32_t count,
                           const char *bytes)
{
    if (ts->count || off[0] != 0 || count > DICT_MAX_PIECES || off[count] > DICT_MAX_BYTES)
        return SHR_EFORMAT;
    for (uint32_t i = 0; i < count; i++)
        if (off[i + 1] <= off[i] || off[i + 1] - off[i] > PIECE_MAX)
            return SHR_EFORMAT;
    if (!count)
        return SHR_OK;
    size_t nbytes = off[count], cap = 1024;
    while (cap < (size_t)count * 2 + 2)
        cap *= 2;
    if (shr__grow(ts->alloc, (void **)&ts->bytes, &ts->bytes_cap, nbytes, 1) ||
        shr__grow(ts->alloc, (void **)&ts->off, &ts->off_cap, (size_t)count + 1, sizeof *ts->off) ||
        shr__grow(ts->alloc, (void **)&ts->hash, &ts->hash_cap, count, sizeof *ts->hash))
        return SHR_ENOMEM;
    uint32_t *t = shr__calloc(ts->alloc, cap, sizeof *t);
    if (!t)
        return SHR_ENOMEM;
    shr__free(ts->alloc, ts->table);
    ts->table = t;
    ts->mask = cap - 1;
    memcpy(ts->bytes, bytes, nbytes);
    memcpy(ts->off, off, ((size_t)count + 1) * sizeof *ts->off);
    for (uint32_t i = 0; i < count; i++)
        ts->hash[i] = piece_hash(bytes + off[i], off[i + 1] - off[i]);
    ts->count = count;
    ts->nbytes = nbytes;
    table_fill(ts);
    return SHR_OK;
}

void shr__textstore_truncate(shr_textstore *ts, uint32_t count)
{
    if (count >= ts->count)
        return;
    ts->count = count;
    ts->nbytes = count ? ts->off[count] : 0;
    if (ts->table)
        table_fill(ts);
}
