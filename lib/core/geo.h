/*
 * Distances on the Earth (geo.c). Internal; the public getters are in territory.h and
 * practice.h.
 */
#ifndef SHR_GEO_H
#define SHR_GEO_H

#include "sharitories/sharitories.h"

/* Great-circle distance in km between two WGS 84 points (degrees), haversine formula on a
 * sphere of radius 6371.0088 km. Pure; thread-safe. */
double shr__distance_km(double lat1, double lon1, double lat2, double lon2);

/* The location used for a practice in distances and on maps: its own, else that of its first
 * territory (file order) that has one. Returns nonzero and sets lat/lon when there is one. */
int shr__practice_effective_location(const shr_practice *p, double *latitude, double *longitude);
/* The same for practices visited in increasing index order: *cursor (start at 0) walks the
 * catalog's extras along with them instead of searching them for each practice. */
int shr__practice_effective_location_seq(const shr_practice *p, size_t *cursor, double *latitude,
                                         double *longitude);

#endif
