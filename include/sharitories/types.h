/**
 * @file types.h
 * @brief Forward declarations of the opaque handles, so that headers can refer to each other.
 */
#ifndef SHARITORIES_TYPES_H
#define SHARITORIES_TYPES_H

#include "common.h"

SHR_BEGIN_DECLS

/** A set of territories, actors and practices loaded from catalog files (catalog.h). */
typedef struct shr_catalog shr_catalog;
/** A territory: commune, EPCI, department, region, country... (territory.h). */
typedef struct shr_territory shr_territory;
/** A public, private or citizen actor (actor.h). */
typedef struct shr_actor shr_actor;
/** A collaborative practice (practice.h). */
typedef struct shr_practice shr_practice;
/** One of the five built-in thematic axes (axis.h). */
typedef struct shr_axis shr_axis;
/** A category of practice, built in or added by a file (category.h). */
typedef struct shr_category shr_category;
/** A fiche-action of the référentiel d'actions (action.h). */
typedef struct shr_action shr_action;

SHR_END_DECLS

#endif
