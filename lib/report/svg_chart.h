/*
 * Inline SVG bar charts for the territory report (report.c). Internal.
 *
 * A chart is an accessible image: `<svg role="img" aria-labelledby=...>` with a `<title>` and a
 * `<desc>` that states every label and value (the text alternative), so that a screen reader
 * or a text browser gets the numbers; the report also prints them in a table next to it.
 * Layout: one row per bar, the label above its bar, the value after the bar, so that the
 * chart stays readable when a phone scales it down (viewBox, width 100%). No script, no
 * external resource; colours come from the page's CSS classes `chart`, `bar`, `bar hl`.
 */
#ifndef SHR_SVG_CHART_H
#define SHR_SVG_CHART_H

#include "html.h"

typedef struct shr_bar {
    const char *label; /* untrusted text (escaped), NULL shown as "" */
    double value;      /* negative values are drawn as 0 */
    int decimals;      /* decimals of the value text */
    int highlight;     /* nonzero: the bar of the territory studied */
} shr_bar;

/*
 * Write a horizontal bar chart of @p n bars. @p id is a document-unique token of [a-z0-9-]
 * (used for aria ids); @p title the chart's title (untrusted text, escaped); @p desc_intro
 * the first sentence of the description (escaped), followed by "label: value" for each bar.
 * Writes through @p h (errors are sticky in @p h); allocates nothing.
 */
void shr__svg_bar_chart(shr_html *h, const char *id, const char *title, const char *desc_intro,
                        const shr_bar *bars, size_t n);

#endif
