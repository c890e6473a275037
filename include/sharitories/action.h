/**
 * @file action.h
 * @brief Fiches-actions of the référentiel d'actions: what a territory can do to start or
 * strengthen collaborative practices (the `actions` list of a catalog file, docs/format.md).
 *
 * Getters take an action borrowed from a catalog, cannot fail, return borrowed values (valid
 * until the catalog is freed) and are thread-safe. @p lang is "fr" or "en"; any other value
 * gives NULL. `_at` getters return NULL (or -1 for enumerations) when the index is out of range.
 */
#ifndef SHARITORIES_ACTION_H
#define SHARITORIES_ACTION_H

#include "actor.h"
#include "axis.h"
#include "types.h"

SHR_BEGIN_DECLS

/** Phases of the Ouishare Collaborative Territories Toolkit. */
typedef enum shr_action_phase {
    SHR_PHASE_AWARENESS,
    SHR_PHASE_FACILITATION,
    SHR_PHASE_CONSTRUCTION,
    SHR_PHASE_COUNT
} shr_action_phase;

/** Effort a fiche asks for. */
typedef enum shr_action_effort {
    SHR_EFFORT_LOW,
    SHR_EFFORT_MEDIUM,
    SHR_EFFORT_HIGH,
    SHR_EFFORT_COUNT
} shr_action_effort;

/** The public actor's stance (DOMINO kit): forbid, regulate or facilitate. */
typedef enum shr_action_stance {
    SHR_STANCE_FORBID,
    SHR_STANCE_REGULATE,
    SHR_STANCE_FACILITATE,
    SHR_STANCE_COUNT
} shr_action_stance;

/** Who a fiche speaks to. */
typedef enum shr_audience {
    SHR_AUDIENCE_PUBLIC_DECISION_MAKERS,
    SHR_AUDIENCE_COMPANIES,
    SHR_AUDIENCE_FUNDERS,
    SHR_AUDIENCE_SOCIAL_INNOVATION,
    SHR_AUDIENCE_CITIZENS,
    SHR_AUDIENCE_COUNT
} shr_audience;

/** The ordered lists of short bilingual texts of a fiche. */
typedef enum shr_action_list {
    SHR_ACTION_STEPS,
    SHR_ACTION_LEVERS,
    SHR_ACTION_RISKS,
    SHR_ACTION_GOOD_PRACTICES,
    SHR_ACTION_INDICATORS,
    SHR_ACTION_LIST_COUNT
} shr_action_list;

/** Names as written in files ("awareness", "low", "facilitate", "citizens", "steps"); NULL
 * if out of range. Static. */
SHR_EXTERN const char *shr_action_phase_name(shr_action_phase phase);
SHR_EXTERN const char *shr_action_effort_name(shr_action_effort effort);
SHR_EXTERN const char *shr_action_stance_name(shr_action_stance stance);
SHR_EXTERN const char *shr_audience_name(shr_audience audience);
SHR_EXTERN const char *shr_action_list_name(shr_action_list list);
/** Labels in @p lang ("Sensibiliser" / "Awareness"...); NULL if out of range or bad lang. */
SHR_EXTERN const char *shr_action_phase_label(shr_action_phase phase, const char *lang);
SHR_EXTERN const char *shr_action_effort_label(shr_action_effort effort, const char *lang);
SHR_EXTERN const char *shr_action_list_label(shr_action_list list, const char *lang);
/** Each returns 0 and sets @p out, or #SHR_ENOTFOUND. */
SHR_EXTERN int shr_action_phase_from_name(const char *name, shr_action_phase *out);
SHR_EXTERN int shr_action_effort_from_name(const char *name, shr_action_effort *out);
SHR_EXTERN int shr_action_stance_from_name(const char *name, shr_action_stance *out);
SHR_EXTERN int shr_audience_from_name(const char *name, shr_audience *out);
SHR_EXTERN int shr_action_list_from_name(const char *name, shr_action_list *out);

SHR_EXTERN const char *shr_action_id(const shr_action *a);
SHR_EXTERN size_t shr_action_index(const shr_action *a);
/** Title, summary and challenge in @p lang (never NULL for "fr" or "en"). */
SHR_EXTERN const char *shr_action_title(const shr_action *a, const char *lang);
SHR_EXTERN const char *shr_action_summary(const shr_action *a, const char *lang);
SHR_EXTERN const char *shr_action_challenge(const shr_action *a, const char *lang);
SHR_EXTERN shr_action_phase shr_action_phase_of(const shr_action *a);
SHR_EXTERN shr_action_effort shr_action_effort_of(const shr_action *a);
SHR_EXTERN shr_action_stance shr_action_stance_of(const shr_action *a);
/** Horizon in months (1..120). */
SHR_EXTERN int shr_action_horizon(const shr_action *a);

/** Axes, in the order written. */
SHR_EXTERN size_t shr_action_axis_count(const shr_action *a);
SHR_EXTERN const shr_axis *shr_action_axis_at(const shr_action *a, size_t index);
/** Nonzero when the fiche has the axis of code @p code. */
SHR_EXTERN int shr_action_has_axis(const shr_action *a, shr_axis_code code);
/** Categories, in the order written. */
SHR_EXTERN size_t shr_action_category_count(const shr_action *a);
SHR_EXTERN const shr_category *shr_action_category_at(const shr_action *a, size_t index);
/** Nonzero when @p c is one of the fiche's categories. */
SHR_EXTERN int shr_action_has_category(const shr_action *a, const shr_category *c);
/** Audience, in the order written (shr_audience values; -1 out of range). */
SHR_EXTERN size_t shr_action_audience_count(const shr_action *a);
SHR_EXTERN int shr_action_audience_at(const shr_action *a, size_t index);
/** Sectors that can lead it, in the order written (shr_sector values; -1 out of range). */
SHR_EXTERN size_t shr_action_lead_count(const shr_action *a);
SHR_EXTERN int shr_action_lead_at(const shr_action *a, size_t index);
/** Nonzero when @p sector is among the fiche's `lead`. */
SHR_EXTERN int shr_action_has_lead(const shr_action *a, shr_sector sector);
/** Sectors to involve, in the order written (shr_sector values; -1 out of range). */
SHR_EXTERN size_t shr_action_partner_count(const shr_action *a);
SHR_EXTERN int shr_action_partner_at(const shr_action *a, size_t index);
/** Items of one list (steps, levers...), in order, in @p lang. */
SHR_EXTERN size_t shr_action_item_count(const shr_action *a, shr_action_list list);
SHR_EXTERN const char *shr_action_item_at(const shr_action *a, shr_action_list list,
                                          size_t index, const char *lang);
SHR_EXTERN size_t shr_action_link_count(const shr_action *a);
SHR_EXTERN const char *shr_action_link_at(const shr_action *a, size_t index);
SHR_EXTERN size_t shr_action_source_count(const shr_action *a);
SHR_EXTERN const char *shr_action_source_at(const shr_action *a, size_t index);

/** Version of #shr_action_filter this header describes. */
#define SHR_ACTION_FILTER_VERSION 1

/** A selection of fiches; a field at its "any" value does not restrict. */
typedef struct shr_action_filter {
    unsigned version;             /**< #SHR_ACTION_FILTER_VERSION */
    shr_axis_code axis;           /**< an axis of the fiche, or #SHR_AXIS_NONE for any */
    const shr_category *category; /**< one of the fiche's categories, or NULL for any */
    shr_sector lead;              /**< a sector among the fiche's `lead`, #SHR_SECTOR_NONE: any */
} shr_action_filter;

#define SHR_ACTION_FILTER_INIT {SHR_ACTION_FILTER_VERSION, SHR_AXIS_NONE, NULL, SHR_SECTOR_NONE}

/**
 * @brief Nonzero when @p a passes every restriction of @p filter (NULL: every fiche passes).
 * A filter of another version passes nothing. Thread-safe, allocates nothing.
 */
SHR_EXTERN int shr_action_matches(const shr_action *a, const shr_action_filter *filter);

SHR_END_DECLS

#endif
