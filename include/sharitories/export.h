/**
 * @file export.h
 * @brief Writing the practices of a query result as CSV, JSON or GeoJSON (for spreadsheets,
 * scripts, QGIS and uMap), or as an SQL script for PostgreSQL/PostGIS.
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

/** Flags of shr_result_write_sql(). */
enum {
    /** Every territory of the catalog, not only those of the practices and actors (and the
     * territories containing them). */
    SHR_SQL_ALL_TERRITORIES = 1u << 0
};

/** Longest schema name shr_result_write_sql() accepts, in bytes (PostgreSQL's NAMEDATALEN - 1). */
#define SHR_SQL_SCHEMA_MAX 63

/**
 * @brief An SQL script for PostgreSQL 12+ with PostGIS 3 (`psql -v ON_ERROR_STOP=1 -f FILE`)
 * that creates the schema @p schema and loads the practices of @p r into it, in one
 * transaction (BEGIN ... COMMIT: on any error nothing is created).
 *
 * Tables (docs/export.md gives every column): `practices` (location as
 * `geometry(Point, 4326)`), `practice_territories`, `practice_actors`, `practice_axes`,
 * `practice_tags`, `practice_links`, `practice_figures`; `actors` (the practices' actors) and
 * `actor_links`; `territories` (the practices' and actors' territories and every territory
 * containing them, or all with #SHR_SQL_ALL_TERRITORIES; location as a point, `parent_id`),
 * `territory_groups` and `territory_ancestors` (the closure along parent and groups, as
 * shr_territory_within() sees it). Primary and foreign keys, GiST indexes on the geometries,
 * B-tree indexes on the join columns, and COMMENT ON every table and column.
 *
 * Strings are SQL literals with quotes doubled, for `standard_conforming_strings = on` (which
 * the script sets: backslashes are ordinary characters); invalid UTF-8 bytes become U+FFFD.
 * The script also runs `CREATE EXTENSION IF NOT EXISTS postgis` and fails if the schema
 * exists.
 *
 * @param schema the schema's name (written as a quoted identifier, so any case and characters
 *        are kept); NULL means "sharitories". 1 to #SHR_SQL_SCHEMA_MAX bytes of valid UTF-8
 *        without control characters, else #SHR_EINVAL before anything is written.
 * @param flags 0 or #SHR_SQL_ALL_TERRITORIES.
 * @return #SHR_OK; #SHR_EINVAL (nothing written); #SHR_ENOMEM (the script may be cut short
 *         before its COMMIT: loading it then creates nothing); #SHR_EIO.
 */
SHR_EXTERN int shr_result_write_sql(const shr_result *r, const shr_writer *w,
                                    const char *schema, unsigned flags, shr_error *err);
/** shr_result_write_sql() to a stdio stream @p out (not closed). */
SHR_EXTERN int shr_result_write_sql_file(const shr_result *r, FILE *out, const char *schema,
                                         unsigned flags, shr_error *err);

SHR_END_DECLS

#endif
