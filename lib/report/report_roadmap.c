/*
 * The territory report's "Feuille de route" / "Roadmap" section and its appendix (see report.c):
 * the first recommendations of the territory's roadmap (roadmap.h) with their why, steps,
 * possible leads and examples, each linked to the full text of its fiche further down the page.
 */
#include "report_internal.h"

int shr__rep_has_roadmap(const report *r)
{
    return r->roadmap != NULL;
}

/* The anchor of a fiche in the appendix: id="fiche-ID". */
static void fiche_anchor(shr_html *h, const shr_action *a)
{
    RAW("fiche-");
    TEXT(shr_action_id(a));
}

static void meta_line(shr_html *h, const report *r, const shr_action *a)
{
    const report_texts *tx = r->tx;
    RAW("<span class=\"note\">(");
    TEXT(shr_action_phase_label(shr_action_phase_of(a), tx->lang));
    RAW(" · ");
    TEXT(tx->effort);
    TEXT(tx->colon);
    TEXT(shr_action_effort_label(shr_action_effort_of(a), tx->lang));
    RAW(" · ");
    shr__html_int(h, shr_action_horizon(a));
    RAW(" ");
    TEXT(tx->months);
    RAW(")</span>");
}

static void item_list(shr_html *h, const report *r, const shr_action *a, shr_action_list list,
                      const char *heading)
{
    size_t n = shr_action_item_count(a, list);
    if (n == 0)
        return;
    shr__html_rawf(h, "<%s>", heading);
    TEXT(shr_action_list_label(list, r->tx->lang));
    shr__html_rawf(h, "</%s>\n%s\n", heading, list == SHR_ACTION_STEPS ? "<ol>" : "<ul>");
    for (size_t k = 0; k < n; k++) {
        RAW("<li>");
        TEXT(shr_action_item_at(a, list, k, r->tx->lang));
        RAW("</li>\n");
    }
    RAW(list == SHR_ACTION_STEPS ? "</ol>\n" : "</ul>\n");
}

void shr__rep_render_roadmap(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    const shr_roadmap *rm = r->roadmap;
    if (!rm)
        return;
    shr__rep_section_start(h, "roadmap", tx->h_roadmap);
    size_t n = shr_roadmap_count(rm);
    if (n == 0) {
        RAW("<p>");
        TEXT(tx->roadmap_none);
        RAW("</p>\n</section>\n");
        return;
    }
    RAW("<p class=\"note\">");
    TEXT(tx->roadmap_intro);
    RAW("</p>\n<ol class=\"roadmap\">\n");
    for (size_t i = 0; i < n; i++) {
        const shr_action *a = shr_roadmap_action(rm, i);
        shr__html_rawf(h, "<li id=\"rm-%zu\"><strong><a href=\"#", i + 1);
        fiche_anchor(h, a);
        RAW("\">");
        TEXT(shr_action_title(a, tx->lang));
        RAW("</a></strong> ");
        meta_line(h, r, a);
        RAW("\n<p><strong>");
        TEXT(tx->why);
        RAW("</strong>");
        TEXT(tx->colon);
        TEXT(shr_roadmap_why(rm, i, tx->lang));
        RAW("</p>\n");
        item_list(h, r, a, SHR_ACTION_STEPS, "h4");
        size_t nex = shr_roadmap_example_count(rm, i);
        if (nex) {
            RAW("<p>");
            TEXT(tx->learn_from);
            TEXT(tx->colon);
            for (size_t k = 0; k < nex; k++) {
                if (k)
                    TEXT(tx->semicolon);
                TEXT(shr_practice_name(shr_roadmap_example_at(rm, i, k)));
                RAW(" (");
                TEXT(shr_territory_name(shr_roadmap_example_territory(rm, i, k)));
                double km = shr_roadmap_example_distance_km(rm, i, k);
                if (km >= 0) {
                    RAW(", ");
                    shr__html_fixed(h, km, 0);
                    RAW(" km");
                }
                RAW(")");
            }
            RAW("</p>\n");
        }
        RAW("<p><a href=\"#");
        fiche_anchor(h, a);
        RAW("\">");
        TEXT(tx->full_fiche);
        RAW("</a></p></li>\n");
    }
    RAW("</ol>\n</section>\n");
}

void shr__rep_render_fiches(shr_html *h, const report *r)
{
    const report_texts *tx = r->tx;
    const shr_roadmap *rm = r->roadmap;
    if (!rm)
        return;
    shr__rep_section_start(h, "fiches", tx->h_fiches);
    RAW("<p class=\"note\">");
    TEXT(shr_roadmap_count(rm) ? tx->fiches_intro : tx->roadmap_none);
    RAW("</p>\n");
    for (size_t i = 0; i < shr_roadmap_count(rm); i++) {
        const shr_action *a = shr_roadmap_action(rm, i);
        RAW("<article class=\"fiche\" id=\"");
        fiche_anchor(h, a);
        RAW("\">\n<h3>");
        TEXT(shr_action_title(a, tx->lang));
        RAW("</h3>\n<p>");
        meta_line(h, r, a);
        RAW("</p>\n<p>");
        TEXT(shr_action_summary(a, tx->lang));
        RAW("</p>\n<p><strong>");
        TEXT(tx->challenge);
        RAW("</strong>");
        TEXT(tx->colon);
        TEXT(shr_action_challenge(a, tx->lang));
        RAW("</p>\n");
        for (int l = 0; l < SHR_ACTION_LIST_COUNT; l++)
            item_list(h, r, a, (shr_action_list)l, "h4");
        size_t nlinks = shr_action_link_count(a);
        if (nlinks) {
            RAW("<p>");
            for (size_t k = 0; k < nlinks; k++) {
                const char *url = shr_action_link_at(a, k);
                if (k)
                    TEXT(tx->semicolon);
                if (shr__html_is_web_url(url))
                    shr__html_link(h, url, url);
                else
                    TEXT(url);
            }
            RAW("</p>\n");
        }
        shr__html_rawf(h, "<p><a href=\"#rm-%zu\">↑ %zu</a></p>\n</article>\n", i + 1, i + 1);
    }
    RAW("</section>\n");
}
