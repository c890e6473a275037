/*
 * Private header of the Python binding: the hand-written C of the module `sharitories.core`
 * (the .c files of bindings/python/src, compiled with the project's own warnings), shared by those files and
 * the SWIG interface (bindings/python/sharitories.i and the swig/ files).
 *
 * SWIG reads this header (%include in sharitories.i) and wraps what lies outside the
 * `#ifndef SWIG` section: the shr_py_* functions and owned wrappers that Python calls. The
 * section inside is internal to the binding (helpers of the .c files and of the typemaps).
 * Each declaration's documentation (Python docstring) is a %feature("docstring") in the .i file
 * of its area; the ownership and locking model is described at the top of sharitories.i.
 */
#ifndef SHR_PY_H
#define SHR_PY_H

#ifndef SWIG
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sharitories/sharitories.h>
#endif

/* ---------------------------------------------------------------- owned objects
 * Each owns its C object and holds a strong reference to the SWIG object of the catalog, which
 * its destructor (an %extend in the .i) releases after freeing the C object. */
#define SHR_PY_OWNED_STRUCT(PYT, CT, FIELD)                                                      \
    typedef struct PYT {                                                                       \
        CT *FIELD;                                                                             \
        PyObject *owner; /* strong reference to the SWIG object of the catalog */             \
    } PYT;
SHR_PY_OWNED_STRUCT(shr_py_result, shr_result, res)
SHR_PY_OWNED_STRUCT(shr_py_inspiration, shr_inspiration, obj)
SHR_PY_OWNED_STRUCT(shr_py_comparison, shr_comparison, obj)
SHR_PY_OWNED_STRUCT(shr_py_network, shr_network, obj)
SHR_PY_OWNED_STRUCT(shr_py_import, shr_import, obj)
SHR_PY_OWNED_STRUCT(shr_py_roadmap, shr_roadmap, obj)

/* ---------------------------------------------------------------- catalog.c: records */
PyObject *shr_py_practice_description(const shr_practice *p);
PyObject *shr_py_territory_former_codes(const shr_territory *o);
PyObject *shr_py_territory_postal_codes(const shr_territory *o);
PyObject *shr_py_territory_groups(const shr_territory *o);
PyObject *shr_py_territory_children(const shr_territory *o);
PyObject *shr_py_territory_members(const shr_territory *o);
PyObject *shr_py_territory_ancestors(const shr_territory *o);
PyObject *shr_py_territory_practices(const shr_territory *o);
PyObject *shr_py_actor_links(const shr_actor *o);
PyObject *shr_py_practice_axes(const shr_practice *o);
PyObject *shr_py_practice_territories(const shr_practice *o);
PyObject *shr_py_practice_tags(const shr_practice *o);
PyObject *shr_py_practice_links(const shr_practice *o);
PyObject *shr_py_category_axes(const shr_category *o);
PyObject *shr_py_practice_actors(const shr_practice *p);
PyObject *shr_py_actor_practices(const shr_actor *a);
PyObject *shr_py_practice_figures(const shr_practice *p);
PyObject *shr_py_axis_questions(const shr_axis *axis, const char *lang);
PyObject *shr_py_catalog_records(const shr_catalog *cat, const char *section, int kind,
                                 size_t start);
PyObject *shr_py_find_territories(const shr_catalog *cat, const char *text, int kind);
PyObject *shr_py_catalog_files(const shr_catalog *cat);
PyObject *shr_py_territory_table(const shr_catalog *cat, int kind);

/* ---------------------------------------------------------------- result.c: queries, results */
shr_py_result *shr_py_select(PyObject *catalog, const char *expr, const char *sort,
                             int descending, shr_error *err);
int64_t shr_py_count(const shr_catalog *cat, const char *expr, shr_error *err);
size_t shr_py_result_count(const shr_py_result *r);
PyObject *shr_py_result_at(const shr_py_result *r, Py_ssize_t index);
PyObject *shr_py_result_practices(const shr_py_result *r, Py_ssize_t start, Py_ssize_t stop,
                                  Py_ssize_t step);
PyObject *shr_py_result_ids(const shr_py_result *r);
PyObject *shr_py_result_column(const shr_py_result *r, const char *column);
PyObject *shr_py_facet(const shr_py_result *r, const char *dimension, int within,
                       shr_error *err);
PyObject *shr_py_crosstab(const shr_py_result *r, const char *rows, const char *cols,
                          int within, shr_error *err);
int shr_py_result_write_csv(const shr_py_result *r, FILE *out, shr_error *err);
int shr_py_result_write_json(const shr_py_result *r, FILE *out, shr_error *err);
long long shr_py_result_write_geojson(const shr_py_result *r, unsigned flags, FILE *out,
                                      shr_error *err);
int shr_py_result_write_sql(const shr_py_result *r, const char *name /* the schema, or None */,
                            unsigned flags, FILE *out, shr_error *err);

/* ---------------------------------------------------------------- analysis.c */
shr_py_inspiration *shr_py_inspire(PyObject *catalog, const char *territory, PyObject *peers,
                                   double band_low, double band_high, size_t examples,
                                   const char *query, int by_distance, shr_error *err);
PyObject *shr_py_inspiration_data(const shr_inspiration *insp);
shr_py_comparison *shr_py_compare(PyObject *catalog, PyObject *territories,
                                  const char *dimension, const char *query, shr_error *err);
PyObject *shr_py_comparison_data(const shr_comparison *cmp, double per);
shr_py_network *shr_py_network_build(PyObject *catalog, const shr_py_result *practices,
                                     shr_error *err);
PyObject *shr_py_network_data(const shr_network *net);
PyObject *shr_py_report(PyObject *catalog, const char *territory, PyObject *path,
                        const char *lang, PyObject *peers, double band_low, double band_high,
                        long max_peers_shown, long max_inspirations, long examples,
                        const char *generated, shr_error *err);
PyObject *shr_py_map(PyObject *catalog, const char *query, const char *by, double per,
                     unsigned classes, const char *lang, const char *title,
                     const char *outlines, PyObject *path, shr_error *err);

/* ---------------------------------------------------------------- actions.c */
PyObject *shr_py_catalog_actions(const shr_catalog *cat);
PyObject *shr_py_action_data(const shr_action *a);
shr_py_roadmap *shr_py_roadmap_compute(PyObject *catalog, const char *territory, PyObject *peers,
                                       double band_low, double band_high, size_t top,
                                       size_t examples, const char *lang, shr_error *err);
PyObject *shr_py_roadmap_data(const shr_roadmap *rm);

/* ---------------------------------------------------------------- import.c */
shr_py_import *shr_py_import_csv(PyObject *catalog, PyObject *mapping, PyObject *mapping_name,
                                 PyObject *csv, PyObject *csv_name, shr_error *err);
PyObject *shr_py_import_rows(const shr_import *imp);
PyObject *shr_py_import_warnings(const shr_import *imp);

#ifndef SWIG
/* ================================================================ internal to the binding */

/* ---- catalog.c: the catalogs made by the binding, each with a readers-writer lock kept as its
 * userdata (see the top of sharitories.i). */
/* A new empty catalog with its lock; NULL when out of memory. */
shr_catalog *shr_py_catalog_new(void);
/* Frees a catalog of shr_py_catalog_new() and its lock (NULL: nothing). */
void shr_py_catalog_free(shr_catalog *cat);
/* The lock of a catalog made by shr_py_catalog_new(), else NULL. */
pthread_rwlock_t *shr_py_catalog_lock(const shr_catalog *cat);

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

/* The territory of @p kind that @p t is or lies in (NULL if none, or for NULL). */
const shr_territory *shr_py_level(const shr_territory *t, shr_territory_kind kind);

/* ---- SWIG glue, defined in sharitories.i (the only C that needs SWIG's runtime). */
/* The kinds of borrowed record pointers handed to Python. */
typedef enum shr_py_type {
    SHR_PY_T_TERRITORY,
    SHR_PY_T_ACTOR,
    SHR_PY_T_PRACTICE,
    SHR_PY_T_AXIS,
    SHR_PY_T_CATEGORY,
    SHR_PY_T_ACTION,
} shr_py_type;
/* New reference to a SWIG pointer object of @p type for @p p (None for NULL). */
PyObject *shr_py_ptr(const void *p, shr_py_type type);
#define SHR_PY_TERRITORY(p) shr_py_ptr((p), SHR_PY_T_TERRITORY)
#define SHR_PY_PRACTICE(p) shr_py_ptr((p), SHR_PY_T_PRACTICE)
#define SHR_PY_ACTOR(p) shr_py_ptr((p), SHR_PY_T_ACTOR)
/* The catalog pointer and the SWIG object that owns it (borrowed), from the Python handle;
 * -1 with a TypeError naming @p fn. */
int shr_py_catalog_owner(PyObject *catalog, const char *fn, shr_catalog **cat,
                         PyObject **owner);

/* ---- errors.c: exceptions, warnings and arguments. */
/* Raise the sharitories exception matching @p e; @p context names the failing C function. */
void shr_py_raise(const shr_error *e, const char *context);
/* For helpers that fail without a shr_error: fill one (raised by the err typemap). */
void shr_py_fail(shr_error *err, int code, const char *message);
/* Fill @p err with an I/O error on @p path (errno @p e). */
void shr_py_fail_io(shr_error *err, const char *what, const char *path, int e);
/* The UTF-8 text of a str argument (see errors.c); -1 with TypeError or ValueError. */
int shr_py_text(PyObject *obj, const char *what, int allow_none, const char **out);
/* The texts of a sequence of str as a NULL-terminated array to free(), valid while *keep. */
int shr_py_strv(PyObject *obj, const char *what, PyObject **keep, const char ***out,
                size_t *count);
/* The 1-based character column of a 1-based byte column of UTF-8 @p text. */
unsigned shr_py_char_column(const char *text, unsigned byte_column);
/* Issue a sharitories.QueryWarning; -1 when it raised. */
int shr_py_warn(const char *expr, const char *message, unsigned column, const char *message_fr);
/* A str from UTF-8 (None for NULL). */
PyObject *shr_py_str(const char *s);
/* An int, or None for a negative (unknown) population. */
PyObject *shr_py_population(int64_t pop);

/* ---- result.c */
/* A cache of str objects keyed by the address of the C string, for one bulk call: the ids of
 * territories, actors and axes (and tags, when the loader shares their text) repeat across
 * practices, so each is decoded once. Open addressing; when half full it stops growing and
 * simply creates new objects. */
typedef struct shr_py_strcache {
    const char **keys;
    PyObject **values;
    size_t count;
} shr_py_strcache;
void shr_py_strcache_init(shr_py_strcache *c);
/* New reference to the str of @p s (None for NULL). Works without a cache (c->keys NULL). */
PyObject *shr_py_strcache_get(shr_py_strcache *c, const char *s);
void shr_py_strcache_free(shr_py_strcache *c);
/* The dimension named @p name; -1 with a ValueError listing the names. */
int shr_py_dimension(const char *name, shr_dimension *out);
/* The work done with a compiled query inside shr_py_with_query(): plain C, no GIL, no Python
 * object; @p q is NULL for an empty optional expression. Returns SHR_OK or an error code (with
 * @p err filled, or filled by the caller from the code). */
typedef int (*shr_py_query_fn)(const shr_catalog *cat, const shr_query *q, void *ctx,
                               shr_error *err);
/* Returned by shr_py_with_query() when a Python exception is set (a query warning turned into
 * an error by the warnings filter); never a library code (those are negative). */
#define SHR_PY_RAISED 1
/* The one place where Python compiles a query. Parses @p expr, runs fn(cat, q, ctx, err) and
 * frees the query, all in one section that holds the catalog's lock shared, without the GIL:
 * no compiled query outlives the section, so a load (the lock exclusive) never meets one and
 * needs no retry. Then, with the GIL, issues each warning of the query as a QueryWarning (its
 * column in characters). With @p optional, NULL or "" runs fn with a NULL query (no filter).
 * Returns SHR_OK; a negative code with @p err filled (a parse error's column turned from bytes
 * of @p expr into characters); SHR_PY_RAISED when a warning raised (fn ran: the caller frees
 * what it made). */
int shr_py_with_query(const shr_catalog *cat, const char *expr, int optional,
                      shr_py_query_fn fn, void *ctx, shr_error *err);

/* ---- analysis.c, actions.c, import.c: a new owned wrapper of @p obj holding a reference to
 * @p owner; frees obj and raises MemoryError when out of memory. */
shr_py_inspiration *shr_py_inspiration_new(shr_inspiration *obj, PyObject *owner);
shr_py_comparison *shr_py_comparison_new(shr_comparison *obj, PyObject *owner);
shr_py_network *shr_py_network_new(shr_network *obj, PyObject *owner);
shr_py_roadmap *shr_py_roadmap_new(shr_roadmap *obj, PyObject *owner);
shr_py_import *shr_py_import_new(shr_import *obj, PyObject *owner);
#define SHR_PY_OWNED_NEW(PYT, CT, FREE)                                                         \
    PYT *PYT##_new(CT *obj, PyObject *owner)                                                   \
    {                                                                                          \
        PYT *w = (PYT *)calloc(1, sizeof *w);                                                  \
        if (!w) {                                                                              \
            FREE(obj);                                                                         \
            PyErr_NoMemory();                                                                  \
            return NULL;                                                                       \
        }                                                                                      \
        w->obj = obj;                                                                          \
        Py_INCREF(owner);                                                                      \
        w->owner = owner;                                                                      \
        return w;                                                                              \
    }
#endif /* SWIG */

#endif
