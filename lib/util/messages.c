/* Messages in English and French: the French of each message format of lib/ and of the words
 * given to them (messages_fr.def), and formatting a message in French. No locale, no global
 * mutable state: the tables are constant. tests/check_messages.py checks that every format
 * of lib/ has its French, with the same conversions in the same order. */
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *en, *fr;
} formats[] = {
#define M(en, fr) {en, fr},
#define W(en, fr)
#include "messages_fr.def"
#undef M
#undef W
};

/* The words live in one array so that a pointer into it is recognised by its address alone
 * (a user's id that happens to read "practice" is never translated). */
#define WORD_MAX 72
static const struct {
    char en[WORD_MAX], fr[WORD_MAX];
} words[] = {
#define M(en, fr)
#define W(en, fr) {en, fr},
#include "messages_fr.def"
#undef M
#undef W
};

const char *shr__message_fr(const char *en)
{
    if (!en)
        return NULL;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].en, en) == 0)
            return formats[i].fr;
    return NULL;
}

const char *shr__w(const char *en)
{
    if (!en)
        return en;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].en, en) == 0)
            return words[i].en;
    return en;
}

const char *shr__word_fr(const char *s)
{
    uintptr_t p = (uintptr_t)s, base = (uintptr_t)words;
    if (p < base || p >= base + sizeof words)
        return s;
    size_t i = (size_t)(p - base) / sizeof words[0];
    return words[i].en == s ? words[i].fr : s;
}

const char *shr__strerror(int e)
{
    switch (e) {
    case ENOENT:
        return shr__w("No such file or directory");
    case EACCES:
        return shr__w("Permission denied");
    case EISDIR:
        return shr__w("Is a directory");
    case ENOTDIR:
        return shr__w("Not a directory");
    case ENOSPC:
        return shr__w("No space left on device");
    case EROFS:
        return shr__w("Read-only file system");
    case EEXIST:
        return shr__w("File exists");
    case EMFILE:
        return shr__w("Too many open files");
    case ENAMETOOLONG:
        return shr__w("File name too long");
    case EIO:
        return shr__w("Input/output error");
    case EFBIG:
        return shr__w("File too large");
    case ENOMEM:
        return shr__w("Cannot allocate memory");
    case ELOOP:
        return shr__w("Too many levels of symbolic links");
    default:
        return strerror(e);
    }
}

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif

/* One conversion `spec` (a complete "%...c" of at most 15 characters) with its arguments
 * taken from ap, appended at out[*used]. */
static void emit(char *out, size_t size, size_t *used, const char *spec, va_list *ap)
{
    size_t n = strlen(spec);
    char conv = spec[n - 1];
    int stars[2], nstars = 0;
    for (const char *c = spec; *c; c++)
        if (*c == '*')
            stars[nstars++] = va_arg(*ap, int);
    const char *len = spec + n - 1;
    while (len > spec && strchr("hljztL", len[-1]))
        len--;
    size_t lenlen = (size_t)(spec + n - 1 - len);
    char *o = out + *used;
    size_t room = size - *used;
    int k = 0;
#define EMIT(v)                                                         \
    do {                                                                \
        if (nstars == 0)                                                \
            k = snprintf(o, room, spec, v);                             \
        else if (nstars == 1)                                           \
            k = snprintf(o, room, spec, stars[0], v);                   \
        else                                                            \
            k = snprintf(o, room, spec, stars[0], stars[1], v);         \
    } while (0)
    if (conv == 's') {
        EMIT(shr__word_fr(va_arg(*ap, const char *)));
    } else if (conv == 'p') {
        EMIT(va_arg(*ap, void *));
    } else if (strchr("eEfFgGaA", conv)) {
        if (lenlen == 1 && *len == 'L')
            EMIT(va_arg(*ap, long double));
        else
            EMIT(va_arg(*ap, double));
    } else if (strchr("di", conv)) {
        if (lenlen == 2 && len[0] == 'l')
            EMIT(va_arg(*ap, long long));
        else if (lenlen == 1 && *len == 'l')
            EMIT(va_arg(*ap, long));
        else if (lenlen == 1 && *len == 'z')
            EMIT(va_arg(*ap, ptrdiff_t));
        else if (lenlen == 1 && *len == 'j')
            EMIT(va_arg(*ap, intmax_t));
        else if (lenlen == 1 && *len == 't')
            EMIT(va_arg(*ap, ptrdiff_t));
        else
            EMIT(va_arg(*ap, int));
    } else { /* u o x X c */
        if (lenlen == 2 && len[0] == 'l')
            EMIT(va_arg(*ap, unsigned long long));
        else if (lenlen == 1 && *len == 'l')
            EMIT(va_arg(*ap, unsigned long));
        else if (lenlen == 1 && *len == 'z')
            EMIT(va_arg(*ap, size_t));
        else if (lenlen == 1 && *len == 'j')
            EMIT(va_arg(*ap, uintmax_t));
        else if (lenlen == 1 && *len == 't')
            EMIT(va_arg(*ap, size_t));
        else
            EMIT(va_arg(*ap, unsigned));
    }
#undef EMIT
    if (k > 0)
        *used += (size_t)k < room ? (size_t)k : room - 1;
}

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

void shr__vformat_fr(char *out, size_t size, const char *fmt, va_list ap)
{
    if (!size)
        return;
    const char *fr = shr__message_fr(fmt);
    const char *f = fr ? fr : fmt;
    size_t used = 0;
    va_list aq;
    va_copy(aq, ap);
    while (*f && used + 1 < size) {
        if (*f != '%') {
            out[used++] = *f++;
            continue;
        }
        if (f[1] == '%') {
            out[used++] = '%';
            f += 2;
            continue;
        }
        size_t n = 1 + strspn(f + 1, "-+ #0123456789.*hljztL");
        if (!f[n] || n + 2 > 16) { /* not a conversion we know: copy it as text */
            out[used++] = *f++;
            continue;
        }
        char spec[16];
        memcpy(spec, f, n + 1);
        spec[n + 1] = '\0';
        emit(out, size, &used, spec, &aq);
        f += n + 1;
    }
    va_end(aq);
    out[used < size ? used : size - 1] = '\0';
}
