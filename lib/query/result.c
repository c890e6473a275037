/*
 * Results: the practices a query selected, as an array of practice indices (catalog order
 * until sorted). Sorting builds its keys per call (nothing cached), and is stable.
 */
#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

shr_result *shr__result_new(const shr_catalog *cat, uint32_t *items, size_t count)
{
    shr_result *r = shr__malloc(&cat->alloc, sizeof *r);
    if (!r) {
        shr__free(&cat->alloc, items);
        return NULL;
    }
    r->cat = cat;
    r->items = items;
    r->count = count;
    r->scope = NULL;
    r->scope_n = 0;
    /* no borrow: a result holds practice indices, which loads keep (records are only
     * appended, and a failed load removes only its own); only reloads renumber them */
    atomic_fetch_add_explicit(&((shr_catalog *)cat)->results, 1, memory_order_relaxed);
    return r;
}

void shr_result_free(shr_result *r)
{
    if (!r)
        return;
    shr__free(&r->cat->alloc, r->items);
    shr__free(&r->cat->alloc, r->scope);
    atomic_fetch_sub_explicit(&((shr_catalog *)r->cat)->results, 1, memory_order_release);
    shr__free(&r->cat->alloc, r);
}

/* ------------------------------------------------------------------ scope (facet.h "within") */

typedef struct scope_ctx {
    const shr_catalog *cat;
    uint32_t n, nwords;
} scope_ctx;

/* Whether territory t is T or within T (T among its ancestors, a sorted list). */
static int territory_within(const shr_graph *g, uint32_t t, uint32_t T)
{
    if (t == T)
        return 1;
    if (!g || t >= g->nterritories)
        return 0;
    uint32_t lo = g->ancestors.offsets[t], hi = g->ancestors.offsets[t + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (g->ancestors.items[mid] < T)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->ancestors.offsets[t + 1] && g->ancestors.items[lo] == T;
}

/*
 * The scope of node n into *out: a new bitset, or NULL for "no restriction". A territory term
 * (in:T, at:T) is T and the territories within it; AND intersects its operands' scopes (those
 * with one); OR unites them, unless one operand has none; anything else (NOT, other fields,
 * words, comparisons, near:) has none.
 */
static int node_scope(const scope_ctx *c, const q_node *n, uint64_t **out)
{
    const shr_allocator *a = &c->cat->alloc;
    *out = NULL;
    if (n->kind == Q_FIELD &&
        (n->u.field.field == SHR_FIELD_IN || n->u.field.field == SHR_FIELD_AT)) {
        uint64_t *b = shr__calloc(a, (size_t)c->nwords + 1, sizeof *b);
        if (!b)
            return SHR_ENOMEM;
        uint32_t T = n->u.field.key;
        for (uint32_t t = 0; t < c->n; t++)
            if (territory_within(c->cat->graph, t, T))
                b[t / 64] |= UINT64_C(1) << (t % 64);
        *out = b;
        return SHR_OK;
    }
    if (n->kind != Q_AND && n->kind != Q_OR)
        return SHR_OK;
    uint64_t *acc = NULL;
    for (uint32_t i = 0; i < n->u.list.n; i++) {
        uint64_t *k;
        if (node_scope(c, n->u.list.kids[i], &k)) {
            shr__free(a, acc);
            return SHR_ENOMEM;
        }
        if (!k) {
            if (n->kind == Q_OR) { /* one operand anywhere: the whole OR anywhere */
                shr__free(a, acc);
                return SHR_OK;
            }
            continue;
        }
        if (!acc) {
            acc = k;
            continue;
        }
        for (uint32_t w = 0; w < c->nwords; w++)
            acc[w] = n->kind == Q_AND ? acc[w] & k[w] : acc[w] | k[w];
        shr__free(a, k);
    }
    *out = acc;
    return SHR_OK;
}

int shr__result_set_scope(shr_result *r, const q_node *root)
{
    const shr_index *idx = shr__cat_index(r->cat);
    if (!idx || !root)
        return SHR_OK;
    scope_ctx c = {r->cat, idx->nterritories, (idx->nterritories + 63) / 64};
    int rc = node_scope(&c, root, &r->scope);
    if (rc == SHR_OK && r->scope)
        r->scope_n = c.n;
    return rc;
}

size_t shr_result_count(const shr_result *r)
{
    return r ? r->count : 0;
}

const shr_practice *shr_result_at(const shr_result *r, size_t index)
{
    if (!r || index >= r->count)
        return NULL;
    return r->cat->practices.items[r->items[index]];
}

const shr_catalog *shr_result_catalog(const shr_result *r)
{
    return r ? r->cat : NULL;
}

int shr_sort_key_from_name(const char *name, shr_sort_key *out)
{
    static const char *const names[] = {"catalog", "name", "started", "id"};
    if (!name || !out)
        return SHR_ENOTFOUND;
    for (int i = 0; i < 4; i++)
        if (shr__enum_name_eq(names[i], name, strlen(name))) {
            *out = (shr_sort_key)i;
            return SHR_OK;
        }
    return SHR_ENOTFOUND;
}

typedef struct sort_item {
    const char *key; /* name: folded name; id: the id */
    int64_t num;     /* started, or catalog index */
    uint32_t pos;    /* position before sorting: ties keep it (stable) */
    uint32_t practice;
    int missing;     /* started: no year (always last) */
    int desc;
} sort_item;

static int cmp_pos(const sort_item *a, const sort_item *b)
{
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int cmp_str(const void *x, const void *y)
{
    const sort_item *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    if (c)
        return a->desc ? -c : c;
    return cmp_pos(a, b);
}

static int cmp_num(const void *x, const void *y)
{
    const sort_item *a = x, *b = y;
    if (a->missing != b->missing)
        return a->missing ? 1 : -1;
    if (a->num != b->num) {
        int c = a->num < b->num ? -1 : 1;
        return a->desc ? -c : c;
    }
    return cmp_pos(a, b);
}

int shr_result_sort(shr_result *r, shr_sort_key key, int descending, shr_error *err)
{
    if (!r)
        return shr__error_set(err, SHR_EINVAL, "shr_result_sort: NULL result");
    if ((int)key < 0 || key > SHR_SORT_ID)
        return shr__error_set(err, SHR_EINVAL, "shr_result_sort: unknown sort key %d", (int)key);
    const shr_allocator *a = &r->cat->alloc;
    size_t n = r->count;
    if (n < 2)
        return SHR_OK;
    sort_item *it = shr__malloc(a, n * sizeof *it);
    char *keys = NULL;
    if (!it)
        return shr__error_set(err, SHR_ENOMEM, "out of memory while sorting a result");
    if (key == SHR_SORT_NAME) {
        size_t total = 0;
        for (size_t i = 0; i < n; i++) {
            const char *name = r->cat->practices.items[r->items[i]]->name;
            size_t len = strlen(name);
            total += shr__fold_key(name, len, NULL, 0) + 1;
        }
        keys = shr__malloc(a, total + 1);
        if (!keys) {
            shr__free(a, it);
            return shr__error_set(err, SHR_ENOMEM, "out of memory while sorting a result");
        }
        size_t off = 0;
        for (size_t i = 0; i < n; i++) {
            const char *name = r->cat->practices.items[r->items[i]]->name;
            size_t len = strlen(name);
            size_t k = shr__fold_key(name, len, keys + off, total - off);
            keys[off + k] = '\0';
            it[i].key = keys + off;
            off += k + 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const shr_practice *p = r->cat->practices.items[r->items[i]];
        it[i].pos = (uint32_t)i;
        it[i].practice = r->items[i];
        it[i].desc = descending;
        it[i].missing = 0;
        switch (key) {
        case SHR_SORT_CATALOG:
            it[i].num = r->items[i];
            break;
        case SHR_SORT_STARTED:
            it[i].num = p->started;
            it[i].missing = p->started == SHR_NO_YEAR;
            break;
        case SHR_SORT_ID:
            it[i].key = shr__practice_id(p);
            break;
        case SHR_SORT_NAME:
            break;
        }
    }
    qsort(it, n, sizeof *it, key == SHR_SORT_NAME || key == SHR_SORT_ID ? cmp_str : cmp_num);
    for (size_t i = 0; i < n; i++)
        r->items[i] = it[i].practice;
    shr__free(a, keys);
    shr__free(a, it);
    return SHR_OK;
}

void shr_result_slice(shr_result *r, size_t offset, size_t limit)
{
    if (!r)
        return;
    if (offset >= r->count) {
        r->count = 0;
        return;
    }
    size_t rest = r->count - offset;
    if (limit > rest)
        limit = rest;
    if (offset)
        memmove(r->items, r->items + offset, limit * sizeof *r->items);
    r->count = limit;
}
