/*
 * The territory report: one self-contained HTML page (see report.h). This file: the page and
 * the API; report_collect.c computes what it shows, report_sections.c writes the last sections.
 *
 * Two phases, so that a failure other than a write error writes nothing:
 *  1. collect: everything the page shows is computed with the library's own analyses (a query
 *     `in:T`, facets, shr_inspiration_compute() for the peers and the inspiration list,
 *     shr_comparison_compute() for the rates of the peers) into a `report`, which owns what it
 *     allocated;
 *  2. render: the page is written through the escaping writer of html.c, without allocating.
 *
 * Numbers shown to people are formatted for the page's language; each key figure and every
 * table cell that holds a number also carries it machine-readable (`<data value="...">`), so
 * that tests and tools can read the page without parsing French number formats.
 */
#include "report_internal.h"
#include "wstream.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================== render */


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
    "svg.map{display:block;width:100%;max-width:36rem;height:auto;max-height:36rem}"
    ".key{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;"
    "vertical-align:middle}.key.own{background:#c05621}.key.epci{background:#2b6cb0}"
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

const char *shr__rep_category_label(const shr_category *c, const report *r)
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

void shr__rep_section_start(shr_html *h, const char *id, const char *title)
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
    TEXT((int)kind >= 0 && kind < SHR_TERRITORY_KIND_COUNT
             ? shr__territory_kind_labels[kind][r->lang]
             : NULL);
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
        {"key", tx->h_key},         {"map", shr__rep_map_title(r)},
        {"panorama", tx->h_panorama}, {"peers", tx->h_peers},
        {"inspire", tx->h_inspire}, {"roadmap", tx->h_roadmap},
        {"practices", tx->h_practices}, {"axes", tx->h_axes}, {"fiches", tx->h_fiches},
        {"sources", tx->h_sources},
    };
    for (size_t i = 0; i < sizeof toc / sizeof toc[0]; i++) {
        if ((strcmp(toc[i].id, "inspire") == 0 && r->o.max_inspirations == 0) || !toc[i].title)
            continue;
        if ((strcmp(toc[i].id, "roadmap") == 0 || strcmp(toc[i].id, "fiches") == 0) &&
            !shr__rep_has_roadmap(r))
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
    shr__rep_section_start(h, "key", tx->h_key);
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
            TEXT(shr__sector_labels[s][r->lang]);
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
    shr__rep_section_start(h, "panorama", tx->h_panorama);
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
    shr__rep_section_start(h, "peers", tx->h_peers);
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
    shr__rep_section_start(h, "inspire", tx->h_inspire);
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
        TEXT(shr__rep_category_label(c, r));
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
                const shr_practice *p = shr_inspiration_example_at(r->insp, SHR_INSPIRE_LACKS, i,
                                                                   k);
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

static void render(shr_html *h, const report *r)
{
    render_head(h, r);
    render_header(h, r);
    render_key_figures(h, r);
    shr__rep_render_map(h, r);
    render_panorama(h, r);
    render_peers(h, r);
    render_inspire(h, r);
    shr__rep_render_roadmap(h, r);
    shr__rep_render_practices(h, r);
    shr__rep_render_axes(h, r);
    shr__rep_render_fiches(h, r);
    shr__rep_render_sources(h, r);
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

int shr_report_write_file(const shr_catalog *cat, const char *territory_id,
                     const shr_report_options *opts, FILE *out, shr_error *err)
{
    shr_error_clear(err);
    if (!cat || !territory_id || !out)
        return shr__error_set(err, SHR_EINVAL, "report: NULL catalog, territory or stream");
    report r;
    memset(&r, 0, sizeof r);
    r.cat = cat;
    r.alloc = &cat->alloc;
    int rc = shr__rep_check_options(&r, opts, err);
    if (rc == SHR_OK)
        rc = shr__rep_collect(&r, territory_id, err);
    if (rc == SHR_OK) {
        shr_html h;
        shr__html_init(&h, out, r.lang);
        render(&h, &r);
        rc = shr__html_finish(&h, err);
    }
    shr__rep_report_free(&r);
    return rc;
}

typedef struct save_args {
    const shr_catalog *cat;
    const char *territory_id;
    const shr_report_options *opts;
    const char *path;
} save_args;

static int write_page(const void *ctx, FILE *out, shr_error *err)
{
    const save_args *a = ctx;
    int rc = shr_report_write_file(a->cat, a->territory_id, a->opts, out, err);
    if (rc == SHR_EIO && err)
        snprintf(err->file, sizeof err->file, "%s", a->path);
    return rc;
}

int shr_report_save(const shr_catalog *cat, const char *territory_id,
                    const shr_report_options *opts, const char *path, shr_error *err)
{
    shr_error_clear(err);
    if (!cat || !territory_id || !path || !*path)
        return shr__error_set(err, SHR_EINVAL, "report: NULL catalog or territory, or empty path");
    const save_args args = {cat, territory_id, opts, path};
    return shr__atomic_save(path, &cat->alloc, write_page, &args, err);
}

/* ------------------------------------------------------------------ to a shr_writer */

int shr_report_write(const shr_catalog *cat, const char *territory_id,
                     const shr_report_options *opts, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_report_write_file(cat, territory_id, opts, f, err));
}
