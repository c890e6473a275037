/**
 * @file writer.h
 * @brief Where the library's writers send their bytes: a function and its context.
 *
 * Every writer of the library exists in three forms:
 * - `shr_<noun>_write<_format>(…, const shr_writer *w, shr_error *err)`: the bytes go to
 *   @ref shr_writer::write (to a buffer, a socket, a compressor, a language binding...);
 * - `shr_<noun>_write<_format>_file(…, FILE *out, shr_error *err)`: to a caller's stdio
 *   stream (flushed where the writer says so, never closed);
 * - `shr_<noun>_save(…, const char *path, shr_error *err)`, where one exists: to a file,
 *   replaced atomically (atomic_file.h).
 *
 * Writing to a #shr_writer: the library buffers its output and calls @ref shr_writer::write
 * with chunks of any size (at most a few KiB, never 0 bytes), in order, from the calling
 * thread, during the call only (the writer is not kept). The function must take the whole
 * chunk: there are no partial writes. It returns #SHR_OK, or a negative error code (#SHR_EIO
 * is the usual one) to stop: the library then calls it no more for this output and the
 * writing function returns that code (a positive value counts as #SHR_EIO), with a message
 * in the #shr_error. What the function took before the error stays with it: the output is
 * then incomplete, and removing it is the caller's business. The library neither opens nor
 * closes anything of the writer's.
 */
#ifndef SHARITORIES_WRITER_H
#define SHARITORIES_WRITER_H

#include <stddef.h>

#include "common.h"

SHR_BEGIN_DECLS

/** Take @p len bytes (len > 0) of output; #SHR_OK or a negative error code. */
typedef int (*shr_write_fn)(void *ctx, const char *data, size_t len);

/** A destination of output: @ref write called with @ref ctx. */
typedef struct shr_writer {
    shr_write_fn write; /**< never NULL */
    void *ctx;          /**< passed back to @ref write, untouched */
} shr_writer;

SHR_END_DECLS

#endif
