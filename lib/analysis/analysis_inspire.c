/*
 * inspire: the peers of a territory (same kind, population within a band, or an explicit
 * list), the categories they have and it lacks, and the categories it has that few of them
 * have (analysis.h).
 *
 * One pass over the practices marks, for each peer and for the territory itself, the categories
 * of the practices within it: a practice is within a territory when one of its territories or
 * one of their ancestors (the precomputed closure) is that territory, so each practice costs
 * (its territories) x (their ancestors) look-ups in a territory -> slot table.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "../export/export_internal.h"
#include "wstream.h"

typedef struct inspire_entry {
    uint32_t category;   /* catalog index */
    uint32_t peers_with;
    uint32_t own;        /* practices of the territory itself in the category */
    uint32_t nexamples;
    uint32_t *examples;  /* practice indices */
    uint32_t *where;     /* territory index of each example */
} inspire_entry;

struct shr_inspiration {
    const shr_catalog *cat;
    const shr_territory *target;
    uint32_t *peers; /* territory indices, catalog order */
    size_t npeers;
    size_t examples; /* the option */
    inspire_entry *lists[SHR_INSPIRE_LIST_COUNT];
    size_t counts[SHR_INSPIRE_LIST_COUNT];
};

const char *shr_inspire_list_name(shr_inspire_list list)
{
    switch (list) {
    case SHR_INSPIRE_LACKS: return "lacks";
    case SHR_INSPIRE_HAS: return "has";
    default: return NULL;
    }
}

void shr_inspiration_free(shr_inspiration *insp)
{
    if (!insp)
        return;
    const shr_allocator *a = &insp->cat->alloc;
    for (int l = 0; l < SHR_INSPIRE_LIST_COUNT; l++) {
        for (size_t i = 0; i < insp->counts[l]; i++) {
            shr__free(a, insp->lists[l][i].examples);
            shr__free(a, insp->lists[l][i].where);
        }
        shr__free(a, insp->lists[l]);
    }
    shr__free(a, insp->peers);
    shr__free(a, insp);
}

/* ------------------------------------------------------------------ computing */

/* Working state of one call. */
typedef struct inspire_work {
    const shr_catalog *cat;
    const shr_allocator *a;
    uint32_t *slot;   /* per territory: peer slot, npeers for the target, SHR_NO_INDEX */
    size_t npeers;
    size_t ncat;
    uint8_t *mask;    /* practices that count */
    uint8_t *has;     /* (npeers + 1) x ncat */
    uint32_t *own;    /* ncat */
} inspire_work;

/* Call fn(slot) for each slot that practice p is within (a slot may come several times). */
#define FOR_PRACTICE_SLOTS(w, p, s, body)                                                  \
    do {                                                                                   \
        for (size_t ti_ = 0; ti_ < shr_practice_territory_count(p); ti_++) {               \
            const shr_territory *t_ = shr_practice_territory_at(p, ti_);                   \
            size_t na_ = shr_territory_ancestor_count(t_);                                 \
            for (size_t ai_ = 0; ai_ <= na_; ai_++) {                                      \
                const shr_territory *u_ = ai_ == 0 ? t_ : shr_territory_ancestor_at(t_, ai_ - 1); \
                uint32_t s = (w)->slot[shr_territory_index(u_)];                           \
                if (s == SHR_NO_INDEX)                                                     \
                    continue;                                                              \
                body;                                                                      \
            }                                                                              \
        }                                                                                  \
    } while (0)

static int find_peers(inspire_work *w, shr_inspiration *insp, const shr_inspire_options *o,
                      shr_error *err)
{
    const shr_catalog *cat = w->cat;
    size_t nt = shr_catalog_territory_count(cat);
    const shr_territory *target = insp->target;
    size_t cap = 0;
    if (o->peers) {
        for (size_t i = 0; i < o->peer_count; i++) {
            const char *id = o->peers[i];
            const shr_territory *t = id ? shr_catalog_territory(cat, id) : NULL;
            if (!t)
                return shr__error_set(err, SHR_ENOTFOUND, "unknown peer territory '%s'",
                                      id ? id : "(null)");
            size_t ti = shr_territory_index(t);
            if (t == target || w->slot[ti] != SHR_NO_INDEX)
                continue;
            w->slot[ti] = 0; /* mark; slots are numbered in catalog order below */
        }
    } else {
        int64_t pop = shr_territory_population(target);
        if (pop <= 0) /* 0 is no population either: any band of it holds only empty places */
            return shr__error_set(err, SHR_EINVAL,
                                  "territory '%s' has no population: give its peers",
                                  shr_territory_id(target));
        double lo = o->band_low * (double)pop, hi = o->band_high * (double)pop;
        shr_territory_kind kind = shr_territory_kind_of(target);
        for (size_t ti = 0; ti < nt; ti++) {
            const shr_territory *t = shr_catalog_territory_at(cat, ti);
            int64_t p = shr_territory_population(t);
            if (t == target || shr_territory_kind_of(t) != kind || p < 0)
                continue;
            if ((double)p >= lo && (double)p <= hi)
                w->slot[ti] = 0;
        }
    }
    /* Number the peers in catalog order. */
    for (size_t ti = 0; ti < nt; ti++) {
        if (w->slot[ti] == SHR_NO_INDEX)
            continue;
        if (shr__grow(w->a, (void **)&insp->peers, &cap, insp->npeers + 1, sizeof *insp->peers))
            return shr__error_set(err, SHR_ENOMEM, "out of memory");
        w->slot[ti] = (uint32_t)insp->npeers;
        insp->peers[insp->npeers++] = (uint32_t)ti;
    }
    w->npeers = insp->npeers;
    w->slot[shr_territory_index(target)] = (uint32_t)w->npeers;
    return SHR_OK;
}

static void mark_categories(inspire_work *w)
{
    size_t np = shr_catalog_practice_count(w->cat);
    size_t self = w->npeers;
    for (size_t pi = 0; pi < np; pi++) {
        if (!w->mask[pi])
            continue;
        const shr_practice *p = shr_catalog_practice_at(w->cat, pi);
        size_t c = shr_category_index(shr_practice_category(p));
        int in_self = 0;
        FOR_PRACTICE_SLOTS(w, p, s, {
            w->has[(size_t)s * w->ncat + c] = 1;
            if (s == self)
                in_self = 1;
        });
        if (in_self)
            w->own[c]++;
    }
}

/* Sorting entries: LACKS by peers_with descending, HAS ascending; then category order. */
static int cmp_lacks(const void *x, const void *y)
{
    const inspire_entry *a = x, *b = y;
    if (a->peers_with != b->peers_with)
        return a->peers_with > b->peers_with ? -1 : 1;
    return a->category < b->category ? -1 : a->category > b->category;
}

static int cmp_has(const void *x, const void *y)
{
    const inspire_entry *a = x, *b = y;
    if (a->peers_with != b->peers_with)
        return a->peers_with < b->peers_with ? -1 : 1;
    return a->category < b->category ? -1 : a->category > b->category;
}

/* First slot in [0, limit) that practice p is within and that is not among used[0..nused). */
static uint32_t first_slot(const inspire_work *w, const shr_practice *p, uint32_t limit,
                           const uint32_t *used, size_t nused)
{
    uint32_t found = SHR_NO_INDEX;
    FOR_PRACTICE_SLOTS(w, p, s, {
        if (s >= limit || found != SHR_NO_INDEX)
            continue;
        int dup = 0;
        for (size_t k = 0; k < nused; k++)
            dup |= used[k] == s;
        if (!dup)
            found = s;
    });
    return found;
}

/* Choose up to `max` examples for entry e: practices of its category within a peer (LACKS) or
 * within the target (HAS); first one per distinct peer, then the rest in catalog order. */
static int choose_examples(inspire_work *w, shr_inspiration *insp, inspire_entry *e, int lacks,
                           size_t max, shr_error *err)
{
    if (max == 0)
        return SHR_OK;
    e->examples = shr__calloc(w->a, max, sizeof *e->examples);
    e->where = shr__calloc(w->a, max, sizeof *e->where);
    uint32_t *used = shr__calloc(w->a, max, sizeof *used);
    if (!e->examples || !e->where || !used) {
        shr__free(w->a, used);
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    size_t np = shr_catalog_practice_count(w->cat);
    size_t nused = 0;
    for (int pass = 0; pass < 2 && e->nexamples < max; pass++) {
        for (size_t pi = 0; pi < np && e->nexamples < max; pi++) {
            if (!w->mask[pi])
                continue;
            const shr_practice *p = shr_catalog_practice_at(w->cat, pi);
            if (shr_category_index(shr_practice_category(p)) != e->category)
                continue;
            int taken = 0;
            for (size_t k = 0; k < e->nexamples; k++)
                taken |= e->examples[k] == pi;
            if (taken)
                continue;
            uint32_t s;
            if (lacks) {
                s = first_slot(w, p, (uint32_t)w->npeers, used, pass == 0 ? nused : 0);
                if (s == SHR_NO_INDEX)
                    continue;
                if (pass == 0)
                    used[nused++] = s;
                e->where[e->nexamples] = insp->peers[s];
            } else {
                int in_self = 0;
                FOR_PRACTICE_SLOTS(w, p, t, {
                    if (t == w->npeers)
                        in_self = 1;
                });
                if (!in_self)
                    continue;
                e->where[e->nexamples] = (uint32_t)shr_territory_index(insp->target);
            }
            e->examples[e->nexamples++] = (uint32_t)pi;
        }
        if (!lacks)
            break; /* all examples are within the target: one pass is enough */
    }
    shr__free(w->a, used);
    return SHR_OK;
}

typedef struct near_candidate {
    double km; /* < 0: unknown */
    uint32_t practice;
    uint32_t slot;
} near_candidate;

static int near_cmp(const void *x, const void *y)
{
    const near_candidate *a = x, *b = y;
    if ((a->km < 0) != (b->km < 0))
        return a->km < 0 ? 1 : -1;
    if (a->km != b->km)
        return a->km < b->km ? -1 : 1;
    return (a->practice > b->practice) - (a->practice < b->practice);
}

/* by_distance, LACKS: the `max` practices of e's category within a peer nearest to the
 * target (unknown distances last, then catalog order). */
static int choose_nearest(inspire_work *w, shr_inspiration *insp, inspire_entry *e, size_t max,
                          shr_error *err)
{
    if (max == 0)
        return SHR_OK;
    size_t np = shr_catalog_practice_count(w->cat), n = 0;
    near_candidate *c = shr__calloc(w->a, np + 1, sizeof *c);
    e->examples = shr__calloc(w->a, max, sizeof *e->examples);
    e->where = shr__calloc(w->a, max, sizeof *e->where);
    if (!c || !e->examples || !e->where) {
        shr__free(w->a, c);
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    for (size_t pi = 0; pi < np; pi++) {
        if (!w->mask[pi])
            continue;
        const shr_practice *p = shr_catalog_practice_at(w->cat, pi);
        if (shr_category_index(shr_practice_category(p)) != e->category)
            continue;
        uint32_t s = first_slot(w, p, (uint32_t)w->npeers, NULL, 0);
        if (s == SHR_NO_INDEX)
            continue;
        c[n].km = shr_practice_distance_km(p, insp->target);
        c[n].practice = (uint32_t)pi;
        c[n++].slot = s;
    }
    qsort(c, n, sizeof *c, near_cmp);
    for (size_t k = 0; k < n && e->nexamples < max; k++) {
        e->where[e->nexamples] = insp->peers[c[k].slot];
        e->examples[e->nexamples++] = c[k].practice;
    }
    shr__free(w->a, c);
    return SHR_OK;
}

static int build_lists(inspire_work *w, shr_inspiration *insp, size_t max_examples,
                       int by_distance, shr_error *err)
{
    for (int l = 0; l < SHR_INSPIRE_LIST_COUNT; l++) {
        insp->lists[l] = shr__calloc(w->a, w->ncat ? w->ncat : 1, sizeof(inspire_entry));
        if (!insp->lists[l])
            return shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    for (size_t c = 0; c < w->ncat; c++) {
        uint32_t with = 0;
        for (size_t s = 0; s < w->npeers; s++)
            with += w->has[s * w->ncat + c];
        inspire_entry e = {(uint32_t)c, with, w->own[c], 0, NULL, NULL};
        if (w->own[c] > 0)
            insp->lists[SHR_INSPIRE_HAS][insp->counts[SHR_INSPIRE_HAS]++] = e;
        else if (with > 0)
            insp->lists[SHR_INSPIRE_LACKS][insp->counts[SHR_INSPIRE_LACKS]++] = e;
    }
    qsort(insp->lists[SHR_INSPIRE_LACKS], insp->counts[SHR_INSPIRE_LACKS], sizeof(inspire_entry),
          cmp_lacks);
    qsort(insp->lists[SHR_INSPIRE_HAS], insp->counts[SHR_INSPIRE_HAS], sizeof(inspire_entry),
          cmp_has);
    for (int l = 0; l < SHR_INSPIRE_LIST_COUNT; l++) {
        for (size_t i = 0; i < insp->counts[l]; i++) {
            int rc = by_distance && l == SHR_INSPIRE_LACKS
                         ? choose_nearest(w, insp, &insp->lists[l][i], max_examples, err)
                         : choose_examples(w, insp, &insp->lists[l][i], l == SHR_INSPIRE_LACKS,
                                           max_examples, err);
            if (rc)
                return rc;
        }
    }
    return SHR_OK;
}

int shr_inspiration_compute(const shr_catalog *cat, const char *territory_id,
                const shr_inspire_options *opts, shr_inspiration **out, shr_error *err)
{
    static const shr_inspire_options defaults = SHR_INSPIRE_OPTIONS_INIT;
    if (out)
        *out = NULL;
    if (!cat || !territory_id || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_inspiration_compute: missing argument");
    shr_inspire_options v2 = defaults;
    const shr_inspire_options *o = opts ? opts : &defaults;
    if (o->version == 1) { /* the version 1 struct ends before by_distance */
        memcpy(&v2, o, offsetof(shr_inspire_options, by_distance));
        v2.version = SHR_INSPIRE_OPTIONS_VERSION;
        o = &v2;
    }
    if (o->version != SHR_INSPIRE_OPTIONS_VERSION)
        return shr__error_set(err, SHR_EINVAL,
                              "shr_inspiration_compute: options version %u, expected 1 or %u",
                              o->version, SHR_INSPIRE_OPTIONS_VERSION);
    if (!o->peers && (!isfinite(o->band_low) || !isfinite(o->band_high) || o->band_low < 0 ||
                      o->band_low > o->band_high))
        return shr__error_set(err, SHR_EINVAL, "invalid population band %g..%g", o->band_low,
                              o->band_high);
    const shr_territory *target = shr_catalog_territory(cat, territory_id);
    if (!target)
        return shr__error_set(err, SHR_ENOTFOUND, "unknown territory '%s'", territory_id);
    if (o->by_distance && !shr_territory_location(target, NULL, NULL))
        return shr__error_set(err, SHR_EINVAL,
                              "territory '%s' has no location: examples cannot be ranked by "
                              "distance", shr_territory_id(target));

    inspire_work w = {0};
    w.cat = cat;
    w.a = &cat->alloc;
    w.ncat = shr_catalog_category_count(cat);
    size_t nt = shr_catalog_territory_count(cat);
    int rc;
    shr_inspiration *insp = shr__calloc(w.a, 1, sizeof *insp);
    if (!insp)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    insp->cat = cat;
    insp->target = target;
    insp->examples = o->examples;

    w.slot = shr__malloc(w.a, (nt ? nt : 1) * sizeof *w.slot);
    if (!w.slot) {
        rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
        goto error;
    }
    for (size_t i = 0; i < nt; i++)
        w.slot[i] = SHR_NO_INDEX;
    if ((rc = find_peers(&w, insp, o, err)) != SHR_OK)
        goto error;
    if ((rc = shr__practice_mask(cat, o->filter, &w.mask, err)) != SHR_OK)
        goto error;
    w.has = shr__calloc(w.a, (w.npeers + 1) * (w.ncat ? w.ncat : 1), 1);
    w.own = shr__calloc(w.a, w.ncat ? w.ncat : 1, sizeof *w.own);
    if (!w.has || !w.own) {
        rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
        goto error;
    }
    mark_categories(&w);
    if ((rc = build_lists(&w, insp, o->examples, o->by_distance, err)) != SHR_OK)
        goto error;
    shr__free(w.a, w.slot);
    shr__free(w.a, w.mask);
    shr__free(w.a, w.has);
    shr__free(w.a, w.own);
    *out = insp;
    return SHR_OK;
error:
    shr__free(w.a, w.slot);
    shr__free(w.a, w.mask);
    shr__free(w.a, w.has);
    shr__free(w.a, w.own);
    shr_inspiration_free(insp);
    return rc;
}

/* ------------------------------------------------------------------ getters */

static const inspire_entry *entry(const shr_inspiration *insp, shr_inspire_list list, size_t i)
{
    if (!insp || (unsigned)list >= SHR_INSPIRE_LIST_COUNT || i >= insp->counts[list])
        return NULL;
    return &insp->lists[list][i];
}

const shr_territory *shr_inspiration_territory(const shr_inspiration *insp)
{
    return insp ? insp->target : NULL;
}

size_t shr_inspiration_peer_count(const shr_inspiration *insp)
{
    return insp ? insp->npeers : 0;
}

const shr_territory *shr_inspiration_peer_at(const shr_inspiration *insp, size_t i)
{
    if (!insp || i >= insp->npeers)
        return NULL;
    return shr_catalog_territory_at(insp->cat, insp->peers[i]);
}

size_t shr_inspiration_count(const shr_inspiration *insp, shr_inspire_list list)
{
    if (!insp || (unsigned)list >= SHR_INSPIRE_LIST_COUNT)
        return 0;
    return insp->counts[list];
}

const shr_category *shr_inspiration_category(const shr_inspiration *insp, shr_inspire_list list,
                                             size_t i)
{
    const inspire_entry *e = entry(insp, list, i);
    return e ? shr_catalog_category_at(insp->cat, e->category) : NULL;
}

size_t shr_inspiration_peers_with(const shr_inspiration *insp, shr_inspire_list list, size_t i)
{
    const inspire_entry *e = entry(insp, list, i);
    return e ? e->peers_with : 0;
}

double shr_inspiration_share(const shr_inspiration *insp, shr_inspire_list list, size_t i)
{
    const inspire_entry *e = entry(insp, list, i);
    if (!e || insp->npeers == 0)
        return 0.0;
    return (double)e->peers_with / (double)insp->npeers;
}

size_t shr_inspiration_own_count(const shr_inspiration *insp, shr_inspire_list list, size_t i)
{
    const inspire_entry *e = entry(insp, list, i);
    return e ? e->own : 0;
}

size_t shr_inspiration_example_count(const shr_inspiration *insp, shr_inspire_list list,
                                     size_t i)
{
    const inspire_entry *e = entry(insp, list, i);
    return e ? e->nexamples : 0;
}

const shr_practice *shr_inspiration_example_at(const shr_inspiration *insp,
                                               shr_inspire_list list, size_t i, size_t k)
{
    const inspire_entry *e = entry(insp, list, i);
    if (!e || k >= e->nexamples)
        return NULL;
    return shr_catalog_practice_at(insp->cat, e->examples[k]);
}

const shr_territory *shr_inspiration_example_territory(const shr_inspiration *insp,
                                                       shr_inspire_list list, size_t i,
                                                       size_t k)
{
    const inspire_entry *e = entry(insp, list, i);
    if (!e || k >= e->nexamples)
        return NULL;
    return shr_catalog_territory_at(insp->cat, e->where[k]);
}

/* ------------------------------------------------------------------ writers */

int shr_inspiration_write_csv_file(const shr_inspiration *insp, shr_inspire_list list, FILE *out,
                              shr_error *err)
{
    if (!insp || !out || (unsigned)list >= SHR_INSPIRE_LIST_COUNT)
        return shr__error_set(err, SHR_EINVAL, "shr_inspiration_write_csv_file: bad argument");
    unsigned flags = shr_catalog_csv_flags(insp->cat);
    /* The contract: category,family,peers_with,peers,share, then the examples; the territory's
     * own count comes last so that the examples start at column 6. */
    fputs("category,family,peers_with,peers,share", out);
    for (size_t k = 0; k < insp->examples; k++)
        fprintf(out, ",example_%zu", k + 1);
    fputs(",own\n", out);
    char buf[64];
    /* "name (territory)" cells: built in a growing buffer of the catalog's allocator. */
    char *cell = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < insp->counts[list]; i++) {
        const shr_category *c = shr_inspiration_category(insp, list, i);
        shr_csv_write_text(out, shr_category_id(c), flags);
        putc(',', out);
        shr_csv_write_text(out, shr_family_name(shr_category_family(c)), flags);
        fprintf(out, ",%zu,%zu,%s", shr_inspiration_peers_with(insp, list, i), insp->npeers,
                shr__fmt_fixed(shr_inspiration_share(insp, list, i), 4, buf, sizeof buf));
        size_t nex = shr_inspiration_example_count(insp, list, i);
        for (size_t k = 0; k < insp->examples; k++) {
            putc(',', out);
            if (k >= nex)
                continue;
            const char *pn = shr_practice_name(shr_inspiration_example_at(insp, list, i, k));
            const char *tn =
                shr_territory_name(shr_inspiration_example_territory(insp, list, i, k));
            size_t need = strlen(pn) + strlen(tn) + 4;
            if (shr__grow(&insp->cat->alloc, (void **)&cell, &cap, need, 1)) {
                shr__free(&insp->cat->alloc, cell);
                return shr__error_set(err, SHR_ENOMEM, "out of memory");
            }
            snprintf(cell, cap, "%s (%s)", pn, tn);
            shr_csv_write_text(out, cell, flags);
        }
        fprintf(out, ",%zu\n", shr_inspiration_own_count(insp, list, i));
    }
    shr__free(&insp->cat->alloc, cell);
    return shr__w_finish(out, err);
}

static void json_territory_ref(FILE *out, const shr_territory *t)
{
    fputs("{\"id\": ", out);
    shr__w_json(out, shr_territory_id(t));
    fputs(", \"name\": ", out);
    shr__w_json(out, shr_territory_name(t));
    int64_t pop = shr_territory_population(t);
    if (pop >= 0)
        fprintf(out, ", \"population\": %lld}", (long long)pop);
    else
        fputs(", \"population\": null}", out);
}

void shr__an_json_example(FILE *out, const shr_practice *p, const shr_territory *t)
{
    fputs("\"id\": ", out);
    shr__w_json(out, shr_practice_id(p));
    fputs(", \"name\": ", out);
    shr__w_json(out, shr_practice_name(p));
    fputs(", \"territory\": ", out);
    shr__w_json(out, shr_territory_id(t));
    fputs(", \"territory_name\": ", out);
    shr__w_json(out, shr_territory_name(t));
}

int shr_inspiration_write_json_file(const shr_inspiration *insp, FILE *out, shr_error *err)
{
    if (!insp || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_inspiration_write_json_file: bad argument");
    char buf[64];
    fputs("{\"territory\": ", out);
    json_territory_ref(out, insp->target);
    fputs(",\n \"peers\": [", out);
    for (size_t i = 0; i < insp->npeers; i++) {
        fputs(i ? ",\n   " : "\n   ", out);
        json_territory_ref(out, shr_inspiration_peer_at(insp, i));
    }
    fputs("]", out);
    for (int l = 0; l < SHR_INSPIRE_LIST_COUNT; l++) {
        fprintf(out, ",\n \"%s\": [", shr_inspire_list_name((shr_inspire_list)l));
        for (size_t i = 0; i < insp->counts[l]; i++) {
            const shr_category *c = shr_inspiration_category(insp, (shr_inspire_list)l, i);
            fputs(i ? ",\n   " : "\n   ", out);
            fputs("{\"category\": ", out);
            shr__w_json(out, shr_category_id(c));
            fputs(", \"label\": ", out);
            shr__w_json(out, shr_category_label(c, "fr"));
            fputs(", \"family\": ", out);
            shr__w_json(out, shr_family_name(shr_category_family(c)));
            fprintf(out, ", \"peers_with\": %zu, \"peers\": %zu, \"share\": %s, \"own\": %zu",
                    shr_inspiration_peers_with(insp, (shr_inspire_list)l, i), insp->npeers,
                    shr__fmt_shortest(shr_inspiration_share(insp, (shr_inspire_list)l, i), buf,
                                  sizeof buf),
                    shr_inspiration_own_count(insp, (shr_inspire_list)l, i));
            fputs(", \"examples\": [", out);
            size_t nex = shr_inspiration_example_count(insp, (shr_inspire_list)l, i);
            for (size_t k = 0; k < nex; k++) {
                const shr_practice *p =
                    shr_inspiration_example_at(insp, (shr_inspire_list)l, i, k);
                const shr_territory *t =
                    shr_inspiration_example_territory(insp, (shr_inspire_list)l, i, k);
                fputs(k ? ", {" : "{", out);
                shr__an_json_example(out, p, t);
                putc('}', out);
            }
            fputs("]}", out);
        }
        fputs("]", out);
    }
    fputs("}\n", out);
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ to a shr_writer */

int shr_inspiration_write_csv(const shr_inspiration *insp, shr_inspire_list list,
                              const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_inspiration_write_csv_file(insp, list, f, err));
}

int shr_inspiration_write_json(const shr_inspiration *insp, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_inspiration_write_json_file(insp, f, err));
}
