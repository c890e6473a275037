/**
 * @file report.h
 * @brief A territory report to read and share: one self-contained HTML page (inline CSS and
 * SVG charts; no script, no external resource) that shows a territory's collaborative
 * practices the way the Sharitories study (Le Lab — Ouishare and Chronos — with the CGET,
 * 2017) looks at them.
 *
 * The page has: key figures (practices within the territory, population, practices per
 * 10,000 inhabitants, actors involved, categories present); a map of the territory's
 * department with the practices of the territory and of its EPCI as points (docs/maps.md; left
 * out for a territory without department or when the data directory has no
 * fr-outlines-2024.yaml); practices by axis, by family and
 * by year started (bar charts, each with a data table and a text alternative); a comparison
 * with peer territories per 10,000 inhabitants; what peers do that the territory does not
 * (categories ranked by share of peers, with examples); the list of practices with their
 * actors, roles and links; the five axes with their descriptions and key questions; the
 * sources and licences of the data (the `meta` of each loaded file).
 *
 * "Practices of a territory" are the practices *within* it (query `in:T`, see query.md).
 * Peers are found as shr_inspiration_compute() finds them (analysis.h): explicit ids, or the territories
 * of the same kind whose population lies in a band around the territory's.
 *
 * Every text taken from the data is HTML-escaped; links are emitted as `href` only when they
 * start with `http://` or `https://`. The page is in French or English (every fixed text in
 * both), accessible (headings, `lang`, labelled charts, tables with headers), readable on a
 * phone (viewport, fluid layout) and printable on A4.
 */
#ifndef SHARITORIES_REPORT_H
#define SHARITORIES_REPORT_H

#include <stdio.h>

#include "error.h"
#include "types.h"
#include "writer.h"

SHR_BEGIN_DECLS

/** Version of #shr_report_options this header describes. */
#define SHR_REPORT_OPTIONS_VERSION 1

/**
 * @brief Options of shr_report_write(). Initialise with #SHR_REPORT_OPTIONS_INIT, then
 * change fields (as libgit2's option structs). Strings and arrays are borrowed for the call.
 */
typedef struct shr_report_options {
    unsigned version;   /**< #SHR_REPORT_OPTIONS_VERSION */
    /** Language of the page: "fr" (default, also for NULL) or "en". */
    const char *lang;
    /** Explicit peers (territory ids), or NULL to find them by kind and population band. */
    const char *const *peers;
    size_t peer_count;
    /** Population band of the peers as factors of the territory's population (defaults 0.5
     * and 2.0); ignored when @ref peers is given. */
    double band_low, band_high;
    /** Peers drawn in the comparison chart, the highest rates first (default 15); the
     * territory itself is always drawn. #SHR_NONE: all. */
    size_t max_peers_shown;
    /** Entries of the inspiration list (default 10; #SHR_NONE: all; 0: leave the list out). */
    size_t max_inspirations;
    /** Example practices per inspiration entry (default 3). */
    size_t examples;
    /** A date or other text for the page footer ("2026-03-01"), or NULL for none: the page
     * then depends only on the catalog and the options (same input, same bytes). */
    const char *generated;
} shr_report_options;

#define SHR_REPORT_OPTIONS_INIT \
    {SHR_REPORT_OPTIONS_VERSION, NULL, NULL, 0, 0.5, 2.0, 15, 10, 3, NULL}

/**
 * @brief Write the report of territory @p territory_id as one HTML document (UTF-8) to @p out.
 *
 * Everything is computed before the first byte is written, so a failure other than a write
 * error writes nothing. A territory without population gets its report without the per
 * 10,000 figures, and without peers unless @ref shr_report_options.peers names them.
 *
 * @param cat the catalog (only read).
 * @param territory_id the territory (borrowed).
 * @param opts options, or NULL for the defaults.
 * @param out where to write (the caller's stream: it is flushed, not closed).
 * @return #SHR_OK; #SHR_ENOTFOUND for an unknown territory or peer (named in the message);
 * #SHR_EINVAL for a NULL argument, a wrong options version, a language other than fr/en or
 * a bad band; #SHR_EIO when writing or flushing @p out failed (the output is then
 * incomplete); #SHR_ENOMEM.
 * All memory goes through the catalog's allocator and is released before the call returns.
 * Thread-safe: several reports of one catalog may be written at once (to distinct streams).
 */
SHR_EXTERN int shr_report_write(const shr_catalog *cat, const char *territory_id,
                                const shr_report_options *opts, const shr_writer *w,
                                shr_error *err);
/** As shr_report_write(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_report_write_file(const shr_catalog *cat, const char *territory_id,
                                     const shr_report_options *opts, FILE *out, shr_error *err);

/**
 * @brief Write the report to the file @p path, atomically: the page goes to a temporary file
 * in the same directory, is flushed to disk, then renamed over @p path; on any failure the
 * temporary file is removed and an existing file at @p path is left untouched (atomic_file.h).
 * A new file gets the mode of any new file of the process (0666 less the umask: 0644 under
 * the usual umask 022), an existing one keeps its mode.
 * @return as shr_report_write(), with #SHR_EIO also for a file that cannot be created or
 * renamed (errno's text and the path in the message). Thread-safe, as shr_report_write().
 */
SHR_EXTERN int shr_report_save(const shr_catalog *cat, const char *territory_id,
                               const shr_report_options *opts, const char *path,
                               shr_error *err);

SHR_END_DECLS

#endif
