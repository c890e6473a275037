/*
 * The importer's mapping file (import.h): read with libyaml's event parser into a small tree
 * (in the mapping's arena), then checked key by key against the catalog.
 *
 * The tree keeps each node's line and column so that every error names its place. Aliases and
 * anchors are refused (as in catalog files); nesting is limited to SHR_LIMIT_DEPTH.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "import_internal.h"

const char *const shr__imp_col_names[IMP_COL_COUNT] = {
    "id", "name", "category", "commune_code", "postal_code", "department", "address",
    "latitude", "longitude", "link", "description", "started", "tag", "operator",
};

const char *const shr__imp_meta_keys[4] = {"title", "source", "licence", "updated"};

/* ------------------------------------------------------------------ YAML -> tree */

typedef enum ynode_type { Y_SCALAR, Y_SEQUENCE, Y_MAPPING } ynode_type;

typedef struct ynode {
    ynode_type type;
    unsigned line, column;
    int plain;            /* scalar written without quotes */
    const char *text;     /* scalar */
    size_t len;
    struct ynode **items; /* sequence items; mapping: key, value, key, value... */
    size_t n;
} ynode;

typedef struct yreader {
    shr_arena *arena;
    const char *file;
    shr_error *err;
} yreader;

static int y_oom(yreader *r)
{
    return shr__error_set(r->err, SHR_ENOMEM, "out of memory");
}

static int y_error(yreader *r, int code, const yaml_mark_t *m, const char *fmt, const char *arg)
{
    return shr__error_set_at(r->err, code, r->file, (unsigned)m->line + 1,
                             (unsigned)m->column + 1, NULL, fmt, arg);
}

/* Items collected for a collection: a temporary growable list in the arena (copied when the
 * collection ends). */
typedef struct yitems {
    ynode **v;
    size_t n, cap;
} yitems;

static int yitems_push(yreader *r, yitems *it, ynode *node)
{
    if (it->n == it->cap) {
        size_t cap = it->cap ? it->cap * 2 : 8;
        ynode **v = shr__arena_alloc(r->arena, cap * sizeof *v);
        if (!v)
            return y_oom(r);
        if (it->n)
            memcpy(v, it->v, it->n * sizeof *v);
        it->v = v;
        it->cap = cap;
    }
    it->v[it->n++] = node;
    return SHR_OK;
}

static int parse_node(yreader *r, yaml_parser_t *p, yaml_event_t *ev, int depth, ynode **out);

/* Read the items of a collection until its end event. */
static int parse_items(yreader *r, yaml_parser_t *p, yaml_event_type_t end, int depth,
                       ynode *node)
{
    yitems it = {0};
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(p, &ev))
            return shr__error_set_at(r->err, SHR_ESYNTAX, r->file,
                                     (unsigned)p->problem_mark.line + 1,
                                     (unsigned)p->problem_mark.column + 1, NULL, "%s",
                                     shr__w(p->problem ? p->problem : "YAML error"));
        if (ev.type == end) {
            yaml_event_delete(&ev);
            break;
        }
        ynode *child = NULL;
        int rc = parse_node(r, p, &ev, depth + 1, &child);
        yaml_event_delete(&ev);
        if (rc)
            return rc;
        if ((rc = yitems_push(r, &it, child)))
            return rc;
    }
    node->items = it.v;
    node->n = it.n;
    return SHR_OK;
}

/* Build the node that starts with event ev (not deleted here). */
static int parse_node(yreader *r, yaml_parser_t *p, yaml_event_t *ev, int depth, ynode **out)
{
    const yaml_mark_t *m = &ev->start_mark;
    if (depth > SHR_LIMIT_DEPTH)
        return y_error(r, SHR_ELIMIT, m, "nesting deeper than %s levels", "16");
    ynode *node = shr__arena_calloc(r->arena, 1, sizeof *node);
    if (!node)
        return y_oom(r);
    node->line = (unsigned)m->line + 1;
    node->column = (unsigned)m->column + 1;
    *out = node;
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return y_error(r, SHR_EUNSUPPORTED, m, "YAML aliases are not allowed%s", "");
    case YAML_SCALAR_EVENT:
        if (ev->data.scalar.anchor)
            return y_error(r, SHR_EUNSUPPORTED, m, "YAML anchors are not allowed%s", "");
        node->type = Y_SCALAR;
        node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        node->len = ev->data.scalar.length;
        node->text = shr__arena_strndup(r->arena, (const char *)ev->data.scalar.value,
                                        ev->data.scalar.length);
        if (!node->text)
            return y_oom(r);
        if (strlen(node->text) != node->len)
            return y_error(r, SHR_EFORMAT, m, "NUL character in a scalar%s", "");
        return SHR_OK;
    case YAML_SEQUENCE_START_EVENT:
        if (ev->data.sequence_start.anchor)
            return y_error(r, SHR_EUNSUPPORTED, m, "YAML anchors are not allowed%s", "");
        node->type = Y_SEQUENCE;
        return parse_items(r, p, YAML_SEQUENCE_END_EVENT, depth, node);
    case YAML_MAPPING_START_EVENT:
        if (ev->data.mapping_start.anchor)
            return y_error(r, SHR_EUNSUPPORTED, m, "YAML anchors are not allowed%s", "");
        node->type = Y_MAPPING;
        return parse_items(r, p, YAML_MAPPING_END_EVENT, depth, node);
    default:
        return y_error(r, SHR_ESYNTAX, m, "unexpected YAML event%s", "");
    }
}

/* Parse one document into *root. */
static int parse_document(yreader *r, const char *data, size_t size, ynode **root)
{
    yaml_parser_t p;
    int rc = SHR_OK;
    *root = NULL;
    if (!yaml_parser_initialize(&p))
        return y_oom(r);
    yaml_parser_set_input_string(&p, (const unsigned char *)data, size);
    while (rc == SHR_OK) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = shr__error_set_at(r->err, p.error == YAML_MEMORY_ERROR ? SHR_ENOMEM : SHR_ESYNTAX,
                                   r->file, (unsigned)p.problem_mark.line + 1,
                                   (unsigned)p.problem_mark.column + 1, NULL, "%s",
                                   shr__w(p.problem ? p.problem : "YAML error"));
            break;
        }
        yaml_event_type_t t = ev.type;
        if (t == YAML_STREAM_END_EVENT) {
            if (!*root) /* where the stream ends: 1:1 for an empty file, as the loader says */
                rc = y_error(r, SHR_EFORMAT, &ev.start_mark, "empty mapping file%s", "");
            yaml_event_delete(&ev);
            break;
        }
        if (t == YAML_DOCUMENT_START_EVENT) {
            if (*root)
                rc = y_error(r, SHR_EFORMAT, &ev.start_mark,
                             "several YAML documents in one mapping file%s", "");
        } else if (t != YAML_STREAM_START_EVENT && t != YAML_DOCUMENT_END_EVENT) {
            rc = parse_node(r, &p, &ev, 1, root);
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

/* ------------------------------------------------------------------ checking the tree */

typedef struct mreader {
    yreader y;
    shr_import_mapping *map;
} mreader;

static int node_error(mreader *m, const ynode *n, int code, const char *fmt, const char *arg)
{
    return shr__error_set_at(m->y.err, code, m->y.file, n->line, n->column, NULL, fmt, arg);
}

static int is_null(const ynode *n)
{
    return n->type == Y_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0);
}

static int want_scalar(mreader *m, const ynode *n, const char *what)
{
    if (n->type != Y_SCALAR)
        return node_error(m, n, SHR_EFORMAT, "%s: expected a text", what);
    return SHR_OK;
}

static int want_mapping(mreader *m, const ynode *n, const char *what)
{
    if (n->type != Y_MAPPING)
        return node_error(m, n, SHR_EFORMAT, "%s: expected a mapping", what);
    return SHR_OK;
}

/* A column name: a non-empty text. */
static int read_colref(mreader *m, const ynode *n, const char *what, imp_colref *out)
{
    int rc = want_scalar(m, n, what);
    if (rc)
        return rc;
    if (n->len == 0)
        return node_error(m, n, SHR_EFORMAT, "%s: empty column name", what);
    *out = (imp_colref){n->text, n->line, n->column};
    return SHR_OK;
}

static int read_columns(mreader *m, const ynode *n)
{
    shr_import_mapping *map = m->map;
    int rc = want_mapping(m, n, "columns");
    if (rc)
        return rc;
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const ynode *k = n->items[i], *v = n->items[i + 1];
        if ((rc = want_scalar(m, k, "columns")))
            return rc;
        if (is_null(v))
            continue;
        if (strcmp(k->text, "commune_name") == 0) {
            size_t cnt = v->type == Y_SEQUENCE ? v->n : 1;
            map->name_columns = shr__arena_calloc(&map->arena, cnt ? cnt : 1,
                                                  sizeof *map->name_columns);
            if (!map->name_columns)
                return y_oom(&m->y);
            for (size_t j = 0; j < cnt; j++) {
                const ynode *c = v->type == Y_SEQUENCE ? v->items[j] : v;
                if ((rc = read_colref(m, c, "columns.commune_name",
                                      &map->name_columns[map->nname_columns++])))
                    return rc;
            }
            continue;
        }
        int found = 0;
        for (int c = 0; c < IMP_COL_COUNT; c++) {
            if (strcmp(k->text, shr__imp_col_names[c]) != 0)
                continue;
            found = 1;
            if (map->columns[c].name)
                return node_error(m, k, SHR_EFORMAT, "columns: '%s' given twice", k->text);
            if ((rc = read_colref(m, v, k->text, &map->columns[c])))
                return rc;
        }
        if (!found)
            return node_error(m, k, SHR_EFORMAT,
                              "columns: unknown field '%s' (expected id, name, category, "
                              "commune_code, postal_code, commune_name, department, address, "
                              "latitude, longitude, link, description, started, tag, "
                              "operator)",
                              k->text);
    }
    if (!map->columns[IMP_COL_NAME].name)
        return node_error(m, n, SHR_EFORMAT, "columns: the '%s' column is required", "name");
    return SHR_OK;
}

static int category_of(mreader *m, const ynode *v, uint32_t *out)
{
    int rc = want_scalar(m, v, "category");
    if (rc)
        return rc;
    const shr_category *c = shr_catalog_category(m->map->cat, v->text);
    if (!c)
        return node_error(m, v, SHR_EFORMAT, "unknown category '%s'", v->text);
    *out = (uint32_t)shr_category_index(c);
    return SHR_OK;
}

static int read_categories(mreader *m, const ynode *n)
{
    shr_import_mapping *map = m->map;
    int rc = want_mapping(m, n, "categories");
    if (rc)
        return rc;
    map->values = shr__arena_calloc(&map->arena, n->n / 2 + 1, sizeof *map->values);
    if (!map->values)
        return y_oom(&m->y);
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const ynode *k = n->items[i], *v = n->items[i + 1];
        if ((rc = want_scalar(m, k, "categories")))
            return rc;
        /* A plain empty key or `~` means the empty cell, as "" does. */
        const char *from = is_null(k) ? "" : k->text;
        for (size_t j = 0; j < map->nvalues; j++)
            if (strcmp(map->values[j].from, from) == 0)
                return node_error(m, k, SHR_EFORMAT, "categories: value '%s' given twice",
                                  from);
        uint32_t c;
        if ((rc = category_of(m, v, &c)))
            return rc;
        map->values[map->nvalues++] = (imp_value){from, c};
    }
    return SHR_OK;
}

/* The id of a declared actor (mapping `actors:`) or of a catalog actor. */
static int known_actor(const shr_import_mapping *map, const char *id)
{
    for (size_t i = 0; i < map->nactor_decls; i++)
        if (strcmp(map->actor_decls[i].id, id) == 0)
            return 1;
    return shr_catalog_actor(map->cat, id) != NULL;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SHR_LIMIT_ID_LENGTH)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
              *s == '.' || *s == ':'))
            return 0;
    return 1;
}

/* A mapping value of key `key` in n (NULL when absent). */
static const ynode *get_key(const ynode *n, const char *key)
{
    for (size_t i = 0; i + 1 < n->n; i += 2)
        if (n->items[i]->type == Y_SCALAR && strcmp(n->items[i]->text, key) == 0)
            return n->items[i + 1];
    return NULL;
}

/* Every key of mapping n among the NULL-terminated list `keys`. */
static int only_keys(mreader *m, const ynode *n, const char *what, const char *const *keys,
                     const char *expected)
{
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const ynode *k = n->items[i];
        int rc = want_scalar(m, k, what);
        if (rc)
            return rc;
        int ok = 0;
        for (size_t j = 0; keys[j]; j++)
            ok |= strcmp(k->text, keys[j]) == 0;
        if (!ok)
            return node_error(m, k, SHR_EFORMAT, expected, k->text);
    }
    return SHR_OK;
}

/* constants.actors: [{actor: ID, role: ROLE}, ...] (after `actors:` if both are given). */
static int read_actor_refs(mreader *m, const ynode *v)
{
    shr_import_mapping *map = m->map;
    static const char *const keys[] = {"actor", "role", NULL};
    if (v->type != Y_SEQUENCE)
        return node_error(m, v, SHR_EFORMAT, "%s: expected a list of {actor, role}", "actors");
    map->actors = shr__arena_calloc(&map->arena, v->n ? v->n : 1, sizeof *map->actors);
    if (!map->actors)
        return y_oom(&m->y);
    for (size_t j = 0; j < v->n; j++) {
        const ynode *e = v->items[j], *id, *role;
        int rc = want_mapping(m, e, "actors");
        if (!rc)
            rc = only_keys(m, e, "actors", keys, "actors: unknown field '%s' (expected actor, role)");
        if (rc)
            return rc;
        if (!(id = get_key(e, "actor")) || !(role = get_key(e, "role")))
            return node_error(m, e, SHR_EFORMAT, "actors: each entry needs %s", "actor and role");
        if ((rc = want_scalar(m, id, "actor")) || (rc = want_scalar(m, role, "role")))
            return rc;
        if (!known_actor(map, id->text))
            return node_error(m, id, SHR_EFORMAT,
                              "unknown actor '%s' (declare it under 'actors:' or load it with "
                              "the catalog)",
                              id->text);
        shr_role r;
        if (shr_role_from_name(role->text, &r) != SHR_OK)
            return node_error(m, role, SHR_EFORMAT,
                              "unknown role '%s' (carrier, funder, partner, operator, user)",
                              role->text);
        map->actors[map->nactors++] = (imp_actor_ref){id->text, r};
    }
    return SHR_OK;
}

/* actors: [{id, name, kind, link}, ...]: actors written to the output file. */
static int read_actor_decls(mreader *m, const ynode *v)
{
    shr_import_mapping *map = m->map;
    static const char *const keys[] = {"id", "name", "kind", "link", NULL};
    if (v->type != Y_SEQUENCE)
        return node_error(m, v, SHR_EFORMAT, "%s: expected a list of {id, name, kind}", "actors");
    map->actor_decls = shr__arena_calloc(&map->arena, v->n ? v->n : 1, sizeof *map->actor_decls);
    if (!map->actor_decls)
        return y_oom(&m->y);
    for (size_t j = 0; j < v->n; j++) {
        const ynode *e = v->items[j], *id, *name, *kind, *link;
        int rc = want_mapping(m, e, "actors");
        if (!rc)
            rc = only_keys(m, e, "actors", keys,
                           "actors: unknown field '%s' (expected id, name, kind, link)");
        if (rc)
            return rc;
        if (!(id = get_key(e, "id")) || !(name = get_key(e, "name")) || !(kind = get_key(e, "kind")))
            return node_error(m, e, SHR_EFORMAT, "actors: each entry needs %s", "id, name and kind");
        link = get_key(e, "link");
        if ((rc = want_scalar(m, id, "id")) || (rc = want_scalar(m, name, "name")) ||
            (rc = want_scalar(m, kind, "kind")) || (link && (rc = want_scalar(m, link, "link"))))
            return rc;
        if (!valid_id(id->text))
            return node_error(m, id, SHR_EFORMAT, "actor id '%s': ids use only a-z 0-9 - _ . :",
                              id->text);
        if (known_actor(map, id->text))
            return node_error(m, id, SHR_EFORMAT, "actor '%s' already exists", id->text);
        if (name->len == 0)
            return node_error(m, name, SHR_EFORMAT, "actor '%s': empty name", id->text);
        imp_actor_decl *d = &map->actor_decls[map->nactor_decls];
        if (shr_actor_kind_from_name(kind->text, &d->kind) != SHR_OK)
            return node_error(m, kind, SHR_EFORMAT, "unknown actor kind '%s'", kind->text);
        d->id = id->text;
        d->name = name->text;
        d->link = link ? link->text : NULL;
        map->nactor_decls++;
    }
    return SHR_OK;
}

/* split: {separator: "; ", columns: [id, name]} */
static int read_split(mreader *m, const ynode *n)
{
    shr_import_mapping *map = m->map;
    static const char *const keys[] = {"separator", "columns", NULL};
    int rc = want_mapping(m, n, "split");
    if (!rc)
        rc = only_keys(m, n, "split", keys, "split: unknown field '%s' (expected separator, columns)");
    if (rc)
        return rc;
    const ynode *sep = get_key(n, "separator"), *cols = get_key(n, "columns");
    if (!sep || !cols)
        return node_error(m, n, SHR_EFORMAT, "split: needs %s", "separator and columns");
    if ((rc = want_scalar(m, sep, "separator")))
        return rc;
    if (sep->len == 0)
        return node_error(m, sep, SHR_EFORMAT, "split: empty separator%s", "");
    map->split_separator = sep->text;
    size_t cnt = cols->type == Y_SEQUENCE ? cols->n : 1;
    for (size_t j = 0; j < cnt; j++) {
        const ynode *c = cols->type == Y_SEQUENCE ? cols->items[j] : cols;
        if ((rc = want_scalar(m, c, "split.columns")))
            return rc;
        int found = -1;
        for (int k = 0; k < IMP_COL_COUNT; k++)
            if (strcmp(c->text, shr__imp_col_names[k]) == 0)
                found = k;
        if (found < 0)
            return node_error(m, c, SHR_EFORMAT,
                              "split.columns: '%s' is not a field of 'columns' (id, name...)",
                              c->text);
        map->split[found] = 1;
    }
    return SHR_OK;
}

static int read_constants(mreader *m, const ynode *n)
{
    shr_import_mapping *map = m->map;
    int rc = want_mapping(m, n, "constants");
    if (rc)
        return rc;
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const ynode *k = n->items[i], *v = n->items[i + 1];
        if ((rc = want_scalar(m, k, "constants")))
            return rc;
        if (is_null(v))
            continue;
        if (strcmp(k->text, "id_prefix") == 0) {
            if ((rc = want_scalar(m, v, "id_prefix")))
                return rc;
            for (const char *s = v->text; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
                      *s == '_' || *s == '.' || *s == ':'))
                    return node_error(m, v, SHR_EFORMAT,
                                      "id_prefix '%s': ids use only a-z 0-9 - _ . :", v->text);
            map->id_prefix = v->text;
        } else if (strcmp(k->text, "category") == 0) {
            if ((rc = category_of(m, v, &map->const_category)))
                return rc;
        } else if (strcmp(k->text, "status") == 0) {
            if ((rc = want_scalar(m, v, "status")))
                return rc;
            if (shr_status_from_name(v->text, &map->status) != SHR_OK)
                return node_error(m, v, SHR_EFORMAT,
                                  "unknown status '%s' (planned, active, ended)", v->text);
            map->has_status = 1;
        } else if (strcmp(k->text, "tags") == 0) {
            size_t cnt = v->type == Y_SEQUENCE ? v->n : 1;
            map->tags = shr__arena_calloc(&map->arena, cnt ? cnt : 1, sizeof *map->tags);
            if (!map->tags)
                return y_oom(&m->y);
            for (size_t j = 0; j < cnt; j++) {
                const ynode *t = v->type == Y_SEQUENCE ? v->items[j] : v;
                if ((rc = want_scalar(m, t, "tags")))
                    return rc;
                if (t->len == 0)
                    return node_error(m, t, SHR_EFORMAT, "tags: empty tag%s", "");
                map->tags[map->ntags++] = t->text;
            }
        } else if (strcmp(k->text, "lowercase_id") == 0) {
            if ((rc = want_scalar(m, v, "lowercase_id")))
                return rc;
            if (strcmp(v->text, "true") != 0 && strcmp(v->text, "false") != 0)
                return node_error(m, v, SHR_EFORMAT, "lowercase_id: expected true or false, not '%s'",
                                  v->text);
            map->lowercase_id = strcmp(v->text, "true") == 0;
        } else if (strcmp(k->text, "actors") == 0) {
            if ((rc = read_actor_refs(m, v)))
                return rc;
        } else if (strcmp(k->text, "operator_role") == 0) {
            if ((rc = want_scalar(m, v, "operator_role")))
                return rc;
            if (shr_role_from_name(v->text, &map->operator_role) != SHR_OK)
                return node_error(m, v, SHR_EFORMAT,
                                  "unknown role '%s' (carrier, funder, partner, operator, user)",
                                  v->text);
        } else {
            return node_error(m, k, SHR_EFORMAT,
                              "constants: unknown field '%s' (expected id_prefix, category, "
                              "status, tags, lowercase_id, actors, operator_role)",
                              k->text);
        }
    }
    return SHR_OK;
}

static int read_meta(mreader *m, const ynode *n)
{
    int rc = want_mapping(m, n, "meta");
    if (rc)
        return rc;
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const ynode *k = n->items[i], *v = n->items[i + 1];
        if ((rc = want_scalar(m, k, "meta")))
            return rc;
        int found = 0;
        for (int j = 0; j < 4; j++) {
            if (strcmp(k->text, shr__imp_meta_keys[j]) != 0)
                continue;
            found = 1;
            if ((rc = want_scalar(m, v, k->text)))
                return rc;
            if (!is_null(v))
                m->map->meta[j] = v->text;
        }
        if (!found)
            return node_error(m, k, SHR_EFORMAT,
                              "meta: unknown field '%s' (expected title, source, licence, "
                              "updated)",
                              k->text);
    }
    return SHR_OK;
}

static int read_csv_options(mreader *m, const ynode *n)
{
    int rc = want_mapping(m, n, "csv");
    if (rc)
        return rc;
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const ynode *k = n->items[i], *v = n->items[i + 1];
        if ((rc = want_scalar(m, k, "csv")))
            return rc;
        if (strcmp(k->text, "delimiter") != 0)
            return node_error(m, k, SHR_EFORMAT, "csv: unknown field '%s' (expected delimiter)",
                              k->text);
        if ((rc = want_scalar(m, v, "delimiter")))
            return rc;
        unsigned char d = (unsigned char)v->text[0];
        if (v->len != 1 || d >= 0x80 || d == '"' || d == '\r' || d == '\n')
            return node_error(m, v, SHR_EFORMAT,
                              "delimiter '%s': expected one ASCII character other than a quote "
                              "or a line break",
                              v->text);
        m->map->delimiter = (char)d;
    }
    return SHR_OK;
}

static int read_root(mreader *m, const ynode *root)
{
    int rc = want_mapping(m, root, "mapping file");
    if (rc)
        return rc;
    int version = 0;
    /* Declared actors first: constants.actors may name them. */
    const ynode *decls = get_key(root, "actors");
    if (decls && (rc = read_actor_decls(m, decls)))
        return rc;
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const ynode *k = root->items[i], *v = root->items[i + 1];
        if ((rc = want_scalar(m, k, "mapping file")))
            return rc;
        for (size_t j = 0; j < i; j += 2)
            if (strcmp(root->items[j]->text, k->text) == 0)
                return node_error(m, k, SHR_EFORMAT, "key '%s' given twice", k->text);
        if (strcmp(k->text, "sharitories_import") == 0) {
            if (v->type != Y_SCALAR || strcmp(v->text, "1") != 0)
                return node_error(m, v, SHR_EFORMAT,
                                  "sharitories_import: unsupported version '%s' (expected 1)",
                                  v->type == Y_SCALAR ? v->text : "?");
            version = 1;
        } else if (strcmp(k->text, "columns") == 0) {
            rc = read_columns(m, v);
        } else if (strcmp(k->text, "categories") == 0) {
            rc = read_categories(m, v);
        } else if (strcmp(k->text, "constants") == 0) {
            rc = read_constants(m, v);
        } else if (strcmp(k->text, "meta") == 0) {
            rc = read_meta(m, v);
        } else if (strcmp(k->text, "csv") == 0) {
            rc = read_csv_options(m, v);
        } else if (strcmp(k->text, "split") == 0) {
            rc = read_split(m, v);
        } else if (strcmp(k->text, "actors") == 0) {
            continue; /* read first, below */
        } else {
            return node_error(m, k, SHR_EFORMAT,
                              "unknown key '%s' (expected sharitories_import, csv, columns, "
                              "split, categories, actors, constants, meta)",
                              k->text);
        }
        if (rc)
            return rc;
    }
    if (!version)
        return node_error(m, root, SHR_EFORMAT, "missing '%s: 1'", "sharitories_import");
    if (!m->map->columns[IMP_COL_NAME].name)
        return node_error(m, root, SHR_EFORMAT, "missing 'columns' (with at least '%s')",
                          "name");
    if (!m->map->columns[IMP_COL_CATEGORY].name && m->map->const_category == SHR_NO_INDEX)
        return node_error(m, root, SHR_EFORMAT,
                          "no category: map a '%s' column or give constants.category",
                          "category");
    for (int c = 0; c < IMP_COL_COUNT; c++)
        if (m->map->split[c] && !m->map->columns[c].name)
            return node_error(m, root, SHR_EFORMAT, "split.columns: '%s' is not mapped in 'columns'",
                              shr__imp_col_names[c]);
    if (m->map->columns[IMP_COL_CATEGORY].name && m->map->nvalues == 0 &&
        m->map->const_category == SHR_NO_INDEX)
        return node_error(m, root, SHR_EFORMAT,
                          "the category column needs a '%s' value map", "categories");
    return SHR_OK;
}

/* ------------------------------------------------------------------ public */

void shr_import_mapping_free(shr_import_mapping *map)
{
    if (!map)
        return;
    const shr_allocator *a = &map->cat->alloc;
    shr__outlines_free(map->outlines);
    shr__arena_free(&map->arena);
    shr__free(a, map);
}

int shr_import_mapping_load_buffer(const shr_catalog *cat, const char *name, const char *data,
                                   size_t size, shr_import_mapping **out, shr_error *err)
{
    if (out)
        *out = NULL;
    if (!cat || !out || (!data && size))
        return shr__error_set(err, SHR_EINVAL, "shr_import_mapping_load: missing argument");
    shr_import_mapping *map = shr__calloc(&cat->alloc, 1, sizeof *map);
    if (!map)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    map->cat = cat;
    shr__arena_init(&map->arena, &cat->alloc);
    map->delimiter = ',';
    map->id_prefix = "";
    map->const_category = SHR_NO_INDEX;
    map->operator_role = SHR_ROLE_OPERATOR;
    const char *file = name ? name : "<buffer>";
    map->path = shr__arena_strndup(&map->arena, file, strlen(file));
    int rc;
    if (!map->path) {
        rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
        goto error;
    }
    mreader m = {{&map->arena, map->path, err}, map};
    ynode *root = NULL;
    if ((rc = parse_document(&m.y, data ? data : "", size, &root)) != SHR_OK)
        goto error;
    if ((rc = read_root(&m, root)) != SHR_OK)
        goto error;
    *out = map;
    return SHR_OK;
error:
    shr_import_mapping_free(map);
    return rc;
}

int shr__import_read_file(const shr_allocator *a, const char *path, size_t limit, char **data,
                          size_t *size, shr_error *err)
{
    *data = NULL;
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "cannot open: %s",
                                 shr__strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = SHR_OK;
    for (;;) {
        if (shr__grow(a, (void **)&buf, &cap, len + 65536 + 1, 1)) {
            rc = shr__error_set(err, SHR_ENOMEM, "out of memory");
            break;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (len > limit) {
            rc = shr__error_set_at(err, SHR_ELIMIT, path, 0, 0, NULL,
                                   "file larger than %zu bytes", limit);
            break;
        }
        if (got == 0) {
            if (ferror(f))
                rc = shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "read error: %s",
                                       shr__strerror(errno));
            break;
        }
    }
    fclose(f);
    if (rc) {
        shr__free(a, buf);
        return rc;
    }
    buf[len] = '\0';
    *data = buf;
    *size = len;
    return SHR_OK;
}

int shr_import_mapping_load(const shr_catalog *cat, const char *path, shr_import_mapping **out,
                            shr_error *err)
{
    if (out)
        *out = NULL;
    if (!cat || !path || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_import_mapping_load: missing argument");
    char *data;
    size_t size;
    int rc = shr__import_read_file(&cat->alloc, path, SHR_LIMIT_STRING_LENGTH, &data, &size, err);
    if (rc)
        return rc;
    rc = shr_import_mapping_load_buffer(cat, path, data, size, out, err);
    shr__free(&cat->alloc, data);
    return rc;
}

int shr_import_mapping_add_outlines(shr_import_mapping *map, const char *path,
                                    const char *code_property, shr_error *err)
{
    if (!map || !path)
        return shr__error_set(err, SHR_EINVAL, "shr_import_mapping_add_outlines: missing argument");
    return shr__outlines_add(&map->outlines, &map->cat->alloc, path,
                             code_property ? code_property : "code", err);
}
