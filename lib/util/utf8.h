/*
 * The one UTF-8 decoder of the library (textfold, the CSV importer, the JSON/XML writers of
 * export.c, the HTML writer): strict, as RFC 3629 says: overlong forms, surrogates and code
 * points above U+10FFFF are invalid. Inline: it is on the tokenizer's path. Not installed.
 */
#ifndef SHR_UTF8_H
#define SHR_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 code point at s[*pos] (len bytes in all); advances *pos. Returns the code
 * point, or -1 for an invalid sequence (then *pos advances by one byte). It reads no byte
 * after the first one that is not a continuation byte, so a NUL-terminated string may be
 * given a len that goes past its NUL. */
static inline int32_t shr__utf8_decode(const char *s, size_t len, size_t *pos)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos;
    unsigned c = u[i];
    int32_t cp;
    size_t n;
    if (c < 0x80) {
        *pos = i + 1;
        return (int32_t)c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = (int32_t)(c & 0x1F);
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = (int32_t)(c & 0x0F);
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = (int32_t)(c & 0x07);
    } else {
        *pos = i + 1;
        return -1;
    }
    if (len - i <= n) {
        *pos = i + 1;
        return -1;
    }
    for (size_t k = 1; k <= n; k++) {
        unsigned d = u[i + k];
        if ((d & 0xC0) != 0x80) {
            *pos = i + 1;
            return -1;
        }
        cp = (cp << 6) | (int32_t)(d & 0x3F);
    }
    /* overlong forms, surrogates, beyond U+10FFFF */
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *pos = i + 1;
        return -1;
    }
    *pos = i + 1 + n;
    return cp;
}

/* Length of the valid UTF-8 sequence at s[0..n) (1 to 4), or 0 when it is not valid. */
static inline size_t shr__utf8_length(const unsigned char *s, size_t n)
{
    size_t pos = 0;
    return shr__utf8_decode((const char *)s, n, &pos) < 0 ? 0 : pos;
}

#endif
