/*
 * Facets and cross-tabs over a result.
 *
 * Each practice of the result gives the values it has in a dimension (deduplicated: a practice
 * counts once under each value); counts are kept in an array over the dimension's whole value
 * space, then the values with a count are listed in the dimension's natural order. Under a
 * territory level, the values of a practice are the territories of that level among its own
 * territories and the territories containing them (the graph's closure), so a practice at a
 * commune counts under its department, and a practice at two communes of one department counts
 * there once. Cross-tabs count pairs of values in a dense matrix of the values present, or, when
 * that would be large, in a sorted list of pairs.
 *
 * Everything is computed per call; facets are immutable afterwards.
 */
#include "query_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const dim_names[SHR_DIM_COUNT] = {
    "axis", "category", "family", "status", "actorkind", "actorsector", "role", "tag",
    "started", "country", "region", "department", "epci", "commune"};

const char *shr_dimension_name(shr_dimension dim)
{
    return (int)dim >= 0 && dim < SHR_DIM_COUNT ? dim_names[dim] : NULL;
}

int shr_dimension_from_name(const char *name, shr_dimension *out)
{
    if (!name || !out)
        return SHR_ENOTFOUND;
    for (int i = 0; i < SHR_DIM_COUNT; i++)
        if (shr__enum_name_eq(dim_names[i], name, strlen(name))) {
            *out = (shr_dimension)i;
            return SHR_OK;
        }
    return SHR_ENOTFOUND;
}

int shr_dimension_is_territorial(shr_dimension dim)
{
    return dim >= SHR_DIM_COUNTRY && dim <= SHR_DIM_COMMUNE;
}

static shr_territory_kind dim_kind(shr_dimension dim)
{
    switch (dim) {
    case SHR_DIM_COUNTRY: return SHR_TERRITORY_COUNTRY;
    case SHR_DIM_REGION: return SHR_TERRITORY_REGION;
    case SHR_DIM_DEPARTMENT: return SHR_TERRITORY_DEPARTMENT;
    case SHR_DIM_EPCI: return SHR_TERRITORY_EPCI;
    default: return SHR_TERRITORY_COMMUNE;
    }
}

/* ------------------------------------------------------------------ value spaces */

typedef struct space {
    const shr_catalog *cat;
    const shr_index *idx;
    shr_dimension dim;
    uint32_t size;      /* number of possible values */
    int32_t *years;     /* started: value v is year years[v] (distinct years, ascending) */
    uint32_t *stamp;    /* territorial: practice + 1 that last counted the territory */
    const uint64_t *scope; /* territorial, "within": the result's scope (NULL: none) */
    uint32_t scope_n;
} space;

/* within: restrict territorial values to the result's scope (shr_facet_compute_within()). */
static int space_init(const shr_result *r, shr_dimension dim, int within, space *s)
{
    const shr_catalog *cat = r->cat;
    memset(s, 0, sizeof *s);
    if (within && shr_dimension_is_territorial(dim)) {
        s->scope = r->scope;
        s->scope_n = r->scope_n;
    }
    s->cat = cat;
    s->idx = shr__cat_index(cat);
    s->dim = dim;
    const shr_index *idx = s->idx;
    switch (dim) {
    case SHR_DIM_AXIS: s->size = SHR_AXIS_COUNT; break;
    case SHR_DIM_CATEGORY: s->size = (uint32_t)cat->categories.count; break;
    case SHR_DIM_FAMILY: s->size = SHR_FAMILY_COUNT; break;
    case SHR_DIM_STATUS: s->size = SHR_STATUS_COUNT; break;
    case SHR_DIM_ACTORKIND: s->size = SHR_ACTOR_KIND_COUNT; break;
    case SHR_DIM_ACTORSECTOR: s->size = SHR_SECTOR_COUNT; break;
    case SHR_DIM_ROLE: s->size = SHR_ROLE_COUNT; break;
    case SHR_DIM_TAG: s->size = idx ? idx->tag.nkeys : 0; break;
    case SHR_DIM_STARTED:
        if (idx && idx->n_started > 0) {
            s->years = shr__malloc(&cat->alloc, (size_t)idx->n_started * sizeof *s->years);
            if (!s->years)
                return SHR_ENOMEM;
            for (uint32_t i = 0; i < idx->n_started; i++) {
                int32_t y = cat->practices.items[idx->by_started[i]]->started;
                if (s->size == 0 || s->years[s->size - 1] != y)
                    s->years[s->size++] = y;
            }
        }
        break;
    default:
        s->size = idx ? idx->nterritories : 0;
        s->stamp = shr__calloc(&cat->alloc, (size_t)s->size + 1, sizeof *s->stamp);
        if (!s->stamp)
            return SHR_ENOMEM;
        break;
    }
    return SHR_OK;
}

static void space_free(space *s)
{
    shr__free(&s->cat->alloc, s->stamp);
    shr__free(&s->cat->alloc, s->years);
    s->stamp = NULL;
    s->years = NULL;
}

/* The values of practice p (deduplicated) into out (returns how many; grows *out). */
static int space_values(space *s, uint32_t p, uint32_t **out, size_t *cap, size_t *count)
{
    const shr_catalog *cat = s->cat;
    const shr_index *idx = s->idx;
    const shr_practice *pr = cat->practices.items[p];
    size_t n = 0;
    uint32_t small[32];
    size_t ns = 0;
#define PUSH(v)                                                                                 \
    do {                                                                                        \
        if (n + 1 > *cap && shr__grow(&cat->alloc, (void **)out, cap, n + 1, sizeof **out))     \
            return SHR_ENOMEM;                                                                  \
        (*out)[n++] = (v);                                                                      \
    } while (0)
    switch (s->dim) {
    case SHR_DIM_AXIS: /* the index's copy of pr->axis_mask: no visit to the record */
        for (uint32_t a = 0; a < SHR_AXIS_COUNT; a++)
            if (idx->axis_mask[p] & (1u << a))
                PUSH(a);
        break;
    case SHR_DIM_STATUS: /* the index's copy of pr->status */
        PUSH(idx->status[p]);
        break;
    case SHR_DIM_CATEGORY:
    case SHR_DIM_FAMILY:
    case SHR_DIM_ACTORKIND:
    case SHR_DIM_ACTORSECTOR:
    case SHR_DIM_ROLE: {
        int64_t v[SHR_PRACTICE_VALUES_MAX];
        size_t nv = shr__practice_values(pr, s->dim, v);
        for (size_t i = 0; i < nv; i++)
            PUSH((uint32_t)v[i]);
        break;
    }
    case SHR_DIM_TAG:
        for (uint32_t i = 0; i < pr->ntags; i++) {
            uint32_t t = shr__index_tag(idx, pr->tags[i], strlen(pr->tags[i]));
            if (t == SHR_NO_INDEX)
                continue;
            size_t j = 0;
            while (j < ns && small[j] != t)
                j++;
            if (j < ns)
                continue;
            if (ns < 32)
                small[ns++] = t;
            PUSH(t);
        }
        break;
    case SHR_DIM_STARTED:
        if (pr->started != SHR_NO_YEAR) {
            uint32_t lo = 0, hi = s->size;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (s->years[mid] < pr->started)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < s->size && s->years[lo] == pr->started)
                PUSH(lo);
        }
        break;
    default: {
        const shr_graph *g = cat->graph;
        uint8_t kind = (uint8_t)dim_kind(s->dim);
        for (uint32_t i = 0; i < pr->nterritories; i++) {
            uint32_t t = pr->territories[i].index;
            if (t >= s->size)
                continue;
            if (s->scope && (t >= s->scope_n || !(s->scope[t / 64] >> (t % 64) & 1)))
                continue; /* outside the queried territory: neither it nor what contains it */
            if (idx->terr_kind[t] == kind && s->stamp[t] != p + 1) {
                s->stamp[t] = p + 1;
                PUSH(t);
            }
            if (!g)
                continue;
            for (uint32_t k = g->ancestors.offsets[t]; k < g->ancestors.offsets[t + 1]; k++) {
                uint32_t a = g->ancestors.items[k];
                if (a < s->size && idx->terr_kind[a] == kind && s->stamp[a] != p + 1) {
                    s->stamp[a] = p + 1;
                    PUSH(a);
                }
            }
        }
        break;
    }
    }
#undef PUSH
    *count = n;
    return SHR_OK;
}

/* Position of value v in the dimension's natural order (tags are already sorted, territories
 * in catalog order, years ascending, enumerations in enum order). */
static uint32_t natural_rank(const space *s, uint32_t v)
{
    return v;
}

typedef struct fval {
    const char *key;
    const char *label[2];
    int64_t population;
    size_t count;
} fval;

/* Key and labels of value v (years are written into yearbuf, 12 bytes per value). */
static void describe(const space *s, uint32_t v, fval *out, char *yearbuf)
{
    const shr_catalog *cat = s->cat;
    out->population = SHR_NO_POPULATION;
    out->label[0] = out->label[1] = NULL;
    switch (s->dim) {
    case SHR_DIM_AXIS:
        out->key = shr__axis_texts[v].id;
        out->label[0] = shr__axis_texts[v].label[0];
        out->label[1] = shr__axis_texts[v].label[1];
        break;
    case SHR_DIM_CATEGORY: {
        const shr_category *c = cat->categories.items[v];
        out->key = c->id;
        out->label[0] = c->label_fr;
        out->label[1] = c->label_en;
        break;
    }
    case SHR_DIM_FAMILY:
        out->key = shr_family_name((shr_family)v);
        out->label[0] = shr_family_label((shr_family)v, "fr");
        out->label[1] = shr_family_label((shr_family)v, "en");
        break;
    case SHR_DIM_STATUS:
        out->key = shr_status_name((shr_status)v);
        out->label[0] = shr__status_labels[v][0];
        out->label[1] = shr__status_labels[v][1];
        break;
    case SHR_DIM_ACTORKIND:
        out->key = shr_actor_kind_name((shr_actor_kind)v);
        out->label[0] = shr__actor_kind_labels[v][0];
        out->label[1] = shr__actor_kind_labels[v][1];
        break;
    case SHR_DIM_ACTORSECTOR:
        out->key = shr_sector_name((shr_sector)v);
        out->label[0] = shr__sector_labels[v][0];
        out->label[1] = shr__sector_labels[v][1];
        break;
    case SHR_DIM_ROLE:
        out->key = shr_role_name((shr_role)v);
        out->label[0] = shr__role_labels[v][0];
        out->label[1] = shr__role_labels[v][1];
        break;
    case SHR_DIM_TAG:
        out->key = s->idx->tags[v];
        break;
    case SHR_DIM_STARTED:
        snprintf(yearbuf, 12, "%ld", (long)s->years[v]);
        out->key = yearbuf;
        break;
    default: {
        const shr_territory *t = cat->territories.items[v];
        out->key = shr__territory_id(t);
        out->label[0] = out->label[1] = t->name;
        out->population = t->population;
        break;
    }
    }
}

/* ------------------------------------------------------------------ facets */

struct shr_facet {
    const shr_catalog *cat;
    shr_dimension dim;
    size_t n;
    fval *v;
    char *years; /* storage of year keys */
};

static int check_args(const shr_result *r, shr_dimension dim, shr_error *err, const char *fn)
{
    if (!r)
        return shr__error_set(err, SHR_EINVAL, "%s: NULL result", fn);
    if ((int)dim < 0 || dim >= SHR_DIM_COUNT)
        return shr__error_set(err, SHR_EINVAL, "%s: unknown dimension %d", fn, (int)dim);
    return SHR_OK;
}

/* Count the values of every practice of r: counts[size] (new). */
static int count_values(const shr_result *r, space *s, size_t **counts_out)
{
    const shr_allocator *a = &r->cat->alloc;
    size_t *counts = shr__calloc(a, (size_t)s->size + 1, sizeof *counts);
    uint32_t *vals = NULL;
    size_t cap = 0;
    if (!counts)
        return SHR_ENOMEM;
    for (size_t i = 0; i < r->count; i++) {
        size_t nv;
        if (space_values(s, r->items[i], &vals, &cap, &nv)) {
            shr__free(a, vals);
            shr__free(a, counts);
            return SHR_ENOMEM;
        }
        for (size_t k = 0; k < nv; k++)
            counts[vals[k]]++;
    }
    shr__free(a, vals);
    *counts_out = counts;
    return SHR_OK;
}

static int facet_compute(const shr_result *r, shr_dimension dim, int within, shr_facet **out,
                         shr_error *err, const char *fn)
{
    if (out)
        *out = NULL;
    int rc = check_args(r, dim, err, fn);
    if (rc)
        return rc;
    if (!out)
        return shr__error_set(err, SHR_EINVAL, "%s: NULL out", fn);
    const shr_catalog *cat = r->cat;
    const shr_allocator *a = &cat->alloc;
    shr_facet *f = shr__calloc(a, 1, sizeof *f);
    if (!f)
        return shr__error_set(err, SHR_ENOMEM, "out of memory while computing a facet");
    f->cat = cat;
    f->dim = dim;
    space s;
    size_t *counts = NULL;
    if (!shr__cat_index(cat) || r->count == 0) {
        *out = f;
        return SHR_OK;
    }
    rc = space_init(r, dim, within, &s);
    if (rc == SHR_OK)
        rc = count_values(r, &s, &counts);
    if (rc == SHR_OK) {
        size_t n = 0;
        for (uint32_t v = 0; v < s.size; v++)
            n += counts[v] > 0;
        f->v = shr__calloc(a, n + 1, sizeof *f->v);
        f->years = dim == SHR_DIM_STARTED ? shr__malloc(a, n * 12 + 1) : NULL;
        if (!f->v || (dim == SHR_DIM_STARTED && !f->years))
            rc = SHR_ENOMEM;
        for (uint32_t v = 0; rc == SHR_OK && v < s.size; v++) {
            uint32_t u = natural_rank(&s, v);
            if (!counts[u])
                continue;
            describe(&s, u, &f->v[f->n], f->years ? f->years + f->n * 12 : NULL);
            f->v[f->n].count = counts[u];
            f->n++;
        }
    }
    shr__free(a, counts);
    space_free(&s);
    if (rc) {
        shr_facet_free(f);
        return shr__error_set(err, rc, "out of memory while computing a facet");
    }
    *out = f;
    return SHR_OK;
}

int shr_facet_compute(const shr_result *r, shr_dimension dim, shr_facet **out, shr_error *err)
{
    return facet_compute(r, dim, 0, out, err, "shr_facet_compute");
}

int shr_facet_compute_within(const shr_result *r, shr_dimension dim, shr_facet **out,
                             shr_error *err)
{
    return facet_compute(r, dim, 1, out, err, "shr_facet_compute_within");
}

void shr_facet_free(shr_facet *f)
{
    if (!f)
        return;
    const shr_allocator *a = &f->cat->alloc;
    shr__free(a, f->v);
    shr__free(a, f->years);
    shr__free(a, f);
}

shr_dimension shr_facet_dimension(const shr_facet *f)
{
    if (!f)
        return (shr_dimension)0;
    return f->dim;
}

size_t shr_facet_count(const shr_facet *f)
{
    return f ? f->n : 0;
}

const char *shr_facet_key(const shr_facet *f, size_t index)
{
    return f && index < f->n ? f->v[index].key : NULL;
}

static const char *label_of(const fval *v, const char *lang)
{
    int l = shr__lang_index(lang);
    if (l >= 0 && v->label[l])
        return v->label[l];
    return v->key;
}

const char *shr_facet_label(const shr_facet *f, size_t index, const char *lang)
{
    return f && index < f->n ? label_of(&f->v[index], lang) : NULL;
}

size_t shr_facet_value(const shr_facet *f, size_t index)
{
    return f && index < f->n ? f->v[index].count : 0;
}

int64_t shr_facet_population(const shr_facet *f, size_t index)
{
    return f && index < f->n ? f->v[index].population : SHR_NO_POPULATION;
}

int shr_per_capita_check(double per, shr_error *err)
{
    if (!(per > 0) || per > 1e15) /* NaN fails the first test, inf the second */
        return shr__error_set(err, SHR_EINVAL,
                              "per must be a finite number > 0 (e.g. 10000), not %g", per);
    return SHR_OK;
}

static double per_capita(size_t count, int64_t population, double per)
{
    if (population <= 0 || shr_per_capita_check(per, NULL))
        return -1.0;
    return (double)count * per / (double)population;
}

double shr_facet_per_capita(const shr_facet *f, size_t index, double per)
{
    if (!f || index >= f->n)
        return -1.0;
    return per_capita(f->v[index].count, f->v[index].population, per);
}

/* ------------------------------------------------------------------ cross-tabs */

typedef struct xcell {
    uint32_t row, col;
    size_t count;
} xcell;

struct shr_crosstab {
    const shr_catalog *cat;
    size_t nrows, ncols;
    fval *rows, *cols;
    char *years;
    size_t *dense; /* nrows * ncols, or NULL: then cells */
    xcell *cells;  /* sorted by (row, col) */
    size_t ncells;
};

static int u64_cmp(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Values present in r along s: fills pos[size] (compact position or UINT32_MAX) and vals. */
static int present_values(const shr_result *r, space *s, uint32_t **pos_out, fval **vals_out,
                          size_t *n_out, char **years)
{
    const shr_allocator *a = &r->cat->alloc;
    size_t *counts;
    int rc = count_values(r, s, &counts);
    if (rc)
        return rc;
    /* reset stamps: the same space is read again */
    if (s->stamp)
        memset(s->stamp, 0, ((size_t)s->size + 1) * sizeof *s->stamp);
    uint32_t *pos = shr__malloc(a, ((size_t)s->size + 1) * sizeof *pos);
    size_t n = 0;
    for (uint32_t v = 0; v < s->size; v++)
        n += counts[v] > 0;
    fval *vals = shr__calloc(a, n + 1, sizeof *vals);
    char *yb = s->dim == SHR_DIM_STARTED ? shr__malloc(a, n * 12 + 1) : NULL;
    if (!pos || !vals || (s->dim == SHR_DIM_STARTED && !yb)) {
        shr__free(a, counts);
        shr__free(a, pos);
        shr__free(a, vals);
        shr__free(a, yb);
        return SHR_ENOMEM;
    }
    size_t k = 0;
    for (uint32_t v = 0; v < s->size; v++) {
        if (!counts[v]) {
            pos[v] = UINT32_MAX;
            continue;
        }
        describe(s, v, &vals[k], yb ? yb + k * 12 : NULL);
        vals[k].count = counts[v];
        pos[v] = (uint32_t)k++;
    }
    shr__free(a, counts);
    *pos_out = pos;
    *vals_out = vals;
    *n_out = n;
    *years = yb;
    return SHR_OK;
}

void shr_crosstab_free(shr_crosstab *x)
{
    if (!x)
        return;
    const shr_allocator *a = &x->cat->alloc;
    shr__free(a, x->rows);
    shr__free(a, x->cols);
    shr__free(a, x->years);
    shr__free(a, x->dense);
    shr__free(a, x->cells);
    shr__free(a, x);
}

static int crosstab_compute(const shr_result *r, shr_dimension rows, shr_dimension cols,
                            int within, shr_crosstab **out, shr_error *err, const char *fn)
{
    if (out)
        *out = NULL;
    int rc = check_args(r, rows, err, fn);
    if (rc == SHR_OK)
        rc = check_args(r, cols, err, fn);
    if (rc)
        return rc;
    if (!out)
        return shr__error_set(err, SHR_EINVAL, "%s: NULL out", fn);
    const shr_catalog *cat = r->cat;
    const shr_allocator *a = &cat->alloc;
    shr_crosstab *x = shr__calloc(a, 1, sizeof *x);
    if (!x)
        return shr__error_set(err, SHR_ENOMEM, "out of memory while computing a cross-tab");
    x->cat = cat;
    if (!shr__cat_index(cat) || r->count == 0) {
        *out = x;
        return SHR_OK;
    }
    space sr, sc;
    uint32_t *rpos = NULL, *cpos = NULL, *rv = NULL, *cv = NULL;
    size_t rcap = 0, ccap = 0;
    char *ryears = NULL, *cyears = NULL;
    uint64_t *pairs = NULL;
    size_t npairs = 0, pcap = 0;
    int sr_ok = 0, sc_ok = 0;
    rc = space_init(r, rows, within, &sr);
    sr_ok = rc == SHR_OK;
    if (rc == SHR_OK) {
        rc = space_init(r, cols, within, &sc);
        sc_ok = rc == SHR_OK;
    }
    if (rc == SHR_OK)
        rc = present_values(r, &sr, &rpos, &x->rows, &x->nrows, &ryears);
    if (rc == SHR_OK)
        rc = present_values(r, &sc, &cpos, &x->cols, &x->ncols, &cyears);
    if (rc == SHR_OK && (ryears || cyears)) {
        /* keep one allocation for year keys: copy the columns' into the rows' block */
        size_t rn = ryears ? x->nrows * 12 : 0, cn = cyears ? x->ncols * 12 : 0;
        x->years = shr__malloc(a, rn + cn + 1);
        if (!x->years) {
            rc = SHR_ENOMEM;
        } else {
            if (rn)
                memcpy(x->years, ryears, rn);
            if (cn)
                memcpy(x->years + rn, cyears, cn);
            for (size_t i = 0; ryears && i < x->nrows; i++)
                x->rows[i].key = x->years + i * 12;
            for (size_t i = 0; cyears && i < x->ncols; i++)
                x->cols[i].key = x->years + rn + i * 12;
        }
    }
    uint64_t cells = (uint64_t)x->nrows * x->ncols;
    int dense = cells <= (UINT64_C(1) << 20);
    if (rc == SHR_OK && dense) {
        x->dense = shr__calloc(a, (size_t)cells + 1, sizeof *x->dense);
        if (!x->dense)
            rc = SHR_ENOMEM;
    }
    for (size_t i = 0; rc == SHR_OK && i < r->count; i++) {
        size_t nr, nc;
        rc = space_values(&sr, r->items[i], &rv, &rcap, &nr);
        if (rc == SHR_OK)
            rc = space_values(&sc, r->items[i], &cv, &ccap, &nc);
        for (size_t j = 0; rc == SHR_OK && j < nr; j++)
            for (size_t k = 0; rc == SHR_OK && k < nc; k++) {
                uint32_t ro = rpos[rv[j]], co = cpos[cv[k]];
                if (dense) {
                    x->dense[(size_t)ro * x->ncols + co]++;
                } else {
                    rc = shr__grow(a, (void **)&pairs, &pcap, npairs + 1, sizeof *pairs);
                    if (rc == SHR_OK)
                        pairs[npairs++] = (uint64_t)ro << 32 | co;
                }
            }
    }
    if (rc == SHR_OK && !dense) {
        qsort(pairs, npairs, sizeof *pairs, u64_cmp);
        size_t m = 0;
        for (size_t i = 0; i < npairs; i++)
            m += i == 0 || pairs[i] != pairs[i - 1];
        x->cells = shr__malloc(a, (m + 1) * sizeof *x->cells);
        if (!x->cells) {
            rc = SHR_ENOMEM;
        } else {
            for (size_t i = 0; i < npairs; i++) {
                if (i == 0 || pairs[i] != pairs[i - 1]) {
                    x->cells[x->ncells].row = (uint32_t)(pairs[i] >> 32);
                    x->cells[x->ncells].col = (uint32_t)pairs[i];
                    x->cells[x->ncells].count = 0;
                    x->ncells++;
                }
                x->cells[x->ncells - 1].count++;
            }
        }
    }
    shr__free(a, pairs);
    shr__free(a, rpos);
    shr__free(a, cpos);
    shr__free(a, rv);
    shr__free(a, cv);
    shr__free(a, ryears);
    shr__free(a, cyears);
    if (sr_ok)
        space_free(&sr);
    if (sc_ok)
        space_free(&sc);
    if (rc) {
        shr_crosstab_free(x);
        return shr__error_set(err, rc, "out of memory while computing a cross-tab");
    }
    *out = x;
    return SHR_OK;
}

int shr_crosstab_compute(const shr_result *r, shr_dimension rows, shr_dimension cols,
                         shr_crosstab **out, shr_error *err)
{
    return crosstab_compute(r, rows, cols, 0, out, err, "shr_crosstab_compute");
}

int shr_crosstab_compute_within(const shr_result *r, shr_dimension rows, shr_dimension cols,
                                shr_crosstab **out, shr_error *err)
{
    return crosstab_compute(r, rows, cols, 1, out, err, "shr_crosstab_compute_within");
}

size_t shr_crosstab_row_count(const shr_crosstab *x)
{
    return x ? x->nrows : 0;
}

size_t shr_crosstab_col_count(const shr_crosstab *x)
{
    return x ? x->ncols : 0;
}

const char *shr_crosstab_row_key(const shr_crosstab *x, size_t row)
{
    return x && row < x->nrows ? x->rows[row].key : NULL;
}

const char *shr_crosstab_col_key(const shr_crosstab *x, size_t col)
{
    return x && col < x->ncols ? x->cols[col].key : NULL;
}

const char *shr_crosstab_row_label(const shr_crosstab *x, size_t row, const char *lang)
{
    return x && row < x->nrows ? label_of(&x->rows[row], lang) : NULL;
}

const char *shr_crosstab_col_label(const shr_crosstab *x, size_t col, const char *lang)
{
    return x && col < x->ncols ? label_of(&x->cols[col], lang) : NULL;
}

int64_t shr_crosstab_row_population(const shr_crosstab *x, size_t row)
{
    return x && row < x->nrows ? x->rows[row].population : SHR_NO_POPULATION;
}

int64_t shr_crosstab_col_population(const shr_crosstab *x, size_t col)
{
    return x && col < x->ncols ? x->cols[col].population : SHR_NO_POPULATION;
}

size_t shr_crosstab_value(const shr_crosstab *x, size_t row, size_t col)
{
    if (!x || row >= x->nrows || col >= x->ncols)
        return 0;
    if (x->dense)
        return x->dense[row * x->ncols + col];
    size_t lo = 0, hi = x->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const xcell *c = &x->cells[mid];
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < x->ncells && x->cells[lo].row == row && x->cells[lo].col == col)
        return x->cells[lo].count;
    return 0;
}
