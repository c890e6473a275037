/*
 * The territory report's map (report_internal.h): the outline of the territory's department
 * with the practices of the territory and of its EPCI as points, each placed at its own
 * location, else at its first territory's (geo.c). Points at the same place merge into one
 * circle whose area grows with the number of practices, with a tooltip naming them. The map
 * is computed with the rest of the report, before anything is written; a territory without a
 * department (a region, the country) or a data directory without the outlines file gets no
 * map section (the rest of the report does not depend on it).
 */
#include "report_internal.h"

#include "map_outlines.h"
#include "../core/geo.h"

#include "sharitories/query.h"

#include <math.h>
#include <string.h>

#define NAMES_SHOWN 5 /* practice names in a point's tooltip */

typedef struct rep_point {
    double x, y;
    uint32_t own, epci; /* practices within the territory / only within its EPCI */
    uint32_t names[NAMES_SHOWN];
    uint32_t nnames;
} rep_point;

struct rep_map {
    shr_map_outlines outlines;
    const shr_map_outline *dep;
    const shr_territory *dep_t, *epci;
    rep_point *points;
    size_t npoints;
    size_t own, epci_only, unplaced, self_placed, outside;
};

typedef struct map_texts {
    const char *h_map, *intro_own, *intro_epci, *own_label, *epci_label, *desc, *practice,
        *practices, *own_location, *others, *not_placed, *outside, *and_more;
} map_texts;

static const map_texts tx_map[2] = {
    {"Carte", "Les pratiques du territoire", " et celles de son EPCI, ",
     "pratiques du territoire", "autres pratiques de l'EPCI",
     "Carte du département %s : ", "pratique", "pratiques",
     "Placées à leur propre adresse", "les autres au point de leur territoire.",
     "Non placées (aucune localisation connue)", "Hors de la carte (dans un autre département)",
     "…"},
    {"Map", "The practices of the territory", " and those of its EPCI, ",
     "practices of the territory", "other practices of the EPCI",
     "Map of the department %s: ", "practice", "practices",
     "Placed at their own location", "the others at their territory's point.",
     "Not placed (no location known)", "Outside the map (in another department)", "…"},
};

void shr__rep_map_free(report *r)
{
    if (!r->map)
        return;
    shr__map_outlines_free(&r->map->outlines);
    shr__free(r->alloc, r->map->points);
    shr__free(r->alloc, r->map);
    r->map = NULL;
}

/* The territory itself or its first ancestor of that kind, or NULL. */
static const shr_territory *up_to(const shr_territory *t, shr_territory_kind kind)
{
    if (shr_territory_kind_of(t) == kind)
        return t;
    for (size_t i = 0; i < shr_territory_ancestor_count(t); i++)
        if (shr_territory_kind_of(shr_territory_ancestor_at(t, i)) == kind)
            return shr_territory_ancestor_at(t, i);
    return NULL;
}

static int within_any(const shr_practice *p, const shr_territory *t)
{
    for (size_t i = 0; i < shr_practice_territory_count(p); i++)
        if (shr_territory_within(shr_practice_territory_at(p, i), t))
            return 1;
    return 0;
}

static int place(report *r, struct rep_map *m, const shr_practice *p, int own)
{
    double lat, lon, x, y;
    if (!shr__practice_effective_location(p, &lat, &lon)) {
        m->unplaced++;
        return SHR_OK;
    }
    shr__map_outlines_project(&m->outlines, m->dep->inset, lat, lon, &x, &y);
    const double *b = m->dep->bbox, pad = 0.04 * fmax(b[2] - b[0], b[3] - b[1]);
    if (x < b[0] - pad || x > b[2] + pad || y < b[1] - pad || y > b[3] + pad) {
        m->outside++; /* e.g. a practice of several towns placed at another one */
        return SHR_OK;
    }
    m->self_placed += shr_practice_location(p, NULL, NULL) != 0;
    rep_point *pt = NULL;
    for (size_t i = 0; i < m->npoints && !pt; i++)
        if (fabs(m->points[i].x - x) < 0.05 && fabs(m->points[i].y - y) < 0.05)
            pt = &m->points[i];
    if (!pt) {
        size_t cap = m->npoints + 1;
        rep_point *grown = shr__realloc(r->alloc, m->points, cap * sizeof *grown);
        if (!grown)
            return SHR_ENOMEM;
        m->points = grown;
        pt = &m->points[m->npoints++];
        memset(pt, 0, sizeof *pt);
        pt->x = x;
        pt->y = y;
    }
    if (own)
        pt->own++;
    else
        pt->epci++;
    if (pt->nnames < NAMES_SHOWN)
        pt->names[pt->nnames++] = (uint32_t)shr_practice_index(p);
    return SHR_OK;
}

int shr__rep_map_collect(report *r, shr_error *err)
{
    const shr_territory *dep = up_to(r->t, SHR_TERRITORY_DEPARTMENT);
    if (!dep)
        return SHR_OK;
    struct rep_map *m = shr__calloc(r->alloc, 1, sizeof *m);
    if (!m)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    r->map = m;
    shr_error ignored;
    int rc = shr__map_outlines_read(r->alloc, NULL, &m->outlines, &ignored);
    if (rc == SHR_ENOMEM) {
        shr__rep_map_free(r);
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    if (rc != SHR_OK || !(m->dep = shr__map_outlines_find(&m->outlines, shr_territory_id(dep)))) {
        shr__rep_map_free(r); /* no outlines file, or not this department: no map section */
        return SHR_OK;
    }
    m->dep_t = dep;
    m->epci = up_to(r->t, SHR_TERRITORY_EPCI);
    shr_query *q = shr_query_field(r->cat, SHR_FIELD_IN, shr_territory_id(r->t), err);
    if (m->epci && m->epci != r->t)
        q = shr_query_or(q, shr_query_field(r->cat, SHR_FIELD_IN, shr_territory_id(m->epci), err),
                         err);
    shr_result *res = NULL;
    rc = q ? shr_query_run(q, &res, err) : SHR_ENOMEM;
    shr_query_free(q);
    for (size_t i = 0; rc == SHR_OK && i < shr_result_count(res); i++) {
        const shr_practice *p = shr_result_at(res, i);
        int own = within_any(p, r->t);
        m->own += own;
        m->epci_only += !own;
        if (place(r, m, p, own) != SHR_OK)
            rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    shr_result_free(res);
    return rc;
}

const char *shr__rep_map_title(const report *r)
{
    return r->map ? tx_map[r->lang].h_map : NULL;
}

static void count_text(shr_html *h, const report *r, size_t n)
{
    shr__html_int(h, (int64_t)n);
    RAW(" ");
    TEXT(n == 1 ? tx_map[r->lang].practice : tx_map[r->lang].practices);
}

static void point_title(shr_html *h, const report *r, const rep_point *pt)
{
    RAW("<title>");
    count_text(h, r, pt->own + pt->epci);
    TEXT(r->tx->colon);
    for (uint32_t k = 0; k < pt->nnames; k++) {
        if (k)
            RAW(", ");
        TEXT(shr_practice_name(shr_catalog_practice_at(r->cat, pt->names[k])));
    }
    if (pt->own + pt->epci > pt->nnames)
        TEXT(tx_map[r->lang].and_more);
    RAW("</title>");
}

void shr__rep_render_map(shr_html *h, const report *r)
{
    const struct rep_map *m = r->map;
    if (!m)
        return;
    const map_texts *t = &tx_map[r->lang];
    shr__rep_section_start(h, "map", t->h_map);
    /* the department's box, with a margin */
    double pad = 0.04 * fmax(m->dep->bbox[2] - m->dep->bbox[0], m->dep->bbox[3] - m->dep->bbox[1]);
    double x0 = m->dep->bbox[0] - pad, y0 = m->dep->bbox[1] - pad;
    double w = m->dep->bbox[2] - m->dep->bbox[0] + 2 * pad, ht = m->dep->bbox[3] - m->dep->bbox[1] + 2 * pad;
    double unit = fmax(w, ht) / 110.0;
    RAW("<figure>\n");
    shr__html_rawf(h, "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" "
                      "viewBox=\"%.2f %.2f %.2f %.2f\" role=\"img\" "
                      "aria-labelledby=\"map-svg-title map-svg-desc\">",
                   x0, y0, w, ht);
    RAW("<title id=\"map-svg-title\">");
    const char *pc = strstr(t->desc, "%s");
    shr__html_text_n(h, t->desc, (size_t)(pc - t->desc));
    TEXT(shr_territory_name(m->dep_t));
    RAW("</title><desc id=\"map-svg-desc\">");
    TEXT(t->intro_own);
    RAW(" (");
    count_text(h, r, m->own);
    RAW(")");
    if (m->epci && m->epci != r->t) {
        TEXT(t->intro_epci);
        TEXT(shr_territory_name(m->epci));
        RAW(" (");
        count_text(h, r, m->epci_only);
        RAW(")");
    }
    RAW(". ");
    TEXT(t->own_location);
    TEXT(r->tx->colon);
    count_text(h, r, m->self_placed);
    TEXT(r->tx->semicolon);
    TEXT(t->others);
    if (m->unplaced) {
        RAW(" ");
        TEXT(t->not_placed);
        TEXT(r->tx->colon);
        count_text(h, r, m->unplaced);
        RAW(".");
    }
    if (m->outside) {
        RAW(" ");
        TEXT(t->outside);
        TEXT(r->tx->colon);
        count_text(h, r, m->outside);
        RAW(".");
    }
    RAW(" ");
    TEXT(m->outlines.attribution);
    RAW("</desc>");
    shr__html_rawf(h, "<path id=\"map-department\" d=\"%s\" fill=\"#edf2f7\" stroke=\"#4a5568\" "
                      "stroke-width=\"%.2f\" stroke-linejoin=\"round\"/>",
                   m->dep->path, unit * 0.25);
    /* EPCI points first, the territory's on top */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < m->npoints; i++) {
            const rep_point *pt = &m->points[i];
            int own = pt->own > 0;
            if (own != pass)
                continue;
            shr__html_rawf(h, "<circle class=\"%s\" cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" "
                              "fill=\"%s\" fill-opacity=\"0.75\" stroke=\"#fff\" "
                              "stroke-width=\"%.2f\" data-count=\"%u\">",
                           own ? "own" : "epci", pt->x, pt->y, unit * 1.3 * sqrt(pt->own + pt->epci),
                           own ? "#c05621" : "#2b6cb0", unit * 0.15, pt->own + pt->epci);
            point_title(h, r, pt);
            RAW("</circle>");
        }
    RAW("</svg>\n<figcaption><span class=\"key own\"></span> ");
    TEXT(t->own_label);
    RAW(" (");
    shr__html_int(h, (int64_t)m->own);
    RAW(")");
    if (m->epci && m->epci != r->t) {
        RAW(" <span class=\"key epci\"></span> ");
        TEXT(t->epci_label);
        RAW(" (");
        shr__html_int(h, (int64_t)m->epci_only);
        RAW(")");
    }
    RAW("<br><small>");
    TEXT(m->outlines.attribution);
    RAW("</small></figcaption>\n</figure>\n</section>\n");
}
