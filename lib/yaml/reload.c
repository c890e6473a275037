/* shr_catalog_reload(): read every file of a catalog again, as one unit, all or nothing. */
#include "loader_internal.h"

#include <string.h>

int shr_catalog_reload(shr_catalog *cat, shr_error *err)
{
    shr_error_clear(err);
    if (!cat)
        return shr__error_set(err, SHR_EINVAL, "shr_catalog_reload: NULL catalog");
    if (shr__catalog_check_unborrowed(cat, "reload", err))
        return SHR_EMISUSE;
    size_t nres = atomic_load_explicit(&cat->results, memory_order_acquire);
    if (nres == 1)
        return shr__error_set(err, SHR_EMISUSE,
                              "cannot reload: 1 result still points into the catalog "
                              "(free it first, then run the query again)");
    if (nres)
        return shr__error_set(err, SHR_EMISUSE,
                              "cannot reload: %zu results still point into the catalog "
                              "(free them first, then run the queries again)", nres);
    size_t n = cat->files.count;
    for (size_t i = 0; i < n; i++)
        if (cat->files.items[i].buffer)
            return shr__error_set(err, SHR_EINVAL,
                                  "cannot reload: '%s' was loaded from memory "
                                  "(shr_catalog_load_buffer), which cannot be read again",
                                  cat->files.items[i].path);
    /* the paths live in the catalog's arena: kept with the set-aside contents meanwhile */
    const char **paths = shr__malloc(&cat->alloc, (n + 1) * sizeof *paths);
    if (!paths)
        return shr__error_set(err, SHR_ENOMEM, "out of memory while reloading");
    for (size_t i = 0; i < n; i++)
        paths[i] = cat->files.items[i].path;
    shr_catalog saved;
    int rc = shr__catalog_set_aside(cat, &saved);
    if (rc != SHR_OK) {
        shr__free(&cat->alloc, paths);
        return shr__error_set(err, rc, "out of memory while reloading");
    }
    rc = shr_catalog_load_files(cat, paths, n, err);
    shr__free(&cat->alloc, paths);
    if (rc != SHR_OK)
        shr__catalog_put_back(cat, &saved);
    else
        shr__catalog_drop_aside(&saved);
    return rc;
}
