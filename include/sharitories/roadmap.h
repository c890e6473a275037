/**
 * @file roadmap.h
 * @brief A territory's feuille de route: the fiches-actions of the catalog (action.h) ranked
 * for one territory from evidence (what its peers have that it lacks, its weak axes, the actors
 * already active in it), each with a plain-words "why", possible leads and the nearest peer
 * examples to learn from. The formula is in docs/roadmap.md.
 *
 * A roadmap is created by one call, is immutable afterwards (any number of threads may read
 * it), is owned by the caller (shr_roadmap_free() accepts NULL) and borrows the catalog: free it
 * before the catalog and do not load into the catalog while it exists. Pointers returned by
 * getters are borrowed from the catalog (records) or the roadmap (texts). Getters cannot fail:
 * an index out of range gives NULL, 0, -1 or a negative number as documented.
 *
 * Writers write UTF-8 with `\n` line ends to a caller's `FILE *` and return #SHR_OK, #SHR_EIO
 * (ferror) or #SHR_ENOMEM; they do not close the file.
 */
#ifndef SHARITORIES_ROADMAP_H
#define SHARITORIES_ROADMAP_H

#include <stdio.h>

#include "action.h"
#include "error.h"
#include "types.h"
#include "writer.h"

SHR_BEGIN_DECLS

/** Version of #shr_roadmap_options this header describes. */
#define SHR_ROADMAP_OPTIONS_VERSION 1

/**
 * @brief Options of shr_roadmap_compute(). Initialise with #SHR_ROADMAP_OPTIONS_INIT, then
 * change fields. `size` and `version` let a later library read an older caller's struct.
 */
typedef struct shr_roadmap_options {
    size_t size;      /**< sizeof(shr_roadmap_options) */
    unsigned version; /**< #SHR_ROADMAP_OPTIONS_VERSION */
    /** Peers exactly as shr_inspiration_compute() finds them (analysis.h): same kind and population
     * within [band_low, band_high] x the territory's, or the explicit list @ref peers. */
    double band_low, band_high;
    const char *const *peers; /**< borrowed for the call; NULL: by kind and population */
    size_t peer_count;
    /** Recommendations kept, best first (default 10; 0: every fiche with a positive score). */
    size_t top;
    /** Example practices kept per recommendation (default 3). */
    size_t examples;
    /** Possible leads (actors) kept per recommendation (default 3). */
    size_t leads;
    /** Language of the writers' texts: "fr" (default when NULL) or "en". */
    const char *lang;
} shr_roadmap_options;

#define SHR_ROADMAP_OPTIONS_INIT \
    {sizeof(shr_roadmap_options), SHR_ROADMAP_OPTIONS_VERSION, 0.5, 2.0, NULL, 0, 10, 3, 3, "fr"}

typedef struct shr_roadmap shr_roadmap;

/**
 * @brief Rank the catalog's fiches-actions for a territory (docs/roadmap.md).
 *
 * Deterministic: the same catalog and options give the same roadmap.
 *
 * @param territory_id the territory (borrowed).
 * @param opts options, or NULL for the defaults.
 * @param[out] out the new roadmap (free with shr_roadmap_free()); NULL on error.
 * @return #SHR_OK (also with no fiche or no recommendation); #SHR_ENOTFOUND for an unknown
 * territory or peer (named in the message); #SHR_EINVAL for a bad band, a territory without
 * population when peers are found by population, an options struct of another version or too
 * small a size, or a language other than "fr" or "en"; #SHR_ENOMEM. Thread-safe (the catalog
 * is only read).
 */
SHR_EXTERN int shr_roadmap_compute(const shr_catalog *cat, const char *territory_id,
                                   const shr_roadmap_options *opts, shr_roadmap **out,
                                   shr_error *err);
SHR_EXTERN void shr_roadmap_free(shr_roadmap *rm);

/** The territory, its peers (catalog order, the same as shr_inspiration_compute()'s) and the language. */
SHR_EXTERN const shr_territory *shr_roadmap_territory(const shr_roadmap *rm);
SHR_EXTERN size_t shr_roadmap_peer_count(const shr_roadmap *rm);
SHR_EXTERN const shr_territory *shr_roadmap_peer_at(const shr_roadmap *rm, size_t i);
SHR_EXTERN const char *shr_roadmap_lang(const shr_roadmap *rm);

/** Practices of axis @p code per 10,000 inhabitants, in the territory and
 * among its peers (pooled); -1.0 when the population is unknown or out of range. */
SHR_EXTERN double shr_roadmap_axis_density(const shr_roadmap *rm, shr_axis_code code);
SHR_EXTERN double shr_roadmap_axis_peer_density(const shr_roadmap *rm,
                                                    shr_axis_code code);
/** How far below its peers the territory is on the axis: 0 (not below) .. 1 (none at all). */
SHR_EXTERN double shr_roadmap_axis_weakness(const shr_roadmap *rm, shr_axis_code code);

/** Recommendations, best first; recommendation @p i has rank i + 1. */
SHR_EXTERN size_t shr_roadmap_count(const shr_roadmap *rm);
SHR_EXTERN const shr_action *shr_roadmap_action(const shr_roadmap *rm, size_t i);
/** Score in [0, 1] (4 decimals), non-increasing with @p i; -1.0 out of range. */
SHR_EXTERN double shr_roadmap_score(const shr_roadmap *rm, size_t i);
/** The three parts of the score, each in [0, 1]; -1.0 out of range. */
SHR_EXTERN double shr_roadmap_gap(const shr_roadmap *rm, size_t i);
SHR_EXTERN double shr_roadmap_weakness(const shr_roadmap *rm, size_t i);
SHR_EXTERN double shr_roadmap_lead_score(const shr_roadmap *rm, size_t i);
/** The fiche's category with the largest gap (the one the "why" speaks of). */
SHR_EXTERN const shr_category *shr_roadmap_category(const shr_roadmap *rm, size_t i);
/** Peers having that category (at least one practice of it within them). */
SHR_EXTERN size_t shr_roadmap_peers_having(const shr_roadmap *rm, size_t i);
/** Practices of that category within the territory; within it or its EPCI. */
SHR_EXTERN size_t shr_roadmap_own_count(const shr_roadmap *rm, size_t i);
SHR_EXTERN size_t shr_roadmap_local_count(const shr_roadmap *rm, size_t i);
/** The fiche's weakest axis, #SHR_AXIS_NONE when none of its axes is below the peers (or
 * @p i is out of range). */
SHR_EXTERN shr_axis_code shr_roadmap_weak_axis(const shr_roadmap *rm, size_t i);
/** Plain-words reason with its numbers, in @p lang ("fr", "en"); NULL for another lang. */
SHR_EXTERN const char *shr_roadmap_why(const shr_roadmap *rm, size_t i, const char *lang);
/** Actors active in the territory whose sector is among the fiche's `lead`: how many in all,
 * and the first ones kept (most practices in the territory first, then catalog order). */
SHR_EXTERN size_t shr_roadmap_lead_total(const shr_roadmap *rm, size_t i);
SHR_EXTERN size_t shr_roadmap_lead_count(const shr_roadmap *rm, size_t i);
SHR_EXTERN const shr_actor *shr_roadmap_lead_at(const shr_roadmap *rm, size_t i, size_t k);
/** Examples to learn from: practices of the fiche's categories within a peer and not within
 * the territory, nearest peer first (docs/roadmap.md), one per peer before a second. */
SHR_EXTERN size_t shr_roadmap_example_count(const shr_roadmap *rm, size_t i);
SHR_EXTERN const shr_practice *shr_roadmap_example_at(const shr_roadmap *rm, size_t i, size_t k);
/** The peer the example is within (the nearest one if several). */
SHR_EXTERN const shr_territory *shr_roadmap_example_territory(const shr_roadmap *rm, size_t i,
                                                              size_t k);
/** Distance in km from the territory to that peer; negative when a location is missing. */
SHR_EXTERN double shr_roadmap_example_distance_km(const shr_roadmap *rm, size_t i, size_t k);

/**
 * @brief CSV (RFC 4180, header first): `rank,action,title,score,peers_having,peers,
 * local_count,examples,category,own_count,weak_axis,phase,effort,horizon,gap,weakness,lead,
 * leads,why` (title and why in the roadmap's language; examples and leads: ids separated by
 * `;`; numbers with '.' and 4 decimals).
 */
SHR_EXTERN int shr_roadmap_write_csv(const shr_roadmap *rm, const shr_writer *w, shr_error *err);
/** As shr_roadmap_write_csv(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_roadmap_write_csv_file(const shr_roadmap *rm, FILE *out, shr_error *err);
/** JSON object: territory, lang, peers, axes [...], recommendations [...] (docs/roadmap.md). */
SHR_EXTERN int shr_roadmap_write_json(const shr_roadmap *rm, const shr_writer *w, shr_error *err);
/** As shr_roadmap_write_json(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_roadmap_write_json_file(const shr_roadmap *rm, FILE *out, shr_error *err);
/** A printable Markdown roadmap in the roadmap's language, grouped by phase (awareness,
 * facilitation, construction); within a phase, rank order. */
SHR_EXTERN int shr_roadmap_write_md(const shr_roadmap *rm, const shr_writer *w, shr_error *err);
/** As shr_roadmap_write_md(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_roadmap_write_md_file(const shr_roadmap *rm, FILE *out, shr_error *err);
/** One fiche in full as printable Markdown in @p lang ("fr" or "en"). */
SHR_EXTERN int shr_action_write_md(const shr_action *a, const char *lang, const shr_writer *w,
                                   shr_error *err);
/** As shr_action_write_md(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_action_write_md_file(const shr_action *a, const char *lang, FILE *out,
                                        shr_error *err);

SHR_END_DECLS

#endif
