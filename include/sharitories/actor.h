/**
 * @file actor.h
 * @brief Actors (public, private, citizen) and their part in practices.
 *
 * Getters take an actor borrowed from a catalog, cannot fail, return borrowed values (valid
 * until the catalog is freed) and are thread-safe. `_at` getters return NULL (or the first
 * enum value for roles) when the index is out of range.
 */
#ifndef SHARITORIES_ACTOR_H
#define SHARITORIES_ACTOR_H

#include "practice.h"
#include "types.h"

SHR_BEGIN_DECLS

/** Kinds of actor (format.md). */
typedef enum shr_actor_kind {
    SHR_ACTOR_PUBLIC_AUTHORITY,
    SHR_ACTOR_STATE_SERVICE,
    SHR_ACTOR_PUBLIC_BODY,
    SHR_ACTOR_COMPANY,
    SHR_ACTOR_STARTUP,
    SHR_ACTOR_ASSOCIATION,
    SHR_ACTOR_COOPERATIVE,
    SHR_ACTOR_CITIZEN_COLLECTIVE,
    SHR_ACTOR_NETWORK,
    SHR_ACTOR_RESEARCH,
    SHR_ACTOR_OTHER,
    SHR_ACTOR_KIND_COUNT
} shr_actor_kind;

/** The sectors of the Sharitories référentiel. */
typedef enum shr_sector {
    SHR_SECTOR_NONE = -1, /**< no sector: "any" in a filter */
    SHR_SECTOR_PUBLIC,
    SHR_SECTOR_PRIVATE,
    SHR_SECTOR_CITIZEN,
    SHR_SECTOR_OTHER,
    SHR_SECTOR_COUNT
} shr_sector;

/** Name as written in files ("association"), NULL if out of range. Static. */
SHR_EXTERN const char *shr_actor_kind_name(shr_actor_kind kind);
/** Returns 0 and sets @p out, or #SHR_ENOTFOUND. ASCII case does not matter ("Public"). */
SHR_EXTERN int shr_actor_kind_from_name(const char *name, shr_actor_kind *out);
/** The sector of a kind (association -> citizen). */
SHR_EXTERN shr_sector shr_actor_kind_sector(shr_actor_kind kind);
/** Name of a sector ("public"), NULL if out of range. Static. */
SHR_EXTERN const char *shr_sector_name(shr_sector sector);
/** Returns 0 and sets @p out, or #SHR_ENOTFOUND. ASCII case does not matter ("Public"). */
SHR_EXTERN int shr_sector_from_name(const char *name, shr_sector *out);

SHR_EXTERN const char *shr_actor_id(const shr_actor *a);
SHR_EXTERN const char *shr_actor_name(const shr_actor *a);
SHR_EXTERN shr_actor_kind shr_actor_kind_of(const shr_actor *a);
SHR_EXTERN shr_sector shr_actor_sector(const shr_actor *a);
/** Its territory, or NULL. */
SHR_EXTERN const shr_territory *shr_actor_territory(const shr_actor *a);
SHR_EXTERN size_t shr_actor_link_count(const shr_actor *a);
SHR_EXTERN const char *shr_actor_link_at(const shr_actor *a, size_t index);
SHR_EXTERN size_t shr_actor_index(const shr_actor *a);

/** Practices the actor takes part in, in catalog order (once per practice and role). */
SHR_EXTERN size_t shr_actor_practice_count(const shr_actor *a);
SHR_EXTERN const shr_practice *shr_actor_practice_at(const shr_actor *a, size_t index);
/** The role the actor holds in the practice at the same @p index (see practice.h);
 * #SHR_ROLE_CARRIER out of range. */
SHR_EXTERN shr_role shr_actor_practice_role(const shr_actor *a, size_t index);

SHR_END_DECLS

#endif
