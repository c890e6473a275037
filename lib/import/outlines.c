/*
 * Commune outlines for the importer (import.h, "coordinates to commune"): GeoJSON files of
 * Polygon or MultiPolygon features read with libyaml's event parser (JSON is YAML), each
 * feature keeping one property (its code) and its rings; then the features whose outline
 * contains a point, by the even-odd rule over all the rings of a feature (holes and the parts
 * of a MultiPolygon alike).
 *
 * Only the shape GeoJSON gives is read: a root mapping with `features`, a sequence of mappings
 * with `properties` (a mapping) and `geometry` (a mapping with `type` and `coordinates`);
 * anything else in the file is skipped. Positions are [longitude, latitude, ...].
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "import_internal.h"

typedef struct outline_ring {
    size_t start, n; /* points [start, start + n) */
} outline_ring;

typedef struct outline_feature {
    const char *code;
    size_t ring0, nrings; /* rings [ring0, ring0 + nrings) */
    double lat_min, lat_max, lon_min, lon_max;
} outline_feature;

struct shr__outlines {
    const shr_allocator *alloc;
    shr_arena arena; /* codes */
    SHR_VEC(outline_feature) features;
    SHR_VEC(outline_ring) rings;
    SHR_VEC(double) points; /* lon, lat, lon, lat... */
};

void shr__outlines_free(shr__outlines *o)
{
    if (!o)
        return;
    const shr_allocator *a = o->alloc;
    shr__arena_free(&o->arena);
    shr__free(a, o->features.items);
    shr__free(a, o->rings.items);
    shr__free(a, o->points.items);
    shr__free(a, o);
}

/* ------------------------------------------------------------------ reading */

#define OUTLINE_DEPTH 12

typedef struct oreader {
    shr__outlines *o;
    const char *file;
    const char *code_key;
    shr_error *err;
    /* Per nesting level: a mapping (is_map) with its last key, or a sequence. */
    int is_map[OUTLINE_DEPTH];
    int expect_key[OUTLINE_DEPTH];
    char key[OUTLINE_DEPTH][24];
    size_t nscalars[OUTLINE_DEPTH]; /* sequence: scalar items seen */
    size_t npos[OUTLINE_DEPTH];     /* sequence: positions seen */
    double pos[2];
    int depth;
    int in_feature;
    outline_feature cur;
} oreader;

static int o_oom(oreader *r)
{
    return shr__error_set(r->err, SHR_ENOMEM, "out of memory");
}

static int o_error(oreader *r, const yaml_mark_t *m, const char *what)
{
    return shr__error_set_at(r->err, SHR_EFORMAT, r->file, (unsigned)m->line + 1,
                             (unsigned)m->column + 1, NULL, "outline file: %s", shr__w(what));
}

/* Level of the current feature's mapping: root mapping (0) > features (1) > feature (2). */
static int in_features(const oreader *r)
{
    return r->depth >= 3 && r->is_map[0] && strcmp(r->key[0], "features") == 0 &&
           !r->is_map[1] && r->is_map[2];
}

static int in_coordinates(const oreader *r)
{
    return in_features(r) && r->depth >= 5 && strcmp(r->key[2], "geometry") == 0 && r->is_map[3] &&
           strcmp(r->key[3], "coordinates") == 0;
}

static int push_point(oreader *r, double lon, double lat)
{
    shr__outlines *o = r->o;
    if (shr__grow(o->alloc, (void **)&o->points.items, &o->points.cap, o->points.count + 2,
                  sizeof *o->points.items))
        return o_oom(r);
    o->points.items[o->points.count++] = lon;
    o->points.items[o->points.count++] = lat;
    outline_feature *f = &r->cur;
    if (lat < f->lat_min)
        f->lat_min = lat;
    if (lat > f->lat_max)
        f->lat_max = lat;
    if (lon < f->lon_min)
        f->lon_min = lon;
    if (lon > f->lon_max)
        f->lon_max = lon;
    return SHR_OK;
}

static int push_ring(oreader *r, size_t npos)
{
    shr__outlines *o = r->o;
    if (shr__grow(o->alloc, (void **)&o->rings.items, &o->rings.cap, o->rings.count + 1,
                  sizeof *o->rings.items))
        return o_oom(r);
    o->rings.items[o->rings.count++] = (outline_ring){o->points.count / 2 - npos, npos};
    r->cur.nrings++;
    return SHR_OK;
}

static void feature_begin(oreader *r)
{
    memset(&r->cur, 0, sizeof r->cur);
    r->cur.ring0 = r->o->rings.count;
    r->cur.lat_min = r->cur.lon_min = 1e9;
    r->cur.lat_max = r->cur.lon_max = -1e9;
    r->in_feature = 1;
}

static int feature_end(oreader *r, const yaml_mark_t *m)
{
    shr__outlines *o = r->o;
    r->in_feature = 0;
    if (!r->cur.nrings)
        return SHR_OK; /* no polygon (a Point, a null geometry): nothing to find */
    if (!r->cur.code)
        return o_error(r, m, "a feature has no code property");
    if (shr__grow(o->alloc, (void **)&o->features.items, &o->features.cap, o->features.count + 1,
                  sizeof *o->features.items))
        return o_oom(r);
    o->features.items[o->features.count++] = r->cur;
    return SHR_OK;
}

static int on_scalar(oreader *r, const yaml_event_t *ev)
{
    const char *text = (const char *)ev->data.scalar.value;
    int d = r->depth;
    if (d == 0)
        return SHR_OK;
    if (r->is_map[d - 1]) {
        if (r->expect_key[d - 1]) {
            snprintf(r->key[d - 1], sizeof r->key[d - 1], "%s", text);
            r->expect_key[d - 1] = 0;
            return SHR_OK;
        }
        r->expect_key[d - 1] = 1;
        /* properties.<code_key> of a feature */
        if (d == 4 && in_features(r) && strcmp(r->key[2], "properties") == 0 &&
            strcmp(r->key[3], r->code_key) == 0) {
            r->cur.code = shr__arena_strndup(&r->o->arena, text, ev->data.scalar.length);
            if (!r->cur.code)
                return o_oom(r);
        }
        return SHR_OK;
    }
    /* A sequence item: inside coordinates, a number of a position. */
    if (in_coordinates(r)) {
        size_t k = r->nscalars[d - 1]++;
        if (k < 2) {
            char *end;
            double v = strtod(text, &end);
            if (end == text || *end)
                return o_error(r, &ev->start_mark, "a coordinate is not a number");
            r->pos[k] = v;
        }
    }
    return SHR_OK;
}

static int on_start(oreader *r, const yaml_event_t *ev, int is_map)
{
    int d = r->depth;
    if (d >= OUTLINE_DEPTH)
        return o_error(r, &ev->start_mark, "nesting too deep");
    if (d >= 1 && r->is_map[d - 1])
        r->expect_key[d - 1] = 1; /* this collection is the value of the last key */
    r->is_map[d] = is_map;
    r->expect_key[d] = 1;
    r->key[d][0] = '\0';
    r->nscalars[d] = 0;
    r->npos[d] = 0;
    r->depth = d + 1;
    if (d == 2 && is_map && in_features(r))
        feature_begin(r);
    return SHR_OK;
}

static int on_end(oreader *r, const yaml_event_t *ev)
{
    int d = r->depth - 1;
    int rc = SHR_OK;
    if (!r->is_map[d] && r->in_feature && in_coordinates(r)) {
        if (r->nscalars[d] >= 2) { /* a position */
            rc = push_point(r, r->pos[0], r->pos[1]);
            r->npos[d - 1]++;
        } else if (r->npos[d] >= 3) { /* a ring (a closed one repeats its first position) */
            rc = push_ring(r, r->npos[d]);
        }
    }
    r->depth = d;
    if (rc == SHR_OK && d == 2 && r->in_feature)
        rc = feature_end(r, &ev->start_mark);
    return rc;
}

static int read_outline_file(shr__outlines *o, const char *path, const char *code_key,
                             shr_error *err)
{
    char *data = NULL;
    size_t size = 0;
    int rc = shr__import_read_file(o->alloc, path, SHR_LIMIT_IMPORT_SIZE, &data, &size, err);
    if (rc)
        return rc;
    oreader r;
    memset(&r, 0, sizeof r);
    r.o = o;
    r.file = path;
    r.code_key = code_key;
    r.err = err;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        shr__free(o->alloc, data);
        return o_oom(&r);
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)data, size);
    for (int done = 0; !done && rc == SHR_OK;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = shr__error_set_at(err, p.error == YAML_MEMORY_ERROR ? SHR_ENOMEM : SHR_ESYNTAX,
                                   path, (unsigned)p.problem_mark.line + 1,
                                   (unsigned)p.problem_mark.column + 1, NULL, "%s",
                                   shr__w(p.problem ? p.problem : "JSON error"));
            break;
        }
        switch (ev.type) {
        case YAML_SCALAR_EVENT: rc = on_scalar(&r, &ev); break;
        case YAML_SEQUENCE_START_EVENT: rc = on_start(&r, &ev, 0); break;
        case YAML_MAPPING_START_EVENT: rc = on_start(&r, &ev, 1); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: rc = on_end(&r, &ev); break;
        case YAML_ALIAS_EVENT: rc = o_error(&r, &ev.start_mark, "YAML alias"); break;
        case YAML_STREAM_END_EVENT: done = 1; break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    shr__free(o->alloc, data);
    return rc;
}

static int cmp_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every *.geojson of a directory, in byte order of their names. */
static int read_outline_dir(shr__outlines *o, const char *path, DIR *dir, const char *code_key,
                            shr_error *err)
{
    SHR_VEC(char *) names = {0};
    int rc = SHR_OK;
    struct dirent *e;
    while (rc == SHR_OK && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".geojson"))
            continue;
        size_t len = strlen(path) + 1 + strlen(e->d_name) + 1;
        char *full = shr__malloc(o->alloc, len);
        if (!full ||
            shr__grow(o->alloc, (void **)&names.items, &names.cap, names.count + 1,
                      sizeof *names.items)) {
            shr__free(o->alloc, full);
            rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
            break;
        }
        snprintf(full, len, "%s/%s", path, e->d_name);
        names.items[names.count++] = full;
    }
    if (names.count)
        qsort(names.items, names.count, sizeof *names.items, cmp_names);
    for (size_t i = 0; i < names.count; i++) {
        if (rc == SHR_OK)
            rc = read_outline_file(o, names.items[i], code_key, err);
        shr__free(o->alloc, names.items[i]);
    }
    shr__free(o->alloc, names.items);
    if (rc == SHR_OK && names.count == 0)
        rc = shr__error_set(err, SHR_EIO, "%s: no .geojson file in this directory", path);
    return rc;
}

int shr__outlines_add(shr__outlines **io, const shr_allocator *a, const char *path,
                      const char *code_key, shr_error *err)
{
    shr__outlines *o = *io;
    if (!o) {
        o = shr__calloc(a, 1, sizeof *o);
        if (!o)
            return shr__error_set(err, SHR_ENOMEM, "out of memory");
        o->alloc = a;
        shr__arena_init(&o->arena, a);
        *io = o;
    }
    DIR *dir = opendir(path);
    int rc;
    if (dir) {
        rc = read_outline_dir(o, path, dir, code_key, err);
        closedir(dir);
    } else {
        rc = read_outline_file(o, path, code_key, err);
    }
    return rc;
}

/* ------------------------------------------------------------------ finding */

/* Even-odd rule over every ring of feature f. */
static int contains(const shr__outlines *o, const outline_feature *f, double lat, double lon)
{
    int inside = 0;
    const double *pt = o->points.items;
    for (size_t k = f->ring0; k < f->ring0 + f->nrings; k++) {
        size_t a = o->rings.items[k].start, b = a + o->rings.items[k].n;
        for (size_t i = a, j = b - 1; i < b; j = i++) {
            double xi = pt[2 * i], yi = pt[2 * i + 1], xj = pt[2 * j], yj = pt[2 * j + 1];
            if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
                inside = !inside;
        }
    }
    return inside;
}

size_t shr__outlines_find(const shr__outlines *o, double lat, double lon, const char **codes,
                          size_t cap)
{
    size_t n = 0;
    if (!o)
        return 0;
    for (size_t i = 0; i < o->features.count; i++) {
        const outline_feature *f = &o->features.items[i];
        if (lat < f->lat_min || lat > f->lat_max || lon < f->lon_min || lon > f->lon_max)
            continue;
        if (!contains(o, f, lat, lon))
            continue;
        if (n < cap)
            codes[n] = f->code;
        n++;
    }
    return n;
}
