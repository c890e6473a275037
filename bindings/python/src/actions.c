/*
 * Fiches-actions (action.h) and roadmaps (roadmap.h).
 */
#include "shr_py.h"

#include <stdlib.h>

SHR_PY_OWNED_NEW(shr_py_roadmap, shr_roadmap, shr_roadmap_free)

PyObject *shr_py_catalog_actions(const shr_catalog *cat)
{
    size_t n = shr_catalog_action_count(cat);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = shr_py_ptr(shr_catalog_action_at(cat, i), SHR_PY_T_ACTION);
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}

/* A list of n strings from name(i). */
static PyObject *shr_py_names(size_t n, const char *(*name)(const shr_action *, size_t),
                              const shr_action *a)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *s = PyUnicode_FromString(name(a, i));
        if (!s) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    return list;
}
static const char *shr_py_axis_name(const shr_action *a, size_t i)
{
    return shr_axis_id(shr_action_axis_at(a, i));
}
static const char *shr_py_category_name(const shr_action *a, size_t i)
{
    return shr_category_id(shr_action_category_at(a, i));
}
static const char *shr_py_audience_name(const shr_action *a, size_t i)
{
    return shr_audience_name((shr_audience)shr_action_audience_at(a, i));
}
static const char *shr_py_lead_name(const shr_action *a, size_t i)
{
    return shr_sector_name((shr_sector)shr_action_lead_at(a, i));
}
static const char *shr_py_partner_name(const shr_action *a, size_t i)
{
    return shr_sector_name((shr_sector)shr_action_partner_at(a, i));
}
static const char *shr_py_link(const shr_action *a, size_t i)
{
    return shr_action_link_at(a, i);
}
static const char *shr_py_source(const shr_action *a, size_t i)
{
    return shr_action_source_at(a, i);
}

PyObject *shr_py_action_data(const shr_action *a)
{
    PyObject *lists = PyDict_New();
    if (!lists)
        return NULL;
    for (int l = 0; l < SHR_ACTION_LIST_COUNT; l++) {
        size_t n = shr_action_item_count(a, (shr_action_list)l);
        PyObject *items = PyList_New((Py_ssize_t)n);
        if (!items) {
            Py_DECREF(lists);
            return NULL;
        }
        for (size_t i = 0; i < n; i++) {
            PyObject *pair = Py_BuildValue("(ss)",
                                           shr_action_item_at(a, (shr_action_list)l, i, "fr"),
                                           shr_action_item_at(a, (shr_action_list)l, i, "en"));
            if (!pair) {
                Py_DECREF(items);
                Py_DECREF(lists);
                return NULL;
            }
            PyList_SET_ITEM(items, (Py_ssize_t)i, pair);
        }
        int rc = PyDict_SetItemString(lists, shr_action_list_name((shr_action_list)l), items);
        Py_DECREF(items);
        if (rc < 0) {
            Py_DECREF(lists);
            return NULL;
        }
    }
    return Py_BuildValue(
        "(NNNNNNNN)", shr_py_names(shr_action_axis_count(a), shr_py_axis_name, a),
        shr_py_names(shr_action_category_count(a), shr_py_category_name, a),
        shr_py_names(shr_action_audience_count(a), shr_py_audience_name, a),
        shr_py_names(shr_action_lead_count(a), shr_py_lead_name, a),
        shr_py_names(shr_action_partner_count(a), shr_py_partner_name, a), lists,
        shr_py_names(shr_action_link_count(a), shr_py_link, a),
        shr_py_names(shr_action_source_count(a), shr_py_source, a));
}

shr_py_roadmap *shr_py_roadmap_compute(PyObject *catalog, const char *territory, PyObject *peers,
                                       double band_low, double band_high, size_t top,
                                       size_t examples, const char *lang, shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner, *keep = NULL;
    const char **ids = NULL;
    size_t nids = 0;
    shr_roadmap *rm = NULL;
    if (shr_py_catalog_owner(catalog, "shr_py_roadmap_compute", &cat, &owner) < 0)
        return NULL;
    if (shr_py_strv(peers, "peers", &keep, &ids, &nids) < 0)
        return NULL;
    shr_roadmap_options opts = SHR_ROADMAP_OPTIONS_INIT;
    opts.band_low = band_low;
    opts.band_high = band_high;
    opts.peers = ids;
    opts.peer_count = nids;
    opts.top = top;
    opts.examples = examples;
    opts.lang = lang;
    int rc;
    SHR_PY_READING(cat, rc = shr_roadmap_compute(cat, territory, &opts, &rm, err));
    if (rc != SHR_OK && err->code == SHR_OK)
        shr_py_fail(err, SHR_EINVAL, "shr_roadmap_compute failed");
    free(ids);
    Py_XDECREF(keep);
    return rm ? shr_py_roadmap_new(rm, owner) : NULL;
}

PyObject *shr_py_roadmap_data(const shr_roadmap *rm)
{
    PyObject *peers = NULL, *recs = NULL, *out = NULL;
    size_t np = shr_roadmap_peer_count(rm), n = shr_roadmap_count(rm);
    if (!(peers = PyList_New((Py_ssize_t)np)) || !(recs = PyList_New((Py_ssize_t)n)))
        goto done;
    for (size_t i = 0; i < np; i++) {
        PyObject *t = SHR_PY_TERRITORY(shr_roadmap_peer_at(rm, i));
        if (!t)
            goto done;
        PyList_SET_ITEM(peers, (Py_ssize_t)i, t);
    }
    for (size_t i = 0; i < n; i++) {
        size_t nl = shr_roadmap_lead_count(rm, i), ne = shr_roadmap_example_count(rm, i);
        PyObject *leads = PyList_New((Py_ssize_t)nl), *examples = PyList_New((Py_ssize_t)ne);
        if (!leads || !examples) {
            Py_XDECREF(leads);
            Py_XDECREF(examples);
            goto done;
        }
        for (size_t k = 0; k < nl; k++)
            PyList_SET_ITEM(leads, (Py_ssize_t)k, SHR_PY_ACTOR(shr_roadmap_lead_at(rm, i, k)));
        for (size_t k = 0; k < ne; k++)
            PyList_SET_ITEM(examples, (Py_ssize_t)k,
                            Py_BuildValue("(NNd)", SHR_PY_PRACTICE(shr_roadmap_example_at(rm, i, k)),
                                          SHR_PY_TERRITORY(shr_roadmap_example_territory(rm, i, k)),
                                          shr_roadmap_example_distance_km(rm, i, k)));
        const shr_category *c = shr_roadmap_category(rm, i);
        PyObject *rec = Py_BuildValue(
            "(NddddsnnnissnNN)", shr_py_ptr(shr_roadmap_action(rm, i), SHR_PY_T_ACTION),
            shr_roadmap_score(rm, i), shr_roadmap_gap(rm, i), shr_roadmap_weakness(rm, i),
            shr_roadmap_lead_score(rm, i), c ? shr_category_id(c) : NULL,
            (Py_ssize_t)shr_roadmap_peers_having(rm, i), (Py_ssize_t)shr_roadmap_own_count(rm, i),
            (Py_ssize_t)shr_roadmap_local_count(rm, i), shr_roadmap_weak_axis(rm, i),
            shr_roadmap_why(rm, i, "fr"), shr_roadmap_why(rm, i, "en"),
            (Py_ssize_t)shr_roadmap_lead_total(rm, i), leads, examples);
        if (!rec)
            goto done;
        PyList_SET_ITEM(recs, (Py_ssize_t)i, rec);
    }
    out = Py_BuildValue("(NOO)", SHR_PY_TERRITORY(shr_roadmap_territory(rm)), peers, recs);
done:
    Py_XDECREF(peers);
    Py_XDECREF(recs);
    return out;
}
