/*
 * compare: several territories side by side on one dimension, in counts and per inhabitants
 * (analysis.h); and the helpers the analyses share (analysis_internal.h).
 *
 * Values are computed here from the records rather than through facets, so that a practice's
 * values are found once and counted for every territory it is within.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "../export/export_internal.h"
#include "wstream.h"

/* ------------------------------------------------------------------ shared helpers */

int shr__practice_mask_result(const shr_catalog *cat, const shr_result *r, uint8_t **out,
                              shr_error *err)
{
    size_t np = shr_catalog_practice_count(cat);
    *out = NULL;
    if (r && shr_result_catalog(r) != cat)
        return shr__error_set(err, SHR_EINVAL, "the practices come from another catalog");
    uint8_t *mask = shr__calloc(&cat->alloc, np ? np : 1, 1);
    if (!mask)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    if (!r) {
        memset(mask, 1, np);
    } else {
        for (size_t i = 0; i < shr_result_count(r); i++) {
            size_t pi = shr_practice_index(shr_result_at(r, i));
            if (pi < np)
                mask[pi] = 1;
        }
    }
    *out = mask;
    return SHR_OK;
}

int shr__practice_mask(const shr_catalog *cat, const shr_query *filter, uint8_t **out,
                       shr_error *err)
{
    *out = NULL;
    if (!filter)
        return shr__practice_mask_result(cat, NULL, out, err);
    shr_result *r = NULL;
    int rc = shr_query_run(filter, &r, err);
    if (rc)
        return rc;
    rc = shr__practice_mask_result(cat, r, out, err);
    shr_result_free(r);
    return rc;
}

int shr__practice_within(const shr_practice *p, const shr_territory *t)
{
    for (size_t i = 0; i < shr_practice_territory_count(p); i++)
        if (shr_territory_within(shr_practice_territory_at(p, i), t))
            return 1;
    return 0;
}

/* ------------------------------------------------------------------ the comparison */

struct shr_comparison {
    const shr_catalog *cat;
    shr_dimension dim;
    uint32_t *territories; /* catalog indices, as given */
    size_t nterr;
    size_t *totals;        /* nterr */
    size_t nkeys;
    int64_t *codes;        /* per key: enum code, year, or tag's key index */
    const char **keys;     /* per key: id (static, borrowed or in year_text) */
    char *year_text;       /* "2016\0..." for the started dimension */
    size_t *counts;        /* nkeys x nterr */
};

void shr_comparison_free(shr_comparison *cmp)
{
    if (!cmp)
        return;
    const shr_allocator *a = &cmp->cat->alloc;
    shr__free(a, cmp->territories);
    shr__free(a, cmp->totals);
    shr__free(a, cmp->codes);
    shr__free(a, cmp->keys);
    shr__free(a, cmp->year_text);
    shr__free(a, cmp->counts);
    shr__free(a, cmp);
}

/* Accumulating keys. Tags are found through an id map (tag -> key); other codes by a linear
 * search (a few dozen values at most: enums, years). */
typedef struct key_acc {
    const shr_allocator *a;
    size_t nterr;
    SHR_VEC(int64_t) codes;
    SHR_VEC(const char *) tags;
    SHR_VEC(size_t) counts; /* nkeys x nterr */
    shr_idmap tagmap;
} key_acc;

/* Key index of a code or tag, added when new; SHR_NONE on OOM. */
static size_t acc_key(key_acc *k, int64_t code, const char *tag)
{
    size_t idx = SHR_NONE;
    if (tag) {
        uint32_t f = shr__idmap_find(&k->tagmap, tag, strlen(tag));
        if (f != SHR_NO_INDEX)
            return f;
    } else {
        for (size_t i = 0; i < k->codes.count; i++)
            if (k->codes.items[i] == code)
                return i;
    }
    idx = k->codes.count;
    if (shr__grow(k->a, (void **)&k->codes.items, &k->codes.cap, idx + 1, sizeof(int64_t)) ||
        shr__grow(k->a, (void **)&k->tags.items, &k->tags.cap, idx + 1, sizeof(const char *)) ||
        shr__grow(k->a, (void **)&k->counts.items, &k->counts.cap, (idx + 1) * k->nterr,
                  sizeof(size_t)))
        return SHR_NONE;
    if (tag && (shr__idmap_reserve(&k->tagmap, 1) || shr__idmap_insert(&k->tagmap, tag, (uint32_t)idx)))
        return SHR_NONE;
    k->codes.items[idx] = tag ? (int64_t)idx : code;
    k->tags.items[idx] = tag;
    memset(k->counts.items + idx * k->nterr, 0, k->nterr * sizeof(size_t));
    k->codes.count = k->tags.count = idx + 1;
    k->counts.count = (idx + 1) * k->nterr;
    return idx;
}

static void acc_free(key_acc *k)
{
    shr__free(k->a, k->codes.items);
    shr__free(k->a, k->tags.items);
    shr__free(k->a, k->counts.items);
    shr__idmap_free(&k->tagmap);
}

/* Natural order of keys (facet.h): codes ascending (axes, categories, enums, years); tags by
 * bytes. Sorted as small copies that remember their accumulator index. */
typedef struct key_ref {
    int64_t code;
    const char *tag;
    size_t index;
} key_ref;

static int cmp_keys(const void *x, const void *y)
{
    const key_ref *a = x, *b = y;
    if (a->tag && b->tag)
        return strcmp(a->tag, b->tag);
    return a->code < b->code ? -1 : a->code > b->code;
}

static const char *enum_key(shr_dimension dim, const shr_catalog *cat, int64_t code)
{
    switch (dim) {
    case SHR_DIM_AXIS: return shr_axis_id(shr_catalog_axis_at(cat, (size_t)code));
    case SHR_DIM_CATEGORY: return shr_category_id(shr_catalog_category_at(cat, (size_t)code));
    case SHR_DIM_FAMILY: return shr_family_name((shr_family)code);
    case SHR_DIM_STATUS: return shr_status_name((shr_status)code);
    case SHR_DIM_ACTORKIND: return shr_actor_kind_name((shr_actor_kind)code);
    case SHR_DIM_ACTORSECTOR: return shr_sector_name((shr_sector)code);
    case SHR_DIM_ROLE: return shr_role_name((shr_role)code);
    default: return NULL;
    }
}

static int dimension_ok(shr_dimension dim)
{
    switch (dim) {
    case SHR_DIM_AXIS: case SHR_DIM_CATEGORY: case SHR_DIM_FAMILY: case SHR_DIM_STATUS:
    case SHR_DIM_ACTORKIND: case SHR_DIM_ACTORSECTOR: case SHR_DIM_ROLE: case SHR_DIM_TAG:
    case SHR_DIM_STARTED:
        return 1;
    default:
        return 0;
    }
}

/* Fill cmp's keys and counts from the accumulator, in natural order. */
static int finish_keys(shr_comparison *cmp, key_acc *k, shr_error *err)
{
    const shr_allocator *a = &cmp->cat->alloc;
    size_t n = k->codes.count;
    key_ref *refs = shr__calloc(a, n ? n : 1, sizeof *refs);
    cmp->codes = shr__calloc(a, n ? n : 1, sizeof *cmp->codes);
    cmp->keys = shr__calloc(a, n ? n : 1, sizeof *cmp->keys);
    cmp->counts = shr__calloc(a, (n ? n : 1) * cmp->nterr, sizeof *cmp->counts);
    if (cmp->dim == SHR_DIM_STARTED)
        cmp->year_text = shr__calloc(a, n ? n : 1, 16);
    if (!refs || !cmp->codes || !cmp->keys || !cmp->counts ||
        (cmp->dim == SHR_DIM_STARTED && !cmp->year_text)) {
        shr__free(a, refs);
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        refs[i] = (key_ref){k->codes.items[i], k->tags.items[i], i};
    qsort(refs, n, sizeof *refs, cmp_keys);
    for (size_t i = 0; i < n; i++) {
        size_t src = refs[i].index;
        cmp->codes[i] = refs[i].code;
        if (cmp->dim == SHR_DIM_TAG) {
            cmp->keys[i] = refs[i].tag;
        } else if (cmp->dim == SHR_DIM_STARTED) {
            char *s = cmp->year_text + i * 16;
            snprintf(s, 16, "%lld", (long long)refs[i].code);
            cmp->keys[i] = s;
        } else {
            cmp->keys[i] = enum_key(cmp->dim, cmp->cat, refs[i].code);
        }
        memcpy(cmp->counts + i * cmp->nterr, k->counts.items + src * cmp->nterr,
               cmp->nterr * sizeof(size_t));
    }
    cmp->nkeys = n;
    shr__free(a, refs);
    return SHR_OK;
}

int shr_comparison_compute(const shr_catalog *cat, const char *const *territory_ids,
                           size_t count, const shr_compare_options *opts, shr_comparison **out,
                           shr_error *err)
{
    if (out)
        *out = NULL;
    const shr_compare_options defaults = SHR_COMPARE_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    if (opts->version != SHR_COMPARE_OPTIONS_VERSION)
        return shr__error_set(err, SHR_EINVAL, "shr_comparison_compute: options version %u, "
                              "expected %u", opts->version, SHR_COMPARE_OPTIONS_VERSION);
    shr_dimension dim = opts->dimension;
    const shr_query *filter = opts->filter;
    if (!cat || !out || (count && !territory_ids))
        return shr__error_set(err, SHR_EINVAL, "shr_comparison_compute: missing argument");
    if (count == 0)
        return shr__error_set(err, SHR_EINVAL, "no territory to compare");
    if (!dimension_ok(dim)) {
        const char *name = shr_dimension_name(dim);
        return shr__error_set(err, SHR_EINVAL, "cannot compare territories by '%s'",
                              name ? name : "?");
    }
    const shr_allocator *a = &cat->alloc;
    int rc = SHR_OK;
    uint8_t *mask = NULL;
    key_acc k = {0};
    k.a = a;
    k.nterr = count;
    shr__idmap_init(&k.tagmap, a);
    shr_comparison *cmp = shr__calloc(a, 1, sizeof *cmp);
    if (!cmp)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    cmp->cat = cat;
    cmp->dim = dim;
    cmp->nterr = count;
    cmp->territories = shr__calloc(a, count, sizeof *cmp->territories);
    cmp->totals = shr__calloc(a, count, sizeof *cmp->totals);
    const shr_territory **terr = shr__calloc(a, count, sizeof *terr);
    uint8_t *inside = shr__calloc(a, count, 1);
    if (!cmp->territories || !cmp->totals || !terr || !inside) {
        rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t t = 0; t < count; t++) {
        const char *id = territory_ids[t];
        terr[t] = id ? shr_catalog_territory(cat, id) : NULL;
        if (!terr[t]) {
            rc = shr__error_set(err, SHR_ENOTFOUND, "unknown territory '%s'", id ? id : "(null)");
            goto done;
        }
        cmp->territories[t] = (uint32_t)shr_territory_index(terr[t]);
    }
    if ((rc = shr__practice_mask(cat, filter, &mask, err)) != SHR_OK)
        goto done;
    for (size_t pi = 0; pi < shr_catalog_practice_count(cat); pi++) {
        if (!mask[pi])
            continue;
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        int any = 0;
        for (size_t t = 0; t < count; t++) {
            inside[t] = (uint8_t)shr__practice_within(p, terr[t]);
            any |= inside[t];
            cmp->totals[t] += inside[t];
        }
        if (!any)
            continue;
        int64_t v[SHR_PRACTICE_VALUES_MAX];
        size_t nvalues = dim == SHR_DIM_TAG ? shr_practice_tag_count(p)
                                            : shr__practice_values(p, dim, v);
        for (size_t i = 0; i < nvalues; i++) {
            const char *tag = NULL;
            if (dim == SHR_DIM_TAG) {
                tag = shr_practice_tag_at(p, i);
                int dup = 0; /* a tag written twice counts once */
                for (size_t j = 0; j < i; j++)
                    dup |= strcmp(shr_practice_tag_at(p, j), tag) == 0;
                if (dup)
                    continue;
            }
            size_t key = acc_key(&k, dim == SHR_DIM_TAG ? 0 : v[i], tag);
            if (key == SHR_NONE) {
                rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
                goto done;
            }
            for (size_t t = 0; t < count; t++)
                k.counts.items[key * count + t] += inside[t];
        }
    }
    rc = finish_keys(cmp, &k, err);
done:
    shr__free(a, terr);
    shr__free(a, inside);
    shr__free(a, mask);
    acc_free(&k);
    if (rc) {
        shr_comparison_free(cmp);
        return rc;
    }
    *out = cmp;
    return SHR_OK;
}

/* ------------------------------------------------------------------ getters */

shr_dimension shr_comparison_dimension(const shr_comparison *cmp)
{
    return cmp ? cmp->dim : SHR_DIM_COUNT;
}

size_t shr_comparison_territory_count(const shr_comparison *cmp)
{
    return cmp ? cmp->nterr : 0;
}

const shr_territory *shr_comparison_territory_at(const shr_comparison *cmp, size_t t)
{
    if (!cmp || t >= cmp->nterr)
        return NULL;
    return shr_catalog_territory_at(cmp->cat, cmp->territories[t]);
}

size_t shr_comparison_total(const shr_comparison *cmp, size_t t)
{
    return cmp && t < cmp->nterr ? cmp->totals[t] : 0;
}

size_t shr_comparison_key_count(const shr_comparison *cmp)
{
    return cmp ? cmp->nkeys : 0;
}

const char *shr_comparison_key(const shr_comparison *cmp, size_t k)
{
    return cmp && k < cmp->nkeys ? cmp->keys[k] : NULL;
}

const char *shr_comparison_label(const shr_comparison *cmp, size_t k, const char *lang)
{
    if (!cmp || k >= cmp->nkeys)
        return NULL;
    const char *label = NULL;
    switch (cmp->dim) {
    case SHR_DIM_AXIS:
        label = shr_axis_label(shr_catalog_axis_at(cmp->cat, (size_t)cmp->codes[k]), lang);
        break;
    case SHR_DIM_CATEGORY:
        label = shr_category_label(shr_catalog_category_at(cmp->cat, (size_t)cmp->codes[k]),
                                   lang);
        break;
    case SHR_DIM_FAMILY:
        label = shr_family_label((shr_family)cmp->codes[k], lang);
        break;
    default:
        break;
    }
    return label ? label : cmp->keys[k];
}

size_t shr_comparison_value(const shr_comparison *cmp, size_t k, size_t t)
{
    if (!cmp || k >= cmp->nkeys || t >= cmp->nterr)
        return 0;
    return cmp->counts[k * cmp->nterr + t];
}

double shr_comparison_per_capita(const shr_comparison *cmp, size_t k, size_t t, double per)
{
    if (!cmp || t >= cmp->nterr || (k != SHR_NONE && k >= cmp->nkeys))
        return -1.0;
    int64_t pop = shr_territory_population(shr_comparison_territory_at(cmp, t));
    if (pop <= 0 || shr_per_capita_check(per, NULL))
        return -1.0;
    size_t v = k == SHR_NONE ? cmp->totals[t] : cmp->counts[k * cmp->nterr + t];
    return (double)v * per / (double)pop;
}

/* ------------------------------------------------------------------ writers */

static void csv_per_capita(FILE *out, const shr_comparison *cmp, size_t k, size_t t)
{
    char buf[64];
    double v = shr_comparison_per_capita(cmp, k, t, 10000.0);
    putc(',', out);
    if (v >= 0)
        fputs(shr__fmt_fixed(v, 4, buf, sizeof buf), out);
}

int shr_comparison_write_csv_file(const shr_comparison *cmp, FILE *out, shr_error *err)
{
    if (!cmp || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_comparison_write_csv_file: bad argument");
    unsigned flags = shr_catalog_csv_flags(cmp->cat);
    fputs("key,label", out);
    for (size_t t = 0; t < cmp->nterr; t++) {
        const char *id = shr_territory_id(shr_comparison_territory_at(cmp, t));
        fprintf(out, ",%s,%s_per_10000", id, id); /* ids need no quoting */
    }
    putc('\n', out);
    for (size_t k = 0; k <= cmp->nkeys; k++) {
        size_t key = k < cmp->nkeys ? k : SHR_NONE;
        if (key == SHR_NONE) {
            fputs("total,", out);
        } else {
            shr_csv_write_text(out, cmp->keys[k], flags);
            putc(',', out);
            shr_csv_write_text(out, shr_comparison_label(cmp, k, "fr"), flags);
        }
        for (size_t t = 0; t < cmp->nterr; t++) {
            fprintf(out, ",%zu", key == SHR_NONE ? cmp->totals[t] : shr_comparison_value(cmp, k, t));
            csv_per_capita(out, cmp, key, t);
        }
        putc('\n', out);
    }
    return shr__w_finish(out, err);
}

static void json_per_capita(FILE *out, const shr_comparison *cmp, size_t k, size_t t)
{
    char buf[64];
    double v = shr_comparison_per_capita(cmp, k, t, 10000.0);
    fputs(v >= 0 ? shr__fmt_shortest(v, buf, sizeof buf) : "null", out);
}

int shr_comparison_write_json_file(const shr_comparison *cmp, FILE *out, shr_error *err)
{
    if (!cmp || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_comparison_write_json_file: bad argument");
    fputs("{\"dimension\": ", out);
    shr__w_json(out, shr_dimension_name(cmp->dim));
    fputs(",\n \"territories\": [", out);
    for (size_t t = 0; t < cmp->nterr; t++) {
        const shr_territory *ter = shr_comparison_territory_at(cmp, t);
        fputs(t ? ",\n   {\"id\": " : "\n   {\"id\": ", out);
        shr__w_json(out, shr_territory_id(ter));
        fputs(", \"name\": ", out);
        shr__w_json(out, shr_territory_name(ter));
        int64_t pop = shr_territory_population(ter);
        if (pop >= 0)
            fprintf(out, ", \"population\": %lld", (long long)pop);
        else
            fputs(", \"population\": null", out);
        fprintf(out, ", \"total\": %zu, \"total_per_10000\": ", cmp->totals[t]);
        json_per_capita(out, cmp, SHR_NONE, t);
        putc('}', out);
    }
    fputs("],\n \"rows\": [", out);
    for (size_t k = 0; k < cmp->nkeys; k++) {
        fputs(k ? ",\n   {\"key\": " : "\n   {\"key\": ", out);
        shr__w_json(out, cmp->keys[k]);
        fputs(", \"label\": ", out);
        shr__w_json(out, shr_comparison_label(cmp, k, "fr"));
        fputs(", \"counts\": [", out);
        for (size_t t = 0; t < cmp->nterr; t++)
            fprintf(out, t ? ", %zu" : "%zu", shr_comparison_value(cmp, k, t));
        fputs("], \"per_10000\": [", out);
        for (size_t t = 0; t < cmp->nterr; t++) {
            if (t)
                fputs(", ", out);
            json_per_capita(out, cmp, k, t);
        }
        fputs("]}", out);
    }
    fputs("]}\n", out);
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ to a shr_writer */

int shr_comparison_write_csv(const shr_comparison *cmp, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_comparison_write_csv_file(cmp, f, err));
}

int shr_comparison_write_json(const shr_comparison *cmp, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_comparison_write_json_file(cmp, f, err));
}
