/*
 * Between the files of the territory report: report_collect.c (everything the page shows,
 * computed with the library's own analyses), report.c (the page and the API) and
 * report_sections.c (the practices, axes and sources sections). Not installed.
 */
#ifndef SHR_REPORT_INTERNAL_H
#define SHR_REPORT_INTERNAL_H

#include "html.h"
#include "report_texts.h"
#include "svg_chart.h"

#include "sharitories/analysis.h"
#include "sharitories/report.h"
#include "sharitories/roadmap.h"

#define PER 10000.0          /* rates are practices per 10,000 inhabitants */
#define MAX_YEAR_GAP_FILL 80 /* years with no practice are drawn as 0 within this span */
#define STUDY_URL "https://www.sharitories.eu/"

/* Markup and escaped text to the writer `h` in scope. */
#define RAW(s) shr__html_raw(h, (s))
#define TEXT(s) shr__html_text(h, (s))

/* A peer of the comparison with a rate: index in the comparison and practices per 10,000. */
typedef struct peer_row {
    size_t t;
    double rate;
} peer_row;

typedef struct report {
    const shr_catalog *cat;
    const shr_allocator *alloc;
    shr_report_options o; /* the caller's, defaults applied */
    int lang;             /* 0 fr, 1 en */
    const report_texts *tx;
    const shr_territory *t;
    double rate; /* practices per 10,000 inhabitants, -1 when the population is not known */

    shr_result *practices; /* within the territory, sorted by name once counted */
    size_t npractices;
    char *desc; /* room for the longest of their descriptions (kept coded), decoded in turn */
    shr_facet *by_axis, *by_family, *by_year, *by_category;
    size_t nactors, actors_by_sector[SHR_SECTOR_COUNT];
    size_t no_year; /* practices without a start year */

    shr_bar *axis_bars, *family_bars, *year_bars;
    size_t naxis_bars, nfamily_bars, nyear_bars;
    char *year_labels; /* 12 bytes per year bar */

    int peers_looked_for;  /* peers were given or the population is known */
    shr_inspiration *insp; /* NULL when peers were not looked for */
    shr_comparison *cmp;   /* territory (0) then the peers; NULL without peers */
    peer_row *rated;       /* peers with a rate, highest first */
    size_t nrated;
    size_t rank;           /* of the territory among itself and the rated peers; 0: none */
    double mean, median;   /* of the rated peers' rates */
    shr_bar *peer_bars;
    size_t npeer_bars;
    shr_roadmap *roadmap; /* the feuille de route; NULL without peers or fiches-actions */

    struct rep_map *map; /* report_map.c; NULL: no map section */
} report;

/* ------------------------------------------------------------------ report_collect.c */

/* Free what a report owns (not the report). */
void shr__rep_report_free(report *r);
/* The caller's options, checked, defaults applied. */
int shr__rep_check_options(report *r, const shr_report_options *opts, shr_error *err);
/* Compute everything the page of territory_id shows. */
int shr__rep_collect(report *r, const char *territory_id, shr_error *err);

/* ------------------------------------------------------ report.c: shared by the sections */

/* A category's label in the report's language. */
const char *shr__rep_category_label(const shr_category *c, const report *r);
/* Open a <section> with its heading. */
void shr__rep_section_start(shr_html *h, const char *id, const char *title);

/* ------------------------------------------------------------------ report_map.c */

/* The map of the territory's department with its and its EPCI's practices (r->map; left
 * NULL for a territory without department or without the outlines file). */
int shr__rep_map_collect(report *r, shr_error *err);
void shr__rep_map_free(report *r);
/* The section's title, or NULL when there is no map. */
const char *shr__rep_map_title(const report *r);
void shr__rep_render_map(shr_html *h, const report *r);

/* ------------------------------------------------------------------ report_sections.c */

void shr__rep_render_practices(shr_html *h, const report *r);
void shr__rep_render_axes(shr_html *h, const report *r);
void shr__rep_render_sources(shr_html *h, const report *r);

/* ------------------------------------------------------------------ report_roadmap.c */

/* Fiches shown in the roadmap section (the first ones of the territory's roadmap). */
#define REPORT_ROADMAP_TOP 5
/* Nonzero when the page has the roadmap section and its appendix of fiches. */
int shr__rep_has_roadmap(const report *r);
/* The "Feuille de route" section: the top recommendations with why, steps and examples, each
 * linked to its fiche in the appendix. */
void shr__rep_render_roadmap(shr_html *h, const report *r);
/* The appendix: the full text of every fiche the roadmap section shows. */
void shr__rep_render_fiches(shr_html *h, const report *r);

#endif
