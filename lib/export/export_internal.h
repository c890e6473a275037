/*
 * Small text writers shared by the exports and analyses (export.c, analysis_*.c, import_*.c).
 * Internal. Every function writes to a FILE * and never fails by itself: callers check
 * ferror() once at the end (shr__w_finish). Pure, thread-safe on distinct files.
 */
#ifndef SHR_EXPORT_INTERNAL_H
#define SHR_EXPORT_INTERNAL_H

#include <stdio.h>

#include "../core/model.h"
#include "numfmt.h"

/* CSV field (RFC 4180): quoted when it holds the delimiter ',', a quote, CR or LF, or starts
 * or ends with a space; NULL is an empty field. */
void shr__w_csv(FILE *out, const char *s);
/* JSON string with its quotes; NULL gives null. Control characters are escaped as \u00XX,
 * invalid UTF-8 bytes become U+FFFD so the output is always valid JSON. */
void shr__w_json(FILE *out, const char *s);
/* XML character data or attribute value: & < > " ' escaped; characters XML 1.0 forbids
 * (controls other than tab, LF, CR; invalid UTF-8) are dropped. */
void shr__w_xml(FILE *out, const char *s);
/* SHR_OK, or SHR_EIO (filled into err) when the stream has an error. */
int shr__w_finish(FILE *out, shr_error *err);

#endif
