/**
 * @file axis.h
 * @brief The five built-in thematic axes of the Sharitories study, with their labels,
 * descriptions and key questions in French and English.
 *
 * @p lang is "fr" or "en"; any other value gives NULL (or 0 for counts). Returned strings are
 * static or borrowed from the catalog. Thread-safe.
 */
#ifndef SHARITORIES_AXIS_H
#define SHARITORIES_AXIS_H

#include "types.h"

SHR_BEGIN_DECLS

/** The axes, in the order of format.md; the value is the axis' index. #SHR_AXIS_NONE is no
 * axis: "any" in a filter, "none" in an answer. */
typedef enum shr_axis_code {
    SHR_AXIS_NONE = -1,
    SHR_AXIS_CONTRIBUTORS,
    SHR_AXIS_PUBLIC_ACTOR,
    SHR_AXIS_SOLIDARITY,
    SHR_AXIS_CO_PRODUCTION,
    SHR_AXIS_SHARED_RESOURCES,
    SHR_AXIS_COUNT
} shr_axis_code;

SHR_EXTERN const char *shr_axis_id(const shr_axis *axis);
SHR_EXTERN shr_axis_code shr_axis_code_of(const shr_axis *axis);
SHR_EXTERN const char *shr_axis_label(const shr_axis *axis, const char *lang);
SHR_EXTERN const char *shr_axis_description(const shr_axis *axis, const char *lang);
SHR_EXTERN size_t shr_axis_question_count(const shr_axis *axis, const char *lang);
SHR_EXTERN const char *shr_axis_question_at(const shr_axis *axis, const char *lang, size_t index);

SHR_END_DECLS

#endif
