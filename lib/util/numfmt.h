/*
 * Locale-free number formats (numfmt.c): '.' as the decimal point whatever LC_NUMERIC says.
 * The localised formats people read in a report (grouping, ',' in French) are the HTML
 * writer's (lib/report/html.c). Not installed.
 */
#ifndef SHR_NUMFMT_H
#define SHR_NUMFMT_H

#include <stddef.h>

/* The shortest text ("%.{1..17}g") that reads back (strtod) as exactly v, always with '.' as
 * the decimal point; "" for a value that is not finite. Returns buf (size >= 40). */
const char *shr__fmt_shortest(double v, char *buf, size_t size);
/* v with `decimals` decimals ("%.*f": "0.1234"), '.' whatever the locale. Returns buf
 * (size >= 32). */
const char *shr__fmt_fixed(double v, int decimals, char *buf, size_t size);

#endif
