/*
 * SWIG interface of libsharitories for Python: the module `sharitories.core` (C extension
 * `sharitories._core`).
 *
 * This is the low level: the C API of the public headers as functions on opaque pointers,
 * plus a few helpers (the `shr_py_*` functions below) that
 *  - own what the C API hands out (results), and keep the catalog they borrow alive, so that
 *    no sequence of Python calls can free a catalog under a result;
 *  - turn a failing call into a `sharitories.Error` (LoadError, QueryError, ...) carrying the
 *    fields of the C `shr_error`, through a typemap on every `shr_error *err` parameter;
 *  - build whole Python lists (ids, columns, facets) in one call, so that bulk reads do not
 *    cost one SWIG call per practice.
 * The Pythonic API (Catalog, Practice, ...) is the pure-Python package `sharitories`.
 *
 * Ownership model:
 *  - a catalog is created by `shr_catalog()` (the %extend constructor) and freed by its
 *    destructor, i.e. when the last reference to its SWIG object goes away;
 *  - records (territory, actor, practice, axis, category) are borrowed pointers: plain SWIG
 *    pointer objects without destructor (%nodefaultctor, no proxy class); the Python layer
 *    pairs each one with the catalog object, which keeps the catalog alive;
 *  - a result (`shr_py_result`) owns its `shr_result` and holds a strong reference to the
 *    SWIG object of its catalog, released after the result is freed. SWIG objects are not
 *    tracked by Python's cycle collector, so this order holds even when a reference cycle is
 *    collected.
 *  - queries, facets and cross-tabs never leave the helpers: they are computed, converted to
 *    Python values and freed within one call.
 * Threads: the long read-only calls (queries, facets, cross-tabs, analyses, reports, exports)
 * release the GIL while the C library works, so Python threads can query one catalog at once.
 * Loading needs the catalog to itself (catalog.h): each catalog made here carries a
 * readers-writer lock (its userdata: shr_catalog_userdata), which the read-only calls hold shared
 * while they run without the GIL and loads hold exclusive (with the GIL, so no accessor runs
 * during a load either). No lock is ever held while waiting for the GIL. A query is compiled,
 * run and freed within one read-locked section (shr_py_with_query): no compiled query outlives
 * a call, so a load never meets one; its warnings are issued after the section.
 *
 * Layout (as GDAL's and python-gphoto2's interfaces): this file is the module; the files of swig/ hold the
 * SWIG part of each area (errors, typemaps, catalog, result, analysis, import: typemaps,
 * features, docstrings, ignores, the public headers), the .c files of src/ the hand-written C of the same
 * areas, compiled with the project's own warnings (only the generated wrapper gets SWIG's
 * exemptions), and src/shr_py.h declares it for both. The two functions below are the only C
 * that needs SWIG's runtime.
 */

%define SHR_CORE_DOC
"Low-level SWIG binding of libsharitories: the C API on opaque pointers.

Use the Pythonic package `sharitories` (Catalog, Practice, ...) instead; this module is its
foundation. Records are borrowed pointers: keep the catalog object they come from alive while
you use them (the `sharitories` classes do that for you)."
%enddef
%module(package="sharitories", docstring=SHR_CORE_DOC) core

%{
#define SWIG_FILE_WITH_INIT
#include "shr_py.h"

/* The SWIG glue of src/shr_py.h: the only hand-written C that needs SWIG's runtime. */
PyObject *shr_py_ptr(const void *p, shr_py_type type)
{
    swig_type_info *ty = NULL;
    switch (type) {
    case SHR_PY_T_TERRITORY: ty = SWIGTYPE_p_shr_territory; break;
    case SHR_PY_T_ACTOR: ty = SWIGTYPE_p_shr_actor; break;
    case SHR_PY_T_PRACTICE: ty = SWIGTYPE_p_shr_practice; break;
    case SHR_PY_T_AXIS: ty = SWIGTYPE_p_shr_axis; break;
    case SHR_PY_T_CATEGORY: ty = SWIGTYPE_p_shr_category; break;
    case SHR_PY_T_ACTION: ty = SWIGTYPE_p_shr_action; break;
    }
    if (!p)
        Py_RETURN_NONE;
    return SWIG_NewPointerObj((void *)p, ty, 0);
}

int shr_py_catalog_owner(PyObject *catalog, const char *fn, shr_catalog **cat, PyObject **owner)
{
    *cat = NULL;
    if (!SWIG_IsOK(SWIG_ConvertPtr(catalog, (void **)cat, SWIGTYPE_p_shr_catalog, 0)) || !*cat) {
        PyErr_Format(PyExc_TypeError, "%s: expected a shr_catalog", fn);
        return -1;
    }
    *owner = (PyObject *)SWIG_Python_GetSwigThis(catalog);
    if (!*owner) {
        PyErr_Format(PyExc_TypeError, "%s: expected a shr_catalog", fn);
        return -1;
    }
    return 0;
}
%}

%include <stdint.i>
%include <typemaps.i>

/* C doc comments of the headers, generated at build time by gen_docstrings.py. */
%include "sharitories_docstrings.i"

/* One file per area, in this order (each sets its typemaps, features and ignores before it
 * includes the public headers of its area). */
%include "swig/errors.i"
%include "swig/typemaps.i"
%include "swig/catalog.i"
%include "swig/result.i"
%include "swig/analysis.i"
%include "swig/import.i"

/* The binding's own functions and owned wrappers (src/shr_py.h, outside its internal part),
 * after every typemap and feature above. The wrappers' fields are read-only. */
%immutable;
%include "src/shr_py.h"
%mutable;
