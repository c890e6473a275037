/*
 * Text folding and tokenisation (see textfold.h).
 *
 * A code point contributes all of its folded letters and digits to the current token, or, when
 * its folded form contains anything else (or is invalid UTF-8), separates tokens; a code point
 * whose folded form is empty (a combining accent, an ignorable character such as the soft
 * hyphen) contributes nothing and does not separate.
 */
#include "textfold.h"

#include <string.h>
#include <utf8proc.h>

#define FOLD_OPTIONS                                                                       \
    (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |       \
     UTF8PROC_IGNORE)

/* ASCII: folded byte of a letter or digit, 0 for a separator. */
const char shr__ascii_fold[128] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
    ['7'] = '7', ['8'] = '8', ['9'] = '9',
    ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
    ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
    ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
    ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
    ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
    ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
    ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};

static int is_word_cp(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static size_t utf8_encode(int32_t cp, char *out)
{
    unsigned c = (unsigned)cp;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    } else if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    } else if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/*
 * Fold one non-ASCII code point into UTF-8 bytes at out (room for 128 bytes).
 * Returns the number of bytes (0: contributes nothing), or -1: a separator.
 */
int shr__fold_cp(int32_t cp, char *out)
{
    utf8proc_int32_t dec[32];
    int last = 0;
    if (cp < 0)
        return -1;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, dec, 32, FOLD_OPTIONS, &last);
    if (n < 0 || n > 32)
        return -1;
    int len = 0;
    for (utf8proc_ssize_t k = 0; k < n; k++) {
        int32_t c = dec[k];
        if (c == 0x153) { /* œ */
            out[len++] = 'o';
            out[len++] = 'e';
        } else if (c == 0xE6) { /* æ */
            out[len++] = 'a';
            out[len++] = 'e';
        } else if (c < 0x80) {
            char f = shr__ascii_fold[c];
            if (!f)
                return -1;
            out[len++] = f;
        } else {
            if (!is_word_cp(c))
                return -1;
            len += (int)utf8_encode(c, out + len);
        }
    }
    return len;
}

int shr__next_token(const char *s, size_t len, size_t *pos, char *buf, size_t cap,
                    size_t *folded_len)
{
    size_t i = *pos, out = 0;
    int in = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            char f = shr__ascii_fold[c];
            i++;
            if (f) {
                if (out < cap)
                    buf[out] = f;
                out++;
                in = 1;
            } else if (in) {
                break;
            }
            continue;
        }
        char tmp[128];
        int32_t cp = shr__utf8_decode(s, len, &i);
        int n = shr__fold_cp(cp, tmp);
        if (n < 0) {
            if (in)
                break;
            continue;
        }
        for (int k = 0; k < n; k++, out++)
            if (out < cap)
                buf[out] = tmp[k];
        if (n > 0)
            in = 1;
    }
    *pos = i;
    *folded_len = out;
    return in;
}

size_t shr__fold_key(const char *s, size_t len, char *buf, size_t cap)
{
    size_t pos = 0, out = 0;
    char dummy[1];
    if (!buf) {
        buf = dummy;
        cap = 0;
    }
    while (pos < len) {
        size_t flen;
        size_t room = out < cap ? cap - out : 0;
        if (!shr__next_token(s, len, &pos, buf + (out < cap ? out : 0), room, &flen))
            break;
        out += flen;
        /* a space after each token; dropped at the end */
        if (out < cap)
            buf[out] = ' ';
        out++;
    }
    return out > 0 ? out - 1 : 0;
}
