/*
 * Helpers shared by the analyses (analysis_inspire.c, analysis_compare.c,
 * analysis_network.c). Internal.
 */
#ifndef SHR_ANALYSIS_INTERNAL_H
#define SHR_ANALYSIS_INTERNAL_H

#include "../core/model.h"
#include "sharitories/analysis.h"

/*
 * Which practices count: a new array of one byte per practice of @p cat (1: counts), from
 * @p filter (NULL: every practice). Freed with shr__free(&cat->alloc, ...).
 * SHR_OK, SHR_EINVAL (a filter of another catalog), SHR_ENOMEM.
 */
int shr__practice_mask(const shr_catalog *cat, const shr_query *filter, uint8_t **out,
                       shr_error *err);

/* Same from a result of @p cat (NULL: every practice). */
int shr__practice_mask_result(const shr_catalog *cat, const shr_result *r, uint8_t **out,
                              shr_error *err);

/* Nonzero when practice @p p is within territory @p t (query `in:`). */
int shr__practice_within(const shr_practice *p, const shr_territory *t);

/* The members of an example practice in JSON, without braces: `"id": …, "name": …,
 * "territory": …, "territory_name": …` (the inspiration's and the roadmap's examples). */
void shr__an_json_example(FILE *out, const shr_practice *p, const shr_territory *t);

#endif
