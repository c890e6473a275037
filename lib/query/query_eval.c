/*
 * Evaluation of a query tree over the index (query_internal.h).
 *
 * A node evaluates to a set of practices: a sorted list of indices (borrowed from a posting or
 * owned), a bitset of npractices bits (borrowed or owned), or "all". Intersections drive from
 * the smallest operand: a list is filtered by membership in the others (bit tests, or a merge /
 * binary search against another list), so `in:EPCI ...` costs the size of the EPCI's list, not
 * of the catalog; two bitsets are combined word by word. Unions and complements use bitsets.
 * Phrases are checked on the candidates (practices having every token) against the token
 * sequences of the index.
 *
 * Nothing is cached or shared between calls: every scratch buffer is allocated by the call,
 * through the catalog's allocator, so queries run from many threads at once.
 */
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

static void set_free(const ev *e, qset *s)
{
    shr__free(e->a, s->owned);
    memset(s, 0, sizeof *s);
}

static qset set_empty(void)
{
    static const uint32_t none[1] = {0};
    qset s = {S_LIST, 0, none, NULL, NULL};
    return s;
}

static qset set_all(const ev *e)
{
    qset s = {S_ALL, e->P, NULL, NULL, NULL};
    return s;
}

static uint32_t bits_count(const ev *e, const uint64_t *w)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < e->W; i++)
        n += (uint64_t)shr__popcount64(w[i]);
    return (uint32_t)n;
}

static uint32_t set_count(const ev *e, qset *s)
{
    if (s->kind == S_BITS && s->n == NOT_COUNTED)
        s->n = bits_count(e, s->bits);
    return s->n;
}

static void mask_tail(const ev *e, uint64_t *w)
{
    if (e->P & 63)
        w[e->W - 1] &= (UINT64_C(1) << (e->P & 63)) - 1;
}

static inline int bit_test(const uint64_t *w, uint32_t i)
{
    return (int)((w[i >> 6] >> (i & 63)) & 1);
}

/* A writable bitset of s (s's own one when possible; s is consumed). NULL on OOM. */
static uint64_t *set_take_bits(const ev *e, qset *s)
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

static qset set_bits_owned(uint64_t *w)
{
    qset s = {S_BITS, NOT_COUNTED, NULL, w, w};
    return s;
}

static qset set_list_owned(uint32_t *items, uint32_t n)
{
    qset s = {S_LIST, n, items, NULL, items};
    return s;
}

static qset set_posting(const shr_posting *p)
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

/* ------------------------------------------------------------------ membership filters */

/* Elements of list a (n) that are (keep=1) or are not (keep=0) in sorted list b (m), into out. */
static uint32_t filter_list_list(const uint32_t *a, uint32_t n, const uint32_t *b, uint32_t m,
                                 int keep, uint32_t *out)
{
    uint32_t k = 0;
    if ((uint64_t)n * 16 < m) { /* binary search with a moving lower bound */
        uint32_t lo = 0;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t hi = m, x = a[i];
            uint32_t step = 1; /* gallop */
            while (lo + step < m && b[lo + step] < x)
                step *= 2;
            if (lo + step < m)
                hi = lo + step + 1;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (b[mid] < x)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            int found = lo < m && b[lo] == x;
            if (found == keep)
                out[k++] = x;
        }
        return k;
    }
    uint32_t j = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t x = a[i];
        while (j < m && b[j] < x)
            j++;
        int found = j < m && b[j] == x;
        if (found == keep)
            out[k++] = x;
    }
    return k;
}

/* Keep (keep=1) or drop (keep=0) the members of `by` from list set s. s is consumed. */
static int filter_list(const ev *e, qset *s, const qset *by, int keep, qset *out)
{
    uint32_t *o = shr__malloc(e->a, ((size_t)s->n + 1) * sizeof *o);
    if (!o) {
        set_free(e, s);
        return SHR_ENOMEM;
    }
    uint32_t k = 0;
    if (by->kind == S_ALL) {
        if (keep) {
            memcpy(o, s->items, (size_t)s->n * sizeof *o);
            k = s->n;
        }
    } else if (by->kind == S_BITS) {
        const uint64_t *w = by->bits;
        for (uint32_t i = 0; i < s->n; i++) {
            uint32_t x = s->items[i];
            if (bit_test(w, x) == keep)
                o[k++] = x;
        }
    } else {
        k = filter_list_list(s->items, s->n, by->items, by->n, keep, o);
    }
    set_free(e, s);
    *out = set_list_owned(o, k);
    return SHR_OK;
}

/* s AND b (keep=1) or s AND NOT b (keep=0); both consumed. */
static int combine_and(const ev *e, qset *s, qset *b, int keep, qset *out)
{
    int rc = SHR_OK;
    if (s->kind == S_LIST) {
        rc = filter_list(e, s, b, keep, out);
        set_free(e, b);
        return rc;
    }
    if (keep && b->kind == S_LIST) {
        rc = filter_list(e, b, s, 1, out);
        set_free(e, s);
        return rc;
    }
    if (keep && b->kind == S_ALL) {
        *out = *s;
        return SHR_OK;
    }
    if (keep && s->kind == S_ALL) {
        *out = *b;
        return SHR_OK;
    }
    uint64_t *w = set_take_bits(e, s);
    if (!w) {
        set_free(e, b);
        return SHR_ENOMEM;
    }
    if (b->kind == S_ALL) { /* keep == 0 */
        memset(w, 0, (size_t)e->W * sizeof *w);
    } else if (b->kind == S_LIST) { /* keep == 0 */
        for (uint32_t i = 0; i < b->n; i++)
            w[b->items[i] >> 6] &= ~(UINT64_C(1) << (b->items[i] & 63));
    } else if (keep) {
        for (uint32_t i = 0; i < e->W; i++)
            w[i] &= b->bits[i];
    } else {
        for (uint32_t i = 0; i < e->W; i++)
            w[i] &= ~b->bits[i];
    }
    set_free(e, b);
    *out = set_bits_owned(w);
    return SHR_OK;
}

/* ------------------------------------------------------------------ leaves */

static const shr_pgroup *field_group(const shr_index *idx, shr_field f)
{
    switch (f) {
    case SHR_FIELD_AXIS: return &idx->axis;
    case SHR_FIELD_CATEGORY: return &idx->category_p;
    case SHR_FIELD_FAMILY: return &idx->family_p;
    case SHR_FIELD_ACTORKIND: return &idx->actorkind;
    case SHR_FIELD_ACTORSECTOR: return &idx->actorsector;
    case SHR_FIELD_ROLE: return &idx->role;
    case SHR_FIELD_STATUS: return &idx->status_p;
    case SHR_FIELD_TAG: return &idx->tag;
    default: return NULL;
    }
}

/* The practices listing territory t itself (the graph's list: sorted, unique). */
static qset territory_list(const ev *e, uint32_t t)
{
    const shr_graph *g = e->cat->graph;
    if (!g || t >= g->nterritories || t >= e->idx->nterritories)
        return set_empty();
    const shr_csr *c = &g->territory_practices;
    qset s = {S_LIST, c->offsets[t + 1] - c->offsets[t], c->items + c->offsets[t], NULL, NULL};
    return s;
}

static int eval_field(const ev *e, const q_node *n, qset *out)
{
    const shr_index *idx = e->idx;
    uint32_t key = n->u.field.key;
    switch (n->u.field.field) {
    case SHR_FIELD_AT:
        *out = territory_list(e, key);
        return SHR_OK;
    case SHR_FIELD_IN:
        if (key >= idx->nterritories) {
            *out = set_empty();
        } else if (!idx->has_desc[key]) {
            *out = territory_list(e, key);
        } else {
            shr_posting p = shr__pgroup_get(&idx->within, e->W, key);
            *out = set_posting(&p);
        }
        return SHR_OK;
    case SHR_FIELD_ACTOR: {
        /* the graph lists a practice once per role: drop the repeats */
        const shr_graph *g = e->cat->graph;
        if (!g || key >= g->nactors) {
            *out = set_empty();
            return SHR_OK;
        }
        const shr_csr *c = &g->actor_practices;
        const uint32_t *it = c->items + c->offsets[key];
        uint32_t m = c->offsets[key + 1] - c->offsets[key];
        uint32_t *o = shr__malloc(e->a, ((size_t)m + 1) * sizeof *o);
        if (!o)
            return SHR_ENOMEM;
        uint32_t k = 0;
        for (uint32_t i = 0; i < m; i++)
            if (k == 0 || o[k - 1] != it[i])
                o[k++] = it[i];
        *out = set_list_owned(o, k);
        return SHR_OK;
    }
    default: {
        const shr_pgroup *g = field_group(idx, n->u.field.field);
        if (!g || key >= g->nkeys) {
            *out = set_empty();
            return SHR_OK;
        }
        shr_posting p = shr__pgroup_get(g, e->W, key);
        *out = set_posting(&p);
        return SHR_OK;
    }
    }
}

/* Key of position i of a sorted order. */
typedef int64_t (*order_key)(const ev *e, const uint32_t *order, uint32_t i);

static int64_t key_started(const ev *e, const uint32_t *order, uint32_t i)
{
    return e->cat->practices.items[order[i]]->started;
}

static int64_t key_ended(const ev *e, const uint32_t *order, uint32_t i)
{
    return e->cat->practices.items[order[i]]->ended;
}

static int64_t key_multi(const ev *e, const uint32_t *order, uint32_t i)
{
    return e->idx->multi_n[i];
}

static int64_t key_population(const ev *e, const uint32_t *order, uint32_t i)
{
    return e->cat->territories.items[order[i]]->population;
}

/* Range [*lo, *hi) of positions i in order (m entries, sorted by key) with key OP v. */
static void compare_range(const ev *e, const uint32_t *order, uint32_t m, order_key key,
                          shr_op op, int64_t v, uint32_t *lo, uint32_t *hi)
{
    uint32_t l = 0, h = m;
    while (l < h) { /* first with key >= v */
        uint32_t mid = l + (h - l) / 2;
        if (key(e, order, mid) < v)
            l = mid + 1;
        else
            h = mid;
    }
    uint32_t ge = l;
    h = m;
    while (l < h) { /* first with key > v */
        uint32_t mid = l + (h - l) / 2;
        if (key(e, order, mid) <= v)
            l = mid + 1;
        else
            h = mid;
    }
    uint32_t gt = l;
    switch (op) {
    case SHR_OP_EQ: *lo = ge; *hi = gt; break;
    case SHR_OP_LT: *lo = 0; *hi = ge; break;
    case SHR_OP_LE: *lo = 0; *hi = gt; break;
    case SHR_OP_GT: *lo = gt; *hi = m; break;
    default: *lo = ge; *hi = m; break;
    }
}

static int op_holds(shr_op op, int64_t x, int64_t v)
{
    switch (op) {
    case SHR_OP_EQ: return x == v;
    case SHR_OP_LT: return x < v;
    case SHR_OP_LE: return x <= v;
    case SHR_OP_GT: return x > v;
    default: return x >= v;
    }
}

static int u32_cmp(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/*
 * A comparison on a practice order: the selection is order[lo..hi), or, when `rest` (the
 * practices outside the order, all with one territory, compare so), everything but
 * order[0..lo) and order[hi..m).
 */
typedef struct cmp_sel {
    const uint32_t *order;
    uint32_t m, lo, hi;
    int rest;
} cmp_sel;

static cmp_sel compare_select(const ev *e, const q_node *n)
{
    const shr_index *idx = e->idx;
    cmp_sel c = {NULL, 0, 0, 0, 0};
    order_key key;
    switch (n->u.cmp.num) {
    case SHR_NUMERIC_STARTED:
        c.order = idx->by_started;
        c.m = idx->n_started;
        key = key_started;
        break;
    case SHR_NUMERIC_ENDED:
        c.order = idx->by_ended;
        c.m = idx->n_ended;
        key = key_ended;
        break;
    default:
        c.order = idx->multi;
        c.m = idx->n_multi;
        key = key_multi;
        c.rest = op_holds(n->u.cmp.op, 1, n->u.cmp.value);
        break;
    }
    compare_range(e, c.order, c.m, key, n->u.cmp.op, n->u.cmp.value, &c.lo, &c.hi);
    return c;
}

static uint32_t compare_count(const ev *e, const cmp_sel *c)
{
    return c->rest ? e->P - (c->m - (c->hi - c->lo)) : c->hi - c->lo;
}

static int eval_compare(const ev *e, const q_node *n, qset *out)
{
    const shr_index *idx = e->idx;
    if (n->u.cmp.num == SHR_NUMERIC_POPULATION) {
        /* territories whose population compares so, then their practices */
        uint32_t lo, hi;
        compare_range(e, idx->terr_by_pop, idx->n_terr_pop, key_population, n->u.cmp.op,
                      n->u.cmp.value, &lo, &hi);
        uint64_t *w = shr__calloc(e->a, e->W + 1, sizeof *w);
        if (!w)
            return SHR_ENOMEM;
        for (uint32_t i = lo; i < hi; i++) {
            qset t = territory_list(e, idx->terr_by_pop[i]);
            for (uint32_t k = 0; k < t.n; k++)
                w[t.items[k] >> 6] |= UINT64_C(1) << (t.items[k] & 63);
        }
        *out = set_bits_owned(w);
        return SHR_OK;
    }
    cmp_sel c = compare_select(e, n);
    uint32_t k = c.hi - c.lo;
    if (!c.rest && (uint64_t)k * 32 < e->P) {
        uint32_t *items = shr__malloc(e->a, ((size_t)k + 1) * sizeof *items);
        if (!items)
            return SHR_ENOMEM;
        memcpy(items, c.order + c.lo, (size_t)k * sizeof *items);
        qsort(items, k, sizeof *items, u32_cmp);
        *out = set_list_owned(items, k);
        return SHR_OK;
    }
    uint64_t *w = shr__calloc(e->a, e->W + 1, sizeof *w);
    if (!w)
        return SHR_ENOMEM;
    if (c.rest) {
        memset(w, 0xFF, (size_t)e->W * sizeof *w);
        mask_tail(e, w);
        for (uint32_t i = 0; i < c.m; i++)
            if (i < c.lo || i >= c.hi)
                w[c.order[i] >> 6] &= ~(UINT64_C(1) << (c.order[i] & 63));
    } else {
        for (uint32_t i = c.lo; i < c.hi; i++)
            w[c.order[i] >> 6] |= UINT64_C(1) << (c.order[i] & 63);
    }
    *out = set_bits_owned(w);
    out->n = compare_count(e, &c);
    return SHR_OK;
}

/* Practices having a token in [lo, hi). */
static int eval_token_range(const ev *e, uint32_t lo, uint32_t hi, qset *out)
{
    const shr_pgroup *g = &e->idx->token;
    if (lo >= hi) {
        *out = set_empty();
        return SHR_OK;
    }
    if (hi - lo == 1) {
        shr_posting p = shr__pgroup_get(g, e->W, lo);
        *out = set_posting(&p);
        return SHR_OK;
    }
    uint64_t *w = shr__calloc(e->a, e->W + 1, sizeof *w);
    if (!w)
        return SHR_ENOMEM;
    for (uint32_t k = lo; k < hi; k++) {
        shr_posting pk = shr__pgroup_get(g, e->W, k);
        const shr_posting *p = &pk;
        if (p->dense) {
            const uint64_t *b = p->data;
            for (uint32_t i = 0; i < e->W; i++)
                w[i] |= b[i];
        } else {
            const uint32_t *it = p->data;
            for (uint32_t i = 0; i < p->n; i++)
                w[it[i] >> 6] |= UINT64_C(1) << (it[i] & 63);
        }
    }
    *out = set_bits_owned(w);
    return SHR_OK;
}

/* ------------------------------------------------------------------ phrases */

typedef struct phrase {
    const q_token *tok;
    uint32_t k;
    uint8_t *state, *next; /* k entries each */
    char *buf;             /* raw mode: folded token buffer */
    size_t cap;
    uint8_t anchor[5];     /* the sequence bytes of the first token, when it is one token */
    size_t alen;
    char *desc;            /* raw mode: a description, decoded */
    size_t desc_cap;
    int oom;               /* raw mode: decoding a description ran out of memory */
} phrase;

static inline uint32_t seq_decode(const uint8_t **sp)
{
    const uint8_t *s = *sp;
    uint32_t v = 0;
    int shift = 0;
    while (*s & 0x80) {
        v |= (uint32_t)(*s++ & 0x7F) << shift;
        shift += 7;
    }
    v |= (uint32_t)*s++ << shift;
    *sp = s;
    return v;
}

/* Fast check: find the first token's bytes (memchr), then compare the tokens that follow. */
static int phrase_anchored(const shr_index *idx, const phrase *ph, const uint8_t *start,
                           const uint8_t *end)
{
    const uint8_t *s = start;
    while (s < end) {
        const uint8_t *hit = memchr(s, ph->anchor[0], (size_t)(end - s));
        if (!hit)
            return 0;
        s = hit + 1;
        /* a sequence number starts after a byte without the continuation bit */
        if ((hit != start && (hit[-1] & 0x80)) || (size_t)(end - hit) < ph->alen ||
            memcmp(hit, ph->anchor, ph->alen) != 0)
            continue;
        const uint8_t *q = hit + ph->alen;
        uint32_t i = 1;
        for (; i < ph->k && q < end; i++) {
            uint32_t v = seq_decode(&q);
            if (v == 0)
                break;
            uint32_t t = idx->seq_tok[v - 1];
            if (t < ph->tok[i].lo || t >= ph->tok[i].hi)
                break;
        }
        if (i == ph->k)
            return 1;
    }
    return 0;
}

/* One step of the matcher: the text's next token matches query token i (match[i]). */
static int phrase_step(phrase *ph, const uint8_t *match)
{
    uint32_t k = ph->k;
    for (uint32_t i = 0; i < k; i++)
        ph->next[i] = match[i] && (i == 0 || ph->state[i - 1]);
    memcpy(ph->state, ph->next, k);
    return ph->state[k - 1];
}

/* Raw check of one text (tokens too long for the index). */
static int phrase_raw_text(phrase *ph, const char *s, uint8_t *match)
{
    if (!s)
        return 0;
    size_t len = strlen(s), pos = 0, flen;
    memset(ph->state, 0, ph->k);
    while (shr__next_token(s, len, &pos, ph->buf, ph->cap, &flen)) {
        for (uint32_t i = 0; i < ph->k; i++)
            match[i] = flen >= ph->tok[i].len && memcmp(ph->buf, ph->tok[i].text, ph->tok[i].len) == 0;
        if (phrase_step(ph, match))
            return 1;
    }
    return 0;
}

static int phrase_matches(const ev *e, phrase *ph, uint32_t p, int raw, uint8_t *match)
{
    if (raw) {
        const shr_practice *pr = e->cat->practices.items[p];
        const char *desc;
        if (phrase_raw_text(ph, pr->name, match))
            return 1;
        if (shr__practice_description_text(pr, &ph->desc, &ph->desc_cap, &desc)) {
            ph->oom = 1;
            return 0;
        }
        if (phrase_raw_text(ph, desc, match))
            return 1;
        for (uint32_t i = 0; i < pr->ntags; i++)
            if (phrase_raw_text(ph, pr->tags[i], match))
                return 1;
        return 0;
    }
    const shr_index *idx = e->idx;
    const uint8_t *s = idx->seq + idx->seq_off[p], *end = idx->seq + idx->seq_off[p + 1];
    if (ph->alen)
        return phrase_anchored(idx, ph, s, end);
    memset(ph->state, 0, ph->k);
    while (s < end) {
        uint32_t v = seq_decode(&s);
        if (v == 0) {
            memset(ph->state, 0, ph->k);
            continue;
        }
        uint32_t t = idx->seq_tok[v - 1];
        for (uint32_t i = 0; i < ph->k; i++)
            match[i] = t >= ph->tok[i].lo && t < ph->tok[i].hi;
        if (phrase_step(ph, match))
            return 1;
    }
    return 0;
}

static int eval_node(const ev *e, const q_node *n, qset *out);

/* Practices of `within` (consumed) where the phrase of n occurs. */
static int eval_phrase(const ev *e, const q_node *n, qset *within, qset *out)
{
    uint32_t k = n->u.text.ntok;
    const q_token *tok = n->u.text.tok;
    /* candidates: practices with every token */
    qset cand = *within;
    int rc = SHR_OK;
    for (uint32_t i = 0; rc == SHR_OK && i < k && set_count(e, &cand) > 0; i++) {
        qset t;
        rc = eval_token_range(e, tok[i].lo, tok[i].hi, &t);
        if (rc) {
            set_free(e, &cand);
            break;
        }
        qset r;
        rc = combine_and(e, &cand, &t, 1, &r);
        cand = r;
    }
    if (rc)
        return rc;
    int raw = 0;
    size_t maxlen = 0;
    for (uint32_t i = 0; i < k; i++) {
        if (tok[i].len > maxlen)
            maxlen = tok[i].len;
        if (tok[i].len > SHR_TOKEN_MAX)
            raw = 1;
    }
    phrase ph = {tok, k, NULL, NULL, NULL, maxlen, {0}, 0, NULL, 0, 0};
    if (!raw && tok[0].hi - tok[0].lo == 1) {
        uint32_t v = e->idx->tok_seq[tok[0].lo] + 1;
        while (v >= 0x80) {
            ph.anchor[ph.alen++] = (uint8_t)(v | 0x80);
            v >>= 7;
        }
        ph.anchor[ph.alen++] = (uint8_t)v;
    }
    uint8_t *scratch = shr__malloc(e->a, (size_t)k * 3 + maxlen + 1);
    uint32_t cn = set_count(e, &cand);
    uint32_t *o = shr__malloc(e->a, ((size_t)cn + 1) * sizeof *o);
    if (!scratch || !o) {
        shr__free(e->a, scratch);
        shr__free(e->a, o);
        set_free(e, &cand);
        return SHR_ENOMEM;
    }
    ph.state = scratch;
    ph.next = scratch + k;
    uint8_t *match = scratch + 2 * (size_t)k;
    ph.buf = (char *)scratch + 3 * (size_t)k;
    uint32_t m = 0;
    if (cand.kind == S_LIST) {
        for (uint32_t i = 0; i < cand.n; i++)
            if (phrase_matches(e, &ph, cand.items[i], raw, match))
                o[m++] = cand.items[i];
    } else if (cand.kind == S_BITS) {
        for (uint32_t wi = 0; wi < e->W; wi++) {
            uint64_t w = cand.bits[wi];
            while (w) {
                uint32_t p = wi * 64 + (uint32_t)__builtin_ctzll(w);
                w &= w - 1;
                if (phrase_matches(e, &ph, p, raw, match))
                    o[m++] = p;
            }
        }
    } else {
        for (uint32_t p = 0; p < e->P; p++)
            if (phrase_matches(e, &ph, p, raw, match))
                o[m++] = p;
    }
    shr__free(e->a, scratch);
    shr__free(e->a, ph.desc);
    set_free(e, &cand);
    if (ph.oom) {
        shr__free(e->a, o);
        return SHR_ENOMEM;
    }
    *out = set_list_owned(o, m);
    return SHR_OK;
}

static int eval_text(const ev *e, const q_node *n, qset *out)
{
    if (!n->u.text.verify)
        return eval_token_range(e, n->u.text.tok[0].lo, n->u.text.tok[0].hi, out);
    qset all = set_all(e);
    return eval_phrase(e, n, &all, out);
}

/* ------------------------------------------------------------------ combinations */

typedef struct sized {
    qset s;
    uint32_t n;
} sized;

static int sized_cmp(const void *x, const void *y)
{
    const sized *a = x, *b = y;
    /* lists first at equal size: filtering is cheapest from a list */
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    return (a->s.kind != S_LIST) - (b->s.kind != S_LIST);
}

static int eval_and(const ev *e, const q_node *n, qset *out)
{
    uint32_t nk = n->u.list.n;
    sized *pos = shr__calloc(e->a, (size_t)nk + 1, sizeof *pos);
    sized *neg = shr__calloc(e->a, (size_t)nk + 1, sizeof *neg);
    uint32_t np = 0, nn = 0;
    int rc = pos && neg ? SHR_OK : SHR_ENOMEM;
    int empty = 0;
    for (uint32_t i = 0; rc == SHR_OK && i < nk && !empty; i++) {
        const q_node *kid = n->u.list.kids[i];
        if (kid->kind == Q_TEXT && kid->u.text.verify)
            continue; /* checked last, on the fewest candidates */
        if (kid->kind == Q_NOT) {
            rc = eval_node(e, kid->u.kid, &neg[nn].s);
            if (rc == SHR_OK) {
                neg[nn].n = set_count(e, &neg[nn].s);
                if (neg[nn].s.kind == S_ALL || neg[nn].n == e->P)
                    empty = 1;
                nn++;
            }
        } else {
            rc = eval_node(e, kid, &pos[np].s);
            if (rc == SHR_OK) {
                pos[np].n = set_count(e, &pos[np].s);
                if (pos[np].n == 0)
                    empty = 1;
                if (pos[np].s.kind == S_ALL)
                    set_free(e, &pos[np].s);
                else
                    np++;
            }
        }
    }
    qset cur = set_all(e);
    if (rc == SHR_OK && empty) {
        cur = set_empty();
    } else if (rc == SHR_OK) {
        qsort(pos, np, sizeof *pos, sized_cmp);
        qsort(neg, nn, sizeof *neg, sized_cmp);
        uint32_t i = 0;
        if (np > 0) {
            cur = pos[0].s;
            memset(&pos[0].s, 0, sizeof pos[0].s);
            i = 1;
        }
        for (; rc == SHR_OK && i < np; i++) {
            qset r;
            rc = combine_and(e, &cur, &pos[i].s, 1, &r);
            memset(&pos[i].s, 0, sizeof pos[i].s);
            if (rc == SHR_OK)
                cur = r;
        }
        /* subtract the largest exclusions last: the set is smallest then */
        for (uint32_t j = 0; rc == SHR_OK && j < nn; j++) {
            qset r;
            rc = combine_and(e, &cur, &neg[j].s, 0, &r);
            memset(&neg[j].s, 0, sizeof neg[j].s);
            if (rc == SHR_OK)
                cur = r;
        }
        for (uint32_t t = 0; rc == SHR_OK && t < nk; t++) {
            const q_node *kid = n->u.list.kids[t];
            if (kid->kind == Q_TEXT && kid->u.text.verify) {
                qset r;
                rc = eval_phrase(e, kid, &cur, &r);
                if (rc == SHR_OK)
                    cur = r;
            }
        }
    }
    if (pos)
        for (uint32_t i = 0; i < np; i++)
            set_free(e, &pos[i].s);
    if (neg)
        for (uint32_t i = 0; i < nn; i++)
            set_free(e, &neg[i].s);
    shr__free(e->a, pos);
    shr__free(e->a, neg);
    if (rc)
        return rc;
    *out = cur;
    return SHR_OK;
}

static int eval_or(const ev *e, const q_node *n, qset *out)
{
    uint64_t *w = NULL;
    for (uint32_t i = 0; i < n->u.list.n; i++) {
        qset s;
        int rc = eval_node(e, n->u.list.kids[i], &s);
        if (rc) {
            shr__free(e->a, w);
            return rc;
        }
        if (s.kind == S_ALL) {
            shr__free(e->a, w);
            *out = s;
            return SHR_OK;
        }
        if (!w) {
            if (n->u.list.n == 1) {
                *out = s;
                return SHR_OK;
            }
            w = set_take_bits(e, &s);
            if (!w)
                return SHR_ENOMEM;
            continue;
        }
        if (s.kind == S_BITS) {
            for (uint32_t k = 0; k < e->W; k++)
                w[k] |= s.bits[k];
        } else {
            for (uint32_t k = 0; k < s.n; k++)
                w[s.items[k] >> 6] |= UINT64_C(1) << (s.items[k] & 63);
        }
        set_free(e, &s);
    }
    *out = w ? set_bits_owned(w) : set_empty();
    return SHR_OK;
}

static int eval_node(const ev *e, const q_node *n, qset *out)
{
    switch (n->kind) {
    case Q_ALL:
        *out = set_all(e);
        return SHR_OK;
    case Q_NONE:
        *out = set_empty();
        return SHR_OK;
    case Q_FIELD:
        return eval_field(e, n, out);
    case Q_ID: {
        if (n->u.id >= e->P) {
            *out = set_empty();
            return SHR_OK;
        }
        uint32_t *it = shr__malloc(e->a, sizeof *it);
        if (!it)
            return SHR_ENOMEM;
        it[0] = n->u.id;
        *out = set_list_owned(it, 1);
        return SHR_OK;
    }
    case Q_COMPARE:
        return eval_compare(e, n, out);
    case Q_TEXT:
        return eval_text(e, n, out);
    case Q_AND:
        return eval_and(e, n, out);
    case Q_OR:
        return eval_or(e, n, out);
    case Q_NOT: {
        qset s;
        int rc = eval_node(e, n->u.kid, &s);
        if (rc)
            return rc;
        qset all = set_all(e);
        return combine_and(e, &all, &s, 0, out);
    }
    }
    *out = set_empty();
    return SHR_OK;
}

/* ------------------------------------------------------------------ entry points */

static int ev_init(const shr_query *q, ev *e)
{
    e->cat = q->cat;
    e->idx = shr__cat_index(q->cat);
    e->a = &q->cat->alloc;
    e->P = e->idx ? e->idx->npractices : 0;
    e->W = e->idx ? e->idx->nwords : 0;
    return e->idx != NULL && e->P > 0;
}

int shr__query_eval_items(const shr_query *q, uint32_t **items, size_t *count)
{
    ev e;
    *items = NULL;
    *count = 0;
    if (!ev_init(q, &e)) {
        *items = shr__malloc(&q->cat->alloc, sizeof **items);
        return *items ? SHR_OK : SHR_ENOMEM;
    }
    qset s;
    int rc = eval_node(&e, q->root, &s);
    if (rc)
        return rc;
    uint32_t n = set_count(&e, &s);
    if (s.kind == S_LIST && s.owned) {
        *items = s.owned;
        *count = n;
        return SHR_OK;
    }
    uint32_t *o = shr__malloc(e.a, ((size_t)n + 1) * sizeof *o);
    if (!o) {
        set_free(&e, &s);
        return SHR_ENOMEM;
    }
    if (s.kind == S_LIST) {
        memcpy(o, s.items, (size_t)n * sizeof *o);
    } else if (s.kind == S_ALL) {
        for (uint32_t i = 0; i < n; i++)
            o[i] = i;
    } else {
        uint32_t m = 0;
        for (uint32_t wi = 0; wi < e.W; wi++) {
            uint64_t w = s.bits[wi];
            while (w) {
                o[m++] = wi * 64 + (uint32_t)__builtin_ctzll(w);
                w &= w - 1;
            }
        }
    }
    set_free(&e, &s);
    *items = o;
    *count = n;
    return SHR_OK;
}

int64_t shr_query_count(const shr_query *q, shr_error *err)
{
    if (!q)
        return shr__error_set(err, SHR_EINVAL, "shr_query_count: NULL query");
    ev e;
    if (!ev_init(q, &e))
        return 0;
    const q_node *n = q->root;
    if (n->kind == Q_COMPARE && n->u.cmp.num != SHR_NUMERIC_POPULATION) {
        /* a range of a sorted order: no need to list it */
        cmp_sel c = compare_select(&e, n);
        return compare_count(&e, &c);
    }
    qset s;
    int rc = eval_node(&e, n, &s);
    if (rc)
        return shr__error_set(err, rc, "out of memory while running a query");
    int64_t c = set_count(&e, &s);
    set_free(&e, &s);
    return c;
}

int shr_query_run(const shr_query *q, shr_result **out, shr_error *err)
{
    if (out)
        *out = NULL;
    if (!q || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_query_run: NULL argument");
    uint32_t *items;
    size_t count;
    int rc = shr__query_eval_items(q, &items, &count);
    if (rc)
        return shr__error_set(err, rc, "out of memory while running a query");
    shr_result *r = shr__result_new(q->cat, items, count);
    if (!r)
        return shr__error_set(err, SHR_ENOMEM, "out of memory while running a query");
    *out = r;
    return SHR_OK;
}

int shr_catalog_select(const shr_catalog *cat, const char *expr, shr_result **out,
                       shr_error *err)
{
    shr_query *q;
    if (out)
        *out = NULL;
    int rc = shr_query_parse(cat, expr, &q, err);
    if (rc)
        return rc;
    rc = shr_query_run(q, out, err);
    shr_query_free(q);
    return rc;
}
