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
#include "query_eval.h"

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
            rc = shr__qe_eval_node(e, kid->u.kid, &neg[nn].s);
            if (rc == SHR_OK) {
                neg[nn].n = set_count(e, &neg[nn].s);
                if (neg[nn].s.kind == S_ALL || neg[nn].n == e->P)
                    empty = 1;
                nn++;
            }
        } else {
            rc = shr__qe_eval_node(e, kid, &pos[np].s);
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
            rc = shr__qe_combine_and(e, &cur, &pos[i].s, 1, &r);
            memset(&pos[i].s, 0, sizeof pos[i].s);
            if (rc == SHR_OK)
                cur = r;
        }
        /* subtract the largest exclusions last: the set is smallest then */
        for (uint32_t j = 0; rc == SHR_OK && j < nn; j++) {
            qset r;
            rc = shr__qe_combine_and(e, &cur, &neg[j].s, 0, &r);
            memset(&neg[j].s, 0, sizeof neg[j].s);
            if (rc == SHR_OK)
                cur = r;
        }
        for (uint32_t t = 0; rc == SHR_OK && t < nk; t++) {
            const q_node *kid = n->u.list.kids[t];
            if (kid->kind == Q_TEXT && kid->u.text.verify) {
                qset r;
                rc = shr__qe_eval_phrase(e, kid, &cur, &r);
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
        int rc = shr__qe_eval_node(e, n->u.list.kids[i], &s);
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

int shr__qe_eval_node(const ev *e, const q_node *n, qset *out)
{
    switch (n->kind) {
    case Q_ALL:
        *out = set_all(e);
        return SHR_OK;
    case Q_NONE:
        *out = set_empty();
        return SHR_OK;
    case Q_FIELD:
        return shr__qe_eval_field(e, n, out);
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
        return shr__qe_eval_compare(e, n, out);
    case Q_TEXT:
        return shr__qe_eval_text(e, n, out);
    case Q_NEAR: {
        uint64_t *w = shr__calloc(e->a, e->W + 1, sizeof *w);
        if (!w)
            return SHR_ENOMEM;
        shr__near_bits(e->cat, n, e->P, w);
        *out = set_bits_owned(w);
        return SHR_OK;
    }
    case Q_AND:
        return eval_and(e, n, out);
    case Q_OR:
        return eval_or(e, n, out);
    case Q_NOT: {
        qset s;
        int rc = shr__qe_eval_node(e, n->u.kid, &s);
        if (rc)
            return rc;
        qset all = set_all(e);
        return shr__qe_combine_and(e, &all, &s, 0, out);
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
    int rc = shr__qe_eval_node(&e, q->root, &s);
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
        cmp_sel c = shr__qe_compare_select(&e, n);
        return shr__qe_compare_count(&e, &c);
    }
    qset s;
    int rc = shr__qe_eval_node(&e, n, &s);
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
    if (!r || shr__result_set_scope(r, q->root) != SHR_OK) {
        shr_result_free(r);
        return shr__error_set(err, SHR_ENOMEM, "out of memory while running a query");
    }
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

