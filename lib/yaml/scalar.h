/*
 * Scalar typing of the YAML core schema (scalar.c): shared by the loader, the saver and the
 * mapping reader, so that what a plain scalar means is decided in one place. Not installed.
 */
#ifndef SHR_SCALAR_H
#define SHR_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

/* What a scalar reads as. */
typedef enum shr_vtype { SHR_V_NULL, SHR_V_BOOL, SHR_V_INT, SHR_V_FLOAT, SHR_V_STR } shr_vtype;

/* s[0..len) is one or more ASCII digits. */
bool shr__all_digits(const char *s, size_t len);
/* [-+]?[0-9]+ */
bool shr__is_int_text(const char *s, size_t len);
/* A finite float of the core schema: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
bool shr__is_float_text(const char *s, size_t len);
/* Core-schema resolution of an untagged plain scalar s[0..len) (NUL-terminated at len). */
shr_vtype shr__plain_type(const char *s, size_t len);
/* Nonzero when s[0..len) written as a plain YAML scalar reads back as a string (not null, a
 * boolean or a number) under the core schema the loader applies. */
int shr__plain_is_string(const char *s, size_t len);

#endif
