/*
 * Everything derived from the relations between records, rebuilt at each commit into fresh
 * arrays (so the catalog in use is never modified in place):
 *  - ancestors: for each territory, every territory that contains it (parent and groups,
 *    transitively), sorted, so that `within` is a binary search;
 *  - children and members: the reverse of parent and groups;
 *  - the practices of each territory and of each actor (with the actor's role).
 *
 * Lists are CSR arrays (offsets + items) built by counting sort in two passes: one count, one
 * fill, in record order, so every list comes out in catalog order with no sorting. A list
 * that names a target twice (groups: [x, x]) yields one entry.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ CSR building */

/*
 * Counting sort with offsets of n + 2 entries: counts go to offsets[key + 2]; after the prefix
 * sum offsets[key + 1] is where key's items start, and filling with offsets[key + 1]++ leaves
 * offsets[key + 1] at their end, which is the CSR layout.
 */
static int csr_begin(const shr_allocator *a, shr_csr *c, size_t n)
{
    c->items = NULL;
    c->offsets = shr__calloc(a, n + 2, sizeof *c->offsets);
    return c->offsets ? SHR_OK : SHR_ENOMEM;
}

static int csr_count(shr_csr *c, uint32_t key)
{
    if (c->offsets[key + 2] == UINT32_MAX)
        return SHR_ELIMIT;
    c->offsets[key + 2]++;
    return SHR_OK;
}

/* Prefix sums, then room for the items (and `extra` bytes per item when asked). */
static int csr_prefix(const shr_allocator *a, shr_csr *c, size_t n, uint8_t **extra)
{
    uint64_t sum = 0;
    for (size_t i = 2; i < n + 2; i++) {
        sum += c->offsets[i];
        if (sum > UINT32_MAX)
            return SHR_ELIMIT;
        c->offsets[i] = (uint32_t)sum;
    }
    c->items = shr__malloc(a, (size_t)sum * sizeof *c->items);
    if (!c->items)
        return SHR_ENOMEM;
    if (extra && !(*extra = shr__malloc(a, (size_t)sum)))
        return SHR_ENOMEM;
    return SHR_OK;
}

static uint32_t csr_slot(shr_csr *c, uint32_t key)
{
    return c->offsets[key + 1]++;
}

/* Drop repeated items: the repeats of one source are adjacent since sources come in order. */
static void csr_dedupe(shr_csr *c, size_t n)
{
    uint32_t w = 0, r = 0;
    for (size_t v = 0; v < n; v++) {
        uint32_t end = c->offsets[v + 1], first = w;
        for (; r < end; r++)
            if (w == first || c->items[w - 1] != c->items[r])
                c->items[w++] = c->items[r];
        c->offsets[v + 1] = w;
    }
}

static void csr_free(const shr_allocator *a, shr_csr *c)
{
    shr__free(a, c->offsets);
    shr__free(a, c->items);
    c->offsets = c->items = NULL;
}

/* ------------------------------------------------------------------ the reverse relations */

static int build_children(const shr_catalog *cat, const shr_allocator *a, shr_csr *c)
{
    size_t n = cat->territories.count;
    int rc = csr_begin(a, c, n);
    for (size_t i = 0; rc == SHR_OK && i < n; i++)
        if (cat->territories.items[i]->has_parent)
            rc = csr_count(c, cat->territories.items[i]->parent.index);
    if (rc == SHR_OK)
        rc = csr_prefix(a, c, n, NULL);
    for (size_t i = 0; rc == SHR_OK && i < n; i++) {
        const shr_territory *t = cat->territories.items[i];
        if (t->has_parent)
            c->items[csr_slot(c, t->parent.index)] = (uint32_t)i;
    }
    return rc;
}

static int build_members(const shr_catalog *cat, const shr_allocator *a, shr_csr *c)
{
    size_t n = cat->territories.count;
    int rc = csr_begin(a, c, n);
    for (size_t i = 0; rc == SHR_OK && i < n; i++) {
        const shr_territory *t = cat->territories.items[i];
        for (uint32_t k = 0; rc == SHR_OK && k < t->ngroups; k++)
            rc = csr_count(c, t->groups[k].index);
    }
    if (rc == SHR_OK)
        rc = csr_prefix(a, c, n, NULL);
    for (size_t i = 0; rc == SHR_OK && i < n; i++) {
        const shr_territory *t = cat->territories.items[i];
        for (uint32_t k = 0; k < t->ngroups; k++)
            c->items[csr_slot(c, t->groups[k].index)] = (uint32_t)i;
    }
    if (rc == SHR_OK)
        csr_dedupe(c, n);
    return rc;
}

static int build_territory_practices(const shr_catalog *cat, const shr_allocator *a, shr_csr *c)
{
    size_t n = cat->territories.count, np = cat->practices.count;
    int rc = csr_begin(a, c, n);
    for (size_t i = 0; rc == SHR_OK && i < np; i++) {
        const shr_practice *p = cat->practices.items[i];
        for (uint32_t k = 0; rc == SHR_OK && k < p->nterritories; k++)
            rc = csr_count(c, p->territories[k].index);
    }
    if (rc == SHR_OK)
        rc = csr_prefix(a, c, n, NULL);
    for (size_t i = 0; rc == SHR_OK && i < np; i++) {
        const shr_practice *p = cat->practices.items[i];
        for (uint32_t k = 0; k < p->nterritories; k++)
            c->items[csr_slot(c, p->territories[k].index)] = (uint32_t)i;
    }
    if (rc == SHR_OK)
        csr_dedupe(c, n);
    return rc;
}

/* Per actor, its practices in catalog order, once per (practice, role). */
static int build_actor_practices(const shr_catalog *cat, const shr_allocator *a, shr_graph *g)
{
    shr_csr *c = &g->actor_practices;
    size_t n = cat->actors.count, np = cat->practices.count;
    int rc = csr_begin(a, c, n);
    for (size_t i = 0; rc == SHR_OK && i < np; i++) {
        const shr_practice *p = cat->practices.items[i];
        for (uint32_t k = 0; rc == SHR_OK && k < p->nactors; k++)
            rc = csr_count(c, p->actors[k].actor.index);
    }
    if (rc == SHR_OK)
        rc = csr_prefix(a, c, n, &g->actor_practice_roles);
    if (rc != SHR_OK)
        return rc;
    for (size_t i = 0; i < np; i++) {
        const shr_practice *p = cat->practices.items[i];
        for (uint32_t k = 0; k < p->nactors; k++) {
            uint32_t s = csr_slot(c, p->actors[k].actor.index);
            c->items[s] = (uint32_t)i;
            g->actor_practice_roles[s] = (uint8_t)p->actors[k].role;
        }
    }
    /* Repeats of one practice are adjacent in an actor's list: a role mask per practice. */
    uint32_t w = 0, r = 0;
    for (size_t v = 0; v < n; v++) {
        uint32_t end = c->offsets[v + 1], cur = SHR_NO_INDEX;
        unsigned mask = 0;
        for (; r < end; r++) {
            uint8_t role = g->actor_practice_roles[r];
            if (c->items[r] != cur) {
                cur = c->items[r];
                mask = 0;
            }
            if (mask & (1u << role))
                continue;
            mask |= 1u << role;
            c->items[w] = cur;
            g->actor_practice_roles[w++] = role;
        }
        c->offsets[v + 1] = w;
    }
    return SHR_OK;
}

/* ------------------------------------------------------------------ the closure */

typedef SHR_VEC(uint32_t) u32vec;

static uint32_t edge_count(const shr_territory *t)
{
    return (t->has_parent ? 1u : 0u) + t->ngroups;
}

static uint32_t edge_target(const shr_territory *t, uint32_t k)
{
    if (t->has_parent)
        return k == 0 ? t->parent.index : t->groups[k - 1].index;
    return t->groups[k].index;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* Sort and drop duplicates; returns the new count. */
static size_t sort_unique(uint32_t *v, size_t n)
{
    if (n <= 24) {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = v[i];
            size_t j = i;
            for (; j > 0 && v[j - 1] > x; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
    } else {
        qsort(v, n, sizeof *v, cmp_u32);
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (w == 0 || v[w - 1] != v[i])
            v[w++] = v[i];
    return w;
}

/* The state of the closure computation (all arrays have one entry per territory). */
typedef struct closure {
    const shr_allocator *a;
    const shr_catalog *cat;
    uint32_t *start, *len; /* the closure of t is pool[start[t] .. + len[t]) once state 2 */
    uint8_t *state;        /* 0 not seen, 1 on the DFS path, 2 done */
    uint32_t *stack, *pos; /* DFS path and the next edge of each node on it */
    u32vec pool, scratch;
} closure;

static int push(const shr_allocator *a, u32vec *v, const uint32_t *items, size_t n)
{
    if (n == 0)
        return SHR_OK;
    if (v->count + n < v->count || shr__grow(a, (void **)&v->items, &v->cap, v->count + n,
                                             sizeof *v->items))
        return SHR_ENOMEM;
    memcpy(v->items + v->count, items, n * sizeof *items);
    v->count += n;
    return SHR_OK;
}

/* Closure of t from its direct containers' closures (all done): their union plus themselves. */
static int close_node(closure *cl, uint32_t t)
{
    const shr_territory *ter = cl->cat->territories.items[t];
    cl->scratch.count = 0;
    for (uint32_t k = 0; k < edge_count(ter); k++) {
        uint32_t j = edge_target(ter, k);
        /* cl->len[j] first: pool.items is NULL until the first closure is stored, and
         * NULL + 0 is undefined behaviour (clang's UBSan stops there). */
        if (push(cl->a, &cl->scratch, &j, 1) ||
            (cl->len[j] && push(cl->a, &cl->scratch, cl->pool.items + cl->start[j], cl->len[j])))
            return SHR_ENOMEM;
    }
    size_t n = sort_unique(cl->scratch.items, cl->scratch.count);
    if (cl->pool.count + n > UINT32_MAX)
        return SHR_ELIMIT;
    cl->start[t] = (uint32_t)cl->pool.count;
    cl->len[t] = (uint32_t)n;
    return push(cl->a, &cl->pool, cl->scratch.items, n);
}

/* Memoised DFS from root, iterative (chains may be long): containers are closed first. */
static int close_from(closure *cl, uint32_t root)
{
    size_t top = 0;
    cl->stack[0] = root;
    cl->pos[0] = 0;
    cl->state[root] = 1;
    for (;;) {
        uint32_t t = cl->stack[top];
        const shr_territory *ter = cl->cat->territories.items[t];
        if (cl->pos[top] < edge_count(ter)) {
            uint32_t j = edge_target(ter, cl->pos[top]++);
            if (cl->state[j] == 2)
                continue;
            if (cl->state[j] == 1)
                return SHR_ECYCLE; /* commit.c reports cycles first; kept as a safety net */
            cl->state[j] = 1;
            cl->stack[++top] = j;
            cl->pos[top] = 0;
            continue;
        }
        int rc = close_node(cl, t);
        if (rc)
            return rc;
        cl->state[t] = 2;
        if (top == 0)
            return SHR_OK;
        top--;
    }
}

static int build_ancestors(const shr_catalog *cat, const shr_allocator *a, shr_csr *out)
{
    size_t n = cat->territories.count;
    closure cl = {.a = a, .cat = cat};
    cl.start = shr__malloc(a, n * sizeof *cl.start);
    cl.len = shr__malloc(a, n * sizeof *cl.len);
    cl.state = shr__calloc(a, n, 1);
    cl.stack = shr__malloc(a, n * sizeof *cl.stack);
    cl.pos = shr__malloc(a, n * sizeof *cl.pos);
    int rc = (cl.start && cl.len && cl.state && cl.stack && cl.pos) ? SHR_OK : SHR_ENOMEM;
    for (size_t i = 0; rc == SHR_OK && i < n; i++)
        if (!cl.state[i])
            rc = close_from(&cl, (uint32_t)i);
    /* The pool is in DFS order: lay the lists out in territory order. */
    if (rc == SHR_OK) {
        out->offsets = shr__malloc(a, (n + 1) * sizeof *out->offsets);
        out->items = shr__malloc(a, cl.pool.count * sizeof *out->items);
        if (!out->offsets || !out->items)
            rc = SHR_ENOMEM;
    }
    if (rc == SHR_OK) {
        out->offsets[0] = 0;
        for (size_t i = 0; i < n; i++) {
            if (cl.len[i])
                memcpy(out->items + out->offsets[i], cl.pool.items + cl.start[i],
                       cl.len[i] * sizeof *out->items);
            out->offsets[i + 1] = out->offsets[i] + cl.len[i];
        }
    }
    shr__free(a, cl.start);
    shr__free(a, cl.len);
    shr__free(a, cl.state);
    shr__free(a, cl.stack);
    shr__free(a, cl.pos);
    shr__free(a, cl.pool.items);
    shr__free(a, cl.scratch.items);
    return rc;
}

/* ------------------------------------------------------------------ entry points */

int shr__graph_build(const shr_catalog *cat, shr_graph **out, shr_error *err)
{
    const shr_allocator *a = &cat->alloc;
    *out = NULL;
    shr_graph *g = shr__calloc(a, 1, sizeof *g);
    if (!g)
        return shr__error_set(err, SHR_ENOMEM, "out of memory building the territory graph");
    g->nterritories = cat->territories.count;
    g->nactors = cat->actors.count;
    int rc = build_ancestors(cat, a, &g->ancestors);
    if (rc == SHR_OK)
        rc = build_children(cat, a, &g->children);
    if (rc == SHR_OK)
        rc = build_members(cat, a, &g->members);
    if (rc == SHR_OK)
        rc = build_territory_practices(cat, a, &g->territory_practices);
    if (rc == SHR_OK)
        rc = build_actor_practices(cat, a, g);
    if (rc != SHR_OK) {
        shr__graph_free(a, g);
        if (rc == SHR_ENOMEM)
            return shr__error_set(err, rc, "out of memory building the territory graph");
        if (rc == SHR_ECYCLE)
            return shr__error_set(err, rc, "cycle in the territory graph");
        return shr__error_set(err, rc, "territory graph too large (more than 2^32 entries)");
    }
    *out = g;
    return SHR_OK;
}

void shr__graph_free(const shr_allocator *alloc, shr_graph *graph)
{
    if (!graph)
        return;
    csr_free(alloc, &graph->ancestors);
    csr_free(alloc, &graph->children);
    csr_free(alloc, &graph->members);
    csr_free(alloc, &graph->territory_practices);
    csr_free(alloc, &graph->actor_practices);
    shr__free(alloc, graph->actor_practice_roles);
    shr__free(alloc, graph);
}
