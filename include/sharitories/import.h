/**
 * @file import.h
 * @brief Importing practices from a spreadsheet (CSV): a mapping file says which column holds
 * what, communes are resolved against a loaded catalog, and the result is written as a catalog
 * file that loads back together with that catalog.
 *
 * The mapping (YAML; the complete reference is docs/import.md; see also
 * examples/import/cget-tiers-lieux-2019.mapping.yaml and data/import/):
 *
 * @code{.yaml}
 * sharitories_import: 1          # required: mapping format version
 * csv: {delimiter: ","}          # optional: one ASCII character (default ",")
 * columns:                       # CSV header names (each optional except name)
 *   id: ID                       # practice id = id_prefix + value (else prefix + row number)
 *   name: NOM_TL                 # required
 *   category: TYPO               # mapped through `categories`
 *   commune_code: INSEECOM       # INSEE code (current, former, or district)
 *   postal_code: CP
 *   commune_name: [COMINIT, NOMCOM]   # one column or a list: any may match
 *   department: INSEEDEP         # enables "name within a department"
 *   address: ADRESSE
 *   latitude: LAT
 *   longitude: LONG
 *   link: WEB
 *   description: DESCRIPTION
 *   started: YEAR
 *   tag: TYPE                    # the cell is one more tag of the practice
 *   operator: SIREN              # an EPCI's code: its public authority is an actor
 * split: {separator: "; ", columns: [id, name]}   # a row holding several records
 * categories:                    # source value (trimmed) -> category id; "" = empty cell
 *   "Tiers lieux à dominante coworking": coworking
 * constants:
 *   id_prefix: "cget-tl-"
 *   category: third_place        # when there is no category column
 *   tags: [cget-2019]
 *   status: active
 *   lowercase_id: true           # ASCII capitals of the id cell lower-cased
 *   actors: [{actor: anct, role: funder}]   # every practice; declared below or in the catalog
 *   operator_role: operator      # role of the `operator` column's actor
 * actors: [{id: anct, name: "...", kind: public_body, link: "https://..."}]  # written out
 * meta: {title: "...", source: "...", licence: "..."}   # written to the output file
 * @endcode
 *
 * The CSV (RFC 4180): a header line, fields separated by the delimiter, quoted fields with
 * doubled quotes, embedded line breaks, CRLF, LF or CR line ends, an optional UTF-8 BOM.
 * Blank lines are skipped. Cells are trimmed of white space (including no-break spaces).
 * The file must be UTF-8: the first invalid byte fails the import with its line and column
 * (nothing is guessed).
 *
 * Territories are resolved, in this order, never guessing (an ambiguous match is unresolved):
 *  1. `code`: the commune code is the `code` of a territory of kind commune;
 *  2. `former`: it is among the `former_codes` of exactly one commune;
 *  3. `district`: it is a Paris/Lyon/Marseille district code (751xx, 6938x, 132xx) of a
 *     territory of kind district;
 *  4. `epci`: the code is the code (SIREN) of a territory of kind epci;
 *  5. `postal+name`: the postal code (5 digits, not 00000) is among a commune's postal_codes
 *     and one of the name columns equals its name once normalised (case, accents, ligatures,
 *     hyphens, apostrophes and other punctuation, spaces, "St"/"Ste" for "Saint"/"Sainte");
 *     exactly one commune must match;
 *  6. `department+name`: (only when `department` is mapped) exactly one commune of that
 *     department (code "1" is read "01") has that normalised name;
 *  7. `outline`: (only with shr_import_mapping_add_outlines()) the row's point lies in the
 *     outline of exactly one commune, whose name is one of the row's and whose department is
 *     the row's when the row gives them.
 * Names are compared exactly (normalised), then without their leading article (le, la, les,
 * l'), "Puy-en-Velay" finding "Le Puy-en-Velay"; each pass must find exactly one commune.
 * An empty code or one made of zeros ("0") is no code.
 *
 * Each row gives one practice (several with `split`), or is rejected with its line and reason:
 * unresolved territory, no name, an unknown category value, an invalid id, a duplicate id, a
 * wrong number of cells, split cells with different numbers of values.
 * Links are trimmed; one with a scheme ("https://") is kept, a host name ("www.x.fr/a") gets
 * "https://", anything else (free text) is dropped with a warning. A location is kept when
 * both latitude and longitude are decimal numbers in range; else a warning when they are not
 * empty.
 *
 * Ownership and threads: mappings and imports are owned by the caller (`_free` accepts NULL),
 * immutable once made (any number of threads may read them), and borrow the catalog they were
 * made with: free them before it. Strings returned are borrowed from the object. All memory goes
 * through the catalog's allocator (libyaml's own buffers excepted, see alloc.h).
 */
#ifndef SHARITORIES_IMPORT_H
#define SHARITORIES_IMPORT_H

#include <stdio.h>

#include "error.h"
#include "types.h"
#include "writer.h"

SHR_BEGIN_DECLS

/** Version of the mapping format this header describes. */
#define SHR_IMPORT_MAPPING_VERSION 1

/** Largest CSV file read (bytes); beyond it the import fails with #SHR_ELIMIT. */
#define SHR_LIMIT_IMPORT_SIZE (512u << 20)

typedef struct shr_import_mapping shr_import_mapping;
typedef struct shr_import shr_import;

/**
 * @brief Read a mapping file.
 * Category ids, the status and the tags are checked against @p cat.
 * @param[out] out the new mapping (free with shr_import_mapping_free()); NULL on error.
 * @return #SHR_OK; #SHR_EIO; #SHR_ESYNTAX (YAML); #SHR_EFORMAT (unknown key, wrong type,
 * missing `name` column, unknown category or status, bad version: file, line and column in
 * @p err); #SHR_ENOMEM. Thread-safe (the catalog is only read).
 */
SHR_EXTERN int shr_import_mapping_load(const shr_catalog *cat, const char *path,
                                       shr_import_mapping **out, shr_error *err);
/** Same, from @p size bytes in memory; @p name is used in errors (NULL: "<buffer>"). */
SHR_EXTERN int shr_import_mapping_load_buffer(const shr_catalog *cat, const char *name,
                                              const char *data, size_t size,
                                              shr_import_mapping **out, shr_error *err);
SHR_EXTERN void shr_import_mapping_free(shr_import_mapping *map);

/**
 * @brief Give the mapping commune outlines, for the `outline` method (coordinates to commune).
 * @p path is a GeoJSON file, or a directory whose `*.geojson` files are all read (in name
 * order); each Polygon or MultiPolygon feature keeps its property @p code_property (NULL:
 * "code"), a commune code resolved like a row's code (current, former code of exactly one
 * commune, or district). Features of other geometries are skipped. May be called several
 * times (the outlines add up).
 * @return #SHR_OK; #SHR_EIO; #SHR_ESYNTAX (invalid JSON, with line and column); #SHR_EFORMAT
 * (a polygon feature without the code property); #SHR_ELIMIT; #SHR_ENOMEM; #SHR_EINVAL.
 * Not thread-safe: call it before any import uses the mapping.
 */
SHR_EXTERN int shr_import_mapping_add_outlines(shr_import_mapping *map, const char *path,
                                               const char *code_property, shr_error *err);

/** How a row's commune was found (or not). */
typedef enum shr_import_method {
    SHR_IMPORT_CODE,             /**< current commune code */
    SHR_IMPORT_FORMER,           /**< former code of exactly one commune */
    SHR_IMPORT_DISTRICT,         /**< municipal district code */
    SHR_IMPORT_POSTAL_NAME,      /**< postal code and normalised name */
    SHR_IMPORT_DEPARTMENT_NAME,  /**< department and normalised name */
    SHR_IMPORT_EPCI,             /**< the code is an EPCI's (SIREN) */
    SHR_IMPORT_OUTLINE,          /**< the row's point lies in one commune outline */
    SHR_IMPORT_REJECTED,         /**< not imported: see shr_import_row_reason() */
    SHR_IMPORT_METHOD_COUNT
} shr_import_method;

/** "code", "former", "district", "postal+name", "department+name", "epci", "outline",
 * "rejected"; NULL if out of range. Static. */
SHR_EXTERN const char *shr_import_method_name(shr_import_method method);

/**
 * @brief Read a CSV file and resolve its rows with @p map against @p cat.
 * Rows that cannot be imported do not fail the call: they are listed with their reason.
 * @param[out] out the new import (free with shr_import_free()); NULL on error.
 * @return #SHR_OK; #SHR_EIO; #SHR_EFORMAT (invalid UTF-8, unterminated quote, text after a
 * closing quote, a column named by the mapping missing from the header, an empty file: with
 * line and column); #SHR_ELIMIT; #SHR_ENOMEM. Thread-safe.
 */
SHR_EXTERN int shr_import_csv(const shr_catalog *cat, const shr_import_mapping *map,
                              const char *path, shr_import **out, shr_error *err);
/** Same, from @p size bytes in memory; @p name is used in errors (NULL: "<buffer>"). */
SHR_EXTERN int shr_import_csv_buffer(const shr_catalog *cat, const shr_import_mapping *map,
                                     const char *name, const char *data, size_t size,
                                     shr_import **out, shr_error *err);
SHR_EXTERN void shr_import_free(shr_import *imp);

/** Data rows read (blank lines excluded). */
SHR_EXTERN size_t shr_import_row_count(const shr_import *imp);
/** Rows imported (every method but REJECTED). */
SHR_EXTERN size_t shr_import_resolved_count(const shr_import *imp);
/** Rows of one method (REJECTED: rows not imported). */
SHR_EXTERN size_t shr_import_method_count(const shr_import *imp, shr_import_method method);

/** Line (1-based) where row @p i starts in the CSV file; 0 when out of range. */
SHR_EXTERN unsigned shr_import_row_line(const shr_import *imp, size_t i);
SHR_EXTERN shr_import_method shr_import_row_method(const shr_import *imp, size_t i);
/** Why row @p i was rejected, NULL for an imported row. */
SHR_EXTERN const char *shr_import_row_reason(const shr_import *imp, size_t i);
/** Practice id of row @p i (NULL when the row had no usable id). */
SHR_EXTERN const char *shr_import_row_id(const shr_import *imp, size_t i);
/** Practice name (NULL when empty). */
SHR_EXTERN const char *shr_import_row_name(const shr_import *imp, size_t i);
/** Category of row @p i (NULL when unknown). */
SHR_EXTERN const shr_category *shr_import_row_category(const shr_import *imp, size_t i);
/** The commune or district found, NULL for a rejected row. */
SHR_EXTERN const shr_territory *shr_import_row_territory(const shr_import *imp, size_t i);
/** Nonzero when the row has a valid location; then lat/lon are set. */
SHR_EXTERN int shr_import_row_location(const shr_import *imp, size_t i, double *latitude,
                                       double *longitude);
/** Link kept for the row (normalised), or NULL. */
SHR_EXTERN const char *shr_import_row_link(const shr_import *imp, size_t i);
/** Address, or NULL. */
SHR_EXTERN const char *shr_import_row_address(const shr_import *imp, size_t i);

/** Warnings (dropped links, unusable locations): line and text. */
SHR_EXTERN size_t shr_import_warning_count(const shr_import *imp);
SHR_EXTERN unsigned shr_import_warning_line(const shr_import *imp, size_t i);
SHR_EXTERN const char *shr_import_warning_text(const shr_import *imp, size_t i);

/**
 * @brief Write the imported rows as a catalog file (format v1: `sharitories: 1`, the mapping's
 * `meta`, `practices`), with libyaml's emitter. It loads together with the catalog the import
 * was resolved against (for its territories and categories).
 * @return #SHR_OK, #SHR_EIO, #SHR_ENOMEM.
 */
SHR_EXTERN int shr_import_write_yaml(const shr_import *imp, const shr_writer *w, shr_error *err);
/** As shr_import_write_yaml(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_import_write_yaml_file(const shr_import *imp, FILE *out, shr_error *err);
/**
 * @brief Same, to @p path, atomically (atomic_file.h): a temporary file in the same
 * directory, flushed to disk, then renamed over @p path; on failure @p path is untouched. A
 * new file gets the mode of any new file of the process (0666 less the umask), a replaced one
 * keeps its mode.
 */
SHR_EXTERN int shr_import_save(const shr_import *imp, const char *path, shr_error *err);
/** CSV of the rejected rows: `line,id,name,reason`. */
SHR_EXTERN int shr_import_write_rejected_csv(const shr_import *imp, const shr_writer *w,
                                             shr_error *err);
/** As shr_import_write_rejected_csv(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_import_write_rejected_csv_file(const shr_import *imp, FILE *out, shr_error *err);

SHR_END_DECLS

#endif
