/*
 * The territory report's last sections (see report.c): every practice with its details, the
 * axes, the sources.
 */
#include "report_internal.h"

#include <math.h>
#include <string.h>

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
    TEXT(shr__rep_category_label(c, r));
    RAW("</dd>\n");
    dt(h, tx->f_family);
    TEXT(shr_family_label(shr_category_family(c), tx->lang));
    RAW("</dd>\n");
    shr_status st = shr_practice_status(p);
    dt(h, tx->f_status);
    TEXT((int)st >= 0 && st < SHR_STATUS_COUNT ? shr__status_labels[st][r->lang] : NULL);
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
            TEXT(role >= 0 && role < SHR_ROLE_COUNT ? shr__role_labels[role][r->lang] : NULL);
            RAW(", ");
            TEXT((int)kind >= 0 && kind < SHR_ACTOR_KIND_COUNT ? shr__actor_kind_labels[kind][r->lang] : NULL);
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

void shr__rep_render_practices(shr_html *h, const report *r)
{
    shr__rep_section_start(h, "practices", r->tx->h_practices);
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

void shr__rep_render_axes(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    shr__rep_section_start(h, "axes", tx->h_axes);
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

void shr__rep_render_sources(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    shr__rep_section_start(h, "sources", tx->h_sources);
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

