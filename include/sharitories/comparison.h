/**
 * @file comparison.h
 * @brief Comparison: territories side by side on one dimension (shr_comparison_compute()).
 *
 * "Practices of a territory" means the practices *within* it (query `in:T`): at least one of
 * their territories is within T (format.md).
 *
 * The object is created by one call, is immutable afterwards (any number of threads may read
 * it at once), is owned by the caller (free it with its `_free`, which accepts NULL), and
 * borrows the catalog: free it before the catalog, and do not load into the catalog while it
 * exists. Pointers returned by getters are borrowed from the catalog (records) or from the
 * object (strings), valid until it is freed. Getters cannot fail and are thread-safe; an index
 * out of range gives NULL or 0. All memory goes through the catalog's allocator.
 *
 * Writers write UTF-8 with `\n` line ends to a caller's `FILE *`, and return #SHR_OK,
 * #SHR_EIO when writing failed (ferror), #SHR_EINVAL for a NULL argument, or #SHR_ENOMEM.
 * They do not close the file. Thread-safe (the object is only read).
 */
#ifndef SHARITORIES_COMPARISON_H
#define SHARITORIES_COMPARISON_H

#include <stdio.h>

#include "error.h"
#include "facet.h"
#include "query.h"
#include "types.h"
#include "writer.h"

SHR_BEGIN_DECLS

typedef struct shr_comparison shr_comparison;

/** Version of #shr_compare_options this header describes. */
#define SHR_COMPARE_OPTIONS_VERSION 1

/** Options of shr_comparison_compute(). Initialise with #SHR_COMPARE_OPTIONS_INIT. */
typedef struct shr_compare_options {
    unsigned version;        /**< #SHR_COMPARE_OPTIONS_VERSION */
    shr_dimension dimension; /**< what is counted; default #SHR_DIM_CATEGORY */
    /** Only the practices it selects count (borrowed, same catalog); NULL (default): all. */
    const shr_query *filter;
} shr_compare_options;

#define SHR_COMPARE_OPTIONS_INIT {SHR_COMPARE_OPTIONS_VERSION, SHR_DIM_CATEGORY, NULL}

/**
 * @brief Count, per value of the options' dimension, the practices within each of @p count
 * territories.
 *
 * Dimensions: axis, category, family, status, actorkind, actorsector, role, tag, started
 * (the territory levels are refused: compare territories of one level with a facet instead).
 * A practice counts once under each value it has (facet.h). Keys are the union of the values
 * found, in the dimension's natural order (facet.h); a key may have 0 for some territories.
 *
 * @param territory_ids @p count ids (borrowed; repeated ids are kept as given).
 * @param opts the dimension and a filter (#shr_compare_options); NULL: the defaults.
 * @param[out] out the new comparison (free with shr_comparison_free()); NULL on error.
 * @return #SHR_OK; #SHR_ENOTFOUND (unknown territory, named); #SHR_EINVAL (no territory, a
 * territorial or unknown dimension, an options version this library does not know);
 * #SHR_ENOMEM. Thread-safe.
 */
SHR_EXTERN int shr_comparison_compute(const shr_catalog *cat, const char *const *territory_ids,
                                      size_t count, const shr_compare_options *opts,
                                      shr_comparison **out, shr_error *err);
SHR_EXTERN void shr_comparison_free(shr_comparison *cmp);
SHR_EXTERN shr_dimension shr_comparison_dimension(const shr_comparison *cmp);
SHR_EXTERN size_t shr_comparison_territory_count(const shr_comparison *cmp);
SHR_EXTERN const shr_territory *shr_comparison_territory_at(const shr_comparison *cmp, size_t t);
/** Distinct practices within territory @p t (each once, whatever its values). */
SHR_EXTERN size_t shr_comparison_total(const shr_comparison *cmp, size_t t);
SHR_EXTERN size_t shr_comparison_key_count(const shr_comparison *cmp);
/** Key (id) of value @p k ("coworking", "2016"); borrowed from the comparison. */
SHR_EXTERN const char *shr_comparison_key(const shr_comparison *cmp, size_t k);
/** Label in @p lang ("fr", "en") where one exists (axes, categories, families), else the key. */
SHR_EXTERN const char *shr_comparison_label(const shr_comparison *cmp, size_t k, const char *lang);
/** Practices within territory @p t under value @p k. */
SHR_EXTERN size_t shr_comparison_value(const shr_comparison *cmp, size_t k, size_t t);
/**
 * @brief value * @p per / population of territory @p t (e.g. per = 10000), or -1.0 when the
 * territory has no positive population or @p per fails shr_per_capita_check(). With @p k == #SHR_NONE: the total, per @p per.
 */
SHR_EXTERN double shr_comparison_per_capita(const shr_comparison *cmp, size_t k, size_t t,
                                            double per);
/**
 * @brief CSV: `key,label,` then for each territory `ID` and `ID_per_10000` (empty when the
 * territory has no population); a last row `total`. Labels in French.
 */
SHR_EXTERN int shr_comparison_write_csv(const shr_comparison *cmp, const shr_writer *w,
                                        shr_error *err);
/** As shr_comparison_write_csv(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_comparison_write_csv_file(const shr_comparison *cmp, FILE *out, shr_error *err);
/** JSON: {dimension, territories: [{id, name, population, total, total_per_10000}],
 * rows: [{key, label, counts: [...], per_10000: [... or null]}]}. */
SHR_EXTERN int shr_comparison_write_json(const shr_comparison *cmp, const shr_writer *w,
                                         shr_error *err);
/** As shr_comparison_write_json(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_comparison_write_json_file(const shr_comparison *cmp, FILE *out, shr_error *err);

SHR_END_DECLS

#endif
