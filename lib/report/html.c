/* The escaping HTML writer of the territory report (see html.h). */
#include "html.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>

void shr__html_init(shr_html *h, FILE *out, int lang)
{
    h->out = out;
    h->failed = 0;
    h->lang = lang == 1 ? 1 : 0;
}

static void put(shr_html *h, const char *s, size_t n)
{
    if (h->failed || n == 0)
        return;
    if (fwrite(s, 1, n, h->out) != n)
        h->failed = errno ? errno : EIO;
}

void shr__html_raw(shr_html *h, const char *s)
{
    if (s)
        put(h, s, strlen(s));
}

void shr__html_rawf(shr_html *h, const char *fmt, ...)
{
    if (h->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(h->out, fmt, ap);
    va_end(ap);
    if (n < 0)
        h->failed = errno ? errno : EIO;
}

void shr__html_text_n(shr_html *h, const char *s, size_t n)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0; /* bytes of p[i - run .. i) to copy as they are */
    size_t i = 0;
    while (i < n && !h->failed) {
        const char *rep = NULL;
        size_t skip = 1;
        unsigned char c = p[i];
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                rep = ""; /* dropped */
            } else if (c >= 0x80) {
                skip = shr__utf8_length(p + i, n - i);
                if (skip == 0) {
                    rep = "\xef\xbf\xbd"; /* U+FFFD for an invalid byte */
                    skip = 1;
                }
            }
            break;
        }
        if (!rep) { /* kept as it is */
            run += skip;
            i += skip;
            continue;
        }
        put(h, (const char *)p + i - run, run);
        run = 0;
        shr__html_raw(h, rep);
        i += skip;
    }
    put(h, (const char *)p + i - run, run);
}

void shr__html_text(shr_html *h, const char *s)
{
    if (s)
        shr__html_text_n(h, s, strlen(s));
}

/* Digits of @p mag with the group separator of @p lang, into buf; returns the length. */
static size_t group_digits(char *buf, size_t size, uint64_t mag, int lang)
{
    char digits[24];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)mag);
    /* lang 0 (fr): U+202F narrow no-break space; 1 (en): ','; 2 (machine): none. */
    const char *sep = lang == 2 ? "" : lang == 1 ? "," : "\xe2\x80\xaf";
    size_t seplen = strlen(sep);
    size_t o = 0;
    for (int k = 0; k < nd; k++) {
        if (k > 0 && (nd - k) % 3 == 0 && nd > 4 - lang) {
            /* French style leaves 4-digit numbers ungrouped (1500), English groups them. */
            if (o + seplen < size) {
                memcpy(buf + o, sep, seplen);
                o += seplen;
            }
        }
        if (o + 1 < size)
            buf[o++] = digits[k];
    }
    if (size)
        buf[o < size ? o : size - 1] = '\0';
    return o;
}

const char *shr__format_int(char *buf, size_t size, int64_t v, int lang)
{
    if (size == 0)
        return buf;
    size_t o = 0;
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (v < 0 && size > 1)
        buf[o++] = '-';
    group_digits(buf + o, size - o, mag, lang);
    return buf;
}

const char *shr__format_fixed(char *buf, size_t size, double v, int decimals, int lang)
{
    if (size == 0)
        return buf;
    if (!isfinite(v) || decimals < 0 || decimals > 6) {
        snprintf(buf, size, "?");
        return buf;
    }
    double scale = 1.0;
    for (int d = 0; d < decimals; d++)
        scale *= 10.0;
    double r = round(fabs(v) * scale);
    if (r > 9e15) { /* beyond exact doubles: not a figure a report shows */
        snprintf(buf, size, "?");
        return buf;
    }
    uint64_t whole = (uint64_t)r;
    uint64_t div = (uint64_t)scale;
    size_t o = 0;
    if (v < 0 && whole != 0 && size > 1)
        buf[o++] = '-';
    o += group_digits(buf + o, size - o, whole / div, lang);
    if (decimals > 0 && o + 1 + (size_t)decimals < size) {
        buf[o++] = lang == 0 ? ',' : '.';
        snprintf(buf + o, size - o, "%0*llu", decimals, (unsigned long long)(whole % div));
    }
    return buf;
}

void shr__html_int(shr_html *h, int64_t v)
{
    char buf[48];
    shr__html_raw(h, shr__format_int(buf, sizeof buf, v, h->lang));
}

void shr__html_fixed(shr_html *h, double v, int decimals)
{
    char buf[64];
    shr__html_raw(h, shr__format_fixed(buf, sizeof buf, v, decimals, h->lang));
}

void shr__html_data_int(shr_html *h, int64_t v)
{
    shr__html_rawf(h, "<data value=\"%lld\">", (long long)v);
    shr__html_int(h, v);
    shr__html_raw(h, "</data>");
}

void shr__html_data_fixed(shr_html *h, double v, int decimals)
{
    char buf[64];
    /* The machine-readable value uses '.', whatever the language. */
    shr__html_rawf(h, "<data value=\"%s\">", shr__format_fixed(buf, sizeof buf, v, decimals, 2));
    shr__html_fixed(h, v, decimals);
    shr__html_raw(h, "</data>");
}

int shr__html_is_web_url(const char *url)
{
    if (!url)
        return 0;
    size_t skip;
    if (strncasecmp(url, "http://", 7) == 0)
        skip = 7;
    else if (strncasecmp(url, "https://", 8) == 0)
        skip = 8;
    else
        return 0;
    if (url[skip] == '\0')
        return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

void shr__html_link(shr_html *h, const char *url, const char *text)
{
    if (!url)
        return;
    if (!shr__html_is_web_url(url)) {
        shr__html_text(h, text ? text : url);
        return;
    }
    shr__html_raw(h, "<a href=\"");
    shr__html_text(h, url);
    shr__html_raw(h, "\" rel=\"noopener noreferrer\">");
    shr__html_text(h, text ? text : url);
    shr__html_raw(h, "</a>");
}

int shr__html_finish(shr_html *h, shr_error *err)
{
    if (!h->failed && fflush(h->out) != 0)
        h->failed = errno ? errno : EIO;
    if (!h->failed && ferror(h->out))
        h->failed = EIO;
    if (h->failed)
        return shr__error_set(err, SHR_EIO, "cannot write the report: %s",
                              shr__strerror(h->failed));
    return SHR_OK;
}

