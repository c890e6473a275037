/**
 * @file atomic_file.h
 * @brief Replace a file atomically: the one rule every writer of the library and the tool uses.
 *
 * A new file is written next to @p path (same directory, a random suffix, created as open(2)
 * creates a file: mode 0666 less the process's umask), then on commit flushed, fsync'ed, given
 * the mode of the file it replaces (when there is one), renamed over @p path and the directory
 * fsync'ed (best effort: not every file system can sync a directory). On any failure, or on
 * abort, the temporary file is removed and an existing file at @p path is left untouched:
 * readers see the old file or the new one, never a part.
 *
 * shr_catalog_save(), shr_report_save(), shr_import_save() and every `-o` of the tool go
 * through these functions.
 */
#ifndef SHARITORIES_ATOMIC_FILE_H
#define SHARITORIES_ATOMIC_FILE_H

#include "alloc.h"
#include "common.h"
#include "error.h"

#include <stdio.h>

SHR_BEGIN_DECLS

/** A replacement under way (opaque). Not thread-safe: one thread uses it at a time. */
typedef struct shr_atomic_file shr_atomic_file;

/**
 * @brief Start replacing @p path: create the temporary file beside it.
 * @param alloc allocator for the handle (NULL: the default one).
 * @param out receives a new handle, to be ended by shr_atomic_file_commit() or
 *        shr_atomic_file_abort().
 * @return #SHR_OK; #SHR_EINVAL for a NULL or empty path; #SHR_ENOMEM; #SHR_EIO when the
 *         temporary file cannot be created (errno's text and @p path in the message).
 */
SHR_EXTERN int shr_atomic_file_open(const char *path, const shr_allocator *alloc,
                                    shr_atomic_file **out, shr_error *err);

/**
 * @brief The file descriptor of the temporary file (owned by @p f: do not close it).
 */
SHR_EXTERN int shr_atomic_file_descriptor(const shr_atomic_file *f);

/**
 * @brief A stdio stream on the temporary file (the same one at every call; owned by @p f: do
 * not close it). NULL when it cannot be made (errno set).
 */
SHR_EXTERN FILE *shr_atomic_file_stream(shr_atomic_file *f);

/**
 * @brief Finish: flush, fsync, set the mode, rename over the path, fsync the directory. Frees
 * @p f in every case (on failure the temporary file is removed).
 * @return #SHR_OK, or #SHR_EIO with errno's text and the path in the message.
 */
SHR_EXTERN int shr_atomic_file_commit(shr_atomic_file *f, shr_error *err);

/**
 * @brief Give up: remove the temporary file and free @p f (NULL is accepted). The file at the
 * path is untouched.
 */
SHR_EXTERN void shr_atomic_file_abort(shr_atomic_file *f);

SHR_END_DECLS

#endif
