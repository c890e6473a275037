/**
 * @file csv.h
 * @brief The one CSV writer of the library and the tool: quoting, and spreadsheet-formula
 * neutralising (CSV injection, OWASP).
 *
 * Every CSV the library and the tool write (query, export, panorama, compare, inspire,
 * network, import reports) goes through these calls; a program writing its own CSV can use
 * them too (docs/csv.md).
 *
 * A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would become a
 * live formula when the file is opened in a spreadsheet (`=HYPERLINK(...)`). Text cells are
 * therefore *neutralised*: such a cell is written with a single quote in front (`'=1+1`), as
 * OWASP recommends; so is a cell made of single quotes then one of those characters, so that
 * reading back is exact. Numbers and coordinates are written with shr_csv_write_number() and
 * keep their sign. #SHR_CSV_RAW writes text as it is (for programs that read the CSV
 * themselves). shr_csv_read_text() undoes the neutralising: the importer reads it back.
 */
#ifndef SHARITORIES_CSV_H
#define SHARITORIES_CSV_H

#include <stdio.h>

#include "common.h"

SHR_BEGIN_DECLS

/** Flags of the CSV writer. */
#define SHR_CSV_RAW 1u /**< write text cells as they are: no formula neutralising */

/**
 * @brief Write one text cell (no separator): quoted when it holds `,` `"` CR LF or starts or
 * ends with a space (quotes doubled); neutralised (see above) unless @p flags has
 * #SHR_CSV_RAW. NULL writes an empty cell. Write errors show in ferror(@p out).
 * Thread-safe on distinct streams.
 */
SHR_EXTERN void shr_csv_write_text(FILE *out, const char *text, unsigned flags);

/**
 * @brief Write one number cell (a count, a year, a rate, a coordinate) as it is, sign kept;
 * quoted only when it holds a CSV special character. NULL writes an empty cell.
 */
SHR_EXTERN void shr_csv_write_number(FILE *out, const char *number);

/**
 * @brief The original text of a cell read from a neutralised CSV: @p cell without the quote
 * that shr_csv_write_text() added (a pointer into @p cell), or @p cell itself. NULL gives NULL.
 */
SHR_EXTERN const char *shr_csv_read_text(const char *cell);

SHR_END_DECLS

#endif
