/*
 * The territory report, phase 1 (see report.c): everything the page shows, computed with the
 * library's own analyses into a `report`, which owns what it allocated.
 */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================== collect */

void shr__rep_report_free(report *r)
{
    shr_result_free(r->practices);
    shr__free(r->alloc, r->desc);
    shr_facet_free(r->by_axis);
    shr_facet_free(r->by_family);
    shr_facet_free(r->by_year);
    shr_facet_free(r->by_category);
    shr__free(r->alloc, r->axis_bars);
    shr__free(r->alloc, r->family_bars);
    shr__free(r->alloc, r->year_bars);
    shr__free(r->alloc, r->year_labels);
    shr_inspiration_free(r->insp);
    shr_roadmap_free(r->roadmap);
    shr_comparison_free(r->cmp);
    shr__free(r->alloc, r->rated);
    shr__free(r->alloc, r->peer_bars);
    shr__rep_map_free(r);
}

int shr__rep_check_options(report *r, const shr_report_options *opts, shr_error *err)
{
    static const shr_report_options defaults = SHR_REPORT_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (opts->version != SHR_REPORT_OPTIONS_VERSION)
        return shr__error_set(err, SHR_EINVAL, "report options: version %u, expected %u",
                              opts->version, (unsigned)SHR_REPORT_OPTIONS_VERSION);
    r->o = *opts;
    if (!r->o.lang || strcmp(r->o.lang, "fr") == 0) {
        r->lang = 0;
    } else if (strcmp(r->o.lang, "en") == 0) {
        r->lang = 1;
    } else {
        return shr__error_set(err, SHR_EINVAL, "report language '%.40s': expected fr or en",
                              r->o.lang);
    }
    r->tx = &shr__report_texts[r->lang];
    if (r->o.peer_count && !r->o.peers)
        return shr__error_set(err, SHR_EINVAL, "report options: peer_count without peers");
    if (!r->o.peers &&
        (!isfinite(r->o.band_low) || !isfinite(r->o.band_high) || r->o.band_low < 0 ||
         r->o.band_low > r->o.band_high))
        return shr__error_set(err, SHR_EINVAL,
                              "report options: bad population band (need 0 <= low <= high)");
    return SHR_OK;
}

/* The practices within the territory: the query `in:T`, built with calls (no quoting). */
static int collect_practices(report *r, shr_error *err)
{
    shr_query *q = shr_query_field(r->cat, SHR_FIELD_IN, shr_territory_id(r->t), err);
    if (!q)
        return err && err->code ? err->code : SHR_ENOMEM;
    int rc = shr_query_run(q, &r->practices, err);
    shr_query_free(q);
    if (rc != SHR_OK)
        return rc;
    r->npractices = shr_result_count(r->practices);
    /* Allocated now: rendering allocates nothing, so it cannot fail half-way. */
    size_t longest = 0;
    for (size_t i = 0; i < r->npractices; i++) {
        size_t n = shr__practice_description_length(shr_result_at(r->practices, i));
        longest = n > longest ? n : longest;
    }
    r->desc = shr__malloc(r->alloc, longest + 1);
    return r->desc ? SHR_OK : shr__error_set(err, SHR_ENOMEM, "out of memory");
}

static int collect_facets(report *r, shr_error *err)
{
    int rc;
    if ((rc = shr_facet_compute(r->practices, SHR_DIM_AXIS, &r->by_axis, err)) != SHR_OK ||
        (rc = shr_facet_compute(r->practices, SHR_DIM_FAMILY, &r->by_family, err)) != SHR_OK ||
        (rc = shr_facet_compute(r->practices, SHR_DIM_STARTED, &r->by_year, err)) != SHR_OK ||
        (rc = shr_facet_compute(r->practices, SHR_DIM_CATEGORY, &r->by_category, err)) != SHR_OK)
        return rc;
    size_t with_year = 0;
    for (size_t i = 0, n = shr_facet_count(r->by_year); i < n; i++)
        with_year += shr_facet_value(r->by_year, i); /* one start year per practice */
    r->no_year = r->npractices > with_year ? r->npractices - with_year : 0;
    return SHR_OK;
}

/* Distinct actors taking part in the practices, and how many of each sector. */
static int collect_actors(report *r, shr_error *err)
{
    size_t n = shr_catalog_actor_count(r->cat);
    if (n == 0)
        return SHR_OK;
    uint8_t *seen = shr__calloc(r->alloc, n, 1);
    if (!seen)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    for (size_t i = 0; i < r->npractices; i++) {
        const shr_practice *p = shr_result_at(r->practices, i);
        for (size_t k = 0, na = shr_practice_actor_count(p); k < na; k++) {
            const shr_actor *a = shr_practice_actor_at(p, k);
            size_t ai = shr_actor_index(a);
            if (ai < n && !seen[ai]) {
                seen[ai] = 1;
                r->nactors++;
                shr_sector s = shr_actor_sector(a);
                if ((int)s >= 0 && s < SHR_SECTOR_COUNT)
                    r->actors_by_sector[s]++;
            }
        }
    }
    shr__free(r->alloc, seen);
    return SHR_OK;
}

static int facet_bars(report *r, const shr_facet *f, shr_bar **out, size_t *count,
                      shr_error *err)
{
    size_t n = shr_facet_count(f);
    *count = 0;
    if (n == 0)
        return SHR_OK;
    shr_bar *bars = shr__calloc(r->alloc, n, sizeof *bars);
    if (!bars)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        bars[i].label = shr_facet_label(f, i, r->tx->lang);
        bars[i].value = (double)shr_facet_value(f, i);
    }
    *out = bars;
    *count = n;
    return SHR_OK;
}

/* Years from the first to the last with a practice, the years between drawn as 0 (a chart
 * that skipped them would hide the gaps). */
static int year_bars(report *r, shr_error *err)
{
    size_t n = shr_facet_count(r->by_year);
    if (n == 0)
        return SHR_OK;
    long first = strtol(shr_facet_key(r->by_year, 0), NULL, 10);
    long last = strtol(shr_facet_key(r->by_year, n - 1), NULL, 10);
    int fill = last >= first && last - first < MAX_YEAR_GAP_FILL;
    size_t nb = fill ? (size_t)(last - first + 1) : n;
    r->year_bars = shr__calloc(r->alloc, nb, sizeof *r->year_bars);
    r->year_labels = shr__malloc(r->alloc, nb * 12);
    if (!r->year_bars || !r->year_labels)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    if (!fill) {
        for (size_t i = 0; i < n; i++) {
            r->year_bars[i].label = shr_facet_key(r->by_year, i);
            r->year_bars[i].value = (double)shr_facet_value(r->by_year, i);
        }
    } else {
        size_t k = 0;
        for (size_t i = 0; i < nb; i++) {
            long year = first + (long)i;
            char *label = r->year_labels + i * 12;
            snprintf(label, 12, "%ld", year);
            r->year_bars[i].label = label;
            if (k < n && strtol(shr_facet_key(r->by_year, k), NULL, 10) == year)
                r->year_bars[i].value = (double)shr_facet_value(r->by_year, k++);
        }
    }
    r->nyear_bars = nb;
    return SHR_OK;
}

static int cmp_peer_rows(const void *x, const void *y)
{
    const peer_row *a = x, *b = y;
    if (a->rate != b->rate)
        return a->rate > b->rate ? -1 : 1;
    return a->t < b->t ? -1 : a->t > b->t;
}

/* Peers (shr_inspire: explicit, or same kind and population band) and the inspiration list;
 * their rates per 10,000 (shr_compare over the territory and its peers, by family). */
static int collect_peers(report *r, shr_error *err)
{
    int64_t pop = shr_territory_population(r->t);
    r->peers_looked_for = r->o.peer_count > 0 || pop > 0;
    if (!r->peers_looked_for)
        return SHR_OK;

    shr_inspire_options io = SHR_INSPIRE_OPTIONS_INIT;
    io.band_low = r->o.band_low;
    io.band_high = r->o.band_high;
    io.peers = r->o.peer_count ? r->o.peers : NULL;
    io.peer_count = r->o.peer_count;
    io.examples = r->o.examples;
    int rc = shr_inspire(r->cat, shr_territory_id(r->t), &io, &r->insp, err);
    if (rc != SHR_OK)
        return rc;
    if (shr_catalog_action_count(r->cat) > 0) {
        /* the feuille de route, over the same peers (docs/roadmap.md) */
        shr_roadmap_options ro = SHR_ROADMAP_OPTIONS_INIT;
        ro.band_low = io.band_low;
        ro.band_high = io.band_high;
        ro.peers = io.peers;
        ro.peer_count = io.peer_count;
        ro.top = REPORT_ROADMAP_TOP;
        ro.examples = r->o.examples;
        ro.lang = r->tx->lang;
        if ((rc = shr_roadmap_compute(r->cat, shr_territory_id(r->t), &ro, &r->roadmap, err)))
            return rc;
    }

    size_t npeers = shr_inspiration_peer_count(r->insp);
    if (npeers == 0)
        return SHR_OK;
    if (npeers > SIZE_MAX / sizeof(char *) - 1)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    const char **ids = shr__malloc(r->alloc, (npeers + 1) * sizeof *ids);
    if (!ids)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    ids[0] = shr_territory_id(r->t);
    for (size_t i = 0; i < npeers; i++)
        ids[i + 1] = shr_territory_id(shr_inspiration_peer_at(r->insp, i));
    rc = shr_compare(r->cat, ids, npeers + 1, SHR_DIM_FAMILY, NULL, &r->cmp, err);
    shr__free(r->alloc, ids);
    if (rc != SHR_OK)
        return rc;

    r->rated = shr__calloc(r->alloc, npeers, sizeof *r->rated);
    if (!r->rated)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    double sum = 0.0;
    for (size_t t = 1; t <= npeers; t++) {
        double rate = shr_comparison_per_capita(r->cmp, SHR_NONE, t, PER);
        if (rate >= 0) {
            r->rated[r->nrated].t = t;
            r->rated[r->nrated].rate = rate;
            r->nrated++;
            sum += rate;
        }
    }
    qsort(r->rated, r->nrated, sizeof *r->rated, cmp_peer_rows);
    if (r->nrated) {
        r->mean = sum / (double)r->nrated;
        size_t m = r->nrated / 2;
        r->median = r->nrated % 2 ? r->rated[m].rate
                                  : (r->rated[m - 1].rate + r->rated[m].rate) / 2.0;
    }

    /* The chart: the peers with the highest rates, and the territory at its rank. */
    size_t shown = r->o.max_peers_shown < r->nrated ? r->o.max_peers_shown : r->nrated;
    r->peer_bars = shr__calloc(r->alloc, shown + 1, sizeof *r->peer_bars);
    if (!r->peer_bars)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    int self_placed = r->rate < 0;
    if (r->rate >= 0) {
        r->rank = 1;
        for (size_t i = 0; i < r->nrated; i++)
            r->rank += r->rated[i].rate > r->rate;
    }
    for (size_t i = 0; i <= shown; i++) {
        if (!self_placed && (i == shown || r->rated[i].rate <= r->rate)) {
            shr_bar *b = &r->peer_bars[r->npeer_bars++];
            b->label = shr_territory_name(r->t);
            b->value = r->rate;
            b->decimals = 2;
            b->highlight = 1;
            self_placed = 1;
        }
        if (i == shown)
            break;
        shr_bar *b = &r->peer_bars[r->npeer_bars++];
        b->label = shr_territory_name(shr_comparison_territory_at(r->cmp, r->rated[i].t));
        b->value = r->rated[i].rate;
        b->decimals = 2;
    }
    return SHR_OK;
}

int shr__rep_collect(report *r, const char *territory_id, shr_error *err)
{
    r->t = shr_catalog_territory(r->cat, territory_id);
    if (!r->t)
        return shr__error_set(err, SHR_ENOTFOUND, "unknown territory '%.200s'", territory_id);
    int64_t pop = shr_territory_population(r->t);
    int rc;
    if ((rc = collect_practices(r, err)) != SHR_OK)
        return rc;
    r->rate = pop > 0 ? (double)r->npractices * PER / (double)pop : -1.0;
    if ((rc = collect_facets(r, err)) != SHR_OK || (rc = collect_actors(r, err)) != SHR_OK ||
        (rc = facet_bars(r, r->by_axis, &r->axis_bars, &r->naxis_bars, err)) != SHR_OK ||
        (rc = facet_bars(r, r->by_family, &r->family_bars, &r->nfamily_bars, err)) != SHR_OK ||
        (rc = year_bars(r, err)) != SHR_OK || (rc = collect_peers(r, err)) != SHR_OK ||
        (rc = shr__rep_map_collect(r, err)) != SHR_OK)
        return rc;
    /* The list of practices reads best by name (the counts above do not depend on order). */
    return shr_result_sort(r->practices, SHR_SORT_NAME, 0, err);
}

