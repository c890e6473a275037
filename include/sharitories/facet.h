/**
 * @file facet.h
 * @brief Facets (counts per value of one dimension) and cross-tabs (two dimensions) over a
 * query's result: the panorama of the Sharitories study.
 *
 * A practice counts once under each value it has: under `axis`, once per axis; under a
 * territory level (`department`...), once in each territory of that level that contains one of
 * its territories. Keys are ids ("solidarity", "fr-dep-58", "2016"); labels are French or
 * English names where they exist.
 *
 * Facets and cross-tabs are owned by the caller, immutable once computed (thread-safe to read)
 * and borrow the catalog: free them before it.
 */
#ifndef SHARITORIES_FACET_H
#define SHARITORIES_FACET_H

#include "error.h"
#include "result.h"
#include "types.h"

SHR_BEGIN_DECLS

/** Dimensions of facets and cross-tabs (query.md). */
typedef enum shr_dimension {
    SHR_DIM_AXIS,
    SHR_DIM_CATEGORY,
    SHR_DIM_FAMILY,
    SHR_DIM_STATUS,
    SHR_DIM_ACTORKIND,
    SHR_DIM_ACTORSECTOR,
    SHR_DIM_ROLE,
    SHR_DIM_TAG,
    SHR_DIM_STARTED,
    SHR_DIM_COUNTRY,
    SHR_DIM_REGION,
    SHR_DIM_DEPARTMENT,
    SHR_DIM_EPCI,
    SHR_DIM_COMMUNE,
    SHR_DIM_COUNT
} shr_dimension;

/** Name of a dimension ("department"); NULL if out of range. Static. */
SHR_EXTERN const char *shr_dimension_name(shr_dimension dim);
/** Returns 0 and sets @p out, or #SHR_ENOTFOUND. ASCII case does not matter ("Public"). */
SHR_EXTERN int shr_dimension_from_name(const char *name, shr_dimension *out);
/** Nonzero for the territory levels (country ... commune): keys have a population. */
SHR_EXTERN int shr_dimension_is_territorial(shr_dimension dim);

typedef struct shr_facet shr_facet;
typedef struct shr_crosstab shr_crosstab;

/**
 * @brief Count the practices of @p r per value of @p dim.
 * @param[out] out new facet (free with shr_facet_free() before the catalog). Values with no
 * practice are left out; order: the dimension's natural order (axes and categories in
 * format.md order, then added categories; families, statuses, kinds, sectors and roles in
 * the order of their enums; years ascending; territories in catalog order; tags by bytes).
 * Keys are ids ("fablab", "fr-dep-58", "2016", the tag itself); labels are the reference
 * labels (axes, categories, families), built-in French/English names (statuses, kinds,
 * sectors, roles), territory names; tags and years have none (the key is returned).
 * @return #SHR_OK, #SHR_EINVAL (NULL argument, unknown dimension) or #SHR_ENOMEM.
 * Thread-safe: several threads may compute facets of one result at once.
 */
SHR_EXTERN int shr_facet_compute(const shr_result *r, shr_dimension dim, shr_facet **out,
                                 shr_error *err);
/**
 * @brief shr_facet_compute() restricted to the queried territory.
 *
 * A practice at several territories counts under each of them, so a facet of `in:fr-dep-56`
 * by EPCI also lists the EPCIs elsewhere of the practices that are partly in Morbihan. Here,
 * under a territorial dimension (country ... commune), a practice counts only through its
 * territories that are within the query's territory (the territory itself or one inside it):
 * under those territories of the dimension's level and under the territories containing them
 * (so a facet of `in:fr-dep-56` by region lists Bretagne alone, by EPCI the EPCIs of Morbihan's
 * communes). The query's territory is that of its `in:` and `at:` terms (both: the territory
 * and the territories within it): `AND` intersects them, `OR` unites them, and a term under
 * `NOT` or an `OR` with an operand that names no territory (`in:fr-dep-56 OR tag:x`) leaves
 * the query without one. A result whose query names no territory (no `in:`/`at:`, or results
 * not from shr_query_run()) gives exactly shr_facet_compute()'s facet, as do the
 * non-territorial dimensions. Territories loaded after the query ran are outside. Same
 * ownership, errors and thread-safety as shr_facet_compute().
 */
SHR_EXTERN int shr_facet_compute_within(const shr_result *r, shr_dimension dim, shr_facet **out,
                                        shr_error *err);
SHR_EXTERN void shr_facet_free(shr_facet *f);
SHR_EXTERN shr_dimension shr_facet_dimension(const shr_facet *f);
SHR_EXTERN size_t shr_facet_count(const shr_facet *f);
/** Key (id) of value @p index, NULL when out of range. Borrowed from the facet. */
SHR_EXTERN const char *shr_facet_key(const shr_facet *f, size_t index);
/** Human label in @p lang ("fr", "en") where one exists, else the key. */
SHR_EXTERN const char *shr_facet_label(const shr_facet *f, size_t index, const char *lang);
/** Number of practices under value @p index (0 when out of range). */
SHR_EXTERN size_t shr_facet_value(const shr_facet *f, size_t index);
/** Population of the territory key (territorial dimensions), else #SHR_NO_POPULATION. */
SHR_EXTERN int64_t shr_facet_population(const shr_facet *f, size_t index);
/**
 * @brief Check a "per N inhabitants" factor: a finite number > 0 and at most 1e15.
 * @return #SHR_OK, or #SHR_EINVAL (-1, 0, NaN, infinity...) with a message naming it.
 * Thread-safe.
 */
SHR_EXTERN int shr_per_capita_check(double per, shr_error *err);
/**
 * @brief Practices per @p per inhabitants (e.g. 10000) for territorial keys with a positive
 * population; negative (-1.0) otherwise, and when @p per fails shr_per_capita_check().
 */
SHR_EXTERN double shr_facet_per_capita(const shr_facet *f, size_t index, double per);

/**
 * @brief Cross-tabulate @p r by @p rows and @p cols.
 * @param[out] out new cross-tab (free with shr_crosstab_free()); rows and columns with no
 * practice are left out, in the natural order of each dimension.
 */
SHR_EXTERN int shr_crosstab_compute(const shr_result *r, shr_dimension rows, shr_dimension cols,
                                    shr_crosstab **out, shr_error *err);
/**
 * @brief shr_crosstab_compute() restricted to the queried territory, as
 * shr_facet_compute_within() (each territorial dimension of the two is restricted).
 */
SHR_EXTERN int shr_crosstab_compute_within(const shr_result *r, shr_dimension rows,
                                           shr_dimension cols, shr_crosstab **out,
                                           shr_error *err);
SHR_EXTERN void shr_crosstab_free(shr_crosstab *x);
SHR_EXTERN size_t shr_crosstab_row_count(const shr_crosstab *x);
SHR_EXTERN size_t shr_crosstab_col_count(const shr_crosstab *x);
SHR_EXTERN const char *shr_crosstab_row_key(const shr_crosstab *x, size_t row);
SHR_EXTERN const char *shr_crosstab_col_key(const shr_crosstab *x, size_t col);
SHR_EXTERN const char *shr_crosstab_row_label(const shr_crosstab *x, size_t row, const char *lang);
SHR_EXTERN const char *shr_crosstab_col_label(const shr_crosstab *x, size_t col, const char *lang);
SHR_EXTERN int64_t shr_crosstab_row_population(const shr_crosstab *x, size_t row);
SHR_EXTERN int64_t shr_crosstab_col_population(const shr_crosstab *x, size_t col);
/** Practices counted under (row, col); 0 when out of range. */
SHR_EXTERN size_t shr_crosstab_value(const shr_crosstab *x, size_t row, size_t col);

SHR_END_DECLS

#endif
