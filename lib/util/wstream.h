/*
 * A stdio stream whose bytes go to a shr_writer (writer.h): the library's writers are written
 * against FILE *, and each `_write(…, const shr_writer *w, …)` runs its `_file` form on this
 * stream (fopencookie). No allocation of ours: the state lives on the caller's stack.
 */
#ifndef SHR_UTIL_WSTREAM_H
#define SHR_UTIL_WSTREAM_H

#include <stdio.h>

#include "sharitories/error.h"
#include "sharitories/writer.h"

typedef struct shr__wstream {
    const shr_writer *w;
    int rc; /* the writer's first error, or SHR_OK */
} shr__wstream;

/* Open *f on w (state in *ws). SHR_EINVAL for a NULL writer or function, SHR_ENOMEM. */
int shr__wstream_open(shr__wstream *ws, const shr_writer *w, FILE **f, shr_error *err);
/* Flush and close f; returns the writer's error if it failed (err set), else rc. */
int shr__wstream_close(shr__wstream *ws, FILE *f, int rc, shr_error *err);

/* The body of a `_write` form: run `call` (the `_file` form, on stream f) to writer w. */
#define SHR__WRITE_VIA(w, err, f, call)                                                         \
    do {                                                                                       \
        shr__wstream ws_;                                                                      \
        FILE *f = NULL;                                                                        \
        int rc_ = shr__wstream_open(&ws_, (w), &f, (err));                                     \
        return rc_ ? rc_ : shr__wstream_close(&ws_, f, (call), (err));                        \
    } while (0)

#endif
