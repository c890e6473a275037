/*
 * The one LEB128 varint of the library (unsigned, 7 bits a byte, low bits first, high bit set
 * on every byte but the last): the coded texts of the text store and the token sequences of
 * the text index, written and read. Inline: both are on hot paths. Not installed.
 */
#ifndef SHR_VARINT_H
#define SHR_VARINT_H

#include <stddef.h>
#include <stdint.h>

/* Write v at q (room for shr__varint_len(v) bytes); returns the byte after it. */
static inline uint8_t *shr__varint_put(uint8_t *q, size_t v)
{
    while (v >= 0x80) {
        *q++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *q++ = (uint8_t)v;
    return q;
}

/* Read one LEB128 varint at *p and move past it. */
static inline size_t shr__varint_get(const uint8_t **p)
{
    const uint8_t *q = *p;
    size_t v = *q & 0x7f;
    for (unsigned shift = 7; *q++ & 0x80; shift += 7)
        v |= (size_t)(*q & 0x7f) << shift;
    *p = q;
    return v;
}

/* Bytes of v's varint. */
static inline unsigned shr__varint_len(size_t v)
{
    unsigned n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

#endif
