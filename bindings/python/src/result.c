/*
 * Queries and owned results: select, count, the bulk columns of a result, facets, cross-tabs and
 * the export writers.
 */
#include "shr_py.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Tuple of the str getters at(o, 0..count) (for the list columns). */
typedef const char *(*shr_py_str_at_fn)(const shr_practice *p, size_t i);

static const char *shr_py_territory_id_at(const shr_practice *p, size_t i)
{
    return shr_territory_id(shr_practice_territory_at(p, i));
}
static const char *shr_py_axis_id_at(const shr_practice *p, size_t i)
{
    return shr_axis_id(shr_practice_axis_at(p, i));
}
static const char *shr_py_actor_id_at(const shr_practice *p, size_t i)
{
    return shr_actor_id(shr_practice_actor_at(p, i));
}

#define SHR_PY_CACHE_SLOTS 65536u

void shr_py_strcache_free(shr_py_strcache *c)
{
    if (c->values)
        for (size_t i = 0; i < SHR_PY_CACHE_SLOTS; i++)
            Py_XDECREF(c->values[i]);
    free(c->keys);
    free(c->values);
    c->keys = NULL;
    c->values = NULL;
}

/* New reference to the str of @p s (None for NULL). Works without a cache (c->keys NULL). */
PyObject *shr_py_strcache_get(shr_py_strcache *c, const char *s)
{
    if (!s || !c->keys)
        return shr_py_str(s);
    size_t h = (size_t)(((uint64_t)(uintptr_t)s * UINT64_C(0x9E3779B97F4A7C15)) >> 48);
    for (;; h = (h + 1) & (SHR_PY_CACHE_SLOTS - 1)) {
        if (c->keys[h] == s) {
            Py_INCREF(c->values[h]);
            return c->values[h];
        }
        if (!c->keys[h])
            break;
    }
    PyObject *v = shr_py_str(s);
    if (v && c->count < SHR_PY_CACHE_SLOTS / 2) {
        c->keys[h] = s;
        c->values[h] = v;
        c->count++;
        Py_INCREF(v);
    }
    return v;
}

void shr_py_strcache_init(shr_py_strcache *c)
{
    c->count = 0;
    c->keys = (const char **)calloc(SHR_PY_CACHE_SLOTS, sizeof *c->keys);
    c->values = (PyObject **)calloc(SHR_PY_CACHE_SLOTS, sizeof *c->values);
    if (!c->keys || !c->values) { /* no cache: slower, still correct */
        free(c->keys);
        free(c->values);
        c->keys = NULL;
        c->values = NULL;
    }
}

static PyObject *shr_py_str_tuple(shr_py_strcache *cache, const shr_practice *p, size_t n,
                                  shr_py_str_at_fn at)
{
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *s = shr_py_strcache_get(cache, at(p, i));
        if (!s) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, (Py_ssize_t)i, s);
    }
    return t;
}

int shr_py_dimension(const char *name, shr_dimension *out)
{
    if (!name || shr_dimension_from_name(name, out) != SHR_OK) {
        PyErr_Format(PyExc_ValueError,
                     "unknown dimension '%s' (expected one of axis, category, family, status, "
                     "actorkind, actorsector, role, tag, started, country, region, department, "
                     "epci, commune)",
                     name ? name : "(null)");
        return -1;
    }
    return 0;
}

/* A query warning copied out of the compiled query (freed before the warnings are issued). */
typedef struct shr_py_warning {
    char *message;
    char *message_fr; /* the French of message (shr_query_warning_message_lang) */
    unsigned column; /* bytes, 1-based; 0 when unknown */
} shr_py_warning;

/* The warnings of @p q, copied; SHR_OK or SHR_ENOMEM (none copied). No GIL needed. */
static int shr_py_copy_warnings(const shr_query *q, shr_py_warning **out, size_t *count)
{
    size_t n = shr_query_warning_count(q);
    *out = NULL;
    *count = 0;
    if (n == 0)
        return SHR_OK;
    shr_py_warning *w = (shr_py_warning *)calloc(n, sizeof *w);
    if (!w)
        return SHR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *m = shr_query_warning_message(q, i);
        const char *fr = shr_query_warning_message_lang(q, i, "fr");
        size_t len = strlen(m ? m : ""), len_fr = strlen(fr ? fr : "");
        w[i].message = (char *)malloc(len + 1);
        w[i].message_fr = (char *)malloc(len_fr + 1);
        if (!w[i].message || !w[i].message_fr) {
            for (size_t k = 0; k <= i; k++) {
                free(w[k].message);
                free(w[k].message_fr);
            }
            free(w);
            return SHR_ENOMEM;
        }
        memcpy(w[i].message, m ? m : "", len + 1);
        memcpy(w[i].message_fr, fr ? fr : "", len_fr + 1);
        w[i].column = shr_query_warning_column(q, i);
    }
    *out = w;
    *count = n;
    return SHR_OK;
}

int shr_py_with_query(const shr_catalog *cat, const char *expr, int optional,
                      shr_py_query_fn fn, void *ctx, shr_error *err)
{
    int parsed = SHR_OK, rc = SHR_OK, raised = 0;
    shr_py_warning *warnings = NULL;
    size_t nwarnings = 0;
    pthread_rwlock_t *lock = shr_py_catalog_lock(cat);
    Py_BEGIN_ALLOW_THREADS
    if (lock)
        pthread_rwlock_rdlock(lock);
    shr_query *q = NULL;
    if (!optional || (expr && *expr))
        parsed = shr_query_parse(cat, expr, &q, err);
    if (parsed == SHR_OK && q && shr_py_copy_warnings(q, &warnings, &nwarnings) != SHR_OK) {
        shr_py_fail(err, SHR_ENOMEM, "out of memory");
        rc = SHR_ENOMEM;
    }
    if (parsed == SHR_OK && rc == SHR_OK)
        rc = fn(cat, q, ctx, err);
    shr_query_free(q);
    if (lock)
        pthread_rwlock_unlock(lock);
    Py_END_ALLOW_THREADS
    /* The query is freed and the lock released: Python code may now run (even a load). */
    for (size_t i = 0; i < nwarnings; i++) {
        if (!raised && shr_py_warn(expr, warnings[i].message,
                                   shr_py_char_column(expr, warnings[i].column),
                                   warnings[i].message_fr) < 0)
            raised = 1; /* the warning became an exception (warnings as errors) */
        free(warnings[i].message);
        free(warnings[i].message_fr);
    }
    free(warnings);
    if (parsed != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, SHR_EQUERY, "query failed");
        err->column = shr_py_char_column(expr, err->column);
        return err->code;
    }
    if (raised)
        return SHR_PY_RAISED;
    if (rc != SHR_OK && err->code == SHR_OK)
        shr_py_fail(err, rc, shr_error_code_text(rc));
    return rc;
}

/* shr_py_select's work inside the read-locked section. */
typedef struct shr_py_select_ctx {
    shr_sort_key key;
    int descending;
    shr_result *res;
} shr_py_select_ctx;

static int shr_py_select_run(const shr_catalog *cat, const shr_query *q, void *ctx,
                             shr_error *err)
{
    shr_py_select_ctx *c = (shr_py_select_ctx *)ctx;
    int rc = shr_query_run(q, &c->res, err);
    if (rc == SHR_OK && (c->key != SHR_SORT_CATALOG || c->descending) &&
        shr_result_sort(c->res, c->key, c->descending, err) != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, SHR_ENOMEM, "out of memory");
        rc = SHR_ENOMEM;
    }
    return rc;
}

shr_py_result *shr_py_select(PyObject *catalog, const char *expr, const char *sort,
                             int descending, shr_error *err)
{
    shr_catalog *cat = NULL;
    PyObject *owner;
    shr_py_select_ctx c = {SHR_SORT_CATALOG, descending, NULL};
    if (shr_py_catalog_owner(catalog, "shr_py_select", &cat, &owner) < 0)
        return NULL;
    if (sort && shr_sort_key_from_name(sort, &c.key) != SHR_OK) {
        PyErr_Format(PyExc_ValueError,
                     "unknown sort key '%s' (expected catalog, name, started or id)", sort);
        return NULL;
    }
    shr_py_result *r = (shr_py_result *)calloc(1, sizeof *r);
    if (!r) {
        PyErr_NoMemory();
        return NULL;
    }
    if (shr_py_with_query(cat, expr, 0, shr_py_select_run, &c, err) != SHR_OK) {
        shr_result_free(c.res);
        free(r);
        return NULL;
    }
    r->res = c.res;
    Py_INCREF(owner);
    r->owner = owner;
    return r;
}

static int shr_py_count_run(const shr_catalog *cat, const shr_query *q, void *ctx,
                            shr_error *err)
{
    int64_t *n = (int64_t *)ctx;
    *n = shr_query_count(q, err);
    return *n < 0 ? (int)*n : SHR_OK;
}

int64_t shr_py_count(const shr_catalog *cat, const char *expr, shr_error *err)
{
    int64_t n = -1;
    return shr_py_with_query(cat, expr, 0, shr_py_count_run, &n, err) == SHR_OK ? n : -1;
}

size_t shr_py_result_count(const shr_py_result *r)
{
    return shr_result_count(r->res);
}

PyObject *shr_py_result_at(const shr_py_result *r, Py_ssize_t index)
{
    const shr_practice *p = NULL;
    if (index >= 0)
        p = shr_result_at(r->res, (size_t)index);
    if (!p) {
        PyErr_SetString(PyExc_IndexError, "result index out of range");
        return NULL;
    }
    return SHR_PY_PRACTICE(p);
}

PyObject *shr_py_result_practices(const shr_py_result *r, Py_ssize_t start, Py_ssize_t stop,
                                  Py_ssize_t step)
{
    Py_ssize_t n = 0;
    if (step == 0) {
        PyErr_SetString(PyExc_ValueError, "slice step cannot be zero");
        return NULL;
    }
    if (step > 0 && start < stop)
        n = (stop - start - 1) / step + 1;
    else if (step < 0 && stop < start)
        n = (start - stop - 1) / (-step) + 1;
    PyObject *list = PyList_New(n);
    if (!list)
        return NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        const shr_practice *p = shr_result_at(r->res, (size_t)(start + k * step));
        PyObject *item = p ? SHR_PY_PRACTICE(p) : NULL;
        if (!item) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_IndexError, "result index out of range");
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, k, item);
    }
    return list;
}

PyObject *shr_py_result_ids(const shr_py_result *r)
{
    size_t n = shr_result_count(r->res);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *id = shr_practice_id(shr_result_at(r->res, i));
        PyObject *s = PyUnicode_DecodeUTF8(id, (Py_ssize_t)strlen(id), "replace");
        if (!s) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    return list;
}

PyObject *shr_py_result_column(const shr_py_result *r, const char *column)
{
    const char *name = column;
    size_t n = shr_result_count(r->res);
    enum { STR, TUPLE, I32, F64 } shape;
    int which = 0;
    static const char *const strs[] = {"id", "name", "description", "address", "department",
                                       "region", NULL};
    static const char *const tuples[] = {"territories", "axes", "tags", "actors", NULL};
    static const char *const i32s[] = {"category", "family", "status", "started", "ended",
                                       "territory_count", NULL};
    static const char *const f64s[] = {"latitude", "longitude", NULL};
    const char *const *tables[] = {strs, tuples, i32s, f64s};
    int found = 0;
    for (int s = 0; s < 4 && !found; s++)
        for (int k = 0; tables[s][k]; k++)
            if (!strcmp(tables[s][k], name)) {
                shape = (s == 0 ? STR : s == 1 ? TUPLE : s == 2 ? I32 : F64);
                which = k;
                found = 1;
                break;
            }
    if (!found) {
        PyErr_Format(PyExc_ValueError, "unknown column '%s'", name);
        return NULL;
    }
    if (shape == STR || shape == TUPLE) {
        shr_py_strcache cache = {NULL, NULL, 0};
        if (shape == TUPLE || which >= 4)
            shr_py_strcache_init(&cache);
        PyObject *list = PyList_New((Py_ssize_t)n);
        if (!list) {
            shr_py_strcache_free(&cache);
            return NULL;
        }
        for (size_t i = 0; i < n; i++) {
            const shr_practice *p = shr_result_at(r->res, i);
            PyObject *v = NULL;
            if (shape == STR && which == 2) {
                v = shr_py_practice_description(p); /* a copy: the catalog keeps no decoded text */
            } else if (shape == STR && which >= 4) {
                const shr_territory *t = shr_py_level(
                    shr_practice_territory_at(p, 0),
                    which == 4 ? SHR_TERRITORY_DEPARTMENT : SHR_TERRITORY_REGION);
                v = shr_py_strcache_get(&cache, t ? shr_territory_id(t) : NULL);
            } else if (shape == STR) {
                const char *s = which == 0   ? shr_practice_id(p)
                                : which == 1 ? shr_practice_name(p)
                                             : shr_practice_address(p);
                v = shr_py_str(s);
            } else if (which == 0) {
                v = shr_py_str_tuple(&cache, p, shr_practice_territory_count(p), shr_py_territory_id_at);
            } else if (which == 1) {
                v = shr_py_str_tuple(&cache, p, shr_practice_axis_count(p), shr_py_axis_id_at);
            } else if (which == 2) {
                v = shr_py_str_tuple(&cache, p, shr_practice_tag_count(p), shr_practice_tag_at);
            } else {
                v = shr_py_str_tuple(&cache, p, shr_practice_actor_count(p), shr_py_actor_id_at);
            }
            if (!v) {
                Py_DECREF(list);
                shr_py_strcache_free(&cache);
                return NULL;
            }
            PyList_SET_ITEM(list, (Py_ssize_t)i, v);
        }
        shr_py_strcache_free(&cache);
        return list;
    }
    size_t width = shape == I32 ? sizeof(int32_t) : sizeof(double);
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(n * width));
    if (!bytes)
        return NULL;
    char *buf = PyBytes_AS_STRING(bytes);
    for (size_t i = 0; i < n; i++) {
        const shr_practice *p = shr_result_at(r->res, i);
        if (shape == I32) {
            int32_t v;
            switch (which) {
            case 0: v = (int32_t)shr_category_index(shr_practice_category(p)); break;
            case 1: v = (int32_t)shr_category_family(shr_practice_category(p)); break;
            case 2: v = (int32_t)shr_practice_status(p); break;
            case 3: v = shr_practice_started(p); break;
            case 4: v = shr_practice_ended(p); break;
            default: v = (int32_t)shr_practice_territory_count(p); break;
            }
            memcpy(buf + i * width, &v, width);
        } else {
            double lat = NAN, lon = NAN;
            if (!shr_practice_location(p, &lat, &lon))
                lat = lon = NAN;
            double v = which == 0 ? lat : lon;
            memcpy(buf + i * width, &v, width);
        }
    }
    return bytes;
}

PyObject *shr_py_facet(const shr_py_result *r, const char *dimension, int within,
                       shr_error *err)
{
    shr_dimension dim;
    shr_facet *f = NULL;
    if (shr_py_dimension(dimension, &dim) < 0)
        return NULL;
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res),
                   rc = within ? shr_facet_compute_within(r->res, dim, &f, err)
                               : shr_facet_compute(r->res, dim, &f, err));
    if (rc != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, SHR_ENOMEM, "out of memory");
        return NULL;
    }
    size_t n = shr_facet_count(f);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (list) {
        for (size_t i = 0; i < n; i++) {
            PyObject *item = Py_BuildValue(
                "(NNNnN)", shr_py_str(shr_facet_key(f, i)), shr_py_str(shr_facet_label(f, i, "fr")),
                shr_py_str(shr_facet_label(f, i, "en")), (Py_ssize_t)shr_facet_value(f, i),
                shr_py_population(shr_facet_population(f, i)));
            if (!item) {
                Py_CLEAR(list);
                break;
            }
            PyList_SET_ITEM(list, (Py_ssize_t)i, item);
        }
    }
    shr_facet_free(f);
    return list;
}

PyObject *shr_py_crosstab(const shr_py_result *r, const char *rows, const char *cols,
                          int within, shr_error *err)
{
    shr_dimension rdim, cdim;
    shr_crosstab *x = NULL;
    if (shr_py_dimension(rows, &rdim) < 0 || shr_py_dimension(cols, &cdim) < 0)
        return NULL;
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res),
                   rc = within ? shr_crosstab_compute_within(r->res, rdim, cdim, &x, err)
                               : shr_crosstab_compute(r->res, rdim, cdim, &x, err));
    if (rc != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, SHR_ENOMEM, "out of memory");
        return NULL;
    }
    size_t nr = shr_crosstab_row_count(x), nc = shr_crosstab_col_count(x);
    PyObject *rh = PyList_New((Py_ssize_t)nr), *ch = PyList_New((Py_ssize_t)nc);
    PyObject *values = PyList_New((Py_ssize_t)nr), *out = NULL;
    if (!rh || !ch || !values)
        goto done;
    for (size_t i = 0; i < nr; i++) {
        PyObject *h = Py_BuildValue("(NNNN)", shr_py_str(shr_crosstab_row_key(x, i)),
                                    shr_py_str(shr_crosstab_row_label(x, i, "fr")),
                                    shr_py_str(shr_crosstab_row_label(x, i, "en")),
                                    shr_py_population(shr_crosstab_row_population(x, i)));
        PyObject *row = PyList_New((Py_ssize_t)nc);
        if (!h || !row) {
            Py_XDECREF(h);
            Py_XDECREF(row);
            goto done;
        }
        PyList_SET_ITEM(rh, (Py_ssize_t)i, h);
        PyList_SET_ITEM(values, (Py_ssize_t)i, row);
        for (size_t j = 0; j < nc; j++) {
            PyObject *v = PyLong_FromSize_t(shr_crosstab_value(x, i, j));
            if (!v)
                goto done;
            PyList_SET_ITEM(row, (Py_ssize_t)j, v);
        }
    }
    for (size_t j = 0; j < nc; j++) {
        PyObject *h = Py_BuildValue("(NNNN)", shr_py_str(shr_crosstab_col_key(x, j)),
                                    shr_py_str(shr_crosstab_col_label(x, j, "fr")),
                                    shr_py_str(shr_crosstab_col_label(x, j, "en")),
                                    shr_py_population(shr_crosstab_col_population(x, j)));
        if (!h)
            goto done;
        PyList_SET_ITEM(ch, (Py_ssize_t)j, h);
    }
    out = PyTuple_Pack(3, rh, ch, values);
done:
    Py_XDECREF(rh);
    Py_XDECREF(ch);
    Py_XDECREF(values);
    shr_crosstab_free(x);
    return out;
}

int shr_py_result_write_csv(const shr_py_result *r, FILE *out, shr_error *err)
{
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res), rc = shr_result_write_csv_file(r->res, out, err));
    return rc;
}

int shr_py_result_write_json(const shr_py_result *r, FILE *out, shr_error *err)
{
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res), rc = shr_result_write_json_file(r->res, out, err));
    return rc;
}

long long shr_py_result_write_geojson(const shr_py_result *r, unsigned flags, FILE *out,
                                      shr_error *err)
{
    size_t written = 0;
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res),
                   rc = shr_result_write_geojson_file(r->res, out, flags, &written, err));
    return rc != SHR_OK ? (long long)rc : (long long)written;
}

int shr_py_result_write_sql(const shr_py_result *r, const char *name /* the schema, or None */,
                            unsigned flags, FILE *out, shr_error *err)
{
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res),
                   rc = shr_result_write_sql_file(r->res, out, name, flags, err));
    return rc;
}
