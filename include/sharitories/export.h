/**
 * @file export.h
 * @brief Writing the practices of a query result as CSV, JSON or GeoJSON (for spreadsheets,
 * scripts, QGIS and uMap).
 *
 * Every writer reads the result and its catalog only (thread-safe with other readers), writes
 * UTF-8 with `\n` line ends to the caller's `FILE *` (not closed), and returns #SHR_OK,
 * #SHR_EIO when writing failed (ferror on @p out) or #SHR_ENOMEM. Nothing is printed
 * elsewhere. Numbers are written in the shortest form that reads back exactly; JSON strings are
 * escaped (control characters as \\uXXXX).
 *
 * Fields, in this order (CSV columns, JSON keys, GeoJSON properties): id, name, category,
 * family, status, started, ended, axes, territories, territory_names, actors, tags, links,
 * address, latitude, longitude, description. In CSV and GeoJSON, lists are joined with ";"
 * (actors as `id:role`), and missing values are empty (CSV) or null (GeoJSON); JSON has
 * real arrays (actors as objects {id, name, role}) and null for missing values.
 */
#ifndef SHARITORIES_EXPORT_H
#define SHARITORIES_EXPORT_H

#include <stdio.h>

#include "error.h"
#include "result.h"
#include "writer.h"

SHR_BEGIN_DECLS

/** CSV (RFC 4180): a header line, then one line per practice, in the result's order. */
SHR_EXTERN int shr_result_write_csv(const shr_result *r, const shr_writer *w, shr_error *err);
/** As shr_result_write_csv(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_result_write_csv_file(const shr_result *r, FILE *out, shr_error *err);

/** JSON: an array of objects, one per practice, in the result's order. */
SHR_EXTERN int shr_result_write_json(const shr_result *r, const shr_writer *w, shr_error *err);
/** As shr_result_write_json(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_result_write_json_file(const shr_result *r, FILE *out, shr_error *err);

/** Flags of shr_result_write_geojson(). */
enum {
    /** A practice without location gets that of its first territory that has one
     * (the property `location_source` then says "territory" instead of "practice"). */
    SHR_GEOJSON_TERRITORY_LOCATION = 1u << 0
};

/**
 * @brief GeoJSON (RFC 7946): one FeatureCollection with a Point Feature per practice that has
 * a location, coordinates in [longitude, latitude] order (WGS 84), the fields as flat
 * `properties` (strings and numbers only, as QGIS and uMap expect), and the practice id as the
 * Feature's `id`. Practices without a location are left out (see the flags).
 * @param flags 0 or #SHR_GEOJSON_TERRITORY_LOCATION.
 * @param[out] written when not NULL, the number of features written.
 */
SHR_EXTERN int shr_result_write_geojson(const shr_result *r, const shr_writer *w, unsigned flags,
                                        size_t *written, shr_error *err);
/** As shr_result_write_geojson(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_result_write_geojson_file(const shr_result *r, FILE *out, unsigned flags,
                                             size_t *written, shr_error *err);

SHR_END_DECLS

#endif
