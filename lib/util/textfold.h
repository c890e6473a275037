/*
 * Text folding and tokenisation for word search (query.md, "Words"). Internal.
 *
 * Text is cut into tokens: runs of letters and digits (Unicode categories L* and N*, after
 * folding); anything else separates tokens. Folding is: Unicode compatibility decomposition
 * (ligatures: "ﬁ" -> "fi"), case folding ("ß" -> "ss"), removal of marks (accents), and the
 * French ligatures "œ" -> "oe", "æ" -> "ae". Folded tokens are UTF-8.
 *
 * Every function here is pure: no allocation, no global state, thread-safe. Invalid UTF-8
 * bytes are separators. utf8proc_decompose_char() is used one code point at a time into a
 * stack buffer (utf8proc_map() would allocate with malloc); ASCII takes a fast path.
 */
#ifndef SHR_TEXTFOLD_H
#define SHR_TEXTFOLD_H

#include "utf8.h"

#include <stddef.h>
#include <stdint.h>

/* Longest folded token kept by the index; longer tokens are indexed by their first
 * SHR_TOKEN_MAX bytes (and searched for with a check of the texts). */
#define SHR_TOKEN_MAX 256

/*
 * Find the next token of s[0..len) at or after *pos.
 * Writes the first min(cap, folded length) folded bytes into buf (not NUL-terminated) and the
 * whole folded length into *folded_len (it may exceed cap: the token is then truncated in
 * buf). On return *pos is just after the token. Returns 1 when a token was found, 0 at the end
 * of the text (then *pos == len).
 */
int shr__next_token(const char *s, size_t len, size_t *pos, char *buf, size_t cap,
                    size_t *folded_len);

/*
 * Fold a whole text for sorting (case- and accent-insensitive order): letters and digits are
 * folded as in tokens, runs of other characters become one space, leading and trailing ones
 * are dropped. Writes at most cap bytes to buf, returns the whole folded length.
 */
size_t shr__fold_key(const char *s, size_t len, char *buf, size_t cap);

/* Folded byte of an ASCII letter or digit, 0 for any other ASCII byte (immutable). */
extern const char shr__ascii_fold[128];

/* Fold one code point (cp >= 0x80, or -1 for invalid UTF-8) into UTF-8 bytes at out (room for
 * 128 bytes). Returns the number of bytes (0: contributes nothing, does not separate), or -1:
 * a separator. */
int shr__fold_cp(int32_t cp, char *out);

#endif
