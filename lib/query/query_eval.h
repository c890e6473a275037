/*
 * Between the files of the query evaluator: query_eval.c (combinations, entry points),
 * query_leaves.c (fields, membership filters, comparisons) and query_phrase.c (tokens and
 * phrases). The sets and their small helpers are inline here. Not installed.
 */
#ifndef SHR_QUERY_EVAL_H
#define SHR_QUERY_EVAL_H

#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

typedef enum { S_LIST, S_BITS, S_ALL } set_kind;

typedef struct qset {
    set_kind kind;
    uint32_t n;           /* practices; for S_BITS, UINT32_MAX until counted */
    const uint32_t *items; /* S_LIST */
    const uint64_t *bits;  /* S_BITS */
    void *owned;           /* items or bits when owned by the set */
} qset;

typedef struct ev {
    const shr_catalog *cat;
    const shr_index *idx;
    const shr_allocator *a;
    uint32_t P, W;
} ev;

#define NOT_COUNTED UINT32_MAX

static inline void set_free(const ev *e, qset *s)
{
    shr__free(e->a, s->owned);
    memset(s, 0, sizeof *s);
}

static inline qset set_empty(void)
{
    static const uint32_t none[1] = {0};
    qset s = {S_LIST, 0, none, NULL, NULL};
    return s;
}

static inline qset set_all(const ev *e)
{
    qset s = {S_ALL, e->P, NULL, NULL, NULL};
    return s;
}

static inline uint32_t bits_count(const ev *e, const uint64_t *w)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < e->W; i++)
        n += (uint64_t)shr__popcount64(w[i]);
    return (uint32_t)n;
}

static inline uint32_t set_count(const ev *e, qset *s)
{
    if (s->kind == S_BITS && s->n == NOT_COUNTED)
        s->n = bits_count(e, s->bits);
    return s->n;
}

static inline void mask_tail(const ev *e, uint64_t *w)
{
    if (e->P & 63)
        w[e->W - 1] &= (UINT64_C(1) << (e->P & 63)) - 1;
}

static inline int bit_test(const uint64_t *w, uint32_t i)
{
    return (int)((w[i >> 6] >> (i & 63)) & 1);
}

/* A writable bitset of s (s's own one when possible; s is consumed). NULL on OOM. */
static inline uint64_t *set_take_bits(const ev *e, qset *s)
{
    uint64_t *w;
    if (s->kind == S_BITS && s->owned) {
        w = s->owned;
        s->owned = NULL;
        set_free(e, s);
        return w;
    }
    w = shr__calloc(e->a, e->W + 1, sizeof *w);
    if (!w) {
        set_free(e, s);
        return NULL;
    }
    if (s->kind == S_ALL) {
        memset(w, 0xFF, (size_t)e->W * sizeof *w);
        mask_tail(e, w);
    } else if (s->kind == S_BITS) {
        memcpy(w, s->bits, (size_t)e->W * sizeof *w);
    } else {
        for (uint32_t i = 0; i < s->n; i++)
            w[s->items[i] >> 6] |= UINT64_C(1) << (s->items[i] & 63);
    }
    set_free(e, s);
    return w;
}

static inline qset set_bits_owned(uint64_t *w)
{
    qset s = {S_BITS, NOT_COUNTED, NULL, w, w};
    return s;
}

static inline qset set_list_owned(uint32_t *items, uint32_t n)
{
    qset s = {S_LIST, n, items, NULL, items};
    return s;
}

static inline qset set_posting(const shr_posting *p)
{
    qset s;
    memset(&s, 0, sizeof s);
    if (p->dense) {
        s.kind = S_BITS;
        s.bits = p->data;
    } else {
        s.kind = S_LIST;
        s.items = p->data;
    }
    s.n = p->n;
    return s;
}

typedef struct cmp_sel {
    const uint32_t *order;
    uint32_t m, lo, hi;
    int rest;
} cmp_sel;

/* ------------------------------------------------------------------ query_eval.c */

/* s AND b (keep=1) or s AND NOT b (keep=0); both consumed. */
int shr__qe_combine_and(const ev *e, qset *s, qset *b, int keep, qset *out);
/* The set of practices of node n. 0 or SHR_ENOMEM. */
int shr__qe_eval_node(const ev *e, const q_node *n, qset *out);

/* ------------------------------------------------------------------ query_leaves.c */

/* A field:value leaf. */
int shr__qe_eval_field(const ev *e, const q_node *n, qset *out);
/* The range of an order a comparison leaf selects, and its size. */
cmp_sel shr__qe_compare_select(const ev *e, const q_node *n);
uint32_t shr__qe_compare_count(const ev *e, const cmp_sel *c);
/* A comparison leaf (started>2010...). */
int shr__qe_eval_compare(const ev *e, const q_node *n, qset *out);

/* ------------------------------------------------------------------ query_phrase.c */

/* Practices having a token in [lo, hi). */
int shr__qe_eval_token_range(const ev *e, uint32_t lo, uint32_t hi, qset *out);
/* Or the postings of keys [lo, hi) of g into the bitset w (e->W words). */
void shr__qe_or_keys(const ev *e, const shr_pgroup *g, uint32_t lo, uint32_t hi, uint64_t *w);
/* Practices of `within` (consumed) where the phrase of n occurs. */
int shr__qe_eval_phrase(const ev *e, const q_node *n, qset *within, qset *out);
/* A text leaf: a word, a prefix or a phrase. */
int shr__qe_eval_text(const ev *e, const q_node *n, qset *out);

#endif
