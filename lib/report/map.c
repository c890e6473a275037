/*
 * Choropleth maps as inline SVG (map.h, docs/maps.md): practices per 10,000 inhabitants by
 * department or region, drawn from the outlines file (map_outlines.c) through the escaping writer
 * of the report (html.c).
 *
 * Classes: territories with no practice form a class of their own ("0") when there are some;
 * the positive rates are cut into quantile classes (each holds about as many territories), and
 * each class shows the lowest and highest rate it holds, so the legend states what is on the
 * map and nothing in between. Territories without a population are "no data".
 */
#include "map_internal.h"

#include "sharitories/facet.h"
#include "sharitories/map.h"
#include "sharitories/query.h"
#include "wstream.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sequential palette (light to dark; ColorBrewer "Blues", 7 classes), zero and no-data colours. */
static const char *const palette[7] = {"#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
                                       "#4292c6", "#2171b5", "#08519c"};
#define COLOUR_ZERO "#f4f1e4"
#define COLOUR_NODATA "#bdbdbd"

typedef struct map_texts {
    const char *lang;
    const char *title_dep, *title_reg; /* "%s" is the per figure */
    const char *practices_1, *practices_n;
    const char *per;    /* "%s" per figure: "pour %s habitants" */
    const char *no_pop; /* tooltip: no population */
    const char *legend, *zero, *nodata; /* legend: its first line, then `per` */
    const char *desc_intro; /* %s: count of practices; then level */
    const char *desc_query, *desc_classes, *desc_top, *desc_insets, *level_dep, *level_reg;
    const char *count_nouns[2][2]; /* [level][plural]: département(s), région(s) */
} map_texts;

static const map_texts texts[2] = {
    {"fr", "Pratiques pour %s habitants, par département", "Pratiques pour %s habitants, par région",
     "pratique", "pratiques", "pour %s habitants", "population inconnue", "Pratiques",
     "0 pratique", "pas de population", "Carte choroplèthe : %s %s, rapportées à la population, par %s.",
     " Requête : %s.", " Classes :", " Taux les plus élevés :",
     " Les départements d'outre-mer sont en encarts, chacun à sa propre échelle.", "département",
     "région", {{"département", "départements"}, {"région", "régions"}}},
    {"en", "Practices per %s inhabitants, by department", "Practices per %s inhabitants, by region",
     "practice", "practices", "per %s inhabitants", "population unknown", "Practices",
     "0 practices", "no population", "Choropleth map: %s %s, relative to population, by %s.",
     " Query: %s.", " Classes:", " Highest rates:",
     " Overseas departments are insets, each at its own scale.", "department", "region",
     {{"department", "departments"}, {"region", "regions"}}},
};

const char *shr_map_level_name(shr_map_level level)
{
    return level == SHR_MAP_DEPARTMENT ? "department" : level == SHR_MAP_REGION ? "region" : NULL;
}

int shr_map_level_from_name(const char *name, shr_map_level *out)
{
    if (name && strcmp(name, "department") == 0)
        *out = SHR_MAP_DEPARTMENT;
    else if (name && strcmp(name, "region") == 0)
        *out = SHR_MAP_REGION;
    else
        return SHR_ENOTFOUND;
    return SHR_OK;
}

typedef struct cell {
    const shr_map_outline *ol;
    const char *name; /* the territory's name, else its id */
    size_t count;
    double rate; /* < 0: no data */
    int cls;     /* -2 no data, -1 zero, else a positive class */
} cell;

typedef struct map {
    const shr_catalog *cat;
    const shr_allocator *a;
    shr_map_options o;
    int lang;
    const map_texts *tx;
    shr_map_outlines outlines;
    cell *cells;
    size_t ncells;
    size_t total; /* practices selected */
    int nclasses; /* positive classes */
    double lo[7], hi[7];
    size_t members[7], nzero, nnodata;
    int decimals;
} map;

static int check_options(map *m, const shr_map_options *opts, shr_error *err)
{
    static const shr_map_options defaults = SHR_MAP_OPTIONS_INIT;
    m->o = opts ? *opts : defaults;
    if (m->o.version != SHR_MAP_OPTIONS_VERSION)
        return shr__error_set(err, SHR_EINVAL, "map options version %u: expected %u", m->o.version,
                              SHR_MAP_OPTIONS_VERSION);
    if (!shr_map_level_name(m->o.by))
        return shr__error_set(err, SHR_EINVAL, "map level %d: expected department or region",
                              (int)m->o.by);
    if (!(m->o.per > 0 && isfinite(m->o.per)))
        return shr__error_set(err, SHR_EINVAL, "map per: expected a positive number");
    if (m->o.classes < 2 || m->o.classes > 7)
        return shr__error_set(err, SHR_EINVAL, "map classes %u: expected 2 to 7", m->o.classes);
    if (!m->o.lang || strcmp(m->o.lang, "fr") == 0)
        m->lang = 0;
    else if (strcmp(m->o.lang, "en") == 0)
        m->lang = 1;
    else
        return shr__error_set(err, SHR_EINVAL, "map language '%.40s': expected fr or en", m->o.lang);
    m->tx = &texts[m->lang];
    return SHR_OK;
}

static int rate_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Quantile classes of the positive rates (see the file's comment). */
static int classify(map *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->ncells; i++)
        n += m->cells[i].rate > 0;
    double *r = shr__malloc(m->a, (n + 1) * sizeof *r);
    if (!r)
        return SHR_ENOMEM;
    n = 0;
    for (size_t i = 0; i < m->ncells; i++)
        if (m->cells[i].rate > 0)
            r[n++] = m->cells[i].rate;
    qsort(r, n, sizeof *r, rate_cmp);
    int k = (int)m->o.classes;
    int has_zero = 0;
    for (size_t i = 0; i < m->ncells; i++)
        has_zero |= m->cells[i].rate == 0;
    if (has_zero)
        k--;
    /* upper bounds: the rate at each quantile, equal bounds merged */
    double ub[7];
    int nub = 0;
    for (int j = 1; j <= k && n; j++) {
        size_t at = (size_t)ceil((double)j * (double)n / k);
        double v = r[(at ? at : 1) - 1];
        if (nub == 0 || v > ub[nub - 1])
            ub[nub++] = v;
    }
    shr__free(m->a, r);
    m->nclasses = nub;
    for (int j = 0; j < nub; j++) {
        m->lo[j] = INFINITY;
        m->hi[j] = -INFINITY;
        m->members[j] = 0;
    }
    double max = 0;
    for (size_t i = 0; i < m->ncells; i++) {
        cell *c = &m->cells[i];
        if (c->rate < 0) {
            c->cls = -2;
            m->nnodata++;
        } else if (c->rate == 0) {
            c->cls = -1;
            m->nzero++;
        } else {
            int j = 0;
            while (j < nub - 1 && c->rate > ub[j])
                j++;
            c->cls = j;
            m->members[j]++;
            if (c->rate < m->lo[j])
                m->lo[j] = c->rate;
            if (c->rate > m->hi[j])
                m->hi[j] = c->rate;
            if (c->rate > max)
                max = c->rate;
        }
    }
    m->decimals = max >= 100 ? 0 : max >= 10 ? 1 : max >= 0.1 || max == 0 ? 2 : 3;
    return SHR_OK;
}

/* The palette colour of positive class j of n. */
static const char *class_colour(int j, int n)
{
    if (n <= 1)
        return palette[3];
    return palette[(size_t)j * 6 / (size_t)(n - 1)];
}

static const char *cell_colour(const map *m, const cell *c)
{
    return c->cls == -2 ? COLOUR_NODATA : c->cls == -1 ? COLOUR_ZERO : class_colour(c->cls, m->nclasses);
}

static int collect(map *m, shr_error *err)
{
    int rc = shr__map_outlines_read(m->a, m->o.outlines, &m->outlines, err);
    if (rc)
        return rc;
    shr_result *res = NULL;
    rc = shr_catalog_select(m->cat, m->o.query ? m->o.query : "", &res, err);
    if (rc)
        return rc;
    m->total = shr_result_count(res);
    shr_facet *f = NULL;
    rc = shr_facet_compute(res, m->o.by == SHR_MAP_REGION ? SHR_DIM_REGION : SHR_DIM_DEPARTMENT,
                           &f, err);
    if (rc) {
        shr_result_free(res);
        return rc;
    }
    m->cells = shr__calloc(m->a, m->outlines.count + 1, sizeof *m->cells);
    if (!m->cells) {
        rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
    } else {
        int want_region = m->o.by == SHR_MAP_REGION;
        for (size_t i = 0; i < m->outlines.count; i++) {
            const shr_map_outline *ol = &m->outlines.items[i];
            if (ol->region != want_region)
                continue;
            cell *c = &m->cells[m->ncells++];
            c->ol = ol;
            const shr_territory *t = shr_catalog_territory(m->cat, ol->id);
            c->name = t ? shr_territory_name(t) : ol->id;
            for (size_t k = 0; k < shr_facet_count(f); k++)
                if (strcmp(shr_facet_key(f, k), t ? shr_territory_id(t) : ol->id) == 0)
                    c->count = shr_facet_value(f, k);
            int64_t pop = t ? shr_territory_population(t) : SHR_NO_POPULATION;
            c->rate = pop > 0 ? (double)c->count * m->o.per / (double)pop : -1.0;
        }
        rc = classify(m);
        if (rc)
            shr__error_set(err, rc, "out of memory");
    }
    shr_facet_free(f);
    shr_result_free(res);
    return rc;
}

static void map_free(map *m)
{
    shr__free(m->a, m->cells);
    shr__map_outlines_free(&m->outlines);
}

static void put_fixed(shr_html *h, const map *m, double v)
{
    shr__html_fixed(h, v, m->decimals);
}

/* "pour 10 000 habitants" with the per figure in the language's format. */
static void put_per(shr_html *h, const map *m, const char *fmt)
{
    char num[64];
    if (m->o.per == floor(m->o.per) && m->o.per < 1e15)
        shr__format_int(num, sizeof num, (int64_t)m->o.per, m->lang);
    else
        shr__format_fixed(num, sizeof num, m->o.per, 2, m->lang);
    const char *p = strstr(fmt, "%s");
    shr__html_text_n(h, fmt, (size_t)(p - fmt));
    shr__html_text(h, num);
    shr__html_text(h, p + 2);
}

static void put_title(shr_html *h, const map *m)
{
    if (m->o.title)
        shr__html_text(h, m->o.title);
    else
        put_per(h, m, m->o.by == SHR_MAP_REGION ? m->tx->title_reg : m->tx->title_dep);
}

static void put_class_range(shr_html *h, const map *m, int j)
{
    put_fixed(h, m, m->lo[j]);
    if (m->hi[j] > m->lo[j]) {
        shr__html_raw(h, " – ");
        put_fixed(h, m, m->hi[j]);
    }
}

static void put_members(shr_html *h, const map *m, size_t n)
{
    shr__html_raw(h, " (");
    shr__html_int(h, (int64_t)n);
    shr__html_raw(h, " ");
    shr__html_text(h, m->tx->count_nouns[m->o.by == SHR_MAP_REGION][n != 1]);
    shr__html_raw(h, ")");
}

static void put_desc(shr_html *h, const map *m)
{
    const map_texts *tx = m->tx;
    char num[64];
    shr__format_int(num, sizeof num, (int64_t)m->total, m->lang);
    const char *fmt = tx->desc_intro; /* "...: %s %s, ..., par %s." */
    const char *p1 = strstr(fmt, "%s");
    shr__html_text_n(h, fmt, (size_t)(p1 - fmt));
    shr__html_text(h, num);
    shr__html_raw(h, " ");
    shr__html_text(h, m->total == 1 ? tx->practices_1 : tx->practices_n);
    const char *p2 = strstr(p1 + 2, "%s"), *p3 = strstr(p2 + 2, "%s");
    shr__html_text_n(h, p2 + 2, (size_t)(p3 - (p2 + 2)));
    shr__html_text(h, m->o.by == SHR_MAP_REGION ? tx->level_reg : tx->level_dep);
    shr__html_text(h, p3 + 2);
    if (m->o.query && *m->o.query) {
        const char *q = strstr(tx->desc_query, "%s");
        shr__html_text_n(h, tx->desc_query, (size_t)(q - tx->desc_query));
        shr__html_text(h, m->o.query);
        shr__html_text(h, q + 2);
    }
    shr__html_text(h, tx->desc_classes);
    int first = 1;
    if (m->nzero) {
        shr__html_raw(h, " ");
        shr__html_text(h, tx->zero);
        put_members(h, m, m->nzero);
        first = 0;
    }
    for (int j = 0; j < m->nclasses; j++) {
        shr__html_raw(h, first ? " " : "; ");
        put_class_range(h, m, j);
        put_members(h, m, m->members[j]);
        first = 0;
    }
    if (m->nnodata) {
        shr__html_raw(h, first ? " " : "; ");
        shr__html_text(h, tx->nodata);
        put_members(h, m, m->nnodata);
    }
    shr__html_raw(h, ".");
    /* the three highest rates, by name */
    const cell *top[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < m->ncells; i++) {
        const cell *c = &m->cells[i];
        if (c->rate <= 0)
            continue;
        for (int k = 0; k < 3; k++)
            if (!top[k] || c->rate > top[k]->rate) {
                for (int s = 2; s > k; s--)
                    top[s] = top[s - 1];
                top[k] = c;
                break;
            }
    }
    if (top[0]) {
        shr__html_text(h, tx->desc_top);
        for (int k = 0; k < 3 && top[k]; k++) {
            shr__html_raw(h, k ? ", " : " ");
            shr__html_text(h, top[k]->name);
            shr__html_raw(h, " (");
            put_fixed(h, m, top[k]->rate);
            shr__html_raw(h, ")");
        }
        shr__html_raw(h, ".");
    }
    if (m->o.by == SHR_MAP_DEPARTMENT || m->o.by == SHR_MAP_REGION)
        shr__html_text(h, tx->desc_insets);
    shr__html_raw(h, " ");
    shr__html_text(h, m->outlines.attribution);
}

static void put_tooltip(shr_html *h, const map *m, const cell *c)
{
    shr__html_raw(h, "<title>");
    shr__html_text(h, c->name);
    shr__html_raw(h, " – ");
    shr__html_int(h, (int64_t)c->count);
    shr__html_raw(h, " ");
    shr__html_text(h, c->count == 1 ? m->tx->practices_1 : m->tx->practices_n);
    shr__html_raw(h, ", ");
    if (c->rate < 0) {
        shr__html_text(h, m->tx->no_pop);
    } else {
        put_fixed(h, m, c->rate);
        shr__html_raw(h, " ");
        put_per(h, m, m->tx->per);
    }
    shr__html_raw(h, "</title>");
}

static void legend_entry(shr_html *h, double x, double y, const char *colour)
{
    shr__html_rawf(h, "<rect x=\"%.0f\" y=\"%.0f\" width=\"22\" height=\"16\" fill=\"%s\" "
                      "stroke=\"#555\" stroke-width=\"0.5\"/><text x=\"%.0f\" y=\"%.0f\">",
                   x, y, colour, x + 30, y + 13);
}

/* Legend to the right of the map, at x. */
static void put_legend(shr_html *h, const map *m, double x)
{
    double y = 20;
    shr__html_rawf(h, "<g class=\"legend\" font-size=\"14\"><text x=\"%.0f\" y=\"%.0f\" "
                      "font-weight=\"bold\">", x, y);
    shr__html_text(h, m->tx->legend);
    shr__html_rawf(h, "<tspan x=\"%.0f\" dy=\"17\">", x);
    put_per(h, m, m->tx->per);
    shr__html_raw(h, "</tspan></text>");
    y += 32;
    for (int j = m->nclasses - 1; j >= 0; j--) {
        legend_entry(h, x, y, class_colour(j, m->nclasses));
        put_class_range(h, m, j);
        put_members(h, m, m->members[j]);
        shr__html_raw(h, "</text>");
        y += 24;
    }
    if (m->nzero) {
        legend_entry(h, x, y, COLOUR_ZERO);
        shr__html_text(h, m->tx->zero);
        put_members(h, m, m->nzero);
        shr__html_raw(h, "</text>");
        y += 24;
    }
    if (m->nnodata) {
        legend_entry(h, x, y, COLOUR_NODATA);
        shr__html_text(h, m->tx->nodata);
        put_members(h, m, m->nnodata);
        shr__html_raw(h, "</text>");
    }
    shr__html_raw(h, "</g>");
}

#define LEGEND_WIDTH 250.0
#define TITLE_HEIGHT 36.0

static void render(shr_html *h, const map *m, const char *id)
{
    const shr_map_outlines *o = &m->outlines;
    double w = o->width + LEGEND_WIDTH, ht = o->height + TITLE_HEIGHT + 22;
    shr__html_rawf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                      "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-labelledby=\"%s-title "
                      "%s-desc\" lang=\"%s\" class=\"map\" "
                      "font-family=\"system-ui, sans-serif\">",
                   w, ht, w, ht, id, id, m->tx->lang);
    shr__html_rawf(h, "<title id=\"%s-title\">", id);
    put_title(h, m);
    shr__html_rawf(h, "</title><desc id=\"%s-desc\">", id);
    put_desc(h, m);
    shr__html_raw(h, "</desc><text x=\"10\" y=\"24\" font-size=\"20\" font-weight=\"bold\">");
    put_title(h, m);
    shr__html_rawf(h, "</text><g transform=\"translate(0 %.0f)\">", TITLE_HEIGHT);
    if (m->o.by == SHR_MAP_DEPARTMENT || m->o.by == SHR_MAP_REGION)
        for (size_t i = 0; i < o->ninsets; i++)
            shr__html_rawf(h, "<rect class=\"inset\" x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" "
                              "height=\"%.0f\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.7\"/>",
                           o->insets[i].box[0], o->insets[i].box[1],
                           o->insets[i].box[2] - o->insets[i].box[0],
                           o->insets[i].box[3] - o->insets[i].box[1]);
    shr__html_raw(h, "<g stroke=\"#6f6f6f\" stroke-width=\"0.4\" stroke-linejoin=\"round\">");
    for (size_t i = 0; i < m->ncells; i++) {
        const cell *c = &m->cells[i];
        shr__html_raw(h, "<path id=\"");
        shr__html_text(h, c->ol->id);
        shr__html_rawf(h, "\" class=\"%s\" fill=\"%s\" d=\"",
                       c->cls == -2 ? "nodata" : c->cls == -1 ? "zero" : "class", cell_colour(m, c));
        shr__html_raw(h, c->ol->path);
        shr__html_rawf(h, "\" data-class=\"%d\" data-count=\"%zu\">", c->cls, c->count);
        put_tooltip(h, m, c);
        shr__html_raw(h, "</path>");
    }
    shr__html_raw(h, "</g></g>");
    put_legend(h, m, o->width + 10);
    shr__html_rawf(h, "<text x=\"10\" y=\"%.0f\" font-size=\"11\" fill=\"#555\">", ht - 6);
    shr__html_text(h, o->attribution);
    shr__html_raw(h, "</text></svg>\n");
}

int shr_map_write_file(const shr_catalog *cat, const shr_map_options *opts, FILE *out,
                  shr_error *err)
{
    shr_error_clear(err);
    if (!cat || !out)
        return shr__error_set(err, SHR_EINVAL, "map: NULL catalog or stream");
    map m;
    memset(&m, 0, sizeof m);
    m.cat = cat;
    m.a = &cat->alloc;
    int rc = check_options(&m, opts, err);
    if (rc == SHR_OK)
        rc = collect(&m, err);
    if (rc == SHR_OK) {
        shr_html h;
        shr__html_init(&h, out, m.lang);
        shr__html_raw(&h, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        render(&h, &m, "map");
        rc = shr__html_finish(&h, err);
    }
    map_free(&m);
    return rc;
}

typedef struct map_save_ctx {
    const shr_catalog *cat;
    const shr_map_options *opts;
} map_save_ctx;

static int map_save_write(const void *ctx, FILE *out, shr_error *err)
{
    const map_save_ctx *c = ctx;
    return shr_map_write_file(c->cat, c->opts, out, err);
}

int shr_map_save(const shr_catalog *cat, const shr_map_options *opts, const char *path,
                 shr_error *err)
{
    shr_error_clear(err);
    if (!cat || !path || !*path)
        return shr__error_set(err, SHR_EINVAL, "map: NULL catalog or empty path");
    const map_save_ctx c = {cat, opts};
    int rc = shr__atomic_save(path, &cat->alloc, map_save_write, &c, err);
    if (rc == SHR_EIO && err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", path);
    return rc;
}

/* ------------------------------------------------------------------ to a shr_writer */

int shr_map_write(const shr_catalog *cat, const shr_map_options *opts, const shr_writer *w,
                  shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_map_write_file(cat, opts, f, err));
}
