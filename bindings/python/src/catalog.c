/*
 * The binding's catalogs (each with a readers-writer lock as its userdata) and the bulk readers of
 * records: lists, the catalog's sections, files and territory table in one call.
 */
#include "shr_py.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- The readers-writer lock of a catalog made by the binding (see the top comment), kept as
 * the catalog's userdata; the magic number tells it from another owner's pointer. */
#define SHR_PY_STATE_MAGIC 0x53485250u /* "SHRP" */
typedef struct shr_py_catalog_state {
    unsigned magic;
    pthread_rwlock_t lock;
} shr_py_catalog_state;

shr_catalog *shr_py_catalog_new(void)
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
pthread_rwlock_t *shr_py_catalog_lock(const shr_catalog *cat)
{
    shr_py_catalog_state *st = shr_py_catalog_state_of(cat);
    return st ? &st->lock : NULL;
}

void shr_py_catalog_free(shr_catalog *cat)
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

/* A practice's description as str (None if none), copied straight from the catalog's
 * compressed store: reading every description into a data frame keeps no decoded copy in C. */
PyObject *shr_py_practice_description(const shr_practice *p)
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

/* A Python list built from a C list of count/_at getters, in one call. */
#define SHR_PY_LIST(NAME, OWNER, COUNT, AT, CONV)                                               \
    PyObject *NAME(const OWNER *o)                                                             \
    {                                                                                          \
        size_t n = COUNT(o);                                                                   \
        PyObject *list = PyList_New((Py_ssize_t)n);                                            \
        if (!list)                                                                             \
            return NULL;                                                                       \
        for (size_t i = 0; i < n; i++) {                                                       \
            PyObject *item = CONV(AT(o, i));                                                   \
            if (!item) {                                                                       \
                Py_DECREF(list);                                                               \
                return NULL;                                                                   \
            }                                                                                  \
            PyList_SET_ITEM(list, (Py_ssize_t)i, item);                                        \
        }                                                                                      \
        return list;                                                                           \
    }
#define SHR_PY_AXIS_ID(a) shr_py_str(shr_axis_id(a))

SHR_PY_LIST(shr_py_territory_former_codes, shr_territory, shr_territory_former_code_count, shr_territory_former_code_at, shr_py_str)
SHR_PY_LIST(shr_py_territory_postal_codes, shr_territory, shr_territory_postal_code_count, shr_territory_postal_code_at, shr_py_str)
SHR_PY_LIST(shr_py_territory_groups, shr_territory, shr_territory_group_count, shr_territory_group_at, SHR_PY_TERRITORY)
SHR_PY_LIST(shr_py_territory_children, shr_territory, shr_territory_child_count, shr_territory_child_at, SHR_PY_TERRITORY)
SHR_PY_LIST(shr_py_territory_members, shr_territory, shr_territory_member_count, shr_territory_member_at, SHR_PY_TERRITORY)
SHR_PY_LIST(shr_py_territory_ancestors, shr_territory, shr_territory_ancestor_count, shr_territory_ancestor_at, SHR_PY_TERRITORY)
SHR_PY_LIST(shr_py_territory_practices, shr_territory, shr_territory_practice_count, shr_territory_practice_at, SHR_PY_PRACTICE)
SHR_PY_LIST(shr_py_actor_links, shr_actor, shr_actor_link_count, shr_actor_link_at, shr_py_str)
SHR_PY_LIST(shr_py_practice_axes, shr_practice, shr_practice_axis_count, shr_practice_axis_at, SHR_PY_AXIS_ID)
SHR_PY_LIST(shr_py_practice_territories, shr_practice, shr_practice_territory_count, shr_practice_territory_at, SHR_PY_TERRITORY)
SHR_PY_LIST(shr_py_practice_tags, shr_practice, shr_practice_tag_count, shr_practice_tag_at, shr_py_str)
SHR_PY_LIST(shr_py_practice_links, shr_practice, shr_practice_link_count, shr_practice_link_at, shr_py_str)
SHR_PY_LIST(shr_py_category_axes, shr_category, shr_category_axis_count, shr_category_axis_at, SHR_PY_AXIS_ID)

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
            PyObject *item = shr_py_ptr(AT(cat, i), T);                          \
            if (!item) {                                                         \
                Py_DECREF(list);                                                 \
                return NULL;                                                     \
            }                                                                    \
            PyList_SET_ITEM(list, (Py_ssize_t)(i - start), item);                \
        }                                                                        \
        return Py_BuildValue("(nN)", (Py_ssize_t)n, list);                       \
    }
    SHR_PY_SECTION("actor", SHR_PY_T_ACTOR, shr_catalog_actor_count, shr_catalog_actor_at)
    SHR_PY_SECTION("practice", SHR_PY_T_PRACTICE, shr_catalog_practice_count, shr_catalog_practice_at)
    SHR_PY_SECTION("axis", SHR_PY_T_AXIS, shr_catalog_axis_count, shr_catalog_axis_at)
    SHR_PY_SECTION("category", SHR_PY_T_CATEGORY, shr_catalog_category_count, shr_catalog_category_at)
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

/* The territory of @p kind that @p t is or lies in (NULL if none, or for NULL). */
const shr_territory *shr_py_level(const shr_territory *t, shr_territory_kind kind)
{
    if (!t || shr_territory_kind_of(t) == kind)
        return t;
    return shr_territory_ancestor_of_kind(t, kind);
}
