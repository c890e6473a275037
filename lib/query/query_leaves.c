/*
 * Leaves of a query tree (see query_eval.c): field:value through the postings, membership
 * filters (in:, at:, actor:), comparisons through the orders of the index.
 */
#include "query_eval.h"

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
int shr__qe_combine_and(const ev *e, qset *s, qset *b, int keep, qset *out)
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

int shr__qe_eval_field(const ev *e, const q_node *n, qset *out)
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

cmp_sel shr__qe_compare_select(const ev *e, const q_node *n)
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

uint32_t shr__qe_compare_count(const ev *e, const cmp_sel *c)
{
    return c->rest ? e->P - (c->m - (c->hi - c->lo)) : c->hi - c->lo;
}

int shr__qe_eval_compare(const ev *e, const q_node *n, qset *out)
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
    cmp_sel c = shr__qe_compare_select(e, n);
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
    out->n = shr__qe_compare_count(e, &c);
    return SHR_OK;
}

/* Practices having a token in [lo, hi). */
int shr__qe_eval_token_range(const ev *e, uint32_t lo, uint32_t hi, qset *out)
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
    shr__qe_or_keys(e, g, lo, hi, w);
    *out = set_bits_owned(w);
    return SHR_OK;
}

void shr__qe_or_keys(const ev *e, const shr_pgroup *g, uint32_t lo, uint32_t hi, uint64_t *w)
{
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
}

