/**
 * @file sharitories.h
 * @brief Umbrella header of libsharitories: include this one.
 */
#ifndef SHARITORIES_H
#define SHARITORIES_H

#include "common.h"
#include "error.h"
#include "alloc.h"
#include "types.h"
#include "catalog.h"
#include "territory.h"
#include "actor.h"
#include "practice.h"
#include "axis.h"
#include "category.h"
#include "action.h"
#include "query.h"
#include "result.h"
#include "facet.h"
#include "analysis.h"
#include "roadmap.h"
#include "import.h"
#include "export.h"
#include "csv.h"
#include "report.h"
#include "map.h"
#include "atomic_file.h"
#include "writer.h"

#endif
