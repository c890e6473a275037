/*
 * Maps (map.c): shared with the territory report (report.c). Internal.
 */
#ifndef SHR_MAP_INTERNAL_H
#define SHR_MAP_INTERNAL_H

#include "html.h"
#include "map_outlines.h"

#endif
