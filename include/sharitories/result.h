/**
 * @file result.h
 * @brief The practices a query selected: a list with count, positional access, sorting and
 * slicing.
 *
 * A result is owned by the caller (shr_result_free()) and borrows the catalog: free it before
 * the catalog. A result stays valid across later loads into its catalog (it lists practices,
 * which loads only add to); compiled queries do not (see shr_catalog_load()). A result is not modified by reads, so several threads may read one result;
 * sorting and slicing modify it and need exclusive access.
 */
#ifndef SHARITORIES_RESULT_H
#define SHARITORIES_RESULT_H

#include "error.h"
#include "query.h"
#include "types.h"

SHR_BEGIN_DECLS

/** Orders a result can be sorted into. */
typedef enum shr_sort_key {
    SHR_SORT_CATALOG, /**< catalog order (the default) */
    SHR_SORT_NAME,    /**< by name (case- and accent-insensitive), then catalog order */
    SHR_SORT_STARTED, /**< by year started (practices without one last), then catalog order */
    SHR_SORT_ID       /**< by id (byte order) */
} shr_sort_key;

/** Free a result. Accepts NULL. */
SHR_EXTERN void shr_result_free(shr_result *r);
SHR_EXTERN size_t shr_result_count(const shr_result *r);
/** The practice at @p index (borrowed from the catalog), NULL when out of range. */
SHR_EXTERN const shr_practice *shr_result_at(const shr_result *r, size_t index);
/** The catalog the result comes from (borrowed). */
SHR_EXTERN const shr_catalog *shr_result_catalog(const shr_result *r);

/**
 * @brief Sort in place, stably: ties keep their current order (catalog order for a fresh
 * result). @p descending reverses the order of the key, not of the ties; under
 * #SHR_SORT_STARTED practices without a year come last in both directions. Names compare by
 * their folded form (case, accents and ligatures ignored, punctuation runs as one space).
 * @return #SHR_OK, #SHR_EINVAL (NULL result or unknown key) or #SHR_ENOMEM (result unchanged).
 * Needs exclusive access to @p r; memory comes from the catalog's allocator.
 */
SHR_EXTERN int shr_result_sort(shr_result *r, shr_sort_key key, int descending, shr_error *err);
/** Returns 0 and sets @p out for "catalog", "name", "started", "id" (any ASCII case); else #SHR_ENOTFOUND. */
SHR_EXTERN int shr_sort_key_from_name(const char *name, shr_sort_key *out);

/** Keep @p limit practices from @p offset on (limit SHR_NONE: all the rest). Cannot fail. */
SHR_EXTERN void shr_result_slice(shr_result *r, size_t offset, size_t limit);

SHR_END_DECLS

#endif
