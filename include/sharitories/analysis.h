/**
 * @file analysis.h
 * @brief Analyses across territories, one header per noun: inspiration.h (what peers do that
 * a territory does not), comparison.h (territories side by side on one dimension) and
 * network.h (the cooperation network of actors). This header includes the three.
 */
#ifndef SHARITORIES_ANALYSIS_H
#define SHARITORIES_ANALYSIS_H

#include "comparison.h"
#include "inspiration.h"
#include "network.h"

#endif
