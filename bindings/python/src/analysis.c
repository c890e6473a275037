/*
 * Analyses (analysis.h): inspiration, comparison, network; the territory report (report.h) and
 * the map (map.h).
 */
#include "shr_py.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

SHR_PY_OWNED_NEW(shr_py_inspiration, shr_inspiration, shr_inspiration_free)
SHR_PY_OWNED_NEW(shr_py_comparison, shr_comparison, shr_comparison_free)
SHR_PY_OWNED_NEW(shr_py_network, shr_network, shr_network_free)

/* shr_py_inspire's work inside the read-locked section of shr_py_with_query(). */
typedef struct shr_py_inspire_ctx {
    const char *territory;
    shr_inspire_options opts;
    shr_inspiration *insp;
} shr_py_inspire_ctx;

static int shr_py_inspire_run(const shr_catalog *cat, const shr_query *q, void *ctx,
                              shr_error *err)
{
    shr_py_inspire_ctx *c = (shr_py_inspire_ctx *)ctx;
    c->opts.filter = q;
    int rc = shr_inspiration_compute(cat, c->territory, &c->opts, &c->insp, err);
    if (rc != SHR_OK && err->code == SHR_OK)
        shr_py_fail(err, SHR_EINVAL, "shr_inspiration_compute failed");
    return rc;
}

shr_py_inspiration *shr_py_inspire(PyObject *catalog, const char *territory, PyObject *peers,
                                   double band_low, double band_high, size_t examples,
                                   const char *query, int by_distance, shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner, *keep = NULL;
    const char **ids = NULL;
    size_t nids = 0;
    if (shr_py_catalog_owner(catalog, "shr_py_inspire", &cat, &owner) < 0)
        return NULL;
    if (shr_py_strv(peers, "peers", &keep, &ids, &nids) < 0)
        return NULL;
    shr_py_inspire_ctx c = {territory, SHR_INSPIRE_OPTIONS_INIT, NULL};
    c.opts.band_low = band_low;
    c.opts.band_high = band_high;
    c.opts.peers = ids;
    c.opts.peer_count = nids;
    c.opts.examples = examples;
    c.opts.by_distance = by_distance;
    if (shr_py_with_query(cat, query, 1, shr_py_inspire_run, &c, err) != SHR_OK) {
        shr_inspiration_free(c.insp); /* made before a query warning raised */
        c.insp = NULL;
    }
    free(ids);
    Py_XDECREF(keep);
    return c.insp ? shr_py_inspiration_new(c.insp, owner) : NULL;
}

PyObject *shr_py_inspiration_data(const shr_inspiration *insp)
{
    PyObject *peers = NULL, *lists[SHR_INSPIRE_LIST_COUNT] = {NULL}, *out = NULL;
    size_t np = shr_inspiration_peer_count(insp);
    if (!(peers = PyList_New((Py_ssize_t)np)))
        goto done;
    for (size_t i = 0; i < np; i++) {
        PyObject *t = SHR_PY_TERRITORY(shr_inspiration_peer_at(insp, i));
        if (!t)
            goto done;
        PyList_SET_ITEM(peers, (Py_ssize_t)i, t);
    }
    for (int l = 0; l < SHR_INSPIRE_LIST_COUNT; l++) {
        shr_inspire_list list = (shr_inspire_list)l;
        size_t n = shr_inspiration_count(insp, list);
        if (!(lists[l] = PyList_New((Py_ssize_t)n)))
            goto done;
        for (size_t i = 0; i < n; i++) {
            size_t ne = shr_inspiration_example_count(insp, list, i);
            PyObject *examples = PyList_New((Py_ssize_t)ne);
            if (!examples)
                goto done;
            for (size_t k = 0; k < ne; k++) {
                PyObject *ex = Py_BuildValue(
                    "(NN)", SHR_PY_PRACTICE(shr_inspiration_example_at(insp, list, i, k)),
                    SHR_PY_TERRITORY(shr_inspiration_example_territory(insp, list, i, k)));
                if (!ex) {
                    Py_DECREF(examples);
                    goto done;
                }
                PyList_SET_ITEM(examples, (Py_ssize_t)k, ex);
            }
            PyObject *entry = Py_BuildValue(
                "(NndnN)", shr_py_ptr(shr_inspiration_category(insp, list, i), SHR_PY_T_CATEGORY),
                (Py_ssize_t)shr_inspiration_peers_with(insp, list, i),
                shr_inspiration_share(insp, list, i),
                (Py_ssize_t)shr_inspiration_own_count(insp, list, i), examples);
            if (!entry)
                goto done;
            PyList_SET_ITEM(lists[l], (Py_ssize_t)i, entry);
        }
    }
    out = Py_BuildValue("(NOOO)", SHR_PY_TERRITORY(shr_inspiration_territory(insp)), peers,
                        lists[SHR_INSPIRE_LACKS], lists[SHR_INSPIRE_HAS]);
done:
    Py_XDECREF(peers);
    for (int l = 0; l < SHR_INSPIRE_LIST_COUNT; l++)
        Py_XDECREF(lists[l]);
    return out;
}

/* shr_py_compare's work inside the read-locked section of shr_py_with_query(). */
typedef struct shr_py_compare_ctx {
    const char *const *ids;
    size_t nids;
    shr_dimension dim;
    shr_comparison *cmp;
} shr_py_compare_ctx;

static int shr_py_compare_run(const shr_catalog *cat, const shr_query *q, void *ctx,
                              shr_error *err)
{
    shr_py_compare_ctx *c = (shr_py_compare_ctx *)ctx;
    int rc = shr_comparison_compute(cat, c->ids, c->nids,
                                    &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, c->dim, q},
                                    &c->cmp, err);
    if (rc != SHR_OK && err->code == SHR_OK)
        shr_py_fail(err, SHR_EINVAL, "shr_comparison_compute failed");
    return rc;
}

shr_py_comparison *shr_py_compare(PyObject *catalog, PyObject *territories,
                                  const char *dimension, const char *query, shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner, *keep = NULL;
    const char **ids = NULL;
    size_t nids = 0;
    shr_dimension dim;
    if (shr_py_catalog_owner(catalog, "shr_py_compare", &cat, &owner) < 0 ||
        shr_py_dimension(dimension, &dim) < 0)
        return NULL;
    if (shr_py_strv(territories, "territories", &keep, &ids, &nids) < 0)
        return NULL;
    shr_py_compare_ctx c = {ids, nids, dim, NULL};
    if (shr_py_with_query(cat, query, 1, shr_py_compare_run, &c, err) != SHR_OK) {
        shr_comparison_free(c.cmp); /* made before a query warning raised */
        c.cmp = NULL;
    }
    free(ids);
    Py_XDECREF(keep);
    return c.cmp ? shr_py_comparison_new(c.cmp, owner) : NULL;
}

static PyObject *shr_py_rate(double v)
{
    if (v < 0)
        Py_RETURN_NONE;
    return PyFloat_FromDouble(v);
}

PyObject *shr_py_comparison_data(const shr_comparison *cmp, double per)
{
    size_t nt = shr_comparison_territory_count(cmp), nk = shr_comparison_key_count(cmp);
    PyObject *terrs = PyList_New((Py_ssize_t)nt), *keys = PyList_New((Py_ssize_t)nk), *out = NULL;
    if (!terrs || !keys)
        goto done;
    for (size_t t = 0; t < nt; t++) {
        PyObject *item = Py_BuildValue("(NnN)", SHR_PY_TERRITORY(shr_comparison_territory_at(cmp, t)),
                                       (Py_ssize_t)shr_comparison_total(cmp, t),
                                       shr_py_rate(shr_comparison_per_capita(cmp, SHR_NONE, t, per)));
        if (!item)
            goto done;
        PyList_SET_ITEM(terrs, (Py_ssize_t)t, item);
    }
    for (size_t k = 0; k < nk; k++) {
        PyObject *counts = PyList_New((Py_ssize_t)nt), *rates = PyList_New((Py_ssize_t)nt);
        if (!counts || !rates) {
            Py_XDECREF(counts);
            Py_XDECREF(rates);
            goto done;
        }
        for (size_t t = 0; t < nt; t++) {
            PyList_SET_ITEM(counts, (Py_ssize_t)t, PyLong_FromSize_t(shr_comparison_value(cmp, k, t)));
            PyList_SET_ITEM(rates, (Py_ssize_t)t, shr_py_rate(shr_comparison_per_capita(cmp, k, t, per)));
        }
        if (PyErr_Occurred()) {
            Py_DECREF(counts);
            Py_DECREF(rates);
            goto done;
        }
        PyObject *item = Py_BuildValue("(NNNNN)", shr_py_str(shr_comparison_key(cmp, k)),
                                       shr_py_str(shr_comparison_label(cmp, k, "fr")),
                                       shr_py_str(shr_comparison_label(cmp, k, "en")), counts, rates);
        if (!item)
            goto done;
        PyList_SET_ITEM(keys, (Py_ssize_t)k, item);
    }
    out = Py_BuildValue("(NOO)", shr_py_str(shr_dimension_name(shr_comparison_dimension(cmp))),
                        terrs, keys);
done:
    Py_XDECREF(terrs);
    Py_XDECREF(keys);
    return out;
}

shr_py_network *shr_py_network_build(PyObject *catalog, const shr_py_result *practices,
                                     shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner;
    shr_network *net = NULL;
    if (shr_py_catalog_owner(catalog, "shr_py_network_build", &cat, &owner) < 0)
        return NULL;
    int rc;
    SHR_PY_READING(cat, rc = shr_network_compute(cat, practices ? practices->res : NULL, &net,
                                                 err));
    if (rc != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, SHR_EINVAL, "shr_network_compute failed");
        return NULL;
    }
    return shr_py_network_new(net, owner);
}

PyObject *shr_py_network_data(const shr_network *net)
{
    size_t nn = shr_network_node_count(net), ne = shr_network_edge_count(net);
    size_t ns = shr_network_spanning_count(net), nm = shr_network_multi_department_count(net);
    PyObject *nodes = PyList_New((Py_ssize_t)nn), *edges = PyList_New((Py_ssize_t)ne);
    PyObject *spanning = PyList_New((Py_ssize_t)ns), *multi = PyList_New((Py_ssize_t)nm);
    PyObject *out = NULL;
    if (!nodes || !edges || !spanning || !multi)
        goto done;
    for (size_t i = 0; i < nn; i++) {
        size_t nd = shr_network_node_departments(net, i);
        PyObject *deps = PyList_New((Py_ssize_t)nd);
        if (!deps)
            goto done;
        for (size_t k = 0; k < nd; k++) {
            PyObject *d = SHR_PY_TERRITORY(shr_network_node_department_at(net, i, k));
            if (!d) {
                Py_DECREF(deps);
                goto done;
            }
            PyList_SET_ITEM(deps, (Py_ssize_t)k, d);
        }
        PyObject *item = Py_BuildValue("(NnN)", SHR_PY_ACTOR(shr_network_node_at(net, i)),
                                       (Py_ssize_t)shr_network_node_practices(net, i), deps);
        if (!item)
            goto done;
        PyList_SET_ITEM(nodes, (Py_ssize_t)i, item);
    }
    for (size_t e = 0; e < ne; e++) {
        PyObject *item = Py_BuildValue("(nnn)", (Py_ssize_t)shr_network_edge_source(net, e),
                                       (Py_ssize_t)shr_network_edge_target(net, e),
                                       (Py_ssize_t)shr_network_edge_weight(net, e));
        if (!item)
            goto done;
        PyList_SET_ITEM(edges, (Py_ssize_t)e, item);
    }
    for (size_t i = 0; i < ns; i++) {
        PyObject *p = SHR_PY_PRACTICE(shr_network_spanning_at(net, i));
        if (!p)
            goto done;
        PyList_SET_ITEM(spanning, (Py_ssize_t)i, p);
    }
    for (size_t i = 0; i < nm; i++) {
        PyObject *v = PyLong_FromSize_t(shr_network_multi_department_node(net, i));
        if (!v)
            goto done;
        PyList_SET_ITEM(multi, (Py_ssize_t)i, v);
    }
    out = PyTuple_Pack(4, nodes, edges, spanning, multi);
done:
    Py_XDECREF(nodes);
    Py_XDECREF(edges);
    Py_XDECREF(spanning);
    Py_XDECREF(multi);
    return out;
}

/* A writer of a document on @p cat into @p f, run under the read lock without the GIL. */
typedef int (*shr_py_write_fn)(const shr_catalog *cat, FILE *f, const void *ctx, shr_error *err);

/* The document fn writes, as str (NULL with @p err filled, or MemoryError). @p what says what
 * could not be written, for an error closing the memory stream. */
static PyObject *shr_py_write_str(const shr_catalog *cat, shr_py_write_fn fn, const void *ctx,
                                  const char *what, shr_error *err)
{
    char *buf = NULL;
    size_t size = 0;
    PyObject *out = NULL;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        return PyErr_NoMemory();
    int rc;
    SHR_PY_READING(cat, rc = fn(cat, f, ctx, err));
    if (fclose(f) != 0 && rc == SHR_OK) {
        shr_py_fail_io(err, what, "<memory>", errno);
        rc = SHR_EIO;
    }
    if (rc == SHR_OK)
        out = PyUnicode_DecodeUTF8(buf ? buf : "", (Py_ssize_t)size, "strict");
    else if (err->code == SHR_OK)
        shr_py_fail(err, rc, shr_error_code_text(rc));
    free(buf);
    return out;
}

typedef struct shr_py_report_ctx {
    const char *territory;
    const shr_report_options *opts;
} shr_py_report_ctx;

static int shr_py_report_run(const shr_catalog *cat, FILE *f, const void *ctx, shr_error *err)
{
    const shr_py_report_ctx *c = (const shr_py_report_ctx *)ctx;
    return shr_report_write_file(cat, c->territory, c->opts, f, err);
}

static int shr_py_map_run(const shr_catalog *cat, FILE *f, const void *ctx, shr_error *err)
{
    return shr_map_write_file(cat, (const shr_map_options *)ctx, f, err);
}

PyObject *shr_py_report(PyObject *catalog, const char *territory, PyObject *path,
                        const char *lang, PyObject *peers, double band_low, double band_high,
                        long max_peers_shown, long max_inspirations, long examples,
                        const char *generated, shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner, *keep = NULL, *encoded = NULL, *out = NULL;
    const char **ids = NULL;
    size_t nids = 0;
    if (shr_py_catalog_owner(catalog, "shr_py_report", &cat, &owner) < 0)
        return NULL;
    if (path != Py_None && !PyUnicode_FSConverter(path, &encoded))
        return NULL;
    if (shr_py_strv(peers, "peers", &keep, &ids, &nids) < 0) {
        Py_XDECREF(encoded);
        return NULL;
    }
    shr_report_options opts = SHR_REPORT_OPTIONS_INIT;
    opts.lang = lang;
    opts.peers = ids;
    opts.peer_count = nids;
    opts.band_low = band_low;
    opts.band_high = band_high;
    opts.max_peers_shown = max_peers_shown < 0 ? SHR_NONE : (size_t)max_peers_shown;
    opts.max_inspirations = max_inspirations < 0 ? SHR_NONE : (size_t)max_inspirations;
    opts.examples = examples < 0 ? SHR_NONE : (size_t)examples;
    opts.generated = generated;
    if (encoded) {
        int rc;
        const char *dest = PyBytes_AS_STRING(encoded);
        SHR_PY_READING(cat, rc = shr_report_save(cat, territory, &opts, dest, err));
        if (rc == SHR_OK) {
            out = Py_None;
            Py_INCREF(out);
        } else if (err->code == SHR_OK) {
            shr_py_fail(err, SHR_EIO, "shr_report_save failed");
        }
    } else {
        shr_py_report_ctx c = {territory, &opts};
        out = shr_py_write_str(cat, shr_py_report_run, &c, "cannot write the page", err);
    }
    free(ids);
    Py_XDECREF(keep);
    Py_XDECREF(encoded);
    return out;
}

PyObject *shr_py_map(PyObject *catalog, const char *query, const char *by, double per,
                     unsigned classes, const char *lang, const char *title,
                     const char *outlines, PyObject *path, shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner, *encoded = NULL, *out = NULL;
    if (shr_py_catalog_owner(catalog, "shr_py_map", &cat, &owner) < 0)
        return NULL;
    shr_map_options opts = SHR_MAP_OPTIONS_INIT;
    if (shr_map_level_from_name(by, &opts.by) != SHR_OK) {
        PyErr_Format(PyExc_ValueError, "by must be 'department' or 'region', not '%s'",
                     by ? by : "");
        return NULL;
    }
    opts.query = query;
    opts.per = per;
    opts.classes = classes;
    opts.lang = lang;
    opts.title = title;
    opts.outlines = outlines;
    if (path != Py_None && !PyUnicode_FSConverter(path, &encoded))
        return NULL;
    int rc;
    if (encoded) {
        SHR_PY_READING(cat, rc = shr_map_save(cat, &opts, PyBytes_AS_STRING(encoded), err));
        if (rc == SHR_OK) {
            out = Py_None;
            Py_INCREF(out);
        } else if (err->code == SHR_OK) {
            shr_py_fail(err, rc, shr_error_code_text(rc));
        }
    } else {
        out = shr_py_write_str(cat, shr_py_map_run, &opts, "cannot write the map", err);
    }
    Py_XDECREF(encoded);
    return out;
}
