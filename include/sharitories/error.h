/**
 * @file error.h
 * @brief Error codes and the error record filled by failing calls.
 *
 * A failing call returns a negative code and, when the caller passed a #shr_error, fills it
 * with the code, a one-line message and, for load errors, the file, line, column and record id
 * of the offending node (lines and columns count from 1; 0 means "not known").
 * For query errors, `column` is the 1-based column in the expression.
 *
 * #shr_error is a plain value type: put it on the stack, no allocation, nothing to free
 * (like libgit2's git_error). Filling it never allocates, so even an out-of-memory error is
 * reported in full. Each thread should use its own #shr_error.
 */
#ifndef SHARITORIES_ERROR_H
#define SHARITORIES_ERROR_H

#include "common.h"

SHR_BEGIN_DECLS

/* X-macro: name, value, description. The single source of codes and their texts. */
#define SHR_ERROR_MAP(X)                                                        \
    X(OK, 0, "no error")                                                        \
    X(ENOMEM, -1, "out of memory")                                              \
    X(EIO, -2, "input/output error")                                            \
    X(ESYNTAX, -3, "YAML syntax error")                                         \
    X(EFORMAT, -4, "invalid catalog data")                                      \
    X(EDUPLICATE, -5, "duplicate id")                                           \
    X(EREFERENCE, -6, "reference to an unknown id")                             \
    X(ECYCLE, -7, "cycle in the territory graph")                               \
    X(ELIMIT, -8, "limit exceeded")                                             \
    X(EUNSUPPORTED, -9, "unsupported YAML feature")                             \
    X(EQUERY, -10, "invalid query")                                             \
    X(ENOTFOUND, -11, "not found")                                              \
    X(EINVAL, -12, "invalid argument")                                          \
    X(EMISUSE, -13, "library misuse")

/** Error codes. 0 is success, every error is negative. */
typedef enum shr_error_code {
#define SHR_ERROR_ENUM_(name, value, text) SHR_##name = value,
    SHR_ERROR_MAP(SHR_ERROR_ENUM_)
#undef SHR_ERROR_ENUM_
} shr_error_code;

/** Size limits of the text fields of #shr_error (longer texts are truncated). */
#define SHR_ERROR_MESSAGE_MAX 512
#define SHR_ERROR_FILE_MAX 512
#define SHR_ERROR_RECORD_MAX 132

/**
 * @brief What went wrong, and where.
 *
 * Empty strings mean "not applicable". Owned by the caller; contains no pointers.
 */
typedef struct shr_error {
    int code;                              /**< a #shr_error_code */
    char message[SHR_ERROR_MESSAGE_MAX];   /**< one line, no trailing newline */
    char file[SHR_ERROR_FILE_MAX];         /**< file being loaded or saved, or "" */
    unsigned line;                         /**< 1-based line, 0 if not known */
    unsigned column;                       /**< 1-based column (file or query expression), 0 if not known */
    char record[SHR_ERROR_RECORD_MAX];     /**< id of the record concerned, or "" */
} shr_error;

/**
 * @brief Reset @p err to "no error". Accepts NULL. Thread-safe on distinct errors.
 */
SHR_EXTERN void shr_error_clear(shr_error *err);

/**
 * @brief Static description of an error code ("out of memory", ...).
 * @return a static string, never NULL ("unknown error" for unknown codes). Thread-safe.
 */
SHR_EXTERN const char *shr_error_code_text(int code);

/**
 * @brief Symbolic name of an error code ("ENOMEM", ...), or "UNKNOWN". Static. Thread-safe.
 */
SHR_EXTERN const char *shr_error_code_name(int code);

SHR_END_DECLS

#endif
