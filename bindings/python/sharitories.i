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
 * during a load either). No lock is ever held while waiting for the GIL.
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
#include <pthread.h>
#include <time.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sharitories/sharitories.h>

/* ---- The readers-writer lock of a catalog made by the binding (see the top comment), kept as
 * the catalog's userdata; the magic number tells it from another owner's pointer. */
#define SHR_PY_STATE_MAGIC 0x53485250u /* "SHRP" */
typedef struct shr_py_catalog_state {
    unsigned magic;
    pthread_rwlock_t lock;
} shr_py_catalog_state;

static shr_catalog *shr_py_catalog_new(void)
{
    shr_py_catalog_state *st = (shr_py_catalog_state *)malloc(sizeof *st);
    if (!st)
        return NULL;
    st->magic = SHR_PY_STATE_MAGIC;
    if (pthread_rwlock_init(&st->lock, NULL) != 0) {
        free(st);
        return NULL;
    }
    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat) {
        pthread_rwlock_destroy(&st->lock);
        free(st);
        return NULL;
    }
    shr_catalog_set_userdata(cat, st);
    return cat;
}

/* The state of a catalog made by shr_py_catalog_new(), else NULL. */
static shr_py_catalog_state *shr_py_catalog_state_of(const shr_catalog *cat)
{
    shr_py_catalog_state *st = (shr_py_catalog_state *)shr_catalog_userdata(cat);
    return st && st->magic == SHR_PY_STATE_MAGIC ? st : NULL;
}

/* The lock of a catalog made by shr_py_catalog_new(), else NULL. */
static pthread_rwlock_t *shr_py_catalog_lock(const shr_catalog *cat)
{
    shr_py_catalog_state *st = shr_py_catalog_state_of(cat);
    return st ? &st->lock : NULL;
}

static void shr_py_catalog_free(shr_catalog *cat)
{
    if (!cat)
        return;
    shr_py_catalog_state *st = shr_py_catalog_state_of(cat);
    shr_catalog_free(cat);
    if (st) {
        pthread_rwlock_destroy(&st->lock);
        free(st);
    }
}

/* Run STMT (plain C on the catalog, no Python object) without the GIL, holding the catalog's
 * lock shared. */
#define SHR_PY_READING(cat, ...)                                                                \
    do {                                                                                       \
        pthread_rwlock_t *lock_ = shr_py_catalog_lock(cat);                                    \
        Py_BEGIN_ALLOW_THREADS                                                                 \
        if (lock_)                                                                             \
            pthread_rwlock_rdlock(lock_);                                                      \
        __VA_ARGS__;                                                                           \
        if (lock_)                                                                             \
            pthread_rwlock_unlock(lock_);                                                      \
        Py_END_ALLOW_THREADS                                                                   \
    } while (0)
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

%{
/* The UTF-8 text of a str argument, borrowed from @p obj (valid while it lives), for every
 * `const char *` parameter and every str of a list: TypeError for another type (None gives
 * NULL when @p allow_none), ValueError for a NUL character (C would stop there), as Python's
 * own functions do. @p what names the argument in the message. */
static int shr_py_text(PyObject *obj, const char *what, int allow_none, const char **out)
{
    Py_ssize_t len;
    *out = NULL;
    if (obj == Py_None && allow_none)
        return 0;
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str%s, not %s", what,
                     allow_none ? " or None" : "", Py_TYPE(obj)->tp_name);
        return -1;
    }
    const char *s = PyUnicode_AsUTF8AndSize(obj, &len);
    if (!s)
        return -1;
    if (strlen(s) != (size_t)len) {
        PyErr_Format(PyExc_ValueError, "%s: embedded null character", what);
        return -1;
    }
    *out = s;
    return 0;
}
%}

/* Every string parameter: a str (see shr_py_text); None only where it means "none". */
%typemap(in) const char * {
    if (shr_py_text($input, "$1_name", 0, (const char **)&$1) < 0)
        SWIG_fail;
}
%typemap(in) const char *sort, const char *query, const char *generated, const char *name,
    const char *title, const char *outlines {
    if (shr_py_text($input, "$1_name", 1, (const char **)&$1) < 0)
        SWIG_fail;
}
%typemap(freearg) const char *, const char *sort, const char *query, const char *generated,
    const char *name, const char *title, const char *outlines "";

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
%ignore shr_catalog_set_userdata; /* the binding keeps its lock there */
%ignore shr_catalog_userdata;
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
/* Fills a caller's array: Python gets a list from shr_py_find_territories. */
%ignore shr_catalog_find_territories;
/* Python reads descriptions with shr_py_practice_description (a str, no buffer). */
%ignore shr_practice_description_copy;
%ignore shr_practice_description;
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

/* Loads take the catalog for themselves: the lock exclusive, with the GIL held. Another
 * thread's call may hold a compiled query between its steps (compiled with the GIL, run under
 * the read lock without it, freed with the GIL again), and the library refuses a load while a
 * compiled query exists (SHR_EMISUSE, the catalog unchanged): the load then lets those calls
 * finish and tries again (no Python object keeps a compiled query, so they are short; at most
 * about 10 s before the error is raised). */
%define SHR_PY_WRITING(NAME)
%exception NAME {
    pthread_rwlock_t *lock_ = shr_py_catalog_lock(arg1);
    for (int try_ = 0;; try_++) {
        if (lock_)
            pthread_rwlock_wrlock(lock_);
        $action
        if (lock_)
            pthread_rwlock_unlock(lock_);
        if (result != SHR_EMISUSE || !lock_ || try_ >= 100000)
            break;
        Py_BEGIN_ALLOW_THREADS
        struct timespec pause_ = {0, 100000}; /* 0.1 ms */
        nanosleep(&pause_, NULL);
        Py_END_ALLOW_THREADS
    }
}
%enddef
SHR_PY_WRITING(shr_catalog_load_files)
SHR_PY_WRITING(shr_catalog_load_buffer)
SHR_PY_WRITING(shr_catalog_load_default)

%include <sharitories/version.h>
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
    shr_catalog() { return shr_py_catalog_new(); }
    ~shr_catalog() { shr_py_catalog_free($self); }
}


/* ---------------------------------------------------------------- helpers */

%{
static PyObject *shr_py_str(const char *s)
{
    if (!s)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* A practice's description as str (None if none), copied straight from the catalog's
 * compressed store: reading every description into a data frame keeps no decoded copy in C. */
static PyObject *shr_py_description(const shr_practice *p)
{
    char small[512];
    int64_t len = shr_practice_description_copy(p, small, sizeof small);
    if (len < 0)
        Py_RETURN_NONE;
    if ((size_t)len < sizeof small)
        return PyUnicode_DecodeUTF8(small, (Py_ssize_t)strlen(small), "replace");
    char *big = PyMem_Malloc((size_t)len + 1);
    if (!big)
        return PyErr_NoMemory();
    shr_practice_description_copy(p, big, (size_t)len + 1);
    PyObject *v = PyUnicode_DecodeUTF8(big, (Py_ssize_t)strlen(big), "replace");
    PyMem_Free(big);
    return v;
}

#define SHR_PY_PTR(p, T) SWIG_NewPointerObj((void *)(p), SWIGTYPE_p_##T, 0)
#define SHR_PY_TERRITORY(p) SHR_PY_PTR(p, shr_territory)
#define SHR_PY_PRACTICE(p) SHR_PY_PTR(p, shr_practice)
#define SHR_PY_ACTOR(p) SHR_PY_PTR(p, shr_actor)
#define SHR_PY_AXIS_ID(a) shr_py_str(shr_axis_id(a))
%}

%feature("docstring") shr_py_practice_description "shr_py_practice_description(practice) -> its description (str) or None, copied from the catalog's compressed store (the catalog keeps no decoded copy).";
%inline %{
PyObject *shr_py_practice_description(const shr_practice *p)
{
    return shr_py_description(p);
}
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
%feature("docstring") shr_py_catalog_records "Every record of one section (\"territory\", \"actor\", \"practice\", \"axis\", \"category\") of a catalog, as a list of borrowed pointers, in catalog order, from index start on (the records a later load appended), with the section's record count: (count, list). For territories, kind >= 0 keeps those of that shr_territory_kind.";
%feature("docstring") shr_py_catalog_files "Files loaded into a catalog: a list of (path, {meta key: value}).";
SHR_PY_CHECKED(shr_py_practice_actors)
SHR_PY_CHECKED(shr_py_practice_figures)
SHR_PY_CHECKED(shr_py_actor_practices)
SHR_PY_CHECKED(shr_py_axis_questions)
SHR_PY_CHECKED(shr_py_catalog_records)
SHR_PY_CHECKED(shr_py_catalog_files)
SHR_PY_CHECKED(shr_py_find_territories)
%feature("docstring") shr_py_find_territories "shr_py_find_territories(catalog, text, kind) -> the territories whose folded name is text's (first) or starts with it, as borrowed pointers; kind -1 for any (shr_catalog_find_territories).";

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

PyObject *shr_py_catalog_records(const shr_catalog *cat, const char *section, int kind,
                                 size_t start)
{
    size_t n;
    PyObject *list;
    if (!strcmp(section, "territory")) {
        n = shr_catalog_territory_count(cat);
        list = PyList_New(0);
        if (!list)
            return NULL;
        for (size_t i = start; i < n; i++) {
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
        return Py_BuildValue("(nN)", (Py_ssize_t)n, list);
    }
#define SHR_PY_SECTION(NAME, T, COUNT, AT)                                       \
    if (!strcmp(section, NAME)) {                                                \
        n = COUNT(cat);                                                          \
        start = start < n ? start : n;                                           \
        list = PyList_New((Py_ssize_t)(n - start));                              \
        if (!list)                                                               \
            return NULL;                                                         \
        for (size_t i = start; i < n; i++) {                                     \
            PyObject *item = SHR_PY_PTR(AT(cat, i), T);                          \
            if (!item) {                                                         \
                Py_DECREF(list);                                                 \
                return NULL;                                                     \
            }                                                                    \
            PyList_SET_ITEM(list, (Py_ssize_t)(i - start), item);                \
        }                                                                        \
        return Py_BuildValue("(nN)", (Py_ssize_t)n, list);                       \
    }
    SHR_PY_SECTION("actor", shr_actor, shr_catalog_actor_count, shr_catalog_actor_at)
    SHR_PY_SECTION("practice", shr_practice, shr_catalog_practice_count, shr_catalog_practice_at)
    SHR_PY_SECTION("axis", shr_axis, shr_catalog_axis_count, shr_catalog_axis_at)
    SHR_PY_SECTION("category", shr_category, shr_catalog_category_count, shr_catalog_category_at)
#undef SHR_PY_SECTION
    PyErr_Format(PyExc_ValueError, "unknown section '%s'", section);
    return NULL;
}

PyObject *shr_py_find_territories(const shr_catalog *cat, const char *text, int kind)
{
    size_t n = shr_catalog_find_territories(cat, text, kind, NULL, 0);
    const shr_territory **found = (const shr_territory **)calloc(n ? n : 1, sizeof *found);
    if (!found)
        return PyErr_NoMemory();
    n = shr_catalog_find_territories(cat, text, kind, found, n);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *item = SHR_PY_TERRITORY(found[i]);
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    free(found);
    return list;
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
SHR_PY_CHECKED(shr_py_count)
%feature("docstring") shr_py_count "shr_py_count(catalog, expr) -> number of practices expr selects, without building a result. Raises QueryError.";
%feature("docstring") shr_py_result_count "Number of practices in a result.";
%feature("docstring") shr_py_result_practices "shr_py_result_practices(result, start, stop, step) -> the practices of range(start, stop, step) (indices already normalised by slice.indices()), as borrowed pointers.";
%feature("docstring") shr_py_result_at "shr_py_result_at(result, index) -> the practice at index (0 <= index < count), a borrowed pointer. Raises IndexError.";
%feature("docstring") shr_py_result_ids "Ids of every practice of a result, as a list of str, in one call.";
%feature("docstring") shr_py_result_column "shr_py_result_column(result, name) -> one column of a result in one call.\n\nLists of str or None: \"id\", \"name\", \"description\", \"address\", \"department\", \"region\" (the id of the department or region the practice's first territory is or lies in). Lists of tuples of str: \"territories\", \"axes\", \"tags\", \"actors\". Packed native arrays (bytes, for numpy.frombuffer): \"category\", \"family\", \"status\" (int32 codes: category index, shr_family, shr_status), \"started\", \"ended\" (int32, INT32_MIN when absent), \"latitude\", \"longitude\" (float64, NaN when absent), \"territory_count\" (int32). Raises ValueError for another name.";
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

/* The territory of @p kind that @p t is or lies in (NULL if none, or for NULL). */
static const shr_territory *shr_py_level(const shr_territory *t, shr_territory_kind kind)
{
    if (!t || shr_territory_kind_of(t) == kind)
        return t;
    return shr_territory_ancestor_of_kind(t, kind);
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

%{
/* The 1-based character column of the 1-based byte column @p byte_column of UTF-8 @p text
 * (0 stays 0: not known). C counts bytes, Python counts characters. */
static unsigned shr_py_char_column(const char *text, unsigned byte_column)
{
    unsigned chars = byte_column > 0;
    for (unsigned i = 0; i + 1 < byte_column && text[i]; i++)
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    return chars;
}

/* Issue a sharitories.QueryWarning (sharitories.errors._warn_query); -1 when it raised. */
static int shr_py_warn(const char *expr, const char *message, unsigned column)
{
    PyObject *mod = PyImport_ImportModule("sharitories.errors");
    if (!mod)
        return -1;
    PyObject *r = PyObject_CallMethod(mod, "_warn_query", "yyI", message ? message : "", expr,
                                      column);
    Py_DECREF(mod);
    Py_XDECREF(r);
    return r ? 0 : -1;
}

/* Compile @p expr (never NULL) into *q, with the GIL held (a load holds it too, so no lock is
 * needed; running the query is what takes long). The one place where Python compiles a
 * query: a failure's column is turned from bytes of the expression (C) into characters
 * (Python). Each warning of the query is issued as a QueryWarning, its column in characters.
 * Returns SHR_OK; -1 with @p err filled; -2 with a Python exception set (a warning turned
 * into an error by the warnings filter). */
static int shr_py_compile(const shr_catalog *cat, const char *expr, shr_query **q, shr_error *err)
{
    *q = NULL;
    if (shr_query_parse(cat, expr, q, err) == SHR_OK) {
        for (size_t i = 0, n = shr_query_warning_count(*q); i < n; i++)
            if (shr_py_warn(expr, shr_query_warning_message(*q, i),
                            shr_py_char_column(expr, shr_query_warning_column(*q, i))) < 0) {
                shr_query_free(*q); /* the warning became an exception (warnings as errors) */
                *q = NULL;
                return -2;
            }
        return SHR_OK;
    }
    if (err->code == SHR_OK)
        shr_py_fail(err, SHR_EQUERY, "query failed");
    err->column = shr_py_char_column(expr, err->column);
    return -1;
}
%}

SHR_PY_CHECKED(shr_py_territory_table)
%feature("docstring") shr_py_territory_table "shr_py_territory_table(catalog, kind) -> the territories of kind (-1: all), in catalog order, as 11 lists: id, name, kind (int), code, population (int or None), parent id, then the ids of the EPCI, department and region each is or lies in (None when none), latitude, longitude (float, NaN when absent).";
%inline %{
PyObject *shr_py_territory_table(const shr_catalog *cat, int kind)
{
    enum { NCOLS = 11 };
    static const shr_territory_kind levels[3] = {SHR_TERRITORY_EPCI, SHR_TERRITORY_DEPARTMENT,
                                                 SHR_TERRITORY_REGION};
    PyObject *cols[NCOLS] = {NULL}, *out = NULL;
    shr_py_strcache cache;
    shr_py_strcache_init(&cache);
    for (int c = 0; c < NCOLS; c++)
        if (!(cols[c] = PyList_New(0)))
            goto done;
    for (size_t i = 0, n = shr_catalog_territory_count(cat); i < n; i++) {
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        if (kind >= 0 && (int)shr_territory_kind_of(t) != kind)
            continue;
        const shr_territory *parent = shr_territory_parent(t);
        double lat = NAN, lon = NAN;
        if (!shr_territory_location(t, &lat, &lon))
            lat = lon = NAN;
        PyObject *v[NCOLS];
        v[0] = shr_py_str(shr_territory_id(t));
        v[1] = shr_py_str(shr_territory_name(t));
        v[2] = PyLong_FromLong((long)shr_territory_kind_of(t));
        v[3] = shr_py_str(shr_territory_code(t));
        v[4] = shr_py_population(shr_territory_population(t));
        v[5] = shr_py_strcache_get(&cache, parent ? shr_territory_id(parent) : NULL);
        for (int l = 0; l < 3; l++) {
            const shr_territory *u = shr_py_level(t, levels[l]);
            v[6 + l] = shr_py_strcache_get(&cache, u ? shr_territory_id(u) : NULL);
        }
        v[9] = PyFloat_FromDouble(lat);
        v[10] = PyFloat_FromDouble(lon);
        int failed = 0;
        for (int c = 0; c < NCOLS; c++) {
            if (!v[c] || PyList_Append(cols[c], v[c]) < 0)
                failed = 1;
            Py_XDECREF(v[c]);
        }
        if (failed)
            goto done;
    }
    out = PyTuple_New(NCOLS);
    for (int c = 0; out && c < NCOLS; c++) {
        PyTuple_SET_ITEM(out, c, cols[c]);
        cols[c] = NULL;
    }
done:
    for (int c = 0; c < NCOLS; c++)
        Py_XDECREF(cols[c]);
    shr_py_strcache_free(&cache);
    return out;
}

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
    shr_query *q;
    if (shr_py_compile(cat, expr, &q, err) != SHR_OK) {
        free(r);
        return NULL;
    }
    int rc, sorted = SHR_OK;
    SHR_PY_READING(cat, {
        rc = shr_query_run(q, &r->res, err);
        if (rc == SHR_OK && (key != SHR_SORT_CATALOG || descending))
            sorted = shr_result_sort(r->res, key, descending, err);
    });
    shr_query_free(q);
    if (rc != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, rc, shr_error_code_text(rc));
        free(r);
        return NULL;
    }
    if (sorted != SHR_OK) {
        if (err->code == SHR_OK)
            shr_py_fail(err, SHR_ENOMEM, "out of memory");
        shr_result_free(r->res);
        free(r);
        return NULL;
    }
    Py_INCREF(owner);
    r->owner = owner;
    return r;
}

int64_t shr_py_count(const shr_catalog *cat, const char *expr, shr_error *err)
{
    shr_query *q;
    int64_t n;
    if (shr_py_compile(cat, expr, &q, err) != SHR_OK)
        return -1;
    SHR_PY_READING(cat, n = shr_query_count(q, err));
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
                v = shr_py_description(p); /* a copy: the catalog keeps no decoded text */
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

PyObject *shr_py_facet(const shr_py_result *r, const char *dimension, shr_error *err)
{
    shr_dimension dim;
    shr_facet *f = NULL;
    if (shr_py_dimension(dimension, &dim) < 0)
        return NULL;
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res), rc = shr_facet_compute(r->res, dim, &f, err));
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
                          shr_error *err)
{
    shr_dimension rdim, cdim;
    shr_crosstab *x = NULL;
    if (shr_py_dimension(rows, &rdim) < 0 || shr_py_dimension(cols, &cdim) < 0)
        return NULL;
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res), rc = shr_crosstab_compute(r->res, rdim, cdim, &x,
                                                                         err));
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
%}

/* ================================================================ analyses, import, export,
 * report
 *
 * The C objects of analysis.h and import.h (shr_inspiration, shr_comparison, shr_network,
 * shr_import) are owned by a small wrapper (shr_py_inspiration...) made by a %newobject
 * helper: like shr_py_result, it holds a strong reference to the SWIG object of the catalog
 * and its destructor frees the C object first, then releases the catalog. An input typemap
 * lets every C function of those headers take the wrapper where it takes the C object
 * (getters, writers). Mappings, queries and report options never leave the helpers.
 *
 * Writers: every `FILE *out, shr_error *err` pair takes a file name from Python (str, bytes
 * or os.PathLike); the wrapper opens it ("wb"), calls the writer and closes it; a failure to
 * open, to write or to close raises sharitories.Error (EIO, with the path), a failing writer
 * raises its own error. A failed write may leave an incomplete file.
 */

%{
#include <errno.h>

/* Fill @p err with an I/O error on @p path (errno @p e). */
static void shr_py_fail_io(shr_error *err, const char *what, const char *path, int e)
{
    err->code = SHR_EIO;
    snprintf(err->message, sizeof err->message, "%s: %s", what, strerror(e));
    snprintf(err->file, sizeof err->file, "%s", path);
}

/* The catalog pointer and the SWIG object that owns it (borrowed), from the Python handle. */
static int shr_py_catalog_owner(PyObject *catalog, const char *fn, shr_catalog **cat,
                                PyObject **owner)
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

/* The UTF-8 texts of a sequence of str, as an array (NULL-terminated, to free()) whose
 * pointers stay valid while *keep (the sequence) lives. None gives NULL and 0. */
static int shr_py_strv(PyObject *obj, const char *what, PyObject **keep, const char ***out,
                       size_t *count)
{
    *keep = NULL;
    *out = NULL;
    *count = 0;
    if (!obj || obj == Py_None)
        return 0;
    if (PyUnicode_Check(obj) || PyBytes_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a sequence of str, not a single string", what);
        return -1;
    }
    PyObject *seq = PySequence_Fast(obj, "expected a sequence of str");
    if (!seq)
        return -1;
    size_t n = (size_t)PySequence_Fast_GET_SIZE(seq);
    const char **v = (const char **)calloc(n + 1, sizeof *v);
    if (!v) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)i);
        if (shr_py_text(item, what, 0, &v[i]) < 0) {
            free(v);
            Py_DECREF(seq);
            return -1;
        }
    }
    *keep = seq;
    *out = v;
    *count = n;
    return 0;
}

/* A query of @p cat parsed from @p expr (NULL or "" gives NULL: no filter). */
static int shr_py_filter(const shr_catalog *cat, const char *expr, shr_query **q, shr_error *err)
{
    *q = NULL;
    if (!expr || !*expr)
        return SHR_OK;
    return shr_py_compile(cat, expr, q, err);
}

static PyObject *shr_py_ptr_or_none(void *p, swig_type_info *ty)
{
    if (!p)
        Py_RETURN_NONE;
    return SWIG_NewPointerObj(p, ty, 0);
}
%}

/* An owned C object of the analyses or the import, with its catalog kept alive. */
%define SHR_PY_OWNED(PYT, CT, FREE, DOC)
%feature("docstring") PYT DOC;
%nodefaultctor PYT;
%immutable;
%inline %{
typedef struct PYT {
    CT *obj;
    PyObject *owner; /* strong reference to the SWIG object of the catalog */
} PYT;
%}
%mutable;
%extend PYT {
    ~PYT() {
        FREE($self->obj);
        Py_XDECREF($self->owner);
        free($self);
    }
}
/* The C functions taking the C object take the wrapper from Python. */
%typemap(in) const CT * (PYT *wrapper = NULL) {
    if (!SWIG_IsOK(SWIG_ConvertPtr($input, (void **)&wrapper, $descriptor(PYT *), 0)) || !wrapper
        || !wrapper->obj) {
        PyErr_SetString(PyExc_TypeError, "$symname: expected a " #PYT);
        SWIG_fail;
    }
    $1 = wrapper->obj;
}
%{
/* A new wrapper owning @p obj and a reference to @p owner; frees obj when out of memory. */
static PYT *PYT##_new(CT *obj, PyObject *owner)
{
    PYT *w = (PYT *)calloc(1, sizeof *w);
    if (!w) {
        FREE(obj);
        PyErr_NoMemory();
        return NULL;
    }
    w->obj = obj;
    Py_INCREF(owner);
    w->owner = owner;
    return w;
}
%}
%enddef

SHR_PY_OWNED(shr_py_inspiration, shr_inspiration, shr_inspiration_free, "An owned shr_inspiration (analysis.h): frees it, then releases its catalog.")
SHR_PY_OWNED(shr_py_comparison, shr_comparison, shr_comparison_free, "An owned shr_comparison (analysis.h): frees it, then releases its catalog.")
SHR_PY_OWNED(shr_py_network, shr_network, shr_network_free, "An owned shr_network (analysis.h): frees it, then releases its catalog.")
SHR_PY_OWNED(shr_py_import, shr_import, shr_import_free, "An owned shr_import (import.h): frees it, then releases its catalog.")

/* Writers: a file name in, the file opened, written, closed; every failure raised. */
%typemap(in, numinputs=1) (FILE *out, shr_error *err) (PyObject *encoded = NULL, FILE *fp = NULL, shr_error temp) {
    shr_error_clear(&temp);
    if (!PyUnicode_FSConverter($input, &encoded))
        SWIG_fail;
    fp = fopen(PyBytes_AS_STRING(encoded), "wb");
    if (!fp) {
        shr_py_fail_io(&temp, "cannot open for writing", PyBytes_AS_STRING(encoded), errno);
        shr_py_raise(&temp, "$symname");
        SWIG_fail;
    }
    $1 = fp;
    $2 = &temp;
}
%typemap(argout) (FILE *out, shr_error *err) {
    if (fp$argnum) {
        int close_failed = fclose(fp$argnum) != 0;
        int close_errno = errno;
        fp$argnum = NULL;
        if (temp$argnum.code == SHR_OK && (long long)result < 0)
            shr_py_fail(&temp$argnum, (int)result, shr_error_code_text((int)result));
        if (temp$argnum.code == SHR_OK && close_failed)
            shr_py_fail_io(&temp$argnum, "cannot write", PyBytes_AS_STRING(encoded$argnum), close_errno);
        if (temp$argnum.code != SHR_OK) {
            if (!temp$argnum.file[0])
                snprintf(temp$argnum.file, sizeof temp$argnum.file, "%s", PyBytes_AS_STRING(encoded$argnum));
            Py_XDECREF($result);
            $result = NULL;
            shr_py_raise(&temp$argnum, "$symname");
            SWIG_fail;
        }
    }
}
%typemap(freearg) (FILE *out, shr_error *err) {
    if (fp$argnum)
        fclose(fp$argnum);
    Py_XDECREF(encoded$argnum);
}

/* Made and freed by the helpers below only. */
%ignore shr_inspire_options;
%ignore shr_inspiration_compute;
%ignore shr_inspiration_free;
%ignore shr_comparison_compute;
%ignore shr_comparison_free;
%ignore shr_network_compute;
%ignore shr_network_free;
%ignore shr_import_mapping_load;
%ignore shr_import_mapping_load_buffer;
%ignore shr_import_mapping_free;
%ignore shr_import_csv;
%ignore shr_import_csv_buffer;
%ignore shr_import_free;
%ignore shr_report_options;
%ignore shr_report_write;
%ignore shr_report_save;
%ignore SHR_INSPIRE_OPTIONS_INIT;
%ignore SHR_REPORT_OPTIONS_INIT;
%ignore SHR_LIMIT_IMPORT_SIZE;

%include <sharitories/analysis.h>
%include <sharitories/import.h>
%include <sharitories/export.h>
%include <sharitories/report.h>

/* ---------------------------------------------------------------- inspire */

%newobject shr_py_inspire;
SHR_PY_CHECKED(shr_py_inspire)
SHR_PY_CHECKED(shr_py_inspiration_data)
%feature("docstring") shr_py_inspire "shr_py_inspire(catalog, territory, peers, band_low, band_high, examples, query, by_distance) -> an owned inspiration.\n\npeers: None (find them by kind and population band) or a sequence of territory ids; query: None or a query expression whose practices alone count; by_distance: nonzero to take the peers' practices nearest to the territory as examples. Raises Error (ENOTFOUND, EINVAL), QueryError, TypeError.";
%feature("docstring") shr_py_inspiration_data "shr_py_inspiration_data(inspiration) -> (territory, [peer], lacks, has), each list of (category, peers_with, share, own, [(practice, territory)]) with borrowed pointers.";
%inline %{
shr_py_inspiration *shr_py_inspire(PyObject *catalog, const char *territory, PyObject *peers,
                                   double band_low, double band_high, size_t examples,
                                   const char *query, int by_distance, shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner, *keep = NULL;
    const char **ids = NULL;
    size_t nids = 0;
    shr_query *q = NULL;
    shr_inspiration *insp = NULL;
    if (shr_py_catalog_owner(catalog, "shr_py_inspire", &cat, &owner) < 0)
        return NULL;
    if (shr_py_strv(peers, "peers", &keep, &ids, &nids) < 0)
        return NULL;
    shr_inspire_options opts = SHR_INSPIRE_OPTIONS_INIT;
    opts.band_low = band_low;
    opts.band_high = band_high;
    opts.peers = ids;
    opts.peer_count = nids;
    opts.examples = examples;
    opts.by_distance = by_distance;
    if (shr_py_filter(cat, query, &q, err) == SHR_OK) {
        opts.filter = q;
        int rc;
        SHR_PY_READING(cat, rc = shr_inspiration_compute(cat, territory, &opts, &insp, err));
        if (rc != SHR_OK && err->code == SHR_OK)
            shr_py_fail(err, SHR_EINVAL, "shr_inspiration_compute failed");
    }
    shr_query_free(q);
    free(ids);
    Py_XDECREF(keep);
    return insp ? shr_py_inspiration_new(insp, owner) : NULL;
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
                "(NndnN)", SHR_PY_PTR(shr_inspiration_category(insp, list, i), shr_category),
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
%}

/* ---------------------------------------------------------------- compare */

%newobject shr_py_compare;
SHR_PY_CHECKED(shr_py_compare)
SHR_PY_CHECKED(shr_py_comparison_data)
%feature("docstring") shr_py_compare "shr_py_compare(catalog, territories, dimension, query) -> an owned comparison.\n\nterritories: a sequence of territory ids; query: None or an expression whose practices alone count. Raises Error (ENOTFOUND, EINVAL), QueryError, ValueError for an unknown dimension.";
%feature("docstring") shr_py_comparison_data "shr_py_comparison_data(comparison, per) -> (dimension, territories, keys): territories a list of (territory, total, total per `per` inhabitants or None), keys a list of (key, label_fr, label_en, [count per territory], [per `per` inhabitants or None]).";
%inline %{
shr_py_comparison *shr_py_compare(PyObject *catalog, PyObject *territories,
                                  const char *dimension, const char *query, shr_error *err)
{
    shr_catalog *cat;
    PyObject *owner, *keep = NULL;
    const char **ids = NULL;
    size_t nids = 0;
    shr_query *q = NULL;
    shr_comparison *cmp = NULL;
    shr_dimension dim;
    if (shr_py_catalog_owner(catalog, "shr_py_compare", &cat, &owner) < 0 ||
        shr_py_dimension(dimension, &dim) < 0)
        return NULL;
    if (shr_py_strv(territories, "territories", &keep, &ids, &nids) < 0)
        return NULL;
    if (shr_py_filter(cat, query, &q, err) == SHR_OK) {
        int rc;
        SHR_PY_READING(cat, rc = shr_comparison_compute(cat, ids, nids,
                &(shr_compare_options){SHR_COMPARE_OPTIONS_VERSION, dim, q},
                &cmp, err));
        if (rc != SHR_OK && err->code == SHR_OK)
            shr_py_fail(err, SHR_EINVAL, "shr_comparison_compute failed");
    }
    shr_query_free(q);
    free(ids);
    Py_XDECREF(keep);
    return cmp ? shr_py_comparison_new(cmp, owner) : NULL;
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
%}

/* ---------------------------------------------------------------- network */

%newobject shr_py_network_build;
SHR_PY_CHECKED(shr_py_network_build)
SHR_PY_CHECKED(shr_py_network_data)
%feature("docstring") shr_py_network_build "shr_py_network_build(catalog, result) -> an owned network of the practices of result (an owned result of the same catalog), or of every practice when result is None. Raises Error (EINVAL for a result of another catalog).";
%feature("docstring") shr_py_network_data "shr_py_network_data(network) -> (nodes, edges, spanning, multi_department): nodes a list of (actor, practices, [department]), edges of (source node index, target node index, weight), spanning a list of practices, multi_department a list of node indices.";
%inline %{
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
            PyObject *d = shr_py_ptr_or_none((void *)shr_network_node_department_at(net, i, k),
                                             SWIGTYPE_p_shr_territory);
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
%}

/* ---------------------------------------------------------------- import */

%newobject shr_py_import_csv;
SHR_PY_CHECKED(shr_py_import_csv)
SHR_PY_CHECKED(shr_py_import_rows)
SHR_PY_CHECKED(shr_py_import_warnings)
%feature("docstring") shr_py_import_csv "shr_py_import_csv(catalog, mapping, mapping_name, csv, csv_name) -> an owned import.\n\nmapping and csv are each a file name (str or os.PathLike: read by the library) or the document itself (bytes-like; its name for errors, or None). The mapping is freed before the call returns. Raises LoadError (path, line and column of the mapping or CSV error).";
%feature("docstring") shr_py_import_rows "shr_py_import_rows(import) -> list of (line, method, reason, id, name, category, territory, location, link, address) per row: borrowed pointers or None; location (latitude, longitude) or None.";
%feature("docstring") shr_py_import_warnings "shr_py_import_warnings(import) -> list of (line, text).";
%inline %{
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
            shr_py_ptr_or_none((void *)shr_import_row_category(imp, i), SWIGTYPE_p_shr_category),
            shr_py_ptr_or_none((void *)shr_import_row_territory(imp, i), SWIGTYPE_p_shr_territory),
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
%}

/* ---------------------------------------------------------------- export */

%feature("docstring") shr_py_result_write_csv "shr_py_result_write_csv(result, path): the practices of an owned result as CSV (export.h). Raises Error (EIO).";
%feature("docstring") shr_py_result_write_json "shr_py_result_write_json(result, path): the practices of an owned result as a JSON array (export.h). Raises Error (EIO).";
%feature("docstring") shr_py_result_write_geojson "shr_py_result_write_geojson(result, flags, path) -> number of features written (export.h; flags 0 or SHR_GEOJSON_TERRITORY_LOCATION). Raises Error (EIO).";
%inline %{
int shr_py_result_write_csv(const shr_py_result *r, FILE *out, shr_error *err)
{
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res), rc = shr_result_write_csv(r->res, out, err));
    return rc;
}

int shr_py_result_write_json(const shr_py_result *r, FILE *out, shr_error *err)
{
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res), rc = shr_result_write_json(r->res, out, err));
    return rc;
}

long long shr_py_result_write_geojson(const shr_py_result *r, unsigned flags, FILE *out,
                                      shr_error *err)
{
    size_t written = 0;
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res),
                   rc = shr_result_write_geojson(r->res, out, flags, &written, err));
    return rc != SHR_OK ? (long long)rc : (long long)written;
}
%}

%feature("docstring") shr_py_result_write_sql "shr_py_result_write_sql(result, schema, flags, path): the practices of an owned result as an SQL script for PostgreSQL/PostGIS (export.h; schema None: sharitories; flags 0 or SHR_SQL_ALL_TERRITORIES). Raises Error (EINVAL for a bad schema name, EIO).";
%inline %{
int shr_py_result_write_sql(const shr_py_result *r, const char *name /* the schema, or None */,
                            unsigned flags, FILE *out, shr_error *err)
{
    int rc;
    SHR_PY_READING(shr_result_catalog(r->res),
                   rc = shr_result_write_sql(r->res, out, name, flags, err));
    return rc;
}
%}

/* ---------------------------------------------------------------- report */

SHR_PY_CHECKED(shr_py_report)
%feature("docstring") shr_py_report "shr_py_report(catalog, territory, path, lang, peers, band_low, band_high, max_peers_shown, max_inspirations, examples, generated) -> None after saving the report to path atomically (shr_report_save), or, when path is None, the HTML page as str (shr_report_write). Counts < 0 mean all (SHR_NONE). Raises Error (ENOTFOUND, EINVAL, EIO).";
%inline %{
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
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        if (!f) {
            PyErr_NoMemory();
        } else {
            int rc;
            SHR_PY_READING(cat, rc = shr_report_write(cat, territory, &opts, f, err));
            if (fclose(f) != 0 && rc == SHR_OK) {
                shr_py_fail_io(err, "cannot write the page", "<memory>", errno);
                rc = SHR_EIO;
            }
            if (rc == SHR_OK)
                out = PyUnicode_DecodeUTF8(buf ? buf : "", (Py_ssize_t)size, "strict");
            else if (err->code == SHR_OK)
                shr_py_fail(err, rc, shr_error_code_text(rc));
            free(buf);
        }
    }
    free(ids);
    Py_XDECREF(keep);
    Py_XDECREF(encoded);
    return out;
}
%}

/* ---------------------------------------------------------------- map (map.h) */

SHR_PY_CHECKED(shr_py_map)
%feature("docstring") shr_py_map "shr_py_map(catalog, query, by, per, classes, lang, title, outlines, path) -> None after saving the SVG map to path atomically (shr_map_save), or, when path is None, the SVG document as str (shr_map_write). Raises QueryError, Error (EINVAL, EIO, EFORMAT).";
%inline %{
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
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        if (!f)
            return PyErr_NoMemory();
        SHR_PY_READING(cat, rc = shr_map_write(cat, &opts, f, err));
        if (fclose(f) != 0 && rc == SHR_OK) {
            shr_py_fail_io(err, "cannot write the map", "<memory>", errno);
            rc = SHR_EIO;
        }
        if (rc == SHR_OK)
            out = PyUnicode_DecodeUTF8(buf ? buf : "", (Py_ssize_t)size, "strict");
        else if (err->code == SHR_OK)
            shr_py_fail(err, rc, shr_error_code_text(rc));
        free(buf);
    }
    Py_XDECREF(encoded);
    return out;
}
%}

/* ================================================================ fiches-actions and roadmap
 * (action.h, roadmap.h; issue 12). The Python layer is bindings/python/sharitories/_actions.py. */

%ignore shr_action_filter;
%ignore SHR_ACTION_FILTER_INIT;
%ignore SHR_ACTION_FILTER_VERSION;
%ignore shr_action_matches; /* the filter is applied in Python (Catalog.actions) */
%include <sharitories/action.h>

SHR_PY_OWNED(shr_py_roadmap, shr_roadmap, shr_roadmap_free, "An owned shr_roadmap (roadmap.h): frees it, then releases its catalog.")

%ignore shr_roadmap_options;
%ignore shr_roadmap_compute;
%ignore shr_roadmap_free;
%ignore SHR_ROADMAP_OPTIONS_INIT;
%ignore SHR_ROADMAP_OPTIONS_VERSION;
%include <sharitories/roadmap.h>

SHR_PY_CHECKED(shr_py_catalog_actions)
%feature("docstring") shr_py_catalog_actions "shr_py_catalog_actions(catalog) -> the fiches-actions of a catalog, as a list of borrowed pointers, in catalog order.";
SHR_PY_CHECKED(shr_py_action_data)
%feature("docstring") shr_py_action_data "shr_py_action_data(action) -> (axes, categories, audience, lead, partners, {list name: [(fr, en)]}, links, sources): axis and category ids, names of the enumerations.";
%newobject shr_py_roadmap_compute;
SHR_PY_CHECKED(shr_py_roadmap_compute)
%feature("docstring") shr_py_roadmap_compute "shr_py_roadmap_compute(catalog, territory, peers, band_low, band_high, top, examples, lang) -> an owned roadmap (shr_roadmap_compute). peers: None or a sequence of territory ids. Raises Error (ENOTFOUND, EINVAL).";
SHR_PY_CHECKED(shr_py_roadmap_data)
%feature("docstring") shr_py_roadmap_data "shr_py_roadmap_data(roadmap) -> (territory, [peer], [(action, score, gap, weakness, lead, category, peers_having, own, local, weak_axis or -1, why_fr, why_en, lead_total, [actor], [(practice, territory, km)])]) with borrowed pointers.";
%inline %{
PyObject *shr_py_catalog_actions(const shr_catalog *cat)
{
    size_t n = shr_catalog_action_count(cat);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = SHR_PY_PTR(shr_catalog_action_at(cat, i), shr_action);
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
            PyList_SET_ITEM(leads, (Py_ssize_t)k, SHR_PY_PTR(shr_roadmap_lead_at(rm, i, k), shr_actor));
        for (size_t k = 0; k < ne; k++)
            PyList_SET_ITEM(examples, (Py_ssize_t)k,
                            Py_BuildValue("(NNd)", SHR_PY_PRACTICE(shr_roadmap_example_at(rm, i, k)),
                                          SHR_PY_TERRITORY(shr_roadmap_example_territory(rm, i, k)),
                                          shr_roadmap_example_distance_km(rm, i, k)));
        const shr_category *c = shr_roadmap_category(rm, i);
        PyObject *rec = Py_BuildValue(
            "(NddddsnnnissnNN)", SHR_PY_PTR(shr_roadmap_action(rm, i), shr_action),
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
%}
