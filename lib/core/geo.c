/*
 * Distances on the Earth: great-circle (haversine) distances between the locations of
 * territories and practices. One formula in one place: the query's `near:` field, `inspire`'s
 * ranking by distance and the public getters all call shr__distance_km().
 */
#include "geo.h"
#include "model.h"

#include <math.h>

/* Mean radius of the Earth (IUGG, R1 = (2a + b) / 3 of WGS 84), in kilometres. */
#define SHR_EARTH_RADIUS_KM 6371.0088

double shr__distance_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad;
    double dlon = (lon2 - lon1) * rad;
    double s1 = sin(dlat / 2.0);
    double s2 = sin(dlon / 2.0);
    double h = s1 * s1 + cos(lat1 * rad) * cos(lat2 * rad) * s2 * s2;
    if (h > 1.0) /* rounding, antipodes */
        h = 1.0;
    return 2.0 * SHR_EARTH_RADIUS_KM * asin(sqrt(h));
}

int shr__practice_effective_location(const shr_practice *p, double *latitude, double *longitude)
{
    return p ? shr__practice_effective_location_seq(p, NULL, latitude, longitude) : 0;
}

int shr__practice_effective_location_seq(const shr_practice *p, size_t *cursor, double *latitude,
                                         double *longitude)
{
    if (p->has_location) {
        if (!cursor)
            return shr_practice_location(p, latitude, longitude);
        /* the extras are in practice order: walk them along with the practices */
        shr_practice_extra *const *v = p->cat->extras.items;
        size_t n = p->cat->extras.count;
        while (*cursor < n && v[*cursor]->practice < p->index)
            (*cursor)++;
        if (*cursor < n && v[*cursor]->practice == p->index) {
            *latitude = v[*cursor]->latitude;
            *longitude = v[*cursor]->longitude;
            return 1;
        }
        return shr_practice_location(p, latitude, longitude);
    }
    size_t n = shr_practice_territory_count(p);
    for (size_t i = 0; i < n; i++)
        if (shr_territory_location(shr_practice_territory_at(p, i), latitude, longitude))
            return 1;
    return 0;
}

double shr_territory_distance_km(const shr_territory *a, const shr_territory *b)
{
    double lat1, lon1, lat2, lon2;
    if (!a || !b || !shr_territory_location(a, &lat1, &lon1) ||
        !shr_territory_location(b, &lat2, &lon2))
        return -1.0;
    return shr__distance_km(lat1, lon1, lat2, lon2);
}

double shr_practice_distance_km(const shr_practice *p, const shr_territory *t)
{
    double lat1, lon1, lat2, lon2;
    if (!p || !t || !shr__practice_effective_location(p, &lat1, &lon1) ||
        !shr_territory_location(t, &lat2, &lon2))
        return -1.0;
    return shr__distance_km(lat1, lon1, lat2, lon2);
}
