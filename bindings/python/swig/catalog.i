/* The catalog and its records (part of sharitories.i); the C is src/catalog.c. */

/* ---------------------------------------------------------------- what is not wrapped */

/* Allocator hook: Python code uses the C library's allocator. */
%ignore shr_allocator;
%ignore shr_allocator_default;
%ignore shr_catalog_allocator;
%ignore shr_catalog_set_userdata; /* the binding keeps its lock there */
%ignore shr_catalog_userdata;
%ignore shr_catalog_new;
%ignore shr_catalog_free;
/* Name -> enum look-ups with out-parameters: Python builds its tables from the _name() calls. */
%rename("$ignore", regextarget=1) "_from_name$";
/* Fills a caller's array: Python gets a list from shr_py_find_territories. */
%ignore shr_catalog_find_territories;
/* Python reads descriptions with shr_py_practice_description (a str, no buffer). */
%ignore shr_practice_description_copy;
%ignore shr_practice_description;
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

/* Loads take the catalog for themselves: the lock exclusive, with the GIL held (so no accessor
 * runs during a load either). Every call that compiles a query compiles, runs and frees it in
 * one section under the read lock (shr_py_with_query in src/result.c), so no compiled query
 * exists once the write lock is held, and the library never refuses the load for one
 * (SHR_EMISUSE): no retry. The readers hold the lock without the GIL and never wait for the GIL
 * while holding it, so waiting for it here with the GIL cannot deadlock. */
%define SHR_PY_WRITING(NAME)
%exception NAME {
    pthread_rwlock_t *lock_ = shr_py_catalog_lock(arg1);
    if (lock_)
        pthread_rwlock_wrlock(lock_);
    $action
    if (lock_)
        pthread_rwlock_unlock(lock_);
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

/* ---------------------------------------------------------------- records in bulk */

%feature("docstring") shr_py_practice_description "shr_py_practice_description(practice) -> its description (str) or None, copied from the catalog's compressed store (the catalog keeps no decoded copy).";
/* A list of a record's count/_at getters in one call (src/catalog.c). */
%define SHR_PY_LIST(NAME, DOC)
%feature("docstring") NAME DOC;
SHR_PY_CHECKED(NAME)
%enddef
SHR_PY_LIST(shr_py_territory_former_codes, "Former codes of a territory, as a list of str.")
SHR_PY_LIST(shr_py_territory_postal_codes, "Postal codes of a territory, as a list of str.")
SHR_PY_LIST(shr_py_territory_groups, "Territories of the `groups` of a territory (borrowed pointers).")
SHR_PY_LIST(shr_py_territory_children, "Territories whose parent is this one (borrowed pointers).")
SHR_PY_LIST(shr_py_territory_members, "Territories that have this one among their groups (borrowed pointers).")
SHR_PY_LIST(shr_py_territory_ancestors, "Territories containing this one (its closure, itself excluded), in catalog order.")
SHR_PY_LIST(shr_py_territory_practices, "Practices that list this territory itself (borrowed pointers).")
SHR_PY_LIST(shr_py_actor_links, "Links of an actor, as a list of str.")
SHR_PY_LIST(shr_py_practice_axes, "Axis ids of a practice, as a list of str.")
SHR_PY_LIST(shr_py_practice_territories, "Territories of a practice (borrowed pointers).")
SHR_PY_LIST(shr_py_practice_tags, "Tags of a practice, as a list of str.")
SHR_PY_LIST(shr_py_practice_links, "Links of a practice, as a list of str.")
SHR_PY_LIST(shr_py_category_axes, "Default axis ids of a category, as a list of str.")

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
SHR_PY_CHECKED(shr_py_territory_table)
%feature("docstring") shr_py_territory_table "shr_py_territory_table(catalog, kind) -> the territories of kind (-1: all), in catalog order, as 11 lists: id, name, kind (int), code, population (int or None), parent id, then the ids of the EPCI, department and region each is or lies in (None when none), latitude, longitude (float, NaN when absent).";
