/*
 * CSV import (import.h): the mapping and the CSV, each a file name or the document itself.
 */
#include "shr_py.h"

#include <stdlib.h>
#include <string.h>

SHR_PY_OWNED_NEW(shr_py_import, shr_import, shr_import_free)

/* A document argument: a file name, or bytes-like content. */
typedef struct shr_py_doc {
    PyObject *encoded;  /* the file name, encoded */
    Py_buffer view;
    int have_view;
    const char *name;
} shr_py_doc;

static int shr_py_doc_get(shr_py_doc *d, PyObject *obj, PyObject *name)
{
    memset(d, 0, sizeof *d);
    if (PyObject_CheckBuffer(obj)) {
        if (PyObject_GetBuffer(obj, &d->view, PyBUF_SIMPLE) < 0)
            return -1;
        d->have_view = 1;
        if (name && name != Py_None) {
            if (!PyUnicode_FSConverter(name, &d->encoded))
                return -1;
            d->name = PyBytes_AS_STRING(d->encoded);
        }
        return 0;
    }
    if (!PyUnicode_FSConverter(obj, &d->encoded))
        return -1;
    d->name = PyBytes_AS_STRING(d->encoded);
    return 0;
}

static void shr_py_doc_release(shr_py_doc *d)
{
    if (d->have_view)
        PyBuffer_Release(&d->view);
    Py_XDECREF(d->encoded);
}

shr_py_import *shr_py_import_csv(PyObject *catalog, PyObject *mapping, PyObject *mapping_name,
                                 PyObject *csv, PyObject *csv_name, shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner;
    shr_py_doc md, cd;
    shr_import_mapping *map = NULL;
    shr_import *imp = NULL;
    int rc;
    if (shr_py_catalog_owner(catalog, "shr_py_import_csv", &cat, &owner) < 0)
        return NULL;
    if (shr_py_doc_get(&md, mapping, mapping_name) < 0) {
        shr_py_doc_release(&md);
        return NULL;
    }
    if (shr_py_doc_get(&cd, csv, csv_name) < 0) {
        shr_py_doc_release(&md);
        shr_py_doc_release(&cd);
        return NULL;
    }
    if (md.have_view)
        rc = shr_import_mapping_load_buffer(cat, md.name, (const char *)md.view.buf,
                                            (size_t)md.view.len, &map, err);
    else
        rc = shr_import_mapping_load(cat, md.name, &map, err);
    if (rc == SHR_OK) {
        if (cd.have_view)
            SHR_PY_READING(cat, rc = shr_import_csv_buffer(cat, map, cd.name,
                                                           (const char *)cd.view.buf,
                                                           (size_t)cd.view.len, &imp, err));
        else
            SHR_PY_READING(cat, rc = shr_import_csv(cat, map, cd.name, &imp, err));
    }
    if (rc != SHR_OK && err->code == SHR_OK)
        shr_py_fail(err, rc, shr_error_code_text(rc));
    shr_import_mapping_free(map);
    shr_py_doc_release(&md);
    shr_py_doc_release(&cd);
    return imp ? shr_py_import_new(imp, owner) : NULL;
}

PyObject *shr_py_import_rows(const shr_import *imp)
{
    size_t n = shr_import_row_count(imp);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        double lat = 0, lon = 0;
        PyObject *loc;
        if (shr_import_row_location(imp, i, &lat, &lon))
            loc = Py_BuildValue("(dd)", lat, lon);
        else {
            loc = Py_None;
            Py_INCREF(loc);
        }
        shr_import_method m = shr_import_row_method(imp, i);
        PyObject *item = loc ? Py_BuildValue(
            "(INNNNNNNNN)", shr_import_row_line(imp, i), shr_py_str(shr_import_method_name(m)),
            shr_py_str(shr_import_row_reason(imp, i)), shr_py_str(shr_import_row_id(imp, i)),
            shr_py_str(shr_import_row_name(imp, i)),
            shr_py_ptr(shr_import_row_category(imp, i), SHR_PY_T_CATEGORY),
            SHR_PY_TERRITORY(shr_import_row_territory(imp, i)),
            loc, shr_py_str(shr_import_row_link(imp, i)),
            shr_py_str(shr_import_row_address(imp, i))) : NULL;
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}

PyObject *shr_py_import_warnings(const shr_import *imp)
{
    size_t n = shr_import_warning_count(imp);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = Py_BuildValue("(IN)", shr_import_warning_line(imp, i),
                                       shr_py_str(shr_import_warning_text(imp, i)));
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}
