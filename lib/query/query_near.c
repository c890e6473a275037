/*
 * The `near:` term of the query language: practices within a distance of a territory
 * (docs/query.md). `near:TERRITORY@KM` reads a territory id, '@' and a radius in kilometres
 * (digits, optionally a '.' and decimals: locale-free); a comma lists several (OR), as in
 * every field. A practice is placed at its own location, else at its first territory's that
 * has one (geo.c); it matches when its great-circle distance to the territory's location is
 * at most the radius. Practices without a known location never match.
 */
#include "../core/geo.h"
#include "query_internal.h"

#include <stdio.h>
#include <string.h>

#define NEAR_MAX_KM 100000.0 /* more than the Earth's half circumference */

q_node *shr__near_node(const shr_catalog *cat, const char *id, size_t idlen, double km, int *rc,
                       shr_error *err)
{
    *rc = SHR_EQUERY;
    uint32_t t = shr__idmap_find_id(&cat->territory_ids, id, idlen);
    if (t == SHR_NO_INDEX) {
        shr__error_set(err, SHR_EQUERY, "unknown territory '%.*s'",
                       (int)(idlen > 64 ? 64 : idlen), id);
        return NULL;
    }
    const shr_territory *terr = shr_catalog_territory_at(cat, t);
    double lat, lon;
    if (!shr_territory_location(terr, &lat, &lon)) {
        shr__error_set(err, SHR_EQUERY, "territory '%s' has no location", shr_territory_id(terr));
        return NULL;
    }
    if (!(km >= 0 && km <= NEAR_MAX_KM)) { /* NaN too */
        shr__error_set(err, SHR_EQUERY, "radius out of range (0 to %.0f km)", NEAR_MAX_KM);
        return NULL;
    }
    q_node *n = shr__qnode_new(&cat->alloc, Q_NEAR);
    if (!n) {
        *rc = SHR_ENOMEM;
        return NULL;
    }
    n->u.near.lat = lat;
    n->u.near.lon = lon;
    n->u.near.km = km;
    *rc = SHR_OK;
    return n;
}

q_node *shr__qnode_near(const shr_catalog *cat, const char *v, size_t len, int *rc,
                        size_t *errat, shr_error *err)
{
    *rc = SHR_EQUERY;
    *errat = 0;
    const char *at = memchr(v, '@', len);
    if (!at) {
        *errat = len;
        shr__error_set(err, SHR_EQUERY,
                       "expected '@' and a radius in km after 'near:%.*s' (near:ID@KM)",
                       (int)(len > 64 ? 64 : len), v);
        return NULL;
    }
    size_t idlen = (size_t)(at - v);
    /* radius: digits [ '.' digits ], read by hand so that no locale changes the point. The
     * value is mantissa / 10^decimals, both exact (at most 15 digits), so it is the correctly
     * rounded number, as strtod() would give. */
    size_t i = idlen + 1, digits = 0, decimals = 0;
    uint64_t mant = 0;
    while (i < len && v[i] >= '0' && v[i] <= '9' && digits < 15) {
        mant = mant * 10 + (uint64_t)(v[i++] - '0');
        digits++;
    }
    if (i < len && v[i] == '.' && digits) {
        i++;
        while (i < len && v[i] >= '0' && v[i] <= '9' && digits < 15) {
            mant = mant * 10 + (uint64_t)(v[i++] - '0');
            decimals++;
            digits++;
        }
        if (!decimals)
            digits = 0;
    }
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    double km = (double)mant / pow10[decimals];
    if (!digits || i != len || km > NEAR_MAX_KM) {
        *errat = idlen + 1;
        shr__error_set(err, SHR_EQUERY,
                       "expected a radius in km (0 to %.0f, like 20 or 12.5) after '@'",
                       NEAR_MAX_KM);
        return NULL;
    }
    return shr__near_node(cat, v, idlen, km, rc, err);
}

void shr__near_bits(const shr_catalog *cat, const q_node *n, uint32_t npractices, uint64_t *w)
{
    /* one degree of latitude is 111.2 km on the sphere: skip far latitudes without trigonometry */
    const double km_per_degree = 111.19508;
    size_t cursor = 0;
    for (uint32_t i = 0; i < npractices; i++) {
        double lat, lon;
        if (!shr__practice_effective_location_seq(shr_catalog_practice_at(cat, i), &cursor, &lat,
                                                  &lon))
            continue;
        double dlat = lat - n->u.near.lat;
        if ((dlat < 0 ? -dlat : dlat) * km_per_degree > n->u.near.km * 1.000001 + 1e-9)
            continue;
        if (shr__distance_km(lat, lon, n->u.near.lat, n->u.near.lon) <= n->u.near.km)
            w[i >> 6] |= UINT64_C(1) << (i & 63);
    }
}
