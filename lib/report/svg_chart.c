/* Inline SVG bar charts (see svg_chart.h). */
#include "svg_chart.h"

#include <math.h>
#include <string.h>

#define CHART_WIDTH 480 /* viewBox units */
#define BAR_AREA 400    /* longest bar; the rest is for its value */
#define ROW_HEIGHT 40   /* one line of label, the bar, a gap */
#define LINE_HEIGHT 17  /* a second line of label */
#define LINE_CHARS 44   /* a label line; longer labels wrap once, then are cut */

/* Bytes of the first @p max code points of @p s (all of it when shorter). */
static size_t utf8_prefix(const char *s, size_t max)
{
    size_t chars = 0, i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == max)
            return i;
    return i;
}

/* A label cut into at most two lines of LINE_CHARS code points, at a space when there is one;
 * what does not fit is cut and marked with an ellipsis (the full label goes in a tooltip). */
typedef struct label_lines {
    const char *line[2];
    size_t len[2];
    int nlines;
    int cut;
} label_lines;

static void split_label(const char *s, label_lines *out)
{
    memset(out, 0, sizeof *out);
    out->line[0] = s;
    out->nlines = 1;
    size_t first = utf8_prefix(s, LINE_CHARS);
    if (s[first] == '\0') {
        out->len[0] = first;
        return;
    }
    size_t brk = first;
    while (brk > 0 && s[brk] != ' ')
        brk--;
    if (brk == 0)
        brk = first; /* one long word: cut it */
    out->len[0] = brk;
    const char *rest = s + brk;
    while (*rest == ' ')
        rest++;
    size_t second = utf8_prefix(rest, LINE_CHARS);
    out->line[1] = rest;
    out->nlines = *rest ? 2 : 1;
    if (rest[second] != '\0') {
        second = utf8_prefix(rest, LINE_CHARS - 1);
        out->cut = 1;
    }
    out->len[1] = second;
}

static void value_text(shr_html *h, const shr_bar *b)
{
    double v = b->value > 0 && isfinite(b->value) ? b->value : 0.0;
    if (b->decimals > 0)
        shr__html_fixed(h, v, b->decimals);
    else
        shr__html_int(h, (int64_t)llround(v));
}

void shr__svg_bar_chart(shr_html *h, const char *id, const char *title, const char *desc_intro,
                        const shr_bar *bars, size_t n)
{
    double max = 0.0;
    unsigned height = 8;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(bars[i].value) && bars[i].value > max)
            max = bars[i].value;
        label_lines ll;
        split_label(bars[i].label ? bars[i].label : "", &ll);
        height += ROW_HEIGHT + (ll.nlines - 1) * LINE_HEIGHT;
    }

    shr__html_rawf(h,
                   "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %u\" width=\"%d\" "
                   "height=\"%u\" preserveAspectRatio=\"xMinYMin meet\" "
                   "aria-labelledby=\"%s-title %s-desc\">\n",
                   CHART_WIDTH, height, CHART_WIDTH, height, id, id);
    shr__html_rawf(h, "<title id=\"%s-title\">", id);
    shr__html_text(h, title);
    shr__html_rawf(h, "</title>\n<desc id=\"%s-desc\">", id);
    shr__html_text(h, desc_intro);
    for (size_t i = 0; i < n; i++) {
        shr__html_raw(h, i ? "; " : " ");
        shr__html_text(h, bars[i].label);
        shr__html_raw(h, h->lang == 0 ? "\xc2\xa0: " : ": ");
        value_text(h, &bars[i]);
    }
    shr__html_raw(h, n ? ".</desc>\n" : "</desc>\n");

    unsigned top = 4;
    for (size_t i = 0; i < n; i++) {
        const shr_bar *b = &bars[i];
        double v = b->value > 0 && isfinite(b->value) ? b->value : 0.0;
        double w = max > 0 ? v / max * BAR_AREA : 0.0;
        if (v > 0 && w < 2.0)
            w = 2.0; /* a value that is not zero stays visible */
        const char *label = b->label ? b->label : "";
        label_lines ll;
        split_label(label, &ll);
        unsigned extra = (unsigned)(ll.nlines - 1) * LINE_HEIGHT;

        shr__html_raw(h, b->highlight ? "<g class=\"row hl\">" : "<g class=\"row\">");
        if (ll.cut) {
            shr__html_raw(h, "<title>");
            shr__html_text(h, label);
            shr__html_raw(h, "</title>");
        }
        shr__html_rawf(h, "<text class=\"lbl\" x=\"0\" y=\"%u\">", top + 13);
        if (ll.nlines == 1) {
            shr__html_text_n(h, ll.line[0], ll.len[0]);
        } else {
            shr__html_raw(h, "<tspan x=\"0\">");
            shr__html_text_n(h, ll.line[0], ll.len[0]);
            shr__html_rawf(h, "</tspan><tspan x=\"0\" dy=\"%d\">", LINE_HEIGHT);
            shr__html_text_n(h, ll.line[1], ll.len[1]);
            if (ll.cut)
                shr__html_raw(h, "\xe2\x80\xa6"); /* … */
            shr__html_raw(h, "</tspan>");
        }
        shr__html_raw(h, "</text>");
        /* Whole units: printf's %f would follow the C locale's decimal point. */
        long wi = lround(w);
        shr__html_rawf(h, "<rect class=\"%s\" x=\"0\" y=\"%u\" width=\"%ld\" height=\"14\"/>",
                       b->highlight ? "bar hl" : "bar", top + extra + 19, wi);
        shr__html_rawf(h, "<text class=\"val\" x=\"%ld\" y=\"%u\">", wi + 6, top + extra + 31);
        value_text(h, b);
        shr__html_raw(h, "</text></g>\n");
        top += ROW_HEIGHT + extra;
    }
    shr__html_raw(h, "</svg>\n");
}
