/**
 * @file common.h
 * @brief Export macro, version and basic types shared by every libsharitories header.
 *
 * Conventions used throughout the API (after SQLite and libgit2):
 *  - functions that can fail return an `int` status: 0 (#SHR_OK) on success, a negative
 *    #shr_error_code otherwise, and fill the caller's #shr_error when one is given;
 *  - getters cannot fail and return values or pointers *borrowed* from their parent
 *    (valid until the catalog is freed), unless the doc comment says "new";
 *  - every `_free` accepts NULL;
 *  - no function prints, exits or keeps global mutable state.
 */
#ifndef SHARITORIES_COMMON_H
#define SHARITORIES_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(SHR_BUILDING_LIBRARY)
#define SHR_EXTERN __declspec(dllexport)
#elif defined(__GNUC__) && defined(SHR_BUILDING_LIBRARY)
#define SHR_EXTERN __attribute__((visibility("default")))
#else
#define SHR_EXTERN
#endif

#ifdef __cplusplus
#define SHR_BEGIN_DECLS extern "C" {
#define SHR_END_DECLS }
#else
#define SHR_BEGIN_DECLS
#define SHR_END_DECLS
#endif

SHR_BEGIN_DECLS

/* The version of these headers: SHR_VERSION_STRING, SHR_VERSION_NUMBER... (generated). */
#include "sharitories/version.h"

/** Version of the catalog file format this library reads and writes. */
#define SHR_FORMAT_VERSION 1

/**
 * @brief Version of the library actually linked, e.g. "0.1.0".
 * @return a static string (never freed). Thread-safe.
 */
SHR_EXTERN const char *shr_version(void);

/**
 * @brief Version of the library actually linked as a number, MAJOR * 10000 + MINOR * 100 +
 * PATCH (compare with #SHR_VERSION_NUMBER of the headers compiled against). Thread-safe.
 */
SHR_EXTERN int shr_version_number(void);

/** Sentinel for "no such index" in index-returning getters. */
#define SHR_NONE ((size_t)-1)

/** Sentinel year meaning "not given" (practice started/ended). */
#define SHR_NO_YEAR INT32_MIN

/** Sentinel population meaning "not given". */
#define SHR_NO_POPULATION INT64_C(-1)

SHR_END_DECLS

#endif
