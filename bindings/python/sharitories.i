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
 * The GIL is held during every call (loading needs exclusive access to the catalog).
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
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sharitories/sharitories.h>
%}

%include <stdint.i>
%include <typemaps.i>

/* C doc comments of the headers, generated at build time by gen_docstrings.py. */
%include "sharitories_docstrings.i"

/* ---------------------------------------------------------------- errors */

%{
/* Raise the sharitories exception matching @p e: sharitories.errors._from_c() builds it (the
 * classes are pure Python). @p context is the name of the C function that failed. Strings are
 * passed as bytes: a truncated message may end inside a UTF-8 sequence. */
static void shr_py_raise(const shr_error *e, const char *context)
{
    PyObject *mod = PyImport_ImportModule("sharitories.errors");
    if (!mod)
        return;
    PyObject *factory = PyObject_GetAttrString(mod, "_from_c");
    Py_DECREF(mod);
    if (!factory)
        return;
    PyObject *exc = PyObject_CallFunction(factory, "isyyIIys", e->code, shr_error_code_name(e->code),
                                          e->message, e->file, e->line, e->column, e->record,
                                          context);
    Py_DECREF(factory);
    if (!exc)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

/* For helpers that fail without a shr_error: fill one and raise it. */
static void shr_py_fail(shr_error *err, int code, const char *message)
{
    err->code = code;
    snprintf(err->message, sizeof err->message, "%s", message);
}
%}

/* Every `shr_error *err` parameter is hidden from Python and turned into an exception. */
%typemap(in, numinputs=0) shr_error *err (shr_error temp) {
    shr_error_clear(&temp);
    $1 = &temp;
}
%typemap(argout) shr_error *err {
    if (temp$argnum.code != SHR_OK) {
        Py_XDECREF($result);
        $result = NULL;
        shr_py_raise(&temp$argnum, "$symname");
        SWIG_fail;
    }
}

/* Helpers that report argument errors as ordinary Python exceptions (TypeError, ValueError). */
%define SHR_PY_CHECKED(NAME)
%exception NAME {
    $action
    if (PyErr_Occurred())
        SWIG_fail;
}
%enddef

/* File names: str, bytes or os.PathLike, encoded with the file system encoding. */
%typemap(in) const char *path (PyObject *encoded = NULL) {
    if (!PyUnicode_FSConverter($input, &encoded))
        SWIG_fail;
    $1 = PyBytes_AS_STRING(encoded);
}
%typemap(freearg) const char *path {
    Py_XDECREF(encoded$argnum);
}
%typemap(in) (const char *const *paths, size_t count) (PyObject *seq = NULL, PyObject **encoded = NULL, const char **arr = NULL, size_t n = 0) {
    seq = PySequence_Fast($input, "paths must be a sequence of str, bytes or os.PathLike");
    if (!seq)
        SWIG_fail;
    n = (size_t)PySequence_Fast_GET_SIZE(seq);
    encoded = (PyObject **)calloc(n + 1, sizeof *encoded);
    arr = (const char **)calloc(n + 1, sizeof *arr);
    if (!encoded || !arr) {
        PyErr_NoMemory();
        SWIG_fail;
    }
    for (size_t i = 0; i < n; i++) {
        if (!PyUnicode_FSConverter(PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)i), &encoded[i]))
            SWIG_fail;
        arr[i] = PyBytes_AS_STRING(encoded[i]);
    }
    $1 = ($1_ltype)arr;
    $2 = n;
}
%typemap(freearg) (const char *const *paths, size_t count) {
    if (encoded$argnum)
        for (size_t i = 0; i < n$argnum; i++)
            Py_XDECREF(encoded$argnum[i]);
    free(encoded$argnum);
    free((void *)arr$argnum);
    Py_XDECREF(seq$argnum);
}
/* In-memory documents: any bytes-like object (the Python layer encodes str as UTF-8). */
%typemap(in) (const char *data, size_t size) (Py_buffer view, int have_view = 0) {
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
        SWIG_fail;
    have_view = 1;
    $1 = ($1_ltype)view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (const char *data, size_t size) {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}

/* Locations come back as [flag, latitude, longitude]. */
%apply double *OUTPUT { double *latitude, double *longitude };

/* Indices. */
%apply long { Py_ssize_t };

/* ---------------------------------------------------------------- what is not wrapped */

/* Allocator hook: Python code uses the C library's allocator. */
%ignore shr_allocator;
%ignore shr_allocator_default;
%ignore shr_catalog_allocator;
%ignore shr_catalog_new;
%ignore shr_catalog_free;
/* shr_error is filled by the typemap above, never seen from Python. */
%ignore shr_error;
%ignore shr_error_clear;
/* Name -> enum look-ups with out-parameters: Python builds its tables from the _name() calls. */
%rename("$ignore", regextarget=1) "_from_name$";
/* Queries, results, facets and cross-tabs are owned; they are reached through the shr_py_*
 * helpers below, which own them properly. */
%rename("$ignore", regextarget=1) "^shr_query_";
%rename("$ignore", regextarget=1) "^shr_result_";
%rename("$ignore", regextarget=1) "^shr_facet_";
%rename("$ignore", regextarget=1) "^shr_crosstab_";
%ignore shr_catalog_select;
%ignore shr_query;
%ignore shr_result;
%ignore shr_facet;
%ignore shr_crosstab;
/* Sentinels SWIG cannot evaluate; the Python layer maps them to None. */
%ignore SHR_NONE;
%ignore SHR_NO_YEAR;
%ignore SHR_NO_POPULATION;

/* Records are borrowed from their catalog: never created nor freed from Python. */
%nodefaultctor shr_territory;
%nodefaultdtor shr_territory;
%nodefaultctor shr_actor;
%nodefaultdtor shr_actor;
%nodefaultctor shr_practice;
%nodefaultdtor shr_practice;
%nodefaultctor shr_axis;
%nodefaultdtor shr_axis;
%nodefaultctor shr_category;
%nodefaultdtor shr_category;

%include <sharitories/common.h>
%include <sharitories/error.h>
%include <sharitories/types.h>
%include <sharitories/catalog.h>
%include <sharitories/territory.h>
%include <sharitories/actor.h>
%include <sharitories/practice.h>
%include <sharitories/axis.h>
%include <sharitories/category.h>
%include <sharitories/query.h>
%include <sharitories/result.h>
%include <sharitories/facet.h>

/* ---------------------------------------------------------------- the catalog handle */

%feature("docstring") shr_catalog::shr_catalog "shr_catalog() -> a new, empty catalog (built-in axes and categories only), owned: freed with shr_catalog_free() when the object is deleted. Raises MemoryError.";
%exception shr_catalog::shr_catalog {
    $action
    if (!result) {
        PyErr_NoMemory();
        SWIG_fail;
    }
}
/* SWIG-only declaration of the opaque struct, so that it gets a class with a destructor. */
struct shr_catalog {};
%extend shr_catalog {
    shr_catalog() { return shr_catalog_new(NULL); }
    ~shr_catalog() { shr_catalog_free($self); }
}

/* ---------------------------------------------------------------- helpers */

%{
static PyObject *shr_py_str(const char *s)
{
    if (!s)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

#define SHR_PY_PTR(p, T) SWIG_NewPointerObj((void *)(p), SWIGTYPE_p_##T, 0)
#define SHR_PY_TERRITORY(p) SHR_PY_PTR(p, shr_territory)
#define SHR_PY_PRACTICE(p) SHR_PY_PTR(p, shr_practice)
#define SHR_PY_ACTOR(p) SHR_PY_PTR(p, shr_actor)
#define SHR_PY_AXIS_ID(a) shr_py_str(shr_axis_id(a))
%}

/* A Python list built from a C list of count/_at getters, in one call. */
%define SHR_PY_LIST(NAME, OWNER, COUNT, AT, CONV, DOC)
%feature("docstring") NAME DOC;
SHR_PY_CHECKED(NAME)
%inline %{
PyObject *NAME(const OWNER *o)
{
    size_t n = COUNT(o);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = CONV(AT(o, i));
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}
%}
%enddef

SHR_PY_LIST(shr_py_territory_former_codes, shr_territory, shr_territory_former_code_count, shr_territory_former_code_at, shr_py_str, "Former codes of a territory, as a list of str.")
SHR_PY_LIST(shr_py_territory_postal_codes, shr_territory, shr_territory_postal_code_count, shr_territory_postal_code_at, shr_py_str, "Postal codes of a territory, as a list of str.")
SHR_PY_LIST(shr_py_territory_groups, shr_territory, shr_territory_group_count, shr_territory_group_at, SHR_PY_TERRITORY, "Territories of the `groups` of a territory (borrowed pointers).")
SHR_PY_LIST(shr_py_territory_children, shr_territory, shr_territory_child_count, shr_territory_child_at, SHR_PY_TERRITORY, "Territories whose parent is this one (borrowed pointers).")
SHR_PY_LIST(shr_py_territory_members, shr_territory, shr_territory_member_count, shr_territory_member_at, SHR_PY_TERRITORY, "Territories that have this one among their groups (borrowed pointers).")
SHR_PY_LIST(shr_py_territory_ancestors, shr_territory, shr_territory_ancestor_count, shr_territory_ancestor_at, SHR_PY_TERRITORY, "Territories containing this one (its closure, itself excluded), in catalog order.")
SHR_PY_LIST(shr_py_territory_practices, shr_territory, shr_territory_practice_count, shr_territory_practice_at, SHR_PY_PRACTICE, "Practices that list this territory itself (borrowed pointers).")
SHR_PY_LIST(shr_py_actor_links, shr_actor, shr_actor_link_count, shr_actor_link_at, shr_py_str, "Links of an actor, as a list of str.")
SHR_PY_LIST(shr_py_practice_axes, shr_practice, shr_practice_axis_count, shr_practice_axis_at, SHR_PY_AXIS_ID, "Axis ids of a practice, as a list of str.")
SHR_PY_LIST(shr_py_practice_territories, shr_practice, shr_practice_territory_count, shr_practice_territory_at, SHR_PY_TERRITORY, "Territories of a practice (borrowed pointers).")
SHR_PY_LIST(shr_py_practice_tags, shr_practice, shr_practice_tag_count, shr_practice_tag_at, shr_py_str, "Tags of a practice, as a list of str.")
SHR_PY_LIST(shr_py_practice_links, shr_practice, shr_practice_link_count, shr_practice_link_at, shr_py_str, "Links of a practice, as a list of str.")
SHR_PY_LIST(shr_py_category_axes, shr_category, shr_category_axis_count, shr_category_axis_at, SHR_PY_AXIS_ID, "Default axis ids of a category, as a list of str.")

%feature("docstring") shr_py_practice_actors "Actors of a practice with their roles: a list of (actor pointer, role name).";
%feature("docstring") shr_py_practice_figures "Figures of a practice: a dict name -> float, in file order.";
%feature("docstring") shr_py_actor_practices "Practices of an actor with its roles: a list of (practice pointer, role name).";
%feature("docstring") shr_py_axis_questions "Key questions of an axis in lang (\"fr\" or \"en\"), as a list of str.";
%feature("docstring") shr_py_catalog_records "Every record of one section (\"territory\", \"actor\", \"practice\", \"axis\", \"category\") of a catalog, as a list of borrowed pointers, in catalog order. For territories, kind >= 0 keeps those of that shr_territory_kind.";
%feature("docstring") shr_py_catalog_files "Files loaded into a catalog: a list of (path, {meta key: value}).";
SHR_PY_CHECKED(shr_py_practice_actors)
SHR_PY_CHECKED(shr_py_practice_figures)
SHR_PY_CHECKED(shr_py_actor_practices)
SHR_PY_CHECKED(shr_py_axis_questions)
SHR_PY_CHECKED(shr_py_catalog_records)
SHR_PY_CHECKED(shr_py_catalog_files)

%inline %{
PyObject *shr_py_practice_actors(const shr_practice *p)
{
    size_t n = shr_practice_actor_count(p);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = Py_BuildValue("(Ns)", SHR_PY_ACTOR(shr_practice_actor_at(p, i)),
                                       shr_role_name((shr_role)shr_practice_actor_role(p, i)));
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}

PyObject *shr_py_actor_practices(const shr_actor *a)
{
    size_t n = shr_actor_practice_count(a);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = Py_BuildValue("(Ns)", SHR_PY_PRACTICE(shr_actor_practice_at(a, i)),
                                       shr_role_name((shr_role)shr_actor_practice_role(a, i)));
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}

PyObject *shr_py_practice_figures(const shr_practice *p)
{
    PyObject *dict = PyDict_New();
    if (!dict)
        return NULL;
    for (size_t i = 0, n = shr_practice_figure_count(p); i < n; i++) {
        PyObject *v = PyFloat_FromDouble(shr_practice_figure_value(p, i));
        if (!v || PyDict_SetItemString(dict, shr_practice_figure_name(p, i), v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(dict);
            return NULL;
        }
        Py_DECREF(v);
    }
    return dict;
}

PyObject *shr_py_axis_questions(const shr_axis *axis, const char *lang)
{
    size_t n = shr_axis_question_count(axis, lang);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = shr_py_str(shr_axis_question_at(axis, lang, i));
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}

PyObject *shr_py_catalog_records(const shr_catalog *cat, const char *section, int kind)
{
    size_t n;
    PyObject *list;
    if (!strcmp(section, "territory")) {
        n = shr_catalog_territory_count(cat);
        list = PyList_New(0);
        if (!list)
            return NULL;
        for (size_t i = 0; i < n; i++) {
            const shr_territory *t = shr_catalog_territory_at(cat, i);
            if (kind >= 0 && (int)shr_territory_kind_of(t) != kind)
                continue;
            PyObject *item = SHR_PY_TERRITORY(t);
            if (!item || PyList_Append(list, item) < 0) {
                Py_XDECREF(item);
                Py_DECREF(list);
                return NULL;
            }
            Py_DECREF(item);
        }
        return list;
    }
#define SHR_PY_SECTION(NAME, T, COUNT, AT)                                       \
    if (!strcmp(section, NAME)) {                                                \
        n = COUNT(cat);                                                          \
        list = PyList_New((Py_ssize_t)n);                                        \
        if (!list)                                                               \
            return NULL;                                                         \
        for (size_t i = 0; i < n; i++) {                                         \
            PyObject *item = SHR_PY_PTR(AT(cat, i), T);                          \
            if (!item) {                                                         \
                Py_DECREF(list);                                                 \
                return NULL;                                                     \
            }                                                                    \
            PyList_SET_ITEM(list, (Py_ssize_t)i, item);                          \
        }                                                                        \
        return list;                                                             \
    }
    SHR_PY_SECTION("actor", shr_actor, shr_catalog_actor_count, shr_catalog_actor_at)
    SHR_PY_SECTION("practice", shr_practice, shr_catalog_practice_count, shr_catalog_practice_at)
    SHR_PY_SECTION("axis", shr_axis, shr_catalog_axis_count, shr_catalog_axis_at)
    SHR_PY_SECTION("category", shr_category, shr_catalog_category_count, shr_catalog_category_at)
#undef SHR_PY_SECTION
    PyErr_Format(PyExc_ValueError, "unknown section '%s'", section);
    return NULL;
}

PyObject *shr_py_catalog_files(const shr_catalog *cat)
{
    static const char *const keys[] = {"title", "source", "licence", "updated"};
    size_t n = shr_catalog_file_count(cat);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *meta = PyDict_New();
        PyObject *item = NULL;
        if (!meta)
            goto error;
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            const char *v = shr_catalog_file_meta(cat, i, keys[k]);
            if (!v)
                continue;
            PyObject *s = shr_py_str(v);
            if (!s || PyDict_SetItemString(meta, keys[k], s) < 0) {
                Py_XDECREF(s);
                Py_DECREF(meta);
                goto error;
            }
            Py_DECREF(s);
        }
        const char *path = shr_catalog_file_path(cat, i);
        item = Py_BuildValue("(NN)", PyUnicode_DecodeFSDefault(path ? path : ""), meta);
        if (!item)
            goto error;
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
error:
    Py_DECREF(list);
    return NULL;
}
%}

/* ---------------------------------------------------------------- results */

%feature("docstring") shr_py_result "An owned query result: frees its shr_result, then releases its catalog.";
%nodefaultctor shr_py_result;
%immutable;
%inline %{
typedef struct shr_py_result {
    shr_result *res;
    PyObject *owner; /* strong reference to the SWIG object of the catalog */
} shr_py_result;
%}
%mutable;
%extend shr_py_result {
    ~shr_py_result() {
        shr_result_free($self->res);
        Py_XDECREF($self->owner);
        free($self);
    }
}

%newobject shr_py_select;
%feature("docstring") shr_py_select "shr_py_select(catalog, expr, sort, descending) -> an owned result.\n\nParse and run expr (query.md) over catalog, then sort it by sort (\"catalog\", \"name\", \"started\", \"id\"; None for catalog order), in reverse when descending. The result keeps the catalog alive. Raises QueryError (with the column in expr), ValueError for an unknown sort key, MemoryError.";
SHR_PY_CHECKED(shr_py_select)
%feature("docstring") shr_py_count "shr_py_count(catalog, expr) -> number of practices expr selects, without building a result. Raises QueryError.";
%feature("docstring") shr_py_result_count "Number of practices in a result.";
%feature("docstring") shr_py_result_practices "shr_py_result_practices(result, start, stop, step) -> the practices of range(start, stop, step) (indices already normalised by slice.indices()), as borrowed pointers.";
%feature("docstring") shr_py_result_at "shr_py_result_at(result, index) -> the practice at index (0 <= index < count), a borrowed pointer. Raises IndexError.";
%feature("docstring") shr_py_result_ids "Ids of every practice of a result, as a list of str, in one call.";
%feature("docstring") shr_py_result_column "shr_py_result_column(result, name) -> one column of a result in one call.\n\nLists of str or None: \"id\", \"name\", \"description\", \"address\". Lists of tuples of str: \"territories\", \"axes\", \"tags\", \"actors\". Packed native arrays (bytes, for numpy.frombuffer): \"category\", \"family\", \"status\" (int32 codes: category index, shr_family, shr_status), \"started\", \"ended\" (int32, INT32_MIN when absent), \"latitude\", \"longitude\" (float64, NaN when absent), \"territory_count\" (int32). Raises ValueError for another name.";
%feature("docstring") shr_py_facet "shr_py_facet(result, dimension) -> list of (key, label_fr, label_en, count, population or None), in the dimension's natural order. Raises ValueError for an unknown dimension.";
%feature("docstring") shr_py_crosstab "shr_py_crosstab(result, rows, cols) -> (row_heads, col_heads, values): heads are lists of (key, label_fr, label_en, population or None), values a list of rows of counts. Raises ValueError for an unknown dimension.";
SHR_PY_CHECKED(shr_py_result_practices)
SHR_PY_CHECKED(shr_py_result_at)
SHR_PY_CHECKED(shr_py_result_ids)
SHR_PY_CHECKED(shr_py_result_column)
SHR_PY_CHECKED(shr_py_facet)
SHR_PY_CHECKED(shr_py_crosstab)

%{
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

/* A cache of str objects keyed by the address of the C string, for one bulk call: the ids of
 * territories, actors and axes (and tags, when the loader shares their text) repeat across
 * practices, so each is decoded once. Open addressing; when half full it stops growing and
 * simply creates new objects. */
#define SHR_PY_CACHE_SLOTS 65536u
typedef struct shr_py_strcache {
    const char **keys;
    PyObject **values;
    size_t count;
} shr_py_strcache;

static void shr_py_strcache_free(shr_py_strcache *c)
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
static PyObject *shr_py_strcache_get(shr_py_strcache *c, const char *s)
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

static void shr_py_strcache_init(shr_py_strcache *c)
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

static PyObject *shr_py_population(int64_t pop)
{
    if (pop < 0)
        Py_RETURN_NONE;
    return PyLong_FromLongLong((long long)pop);
}

static int shr_py_dimension(const char *name, shr_dimension *out)
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

%}

%inline %{
shr_py_result *shr_py_select(PyObject *catalog, const char *expr, const char *sort,
                             int descending, shr_error *err)
{
    shr_catalog *cat = NULL;
    shr_sort_key key = SHR_SORT_CATALOG;
    if (!SWIG_IsOK(SWIG_ConvertPtr(catalog, (void **)&cat, SWIGTYPE_p_shr_catalog, 0)) || !cat) {
        PyErr_SetString(PyExc_TypeError, "shr_py_select: expected a shr_catalog");
        return NULL;
    }
    if (sort && shr_sort_key_from_name(sort, &key) != SHR_OK) {
        PyErr_Format(PyExc_ValueError,
                     "unknown sort key '%s' (expected catalog, name, started or id)", sort);
        return NULL;
    }
    PyObject *owner = (PyObject *)SWIG_Python_GetSwigThis(catalog);
    shr_py_result *r = (shr_py_result *)calloc(1, sizeof *r);
    if (!owner || !r) {
        free(r);
        PyErr_NoMemory();
        return NULL;
    }
    if (shr_catalog_select(cat, expr ? expr : "", &r->res, err) != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, SHR_EQUERY, "query failed");
        free(r);
        return NULL;
    }
    if (key != SHR_SORT_CATALOG || descending) {
        if (shr_result_sort(r->res, key, descending, err) != SHR_OK) {
            if (err->code == SHR_OK)
                shr_py_fail(err, SHR_ENOMEM, "out of memory");
            shr_result_free(r->res);
            free(r);
            return NULL;
        }
    }
    Py_INCREF(owner);
    r->owner = owner;
    return r;
}

int64_t shr_py_count(const shr_catalog *cat, const char *expr, shr_error *err)
{
    shr_query *q = NULL;
    if (shr_query_parse(cat, expr ? expr : "", &q, err) != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, SHR_EQUERY, "query failed");
        return -1;
    }
    int64_t n = shr_query_count(q, err);
    shr_query_free(q);
    if (n < 0 && err->code == SHR_OK)
        shr_py_fail(err, (int)n, shr_error_code_text((int)n));
    return n;
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

PyObject *shr_py_result_column(const shr_py_result *r, const char *name)
{
    size_t n = shr_result_count(r->res);
    enum { STR, TUPLE, I32, F64 } shape;
    int which = 0;
    static const char *const strs[] = {"id", "name", "description", "address", NULL};
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
        if (shape == TUPLE)
            shr_py_strcache_init(&cache);
        PyObject *list = PyList_New((Py_ssize_t)n);
        if (!list) {
            shr_py_strcache_free(&cache);
            return NULL;
        }
        for (size_t i = 0; i < n; i++) {
            const shr_practice *p = shr_result_at(r->res, i);
            PyObject *v = NULL;
            if (shape == STR) {
                const char *s = which == 0   ? shr_practice_id(p)
                                : which == 1 ? shr_practice_name(p)
                                : which == 2 ? shr_practice_description(p)
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

PyObject *shr_py_facet(const shr_py_result *r, const char *dimension, shr_error *err)
{
    shr_dimension dim;
    shr_facet *f = NULL;
    if (shr_py_dimension(dimension, &dim) < 0)
        return NULL;
    if (shr_facet_compute(r->res, dim, &f, err) != SHR_OK) {
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
                          shr_error *err)
{
    shr_dimension rdim, cdim;
    shr_crosstab *x = NULL;
    if (shr_py_dimension(rows, &rdim) < 0 || shr_py_dimension(cols, &cdim) < 0)
        return NULL;
    if (shr_crosstab_compute(r->res, rdim, cdim, &x, err) != SHR_OK) {
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
%}
