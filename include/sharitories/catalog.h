/**
 * @file catalog.h
 * @brief The catalog: territories, actors, practices, axes and categories loaded from one or
 * more catalog files (format v1, see docs/format.md), and saved back.
 *
 * Thread-safety: loading and saving need exclusive access to the catalog. Once loaded, a
 * catalog and everything borrowed from it may be read (getters, queries) from any number of
 * threads at once without locking. One thing is computed on first use: a practice's
 * description, decoded by shr_practice_description() into memory the catalog keeps (safe from
 * any number of threads at once, see practice.h); everything else is built by the load.
 *
 * NULL rule (as SQLite's): every public function given NULL for its object (record, catalog,
 * result, facet, analysis...) returns NULL, 0 or a negative error code (functions that take
 * an shr_error set it to #SHR_EINVAL), or does nothing (void functions), and never crashes;
 * an index out of range does the same. Two enumeration getters give their documented "none"
 * value instead (shr_comparison_dimension(): #SHR_DIM_COUNT, shr_import_row_method():
 * #SHR_IMPORT_REJECTED). The `null_getters` test calls every such function of the headers.
 *
 * Ownership: the catalog owns every record; pointers returned by getters are borrowed and
 * stay valid until shr_catalog_free() (a later successful load appends records and keeps
 * earlier pointers valid) or a successful shr_catalog_reload().
 */
#ifndef SHARITORIES_CATALOG_H
#define SHARITORIES_CATALOG_H

#include "alloc.h"
#include "error.h"
#include "territory.h"
#include "types.h"

SHR_BEGIN_DECLS

/**
 * @brief Limits that protect a load from hostile files. A file beyond a limit fails with
 * #SHR_ELIMIT and a message naming the limit.
 */
#define SHR_LIMIT_ID_LENGTH 128            /**< characters in an id (format.md) */
#define SHR_LIMIT_DEPTH 16                 /**< YAML nesting depth */
#define SHR_LIMIT_STRING_LENGTH (1u << 20) /**< bytes in one scalar (1 MiB) */
#define SHR_LIMIT_LIST_LENGTH 100000u      /**< items in one list inside a record */
#define SHR_LIMIT_RECORDS 50000000u        /**< records of one kind in a catalog */

/**
 * @brief Create an empty catalog (the built-in axes and categories only).
 * @param alloc the memory functions to use for this catalog and everything it creates, copied;
 *        NULL for the C library's. See alloc.h.
 * @return a new catalog, to be freed with shr_catalog_free(); NULL if memory ran out.
 * Thread-safe.
 */
SHR_EXTERN shr_catalog *shr_catalog_new(const shr_allocator *alloc);

/**
 * @brief The CSV option of the catalog: flags (#SHR_CSV_RAW, csv.h) used by every CSV writer
 * of its objects (shr_result_write_csv(), shr_comparison_write_csv(),
 * shr_inspiration_write_csv(), shr_network_write_csv(), shr_import_write_rejected_csv()).
 * 0 (the default) neutralises spreadsheet formulas in text cells. Set it before writing: not
 * thread-safe with writers running. NULL: nothing / 0.
 */
SHR_EXTERN void shr_catalog_set_csv_flags(shr_catalog *cat, unsigned flags);
SHR_EXTERN unsigned shr_catalog_csv_flags(const shr_catalog *cat);

/**
 * @brief Free a catalog and every record it owns. Accepts NULL.
 * Every pointer borrowed from the catalog becomes invalid.
 */
SHR_EXTERN void shr_catalog_free(shr_catalog *cat);

/**
 * @brief Load one catalog file into @p cat. Same as shr_catalog_load_files() with one path.
 */
SHR_EXTERN int shr_catalog_load(shr_catalog *cat, const char *path, shr_error *err);

/**
 * @brief Load several catalog files into @p cat as one unit.
 *
 * References are resolved once every file of the call is read, so the files may come in any
 * order; they may also refer to records loaded by earlier calls. All or nothing: if any file
 * fails (I/O, YAML syntax, format error, duplicate id, unknown reference, cycle, limit, out of
 * memory) the catalog is left exactly as it was before the call, and @p err describes the
 * first error found (code, message, file, line, column, record id).
 *
 * A file may be a binary snapshot (shr_catalog_save_snapshot(), recognised by its magic
 * number): it must then be the first file loaded into the catalog (else #SHR_EINVAL), and the
 * files after it, in this call or later ones, are added on top of it. A truncated, corrupted or
 * foreign snapshot fails with #SHR_EFORMAT saying what is wrong. The catalog keeps the
 * snapshot mapped (read-only) until it is freed: do not truncate the file meanwhile.
 *
 * @param paths @p count file paths (borrowed; read during the call only).
 * @return #SHR_OK or a negative #shr_error_code.
 * Not thread-safe on @p cat: no other thread may use the catalog during the call.
 */
SHR_EXTERN int shr_catalog_load_files(shr_catalog *cat, const char *const *paths, size_t count,
                                      shr_error *err);

/**
 * @brief Load a catalog document held in memory, as if it were a file named @p name.
 * @param name the name to report in errors (may be NULL: "<buffer>").
 * @param data @p size bytes of UTF-8 YAML (borrowed; need not be NUL-terminated).
 * Same all-or-nothing behaviour and thread-safety as shr_catalog_load_files().
 */
SHR_EXTERN int shr_catalog_load_buffer(shr_catalog *cat, const char *name, const char *data,
                                       size_t size, shr_error *err);

/**
 * @brief Read every file loaded into @p cat so far again (those of
 * shr_catalog_load_default() included), in load order, as one unit: for an application that
 * edited a file and wants the catalog to show it.
 *
 * All or nothing: the catalog is emptied (but for the built-in axes and categories) and the
 * files are loaded again as by one shr_catalog_load_files() call; if any fails (a broken edit,
 * a removed file...) the catalog is left exactly as it was before the call and @p err gives
 * the error with its place (file, line, column), as for a load.
 *
 * On success the records are new: every pointer borrowed from the catalog before the call
 * (records, strings, and the facets, cross-tabs, analyses and reports computed before, which
 * borrow them) is invalid, as after shr_catalog_free(); look records up again. Queries must be
 * compiled again and results computed again: the call fails with #SHR_EMISUSE, changing
 * nothing, while compiled queries or results of the catalog exist (free them first). Documents
 * loaded from memory with shr_catalog_load_buffer() cannot be read again (the catalog keeps no
 * copy): the call then fails with #SHR_EINVAL naming them, changing nothing. A catalog with no
 * file loaded is left as it is.
 *
 * @return #SHR_OK; #SHR_EMISUSE; #SHR_EINVAL (NULL catalog, a buffer); any error of
 * shr_catalog_load_files().
 * Not thread-safe on @p cat: no other thread may use the catalog during the call.
 */
SHR_EXTERN int shr_catalog_reload(shr_catalog *cat, shr_error *err);

/**
 * @brief Directory of the bundled default catalog.
 *
 * The environment variable SHARITORIES_DATA_DIR when set and not empty; otherwise the
 * installed data directory (`share/sharitories` under the install prefix). No source-tree path
 * is compiled in: the build tree's tests, examples and `meson devenv` set SHARITORIES_DATA_DIR.
 * @return a static or environment string (do not free); never NULL. Thread-safe.
 */
SHR_EXTERN const char *shr_default_data_dir(void);

/**
 * @brief Load the bundled default catalog (the files listed in `default.catalog` in
 * shr_default_data_dir()), as one unit. Same behaviour as shr_catalog_load_files().
 */
SHR_EXTERN int shr_catalog_load_default(shr_catalog *cat, shr_error *err);

/**
 * @brief Save the whole catalog as one format-v1 file.
 *
 * Records are written in catalog order (file order, then load order); built-in categories
 * are not written, added ones are. `meta` is that of the first loaded file that had one.
 * Loading the result gives an equal catalog, and saving that again gives identical bytes.
 * The write is atomic (atomic_file.h): the data goes to a temporary file in the same
 * directory, is flushed to disk, then renamed over @p path; on any failure the temporary file
 * is removed and an existing file at @p path is untouched. A new file gets the mode of any new
 * file of the process (0666 less the umask), a replaced one keeps its mode.
 * @return #SHR_OK, #SHR_EIO (with errno's text in the message), or #SHR_ENOMEM.
 * Thread-safe with readers of the catalog (it only reads it).
 */
SHR_EXTERN int shr_catalog_save(const shr_catalog *cat, const char *path, shr_error *err);

/**
 * @brief Save the whole catalog as a binary snapshot (docs/snapshot.md).
 *
 * A snapshot holds every record and the text store of the catalog; shr_catalog_load() and
 * every function that loads a catalog file recognise it by its magic number and open it by
 * mapping it (much faster than parsing YAML). It is tied to the library version that wrote
 * it: another version refuses it with #SHR_EFORMAT. Written atomically as shr_catalog_save().
 * @return #SHR_OK, #SHR_EIO, #SHR_ELIMIT (a section over 4 GiB), or #SHR_ENOMEM.
 * Thread-safe with readers of the catalog (it only reads it).
 */
SHR_EXTERN int shr_catalog_save_snapshot(const shr_catalog *cat, const char *path,
                                         shr_error *err);

/** @name Counts, positional access and look-up by id.
 * `_at` returns NULL when @p index is out of range; look-ups return NULL for an unknown id.
 * Records come in catalog order (file order, files in load order). Pointers are borrowed
 * (valid until shr_catalog_free()). Thread-safe.
 * @{ */
SHR_EXTERN size_t shr_catalog_territory_count(const shr_catalog *cat);
SHR_EXTERN const shr_territory *shr_catalog_territory_at(const shr_catalog *cat, size_t index);
SHR_EXTERN const shr_territory *shr_catalog_territory(const shr_catalog *cat, const char *id);

SHR_EXTERN size_t shr_catalog_actor_count(const shr_catalog *cat);
SHR_EXTERN const shr_actor *shr_catalog_actor_at(const shr_catalog *cat, size_t index);
SHR_EXTERN const shr_actor *shr_catalog_actor(const shr_catalog *cat, const char *id);

SHR_EXTERN size_t shr_catalog_practice_count(const shr_catalog *cat);
SHR_EXTERN const shr_practice *shr_catalog_practice_at(const shr_catalog *cat, size_t index);
SHR_EXTERN const shr_practice *shr_catalog_practice(const shr_catalog *cat, const char *id);

/** The five axes, always present, in the order of format.md. */
SHR_EXTERN size_t shr_catalog_axis_count(const shr_catalog *cat);
SHR_EXTERN const shr_axis *shr_catalog_axis_at(const shr_catalog *cat, size_t index);
SHR_EXTERN const shr_axis *shr_catalog_axis(const shr_catalog *cat, const char *id);

/** Built-in categories first (format.md order), then those added by files. */
SHR_EXTERN size_t shr_catalog_category_count(const shr_catalog *cat);
SHR_EXTERN const shr_category *shr_catalog_category_at(const shr_catalog *cat, size_t index);
SHR_EXTERN const shr_category *shr_catalog_category(const shr_catalog *cat, const char *id);

/** Fiches-actions (action.h), in load order; look-up by id (ASCII case ignored), NULL if none. */
SHR_EXTERN size_t shr_catalog_action_count(const shr_catalog *cat);
SHR_EXTERN const shr_action *shr_catalog_action_at(const shr_catalog *cat, size_t index);
SHR_EXTERN const shr_action *shr_catalog_action(const shr_catalog *cat, const char *id);
/** @} */

/**
 * @brief Find territories by name, the way people type them: @p name and every territory's
 * name are folded (case, accents and ligatures removed, runs of spaces and punctuation made
 * one space: "epinal" and "ÉPINAL" find "Épinal", "mont de marsan" finds "Mont-de-Marsan").
 *
 * Matches come in two groups, each in catalog order: the territories whose folded name
 * equals the folded @p name, then those whose folded name starts with it ("saint malo"
 * finds "Saint-Malo", then "Saint-Malo-de-Phily", "Saint-Malon-sur-Mel"...).
 * @param name the text to look for (borrowed); NULL, or a text that folds to nothing
 *        ("", "--"), matches nothing. Only its first 512 folded bytes count.
 * @param kind a kind to keep only territories of that kind, or #SHR_TERRITORY_KIND_NONE (-1)
 *        for any.
 * @param out array of @p cap elements receiving the first min(cap, matches) territories
 *        (borrowed, valid until shr_catalog_free()); may be NULL when @p cap is 0.
 * @return the number of matches, which may exceed @p cap: call again with a larger array to
 *         get them all (as snprintf() does). 0 for a NULL @p cat. Never fails, never
 *         allocates.
 * Cost: one pass over the territories, folding each name (a few milliseconds for the 35,000
 * French communes): cache the result when calling it in a loop. Thread-safe (read-only).
 */
SHR_EXTERN size_t shr_catalog_find_territories(const shr_catalog *cat, const char *name,
                                               shr_territory_kind kind,
                                               const shr_territory **out,
                                               size_t cap);

/** @name Files loaded and their provenance (`meta`).
 * Strings are borrowed; meta getters return NULL when the file did not give the field.
 * @{ */
SHR_EXTERN size_t shr_catalog_file_count(const shr_catalog *cat);
SHR_EXTERN const char *shr_catalog_file_path(const shr_catalog *cat, size_t index);
SHR_EXTERN const char *shr_catalog_file_meta(const shr_catalog *cat, size_t index, const char *key);
/** @} */

/**
 * @brief The allocator of the catalog (a copy of what shr_catalog_new() was given).
 * Borrowed. Thread-safe.
 */
SHR_EXTERN const shr_allocator *shr_catalog_allocator(const shr_catalog *cat);

/**
 * @brief Attach a pointer of the caller's to the catalog (NULL: none), e.g. the state a
 * language binding keeps per catalog. The library never reads it. Set it before the catalog
 * is shared between threads: not thread-safe with shr_catalog_userdata().
 */
SHR_EXTERN void shr_catalog_set_userdata(shr_catalog *cat, void *userdata);

/**
 * @brief The pointer given to shr_catalog_set_userdata(), NULL when none. Thread-safe (it only
 * reads).
 */
SHR_EXTERN void *shr_catalog_userdata(const shr_catalog *cat);

SHR_END_DECLS

#endif
