/**
 * @file territory.h
 * @brief Territories and the territory graph.
 *
 * `parent` and `groups` edges form a directed acyclic graph (a commune's parent is its
 * department, its EPCI is among its groups). A territory A is *within* B when A is B or B is
 * reachable from A along those edges.
 *
 * All getters take a territory borrowed from a catalog, cannot fail, return borrowed values
 * (valid until the catalog is freed) and are thread-safe. `_at` getters return NULL when the
 * index is out of range.
 */
#ifndef SHARITORIES_TERRITORY_H
#define SHARITORIES_TERRITORY_H

#include "types.h"

SHR_BEGIN_DECLS

/** Kinds of territory (format.md). */
typedef enum shr_territory_kind {
    SHR_TERRITORY_KIND_NONE = -1, /**< no kind: "any" in a search */
    SHR_TERRITORY_COUNTRY,
    SHR_TERRITORY_REGION,
    SHR_TERRITORY_DEPARTMENT,
    SHR_TERRITORY_EPCI,
    SHR_TERRITORY_COMMUNE,
    SHR_TERRITORY_DISTRICT,
    SHR_TERRITORY_OTHER,
    SHR_TERRITORY_KIND_COUNT
} shr_territory_kind;

/** Name of a kind as written in files ("commune"), NULL if out of range. Static. */
SHR_EXTERN const char *shr_territory_kind_name(shr_territory_kind kind);
/** Kind named @p name (ASCII case does not matter); returns 0 and sets @p out, or #SHR_ENOTFOUND. */
SHR_EXTERN int shr_territory_kind_from_name(const char *name, shr_territory_kind *out);

SHR_EXTERN const char *shr_territory_id(const shr_territory *t);
SHR_EXTERN const char *shr_territory_name(const shr_territory *t);
SHR_EXTERN shr_territory_kind shr_territory_kind_of(const shr_territory *t);
/** Official code, or NULL. */
SHR_EXTERN const char *shr_territory_code(const shr_territory *t);
/** Population, or #SHR_NO_POPULATION. */
SHR_EXTERN int64_t shr_territory_population(const shr_territory *t);
/** Nonzero when the territory has a location; then lat/lon are set (WGS 84). */
SHR_EXTERN int shr_territory_location(const shr_territory *t, double *latitude, double *longitude);
/**
 * @brief Great-circle distance in kilometres between the locations of @p a and @p b.
 *
 * Haversine formula on a sphere of radius 6371.0088 km (the mean Earth radius of WGS 84); the
 * error against the ellipsoid is below 0.5 %. Paris to Lyon is about 392 km.
 * @return the distance (>= 0), or a negative value when either is NULL or has no location.
 * The territories may come from different catalogs. Allocates nothing; thread-safe.
 */
SHR_EXTERN double shr_territory_distance_km(const shr_territory *a, const shr_territory *b);
/** Position in the catalog (0-based, catalog order). */
SHR_EXTERN size_t shr_territory_index(const shr_territory *t);

SHR_EXTERN size_t shr_territory_former_code_count(const shr_territory *t);
SHR_EXTERN const char *shr_territory_former_code_at(const shr_territory *t, size_t index);
SHR_EXTERN size_t shr_territory_postal_code_count(const shr_territory *t);
SHR_EXTERN const char *shr_territory_postal_code_at(const shr_territory *t, size_t index);

/** The one territory that contains it, or NULL. */
SHR_EXTERN const shr_territory *shr_territory_parent(const shr_territory *t);
/** Further territories that contain it (`groups`), in file order. */
SHR_EXTERN size_t shr_territory_group_count(const shr_territory *t);
SHR_EXTERN const shr_territory *shr_territory_group_at(const shr_territory *t, size_t index);
/** Territories whose parent is @p t, in catalog order. */
SHR_EXTERN size_t shr_territory_child_count(const shr_territory *t);
SHR_EXTERN const shr_territory *shr_territory_child_at(const shr_territory *t, size_t index);
/** Territories that have @p t among their groups, in catalog order. */
SHR_EXTERN size_t shr_territory_member_count(const shr_territory *t);
SHR_EXTERN const shr_territory *shr_territory_member_at(const shr_territory *t, size_t index);

/**
 * @brief Nonzero when @p a is within @p b (a is b, or b is reachable from a along parent and
 * groups edges). Both must come from the same catalog. O(log d), d the number of territories
 * containing @p a (a precomputed closure), so fast for any pair.
 */
SHR_EXTERN int shr_territory_within(const shr_territory *a, const shr_territory *b);

/** Territories containing @p t (its closure, @p t excluded), sorted by catalog index. */
SHR_EXTERN size_t shr_territory_ancestor_count(const shr_territory *t);
SHR_EXTERN const shr_territory *shr_territory_ancestor_at(const shr_territory *t, size_t index);

/**
 * @brief The territory of @p kind that contains @p t: the EPCI, department or region of a
 * commune (shr_territory_ancestor_of_kind(commune, SHR_TERRITORY_REGION)).
 *
 * When several territories of that kind contain @p t, the nearest wins: first along the
 * chain of parents (the parent, its parent...), then among @p t's own groups (file order),
 * then among the other territories containing it (catalog order).
 * @return a borrowed territory (valid until the catalog is freed), never @p t itself; NULL
 *         when no territory of @p kind contains @p t, or for a NULL @p t. Thread-safe.
 */
SHR_EXTERN const shr_territory *shr_territory_ancestor_of_kind(const shr_territory *t,
                                                               shr_territory_kind kind);

/** Practices that list @p t itself among their territories, in catalog order. */
SHR_EXTERN size_t shr_territory_practice_count(const shr_territory *t);
SHR_EXTERN const shr_practice *shr_territory_practice_at(const shr_territory *t, size_t index);

SHR_END_DECLS

#endif
