/*
 * An HTML writer that escapes everything it is not told is markup (report.c, svg_chart.c).
 * Internal.
 *
 * Why a writer and not a buffer: a report can be large, and writing straight to the caller's
 * FILE keeps it allocation-free; the first failing write is remembered (sticky) so that the
 * code that writes can stay linear and check once at the end (shr__html_finish()).
 *
 * Text rules (shr__html_text): & < > " ' become entities, so the same call is right for text
 * and for quoted attribute values; C0 control characters other than tab, LF and CR are
 * dropped (they are parse errors in HTML); bytes that are not valid UTF-8 become U+FFFD.
 */
#ifndef SHR_HTML_H
#define SHR_HTML_H

#include "../core/model.h"

#include <stdio.h>

typedef struct shr_html {
    FILE *out;
    int failed; /* a write failed: later writes are skipped */
    int lang;   /* 0 fr, 1 en: number formats */
} shr_html;

void shr__html_init(shr_html *h, FILE *out, int lang);
/* Markup written as given (trusted, constant text of the library). */
void shr__html_raw(shr_html *h, const char *s);
void shr__html_rawf(shr_html *h, const char *fmt, ...) SHR_PRINTF(2, 3);
/* Untrusted text (data from files), escaped; NULL writes nothing. */
void shr__html_text(shr_html *h, const char *s);
/* The first @p n bytes of @p s, escaped (a UTF-8 sequence cut at the end becomes U+FFFD). */
void shr__html_text_n(shr_html *h, const char *s, size_t n);
/* An integer in the language's format ("58 329" with a narrow no-break space, "58,329"). */
void shr__html_int(shr_html *h, int64_t v);
/* A fixed-point number in the language's format ("0,34", "0.34"), whatever the C locale. */
void shr__html_fixed(shr_html *h, double v, int decimals);
/* `<data value="V">formatted</data>` for an integer (machine-readable for tests and tools). */
void shr__html_data_int(shr_html *h, int64_t v);
void shr__html_data_fixed(shr_html *h, double v, int decimals);

/* Nonzero when @p url starts with http:// or https:// (scheme case-insensitive) and has no
 * whitespace or control character: the only links emitted as href. */
int shr__html_is_web_url(const char *url);
/* `<a href="URL">TEXT</a>` when @p url is a web URL (TEXT defaults to the URL), else the
 * text (or the URL) as plain escaped text. */
void shr__html_link(shr_html *h, const char *url, const char *text);

/* Format into @p buf (no escaping needed: digits, separators). Return @p buf. @p lang: 0
 * French, 1 English, 2 machine-readable (no grouping, '.' as the decimal point). */
const char *shr__format_int(char *buf, size_t size, int64_t v, int lang);
const char *shr__format_fixed(char *buf, size_t size, double v, int decimals, int lang);

/* Flush @p h->out and report any write failure: SHR_OK or SHR_EIO (with errno's text). */
int shr__html_finish(shr_html *h, shr_error *err);

#endif
