/**
 * @file practice.h
 * @brief Collaborative practices.
 *
 * Getters take a practice borrowed from a catalog, cannot fail, return borrowed values (valid
 * until the catalog is freed) and are thread-safe. `_at` getters return NULL (0 for numbers)
 * when the index is out of range.
 */
#ifndef SHARITORIES_PRACTICE_H
#define SHARITORIES_PRACTICE_H

#include "axis.h"
#include "types.h"

SHR_BEGIN_DECLS

/** Status of a practice. */
typedef enum shr_status {
    SHR_STATUS_PLANNED,
    SHR_STATUS_ACTIVE,
    SHR_STATUS_ENDED,
    SHR_STATUS_COUNT
} shr_status;

/** Role of an actor in a practice. */
typedef enum shr_role {
    SHR_ROLE_CARRIER,
    SHR_ROLE_FUNDER,
    SHR_ROLE_PARTNER,
    SHR_ROLE_OPERATOR,
    SHR_ROLE_USER,
    SHR_ROLE_COUNT
} shr_role;

/** Names as written in files ("active", "carrier"); NULL if out of range. Static. */
SHR_EXTERN const char *shr_status_name(shr_status status);
SHR_EXTERN const char *shr_role_name(shr_role role);
/** Return 0 and set @p out, or #SHR_ENOTFOUND. ASCII case does not matter ("ACTIVE"). */
SHR_EXTERN int shr_status_from_name(const char *name, shr_status *out);
SHR_EXTERN int shr_role_from_name(const char *name, shr_role *out);

SHR_EXTERN const char *shr_practice_id(const shr_practice *p);
SHR_EXTERN const char *shr_practice_name(const shr_practice *p);
SHR_EXTERN const shr_category *shr_practice_category(const shr_practice *p);
SHR_EXTERN shr_status shr_practice_status(const shr_practice *p);
/** Year started / ended, or #SHR_NO_YEAR. */
SHR_EXTERN int32_t shr_practice_started(const shr_practice *p);
SHR_EXTERN int32_t shr_practice_ended(const shr_practice *p);
/**
 * @brief Description, or NULL.
 *
 * The catalog keeps descriptions compressed (they are most of its memory). The first call for
 * a practice decodes its description into memory the catalog owns and keeps until it is freed
 * (later calls return the same pointer, from any thread). So this getter can fail: it also
 * returns NULL when that allocation fails. To read many descriptions without keeping decoded
 * copies (an export, a data frame), use shr_practice_description_copy().
 */
SHR_EXTERN const char *shr_practice_description(const shr_practice *p);
/**
 * @brief Copy the description into @p buf, as snprintf() does: at most @p size - 1 bytes and a
 * NUL (nothing when @p size is 0). Allocates nothing; thread-safe.
 * @return the length of the whole description in bytes (so a return >= @p size means it was
 * cut), or -1 when the practice has none.
 */
SHR_EXTERN int64_t shr_practice_description_copy(const shr_practice *p, char *buf, size_t size);
/** Address, or NULL. */
SHR_EXTERN const char *shr_practice_address(const shr_practice *p);
/** Nonzero when the practice has a location; then lat/lon are set (WGS 84). */
SHR_EXTERN int shr_practice_location(const shr_practice *p, double *latitude, double *longitude);
/**
 * @brief Great-circle distance in kilometres from practice @p p to territory @p t (as
 * shr_territory_distance_km()).
 *
 * The practice is placed at its own location, else at the location of its first territory (in
 * file order) that has one.
 * @return the distance (>= 0), or a negative value when either is NULL or no location is known
 * for either. Allocates nothing; thread-safe.
 */
SHR_EXTERN double shr_practice_distance_km(const shr_practice *p, const shr_territory *t);
SHR_EXTERN size_t shr_practice_index(const shr_practice *p);

/** Axes (the file's `axes`, else the category's defaults), in that order. */
SHR_EXTERN size_t shr_practice_axis_count(const shr_practice *p);
SHR_EXTERN const shr_axis *shr_practice_axis_at(const shr_practice *p, size_t index);
/** Nonzero when the practice has axis @p code (0 for a code out of range). */
SHR_EXTERN int shr_practice_has_axis(const shr_practice *p, shr_axis_code code);

SHR_EXTERN size_t shr_practice_territory_count(const shr_practice *p);
SHR_EXTERN const shr_territory *shr_practice_territory_at(const shr_practice *p, size_t index);

SHR_EXTERN size_t shr_practice_actor_count(const shr_practice *p);
SHR_EXTERN const shr_actor *shr_practice_actor_at(const shr_practice *p, size_t index);
/** Role of the actor at the same @p index; #SHR_ROLE_CARRIER out of range. */
SHR_EXTERN shr_role shr_practice_actor_role(const shr_practice *p, size_t index);

SHR_EXTERN size_t shr_practice_tag_count(const shr_practice *p);
SHR_EXTERN const char *shr_practice_tag_at(const shr_practice *p, size_t index);

/** Figures (name -> number), in file order. */
SHR_EXTERN size_t shr_practice_figure_count(const shr_practice *p);
SHR_EXTERN const char *shr_practice_figure_name(const shr_practice *p, size_t index);
SHR_EXTERN double shr_practice_figure_value(const shr_practice *p, size_t index);

SHR_EXTERN size_t shr_practice_link_count(const shr_practice *p);
SHR_EXTERN const char *shr_practice_link_at(const shr_practice *p, size_t index);

SHR_END_DECLS

#endif
