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
 *
 * Every message is written in English (`message`) and in French (`message_fr`) when the error
 * is set, from the library's own table: no locale is read, nothing global changes. Ids, field
 * names, file names, query syntax and numbers are the same in both; so are `file`, `line`,
 * `column` and `record`. shr_error_message() picks one by a `lang` code ("fr" or "en", NULL
 * meaning English), as shr_facet_label() does. A text the library gets from elsewhere (a
 * message of libyaml it does not know, an operating-system error it does not know) stays in
 * English inside the French message.
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
    char message_fr[SHR_ERROR_MESSAGE_MAX]; /**< the message in French, one line */
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
 * @brief The message of @p err in @p lang: "fr" gives `message_fr`, anything else (NULL,
 * "en") `message`; when that message is empty, the code's text in that language
 * (shr_error_code_label()). Borrowed from @p err. NULL rule: a NULL @p err gives "".
 * Thread-safe on distinct errors.
 */
SHR_EXTERN const char *shr_error_message(const shr_error *err, const char *lang);

/**
 * @brief Static description of an error code in @p lang ("fr": "mémoire insuffisante";
 * anything else, NULL included: English, as shr_error_code_text()). Never NULL. Thread-safe.
 */
SHR_EXTERN const char *shr_error_code_label(int code, const char *lang);

/**
 * @brief Symbolic name of an error code ("ENOMEM", ...), or "UNKNOWN". Static. Thread-safe.
 */
SHR_EXTERN const char *shr_error_code_name(int code);

SHR_END_DECLS

#endif
