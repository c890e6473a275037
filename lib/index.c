/*
 * Query indexes, rebuilt from the records at each successful load (commit.c calls
 * shr__index_build() after the graph).
 *
 * What is built (see query_internal.h):
 *  - per practice, status and axes (for facets);
 *  - orders of practices by started and ended, the practices with several territories, and
 *    territories by population, for comparisons (binary search, then a range);
 *  - postings (sorted lists, or bitsets when dense) per axis, category, family, status, role,
 *    actor kind, actor sector, tag, and territory containing (`in`: every practice with a
 *    territory within T, from the graph's closure; only for territories that contain others,
 *    since for the rest it is the graph's territory_practices, which `at` and `actor` use too);
 *  - a text index: the distinct folded tokens of names, descriptions and tags, sorted (prefix
 *    search is a range), each with the postings of the practices using it, and each
 *    practice's token sequence (to check phrases without re-reading the texts).
 *
 * Postings are built in two passes over the practices (count, then fill), the same code
 * emitting into every key space at once; a per-key stamp drops a practice's repeated values.
 */
#include "query_internal.h"

#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

/* ------------------------------------------------------------------ posting builders */

typedef struct builder {
    uint32_t nkeys, nwords;
    uint32_t *cnt;   /* pass 0: counts; pass 1: next free slot, or UINT32_MAX - i for the
                        key with bitset i */
    uint32_t *stamp; /* practice + 1 that last emitted the key */
    uint32_t ndense;
    uint32_t cur;    /* practice + 1 */
    int pass;
    shr_pgroup *g;   /* filled directly in pass 1 */
} builder;

/* Key of practice b->cur - 1, known not to be emitted twice for it. */
static inline void emit_once(builder *b, uint32_t key)
{
    if (key >= b->nkeys)
        return;
    if (b->pass == 0) {
        b->cnt[key]++;
        return;
    }
    uint32_t c = b->cnt[key], p = b->cur - 1;
    if (c > UINT32_MAX - b->ndense) {
        uint64_t *w = b->g->bits + (size_t)(UINT32_MAX - c) * b->nwords;
        w[p >> 6] |= UINT64_C(1) << (p & 63);
    } else {
        b->g->items[c] = p;
        b->cnt[key] = c + 1;
    }
}

static inline void emit(builder *b, uint32_t key)
{
    if (key >= b->nkeys || b->stamp[key] == b->cur)
        return;
    b->stamp[key] = b->cur;
    emit_once(b, key);
}

static int builder_init(const shr_allocator *a, builder *b, uint32_t nkeys, shr_pgroup *g,
                        uint32_t nwords)
{
    memset(b, 0, sizeof *b);
    b->nkeys = nkeys;
    b->nwords = nwords;
    b->g = g;
    b->cnt = shr__calloc(a, (size_t)nkeys + 1, sizeof *b->cnt);
    b->stamp = shr__calloc(a, (size_t)nkeys + 1, sizeof *b->stamp);
    return b->cnt && b->stamp ? SHR_OK : SHR_ENOMEM;
}

static void builder_free(const shr_allocator *a, builder *b)
{
    shr__free(a, b->cnt);
    shr__free(a, b->stamp);
    memset(b, 0, sizeof *b);
}

static int is_dense(uint32_t n, uint32_t npractices)
{
    return n >= 64 && (uint64_t)n * 32 >= npractices;
}

static void pgroup_free(const shr_allocator *a, shr_pgroup *g)
{
    shr__free(a, g->off);
    shr__free(a, g->items);
    shr__free(a, g->dense_key);
    shr__free(a, g->dense_n);
    shr__free(a, g->bits);
    memset(g, 0, sizeof *g);
}

static int pgroup_alloc(const shr_allocator *a, shr_pgroup *g, uint32_t nkeys, size_t nitems,
                        uint32_t ndense, uint32_t nwords)
{
    g->nkeys = nkeys;
    g->ndense = ndense;
    g->off = shr__malloc(a, ((size_t)nkeys + 1) * sizeof *g->off);
    g->items = shr__malloc(a, (nitems + 1) * sizeof *g->items);
    g->dense_key = shr__malloc(a, ((size_t)ndense + 1) * sizeof *g->dense_key);
    g->dense_n = shr__malloc(a, ((size_t)ndense + 1) * sizeof *g->dense_n);
    g->bits = shr__calloc(a, (size_t)ndense * nwords + 1, sizeof *g->bits);
    if (!g->off || !g->items || !g->dense_key || !g->dense_n || !g->bits) {
        pgroup_free(a, g);
        return SHR_ENOMEM;
    }
    return SHR_OK;
}

/* After pass 0: the group's exact storage, and where each key's practices go. */
static int builder_second_pass(const shr_allocator *a, builder *b, uint32_t npractices)
{
    size_t nitems = 0;
    uint32_t ndense = 0;
    for (uint32_t k = 0; k < b->nkeys; k++) {
        if (is_dense(b->cnt[k], npractices))
            ndense++;
        else
            nitems += b->cnt[k];
    }
    if (pgroup_alloc(a, b->g, b->nkeys, nitems, ndense, b->nwords))
        return SHR_ENOMEM;
    shr_pgroup *g = b->g;
    size_t ni = 0;
    uint32_t nd = 0;
    for (uint32_t k = 0; k < b->nkeys; k++) {
        uint32_t n = b->cnt[k];
        g->off[k] = (uint32_t)ni;
        if (is_dense(n, npractices)) {
            g->dense_key[nd] = k;
            g->dense_n[nd] = n;
            b->cnt[k] = UINT32_MAX - nd;
            nd++;
        } else {
            b->cnt[k] = (uint32_t)ni;
            ni += n;
        }
    }
    g->off[b->nkeys] = (uint32_t)ni;
    b->ndense = ndense;
    memset(b->stamp, 0, ((size_t)b->nkeys + 1) * sizeof *b->stamp);
    b->pass = 1;
    return SHR_OK;
}

/* ------------------------------------------------------------------ orders */

typedef struct keyed {
    int64_t key;
    uint32_t index;
} keyed;

static inline int keyed_less(const keyed *a, const keyed *b)
{
    return a->key != b->key ? a->key < b->key : a->index < b->index;
}

/*
 * static void NAME(CTX ctx, T *v, size_t n): sort v by LESS(ctx, &a, &b), all keys distinct.
 * Quicksort (median of three), insertion sort for small ranges; the comparisons are inline
 * (qsort's indirect calls cost more than the sort itself). One definition for the index's
 * sorts of keyed orders and of tokens.
 */
#define DEFINE_QUICKSORT(NAME, T, CTX, LESS)                                                      \
    static void NAME(CTX ctx, T *v, size_t n)                                                    \
    {                                                                                            \
        while (n > 16) {                                                                         \
            size_t m = n / 2;                                                                    \
            T t;                                                                                 \
            if (LESS(ctx, &v[m], &v[0])) {                                                       \
                t = v[m]; v[m] = v[0]; v[0] = t;                                                 \
            }                                                                                    \
            if (LESS(ctx, &v[n - 1], &v[m])) {                                                   \
                t = v[n - 1]; v[n - 1] = v[m]; v[m] = t;                                         \
                if (LESS(ctx, &v[m], &v[0])) {                                                   \
                    t = v[m]; v[m] = v[0]; v[0] = t;                                             \
                }                                                                                \
            }                                                                                    \
            T pivot = v[m];                                                                      \
            size_t i = 0, j = n - 1;                                                             \
            for (;;) {                                                                           \
                while (LESS(ctx, &v[i], &pivot))                                                 \
                    i++;                                                                         \
                while (LESS(ctx, &pivot, &v[j]))                                                 \
                    j--;                                                                         \
                if (i >= j)                                                                      \
                    break;                                                                       \
                t = v[i]; v[i] = v[j]; v[j] = t;                                                 \
                i++;                                                                             \
                j--;                                                                             \
            }                                                                                    \
            /* [0, j] <= pivot <= [j + 1, n): recurse on the smaller part */                     \
            if (j + 1 < n - j - 1) {                                                             \
                NAME(ctx, v, j + 1);                                                             \
                v += j + 1;                                                                      \
                n -= j + 1;                                                                      \
            } else {                                                                             \
                NAME(ctx, v + j + 1, n - j - 1);                                                 \
                n = j + 1;                                                                       \
            }                                                                                    \
        }                                                                                        \
        for (size_t i = 1; i < n; i++) {                                                         \
            T x = v[i];                                                                          \
            size_t j = i;                                                                        \
            for (; j > 0 && LESS(ctx, &x, &v[j - 1]); j--)                                       \
                v[j] = v[j - 1];                                                                 \
            v[j] = x;                                                                            \
        }                                                                                        \
    }

/* By (key, index), all distinct (the context is unused). */
#define KEYED_LESS(ctx, a, b) ((void)(ctx), keyed_less(a, b))
DEFINE_QUICKSORT(keyed_sort, keyed, const void *, KEYED_LESS)

/*
 * Indices i < n with val[i] != skip, sorted by (val[i], i), into order (n entries of room);
 * returns how many. Counting sort when the values span a small range, else keyed_sort().
 */
static int sort_order(const shr_allocator *a, const int32_t *val, uint32_t n, int32_t skip,
                      uint32_t *order, uint32_t *count)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (val[i] == skip)
            continue;
        m++;
        if (val[i] < lo)
            lo = val[i];
        if (val[i] > hi)
            hi = val[i];
    }
    *count = m;
    if (m == 0)
        return SHR_OK;
    uint64_t range = (uint64_t)(hi - lo) + 1;
    if (range <= (uint64_t)n * 4 + 4096) {
        uint32_t *c = shr__calloc(a, (size_t)range + 1, sizeof *c);
        if (!c)
            return SHR_ENOMEM;
        for (uint32_t i = 0; i < n; i++)
            if (val[i] != skip)
                c[val[i] - lo + 1]++;
        for (uint64_t k = 1; k <= range; k++)
            c[k] += c[k - 1];
        for (uint32_t i = 0; i < n; i++)
            if (val[i] != skip)
                order[c[val[i] - lo]++] = i;
        shr__free(a, c);
        return SHR_OK;
    }
    keyed *k = shr__malloc(a, (size_t)m * sizeof *k);
    if (!k)
        return SHR_ENOMEM;
    uint32_t j = 0;
    for (uint32_t i = 0; i < n; i++)
        if (val[i] != skip)
            k[j++] = (keyed){val[i], i};
    keyed_sort(NULL, k, m);
    for (uint32_t i = 0; i < m; i++)
        order[i] = k[i].index;
    shr__free(a, k);
    return SHR_OK;
}

/* ------------------------------------------------------------------ tags */

/*
 * Tags are compared folded like text (docs/query.md): the key of a tag is its shr__fold_key()
 * (case, accents and punctuation runs do not matter: "CGET-2019" is "cget 2019", "réemploi"
 * is "reemploi"). Keys longer than TAG_KEY_MAX bytes are cut there, the same way on both sides.
 */
#define TAG_KEY_MAX 1024

static size_t fold_tag(const char *tag, size_t len, char buf[TAG_KEY_MAX])
{
    size_t n = shr__fold_key(tag, len, buf, TAG_KEY_MAX);
    return n < TAG_KEY_MAX ? n : TAG_KEY_MAX;
}

/* (folded key, representative spelling, first-seen number) of a distinct tag, to sort. */
typedef struct tag_entry {
    const char *key, *tag;
    uint32_t id;
} tag_entry;

static int tag_entry_cmp(const void *x, const void *y)
{
    return strcmp(((const tag_entry *)x)->key, ((const tag_entry *)y)->key);
}

uint32_t shr__index_tag(const shr_index *idx, const char *tag_text, size_t tag_len)
{
    if (!idx)
        return SHR_NO_INDEX;
    char tag[TAG_KEY_MAX];
    size_t len = fold_tag(tag_text, tag_len, tag);
    uint32_t lo = 0, hi = idx->tag.nkeys;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const char *t = idx->tag_keys + idx->tag_key_off[mid];
        int c = strncmp(t, tag, len);
        if (c == 0 && t[len] != '\0')
            c = 1;
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SHR_NO_INDEX;
}

/* ------------------------------------------------------------------ text index */

/*
 * One pass over the texts cuts them into tokens (an ASCII fast path through a 256-entry table;
 * other code points through the Latin table below, or shr__fold_cp()), looks each token up in
 * a hash table of the distinct tokens (a few tens of thousands: it stays in cache) and appends
 * its number to the practice's sequence. A token is handled as 64-bit words, zero-padded
 * (folded tokens hold no NUL byte): hashing and comparing go a word at a time, and the first
 * word is kept in the token's info, so a token of at most 8 bytes is compared without touching
 * the pool. The postings are then filled from the sequences (a second pass over them, not over
 * the texts), by counting: each token's number of practices is counted in the first pass.
 */

typedef struct tokinfo {
    uint64_t w0;    /* first 8 bytes, zero-padded */
    uint32_t off;   /* its words: pool[off .. off + (len + 7) / 8) */
    uint32_t len;
    uint32_t stamp; /* practice + 1 that last counted it */
    uint32_t n;     /* practices using it */
} tokinfo;


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

typedef struct text_builder {
    const shr_allocator *a;
    uint32_t npractices, nwords;
    SHR_VEC(uint64_t) pool; /* tokens' words */
    SHR_VEC(tokinfo) toks;  /* in order of first appearance (sequence number - 1) */
    uint32_t *slots; /* hash table: token number + 1, 0 when empty */
    size_t mask;    /* number of slots - 1 (a power of two) */
    uint32_t shift; /* 32 - log2 of the number of slots: a hash's first slot is hash >> shift */
    uint8_t *seq; /* grown by a quarter at a time: the slack is never touched */
    size_t nseq, capseq;
    uint64_t *buf; /* folded token under way: room for a whole text and SHR_TOKEN_MAX */
    size_t capbuf; /* in words */
    char *desc;    /* a literal of a coded description */
    size_t desc_cap;
    /* Tokens of each piece of the catalog's text store, once folded: piece i's are
     * memo_toks[memo_start[i] .. + memo_len[i]), memo_start[i] UINT32_MAX until then. */
    uint32_t *memo_start;
    uint8_t *memo_len;
    SHR_VEC(uint32_t) memo_toks;
    /* folded form of U+0080..U+017F (Latin-1, Latin Extended-A): length (-1: separator) and
     * bytes, computed per build with shr__fold_cp() */
    int8_t latin_len[0x100];
    char latin[0x100][4];
} text_builder;

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

static int tb_rehash(text_builder *tb)
{
    uint32_t bits = tb->slots ? 33 - tb->shift : 12;
    size_t cap = (size_t)1 << bits;
    uint32_t *slots = shr__calloc(tb->a, cap, sizeof *slots);
    if (!slots)
        return SHR_ENOMEM;
    for (size_t i = 0; i < tb->toks.count; i++) {
        const tokinfo *t = &tb->toks.items[i];
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
static inline uint32_t tb_add(text_builder *tb, const uint64_t *w, uint64_t w0, uint64_t last,
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
        tokinfo *t = &tb->toks.items[id - 1];
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
    tokinfo *t = &tb->toks.items[tb->toks.count];
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
    uint32_t v = id + 1;
    uint8_t *o = *q;
    while (v >= 0x80) {
        *o++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *o++ = (uint8_t)v;
    *q = o;
    return SHR_OK;
}

/* Append the token of n folded bytes in tb->buf (which keeps the first SHR_TOKEN_MAX). */
static inline int tb_token(text_builder *tb, size_t n, uint32_t p, uint8_t **q)
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

static int varint_len(size_t v)
{
    int n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

/* Room in the sequence and the token buffer for a text of len bytes. */
static int tb_reserve(text_builder *tb, size_t len)
{
    /* at most (len + 1) / 2 tokens, numbered below count + len + 2 */
    size_t need = tb->nseq + ((len + 1) / 2) * (size_t)varint_len(tb->toks.count + len + 2) + 1;
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
static int tb_scan(text_builder *tb, const char *s, size_t len, uint32_t p, uint8_t **qp)
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
static int tb_text(text_builder *tb, const char *s, uint32_t p)
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
static int tb_coded(text_builder *tb, const shr_textstore *ts, const uint8_t *blob, uint32_t p)
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
                tokinfo *ti = &tb->toks.items[t[k]];
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

static void tb_free(text_builder *tb)
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

static int tb_begin(const shr_catalog *cat, shr_index *idx, text_builder *tb)
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

static int tb_description(text_builder *tb, const shr_practice *pr, uint32_t p)
{
    uintptr_t v = atomic_load_explicit(&pr->description, memory_order_acquire);
    if (!v)
        return SHR_OK;
    if (v & 1) /* decoded by shr_practice_description() (a later load) */
        return tb_text(tb, (const char *)(v & ~(uintptr_t)1), p);
    return tb_coded(tb, &pr->cat->texts, (const uint8_t *)v, p);
}

static int tb_practice(text_builder *tb, shr_index *idx, const shr_practice *pr, uint32_t p)
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

static inline int tokref_less(const text_builder *tb, const tokref *x, const tokref *y)
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

DEFINE_QUICKSORT(tokref_sort, tokref, const text_builder *, tokref_less)

/* Sort the dictionary, then fill the postings from the sequence store (a second pass over
 * the sequences, not the texts); moves everything into the index and frees tb. */
static int tb_finish(const shr_catalog *cat, shr_index *idx, text_builder *tb_, int rc)
{
    const shr_allocator *a = &cat->alloc;
    text_builder tb = *tb_;
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
            const tokinfo *t = &tb.toks.items[i];
            refs[i] = (tokref){be64(t->w0), i, t->len};
            nchars += t->len;
            if (is_dense(t->n, P))
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
            rc = pgroup_alloc(a, g, ntok, nitems, ndense, idx->nwords);
        size_t ni = 0, nc = 0;
        uint32_t nd = 0;
        for (uint32_t k = 0; rc == SHR_OK && k < ntok; k++) {
            uint32_t id = refs[k].id;
            tokinfo *t = &tb.toks.items[id];
            idx->seq_tok[id] = k;
            idx->tok_seq[k] = id;
            idx->tok_off[k] = (uint32_t)nc;
            memcpy(idx->tok_chars + nc, tb.pool.items + t->off, t->len);
            nc += t->len;
            g->off[k] = (uint32_t)ni;
            if (is_dense(t->n, P)) {
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
                uint32_t v = *q++;
                if (v & 0x80) {
                    v &= 0x7F;
                    int shift = 7;
                    while (*q & 0x80) {
                        v |= (uint32_t)(*q++ & 0x7F) << shift;
                        shift += 7;
                    }
                    v |= (uint32_t)*q++ << shift;
                }
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

/* ------------------------------------------------------------------ build */

enum { G_AXIS, G_CATEGORY, G_FAMILY, G_STATUS, G_ROLE, G_KIND, G_SECTOR, G_TAG, G_WITHIN,
       G_COUNT };

void shr__index_free(const shr_allocator *a, shr_index *idx)
{
    if (!idx)
        return;
    shr_pgroup *groups[] = {&idx->axis,     &idx->category_p, &idx->family_p,
                            &idx->status_p, &idx->role,       &idx->actorkind,
                            &idx->actorsector, &idx->tag,     &idx->within,
                            &idx->token};
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
        pgroup_free(a, groups[i]);
    shr__free(a, idx->status);
    shr__free(a, idx->axis_mask);
    shr__free(a, idx->by_started);
    shr__free(a, idx->by_ended);
    shr__free(a, idx->multi);
    shr__free(a, idx->multi_n);
    shr__free(a, idx->terr_kind);
    shr__free(a, idx->has_desc);
    shr__free(a, idx->terr_by_pop);
    shr__free(a, idx->tags);
    shr__free(a, idx->tag_keys);
    shr__free(a, idx->tag_key_off);
    shr__free(a, idx->tok_chars);
    shr__free(a, idx->tok_off);
    shr__free(a, idx->seq);
    shr__free(a, idx->seq_off);
    shr__free(a, idx->seq_tok);
    shr__free(a, idx->tok_seq);
    shr__free(a, idx);
}

/* The bits of a practice for the postings: axes 0-4, roles 5-9, actor kinds 10-20, sectors 21-24,
 * status 25-26, family 27-29. */
#define PI_ROLE 5
#define PI_KIND 10
#define PI_SECTOR 21
#define PI_STATUS 25
#define PI_FAMILY 27

/* What the passes over the practices share. The postings read the records again rather than
 * arrays gathered in the first pass: those would be live while the postings are allocated,
 * at the load's peak of memory. */
typedef struct gather {
    int32_t *started, *ended, *nterr;
    uint32_t *actor_bits;        /* per actor: its kind and sector bits */
    shr_idmap tag_map;           /* folded tag (owning) -> first-seen number */
    SHR_VEC(tag_entry) tags;     /* by first-seen number */
} gather;

static void gather_free(const shr_allocator *a, gather *g)
{
    shr__free(a, g->started);
    shr__free(a, g->ended);
    shr__free(a, g->nterr);
    shr__free(a, g->actor_bits);
    shr__free(a, g->tags.items);
    shr__idmap_free(&g->tag_map);
}

/* The bits of a practice (PI_*). */
static inline uint32_t practice_bits(const shr_catalog *cat, const gather *g,
                                     const shr_practice *pr)
{
    uint32_t bits = 0;
    for (uint32_t i = 0; i < pr->naxes; i++)
        bits |= 1u << pr->axes[i];
    bits |= ((uint32_t)pr->status & 3u) << PI_STATUS;
    uint32_t c = pr->category.index;
    if (c < cat->categories.count)
        bits |= ((uint32_t)cat->categories.items[c]->family & 7u) << PI_FAMILY;
    else
        bits |= 7u << PI_FAMILY; /* none */
    size_t A = cat->actors.count;
    for (uint32_t i = 0; i < pr->nactors; i++) {
        uint32_t ai = pr->actors[i].actor.index;
        bits |= 1u << (PI_ROLE + (uint32_t)pr->actors[i].role);
        if (ai < A)
            bits |= g->actor_bits[ai];
    }
    return bits;
}

/* Whether territory i of a practice is the first with its index (distinct territories). */
static inline bool first_territory(const shr_practice *pr, uint32_t i)
{
    uint32_t t = pr->territories[i].index, j = 0;
    while (j < i && pr->territories[j].index != t)
        j++;
    return j == i;
}

/* The one pass over the records: per-practice arrays, gathered keys, text index. */
static int gather_practices(const shr_catalog *cat, const shr_graph *graph, shr_index *idx,
                            gather *g, text_builder *tb)
{
    (void)graph;
    const shr_allocator *a = &cat->alloc;
    uint32_t P = idx->npractices;
    g->started = shr__malloc(a, ((size_t)P + 1) * sizeof *g->started);
    g->ended = shr__malloc(a, ((size_t)P + 1) * sizeof *g->ended);
    g->nterr = shr__malloc(a, ((size_t)P + 1) * sizeof *g->nterr);
    idx->status = shr__malloc(a, (size_t)P + 1);
    idx->axis_mask = shr__malloc(a, (size_t)P + 1);
    /* actors' kind and sector bits, read once in catalog order (not once per reference) */
    size_t A = cat->actors.count;
    g->actor_bits = shr__malloc(a, (A + 1) * sizeof *g->actor_bits);
    if (!g->started || !g->ended || !g->nterr || !idx->status || !idx->axis_mask ||
        !g->actor_bits)
        return SHR_ENOMEM;
    for (size_t i = 0; i < A; i++) {
        shr_actor_kind k = cat->actors.items[i]->kind;
        g->actor_bits[i] = 1u << (PI_KIND + (uint32_t)k) |
                           1u << (PI_SECTOR + (uint32_t)shr_actor_kind_sector(k));
    }
    int rc = SHR_OK;
    for (uint32_t p = 0; rc == SHR_OK && p < P; p++) {
        const shr_practice *pr = cat->practices.items[p];
        uint8_t axes = 0;
        for (uint32_t i = 0; i < pr->naxes; i++)
            axes |= (uint8_t)(1u << pr->axes[i]);
        idx->axis_mask[p] = (uint8_t)(axes & 0x1F);
        idx->status[p] = (uint8_t)pr->status;
        g->started[p] = pr->started;
        g->ended[p] = pr->ended;

        /* distinct territories */
        uint32_t n = 0;
        for (uint32_t i = 0; i < pr->nterritories; i++)
            n += first_territory(pr, i);
        g->nterr[p] = n == 1 ? -1 : (int32_t)(n > INT32_MAX ? INT32_MAX : n);

        for (uint32_t i = 0; rc == SHR_OK && i < pr->ntags; i++) {
            const char *t = pr->tags[i];
            char key[TAG_KEY_MAX];
            size_t klen = fold_tag(t, strlen(t), key), slot;
            uint32_t hash = shr__idmap_hash(key, klen);
            rc = shr__idmap_reserve(&g->tag_map, 1);
            if (rc == SHR_OK &&
                shr__idmap_probe(&g->tag_map, key, klen, hash, &slot) == SHR_NO_INDEX) {
                uint32_t id = (uint32_t)g->tags.count;
                rc = shr__grow(a, (void **)&g->tags.items, &g->tags.cap, g->tags.count + 1,
                               sizeof *g->tags.items);
                const char *copy = rc == SHR_OK ? shr__idmap_insert_copy(&g->tag_map, slot, key,
                                                                        klen, hash, id)
                                                : NULL;
                if (!copy)
                    rc = SHR_ENOMEM;
                else
                    g->tags.items[g->tags.count++] = (tag_entry){copy, t, id};
            }
        }
        if (rc == SHR_OK)
            rc = tb_practice(tb, idx, pr, p);
    }
    return rc;
}

/* Emit the keys of a practice's bits (each at most once: no stamp to check). */
static inline void emit_bits(builder *b, uint32_t m)
{
    for (; m; m &= m - 1)
        emit_once(b, (uint32_t)__builtin_ctz(m));
}

static void emit_practice(const shr_catalog *cat, const gather *ga, const shr_graph *graph,
                          const uint8_t *has_desc, const uint32_t *tag_keys, builder *b,
                          uint32_t p)
{
    for (int g = 0; g < G_COUNT; g++)
        b[g].cur = p + 1;
    const shr_practice *pr = cat->practices.items[p];
    uint32_t bits = practice_bits(cat, ga, pr);
    emit_bits(&b[G_AXIS], bits & ((1u << SHR_AXIS_COUNT) - 1));
    emit_once(&b[G_CATEGORY], pr->category.index);
    emit_once(&b[G_FAMILY], (bits >> PI_FAMILY) & 7u);
    emit_once(&b[G_STATUS], (bits >> PI_STATUS) & 3u);
    emit_bits(&b[G_ROLE], (bits >> PI_ROLE) & ((1u << SHR_ROLE_COUNT) - 1));
    emit_bits(&b[G_KIND], (bits >> PI_KIND) & ((1u << SHR_ACTOR_KIND_COUNT) - 1));
    emit_bits(&b[G_SECTOR], (bits >> PI_SECTOR) & ((1u << SHR_SECTOR_COUNT) - 1));
    for (uint32_t i = 0; i < pr->ntags; i++) {
        char key[TAG_KEY_MAX];
        size_t klen = fold_tag(pr->tags[i], strlen(pr->tags[i]), key);
        emit(&b[G_TAG], tag_keys[shr__idmap_find(&ga->tag_map, key, klen)]);
    }
    for (uint32_t i = 0; i < pr->nterritories; i++) {
        uint32_t t = pr->territories[i].index;
        if (t >= graph->nterritories || !first_territory(pr, i))
            continue;
        if (has_desc[t])
            emit(&b[G_WITHIN], t);
        for (uint32_t k = graph->ancestors.offsets[t]; k < graph->ancestors.offsets[t + 1]; k++)
            emit(&b[G_WITHIN], graph->ancestors.items[k]);
    }
}

static int build_postings(const shr_catalog *cat, const shr_graph *graph, shr_index *idx,
                          gather *ga)
{
    const shr_allocator *a = &cat->alloc;
    uint32_t P = idx->npractices;
    uint32_t ntags = (uint32_t)ga->tags.count;
    builder b[G_COUNT];
    memset(b, 0, sizeof b);
    int rc = SHR_OK;

    /* tags sorted by folded key; tag_key: first-seen number -> sorted key */
    size_t key_bytes = 0;
    for (uint32_t k = 0; k < ntags; k++)
        key_bytes += strlen(ga->tags.items[k].key) + 1;
    idx->tags = shr__malloc(a, ((size_t)ntags + 1) * sizeof *idx->tags);
    idx->tag_keys = shr__malloc(a, key_bytes + 1);
    idx->tag_key_off = shr__malloc(a, ((size_t)ntags + 1) * sizeof *idx->tag_key_off);
    uint32_t *tag_key = shr__malloc(a, ((size_t)ntags + 1) * sizeof *tag_key);
    if (!idx->tags || !idx->tag_keys || !idx->tag_key_off || !tag_key || key_bytes > UINT32_MAX)
        rc = SHR_ENOMEM;
    if (rc == SHR_OK) {
        if (ntags)
            qsort(ga->tags.items, ntags, sizeof *ga->tags.items, tag_entry_cmp);
        size_t off = 0;
        for (uint32_t k = 0; k < ntags; k++) {
            const tag_entry *e = &ga->tags.items[k];
            size_t n = strlen(e->key) + 1;
            idx->tags[k] = e->tag;
            idx->tag_key_off[k] = (uint32_t)off;
            memcpy(idx->tag_keys + off, e->key, n);
            off += n;
            tag_key[e->id] = k;
        }
    }

    uint32_t nkeys[G_COUNT] = {
        [G_AXIS] = SHR_AXIS_COUNT,
        [G_CATEGORY] = (uint32_t)cat->categories.count,
        [G_FAMILY] = SHR_FAMILY_COUNT,
        [G_STATUS] = SHR_STATUS_COUNT,
        [G_ROLE] = SHR_ROLE_COUNT,
        [G_KIND] = SHR_ACTOR_KIND_COUNT,
        [G_SECTOR] = SHR_SECTOR_COUNT,
        [G_TAG] = ntags,
        [G_WITHIN] = idx->nterritories,
    };
    shr_pgroup *dst[G_COUNT] = {
        [G_AXIS] = &idx->axis,          [G_CATEGORY] = &idx->category_p,
        [G_FAMILY] = &idx->family_p,    [G_STATUS] = &idx->status_p,
        [G_ROLE] = &idx->role,          [G_KIND] = &idx->actorkind,
        [G_SECTOR] = &idx->actorsector, [G_TAG] = &idx->tag,
        [G_WITHIN] = &idx->within,
    };
    for (int g = 0; rc == SHR_OK && g < G_COUNT; g++)
        rc = builder_init(a, &b[g], nkeys[g], dst[g], idx->nwords);
    for (int pass = 0; rc == SHR_OK && pass < 2; pass++) {
        if (pass == 1)
            for (int g = 0; rc == SHR_OK && g < G_COUNT; g++)
                rc = builder_second_pass(a, &b[g], P);
        for (uint32_t p = 0; rc == SHR_OK && p < P; p++)
            emit_practice(cat, ga, graph, idx->has_desc, tag_key, b, p);
    }
    for (int g = 0; g < G_COUNT; g++)
        builder_free(a, &b[g]);
    shr__free(a, tag_key);
    return rc;
}

/* Orders for comparisons, from the gathered arrays. */
static int build_orders(const shr_allocator *a, shr_index *idx, const gather *g)
{
    uint32_t P = idx->npractices, ns = 0, ne = 0, nm = 0;
    for (uint32_t p = 0; p < P; p++) {
        ns += g->started[p] != SHR_NO_YEAR;
        ne += g->ended[p] != SHR_NO_YEAR;
        nm += g->nterr[p] != -1;
    }
    idx->by_started = shr__malloc(a, ((size_t)ns + 1) * sizeof *idx->by_started);
    idx->by_ended = shr__malloc(a, ((size_t)ne + 1) * sizeof *idx->by_ended);
    idx->multi = shr__malloc(a, ((size_t)nm + 1) * sizeof *idx->multi);
    idx->multi_n = shr__malloc(a, ((size_t)nm + 1) * sizeof *idx->multi_n);
    if (!idx->by_started || !idx->by_ended || !idx->multi || !idx->multi_n)
        return SHR_ENOMEM;
    int rc = sort_order(a, g->started, P, SHR_NO_YEAR, idx->by_started, &idx->n_started);
    if (rc == SHR_OK)
        rc = sort_order(a, g->ended, P, SHR_NO_YEAR, idx->by_ended, &idx->n_ended);
    if (rc == SHR_OK)
        rc = sort_order(a, g->nterr, P, -1, idx->multi, &idx->n_multi);
    for (uint32_t i = 0; rc == SHR_OK && i < idx->n_multi; i++)
        idx->multi_n[i] = (uint32_t)g->nterr[idx->multi[i]];
    return rc;
}

/* Territories: kinds, which contain others, order by population. */
static int build_territories(const shr_catalog *cat, const shr_graph *graph, shr_index *idx)
{
    const shr_allocator *a = &cat->alloc;
    uint32_t T = idx->nterritories, m = 0;
    idx->terr_kind = shr__malloc(a, (size_t)T + 1);
    idx->has_desc = shr__calloc(a, (size_t)T + 1, 1);
    if (!idx->terr_kind || !idx->has_desc)
        return SHR_ENOMEM;
    for (uint32_t t = 0; t < T; t++) {
        idx->terr_kind[t] = (uint8_t)cat->territories.items[t]->kind;
        m += cat->territories.items[t]->population != SHR_NO_POPULATION;
        for (uint32_t k = graph->ancestors.offsets[t]; k < graph->ancestors.offsets[t + 1]; k++)
            if (graph->ancestors.items[k] < T)
                idx->has_desc[graph->ancestors.items[k]] = 1;
    }
    idx->terr_by_pop = shr__malloc(a, ((size_t)m + 1) * sizeof *idx->terr_by_pop);
    keyed *k = shr__malloc(a, ((size_t)m + 1) * sizeof *k);
    if (!idx->terr_by_pop || !k) {
        shr__free(a, k);
        return SHR_ENOMEM;
    }
    m = 0;
    for (uint32_t t = 0; t < T; t++) {
        int64_t pop = cat->territories.items[t]->population;
        if (pop != SHR_NO_POPULATION)
            k[m++] = (keyed){pop, t};
    }
    keyed_sort(NULL, k, m);
    for (uint32_t i = 0; i < m; i++)
        idx->terr_by_pop[i] = k[i].index;
    idx->n_terr_pop = m;
    shr__free(a, k);
    return SHR_OK;
}

int shr__index_build(const shr_catalog *cat, const shr_graph *graph, shr_index **out,
                     shr_error *err)
{
    const shr_allocator *a = &cat->alloc;
    *out = NULL;
    shr_index *idx = shr__calloc(a, 1, sizeof *idx);
    if (!idx)
        return shr__error_set(err, SHR_ENOMEM, "out of memory while building the query index");
    idx->npractices = (uint32_t)cat->practices.count;
    idx->nterritories = (uint32_t)cat->territories.count;
    if (!graph)
        idx->nterritories = 0;
    else if (graph->nterritories < idx->nterritories)
        idx->nterritories = (uint32_t)graph->nterritories;
    idx->nwords = (idx->npractices + 63) / 64;
    shr_graph empty;
    memset(&empty, 0, sizeof empty);
    uint32_t zero = 0;
    if (!graph) {
        empty.ancestors.offsets = &zero;
        graph = &empty;
    }
    gather g;
    memset(&g, 0, sizeof g);
    shr__idmap_init_owning(&g.tag_map, a);
    text_builder tb;
    int rc = tb_begin(cat, idx, &tb);
    if (rc == SHR_OK)
        rc = build_territories(cat, graph, idx);
    if (rc == SHR_OK)
        rc = gather_practices(cat, graph, idx, &g, &tb);
    rc = tb_finish(cat, idx, &tb, rc);
    if (rc == SHR_OK)
        rc = build_orders(a, idx, &g);
    /* not needed by the postings: freed before they are allocated (the load's peak) */
    shr__free(a, g.started);
    shr__free(a, g.ended);
    shr__free(a, g.nterr);
    g.started = g.ended = g.nterr = NULL;
    if (rc == SHR_OK)
        rc = build_postings(cat, graph, idx, &g);
    gather_free(a, &g);
    if (rc) {
        shr__index_free(a, idx);
        if (rc == SHR_ELIMIT)
            return shr__error_set(err, rc, "texts too large for the query index");
        return shr__error_set(err, rc, "out of memory while building the query index");
    }
    *out = idx;
    return SHR_OK;
}
