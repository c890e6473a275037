/*
 * The pair index of the text index: every distinct pair of tokens that follow one another
 * inside one text (name, description, one tag) of a practice, with the postings of the
 * practices having it. A phrase of two words is then one or a few postings (no text to check),
 * and a longer phrase only checks the practices having all its pairs (query_phrase.c).
 *
 * Built from the token sequences (textindex.c) after the tokens are sorted: one pass counts
 * the practices of each pair through a hash table of pairs (keys in sequence numbers), the
 * pairs are sorted by (first token key, second token key), a second pass fills the postings.
 */
#include "textindex.h"
#include "quicksort.h"

#include <string.h>

typedef struct pairinfo {
    uint64_t key;   /* first sequence number - 1 << 32 | second sequence number - 1 */
    uint32_t stamp; /* practice + 1 that last counted it */
    uint32_t n;     /* practices having it; after sorting, where its practices go */
} pairinfo;

typedef struct pairtab {
    const shr_allocator *a;
    pairinfo *items;
    size_t count, cap;
    uint32_t *slots; /* pair number + 1, 0 when empty */
    uint32_t shift;  /* 64 - log2 of the number of slots */
    size_t mask;
} pairtab;

static inline size_t pair_slot(uint64_t key, uint32_t shift)
{
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> shift);
}

static int pt_rehash(pairtab *t)
{
    uint32_t bits = t->slots ? 65 - t->shift : 12;
    size_t cap = (size_t)1 << bits;
    uint32_t *slots = shr__calloc(t->a, cap, sizeof *slots);
    if (!slots)
        return SHR_ENOMEM;
    for (size_t i = 0; i < t->count; i++) {
        size_t s = pair_slot(t->items[i].key, 64 - bits);
        while (slots[s])
            s = (s + 1) & (cap - 1);
        slots[s] = (uint32_t)i + 1;
    }
    shr__free(t->a, t->slots);
    t->slots = slots;
    t->shift = 64 - bits;
    t->mask = cap - 1;
    return SHR_OK;
}

/* The number of pair key, added when add is set (else UINT32_MAX when absent); UINT32_MAX - 1
 * on OOM. */
static inline uint32_t pt_find(pairtab *t, uint64_t key, int add)
{
    size_t s = pair_slot(key, t->shift);
    for (;; s = (s + 1) & t->mask) {
        uint32_t id = t->slots[s];
        if (!id)
            break;
        if (t->items[id - 1].key == key)
            return id - 1;
    }
    if (!add)
        return UINT32_MAX;
    if (t->count >= UINT32_MAX - 2 ||
        shr__grow(t->a, (void **)&t->items, &t->cap, t->count + 1, sizeof *t->items))
        return UINT32_MAX - 1;
    t->items[t->count] = (pairinfo){key, 0, 0};
    t->count++;
    if (t->count * 2 > t->mask + 1) {
        if (pt_rehash(t))
            return UINT32_MAX - 1;
    } else {
        t->slots[s] = (uint32_t)t->count;
    }
    return (uint32_t)t->count - 1;
}

typedef struct pairref {
    uint64_t key; /* in token keys */
    uint32_t id;
} pairref;

#define PAIRREF_LESS(ctx, x, y) ((void)(ctx), (x)->key < (y)->key)
DEFINE_QUICKSORT(pairref_sort, pairref, const void *, PAIRREF_LESS)

/* Walk the pairs of every practice: pass 0 adds and counts, pass 1 fills g. */
static int pairs_pass(const shr_index *idx, pairtab *t, int pass, shr_pgroup *g,
                      uint32_t ndense)
{
    for (uint32_t p = 0; p < idx->npractices; p++) {
        const uint8_t *q = idx->seq + idx->seq_off[p], *end = idx->seq + idx->seq_off[p + 1];
        uint32_t prev = 0;
        while (q < end) {
            uint32_t v = (uint32_t)shr__varint_get(&q);
            if (v && prev) {
                uint32_t id = pt_find(t, (uint64_t)(prev - 1) << 32 | (v - 1), pass == 0);
                if (id == UINT32_MAX - 1)
                    return SHR_ENOMEM;
                pairinfo *pi = &t->items[id];
                if (pi->stamp != p + 1) {
                    pi->stamp = p + 1;
                    if (pass == 0) {
                        pi->n++;
                    } else if (pi->n > UINT32_MAX - ndense) {
                        uint64_t *w = g->bits + (size_t)(UINT32_MAX - pi->n) * idx->nwords;
                        w[p >> 6] |= UINT64_C(1) << (p & 63);
                    } else {
                        g->items[pi->n++] = p;
                    }
                }
            }
            prev = v;
        }
    }
    return SHR_OK;
}

int shr__textindex_pairs(const shr_allocator *a, shr_index *idx)
{
    pairtab t = {a, NULL, 0, 0, NULL, 0, 0};
    pairref *refs = NULL;
    int rc = pt_rehash(&t);
    if (rc == SHR_OK)
        rc = pairs_pass(idx, &t, 0, NULL, 0);
    uint32_t np = (uint32_t)t.count, P = idx->npractices;
    if (rc == SHR_OK) {
        refs = shr__malloc(a, ((size_t)np + 1) * sizeof *refs);
        idx->pair_keys = shr__malloc(a, ((size_t)np + 1) * sizeof *idx->pair_keys);
        if (!refs || !idx->pair_keys)
            rc = SHR_ENOMEM;
    }
    if (rc == SHR_OK) {
        size_t nitems = 0;
        uint32_t ndense = 0;
        for (uint32_t i = 0; i < np; i++) {
            uint64_t k = t.items[i].key;
            refs[i] = (pairref){(uint64_t)idx->seq_tok[k >> 32] << 32 |
                                    idx->seq_tok[k & UINT32_MAX], i};
            if (shr__posting_is_dense(t.items[i].n, P))
                ndense++;
            else
                nitems += t.items[i].n;
        }
        pairref_sort(NULL, refs, np);
        shr_pgroup *g = &idx->pair;
        rc = shr__pgroup_alloc(a, g, np, nitems, ndense, idx->nwords);
        size_t ni = 0;
        uint32_t nd = 0;
        for (uint32_t k = 0; rc == SHR_OK && k < np; k++) {
            pairinfo *pi = &t.items[refs[k].id];
            idx->pair_keys[k] = refs[k].key;
            g->off[k] = (uint32_t)ni;
            pi->stamp = 0;
            if (shr__posting_is_dense(pi->n, P)) {
                g->dense_key[nd] = k;
                g->dense_n[nd] = pi->n;
                pi->n = UINT32_MAX - nd;
                nd++;
            } else {
                uint32_t n = pi->n;
                pi->n = (uint32_t)ni;
                ni += n;
            }
        }
        shr__free(a, refs); /* before the second pass: a lower peak of memory */
        refs = NULL;
        if (rc == SHR_OK) {
            g->off[np] = (uint32_t)ni;
            rc = pairs_pass(idx, &t, 1, g, ndense);
        }
    }
    shr__free(a, refs);
    shr__free(a, t.items);
    shr__free(a, t.slots);
    return rc;
}

/* Range [*lo, *hi) of the pairs (keys of idx->pair) of first token key a and second token key
 * in [blo, bhi). */
void shr__index_pair_range(const shr_index *idx, uint32_t a, uint32_t blo, uint32_t bhi,
                           uint32_t *lo, uint32_t *hi)
{
    uint64_t keys[2] = {(uint64_t)a << 32 | blo, (uint64_t)a << 32 | bhi};
    uint32_t out[2];
    for (int i = 0; i < 2; i++) {
        uint32_t l = 0, h = idx->pair.nkeys;
        while (l < h) {
            uint32_t mid = l + (h - l) / 2;
            if (idx->pair_keys[mid] < keys[i])
                l = mid + 1;
            else
                h = mid;
        }
        out[i] = l;
    }
    *lo = out[0];
    *hi = out[1];
}
