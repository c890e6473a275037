/*
 * roadmap: the fiches-actions ranked for one territory (roadmap.h; the formula is in
 * docs/roadmap.md).
 *
 * The peers are shr_inspiration_compute()'s (one call, no examples), so `roadmap` and `inspire` always
 * compare a territory with the same territories, and the peers having each category are
 * inspire's counts. One pass over the practices then marks, for each practice, whether it is
 * within the territory, within its local area (the territory and its EPCIs) and within which
 * peers (the nearest one kept for examples), counting categories and axes on the way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "../export/export_internal.h"
#include "numfmt.h"

#define LEAD_FULL 3 /* actors that give a full lead part */

typedef struct roadmap_rec {
    uint32_t action;   /* catalog index */
    uint32_t category; /* the key category (largest gap) */
    uint32_t peers_having, own, local;
    int8_t weak_axis;
    double gap, weakness, lead, score;
    uint32_t lead_total;
    uint32_t nleads, nexamples;
    uint32_t *leads;    /* actor indices */
    uint32_t *examples; /* practice indices */
    uint32_t *where;    /* peer slot of each example */
    char *why[2];       /* fr, en */
} roadmap_rec;

struct shr_roadmap {
    const shr_catalog *cat;
    const shr_territory *target;
    int lang; /* 0 fr, 1 en */
    uint32_t *peers; /* territory indices */
    size_t npeers;
    double *peer_km; /* per peer: distance from the target, < 0 unknown */
    uint8_t *peer_tier; /* per peer: 0 distance known, else 1 same department, 2 same region,
                         * 3 other (the fallback order when locations are missing) */
    double density[SHR_AXIS_COUNT], peer_density[SHR_AXIS_COUNT], weakness[SHR_AXIS_COUNT];
    roadmap_rec *recs;
    size_t count;
};

void shr_roadmap_free(shr_roadmap *rm)
{
    if (!rm)
        return;
    const shr_allocator *a = &rm->cat->alloc;
    for (size_t i = 0; i < rm->count; i++) {
        shr__free(a, rm->recs[i].leads);
        shr__free(a, rm->recs[i].examples);
        shr__free(a, rm->recs[i].where);
        shr__free(a, rm->recs[i].why[0]);
        shr__free(a, rm->recs[i].why[1]);
    }
    shr__free(a, rm->recs);
    shr__free(a, rm->peers);
    shr__free(a, rm->peer_km);
    shr__free(a, rm->peer_tier);
    shr__free(a, rm);
}

/* ------------------------------------------------------------------ computing */

/* Nonzero when a and b are both within one territory of the given kind. */
static int share_ancestor(const shr_territory *a, const shr_territory *b, shr_territory_kind kind)
{
    for (size_t i = 0; i < shr_territory_ancestor_count(a); i++) {
        const shr_territory *u = shr_territory_ancestor_at(a, i);
        if (shr_territory_kind_of(u) == kind && shr_territory_within(b, u))
            return 1;
    }
    return 0;
}

/* Nearest first: known distances by distance, then (locations missing) the peers of the
 * same department, then of the same region, then the others; ties by peer order. */
static int nearer(const shr_roadmap *rm, uint32_t s, uint32_t t)
{
    if (rm->peer_tier[s] != rm->peer_tier[t])
        return rm->peer_tier[s] < rm->peer_tier[t];
    if (rm->peer_tier[s] == 0 && rm->peer_km[s] != rm->peer_km[t])
        return rm->peer_km[s] < rm->peer_km[t];
    return s < t;
}

/* Working state of one call. */
typedef struct roadmap_work {
    const shr_catalog *cat;
    const shr_allocator *a;
    size_t ncat, nprac, nact;
    uint32_t *slot;      /* per territory: peer slot or SHR_NO_INDEX */
    uint8_t *place;      /* per territory: PLACE_SELF | PLACE_LOCAL */
    uint32_t *peers_having; /* per category (inspire's counts) */
    uint32_t *own, *local;  /* per category */
    uint32_t *nearest;   /* per practice: nearest peer slot, SHR_NO_INDEX (or within self) */
    uint32_t *active;    /* per actor: practices within the target it takes part in */
    uint32_t *seen;      /* per peer slot: last practice + 1 counted */
    double peer_pop;
} roadmap_work;

#define PLACE_SELF 1
#define PLACE_LOCAL 2

static int oom(shr_error *err)
{
    return shr__error_set(err, SHR_ENOMEM, "out of memory");
}

/* Peers from shr_inspire (the same selection), with inspire's peers-having counts. */
static int take_peers(roadmap_work *w, shr_roadmap *rm, const char *territory_id,
                      const shr_roadmap_options *o, shr_error *err)
{
    shr_inspire_options io = SHR_INSPIRE_OPTIONS_INIT;
    io.band_low = o->band_low;
    io.band_high = o->band_high;
    io.peers = o->peers;
    io.peer_count = o->peer_count;
    io.examples = 0;
    shr_inspiration *insp = NULL;
    int rc = shr_inspiration_compute(w->cat, territory_id, &io, &insp, err);
    if (rc)
        return rc;
    rm->target = shr_inspiration_territory(insp);
    rm->npeers = shr_inspiration_peer_count(insp);
    size_t n = rm->npeers ? rm->npeers : 1;
    rm->peers = shr__calloc(w->a, n, sizeof *rm->peers);
    rm->peer_km = shr__calloc(w->a, n, sizeof *rm->peer_km);
    rm->peer_tier = shr__calloc(w->a, n, 1);
    if (!rm->peers || !rm->peer_km || !rm->peer_tier) {
        shr_inspiration_free(insp);
        return oom(err);
    }
    for (size_t i = 0; i < rm->npeers; i++) {
        const shr_territory *p = shr_inspiration_peer_at(insp, i);
        rm->peers[i] = (uint32_t)shr_territory_index(p);
        rm->peer_km[i] = shr_territory_distance_km(rm->target, p);
        rm->peer_tier[i] = rm->peer_km[i] >= 0                                      ? 0
                           : share_ancestor(rm->target, p, SHR_TERRITORY_DEPARTMENT) ? 1
                           : share_ancestor(rm->target, p, SHR_TERRITORY_REGION)     ? 2
                                                                                      : 3;
        w->slot[rm->peers[i]] = (uint32_t)i;
        int64_t pop = shr_territory_population(p);
        if (pop > 0)
            w->peer_pop += (double)pop;
    }
    for (int l = 0; l < SHR_INSPIRE_LIST_COUNT; l++)
        for (size_t i = 0; i < shr_inspiration_count(insp, (shr_inspire_list)l); i++)
            w->peers_having[shr_category_index(
                shr_inspiration_category(insp, (shr_inspire_list)l, i))] =
                (uint32_t)shr_inspiration_peers_with(insp, (shr_inspire_list)l, i);
    shr_inspiration_free(insp);
    return SHR_OK;
}

/* The target is PLACE_SELF | PLACE_LOCAL, the EPCIs it is within PLACE_LOCAL. */
static void mark_places(roadmap_work *w, const shr_territory *t)
{
    w->place[shr_territory_index(t)] = PLACE_SELF | PLACE_LOCAL;
    for (size_t i = 0; i < shr_territory_ancestor_count(t); i++) {
        const shr_territory *u = shr_territory_ancestor_at(t, i);
        if (shr_territory_kind_of(u) == SHR_TERRITORY_EPCI)
            w->place[shr_territory_index(u)] |= PLACE_LOCAL;
    }
}

/* The pass over the practices: categories within the target and its area, axes within the
 * target and each peer, the nearest peer of each practice not within the target, the actors
 * active in the target. */
static void scan_practices(roadmap_work *w, shr_roadmap *rm, double count_self[SHR_AXIS_COUNT],
                           double count_peers[SHR_AXIS_COUNT])
{
    for (size_t pi = 0; pi < w->nprac; pi++) {
        const shr_practice *p = shr_catalog_practice_at(w->cat, pi);
        uint8_t place = 0;
        uint32_t near = SHR_NO_INDEX;
        for (size_t ti = 0; ti < shr_practice_territory_count(p); ti++) {
            const shr_territory *t = shr_practice_territory_at(p, ti);
            size_t na = shr_territory_ancestor_count(t);
            for (size_t ai = 0; ai <= na; ai++) {
                const shr_territory *u = ai == 0 ? t : shr_territory_ancestor_at(t, ai - 1);
                size_t ui = shr_territory_index(u);
                place |= w->place[ui];
                uint32_t s = w->slot[ui];
                if (s == SHR_NO_INDEX || w->seen[s] == pi + 1)
                    continue;
                w->seen[s] = (uint32_t)pi + 1;
                for (int x = 0; x < SHR_AXIS_COUNT; x++)
                    if (shr_practice_has_axis(p, x) && shr_territory_population(u) > 0)
                        count_peers[x] += 1.0;
                if (near == SHR_NO_INDEX || nearer(rm, s, near))
                    near = s;
            }
        }
        size_t c = shr_category_index(shr_practice_category(p));
        if (place & PLACE_LOCAL)
            w->local[c]++;
        if (place & PLACE_SELF) {
            w->own[c]++;
            for (int x = 0; x < SHR_AXIS_COUNT; x++)
                if (shr_practice_has_axis(p, x))
                    count_self[x] += 1.0;
            size_t nac = shr_practice_actor_count(p);
            for (size_t k = 0; k < nac; k++) {
                const shr_actor *ac = shr_practice_actor_at(p, k);
                int dup = 0; /* an actor with two roles counts once */
                for (size_t j = 0; j < k; j++)
                    dup |= shr_practice_actor_at(p, j) == ac;
                if (ac && !dup)
                    w->active[shr_actor_index(ac)]++;
            }
            near = SHR_NO_INDEX; /* never an example */
        }
        w->nearest[pi] = near;
    }
}

static void axis_densities(roadmap_work *w, shr_roadmap *rm, const double count_self[],
                           const double count_peers[])
{
    int64_t pop = shr_territory_population(rm->target);
    for (int x = 0; x < SHR_AXIS_COUNT; x++) {
        rm->density[x] = pop > 0 ? count_self[x] * 10000.0 / (double)pop : -1.0;
        rm->peer_density[x] = w->peer_pop > 0 ? count_peers[x] * 10000.0 / w->peer_pop : -1.0;
        double wk = 0.0;
        if (rm->density[x] >= 0 && rm->peer_density[x] > 0) {
            wk = 1.0 - rm->density[x] / rm->peer_density[x];
            wk = wk < 0 ? 0 : wk;
        }
        rm->weakness[x] = wk;
    }
}

static double round4(double v)
{
    return floor(v * 10000.0 + 0.5) / 10000.0;
}

/* Score one fiche into r (no allocation). */
static void score_action(const roadmap_work *w, const shr_roadmap *rm, const shr_action *a,
                         roadmap_rec *r)
{
    memset(r, 0, sizeof *r);
    r->action = (uint32_t)shr_action_index(a);
    r->category = SHR_NO_INDEX;
    r->weak_axis = -1;
    double best = -1.0;
    for (size_t k = 0; k < shr_action_category_count(a); k++) {
        size_t c = shr_category_index(shr_action_category_at(a, k));
        double share = rm->npeers ? (double)w->peers_having[c] / (double)rm->npeers : 0.0;
        double g = share / (1.0 + (double)w->local[c]);
        if (g > best) {
            best = g;
            r->category = (uint32_t)c;
        }
    }
    if (r->category != SHR_NO_INDEX) {
        r->gap = best;
        r->peers_having = w->peers_having[r->category];
        r->own = w->own[r->category];
        r->local = w->local[r->category];
    }
    for (size_t k = 0; k < shr_action_axis_count(a); k++) {
        int x = shr_axis_code_of(shr_action_axis_at(a, k));
        if (rm->weakness[x] > r->weakness) {
            r->weakness = rm->weakness[x];
            r->weak_axis = (int8_t)x;
        }
    }
    for (size_t ai = 0; ai < w->nact; ai++)
        if (w->active[ai] &&
            shr_action_has_lead(a, shr_actor_sector(shr_catalog_actor_at(w->cat, ai))))
            r->lead_total++;
    r->lead = (r->lead_total >= LEAD_FULL ? LEAD_FULL : r->lead_total) / (double)LEAD_FULL;
    r->score = round4(r->gap * (0.6 + 0.25 * r->weakness + 0.15 * r->lead));
}

static int cmp_rec(const void *x, const void *y)
{
    const roadmap_rec *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->gap != b->gap)
        return a->gap > b->gap ? -1 : 1;
    return a->action < b->action ? -1 : a->action > b->action;
}

/* The first `max` leads of r: active actors of a lead sector, most practices first. */
static int choose_leads(const roadmap_work *w, const shr_action *a, roadmap_rec *r, size_t max,
                        shr_error *err)
{
    if (max == 0 || r->lead_total == 0)
        return SHR_OK;
    r->leads = shr__calloc(w->a, max, sizeof *r->leads);
    if (!r->leads)
        return oom(err);
    for (size_t ai = 0; ai < w->nact; ai++) {
        if (!w->active[ai] ||
            !shr_action_has_lead(a, shr_actor_sector(shr_catalog_actor_at(w->cat, ai))))
            continue;
        /* insertion into the kept list, ordered by (active desc, index asc) */
        size_t pos = r->nleads;
        while (pos > 0 && w->active[r->leads[pos - 1]] < w->active[ai])
            pos--;
        if (pos >= max)
            continue;
        size_t keep = r->nleads < max ? r->nleads : max - 1;
        memmove(&r->leads[pos + 1], &r->leads[pos], (keep - pos) * sizeof *r->leads);
        r->leads[pos] = (uint32_t)ai;
        if (r->nleads < max)
            r->nleads++;
    }
    return SHR_OK;
}

/* Examples ordered by (distance of their nearest peer, unknown last; practice order), one per
 * peer first. */
typedef struct cand {
    double km;   /* < 0: unknown */
    uint32_t tier; /* peer_tier */
    uint32_t practice, slot;
} cand;

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->tier != b->tier)
        return a->tier < b->tier ? -1 : 1;
    if (a->km != b->km)
        return a->km < b->km ? -1 : 1;
    return a->practice < b->practice ? -1 : a->practice > b->practice;
}

static int choose_examples(const roadmap_work *w, const shr_roadmap *rm, const shr_action *a,
                           roadmap_rec *r, size_t max, cand *buf, uint8_t *peer_used,
                           shr_error *err)
{
    if (max == 0)
        return SHR_OK;
    size_t n = 0;
    for (size_t pi = 0; pi < w->nprac; pi++) {
        if (w->nearest[pi] == SHR_NO_INDEX)
            continue;
        const shr_practice *p = shr_catalog_practice_at(w->cat, pi);
        if (!shr_action_has_category(a, shr_practice_category(p)))
            continue;
        buf[n].km = rm->peer_km[w->nearest[pi]];
        buf[n].tier = rm->peer_tier[w->nearest[pi]];
        buf[n].practice = (uint32_t)pi;
        buf[n].slot = w->nearest[pi];
        n++;
    }
    if (n == 0)
        return SHR_OK;
    qsort(buf, n, sizeof *buf, cmp_cand);
    r->examples = shr__calloc(w->a, max, sizeof *r->examples);
    r->where = shr__calloc(w->a, max, sizeof *r->where);
    if (!r->examples || !r->where)
        return oom(err);
    memset(peer_used, 0, rm->npeers ? rm->npeers : 1);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < n && r->nexamples < max; k++) {
            if (buf[k].slot == SHR_NO_INDEX)
                continue; /* taken in the first pass */
            if (pass == 0 && peer_used[buf[k].slot])
                continue;
            peer_used[buf[k].slot] = 1;
            r->examples[r->nexamples] = buf[k].practice;
            r->where[r->nexamples++] = buf[k].slot;
            buf[k].slot = SHR_NO_INDEX;
        }
    }
    return SHR_OK;
}

/* ---------------------------------------------------------------- the "why" */

/* Plural noun of a territory kind as a peer ("communes comparables", "peer communes"). */
static const char *const kind_plural[SHR_TERRITORY_KIND_COUNT][2] = {
    {"pays comparables", "peer countries"},
    {"régions comparables", "peer regions"},
    {"départements comparables", "peer departments"},
    {"intercommunalités comparables", "peer EPCIs"},
    {"communes comparables", "peer communes"},
    {"quartiers comparables", "peer districts"},
    {"territoires comparables", "peer territories"}};

/* A growing text in the catalog's allocator; failures are remembered and reported once. */
typedef struct text_buf {
    const shr_allocator *a;
    char *s;
    size_t len, cap;
    bool failed;
} text_buf;

static void tb_printf(text_buf *b, const char *fmt, ...) SHR_PRINTF(2, 3);
static void tb_printf(text_buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || shr__grow(b->a, (void **)&b->s, &b->cap, b->len + (size_t)n + 1, 1)) {
        b->failed = true;
        va_end(ap2);
        return;
    }
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

static int build_why(const roadmap_work *w, const shr_roadmap *rm, roadmap_rec *r, int l,
                     shr_error *err)
{
    text_buf b = {w->a, NULL, 0, 0, false};
    const char *tname = shr_territory_name(rm->target);
    const shr_category *c =
        r->category != SHR_NO_INDEX ? shr_catalog_category_at(w->cat, r->category) : NULL;
    const char *clabel = c ? (shr_category_label(c, l ? "en" : "fr")
                                  ? shr_category_label(c, l ? "en" : "fr")
                                  : shr_category_id(c))
                           : "";
    const char *kinds = kind_plural[shr_territory_kind_of(rm->target)][l];
    char d1[32], d2[32];
    if (l == 0) {
        tb_printf(&b, "%u des %zu %s ont au moins une pratique « %s » ; ", r->peers_having,
                  rm->npeers, kinds, clabel);
        if (r->own == 0)
            tb_printf(&b, "%s n'en a aucune", tname);
        else
            tb_printf(&b, "%s en a %u", tname, r->own);
        if (r->local > r->own)
            tb_printf(&b, " (%u de plus dans son intercommunalité)", r->local - r->own);
        tb_printf(&b, ".");
    } else {
        tb_printf(&b, "%u of %zu %s have at least one “%s” practice; ", r->peers_having,
                  rm->npeers, kinds, clabel);
        if (r->own == 0)
            tb_printf(&b, "%s has none", tname);
        else
            tb_printf(&b, "%s has %u", tname, r->own);
        if (r->local > r->own)
            tb_printf(&b, " (%u more in its EPCI)", r->local - r->own);
        tb_printf(&b, ".");
    }
    if (r->nexamples > 0) {
        const shr_practice *p = shr_catalog_practice_at(w->cat, r->examples[0]);
        const shr_territory *t = shr_catalog_territory_at(w->cat, rm->peers[r->where[0]]);
        double km = rm->peer_km[r->where[0]];
        if (l == 0)
            tb_printf(&b, " L'exemple le plus proche : %s à %s", shr_practice_name(p),
                      shr_territory_name(t));
        else
            tb_printf(&b, " The nearest example is %s in %s", shr_practice_name(p),
                      shr_territory_name(t));
        if (km >= 0)
            tb_printf(&b, l == 0 ? ", à %s km." : ", %s km away.",
                      shr__fmt_fixed(km, 0, d1, sizeof d1));
        else
            tb_printf(&b, ".");
    }
    if (r->weak_axis >= 0) {
        const shr_axis *ax = shr_catalog_axis_at(w->cat, (size_t)r->weak_axis);
        shr__fmt_fixed(rm->density[r->weak_axis], 2, d1, sizeof d1);
        shr__fmt_fixed(rm->peer_density[r->weak_axis], 2, d2, sizeof d2);
        if (l == 0)
            tb_printf(&b,
                      " Axe faible : %s (%s pratiques pour 10 000 habitants, contre %s chez "
                      "les pairs).",
                      shr_axis_label(ax, "fr"), d1, d2);
        else
            tb_printf(&b,
                      " Weak axis: %s (%s practices per 10,000 inhabitants, against %s among "
                      "peers).",
                      shr_axis_label(ax, "en"), d1, d2);
    }
    if (r->nleads > 0) {
        tb_printf(&b, l == 0 ? " Porteurs possibles ici : " : " Could lead here: ");
        for (size_t k = 0; k < r->nleads; k++)
            tb_printf(&b, "%s%s", k ? ", " : "",
                      shr_actor_name(shr_catalog_actor_at(w->cat, r->leads[k])));
        if (r->lead_total > r->nleads)
            tb_printf(&b, l == 0 ? " (%u en tout)" : " (%u in all)", r->lead_total);
        tb_printf(&b, ".");
    } else {
        tb_printf(&b, l == 0 ? " Aucun porteur possible n'est encore actif ici."
                             : " No possible lead is active here yet.");
    }
    if (b.failed) {
        shr__free(w->a, b.s);
        return oom(err);
    }
    r->why[l] = b.s;
    return SHR_OK;
}

static void work_free(roadmap_work *w)
{
    shr__free(w->a, w->slot);
    shr__free(w->a, w->place);
    shr__free(w->a, w->peers_having);
    shr__free(w->a, w->own);
    shr__free(w->a, w->local);
    shr__free(w->a, w->nearest);
    shr__free(w->a, w->active);
    shr__free(w->a, w->seen);
}

static int rank_actions(roadmap_work *w, shr_roadmap *rm, const shr_roadmap_options *o,
                        shr_error *err)
{
    size_t na = shr_catalog_action_count(w->cat);
    rm->recs = shr__calloc(w->a, na ? na : 1, sizeof *rm->recs);
    if (!rm->recs)
        return oom(err);
    for (size_t i = 0; i < na; i++) {
        roadmap_rec r;
        score_action(w, rm, shr_catalog_action_at(w->cat, i), &r);
        if (r.score > 0)
            rm->recs[rm->count++] = r;
    }
    qsort(rm->recs, rm->count, sizeof *rm->recs, cmp_rec);
    if (o->top && rm->count > o->top)
        rm->count = o->top;
    cand *buf = shr__calloc(w->a, w->nprac ? w->nprac : 1, sizeof *buf);
    uint8_t *used = shr__calloc(w->a, rm->npeers ? rm->npeers : 1, 1);
    int rc = buf && used ? SHR_OK : oom(err);
    for (size_t i = 0; i < rm->count && rc == SHR_OK; i++) {
        roadmap_rec *r = &rm->recs[i];
        const shr_action *a = shr_catalog_action_at(w->cat, r->action);
        rc = choose_leads(w, a, r, o->leads, err);
        if (rc == SHR_OK)
            rc = choose_examples(w, rm, a, r, o->examples, buf, used, err);
        for (int l = 0; l < 2 && rc == SHR_OK; l++)
            rc = build_why(w, rm, r, l, err);
    }
    shr__free(w->a, buf);
    shr__free(w->a, used);
    return rc;
}

int shr_roadmap_compute(const shr_catalog *cat, const char *territory_id,
                        const shr_roadmap_options *opts, shr_roadmap **out, shr_error *err)
{
    static const shr_roadmap_options defaults = SHR_ROADMAP_OPTIONS_INIT;
    if (out)
        *out = NULL;
    if (!cat || !territory_id || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_roadmap_compute: missing argument");
    const shr_roadmap_options *o = opts ? opts : &defaults;
    if (o->version != SHR_ROADMAP_OPTIONS_VERSION || o->size < sizeof(shr_roadmap_options))
        return shr__error_set(err, SHR_EINVAL,
                              "shr_roadmap_compute: options version %u size %zu, expected %u "
                              "size %zu",
                              o->version, o->size, SHR_ROADMAP_OPTIONS_VERSION,
                              sizeof(shr_roadmap_options));
    int lang = shr__lang_index(o->lang ? o->lang : "fr");
    if (lang < 0)
        return shr__error_set(err, SHR_EINVAL, "unknown language '%s' (fr or en)", o->lang);

    roadmap_work w = {0};
    w.cat = cat;
    w.a = &cat->alloc;
    w.ncat = shr_catalog_category_count(cat);
    w.nprac = shr_catalog_practice_count(cat);
    w.nact = shr_catalog_actor_count(cat);
    size_t nt = shr_catalog_territory_count(cat);
    int rc;
    shr_roadmap *rm = shr__calloc(w.a, 1, sizeof *rm);
    if (!rm)
        return oom(err);
    rm->cat = cat;
    rm->lang = lang;
    w.slot = shr__malloc(w.a, (nt ? nt : 1) * sizeof *w.slot);
    w.place = shr__calloc(w.a, nt ? nt : 1, 1);
    w.peers_having = shr__calloc(w.a, w.ncat ? w.ncat : 1, sizeof *w.peers_having);
    w.own = shr__calloc(w.a, w.ncat ? w.ncat : 1, sizeof *w.own);
    w.local = shr__calloc(w.a, w.ncat ? w.ncat : 1, sizeof *w.local);
    w.nearest = shr__calloc(w.a, w.nprac ? w.nprac : 1, sizeof *w.nearest);
    w.active = shr__calloc(w.a, w.nact ? w.nact : 1, sizeof *w.active);
    if (!w.slot || !w.place || !w.peers_having || !w.own || !w.local || !w.nearest ||
        !w.active) {
        rc = oom(err);
        goto error;
    }
    for (size_t i = 0; i < nt; i++)
        w.slot[i] = SHR_NO_INDEX;
    if ((rc = take_peers(&w, rm, territory_id, o, err)) != SHR_OK)
        goto error;
    w.seen = shr__calloc(w.a, rm->npeers ? rm->npeers : 1, sizeof *w.seen);
    if (!w.seen) {
        rc = oom(err);
        goto error;
    }
    mark_places(&w, rm->target);
    double count_self[SHR_AXIS_COUNT] = {0}, count_peers[SHR_AXIS_COUNT] = {0};
    scan_practices(&w, rm, count_self, count_peers);
    axis_densities(&w, rm, count_self, count_peers);
    if ((rc = rank_actions(&w, rm, o, err)) != SHR_OK)
        goto error;
    work_free(&w);
    *out = rm;
    return SHR_OK;
error:
    work_free(&w);
    shr_roadmap_free(rm);
    return rc;
}

/* ------------------------------------------------------------------ getters */

static const roadmap_rec *rec(const shr_roadmap *rm, size_t i)
{
    return rm && i < rm->count ? &rm->recs[i] : NULL;
}

const shr_territory *shr_roadmap_territory(const shr_roadmap *rm)
{
    return rm ? rm->target : NULL;
}
size_t shr_roadmap_peer_count(const shr_roadmap *rm)
{
    return rm ? rm->npeers : 0;
}
const shr_territory *shr_roadmap_peer_at(const shr_roadmap *rm, size_t i)
{
    return rm && i < rm->npeers ? shr_catalog_territory_at(rm->cat, rm->peers[i]) : NULL;
}
const char *shr_roadmap_lang(const shr_roadmap *rm)
{
    return rm ? (rm->lang ? "en" : "fr") : NULL;
}
double shr_roadmap_axis_density(const shr_roadmap *rm, shr_axis_code code)
{
    return rm && code >= 0 && code < SHR_AXIS_COUNT ? rm->density[code] : -1.0;
}
double shr_roadmap_axis_peer_density(const shr_roadmap *rm, shr_axis_code code)
{
    return rm && code >= 0 && code < SHR_AXIS_COUNT ? rm->peer_density[code] : -1.0;
}
double shr_roadmap_axis_weakness(const shr_roadmap *rm, shr_axis_code code)
{
    return rm && code >= 0 && code < SHR_AXIS_COUNT ? rm->weakness[code] : -1.0;
}
size_t shr_roadmap_count(const shr_roadmap *rm)
{
    return rm ? rm->count : 0;
}
const shr_action *shr_roadmap_action(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? shr_catalog_action_at(rm->cat, r->action) : NULL;
}
double shr_roadmap_score(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->score : -1.0;
}
double shr_roadmap_gap(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->gap : -1.0;
}
double shr_roadmap_weakness(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->weakness : -1.0;
}
double shr_roadmap_lead_score(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->lead : -1.0;
}
const shr_category *shr_roadmap_category(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r && r->category != SHR_NO_INDEX ? shr_catalog_category_at(rm->cat, r->category)
                                            : NULL;
}
size_t shr_roadmap_peers_having(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->peers_having : 0;
}
size_t shr_roadmap_own_count(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->own : 0;
}
size_t shr_roadmap_local_count(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->local : 0;
}
shr_axis_code shr_roadmap_weak_axis(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? (shr_axis_code)r->weak_axis : SHR_AXIS_NONE;
}
const char *shr_roadmap_why(const shr_roadmap *rm, size_t i, const char *lang)
{
    const roadmap_rec *r = rec(rm, i);
    int l = shr__lang_index(lang);
    return r && l >= 0 ? r->why[l] : NULL;
}
size_t shr_roadmap_lead_total(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->lead_total : 0;
}
size_t shr_roadmap_lead_count(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->nleads : 0;
}
const shr_actor *shr_roadmap_lead_at(const shr_roadmap *rm, size_t i, size_t k)
{
    const roadmap_rec *r = rec(rm, i);
    return r && k < r->nleads ? shr_catalog_actor_at(rm->cat, r->leads[k]) : NULL;
}
size_t shr_roadmap_example_count(const shr_roadmap *rm, size_t i)
{
    const roadmap_rec *r = rec(rm, i);
    return r ? r->nexamples : 0;
}
const shr_practice *shr_roadmap_example_at(const shr_roadmap *rm, size_t i, size_t k)
{
    const roadmap_rec *r = rec(rm, i);
    return r && k < r->nexamples ? shr_catalog_practice_at(rm->cat, r->examples[k]) : NULL;
}
const shr_territory *shr_roadmap_example_territory(const shr_roadmap *rm, size_t i, size_t k)
{
    const roadmap_rec *r = rec(rm, i);
    return r && k < r->nexamples ? shr_catalog_territory_at(rm->cat, rm->peers[r->where[k]])
                                 : NULL;
}
double shr_roadmap_example_distance_km(const shr_roadmap *rm, size_t i, size_t k)
{
    const roadmap_rec *r = rec(rm, i);
    return r && k < r->nexamples ? rm->peer_km[r->where[k]] : -1.0;
}
