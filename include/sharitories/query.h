/**
 * @file query.h
 * @brief Queries: the expression language of docs/query.md, and the same filters as calls.
 *
 * A #shr_query is a compiled, immutable selection of practices bound to one catalog. It may be
 * run many times, from many threads at once. It borrows the catalog: free the query before
 * the catalog, and do not load into the catalog while a query exists.
 */
#ifndef SHARITORIES_QUERY_H
#define SHARITORIES_QUERY_H

#include "error.h"
#include "types.h"

SHR_BEGIN_DECLS

typedef struct shr_query shr_query;
typedef struct shr_result shr_result;

/** Limits on expressions (longer or deeper ones fail with #SHR_ELIMIT). */
#define SHR_LIMIT_QUERY_LENGTH 65536 /**< bytes in an expression */
#define SHR_LIMIT_QUERY_DEPTH 64     /**< nesting of parentheses and '-' */

/** Fields of `field:value` terms (query.md). */
typedef enum shr_field {
    SHR_FIELD_AXIS,
    SHR_FIELD_CATEGORY,
    SHR_FIELD_FAMILY,
    SHR_FIELD_IN,
    SHR_FIELD_AT,
    SHR_FIELD_ACTOR,
    SHR_FIELD_ACTORKIND,
    SHR_FIELD_ACTORSECTOR,
    SHR_FIELD_ROLE,
    SHR_FIELD_STATUS,
    SHR_FIELD_TAG,
    SHR_FIELD_ID,
    SHR_FIELD_COUNT
} shr_field;

/** Numeric fields of comparisons. */
typedef enum shr_numeric {
    SHR_NUMERIC_STARTED,
    SHR_NUMERIC_ENDED,
    SHR_NUMERIC_POPULATION,
    SHR_NUMERIC_TERRITORIES,
    SHR_NUMERIC_COUNT
} shr_numeric;

/** Comparison operators. */
typedef enum shr_op { SHR_OP_EQ, SHR_OP_LT, SHR_OP_LE, SHR_OP_GT, SHR_OP_GE } shr_op;

/**
 * @brief Parse and compile an expression (docs/query.md).
 *
 * Field values are resolved against the catalog now: an unknown field or value (axis,
 * category, family, territory, actor, kind, sector, role, status, practice id) is an error that
 * names it (`unknown axis 'foo'`, `unknown field 'colour'`); enumerated values and ids are read
 * without regard to ASCII case; an unknown tag is not an error (it selects nothing, with a
 * warning); tags are compared folded like text. `AND` (optional) and `NOT` (as `-`) are
 * operators like `OR`; spaces may surround comparison operators; `\"` is a quote inside quotes.
 * Words are folded (case, accents, ligatures) and each of their tokens matches the
 * text tokens it begins; a word or quoted phrase of several tokens matches them in a row inside
 * one text (name, description or one tag); a word also selects the practices of a category
 * whose French or English label it matches the same way. What parses but looks like a mistake
 * is kept as warnings on the query (shr_query_warning_count()). A word or phrase without any letter or digit (`&`,
 * `""`) selects every practice. `population OP N` selects practices with at least one
 * territory whose population compares so (each comparison on its own: `population>=20000
 * population<100000` may be met by two different territories); territories without a
 * population never match. A field value may be quoted (`tag:"centre ville"`).
 *
 * @param[out] out the new query, to free with shr_query_free(); NULL on error.
 * @return #SHR_OK; #SHR_EQUERY with err->column (1-based, in bytes of @p expr) and a message
 * naming the unknown field or value or what was expected (`expected a number after
 * 'started>='`, `unbalanced parentheses: '(' is never closed`...); #SHR_ELIMIT (longer than
 * #SHR_LIMIT_QUERY_LENGTH bytes, or nested deeper than #SHR_LIMIT_QUERY_DEPTH); #SHR_EINVAL
 * (NULL argument); #SHR_ENOMEM.
 * Thread-safe (the catalog is only read). Memory comes from the catalog's allocator.
 */
SHR_EXTERN int shr_query_parse(const shr_catalog *cat, const char *expr, shr_query **out,
                               shr_error *err);

/** @name Building queries with calls (for programs that build queries themselves).
 * Constructors return a new query (NULL with @p err filled on an unknown value or out of
 * memory). Combinators take ownership of their operands, even when they fail (then they free
 * them), so calls can be nested without leaks. A NULL operand (a constructor that failed) makes
 * a combinator return NULL and keeps the error that constructor left in @p err (or sets
 * #SHR_EINVAL when @p err holds no error).
 * @{ */
/** Every practice. */
SHR_EXTERN shr_query *shr_query_all(const shr_catalog *cat, shr_error *err);
/** `field:value` (one value; combine with shr_query_or() for lists). */
SHR_EXTERN shr_query *shr_query_field(const shr_catalog *cat, shr_field field, const char *value,
                                      shr_error *err);
/** `field OP number`. */
SHR_EXTERN shr_query *shr_query_compare(const shr_catalog *cat, shr_numeric field, shr_op op,
                                        int64_t number, shr_error *err);
/** A word or phrase searched in name, description and tags. */
SHR_EXTERN shr_query *shr_query_text(const shr_catalog *cat, const char *text, shr_error *err);
/**
 * `near:TERRITORY@KM`: practices within @p km kilometres (great circle, inclusive) of the
 * location of @p territory. A practice is placed at its own location, else at that of its
 * first territory that has one (shr_practice_distance_km()); practices without any never
 * match. Fails with #SHR_EQUERY for an unknown territory, a territory without a location or a
 * radius outside [0, 100000].
 */
SHR_EXTERN shr_query *shr_query_near(const shr_catalog *cat, const char *territory, double km,
                                     shr_error *err);
SHR_EXTERN shr_query *shr_query_and(shr_query *a, shr_query *b, shr_error *err);
SHR_EXTERN shr_query *shr_query_or(shr_query *a, shr_query *b, shr_error *err);
SHR_EXTERN shr_query *shr_query_not(shr_query *a, shr_error *err);
/** @} */

/**
 * @name Warnings: what parses but still looks like a mistake.
 * shr_query_parse() keeps, on the query, a warning for each place that is valid but probably
 * not what was meant (at most 16): a lower-case `or`, `and` or `not` searched as a word (the
 * operators are upper case), a tag that no practice has, a word or phrase with a token that
 * no text has (it matches no practice). The query still runs as written. Queries built with
 * calls (shr_query_field()...) have no warnings.
 * NULL rule: a NULL query, or an index out of range, gives 0 or NULL. Thread-safe.
 * @{ */
/** Number of warnings of @p q. */
SHR_EXTERN size_t shr_query_warning_count(const shr_query *q);
/** Warning @p i in English, one line (borrowed from the query: valid until shr_query_free()). */
SHR_EXTERN const char *shr_query_warning_message(const shr_query *q, size_t i);
/** Warning @p i in @p lang: "fr" in French, anything else (NULL, "en") in English, as
 * shr_facet_label() (borrowed from the query: valid until shr_query_free()). */
SHR_EXTERN const char *shr_query_warning_message_lang(const shr_query *q, size_t i,
                                                      const char *lang);
/** 1-based byte column of warning @p i in the expression. */
SHR_EXTERN unsigned shr_query_warning_column(const shr_query *q, size_t i);
/** @} */

/** Free a query. Accepts NULL. */
SHR_EXTERN void shr_query_free(shr_query *q);

/** Name of a field as written in expressions ("actorkind"); NULL if out of range. Static. */
SHR_EXTERN const char *shr_field_name(shr_field field);
SHR_EXTERN const char *shr_numeric_name(shr_numeric field);

/**
 * @brief Run a query.
 * @param[out] out the new result (practices in catalog order), to free with shr_result_free()
 * before the catalog.
 * @return #SHR_OK, #SHR_EINVAL (NULL argument) or #SHR_ENOMEM. Thread-safe: many threads may
 * run queries (even the same one) at once; each call allocates its own scratch memory.
 */
SHR_EXTERN int shr_query_run(const shr_query *q, shr_result **out, shr_error *err);

/**
 * @brief Number of practices the query selects, without building a result (for a single
 * field or comparison, without listing the practices at all).
 * @return the count, or a negative error code (#SHR_EINVAL, #SHR_ENOMEM). Thread-safe.
 */
SHR_EXTERN int64_t shr_query_count(const shr_query *q, shr_error *err);

/**
 * @brief Parse and run in one call: shr_query_parse() then shr_query_run().
 * Same errors as both. Thread-safe.
 */
SHR_EXTERN int shr_catalog_select(const shr_catalog *cat, const char *expr, shr_result **out,
                                  shr_error *err);

SHR_END_DECLS

#endif
