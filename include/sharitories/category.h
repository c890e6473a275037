/**
 * @file category.h
 * @brief Categories of practice and the four families of the Sharitories study.
 *
 * Getters cannot fail, return static or borrowed values (valid until the catalog is freed)
 * and are thread-safe. @p lang is "fr" or "en"; any other value gives NULL.
 */
#ifndef SHARITORIES_CATEGORY_H
#define SHARITORIES_CATEGORY_H

#include "types.h"

SHR_BEGIN_DECLS

/** Families of practice (format.md). */
typedef enum shr_family {
    SHR_FAMILY_CONSUMPTION, /**< consommation collaborative */
    SHR_FAMILY_PRODUCTION,  /**< production distribuée */
    SHR_FAMILY_FINANCE,     /**< financement participatif */
    SHR_FAMILY_GOVERNANCE,  /**< gouvernance partagée */
    SHR_FAMILY_COUNT
} shr_family;

/** Id of a family ("consumption"), NULL if out of range. Static. */
SHR_EXTERN const char *shr_family_name(shr_family family);
/** Label of a family in @p lang ("consommation collaborative"). Static. */
SHR_EXTERN const char *shr_family_label(shr_family family, const char *lang);
/** Returns 0 and sets @p out, or #SHR_ENOTFOUND. ASCII case does not matter ("Public"). */
SHR_EXTERN int shr_family_from_name(const char *name, shr_family *out);

SHR_EXTERN const char *shr_category_id(const shr_category *c);
/** Label in @p lang. For categories added by a file, the label it gave (or NULL). */
SHR_EXTERN const char *shr_category_label(const shr_category *c, const char *lang);
SHR_EXTERN shr_family shr_category_family(const shr_category *c);
/** Nonzero for the categories of format.md, zero for those added by a file. */
SHR_EXTERN int shr_category_is_builtin(const shr_category *c);
/** Default axes of the category (what a practice without `axes` gets). */
SHR_EXTERN size_t shr_category_axis_count(const shr_category *c);
SHR_EXTERN const shr_axis *shr_category_axis_at(const shr_category *c, size_t index);
SHR_EXTERN size_t shr_category_index(const shr_category *c);

SHR_END_DECLS

#endif
