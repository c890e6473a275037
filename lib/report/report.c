/*
 * The territory report: one self-contained HTML page (see report.h).
 *
 * Two phases, so that a failure other than a write error writes nothing:
 *  1. collect: everything the page shows is computed with the library's own analyses (a query
 *     `in:T`, facets, shr_inspire() for the peers and the inspiration list, shr_compare() for
 *     the rates of the peers) into a `report`, which owns what it allocated;
 *  2. render: the page is written through the escaping writer of html.c, without allocating.
 *
 * Numbers shown to people are formatted for the page's language; each key figure and every
 * table cell that holds a number also carries it machine-readable (`<data value="...">`), so
 * that tests and tools can read the page without parsing French number formats.
 */
#include "html.h"
#include "report_texts.h"
#include "svg_chart.h"

#include "sharitories/analysis.h"
#include "sharitories/report.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PER 10000.0          /* rates are practices per 10,000 inhabitants */
#define MAX_YEAR_GAP_FILL 80 /* years with no practice are drawn as 0 within this span */
#define STUDY_URL "https://www.sharitories.eu/"

/* A peer of the comparison with a rate: index in the comparison and practices per 10,000. */
typedef struct peer_row {
    size_t t;
    double rate;
} peer_row;

typedef struct report {
    const shr_catalog *cat;
    const shr_allocator *alloc;
    shr_report_options o; /* the caller's, defaults applied */
    int lang;             /* 0 fr, 1 en */
    const report_texts *tx;
    const shr_territory *t;
    double rate; /* practices per 10,000 inhabitants, -1 when the population is not known */

    shr_result *practices; /* within the territory, sorted by name once counted */
    size_t npractices;
    char *desc; /* room for the longest of their descriptions (kept coded), decoded in turn */
    shr_facet *by_axis, *by_family, *by_year, *by_category;
    size_t nactors, actors_by_sector[SHR_SECTOR_COUNT];
    size_t no_year; /* practices without a start year */

    shr_bar *axis_bars, *family_bars, *year_bars;
    size_t naxis_bars, nfamily_bars, nyear_bars;
    char *year_labels; /* 12 bytes per year bar */

    int peers_looked_for;  /* peers were given or the population is known */
    shr_inspiration *insp; /* NULL when peers were not looked for */
    shr_comparison *cmp;   /* territory (0) then the peers; NULL without peers */
    peer_row *rated;       /* peers with a rate, highest first */
    size_t nrated;
    size_t rank;           /* of the territory among itself and the rated peers; 0: none */
    double mean, median;   /* of the rated peers' rates */
    shr_bar *peer_bars;
    size_t npeer_bars;
} report;

/* ================================================================== collect */

static void report_free(report *r)
{
    shr_result_free(r->practices);
    shr__free(r->alloc, r->desc);
    shr_facet_free(r->by_axis);
    shr_facet_free(r->by_family);
    shr_facet_free(r->by_year);
    shr_facet_free(r->by_category);
    shr__free(r->alloc, r->axis_bars);
    shr__free(r->alloc, r->family_bars);
    shr__free(r->alloc, r->year_bars);
    shr__free(r->alloc, r->year_labels);
    shr_inspiration_free(r->insp);
    shr_comparison_free(r->cmp);
    shr__free(r->alloc, r->rated);
    shr__free(r->alloc, r->peer_bars);
}

static int check_options(report *r, const shr_report_options *opts, shr_error *err)
{
    static const shr_report_options defaults = SHR_REPORT_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (opts->version != SHR_REPORT_OPTIONS_VERSION)
        return shr__error_set(err, SHR_EINVAL, "report options: version %u, expected %u",
                              opts->version, (unsigned)SHR_REPORT_OPTIONS_VERSION);
    r->o = *opts;
    if (!r->o.lang || strcmp(r->o.lang, "fr") == 0) {
        r->lang = 0;
    } else if (strcmp(r->o.lang, "en") == 0) {
        r->lang = 1;
    } else {
        return shr__error_set(err, SHR_EINVAL, "report language '%.40s': expected fr or en",
                              r->o.lang);
    }
    r->tx = &shr__report_texts[r->lang];
    if (r->o.peer_count && !r->o.peers)
        return shr__error_set(err, SHR_EINVAL, "report options: peer_count without peers");
    if (!r->o.peers &&
        (!isfinite(r->o.band_low) || !isfinite(r->o.band_high) || r->o.band_low < 0 ||
         r->o.band_low > r->o.band_high))
        return shr__error_set(err, SHR_EINVAL,
                              "report options: bad population band (need 0 <= low <= high)");
    return SHR_OK;
}

/* The practices within the territory: the query `in:T`, built with calls (no quoting). */
static int collect_practices(report *r, shr_error *err)
{
    shr_query *q = shr_query_field(r->cat, SHR_FIELD_IN, shr_territory_id(r->t), err);
    if (!q)
        return err && err->code ? err->code : SHR_ENOMEM;
    int rc = shr_query_run(q, &r->practices, err);
    shr_query_free(q);
    if (rc != SHR_OK)
        return rc;
    r->npractices = shr_result_count(r->practices);
    /* Allocated now: rendering allocates nothing, so it cannot fail half-way. */
    size_t longest = 0;
    for (size_t i = 0; i < r->npractices; i++) {
        size_t n = shr__practice_description_length(shr_result_at(r->practices, i));
        longest = n > longest ? n : longest;
    }
    r->desc = shr__malloc(r->alloc, longest + 1);
    return r->desc ? SHR_OK : shr__error_set(err, SHR_ENOMEM, "out of memory");
}

static int collect_facets(report *r, shr_error *err)
{
    int rc;
    if ((rc = shr_facet_compute(r->practices, SHR_DIM_AXIS, &r->by_axis, err)) != SHR_OK ||
        (rc = shr_facet_compute(r->practices, SHR_DIM_FAMILY, &r->by_family, err)) != SHR_OK ||
        (rc = shr_facet_compute(r->practices, SHR_DIM_STARTED, &r->by_year, err)) != SHR_OK ||
        (rc = shr_facet_compute(r->practices, SHR_DIM_CATEGORY, &r->by_category, err)) != SHR_OK)
        return rc;
    size_t with_year = 0;
    for (size_t i = 0, n = shr_facet_count(r->by_year); i < n; i++)
        with_year += shr_facet_value(r->by_year, i); /* one start year per practice */
    r->no_year = r->npractices > with_year ? r->npractices - with_year : 0;
    return SHR_OK;
}

/* Distinct actors taking part in the practices, and how many of each sector. */
static int collect_actors(report *r, shr_error *err)
{
    size_t n = shr_catalog_actor_count(r->cat);
    if (n == 0)
        return SHR_OK;
    uint8_t *seen = shr__calloc(r->alloc, n, 1);
    if (!seen)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    for (size_t i = 0; i < r->npractices; i++) {
        const shr_practice *p = shr_result_at(r->practices, i);
        for (size_t k = 0, na = shr_practice_actor_count(p); k < na; k++) {
            const shr_actor *a = shr_practice_actor_at(p, k);
            size_t ai = shr_actor_index(a);
            if (ai < n && !seen[ai]) {
                seen[ai] = 1;
                r->nactors++;
                shr_sector s = shr_actor_sector(a);
                if ((int)s >= 0 && s < SHR_SECTOR_COUNT)
                    r->actors_by_sector[s]++;
            }
        }
    }
    shr__free(r->alloc, seen);
    return SHR_OK;
}

static int facet_bars(report *r, const shr_facet *f, shr_bar **out, size_t *count,
                      shr_error *err)
{
    size_t n = shr_facet_count(f);
    *count = 0;
    if (n == 0)
        return SHR_OK;
    shr_bar *bars = shr__calloc(r->alloc, n, sizeof *bars);
    if (!bars)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        bars[i].label = shr_facet_label(f, i, r->tx->lang);
        bars[i].value = (double)shr_facet_value(f, i);
    }
    *out = bars;
    *count = n;
    return SHR_OK;
}

/* Years from the first to the last with a practice, the years between drawn as 0 (a chart
 * that skipped them would hide the gaps). */
static int year_bars(report *r, shr_error *err)
{
    size_t n = shr_facet_count(r->by_year);
    if (n == 0)
        return SHR_OK;
    long first = strtol(shr_facet_key(r->by_year, 0), NULL, 10);
    long last = strtol(shr_facet_key(r->by_year, n - 1), NULL, 10);
    int fill = last >= first && last - first < MAX_YEAR_GAP_FILL;
    size_t nb = fill ? (size_t)(last - first + 1) : n;
    r->year_bars = shr__calloc(r->alloc, nb, sizeof *r->year_bars);
    r->year_labels = shr__malloc(r->alloc, nb * 12);
    if (!r->year_bars || !r->year_labels)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    if (!fill) {
        for (size_t i = 0; i < n; i++) {
            r->year_bars[i].label = shr_facet_key(r->by_year, i);
            r->year_bars[i].value = (double)shr_facet_value(r->by_year, i);
        }
    } else {
        size_t k = 0;
        for (size_t i = 0; i < nb; i++) {
            long year = first + (long)i;
            char *label = r->year_labels + i * 12;
            snprintf(label, 12, "%ld", year);
            r->year_bars[i].label = label;
            if (k < n && strtol(shr_facet_key(r->by_year, k), NULL, 10) == year)
                r->year_bars[i].value = (double)shr_facet_value(r->by_year, k++);
        }
    }
    r->nyear_bars = nb;
    return SHR_OK;
}

static int cmp_peer_rows(const void *x, const void *y)
{
    const peer_row *a = x, *b = y;
    if (a->rate != b->rate)
        return a->rate > b->rate ? -1 : 1;
    return a->t < b->t ? -1 : a->t > b->t;
}

/* Peers (shr_inspire: explicit, or same kind and population band) and the inspiration list;
 * their rates per 10,000 (shr_compare over the territory and its peers, by family). */
static int collect_peers(report *r, shr_error *err)
{
    int64_t pop = shr_territory_population(r->t);
    r->peers_looked_for = r->o.peer_count > 0 || pop > 0;
    if (!r->peers_looked_for)
        return SHR_OK;

    shr_inspire_options io = SHR_INSPIRE_OPTIONS_INIT;
    io.band_low = r->o.band_low;
    io.band_high = r->o.band_high;
    io.peers = r->o.peer_count ? r->o.peers : NULL;
    io.peer_count = r->o.peer_count;
    io.examples = r->o.examples;
    int rc = shr_inspire(r->cat, shr_territory_id(r->t), &io, &r->insp, err);
    if (rc != SHR_OK)
        return rc;

    size_t npeers = shr_inspiration_peer_count(r->insp);
    if (npeers == 0)
        return SHR_OK;
    if (npeers > SIZE_MAX / sizeof(char *) - 1)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    const char **ids = shr__malloc(r->alloc, (npeers + 1) * sizeof *ids);
    if (!ids)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    ids[0] = shr_territory_id(r->t);
    for (size_t i = 0; i < npeers; i++)
        ids[i + 1] = shr_territory_id(shr_inspiration_peer_at(r->insp, i));
    rc = shr_compare(r->cat, ids, npeers + 1, SHR_DIM_FAMILY, NULL, &r->cmp, err);
    shr__free(r->alloc, ids);
    if (rc != SHR_OK)
        return rc;

    r->rated = shr__calloc(r->alloc, npeers, sizeof *r->rated);
    if (!r->rated)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    double sum = 0.0;
    for (size_t t = 1; t <= npeers; t++) {
        double rate = shr_comparison_per_capita(r->cmp, SHR_NONE, t, PER);
        if (rate >= 0) {
            r->rated[r->nrated].t = t;
            r->rated[r->nrated].rate = rate;
            r->nrated++;
            sum += rate;
        }
    }
    qsort(r->rated, r->nrated, sizeof *r->rated, cmp_peer_rows);
    if (r->nrated) {
        r->mean = sum / (double)r->nrated;
        size_t m = r->nrated / 2;
        r->median = r->nrated % 2 ? r->rated[m].rate
                                  : (r->rated[m - 1].rate + r->rated[m].rate) / 2.0;
    }

    /* The chart: the peers with the highest rates, and the territory at its rank. */
    size_t shown = r->o.max_peers_shown < r->nrated ? r->o.max_peers_shown : r->nrated;
    r->peer_bars = shr__calloc(r->alloc, shown + 1, sizeof *r->peer_bars);
    if (!r->peer_bars)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    int self_placed = r->rate < 0;
    if (r->rate >= 0) {
        r->rank = 1;
        for (size_t i = 0; i < r->nrated; i++)
            r->rank += r->rated[i].rate > r->rate;
    }
    for (size_t i = 0; i <= shown; i++) {
        if (!self_placed && (i == shown || r->rated[i].rate <= r->rate)) {
            shr_bar *b = &r->peer_bars[r->npeer_bars++];
            b->label = shr_territory_name(r->t);
            b->value = r->rate;
            b->decimals = 2;
            b->highlight = 1;
            self_placed = 1;
        }
        if (i == shown)
            break;
        shr_bar *b = &r->peer_bars[r->npeer_bars++];
        b->label = shr_territory_name(shr_comparison_territory_at(r->cmp, r->rated[i].t));
        b->value = r->rated[i].rate;
        b->decimals = 2;
    }
    return SHR_OK;
}

static int collect(report *r, const char *territory_id, shr_error *err)
{
    r->t = shr_catalog_territory(r->cat, territory_id);
    if (!r->t)
        return shr__error_set(err, SHR_ENOTFOUND, "unknown territory '%.200s'", territory_id);
    int64_t pop = shr_territory_population(r->t);
    int rc;
    if ((rc = collect_practices(r, err)) != SHR_OK)
        return rc;
    r->rate = pop > 0 ? (double)r->npractices * PER / (double)pop : -1.0;
    if ((rc = collect_facets(r, err)) != SHR_OK || (rc = collect_actors(r, err)) != SHR_OK ||
        (rc = facet_bars(r, r->by_axis, &r->axis_bars, &r->naxis_bars, err)) != SHR_OK ||
        (rc = facet_bars(r, r->by_family, &r->family_bars, &r->nfamily_bars, err)) != SHR_OK ||
        (rc = year_bars(r, err)) != SHR_OK || (rc = collect_peers(r, err)) != SHR_OK)
        return rc;
    /* The list of practices reads best by name (the counts above do not depend on order). */
    return shr_result_sort(r->practices, SHR_SORT_NAME, 0, err);
}

/* ================================================================== render */

#define RAW(s) shr__html_raw(h, (s))
#define TEXT(s) shr__html_text(h, (s))

static const char css[] =
    ":root{color-scheme:light}"
    "*{box-sizing:border-box}"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
    "\"DejaVu Sans\",Arial,sans-serif;color:#1a202c;background:#fff}"
    "header,nav,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}"
    "header{padding-top:1.5rem;border-bottom:4px solid #2b6cb0}"
    "h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0}"
    "h2{font-size:1.4rem;line-height:1.25;margin:2.2rem 0 .75rem;padding-bottom:.25rem;"
    "border-bottom:1px solid #cbd5e0}"
    "h3{font-size:1.15rem;margin:1.5rem 0 .5rem}"
    "h4{font-size:1rem;margin:1rem 0 .25rem}"
    ".sub{color:#4a5568;margin:0 0 1rem}"
    "nav ol{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding:0;margin:1rem 0;"
    "list-style:none}"
    "a{color:#2b6cb0;overflow-wrap:anywhere}"
    ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));"
    "gap:.75rem;margin:0}"
    ".figures div{background:#f7fafc;border:1px solid #cbd5e0;border-radius:.5rem;"
    "padding:.75rem}"
    ".figures dt{font-size:.85rem;color:#4a5568}"
    ".figures dd{margin:0;font-size:1.6rem;font-weight:700}"
    "figure{margin:1rem 0}"
    "svg.chart,table,.practice,.figures div,.ideas li{break-inside:avoid;"
    "page-break-inside:avoid}"
    "svg.chart{display:block;width:100%;max-width:36rem;height:auto}"
    ".chart text{font:14px system-ui,\"DejaVu Sans\",sans-serif;fill:#1a202c}"
    ".chart .bar{fill:#2b6cb0}.chart .bar.hl{fill:#c05621}.chart .hl text{font-weight:700}"
    ".table-wrap{overflow-x:auto}"
    "table{border-collapse:collapse;margin:.5rem 0 1rem}"
    "caption{text-align:left;font-weight:600;padding:.25rem 0}"
    "th,td{border-bottom:1px solid #cbd5e0;padding:.3rem .6rem;text-align:left;"
    "vertical-align:top}"
    "thead th{border-bottom:2px solid #4a5568}"
    ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tr.hl th,tr.hl td{font-weight:700;background:#fffaf0}"
    ".practice{border:1px solid #cbd5e0;border-radius:.5rem;padding:.1rem 1rem .6rem;"
    "margin:1rem 0}"
    ".practice dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;"
    "margin:.5rem 0}"
    ".practice dt{font-weight:600}.practice dd{margin:0}.practice ul{margin:0;padding-left:1.1rem}"
    ".share{display:inline-block;width:6rem;height:.6rem;background:#e2e8f0;"
    "border-radius:.3rem;vertical-align:middle;overflow:hidden;margin-right:.4rem}"
    ".share span{display:block;height:100%;background:#c05621}"
    ".ideas li{margin:.6rem 0}"
    ".note{color:#4a5568}"
    "footer{color:#4a5568;font-size:.85rem;margin-top:2.5rem;padding-top:.5rem;"
    "padding-bottom:2rem;border-top:1px solid #cbd5e0}"
    "@media (max-width:40rem){body{font-size:15px}h1{font-size:1.5rem}"
    ".figures dd{font-size:1.3rem}.practice dl{grid-template-columns:1fr}"
    ".chart text{font-size:16px}"
    ".practice dt{margin-top:.3rem}}"
    "@page{size:A4;margin:15mm}"
    "@media print{body{font-size:10.5pt}nav{display:none}"
    "header,main,footer{max-width:none;padding-left:0;padding-right:0}"
    "h2,h3,h4{break-after:avoid;page-break-after:avoid}"
    "h2{margin-top:1.2rem}a{color:inherit}svg.chart{max-width:120mm}"
    "a[href]::after{content:\" <\" attr(href) \">\";font-size:.8em;color:#4a5568}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

static const char *category_label(const shr_category *c, const report *r)
{
    const char *s = shr_category_label(c, r->tx->lang);
    if (!s)
        s = shr_category_label(c, r->lang ? "fr" : "en");
    return s ? s : shr_category_id(c);
}

/* A number cell: `<td class="num"><data value="N">N</data></td>`. */
static void td_int(shr_html *h, int64_t v)
{
    RAW("<td class=\"num\">");
    shr__html_data_int(h, v);
    RAW("</td>");
}

static void td_rate(shr_html *h, const report *r, double rate)
{
    RAW("<td class=\"num\">");
    if (rate >= 0)
        shr__html_data_fixed(h, rate, 2);
    else
        TEXT(r->tx->no_rate);
    RAW("</td>");
}

static void section_start(shr_html *h, const char *id, const char *title)
{
    shr__html_rawf(h, "<section id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", id, id,
                   id);
    TEXT(title);
    RAW("</h2>\n");
}

/* A chart and the table of its numbers, in one figure. */
static void chart_with_table(shr_html *h, const report *r, const char *id, const char *title,
                             const char *desc, const char *col, const shr_bar *bars, size_t n)
{
    RAW("<figure>\n");
    shr__svg_bar_chart(h, id, title, desc, bars, n);
    RAW("<figcaption class=\"note\">");
    TEXT(desc);
    RAW("</figcaption>\n<div class=\"table-wrap\"><table>\n<caption>");
    TEXT(title);
    RAW("</caption>\n<thead><tr><th scope=\"col\">");
    TEXT(col);
    RAW("</th><th scope=\"col\" class=\"num\">");
    TEXT(r->tx->col_practices);
    RAW("</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        RAW("<tr><th scope=\"row\">");
        TEXT(bars[i].label);
        RAW("</th>");
        td_int(h, (int64_t)llround(bars[i].value));
        RAW("</tr>\n");
    }
    RAW("</tbody></table></div>\n</figure>\n");
}

static void render_head(shr_html *h, const report *r)
{
    shr__html_rawf(h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                   r->tx->lang);
    RAW("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        /* Defence in depth: even a failure of escaping could not run a script or load
         * anything; only the inline style is allowed. */
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"generator\" content=\"libsharitories " SHR_VERSION_STRING "\">\n<title>");
    TEXT(shr_territory_name(r->t));
    TEXT(r->tx->title_suffix);
    RAW("</title>\n<style>");
    RAW(css);
    RAW("</style>\n</head>\n<body>\n");
}

static void render_header(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    RAW("<header>\n<h1>");
    TEXT(shr_territory_name(r->t));
    TEXT(tx->title_suffix);
    RAW("</h1>\n<p class=\"sub\">");
    shr_territory_kind kind = shr_territory_kind_of(r->t);
    TEXT((int)kind >= 0 && kind < SHR_TERRITORY_KIND_COUNT ? tx->kind[kind] : NULL);
    if (shr_territory_code(r->t)) {
        RAW(" · ");
        TEXT(tx->official_code);
        RAW(" ");
        TEXT(shr_territory_code(r->t));
    }
    const shr_territory *parent = shr_territory_parent(r->t);
    if (parent) {
        RAW(" · ");
        TEXT(tx->within);
        RAW(" ");
        TEXT(shr_territory_name(parent));
    }
    RAW(" · <code>");
    TEXT(shr_territory_id(r->t));
    RAW("</code></p>\n</header>\n");

    shr__html_raw(h, "<nav aria-label=\"");
    TEXT(tx->contents);
    RAW("\"><ol>");
    const struct {
        const char *id, *title;
    } toc[] = {
        {"key", tx->h_key},         {"panorama", tx->h_panorama}, {"peers", tx->h_peers},
        {"inspire", tx->h_inspire}, {"practices", tx->h_practices}, {"axes", tx->h_axes},
        {"sources", tx->h_sources},
    };
    for (size_t i = 0; i < sizeof toc / sizeof toc[0]; i++) {
        if (strcmp(toc[i].id, "inspire") == 0 && r->o.max_inspirations == 0)
            continue;
        shr__html_rawf(h, "<li><a href=\"#%s\">", toc[i].id);
        TEXT(toc[i].title);
        RAW("</a></li>");
    }
    RAW("</ol></nav>\n<main>\n");
}

static void figure_item(shr_html *h, const char *id, const char *label)
{
    shr__html_rawf(h, "<div><dt>");
    TEXT(label);
    shr__html_rawf(h, "</dt><dd id=\"%s\">", id);
}

static void render_key_figures(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    int64_t pop = shr_territory_population(r->t);
    section_start(h, "key", tx->h_key);
    RAW("<dl class=\"figures\">\n");
    figure_item(h, "kf-practices", tx->kf_practices);
    shr__html_data_int(h, (int64_t)r->npractices);
    RAW("</dd></div>\n");
    figure_item(h, "kf-population", tx->kf_population);
    if (pop >= 0)
        shr__html_data_int(h, pop);
    else
        TEXT(tx->not_known);
    RAW("</dd></div>\n");
    figure_item(h, "kf-rate", tx->kf_rate);
    if (r->rate >= 0)
        shr__html_data_fixed(h, r->rate, 2);
    else
        TEXT(tx->not_known);
    RAW("</dd></div>\n");
    figure_item(h, "kf-actors", tx->kf_actors);
    shr__html_data_int(h, (int64_t)r->nactors);
    RAW("</dd></div>\n");
    figure_item(h, "kf-categories", tx->kf_categories);
    shr__html_data_int(h, (int64_t)shr_facet_count(r->by_category));
    RAW("</dd></div>\n</dl>\n");

    if (r->npractices == 0) {
        RAW("<p>");
        TEXT(tx->no_practice);
        RAW("</p>\n");
    }
    size_t ncat = shr_facet_count(r->by_category);
    if (ncat) {
        RAW("<p><strong>");
        TEXT(tx->categories_present);
        RAW("</strong>");
        TEXT(tx->colon);
        for (size_t i = 0; i < ncat; i++) {
            if (i)
                RAW(", ");
            TEXT(shr_facet_label(r->by_category, i, tx->lang));
            RAW(" (");
            shr__html_int(h, (int64_t)shr_facet_value(r->by_category, i));
            RAW(")");
        }
        RAW(".</p>\n");
    }
    if (r->nactors) {
        RAW("<p><strong>");
        TEXT(tx->actors_by_sector);
        RAW("</strong>");
        TEXT(tx->colon);
        int first = 1;
        for (int s = 0; s < SHR_SECTOR_COUNT; s++) {
            if (!r->actors_by_sector[s])
                continue;
            RAW(first ? "" : ", ");
            first = 0;
            TEXT(tx->sector[s]);
            RAW(" ");
            shr__html_int(h, (int64_t)r->actors_by_sector[s]);
        }
        RAW(".</p>\n");
    }
    RAW("</section>\n");
}

static void render_panorama(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    section_start(h, "panorama", tx->h_panorama);
    if (r->npractices == 0) {
        RAW("<p>");
        TEXT(tx->no_practice);
        RAW("</p>\n</section>\n");
        return;
    }
    RAW("<p class=\"note\">");
    TEXT(tx->panorama_intro);
    RAW("</p>\n<h3 id=\"by-axis\">");
    TEXT(tx->h_by_axis);
    RAW("</h3>\n");
    chart_with_table(h, r, "chart-axis", tx->h_by_axis, tx->desc_by_axis, tx->col_axis,
                     r->axis_bars, r->naxis_bars);
    RAW("<h3 id=\"by-family\">");
    TEXT(tx->h_by_family);
    RAW("</h3>\n");
    chart_with_table(h, r, "chart-family", tx->h_by_family, tx->desc_by_family, tx->col_family,
                     r->family_bars, r->nfamily_bars);
    RAW("<h3 id=\"by-year\">");
    TEXT(tx->h_by_year);
    RAW("</h3>\n");
    if (r->nyear_bars)
        chart_with_table(h, r, "chart-year", tx->h_by_year, tx->desc_by_year, tx->col_year,
                         r->year_bars, r->nyear_bars);
    RAW("<p>");
    TEXT(tx->no_year);
    TEXT(tx->colon);
    shr__html_data_int(h, (int64_t)r->no_year);
    RAW(".</p>\n</section>\n");
}

/* One row of the peers table. */
static void peer_tr(shr_html *h, const report *r, size_t t, int self)
{
    const shr_territory *pt = shr_comparison_territory_at(r->cmp, t);
    RAW(self ? "<tr class=\"hl\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
    TEXT(shr_territory_name(pt));
    RAW("</th>");
    int64_t pop = shr_territory_population(pt);
    if (pop >= 0)
        td_int(h, pop);
    else
        RAW("<td class=\"num\">—</td>");
    td_int(h, (int64_t)shr_comparison_total(r->cmp, t));
    td_rate(h, r, shr_comparison_per_capita(r->cmp, SHR_NONE, t, PER));
    RAW("</tr>\n");
}

static void render_peer_family(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    size_t nt = shr_comparison_territory_count(r->cmp);
    RAW("<h3 id=\"peers-family\">");
    TEXT(tx->h_peers_family);
    RAW("</h3>\n<p class=\"note\">");
    TEXT(tx->peers_family_intro);
    RAW("</p>\n<div class=\"table-wrap\"><table>\n<caption>");
    TEXT(tx->h_peers_family);
    RAW("</caption>\n<thead><tr><th scope=\"col\">");
    TEXT(tx->col_family);
    RAW("</th><th scope=\"col\" class=\"num\">");
    TEXT(tx->col_own_practices);
    RAW("</th><th scope=\"col\" class=\"num\">");
    TEXT(tx->col_own_rate);
    RAW("</th><th scope=\"col\" class=\"num\">");
    TEXT(tx->col_peers_rate);
    RAW("</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0, nk = shr_comparison_key_count(r->cmp); k < nk; k++) {
        double sum = 0.0;
        size_t rated = 0;
        for (size_t t = 1; t < nt; t++) {
            double v = shr_comparison_per_capita(r->cmp, k, t, PER);
            if (v >= 0) {
                sum += v;
                rated++;
            }
        }
        RAW("<tr><th scope=\"row\">");
        TEXT(shr_comparison_label(r->cmp, k, tx->lang));
        RAW("</th>");
        td_int(h, (int64_t)shr_comparison_value(r->cmp, k, 0));
        td_rate(h, r, shr_comparison_per_capita(r->cmp, k, 0, PER));
        td_rate(h, r, rated ? sum / (double)rated : -1.0);
        RAW("</tr>\n");
    }
    RAW("</tbody></table></div>\n");
}

static void render_peers(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    section_start(h, "peers", tx->h_peers);
    if (!r->peers_looked_for) {
        RAW("<p>");
        TEXT(tx->peers_no_population);
        RAW("</p>\n</section>\n");
        return;
    }
    size_t npeers = shr_inspiration_peer_count(r->insp);
    RAW("<p>");
    if (r->o.peer_count) {
        TEXT(tx->peers_chosen);
        TEXT(tx->colon);
        for (size_t i = 0; i < npeers; i++) {
            if (i)
                RAW(", ");
            TEXT(shr_territory_name(shr_inspiration_peer_at(r->insp, i)));
        }
        RAW(".");
    } else {
        double pop = (double)shr_territory_population(r->t);
        TEXT(tx->peers_band_1);
        shr__html_int(h, (int64_t)ceil(pop * r->o.band_low));
        TEXT(tx->peers_band_and);
        shr__html_int(h, (int64_t)floor(pop * r->o.band_high));
        TEXT(tx->peers_band_2);
        TEXT(tx->peers_count_1);
        shr__html_data_int(h, (int64_t)npeers);
        TEXT(tx->peers_count_2);
    }
    RAW("</p>\n");
    if (npeers == 0 || !r->cmp) {
        RAW("<p>");
        TEXT(tx->peers_none);
        RAW("</p>\n</section>\n");
        return;
    }
    if (r->rank) {
        RAW("<p id=\"peers-rank\">");
        TEXT(tx->rank_1);
        shr__html_data_fixed(h, r->rate, 2);
        TEXT(tx->rank_2);
        shr__html_data_int(h, (int64_t)r->rank);
        TEXT(tx->rank_3);
        shr__html_data_int(h, (int64_t)r->nrated + 1);
        TEXT(tx->rank_4);
        RAW("</p>\n");
    }
    if (r->nrated) {
        RAW("<p>");
        TEXT(tx->peers_mean);
        TEXT(tx->colon);
        shr__html_data_fixed(h, r->mean, 2);
        TEXT(r->tx->semicolon);
        TEXT(tx->peers_median);
        TEXT(tx->colon);
        shr__html_data_fixed(h, r->median, 2);
        RAW(".</p>\n");
    }
    if (r->npeer_bars) {
        size_t shown = r->npeer_bars - (r->rate >= 0);
        RAW("<figure>\n");
        shr__svg_bar_chart(h, "chart-peers", tx->chart_peers, tx->desc_peers, r->peer_bars,
                           r->npeer_bars);
        RAW("<figcaption class=\"note\">");
        if (shown < r->nrated) {
            TEXT(tx->shown_note_1);
            shr__html_int(h, (int64_t)shown);
            TEXT(tx->shown_note_2);
            RAW(" ");
        }
        TEXT(tx->desc_peers);
        RAW("</figcaption>\n<div class=\"table-wrap\"><table>\n<caption>");
        TEXT(tx->chart_peers);
        RAW("</caption>\n<thead><tr><th scope=\"col\">");
        TEXT(tx->col_territory);
        RAW("</th><th scope=\"col\" class=\"num\">");
        TEXT(tx->col_population);
        RAW("</th><th scope=\"col\" class=\"num\">");
        TEXT(tx->col_practices);
        RAW("</th><th scope=\"col\" class=\"num\">");
        TEXT(tx->col_rate);
        RAW("</th></tr></thead>\n<tbody>\n");
        /* The rows of the chart, in its order. */
        size_t i = 0;
        for (size_t b = 0; b < r->npeer_bars; b++) {
            if (r->peer_bars[b].highlight)
                peer_tr(h, r, 0, 1);
            else
                peer_tr(h, r, r->rated[i++].t, 0);
        }
        RAW("</tbody></table></div>\n</figure>\n");
    }
    if (npeers > r->npeer_bars - (r->rate >= 0)) {
        /* Every peer, compactly: the chart shows only the first ones. */
        RAW("<details><summary>");
        TEXT(tx->all_peers);
        RAW(" (");
        shr__html_int(h, (int64_t)npeers);
        RAW(")</summary>\n<p>");
        for (size_t t = 1; t <= npeers; t++) {
            if (t > 1)
                RAW(", ");
            TEXT(shr_territory_name(shr_comparison_territory_at(r->cmp, t)));
            double rate = shr_comparison_per_capita(r->cmp, SHR_NONE, t, PER);
            if (rate >= 0) {
                RAW(" (");
                shr__html_fixed(h, rate, 2);
                RAW(")");
            }
        }
        RAW("</p>\n</details>\n");
    }
    render_peer_family(h, r);
    RAW("</section>\n");
}

/* A practice's name, linked to its first web link when it has one. */
static void practice_name_link(shr_html *h, const shr_practice *p)
{
    for (size_t i = 0, n = shr_practice_link_count(p); i < n; i++) {
        const char *url = shr_practice_link_at(p, i);
        if (shr__html_is_web_url(url)) {
            shr__html_link(h, url, shr_practice_name(p));
            return;
        }
    }
    TEXT(shr_practice_name(p));
}

static void render_inspire(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    if (r->o.max_inspirations == 0)
        return;
    section_start(h, "inspire", tx->h_inspire);
    if (!r->insp || shr_inspiration_peer_count(r->insp) == 0) {
        RAW("<p>");
        TEXT(tx->inspire_no_peers);
        RAW("</p>\n</section>\n");
        return;
    }
    size_t n = shr_inspiration_count(r->insp, SHR_INSPIRE_LACKS);
    size_t npeers = shr_inspiration_peer_count(r->insp);
    if (n == 0) {
        RAW("<p>");
        TEXT(tx->inspire_none);
        RAW("</p>\n</section>\n");
        return;
    }
    size_t shown = n < r->o.max_inspirations ? n : r->o.max_inspirations;
    RAW("<p class=\"note\">");
    TEXT(tx->inspire_intro);
    RAW("</p>\n<ol class=\"ideas\">\n");
    for (size_t i = 0; i < shown; i++) {
        const shr_category *c = shr_inspiration_category(r->insp, SHR_INSPIRE_LACKS, i);
        double share = shr_inspiration_share(r->insp, SHR_INSPIRE_LACKS, i);
        long pct = lround(share * 100.0);
        shr__html_rawf(h, "<li><strong>");
        TEXT(category_label(c, r));
        RAW("</strong> <span class=\"note\">(");
        TEXT(shr_family_label(shr_category_family(c), tx->lang));
        RAW(")</span><br>");
        shr__html_rawf(h, "<span class=\"share\" aria-hidden=\"true\"><span style=\"width:%ld%%\">"
                          "</span></span>",
                       pct < 0 ? 0 : pct > 100 ? 100 : pct);
        TEXT(tx->share_1);
        shr__html_data_int(h, (int64_t)shr_inspiration_peers_with(r->insp, SHR_INSPIRE_LACKS, i));
        TEXT(tx->share_2);
        shr__html_int(h, (int64_t)npeers);
        RAW(" (");
        shr__html_int(h, pct);
        TEXT(tx->percent);
        RAW(")");
        size_t nex = shr_inspiration_example_count(r->insp, SHR_INSPIRE_LACKS, i);
        if (nex) {
            RAW("<br>");
            TEXT(tx->examples);
            TEXT(tx->colon);
            for (size_t k = 0; k < nex; k++) {
                const shr_practice *p = shr_inspiration_example_at(r->insp, SHR_INSPIRE_LACKS, i, k);
                const shr_territory *et =
                    shr_inspiration_example_territory(r->insp, SHR_INSPIRE_LACKS, i, k);
                if (k)
                    TEXT(tx->semicolon);
                practice_name_link(h, p);
                if (et) {
                    RAW(" (");
                    TEXT(shr_territory_name(et));
                    RAW(")");
                }
            }
        }
        RAW("</li>\n");
    }
    RAW("</ol>\n");
    if (shown < n) {
        RAW("<p class=\"note\">");
        TEXT(tx->inspire_more);
        TEXT(tx->colon);
        shr__html_int(h, (int64_t)(n - shown));
        RAW(".");
        RAW("</p>\n");
    }
    RAW("</section>\n");
}

static void dt(shr_html *h, const char *label)
{
    RAW("<dt>");
    TEXT(label);
    RAW("</dt><dd>");
}

static void render_figure_value(shr_html *h, double v)
{
    if (isfinite(v) && v == floor(v) && fabs(v) < 9e15)
        shr__html_int(h, (int64_t)v);
    else
        shr__html_fixed(h, v, 2);
}

static void render_practice(shr_html *h, const report *r, const shr_practice *p)
{
    const report_texts *tx = r->tx;
    const shr_category *c = shr_practice_category(p);
    RAW("<article class=\"practice\" id=\"p-");
    TEXT(shr_practice_id(p));
    RAW("\">\n<h3>");
    TEXT(shr_practice_name(p));
    RAW("</h3>\n");
    const char *desc = shr__practice_description_into(p, r->desc);
    if (desc) {
        RAW("<p>");
        TEXT(desc);
        RAW("</p>\n");
    }
    RAW("<dl>\n");
    dt(h, tx->f_category);
    TEXT(category_label(c, r));
    RAW("</dd>\n");
    dt(h, tx->f_family);
    TEXT(shr_family_label(shr_category_family(c), tx->lang));
    RAW("</dd>\n");
    shr_status st = shr_practice_status(p);
    dt(h, tx->f_status);
    TEXT((int)st >= 0 && st < SHR_STATUS_COUNT ? tx->status[st] : NULL);
    RAW("</dd>\n");
    if (shr_practice_started(p) != SHR_NO_YEAR) {
        dt(h, tx->f_started);
        shr__html_rawf(h, "%ld", (long)shr_practice_started(p));
        RAW("</dd>\n");
    }
    if (shr_practice_ended(p) != SHR_NO_YEAR) {
        dt(h, tx->f_ended);
        shr__html_rawf(h, "%ld", (long)shr_practice_ended(p));
        RAW("</dd>\n");
    }
    dt(h, tx->f_axes);
    for (size_t i = 0, n = shr_practice_axis_count(p); i < n; i++) {
        if (i)
            TEXT(r->tx->semicolon);
        TEXT(shr_axis_label(shr_practice_axis_at(p, i), tx->lang));
    }
    RAW("</dd>\n");
    dt(h, tx->f_territories);
    for (size_t i = 0, n = shr_practice_territory_count(p); i < n; i++) {
        if (i)
            RAW(", ");
        TEXT(shr_territory_name(shr_practice_territory_at(p, i)));
    }
    RAW("</dd>\n");
    size_t nact = shr_practice_actor_count(p);
    if (nact) {
        dt(h, tx->f_actors);
        RAW("<ul>");
        for (size_t i = 0; i < nact; i++) {
            const shr_actor *a = shr_practice_actor_at(p, i);
            int role = shr_practice_actor_role(p, i);
            shr_actor_kind kind = shr_actor_kind_of(a);
            RAW("<li>");
            const char *url = NULL;
            for (size_t k = 0, nl = shr_actor_link_count(a); k < nl && !url; k++)
                if (shr__html_is_web_url(shr_actor_link_at(a, k)))
                    url = shr_actor_link_at(a, k);
            if (url)
                shr__html_link(h, url, shr_actor_name(a));
            else
                TEXT(shr_actor_name(a));
            RAW(" <span class=\"note\">(");
            TEXT(role >= 0 && role < SHR_ROLE_COUNT ? tx->role[role] : NULL);
            RAW(", ");
            TEXT((int)kind >= 0 && kind < SHR_ACTOR_KIND_COUNT ? tx->actor_kind[kind] : NULL);
            RAW(")</span></li>");
        }
        RAW("</ul></dd>\n");
    }
    if (shr_practice_address(p)) {
        dt(h, tx->f_address);
        TEXT(shr_practice_address(p));
        RAW("</dd>\n");
    }
    size_t nfig = shr_practice_figure_count(p);
    if (nfig) {
        dt(h, tx->f_figures);
        for (size_t i = 0; i < nfig; i++) {
            if (i)
                TEXT(r->tx->semicolon);
            TEXT(shr_practice_figure_name(p, i));
            TEXT(tx->colon);
            render_figure_value(h, shr_practice_figure_value(p, i));
        }
        RAW("</dd>\n");
    }
    size_t ntag = shr_practice_tag_count(p);
    if (ntag) {
        dt(h, tx->f_tags);
        for (size_t i = 0; i < ntag; i++) {
            if (i)
                RAW(", ");
            TEXT(shr_practice_tag_at(p, i));
        }
        RAW("</dd>\n");
    }
    size_t nlink = shr_practice_link_count(p);
    if (nlink) {
        dt(h, tx->f_links);
        for (size_t i = 0; i < nlink; i++) {
            if (i)
                RAW(" ");
            shr__html_link(h, shr_practice_link_at(p, i), NULL);
        }
        RAW("</dd>\n");
    }
    RAW("</dl>\n</article>\n");
}

static void render_practices(shr_html *h, const report *r)
{
    section_start(h, "practices", r->tx->h_practices);
    RAW("<p class=\"note\">");
    TEXT(r->npractices ? r->tx->practices_intro : r->tx->no_practice);
    RAW("</p>\n");
    for (size_t i = 0; i < r->npractices; i++)
        render_practice(h, r, shr_result_at(r->practices, i));
    RAW("</section>\n");
}

static size_t axis_practices(const report *r, const char *axis_id)
{
    for (size_t i = 0, n = shr_facet_count(r->by_axis); i < n; i++)
        if (strcmp(shr_facet_key(r->by_axis, i), axis_id) == 0)
            return shr_facet_value(r->by_axis, i);
    return 0;
}

static void render_axes(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    section_start(h, "axes", tx->h_axes);
    RAW("<p class=\"note\">");
    TEXT(tx->axes_intro);
    RAW("</p>\n");
    for (size_t i = 0, n = shr_catalog_axis_count(r->cat); i < n; i++) {
        const shr_axis *a = shr_catalog_axis_at(r->cat, i);
        shr__html_rawf(h, "<article id=\"axis-");
        TEXT(shr_axis_id(a));
        RAW("\">\n<h3>");
        TEXT(shr_axis_label(a, tx->lang));
        RAW("</h3>\n<p>");
        TEXT(shr_axis_description(a, tx->lang));
        RAW("</p>\n<p><strong>");
        TEXT(tx->axis_count);
        RAW("</strong>");
        TEXT(tx->colon);
        shr__html_data_int(h, (int64_t)axis_practices(r, shr_axis_id(a)));
        RAW("</p>\n<h4>");
        TEXT(tx->key_questions);
        RAW("</h4>\n<ul class=\"q\">\n");
        for (size_t q = 0, nq = shr_axis_question_count(a, tx->lang); q < nq; q++) {
            RAW("<li>");
            TEXT(shr_axis_question_at(a, tx->lang, q));
            RAW("</li>\n");
        }
        RAW("</ul>\n</article>\n");
    }
    RAW("</section>\n");
}

/* The last component of a path: the file name people know. */
static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

static void meta_cell(shr_html *h, const char *value, int link)
{
    RAW("<td>");
    if (value && link && shr__html_is_web_url(value))
        shr__html_link(h, value, NULL);
    else
        TEXT(value ? value : "");
    RAW("</td>");
}

static void render_sources(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    section_start(h, "sources", tx->h_sources);
    RAW("<p>");
    TEXT(tx->sources_intro);
    RAW("</p>\n<div class=\"table-wrap\"><table>\n<caption>");
    TEXT(tx->h_sources);
    RAW("</caption>\n<thead><tr>");
    const char *cols[] = {tx->col_file, tx->col_title, tx->col_source, tx->col_licence,
                          tx->col_updated};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        RAW("<th scope=\"col\">");
        TEXT(cols[i]);
        RAW("</th>");
    }
    RAW("</tr></thead>\n<tbody>\n");
    for (size_t i = 0, n = shr_catalog_file_count(r->cat); i < n; i++) {
        const char *title = shr_catalog_file_meta(r->cat, i, "title");
        const char *source = shr_catalog_file_meta(r->cat, i, "source");
        const char *licence = shr_catalog_file_meta(r->cat, i, "licence");
        const char *updated = shr_catalog_file_meta(r->cat, i, "updated");
        RAW("<tr><th scope=\"row\">");
        TEXT(base_name(shr_catalog_file_path(r->cat, i)));
        RAW("</th>");
        if (!title && !source && !licence && !updated) {
            RAW("<td colspan=\"4\" class=\"note\">");
            TEXT(tx->no_meta);
            RAW("</td>");
        } else {
            meta_cell(h, title, 0);
            meta_cell(h, source, 1);
            meta_cell(h, licence, 1);
            meta_cell(h, updated, 0);
        }
        RAW("</tr>\n");
    }
    RAW("</tbody></table></div>\n<p>");
    TEXT(tx->attribution_1);
    shr__html_link(h, STUDY_URL, NULL);
    TEXT(tx->attribution_2);
    RAW("</p>\n</section>\n");
}

static void render(shr_html *h, const report *r)
{
    render_head(h, r);
    render_header(h, r);
    render_key_figures(h, r);
    render_panorama(h, r);
    render_peers(h, r);
    render_inspire(h, r);
    render_practices(h, r);
    render_axes(h, r);
    render_sources(h, r);
    RAW("</main>\n<footer>\n<p>");
    TEXT(r->tx->produced_by);
    TEXT(shr_version());
    if (r->o.generated) {
        RAW(" — ");
        TEXT(r->o.generated);
    }
    RAW("</p>\n</footer>\n</body>\n</html>\n");
}

/* ================================================================== API */

int shr_report_write(const shr_catalog *cat, const char *territory_id,
                     const shr_report_options *opts, FILE *out, shr_error *err)
{
    shr_error_clear(err);
    if (!cat || !territory_id || !out)
        return shr__error_set(err, SHR_EINVAL, "report: NULL catalog, territory or stream");
    report r;
    memset(&r, 0, sizeof r);
    r.cat = cat;
    r.alloc = &cat->alloc;
    int rc = check_options(&r, opts, err);
    if (rc == SHR_OK)
        rc = collect(&r, territory_id, err);
    if (rc == SHR_OK) {
        shr_html h;
        shr__html_init(&h, out, r.lang);
        render(&h, &r);
        rc = shr__html_finish(&h, err);
    }
    report_free(&r);
    return rc;
}

static int io_error(shr_error *err, const char *path, const char *what, int e)
{
    return shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "%s: %s", what, strerror(e));
}

int shr_report_save(const shr_catalog *cat, const char *territory_id,
                    const shr_report_options *opts, const char *path, shr_error *err)
{
    shr_error_clear(err);
    if (!cat || !territory_id || !path || !*path)
        return shr__error_set(err, SHR_EINVAL, "report: NULL catalog or territory, or empty path");
    size_t len = strlen(path);
    char *tmp = shr__malloc(&cat->alloc, len + 8);
    if (!tmp)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".XXXXXX", 8);
    int rc = SHR_OK;
    FILE *f = NULL;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = io_error(err, path, "cannot create a temporary file", errno);
        goto done;
    }
    struct stat st;
    mode_t mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644;
    if (fchmod(fd, mode) != 0) {
        rc = io_error(err, path, "cannot set the file mode", errno);
        goto error;
    }
    f = fdopen(fd, "wb");
    if (!f) {
        rc = io_error(err, path, "cannot write", errno);
        goto error;
    }
    fd = -1; /* now owned by f */
    if ((rc = shr_report_write(cat, territory_id, opts, f, err)) != SHR_OK) {
        if (rc == SHR_EIO && err)
            snprintf(err->file, sizeof err->file, "%s", path);
        goto error;
    }
    if (fsync(fileno(f)) != 0) {
        rc = io_error(err, path, "cannot write", errno);
        goto error;
    }
    int closed = fclose(f);
    f = NULL;
    if (closed != 0) {
        rc = io_error(err, path, "cannot write", errno);
        goto error;
    }
    if (rename(tmp, path) != 0) {
        rc = io_error(err, path, "cannot replace the file", errno);
        goto error;
    }
    goto done;
error:
    if (f)
        fclose(f);
    if (fd >= 0)
        close(fd);
    unlink(tmp);
done:
    shr__free(&cat->alloc, tmp);
    return rc;
}
