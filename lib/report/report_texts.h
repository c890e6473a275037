/*
 * Fixed texts of the territory report, in French and English (report.c). Internal.
 *
 * Every sentence of the page that does not come from the data is here, once per language, so
 * that a translation is complete by construction (a missing field is a compile-time zero that
 * the report test would catch as an empty text). Texts are trusted markup-free strings: they
 * are written escaped all the same.
 */
#ifndef SHR_REPORT_TEXTS_H
#define SHR_REPORT_TEXTS_H

#include "../core/model.h"

typedef struct report_texts {
    const char *lang;         /* value of the lang attribute */
    const char *colon;        /* ": " (with a no-break space before it in French) */
    const char *semicolon;    /* "; " (idem) */
    const char *percent;      /* " %" / "%" */
    const char *title_suffix; /* after the territory's name in <h1> and <title> */
    const char *official_code, *within, *inhabitants, *contents;

    /* key figures */
    const char *h_key, *kf_practices, *kf_population, *kf_rate, *kf_actors, *kf_categories;
    const char *not_known, *categories_present, *actors_by_sector;
    const char *no_practice;

    /* panorama */
    const char *h_panorama, *panorama_intro, *h_by_axis, *h_by_family, *h_by_year;
    const char *col_axis, *col_family, *col_year, *col_practices;
    const char *desc_by_axis, *desc_by_family, *desc_by_year, *no_year;

    /* peers */
    const char *h_peers, *peers_band_1, *peers_band_and, *peers_band_2, *peers_chosen;
    const char *peers_count_1, *peers_count_2, *peers_none, *peers_no_population;
    const char *rank_1, *rank_2, *rank_3, *rank_4, *peers_mean, *peers_median;
    const char *chart_peers, *desc_peers, *shown_note_1, *shown_note_2, *all_peers;
    const char *col_territory, *col_population, *col_rate, *no_rate;
    const char *h_peers_family, *peers_family_intro, *col_own_practices, *col_own_rate,
        *col_peers_rate;

    /* inspiration */
    const char *h_inspire, *inspire_intro, *share_1, *share_2, *examples, *inspire_none,
        *inspire_more, *inspire_no_peers;

    /* feuille de route (report_roadmap.c) */
    const char *h_roadmap, *roadmap_intro, *roadmap_none, *why, *learn_from, *effort, *months,
        *full_fiche, *h_fiches, *fiches_intro, *challenge, *could_lead;

    /* practices */
    const char *h_practices, *practices_intro, *f_category, *f_family, *f_status, *f_started,
        *f_ended, *f_axes, *f_territories, *f_actors, *f_address, *f_links, *f_tags,
        *f_figures;

    /* axes */
    const char *h_axes, *axes_intro, *axis_count, *key_questions;

    /* sources */
    const char *h_sources, *sources_intro, *col_file, *col_title, *col_source, *col_licence,
        *col_updated, *no_meta, *attribution_1, *attribution_2, *produced_by;
} report_texts;

/* 0: French, 1: English. */
extern const report_texts shr__report_texts[2];

#endif
