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
#include "quicksort.h"
#include "textindex.h"

#include <stdlib.h>
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

int shr__posting_is_dense(uint32_t n, uint32_t npractices)
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

int shr__pgroup_alloc(const shr_allocator *a, shr_pgroup *g, uint32_t nkeys, size_t nitems,
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
        if (shr__posting_is_dense(b->cnt[k], npractices))
            ndense++;
        else
            nitems += b->cnt[k];
    }
    if (shr__pgroup_alloc(a, b->g, b->nkeys, nitems, ndense, b->nwords))
        return SHR_ENOMEM;
    shr_pgroup *g = b->g;
    size_t ni = 0;
    uint32_t nd = 0;
    for (uint32_t k = 0; k < b->nkeys; k++) {
        uint32_t n = b->cnt[k];
        g->off[k] = (uint32_t)ni;
        if (shr__posting_is_dense(n, npractices)) {
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
                            &idx->token,    &idx->pair};
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
    shr__free(a, idx->pair_keys);
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
                            gather *g, shr_text_builder *tb)
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
            rc = shr__textindex_practice(tb, idx, pr, p);
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
    shr_text_builder tb;
    int rc = shr__textindex_begin(cat, idx, &tb);
    if (rc == SHR_OK)
        rc = build_territories(cat, graph, idx);
    if (rc == SHR_OK)
        rc = gather_practices(cat, graph, idx, &g, &tb);
    rc = shr__textindex_finish(cat, idx, &tb, rc);
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
