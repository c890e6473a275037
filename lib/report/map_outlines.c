/*
 * Reading the map outlines file (map_outlines.h) with libyaml's document API: the file is small
 * (60 KB) and generated, so loading it whole and walking the tree is simplest. Numbers are read
 * by hand (no strtod: no locale may change the decimal point); paths are checked to hold only
 * the characters of the path syntax the generator writes, so they can be copied into SVG
 * as they are.
 */
#include "map_outlines.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

typedef struct rd {
    yaml_document_t doc;
    const char *file;
    shr_error *err;
    shr_map_outlines *o;
} rd;

static int bad(rd *r, const yaml_node_t *n, const char *what)
{
    return shr__error_set_at(r->err, SHR_EFORMAT, r->file, n ? (unsigned)n->start_mark.line + 1 : 0,
                             n ? (unsigned)n->start_mark.column + 1 : 0, NULL,
                             "map outlines: %s", shr__w(what));
}

static yaml_node_t *get(rd *r, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&r->doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strlen(key) == k->data.scalar.length &&
            memcmp(k->data.scalar.value, key, k->data.scalar.length) == 0)
            return yaml_document_get_node(&r->doc, p->value);
    }
    return NULL;
}

static const char *text(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* [-]digits[.digits], at most 15 significant digits, into *v. */
static int number(const yaml_node_t *n, double *v)
{
    const char *s = text(n);
    if (!s)
        return -1;
    int neg = *s == '-';
    s += neg;
    uint64_t mant = 0;
    int digits = 0, decimals = 0, point = 0;
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    for (; *s; s++) {
        if (*s == '.' && !point && digits) {
            point = 1;
            continue;
        }
        if (*s < '0' || *s > '9' || digits >= 15)
            return -1;
        mant = mant * 10 + (uint64_t)(*s - '0');
        digits++;
        decimals += point;
    }
    if (!digits)
        return -1;
    *v = (neg ? -1.0 : 1.0) * (double)mant / pow10[decimals];
    return 0;
}

/* A sequence of exactly n numbers. */
static int numbers(rd *r, yaml_node_t *n, double *out, int count)
{
    if (!n || n->type != YAML_SEQUENCE_NODE ||
        n->data.sequence.items.top - n->data.sequence.items.start != count)
        return -1;
    for (int i = 0; i < count; i++)
        if (number(yaml_document_get_node(&r->doc, n->data.sequence.items.start[i]), &out[i]))
            return -1;
    return 0;
}

static int projection(rd *r, yaml_node_t *n, shr_map_proj *p)
{
    double x[2], y[2];
    if (numbers(r, get(r, n, "x"), x, 2) || numbers(r, get(r, n, "y"), y, 2))
        return bad(r, n, "expected a projection {x: [a, b], y: [c, d]}");
    p->x0 = x[0];
    p->xk = x[1];
    p->y0 = y[0];
    p->yk = y[1];
    return SHR_OK;
}

static char *dup(rd *r, const char *s)
{
    return shr__strdup(r->o->alloc, s);
}

/* Check a path's characters and compute its bounding box (absolute M, relative l steps). */
static int path_box(const char *s, double box[4])
{
    double x = 0, y = 0;
    int have = 0;
    char cmd = 0;
    while (*s) {
        char c = *s;
        if (c == ' ' || c == ',') {
            s++;
            continue;
        }
        if (strchr("MmLlZz", c)) {
            cmd = c;
            s++;
            continue;
        }
        if (!cmd || cmd == 'z' || cmd == 'Z' || !(c == '-' || (c >= '0' && c <= '9')))
            return -1;
        double v[2];
        for (int k = 0; k < 2; k++) {
            while (*s == ' ' || *s == ',')
                s++;
            int neg = *s == '-';
            s += neg;
            if (*s < '0' || *s > '9')
                return -1;
            double a = 0;
            while (*s >= '0' && *s <= '9')
                a = a * 10 + (*s++ - '0');
            v[k] = neg ? -a : a;
        }
        if (cmd == 'M' || cmd == 'L') {
            x = v[0];
            y = v[1];
        } else {
            x += v[0];
            y += v[1];
        }
        if (cmd == 'M')
            cmd = 'L';
        else if (cmd == 'm')
            cmd = 'l';
        if (!have || x < box[0])
            box[0] = x;
        if (!have || y < box[1])
            box[1] = y;
        if (!have || x > box[2])
            box[2] = x;
        if (!have || y > box[3])
            box[3] = y;
        have = 1;
    }
    return have ? 0 : -1;
}

static int walk(rd *r)
{
    shr_map_outlines *o = r->o;
    yaml_node_t *root = yaml_document_get_root_node(&r->doc);
    yaml_node_t *meta = get(r, root, "meta");
    if (!meta)
        return bad(r, root, "no meta");
    if (number(get(r, meta, "width"), &o->width) || number(get(r, meta, "height"), &o->height) ||
        o->width <= 0 || o->height <= 0)
        return bad(r, meta, "meta needs a positive width and height");
    const char *attr = text(get(r, meta, "attribution"));
    if (!attr)
        return bad(r, meta, "meta needs an attribution (the licence requires it)");
    if (!(o->attribution = dup(r, attr)))
        return SHR_ENOMEM;
    int rc = projection(r, get(r, root, "projection"), &o->proj);
    if (rc)
        return rc;
    yaml_node_t *insets = get(r, root, "insets");
    if (insets && insets->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = insets->data.sequence.items.start;
             it < insets->data.sequence.items.top; it++) {
            yaml_node_t *n = yaml_document_get_node(&r->doc, *it);
            if (o->ninsets == sizeof o->insets / sizeof o->insets[0])
                return bad(r, n, "too many insets");
            shr_map_inset *in = &o->insets[o->ninsets];
            const char *dep = text(get(r, n, "department"));
            if (!dep || numbers(r, get(r, n, "box"), in->box, 4))
                return bad(r, n, "an inset needs a department and a box [x0, y0, x1, y1]");
            if ((rc = projection(r, n, &in->proj)))
                return rc;
            if (!(in->department = dup(r, dep)))
                return SHR_ENOMEM;
            o->ninsets++;
        }
    }
    yaml_node_t *list = get(r, root, "outlines");
    if (!list || list->type != YAML_SEQUENCE_NODE)
        return bad(r, root, "no outlines list");
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    o->items = shr__calloc(o->alloc, n + 1, sizeof *o->items);
    if (!o->items)
        return SHR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *e = yaml_document_get_node(&r->doc, list->data.sequence.items.start[i]);
        const char *id = text(get(r, e, "id")), *level = text(get(r, e, "level"));
        const char *path = text(get(r, e, "path")), *inset = text(get(r, e, "inset"));
        shr_map_outline *ol = &o->items[o->count];
        if (!id || !level || !path || (strcmp(level, "department") && strcmp(level, "region")))
            return bad(r, e, "an outline needs an id, a level (department or region) and a path");
        if (path_box(path, ol->bbox))
            return bad(r, e, "a path may hold only M, l, z and integers");
        ol->region = level[0] == 'r';
        ol->inset = -1;
        for (size_t k = 0; inset && k < o->ninsets; k++)
            if (strcasecmp(o->insets[k].department, inset) == 0)
                ol->inset = (int)k;
        if (inset && ol->inset < 0)
            return bad(r, e, "unknown inset");
        ol->id = dup(r, id);
        ol->path = dup(r, path);
        o->count++;
        if (!ol->id || !ol->path)
            return SHR_ENOMEM;
        for (char *c = ol->id; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
    }
    return SHR_OK;
}

int shr__map_outlines_read(const shr_allocator *a, const char *path, shr_map_outlines *o,
                       shr_error *err)
{
    memset(o, 0, sizeof *o);
    o->alloc = a;
    char buf[4096];
    if (!path) {
        snprintf(buf, sizeof buf, "%s/%s", shr_default_data_dir(), SHR_OUTLINES_FILE);
        path = buf;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "cannot open the map outlines: %s",
                                 shr__strerror(errno));
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    yaml_parser_set_input_file(&parser, f);
    rd r = {.file = path, .err = err, .o = o};
    int rc;
    if (!yaml_parser_load(&parser, &r.doc)) {
        rc = shr__error_set_at(err, parser.error == YAML_MEMORY_ERROR ? SHR_ENOMEM : SHR_ESYNTAX,
                               path, (unsigned)parser.problem_mark.line + 1,
                               (unsigned)parser.problem_mark.column + 1, NULL, "map outlines: %s",
                               shr__w(parser.problem ? parser.problem : "cannot read"));
        yaml_parser_delete(&parser);
        fclose(f);
        return rc;
    }
    rc = yaml_document_get_root_node(&r.doc) ? walk(&r) : bad(&r, NULL, "empty file");
    if (rc == SHR_ENOMEM)
        shr__error_set(err, SHR_ENOMEM, "out of memory");
    yaml_document_delete(&r.doc);
    yaml_parser_delete(&parser);
    fclose(f);
    if (rc)
        shr__map_outlines_free(o);
    return rc;
}

void shr__map_outlines_free(shr_map_outlines *o)
{
    if (!o->alloc)
        return;
    for (size_t i = 0; i < o->count; i++) {
        shr__free(o->alloc, o->items[i].id);
        shr__free(o->alloc, o->items[i].path);
    }
    for (size_t i = 0; i < o->ninsets; i++)
        shr__free(o->alloc, o->insets[i].department);
    shr__free(o->alloc, o->items);
    shr__free(o->alloc, o->attribution);
    memset(o, 0, sizeof *o);
}

const shr_map_outline *shr__map_outlines_find(const shr_map_outlines *o, const char *id)
{
    for (size_t i = 0; i < o->count; i++)
        if (strcasecmp(o->items[i].id, id) == 0)
            return &o->items[i];
    return NULL;
}

void shr__map_outlines_project(const shr_map_outlines *o, int inset, double lat, double lon, double *x,
                           double *y)
{
    const shr_map_proj *p = inset >= 0 && (size_t)inset < o->ninsets ? &o->insets[inset].proj : &o->proj;
    *x = p->x0 + p->xk * lon;
    *y = p->y0 + p->yk * lat;
}
