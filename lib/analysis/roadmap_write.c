/* Writers of a roadmap (CSV, JSON, Markdown) and of one fiche-action as Markdown (roadmap.h).
 * Built on the public getters only. */
#include <string.h>

#include "analysis_internal.h"
#include "../export/export_internal.h"
#include "numfmt.h"
#include "wstream.h"

static const char *lang_of(const shr_roadmap *rm)
{
    return shr_roadmap_lang(rm);
}

static const shr_catalog *cat_of(const shr_roadmap *rm)
{
    return shr_roadmap_territory(rm)->cat;
}

/* ids of examples (kind 0) or leads (kind 1) of recommendation i, separated by ';', as one
 * CSV field (built in a buffer of the catalog's allocator). */
static int w_id_list(const shr_roadmap *rm, size_t i, int kind, FILE *out, char **buf,
                     size_t *cap, shr_error *err)
{
    const shr_allocator *a = shr_catalog_allocator(cat_of(rm));
    size_t n = kind ? shr_roadmap_lead_count(rm, i) : shr_roadmap_example_count(rm, i);
    size_t len = 0;
    if (shr__grow(a, (void **)buf, cap, 1, 1))
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    (*buf)[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        const char *id = kind ? shr_actor_id(shr_roadmap_lead_at(rm, i, k))
                              : shr_practice_id(shr_roadmap_example_at(rm, i, k));
        size_t m = strlen(id);
        if (shr__grow(a, (void **)buf, cap, len + m + 2, 1))
            return shr__error_set(err, SHR_ENOMEM, "out of memory");
        if (k)
            (*buf)[len++] = ';';
        memcpy(*buf + len, id, m + 1);
        len += m;
    }
    shr_csv_write_text(out, *buf, shr_catalog_csv_flags(cat_of(rm)));
    return SHR_OK;
}

int shr_roadmap_write_csv_file(const shr_roadmap *rm, FILE *out, shr_error *err)
{
    if (!rm || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_roadmap_write_csv_file: bad argument");
    const char *lang = lang_of(rm);
    const shr_allocator *a =
        shr_catalog_allocator(cat_of(rm));
    fputs("rank,action,title,score,peers_having,peers,local_count,examples,category,own_count,"
          "weak_axis,phase,effort,horizon,gap,weakness,lead,leads,why\n",
          out);
    char b1[64], b2[64], b3[64], b4[64];
    char *buf = NULL;
    size_t cap = 0;
    int rc = SHR_OK;
    for (size_t i = 0; i < shr_roadmap_count(rm) && rc == SHR_OK; i++) {
        const shr_action *act = shr_roadmap_action(rm, i);
        fprintf(out, "%zu,", i + 1);
        shr_csv_write_text(out, shr_action_id(act), shr_catalog_csv_flags(cat_of(rm)));
        putc(',', out);
        shr_csv_write_text(out, shr_action_title(act, lang), shr_catalog_csv_flags(cat_of(rm)));
        fprintf(out, ",%s,%zu,%zu,%zu,", shr__fmt_fixed(shr_roadmap_score(rm, i), 4, b1, sizeof b1),
                shr_roadmap_peers_having(rm, i), shr_roadmap_peer_count(rm),
                shr_roadmap_local_count(rm, i));
        if ((rc = w_id_list(rm, i, 0, out, &buf, &cap, err)) != SHR_OK)
            break;
        putc(',', out);
        const shr_category *c = shr_roadmap_category(rm, i);
        shr_csv_write_text(out, c ? shr_category_id(c) : NULL, shr_catalog_csv_flags(cat_of(rm)));
        int wa = shr_roadmap_weak_axis(rm, i);
        fprintf(out, ",%zu,%s,%s,%s,%d,%s,%s,%s,", shr_roadmap_own_count(rm, i),
                wa >= 0 ? shr_axis_id(shr_catalog_axis_at(
                              cat_of(rm), (size_t)wa))
                        : "",
                shr_action_phase_name(shr_action_phase_of(act)),
                shr_action_effort_name(shr_action_effort_of(act)), shr_action_horizon(act),
                shr__fmt_fixed(shr_roadmap_gap(rm, i), 4, b2, sizeof b2),
                shr__fmt_fixed(shr_roadmap_weakness(rm, i), 4, b3, sizeof b3),
                shr__fmt_fixed(shr_roadmap_lead_score(rm, i), 4, b4, sizeof b4));
        if ((rc = w_id_list(rm, i, 1, out, &buf, &cap, err)) != SHR_OK)
            break;
        putc(',', out);
        shr_csv_write_text(out, shr_roadmap_why(rm, i, lang), shr_catalog_csv_flags(cat_of(rm)));
        putc('\n', out);
    }
    shr__free(a, buf);
    return rc ? rc : shr__w_finish(out, err);
}

static void json_territory(FILE *out, const shr_territory *t)
{
    fputs("{\"id\": ", out);
    shr__w_json(out, shr_territory_id(t));
    fputs(", \"name\": ", out);
    shr__w_json(out, shr_territory_name(t));
    putc('}', out);
}

/* A number or null (negative: unknown). */
static void json_num(FILE *out, double v, int decimals)
{
    char b[64];
    fputs(v < 0 ? "null" : shr__fmt_fixed(v, decimals, b, sizeof b), out);
}

int shr_roadmap_write_json_file(const shr_roadmap *rm, FILE *out, shr_error *err)
{
    if (!rm || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_roadmap_write_json_file: bad argument");
    const char *lang = lang_of(rm);
    const shr_catalog *cat = cat_of(rm);
    fputs("{\"territory\": ", out);
    json_territory(out, shr_roadmap_territory(rm));
    fputs(", \"lang\": ", out);
    shr__w_json(out, lang);
    fprintf(out, ", \"peers\": %zu,\n \"axes\": [", shr_roadmap_peer_count(rm));
    for (int x = 0; x < SHR_AXIS_COUNT; x++) {
        fputs(x ? ",\n   {\"axis\": " : "\n   {\"axis\": ", out);
        shr__w_json(out, shr_axis_id(shr_catalog_axis_at(cat, (size_t)x)));
        fputs(", \"per_10000\": ", out);
        json_num(out, shr_roadmap_axis_density(rm, x), 4);
        fputs(", \"peers_per_10000\": ", out);
        json_num(out, shr_roadmap_axis_peer_density(rm, x), 4);
        fputs(", \"weakness\": ", out);
        json_num(out, shr_roadmap_axis_weakness(rm, x), 4);
        putc('}', out);
    }
    fputs("],\n \"recommendations\": [", out);
    for (size_t i = 0; i < shr_roadmap_count(rm); i++) {
        const shr_action *act = shr_roadmap_action(rm, i);
        const shr_category *c = shr_roadmap_category(rm, i);
        int wa = shr_roadmap_weak_axis(rm, i);
        fprintf(out, "%s{\"rank\": %zu, \"action\": ", i ? ",\n   " : "\n   ", i + 1);
        shr__w_json(out, shr_action_id(act));
        fputs(", \"title\": ", out);
        shr__w_json(out, shr_action_title(act, lang));
        fprintf(out, ", \"phase\": \"%s\", \"effort\": \"%s\", \"horizon\": %d, \"score\": ",
                shr_action_phase_name(shr_action_phase_of(act)),
                shr_action_effort_name(shr_action_effort_of(act)), shr_action_horizon(act));
        json_num(out, shr_roadmap_score(rm, i), 4);
        fputs(", \"gap\": ", out);
        json_num(out, shr_roadmap_gap(rm, i), 4);
        fputs(", \"weakness\": ", out);
        json_num(out, shr_roadmap_weakness(rm, i), 4);
        fputs(", \"lead\": ", out);
        json_num(out, shr_roadmap_lead_score(rm, i), 4);
        fputs(", \"category\": ", out);
        shr__w_json(out, c ? shr_category_id(c) : NULL);
        fprintf(out, ", \"peers_having\": %zu, \"peers\": %zu, \"own_count\": %zu, "
                     "\"local_count\": %zu, \"weak_axis\": ",
                shr_roadmap_peers_having(rm, i), shr_roadmap_peer_count(rm),
                shr_roadmap_own_count(rm, i), shr_roadmap_local_count(rm, i));
        shr__w_json(out, wa >= 0 ? shr_axis_id(shr_catalog_axis_at(cat, (size_t)wa)) : NULL);
        fputs(", \"why\": ", out);
        shr__w_json(out, shr_roadmap_why(rm, i, lang));
        fprintf(out, ", \"lead_total\": %zu, \"leads\": [", shr_roadmap_lead_total(rm, i));
        for (size_t k = 0; k < shr_roadmap_lead_count(rm, i); k++) {
            const shr_actor *ac = shr_roadmap_lead_at(rm, i, k);
            fputs(k ? ", {\"id\": " : "{\"id\": ", out);
            shr__w_json(out, shr_actor_id(ac));
            fputs(", \"name\": ", out);
            shr__w_json(out, shr_actor_name(ac));
            fputs(", \"sector\": ", out);
            shr__w_json(out, shr_sector_name(shr_actor_sector(ac)));
            putc('}', out);
        }
        fputs("], \"examples\": [", out);
        for (size_t k = 0; k < shr_roadmap_example_count(rm, i); k++) {
            const shr_practice *p = shr_roadmap_example_at(rm, i, k);
            const shr_territory *t = shr_roadmap_example_territory(rm, i, k);
            fputs(k ? ", {" : "{", out);
            shr__an_json_example(out, p, t);
            fputs(", \"distance_km\": ", out);
            json_num(out, shr_roadmap_example_distance_km(rm, i, k), 1);
            putc('}', out);
        }
        fputs("]}", out);
    }
    fputs("]}\n", out);
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ Markdown */

/* Markdown text on one line: characters that would start markup are escaped. */
static void w_md(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (strchr("\\`*_[]<>#|", *s))
            putc('\\', out);
        putc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
    }
}

static const char *const md_words[][2] = {
    {"Feuille de route", "Roadmap"},                       /* 0 */
    {"Comparé à %zu territoires pairs (les mêmes que `sharitories inspire`). "
     "Score et méthode : docs/roadmap.md.",
     "Compared with %zu peer territories (the same as `sharitories inspire`). "
     "Score and method: docs/roadmap.md."},                /* 1 */
    {"Pourquoi", "Why"},                                   /* 2 */
    {"S'inspirer de", "Learn from"},                       /* 3 */
    {"Aucune recommandation : aucune fiche ne comble un écart avec les pairs.",
     "No recommendation: no fiche fills a gap with the peers."}, /* 4 */
    {"Effort", "Effort"},                                  /* 5 */
    {"mois", "months"},                                    /* 6 */
    {"Enjeu", "Challenge"},                                /* 7 */
    {"En bref", "In short"},                               /* 8 */
    {"Axes", "Axes"},                                      /* 9 */
    {"Catégories", "Categories"},                          /* 10 */
    {"Public visé", "Audience"},                           /* 11 */
    {"Porteurs", "Lead"},                                  /* 12 */
    {"Partenaires", "Partners"},                           /* 13 */
    {"Liens", "Links"},                                    /* 14 */
    {"Sources", "Sources"},                                /* 15 */
    {"Horizon", "Horizon"},                                /* 16 */
    {"Posture", "Stance"},                                 /* 17 */
};

static const char *word(int w, const char *lang)
{
    return md_words[w][strcmp(lang, "en") == 0];
}

/* "label : value" in French, "label: value" in English. */
static const char *colon(const char *lang)
{
    return strcmp(lang, "en") == 0 ? ":" : " :";
}

/* The items of one list: numbered (steps) or bulleted. */
static void md_items(FILE *out, const shr_action *a, shr_action_list list, const char *lang,
                     const char *heading)
{
    size_t n = shr_action_item_count(a, list);
    if (n == 0)
        return;
    fprintf(out, "%s %s\n\n", heading, shr_action_list_label(list, lang));
    for (size_t k = 0; k < n; k++) {
        if (list == SHR_ACTION_STEPS)
            fprintf(out, "%zu. ", k + 1);
        else
            fputs("- ", out);
        w_md(out, shr_action_item_at(a, list, k, lang));
        putc('\n', out);
    }
    putc('\n', out);
}

int shr_roadmap_write_md_file(const shr_roadmap *rm, FILE *out, shr_error *err)
{
    if (!rm || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_roadmap_write_md_file: bad argument");
    const char *lang = lang_of(rm);
    const shr_territory *t = shr_roadmap_territory(rm);
    fprintf(out, "# %s%s ", word(0, lang), colon(lang));
    w_md(out, shr_territory_name(t));
    fputs(" (", out);
    w_md(out, shr_territory_id(t));
    fputs(")\n\n", out);
    fprintf(out, word(1, lang), shr_roadmap_peer_count(rm));
    fputs("\n\n", out);
    if (shr_roadmap_count(rm) == 0)
        fprintf(out, "%s\n", word(4, lang));
    char b[64];
    for (int ph = 0; ph < SHR_PHASE_COUNT; ph++) {
        int any = 0;
        for (size_t i = 0; i < shr_roadmap_count(rm); i++) {
            const shr_action *a = shr_roadmap_action(rm, i);
            if ((int)shr_action_phase_of(a) != ph)
                continue;
            if (!any++)
                fprintf(out, "## %s\n\n", shr_action_phase_label((shr_action_phase)ph, lang));
            fprintf(out, "### %zu. ", i + 1);
            w_md(out, shr_action_title(a, lang));
            fprintf(out, " (score %s)\n\n", shr__fmt_fixed(shr_roadmap_score(rm, i), 4, b, sizeof b));
            fprintf(out, "`%s` · %s%s %s · %s%s %d %s\n\n", shr_action_id(a), word(5, lang),
                    colon(lang), shr_action_effort_label(shr_action_effort_of(a), lang),
                    word(16, lang), colon(lang), shr_action_horizon(a), word(6, lang));
            fprintf(out, "**%s.** ", word(2, lang));
            w_md(out, shr_roadmap_why(rm, i, lang));
            fputs("\n\n", out);
            md_items(out, a, SHR_ACTION_STEPS, lang, "####");
            size_t nex = shr_roadmap_example_count(rm, i);
            if (nex) {
                fprintf(out, "#### %s\n\n", word(3, lang));
                for (size_t k = 0; k < nex; k++) {
                    fputs("- ", out);
                    w_md(out, shr_practice_name(shr_roadmap_example_at(rm, i, k)));
                    fputs(" — ", out);
                    w_md(out, shr_territory_name(shr_roadmap_example_territory(rm, i, k)));
                    double km = shr_roadmap_example_distance_km(rm, i, k);
                    if (km >= 0)
                        fprintf(out, " (%s km)", shr__fmt_fixed(km, 0, b, sizeof b));
                    fprintf(out, " `%s`\n", shr_practice_id(shr_roadmap_example_at(rm, i, k)));
                }
                putc('\n', out);
            }
        }
    }
    return shr__w_finish(out, err);
}

/* A list of names separated by ", ". */
static void md_names(FILE *out, const char *label, size_t n, const char *(*name)(const void *,
                     size_t, const char *), const void *obj, const char *lang)
{
    if (n == 0)
        return;
    fprintf(out, "- **%s**%s ", label, colon(lang));
    for (size_t k = 0; k < n; k++) {
        if (k)
            fputs(", ", out);
        w_md(out, name(obj, k, lang));
    }
    putc('\n', out);
}

static const char *axis_name(const void *a, size_t k, const char *lang)
{
    return shr_axis_label(shr_action_axis_at(a, k), lang);
}
static const char *category_name(const void *a, size_t k, const char *lang)
{
    const shr_category *c = shr_action_category_at(a, k);
    const char *l = shr_category_label(c, lang);
    return l ? l : shr_category_id(c);
}
static const char *audience_name(const void *a, size_t k, const char *lang)
{
    (void)lang;
    return shr_audience_name((shr_audience)shr_action_audience_at(a, k));
}
static const char *lead_name(const void *a, size_t k, const char *lang)
{
    (void)lang;
    return shr_sector_name((shr_sector)shr_action_lead_at(a, k));
}
static const char *partner_name(const void *a, size_t k, const char *lang)
{
    (void)lang;
    return shr_sector_name((shr_sector)shr_action_partner_at(a, k));
}

int shr_action_write_md_file(const shr_action *a, const char *lang, FILE *out, shr_error *err)
{
    if (!a || !out || !lang || (strcmp(lang, "fr") != 0 && strcmp(lang, "en") != 0))
        return shr__error_set(err, SHR_EINVAL, "shr_action_write_md_file: bad argument");
    fputs("# ", out);
    w_md(out, shr_action_title(a, lang));
    const char *c = colon(lang);
    fprintf(out, "\n\n`%s` · %s · %s%s %s · %s%s %d %s · %s%s %s\n\n", shr_action_id(a),
            shr_action_phase_label(shr_action_phase_of(a), lang), word(5, lang), c,
            shr_action_effort_label(shr_action_effort_of(a), lang), word(16, lang), c,
            shr_action_horizon(a), word(6, lang), word(17, lang), c,
            shr_action_stance_name(shr_action_stance_of(a)));
    md_names(out, word(9, lang), shr_action_axis_count(a), axis_name, a, lang);
    md_names(out, word(10, lang), shr_action_category_count(a), category_name, a, lang);
    md_names(out, word(11, lang), shr_action_audience_count(a), audience_name, a, lang);
    md_names(out, word(12, lang), shr_action_lead_count(a), lead_name, a, lang);
    md_names(out, word(13, lang), shr_action_partner_count(a), partner_name, a, lang);
    fprintf(out, "\n## %s\n\n", word(8, lang));
    w_md(out, shr_action_summary(a, lang));
    fprintf(out, "\n\n## %s\n\n", word(7, lang));
    w_md(out, shr_action_challenge(a, lang));
    fputs("\n\n", out);
    for (int l = 0; l < SHR_ACTION_LIST_COUNT; l++)
        md_items(out, a, (shr_action_list)l, lang, "##");
    if (shr_action_link_count(a)) {
        fprintf(out, "## %s\n\n", word(14, lang));
        for (size_t k = 0; k < shr_action_link_count(a); k++)
            fprintf(out, "- <%s>\n", shr_action_link_at(a, k));
        putc('\n', out);
    }
    if (shr_action_source_count(a)) {
        fprintf(out, "## %s\n\n", word(15, lang));
        for (size_t k = 0; k < shr_action_source_count(a); k++) {
            fputs("- ", out);
            w_md(out, shr_action_source_at(a, k));
            putc('\n', out);
        }
        putc('\n', out);
    }
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ to a shr_writer */

int shr_roadmap_write_csv(const shr_roadmap *rm, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_roadmap_write_csv_file(rm, f, err));
}

int shr_roadmap_write_json(const shr_roadmap *rm, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_roadmap_write_json_file(rm, f, err));
}

int shr_roadmap_write_md(const shr_roadmap *rm, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_roadmap_write_md_file(rm, f, err));
}

int shr_action_write_md(const shr_action *a, const char *lang, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_action_write_md_file(a, lang, f, err));
}
