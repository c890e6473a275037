/*
 * The text index of the query indexes (index.c builds the rest): the distinct folded tokens of
 * names, descriptions and tags, sorted (prefix search is a range), each with the postings of the
 * practices using it, and each practice's token sequence (to check phrases without re-reading
 * the texts).
 *
 * One pass over the texts cuts them into tokens (an ASCII fast path through a 256-entry table;
 * other code points through the Latin table below, or shr__fold_cp()), looks each token up in
 * a hash table of the distinct tokens (a few tens of thousands: it stays in cache) and appends
 * its number to the practice's sequence. A token is handled as 64-bit words, zero-padded
 * (folded tokens hold no NUL byte): hashing and comparing go a word at a time, and the first
 * word is kept in the token's info, so a token of at most 8 bytes is compared without touching
 * the pool. The postings are then filled from the sequences (a second pass over them, not over
 * the texts), by counting: each token's number of practices is counted in the first pass.
 */
#include "textindex.h"
#include "quicksort.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Byte classes: folded byte of an ASCII letter or digit (1..0x7F), 0 for an ASCII separator,
 * TB_HIGH for a byte of a multi-byte sequence, TB_END for NUL. */
#define TB_HIGH 0x80
#define TB_END 0xFF
#define L16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const uint8_t tb_class[256] = {
    TB_END, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0, 0, 0, 0, 0, 0,
    0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
    0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
    L16(TB_HIGH), L16(TB_HIGH), L16(TB_HIGH), L16(TB_HIGH),
    L16(TB_HIGH), L16(TB_HIGH), L16(TB_HIGH), L16(TB_HIGH),
};
#undef L16

/* Runs of ASCII letters and digits are scanned 16 bytes at a time with SSE2 where available. */
#if defined(__SSE2__)
#include <emmintrin.h>
#define TB_SSE2 1
#else
#define TB_SSE2 0
#endif


static inline uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint32_t tok_hash(const uint64_t *w, uint32_t nw)
{
    /* the high half of a product depends on every bit of its operand */
    uint64_t h = w[0] * UINT64_C(0x9E3779B97F4A7C15);
    for (uint32_t i = 1; i < nw; i++)
        h = (rotl64(h, 29) ^ w[i]) * UINT64_C(0x9E3779B97F4A7C15);
    return (uint32_t)(h >> 32);
}

/* Mask keeping the bytes of a word loaded from memory that belong to a token of len > 0
 * bytes ending in that word. */
static inline uint64_t last_word_mask(uint32_t len)
{
    unsigned past = (0u - len) & 7u; /* bytes of the word past the token */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return ~UINT64_C(0) << (8 * past);
#else
    return ~UINT64_C(0) >> (8 * past);
#endif
}

static int tb_rehash(shr_text_builder *tb)
{
    uint32_t bits = tb->slots ? 33 - tb->shift : 12;
    size_t cap = (size_t)1 << bits;
    uint32_t *slots = shr__calloc(tb->a, cap, sizeof *slots);
    if (!slots)
        return SHR_ENOMEM;
    for (size_t i = 0; i < tb->toks.count; i++) {
        const shr_tokinfo *t = &tb->toks.items[i];
        size_t s = tok_hash(tb->pool.items + t->off, (t->len + 7) / 8) >> (32 - bits);
        while (slots[s])
            s = (s + 1) & (cap - 1);
        slots[s] = (uint32_t)i + 1;
    }
    shr__free(tb->a, tb->slots);
    tb->slots = slots;
    tb->shift = 32 - bits;
    tb->mask = cap - 1;
    return SHR_OK;
}

/*
 * The token of len bytes (0 < len <= SHR_TOKEN_MAX) for practice p, as n = (len + 7) / 8
 * words: w0 first, last (zero-padded) last (the same when n == 1), w[1 .. n - 1) between.
 * Returns its number (index in toks), or UINT32_MAX on OOM.
 */
static inline uint32_t tb_add(shr_text_builder *tb, const uint64_t *w, uint64_t w0, uint64_t last,
                              uint32_t len, uint32_t p)
{
    uint32_t nw = (len + 7) / 8;
    uint64_t h64 = w0 * UINT64_C(0x9E3779B97F4A7C15);
    if (nw > 1) {
        for (uint32_t i = 1; i + 1 < nw; i++)
            h64 = (rotl64(h64, 29) ^ w[i]) * UINT64_C(0x9E3779B97F4A7C15);
        h64 = (rotl64(h64, 29) ^ last) * UINT64_C(0x9E3779B97F4A7C15);
    }
    uint32_t h = (uint32_t)(h64 >> 32); /* = tok_hash() of the words */
    size_t mask = tb->mask;
    size_t s = h >> tb->shift;
    for (;; s = (s + 1) & mask) {
        uint32_t id = tb->slots[s];
        if (!id)
            break;
        shr_tokinfo *t = &tb->toks.items[id - 1];
        if (t->w0 != w0 || t->len != len)
            continue;
        if (nw > 1) {
            const uint64_t *x = tb->pool.items + t->off;
            uint32_t i = 1;
            while (i + 1 < nw && x[i] == w[i])
                i++;
            if (i + 1 < nw || x[i] != last)
                continue;
        }
        if (t->stamp != p + 1) {
            t->stamp = p + 1;
            t->n++;
        }
        return id - 1;
    }
    /* a new token */
    if (tb->toks.count >= UINT32_MAX - 1 || tb->pool.count + nw > UINT32_MAX ||
        shr__grow(tb->a, (void **)&tb->pool.items, &tb->pool.cap, tb->pool.count + nw,
                  sizeof *tb->pool.items) ||
        shr__grow(tb->a, (void **)&tb->toks.items, &tb->toks.cap, tb->toks.count + 1,
                  sizeof *tb->toks.items))
        return UINT32_MAX;
    shr_tokinfo *t = &tb->toks.items[tb->toks.count];
    t->w0 = w0;
    t->off = (uint32_t)tb->pool.count;
    t->len = len;
    t->stamp = p + 1;
    t->n = 1;
    uint64_t *x = tb->pool.items + tb->pool.count;
    x[0] = w0;
    for (uint32_t i = 1; i + 1 < nw; i++)
        x[i] = w[i];
    x[nw - 1] = last;
    tb->pool.count += nw;
    tb->toks.count++;
    if (tb->toks.count * 2 > tb->mask + 1) {
        if (tb_rehash(tb))
            return UINT32_MAX;
    } else {
        tb->slots[s] = (uint32_t)tb->toks.count;
    }
    return (uint32_t)tb->toks.count - 1;
}

/* Append token number id (UINT32_MAX: OOM) to the sequence at *q (room reserved). */
static inline int tb_put(uint32_t id, uint8_t **q)
{
    if (id == UINT32_MAX)
        return SHR_ENOMEM;
    *q = shr__varint_put(*q, (size_t)id + 1);
    return SHR_OK;
}

/* Append the token of n folded bytes in tb->buf (which keeps the first SHR_TOKEN_MAX). */
static inline int tb_token(shr_text_builder *tb, size_t n, uint32_t p, uint8_t **q)
{
    if (n > SHR_TOKEN_MAX)
        n = SHR_TOKEN_MAX;
    uint32_t nw = (uint32_t)(n + 7) / 8;
    /* zero the bytes past the token in a register: a store there, then loads of the whole
     * words, would defeat store forwarding */
    uint64_t last = tb->buf[nw - 1] & last_word_mask((uint32_t)n);
    uint64_t w0 = nw == 1 ? last : tb->buf[0];
    return tb_put(tb_add(tb, tb->buf, w0, last, (uint32_t)n, p), q);
}

/* Room in the sequence and the token buffer for a text of len bytes. */
static int tb_reserve(shr_text_builder *tb, size_t len)
{
    /* at most (len + 1) / 2 tokens, numbered below count + len + 2 */
    size_t need = tb->nseq + ((len + 1) / 2) * (size_t)shr__varint_len(tb->toks.count + len + 2) + 1;
    if (need > tb->capseq) {
        size_t cap = tb->capseq + tb->capseq / 4 + 65536;
        if (cap < need)
            cap = need;
        uint8_t *np = shr__realloc(tb->a, tb->seq, cap);
        if (!np)
            return SHR_ENOMEM;
        tb->seq = np;
        tb->capseq = cap;
    }
    /* the token buffer: ASCII bytes are stored past SHR_TOKEN_MAX (never beyond len of them),
     * other folded bytes are not */
    size_t words = (len + SHR_TOKEN_MAX) / 8 + 2;
    if (words > tb->capbuf) {
        shr__free(tb->a, tb->buf);
        size_t cap = words < 1024 ? 1024 : words + words / 4;
        tb->buf = shr__malloc(tb->a, cap * 8);
        tb->capbuf = tb->buf ? cap : 0;
        if (!tb->buf)
            return SHR_ENOMEM;
    }
    return SHR_OK;
}

/* Append to *q the tokens of s[0..len) (NUL-terminated at len), as shr__next_token() cuts
 * them; tb_reserve() made room. */
static int tb_scan(shr_text_builder *tb, const char *s, size_t len, uint32_t p, uint8_t **qp)
{
    char *buf = (char *)tb->buf;
    uint8_t *q = *qp;
    const unsigned char *u = (const unsigned char *)s, *end = u + len;
    size_t n = 0; /* folded bytes of the current token (at least SHR_TOKEN_MAX when longer) */
    for (;;) {
        unsigned f = tb_class[*u];
        if (f - 1u < 0x7Fu) { /* a run of ASCII letters and digits */
#if TB_SSE2
            /* 16 bytes at a time while the text has them */
            while ((size_t)(end - u) >= 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)u);
                __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
                /* signed compares: bytes >= 0x80 are negative, neither letters nor digits */
                __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                               _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
                __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                              _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
                unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
                /* folded: letters and digits | 0x20 */
                if (m != 0xFFFF) {
                    unsigned k = (unsigned)__builtin_ctz(~m);
                    if (n == 0 && tb_class[u[k]] != TB_HIGH) {
                        /* the whole token is here: straight from the register */
                        uint64_t w0 = (uint64_t)_mm_cvtsi128_si64(lower);
                        uint64_t last = k <= 8 ? w0 : (uint64_t)_mm_cvtsi128_si64(
                                                          _mm_srli_si128(lower, 8));
                        last &= last_word_mask(k);
                        if (k <= 8)
                            w0 = last;
                        if (tb_put(tb_add(tb, NULL, w0, last, k, p), &q))
                            return SHR_ENOMEM;
                        u += k;
                        goto next; /* at a separator or the end */
                    }
                    /* bytes past the run are overwritten or ignored */
                    _mm_storeu_si128((__m128i *)(buf + n), lower);
                    u += k;
                    n += k;
                    break;
                }
                _mm_storeu_si128((__m128i *)(buf + n), lower);
                u += 16;
                n += 16;
            }
            f = tb_class[*u];
#endif
            while (f - 1u < 0x7Fu) {
                buf[n++] = (char)f;
                f = tb_class[*++u];
            }
        }
#if TB_SSE2
    next:
#endif
        f = tb_class[*u];
        if (f == 0) { /* ASCII separators */
            if (n) {
                if (tb_token(tb, n, p, &q))
                    return SHR_ENOMEM;
                n = 0;
            }
            do
                u++;
            while (tb_class[*u] == 0);
            continue;
        }
        if (f == TB_END)
            break;
        /* a multi-byte sequence (s is NUL-terminated: decoding stops at the NUL) */
        int k;
        char tmp[128];
        const char *fold = tmp;
        unsigned c = u[0], c2 = u[1];
        if (c >= 0xC2 && c <= 0xC5 && (c2 & 0xC0) == 0x80) { /* U+0080..U+017F */
            unsigned cp = ((c & 0x1Fu) << 6 | (c2 & 0x3Fu)) - 0x80u;
            k = tb->latin_len[cp];
            u += 2;
            if (k >= 0 && n + 4 <= SHR_TOKEN_MAX) { /* the common case: a letter */
                memcpy(buf + n, tb->latin[cp], 4); /* (k <= 4) bytes past it are ignored */
                n += (size_t)k;
                continue;
            }
            fold = tb->latin[cp];
        } else {
            size_t pos = 0;
            int32_t cp = shr__utf8_decode((const char *)u, 4, &pos);
            u += pos;
            k = shr__fold_cp(cp, tmp);
        }
        if (k < 0) {
            if (n) {
                if (tb_token(tb, n, p, &q))
                    return SHR_ENOMEM;
                n = 0;
            }
            continue;
        }
        if (n < SHR_TOKEN_MAX) {
            size_t m = (size_t)k < SHR_TOKEN_MAX - n ? (size_t)k : SHR_TOKEN_MAX - n;
            memcpy(buf + n, fold, m);
            n += m;
        }
    }
    if (n && tb_token(tb, n, p, &q))
        return SHR_ENOMEM;
    *qp = q;
    return SHR_OK;
}

/* Tokens of one text, then the end of the text (0). */
static int tb_text(shr_text_builder *tb, const char *s, uint32_t p)
{
    if (!s)
        return SHR_OK;
    size_t len = strlen(s);
    int rc = tb_reserve(tb, len);
    if (rc)
        return rc;
    uint8_t *q = tb->seq + tb->nseq;
    if ((rc = tb_scan(tb, s, len, p, &q)))
        return rc;
    *q++ = 0;
    tb->nseq = (size_t)(q - tb->seq);
    return SHR_OK;
}

/*
 * Tokens of a coded description (textstore.c), then 0. Every piece of the store ends with a
 * space or the text (a token boundary), so the tokens of a text are those of its pieces one
 * after the other: each distinct piece is folded once, the first time, and its tokens are
 * remembered (memo), which spares folding the same words again and again.
 */
static int tb_coded(shr_text_builder *tb, const shr_textstore *ts, const uint8_t *blob, uint32_t p)
{
    const uint8_t *c = blob;
    size_t len = shr__varint_get(&c);
    int rc = tb_reserve(tb, len);
    if (rc)
        return rc;
    uint8_t *q = tb->seq + tb->nseq;
    size_t done = 0;
    while (done < len) {
        uint32_t i;
        size_t n;
        const char *bytes = shr__textstore_piece(ts, &c, &i, &n);
        done += n;
        if (i == UINT32_MAX) { /* a literal */
            if (shr__grow(tb->a, (void **)&tb->desc, &tb->desc_cap, n + 1, 1))
                return SHR_ENOMEM;
            memcpy(tb->desc, bytes, n);
            tb->desc[n] = '\0';
            if ((rc = tb_scan(tb, tb->desc, n, p, &q)))
                return rc;
            continue;
        }
        if (tb->memo_start[i] != UINT32_MAX) {
            const uint32_t *t = tb->memo_toks.items + tb->memo_start[i];
            for (uint32_t k = 0, nt = tb->memo_len[i]; k < nt; k++) {
                shr_tokinfo *ti = &tb->toks.items[t[k]];
                if (ti->stamp != p + 1) {
                    ti->stamp = p + 1;
                    ti->n++;
                }
                tb_put(t[k], &q);
            }
            continue;
        }
        char piece[SHR_TEXTSTORE_PIECE_MAX + 1];
        memcpy(piece, bytes, n);
        piece[n] = '\0';
        uint8_t *q0 = q;
        if ((rc = tb_scan(tb, piece, n, p, &q)))
            return rc;
        size_t start = tb->memo_toks.count;
        while (q0 < q) {
            if (shr__grow(tb->a, (void **)&tb->memo_toks.items, &tb->memo_toks.cap,
                          tb->memo_toks.count + 1, sizeof *tb->memo_toks.items))
                return SHR_ENOMEM;
            tb->memo_toks.items[tb->memo_toks.count++] = (uint32_t)shr__varint_get(
                (const uint8_t **)&q0) - 1;
        }
        tb->memo_start[i] = (uint32_t)start;
        tb->memo_len[i] = (uint8_t)(tb->memo_toks.count - start);
    }
    *q++ = 0;
    tb->nseq = (size_t)(q - tb->seq);
    return SHR_OK;
}

static void tb_free(shr_text_builder *tb)
{
    shr__free(tb->a, tb->toks.items);
    shr__free(tb->a, tb->pool.items);
    shr__free(tb->a, tb->slots);
    shr__free(tb->a, tb->seq);
    shr__free(tb->a, tb->buf);
    shr__free(tb->a, tb->desc);
    shr__free(tb->a, tb->memo_start);
    shr__free(tb->a, tb->memo_len);
    shr__free(tb->a, tb->memo_toks.items);
}

int shr__textindex_begin(const shr_catalog *cat, shr_index *idx, shr_text_builder *tb)
{
    const shr_allocator *a = &cat->alloc;
    memset(tb, 0, sizeof *tb);
    tb->a = a;
    tb->npractices = idx->npractices;
    tb->nwords = idx->nwords;
    for (unsigned cp = 0; cp < 0x100; cp++) {
        char tmp[128];
        int k = shr__fold_cp((int32_t)(cp + 0x80), tmp);
        if (k > 4)
            k = -1; /* not in this range, but keep the table safe */
        tb->latin_len[cp] = (int8_t)k;
        if (k > 0)
            memcpy(tb->latin[cp], tmp, (size_t)k);
    }
    int rc = tb_rehash(tb);
    idx->seq_off = shr__malloc(a, ((size_t)idx->npractices + 1) * sizeof *idx->seq_off);
    size_t npieces = cat->texts.count;
    tb->memo_start = shr__malloc(a, (npieces + 1) * sizeof *tb->memo_start);
    tb->memo_len = shr__malloc(a, npieces + 1);
    if (!idx->seq_off || !tb->memo_start || !tb->memo_len)
        rc = SHR_ENOMEM;
    else
        memset(tb->memo_start, 0xFF, (npieces + 1) * sizeof *tb->memo_start);
    return rc;
}

static int tb_description(shr_text_builder *tb, const shr_practice *pr, uint32_t p)
{
    uintptr_t v = atomic_load_explicit(&pr->description, memory_order_acquire);
    if (!v)
        return SHR_OK;
    if (v & 1) /* decoded by shr_practice_description() (a later load) */
        return tb_text(tb, (const char *)(v & ~(uintptr_t)1), p);
    return tb_coded(tb, &pr->cat->texts, (const uint8_t *)v, p);
}

int shr__textindex_practice(shr_text_builder *tb, shr_index *idx, const shr_practice *pr,
                            uint32_t p)
{
    if (tb->nseq > UINT32_MAX - 65536)
        return SHR_ELIMIT;
    idx->seq_off[p] = (uint32_t)tb->nseq;
    int rc = tb_text(tb, pr->name, p);
    if (rc == SHR_OK)
        rc = tb_description(tb, pr, p);
    for (uint32_t i = 0; rc == SHR_OK && i < pr->ntags; i++)
        rc = tb_text(tb, pr->tags[i], p);
    if (rc == SHR_OK && tb->nseq > UINT32_MAX - 65536)
        rc = SHR_ELIMIT;
    return rc;
}

/* Sort key of a token: its first 8 bytes as a big-endian number (bytewise order), then the
 * rest when equal. */
typedef struct tokref {
    uint64_t key;
    uint32_t id, len;
} tokref;

static inline uint64_t be64(uint64_t w)
{
    const unsigned char *b = (const unsigned char *)&w;
    return (uint64_t)b[0] << 56 | (uint64_t)b[1] << 48 | (uint64_t)b[2] << 40 |
           (uint64_t)b[3] << 32 | (uint64_t)b[4] << 24 | (uint64_t)b[5] << 16 |
           (uint64_t)b[6] << 8 | (uint64_t)b[7];
}

static inline int tokref_less(const shr_text_builder *tb, const tokref *x, const tokref *y)
{
    if (x->key != y->key)
        return x->key < y->key;
    if (x->len <= 8 || y->len <= 8)
        return x->len < y->len;
    const char *a = (const char *)(tb->pool.items + tb->toks.items[x->id].off) + 8;
    const char *b = (const char *)(tb->pool.items + tb->toks.items[y->id].off) + 8;
    uint32_t m = (x->len < y->len ? x->len : y->len) - 8;
    int c = memcmp(a, b, m);
    return c ? c < 0 : x->len < y->len;
}

DEFINE_QUICKSORT(tokref_sort, tokref, const shr_text_builder *, tokref_less)

/* Sort the dictionary, then fill the postings from the sequence store (a second pass over
 * the sequences, not the texts); moves everything into the index and frees tb. */
int shr__textindex_finish(const shr_catalog *cat, shr_index *idx, shr_text_builder *tb_, int rc)
{
    const shr_allocator *a = &cat->alloc;
    shr_text_builder tb = *tb_;
    uint32_t ntok = (uint32_t)tb.toks.count, P = idx->npractices;
    tokref *refs = NULL;
    uint32_t *cursor = NULL; /* per sequence number */
    shr_pgroup *g = &idx->token;
    shr__free(a, tb.buf);
    tb.buf = NULL;
    shr__free(a, tb.slots);
    tb.slots = NULL;
    if (rc == SHR_OK) {
        idx->seq_off[P] = (uint32_t)tb.nseq;
        idx->seq = shr__realloc(a, tb.seq, tb.nseq + 1); /* trimmed to size */
        if (idx->seq)
            tb.seq = NULL;
        idx->seq_tok = shr__malloc(a, ((size_t)ntok + 1) * sizeof *idx->seq_tok);
        idx->tok_seq = shr__malloc(a, ((size_t)ntok + 1) * sizeof *idx->tok_seq);
        refs = shr__malloc(a, ((size_t)ntok + 1) * sizeof *refs);
        if (!refs || !idx->seq || !idx->seq_tok || !idx->tok_seq)
            rc = SHR_ENOMEM;
    }
    size_t nchars = 0;
    if (rc == SHR_OK) {
        size_t nitems = 0;
        uint32_t ndense = 0;
        for (uint32_t i = 0; i < ntok; i++) {
            const shr_tokinfo *t = &tb.toks.items[i];
            refs[i] = (tokref){be64(t->w0), i, t->len};
            nchars += t->len;
            if (shr__posting_is_dense(t->n, P))
                ndense++;
            else
                nitems += t->n;
        }
        tokref_sort(&tb, refs, ntok);
        idx->tok_chars = shr__malloc(a, nchars + 1);
        idx->tok_off = shr__malloc(a, ((size_t)ntok + 1) * sizeof *idx->tok_off);
        cursor = shr__malloc(a, ((size_t)ntok + 1) * sizeof *cursor);
        if (!idx->tok_chars || !idx->tok_off || !cursor)
            rc = SHR_ENOMEM;
        if (rc == SHR_OK)
            rc = shr__pgroup_alloc(a, g, ntok, nitems, ndense, idx->nwords);
        size_t ni = 0, nc = 0;
        uint32_t nd = 0;
        for (uint32_t k = 0; rc == SHR_OK && k < ntok; k++) {
            uint32_t id = refs[k].id;
            shr_tokinfo *t = &tb.toks.items[id];
            idx->seq_tok[id] = k;
            idx->tok_seq[k] = id;
            idx->tok_off[k] = (uint32_t)nc;
            memcpy(idx->tok_chars + nc, tb.pool.items + t->off, t->len);
            nc += t->len;
            g->off[k] = (uint32_t)ni;
            if (shr__posting_is_dense(t->n, P)) {
                g->dense_key[nd] = k;
                g->dense_n[nd] = t->n;
                cursor[id] = UINT32_MAX - nd; /* dense: bitset number nd */
                nd++;
            } else {
                cursor[id] = (uint32_t)ni;
                ni += t->n;
            }
        }
        if (rc == SHR_OK) {
            g->off[ntok] = (uint32_t)ni;
            idx->tok_off[ntok] = (uint32_t)nc;
            idx->tok_chars[nc] = '\0';
        }
        shr__free(a, refs);
        refs = NULL;
        shr__free(a, tb.pool.items);
        tb.pool.items = NULL;
        /* second pass, over the sequences: stamps are per sequence number */
        uint32_t *stamp = (uint32_t *)tb.toks.items; /* reused: ntok stamps fit */
        if (rc == SHR_OK && ntok)
            memset(stamp, 0, (size_t)ntok * sizeof *stamp);
        for (uint32_t p = 0; rc == SHR_OK && p < P; p++) {
            const uint8_t *q = idx->seq + idx->seq_off[p], *end = idx->seq + idx->seq_off[p + 1];
            while (q < end) {
                uint32_t v = (uint32_t)shr__varint_get(&q);
                if (v == 0 || stamp[v - 1] == p + 1)
                    continue;
                stamp[v - 1] = p + 1;
                uint32_t c = cursor[v - 1];
                if (c > UINT32_MAX - ndense) {
                    uint64_t *w = g->bits + (size_t)(UINT32_MAX - c) * idx->nwords;
                    w[p >> 6] |= UINT64_C(1) << (p & 63);
                } else {
                    g->items[c] = p;
                    cursor[v - 1] = c + 1;
                }
            }
        }
    }
    shr__free(a, cursor);
    shr__free(a, refs);
    tb_free(&tb);
    if (rc == SHR_OK)
        rc = shr__textindex_pairs(a, idx);
    return rc;
}

/* Compare token k with prefix: <0, 0 when token k begins with the prefix, >0. */
static int tok_prefix_cmp(const shr_index *idx, uint32_t k, const char *prefix, size_t len)
{
    uint32_t tl = idx->tok_off[k + 1] - idx->tok_off[k];
    const char *t = idx->tok_chars + idx->tok_off[k];
    size_t m = tl < len ? tl : len;
    int c = memcmp(t, prefix, m);
    if (c)
        return c;
    return tl < len ? -1 : 0;
}

void shr__index_token_range(const shr_index *idx, const char *prefix, size_t len, uint32_t *lo,
                            uint32_t *hi)
{
    *lo = *hi = 0;
    if (!idx)
        return;
    uint32_t l = 0, h = idx->token.nkeys;
    while (l < h) { /* first token >= prefix (in prefix order) */
        uint32_t mid = l + (h - l) / 2;
        if (tok_prefix_cmp(idx, mid, prefix, len) < 0)
            l = mid + 1;
        else
            h = mid;
    }
    *lo = l;
    h = idx->token.nkeys;
    while (l < h) { /* first token after those beginning with the prefix */
        uint32_t mid = l + (h - l) / 2;
        if (tok_prefix_cmp(idx, mid, prefix, len) <= 0)
            l = mid + 1;
        else
            h = mid;
    }
    *hi = l;
}

