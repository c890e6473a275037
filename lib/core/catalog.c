/* The catalog handle: creation, destruction, look-ups, the bundled default catalog. */
#include "model.h"
#include "textfold.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SHR_INSTALL_DATA_DIR
#define SHR_INSTALL_DATA_DIR "/usr/local/share/sharitories"
#endif

/* The file in the data directory that lists the files of the default catalog, one a line. */
#define DEFAULT_MANIFEST "default.catalog"
/* Its snapshot (docs/snapshot.md), written by `meson install` next to the files. */
#define DEFAULT_SNAPSHOT "default.shrs"

const char *shr_version(void)
{
    return SHR_VERSION_STRING;
}

int shr_version_number(void)
{
    return SHR_VERSION_NUMBER;
}

static int add_builtin_categories(shr_catalog *cat)
{
    size_t n = shr__builtin_category_count;
    shr_category *all = shr__arena_calloc(&cat->arena, n, sizeof *all);
    if (!all || shr__grow(&cat->alloc, (void **)&cat->categories.items, &cat->categories.cap, n,
                          sizeof *cat->categories.items))
        return SHR_ENOMEM;
    if (shr__idmap_reserve(&cat->category_ids, n))
        return SHR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const shr_builtin_category *b = &shr__builtin_categories[i];
        shr_category *c = &all[i];
        c->cat = cat;
        c->index = (uint32_t)i;
        c->builtin = true;
        c->family = b->family;
        c->id = b->id;
        c->label_fr = b->label_fr;
        c->label_en = b->label_en;
        c->naxes = b->naxes;
        memcpy(c->axes, b->axes, b->naxes);
        cat->categories.items[cat->categories.count++] = c;
        shr__idmap_insert(&cat->category_ids, c->id, (uint32_t)i); /* reserved: cannot fail */
    }
    return SHR_OK;
}

/* Set up the contents of cat (records, maps, texts; not its allocator, options or counters):
 * empty but for the built-in axes and categories. SHR_OK or SHR_ENOMEM (then free_contents). */
static int init_contents(shr_catalog *cat)
{
    shr__arena_init(&cat->arena, &cat->alloc);
    shr__textstore_init(&cat->texts, &cat->alloc);
    shr__idmap_init(&cat->territory_ids, &cat->alloc);
    shr__idmap_init(&cat->actor_ids, &cat->alloc);
    shr__idmap_init(&cat->practice_ids, &cat->alloc);
    shr__idmap_init(&cat->category_ids, &cat->alloc);
    shr__idmap_init(&cat->action_ids, &cat->alloc);
    for (int i = 0; i < SHR_AXIS_COUNT; i++) {
        cat->axes[i].cat = cat;
        cat->axes[i].code = (shr_axis_code)i;
    }
    return add_builtin_categories(cat);
}

/* Free the contents of cat (everything init_contents and loads made), not cat itself. */
static void free_contents(shr_catalog *cat)
{
    const shr_allocator *alloc = &cat->alloc;
    shr__index_free(alloc, cat->index);
    shr__graph_free(alloc, cat->graph);
    shr__idmap_free(&cat->territory_ids);
    shr__idmap_free(&cat->actor_ids);
    shr__idmap_free(&cat->practice_ids);
    shr__idmap_free(&cat->category_ids);
    shr__idmap_free(&cat->action_ids);
    shr__free(alloc, cat->actions.items);
    shr__free(alloc, cat->territories.items);
    shr__free(alloc, cat->actors.items);
    shr__free(alloc, cat->categories.items);
    shr__free(alloc, cat->files.items);
    shr__free(alloc, cat->extras.items);
    for (size_t i = 0; i < cat->practices.count; i++)
        shr__practice_description_release(cat->practices.items[i]);
    shr__free(alloc, cat->practices.items);
    shr__textstore_free(&cat->texts);
    shr__arena_free(&cat->arena);
    for (size_t i = 0; i < cat->maps.count; i++) /* the snapshots the records point into */
        munmap(cat->maps.items[i].addr, cat->maps.items[i].size);
    shr__free(alloc, cat->maps.items);
}

shr_catalog *shr_catalog_new(const shr_allocator *alloc)
{
    if (!alloc)
        alloc = shr_allocator_default();
    shr_catalog *cat = alloc->malloc(alloc->userdata, sizeof *cat);
    if (!cat)
        return NULL;
    memset(cat, 0, sizeof *cat);
    cat->alloc = *alloc;
    if (init_contents(cat) != SHR_OK) {
        shr_catalog_free(cat);
        return NULL;
    }
    return cat;
}

void shr_catalog_free(shr_catalog *cat)
{
    if (!cat)
        return;
    shr_allocator alloc = cat->alloc; /* the catalog itself is freed with it */
    free_contents(cat);
    shr__free(&alloc, cat);
}

/* The records keep pointing at cat (record->cat) and the maps at cat->alloc: the contents move
 * out and back by copying the struct, at the same address. */
int shr__catalog_set_aside(shr_catalog *cat, shr_catalog *saved)
{
    memcpy(saved, cat, sizeof *cat);
    cat->arena = (shr_arena){0};
    cat->texts = (shr_textstore){0};
    memset(&cat->territories, 0, sizeof cat->territories);
    memset(&cat->actors, 0, sizeof cat->actors);
    memset(&cat->practices, 0, sizeof cat->practices);
    memset(&cat->categories, 0, sizeof cat->categories);
    memset(&cat->actions, 0, sizeof cat->actions);
    memset(&cat->files, 0, sizeof cat->files);
    memset(&cat->extras, 0, sizeof cat->extras);
    cat->graph = NULL;
    cat->index = NULL;
    int rc = init_contents(cat);
    if (rc != SHR_OK)
        shr__catalog_put_back(cat, saved);
    return rc;
}

void shr__catalog_put_back(shr_catalog *cat, shr_catalog *saved)
{
    free_contents(cat);
    memcpy(cat, saved, sizeof *cat);
}

void shr__catalog_drop_aside(shr_catalog *saved)
{
    free_contents(saved); /* a copy of cat: same allocator, maps pointing at cat->alloc */
}

const shr_allocator *shr_catalog_allocator(const shr_catalog *cat)
{
    return &cat->alloc;
}

/* ------------------------------------------------------------------ look-ups */

static const void *item_at(void *const *items, size_t count, size_t index)
{
    return index < count ? items[index] : NULL;
}

static uint32_t find_id(const shr_idmap *map, const char *id)
{
    return id ? shr__idmap_find_id(map, id, strlen(id)) : SHR_NO_INDEX;
}

size_t shr_catalog_territory_count(const shr_catalog *cat)
{
    if (!cat)
        return 0;
    return cat->territories.count;
}

const shr_territory *shr_catalog_territory_at(const shr_catalog *cat, size_t index)
{
    if (!cat)
        return NULL;
    return item_at((void *const *)cat->territories.items, cat->territories.count, index);
}

const shr_territory *shr_catalog_territory(const shr_catalog *cat, const char *id)
{
    if (!cat)
        return NULL;
    uint32_t i = find_id(&cat->territory_ids, id);
    return i == SHR_NO_INDEX ? NULL : cat->territories.items[i];
}

/* Longest folded name compared in full by shr_catalog_find_territories(). */
#define FIND_FOLD_MAX 512

size_t shr__find_territories(const shr_catalog *cat, const char *name, size_t len, int kind,
                             int exact_only, const shr_territory **out, size_t cap)
{
    char want[FIND_FOLD_MAX], have[FIND_FOLD_MAX];
    if (!cat || !name)
        return 0;
    size_t wlen = shr__fold_key(name, len, want, sizeof want);
    if (wlen == 0)
        return 0;
    if (wlen > sizeof want)
        wlen = sizeof want;
    size_t found = 0;
    /* Pass 0: exact folded matches; pass 1: the other names starting with it. */
    for (int pass = 0; pass < (exact_only ? 1 : 2); pass++) {
        for (size_t i = 0; i < cat->territories.count; i++) {
            const shr_territory *t = cat->territories.items[i];
            if (kind >= 0 && (int)shr_territory_kind_of(t) != kind)
                continue;
            const char *tn = shr_territory_name(t);
            size_t hlen = shr__fold_key(tn, strlen(tn), have, sizeof have);
            if (hlen < wlen || memcmp(have, want, wlen) != 0)
                continue;
            if ((hlen == wlen) != (pass == 0))
                continue;
            if (found < cap)
                out[found] = t;
            found++;
        }
    }
    return found;
}

size_t shr_catalog_find_territories(const shr_catalog *cat, const char *name,
                                    shr_territory_kind kind, const shr_territory **out,
                                    size_t cap)
{
    return name ? shr__find_territories(cat, name, strlen(name), (int)kind, 0, out, cap) : 0;
}

size_t shr_catalog_actor_count(const shr_catalog *cat)
{
    if (!cat)
        return 0;
    return cat->actors.count;
}

const shr_actor *shr_catalog_actor_at(const shr_catalog *cat, size_t index)
{
    if (!cat)
        return NULL;
    return item_at((void *const *)cat->actors.items, cat->actors.count, index);
}

const shr_actor *shr_catalog_actor(const shr_catalog *cat, const char *id)
{
    if (!cat)
        return NULL;
    uint32_t i = find_id(&cat->actor_ids, id);
    return i == SHR_NO_INDEX ? NULL : cat->actors.items[i];
}

size_t shr_catalog_practice_count(const shr_catalog *cat)
{
    if (!cat)
        return 0;
    return cat->practices.count;
}

const shr_practice *shr_catalog_practice_at(const shr_catalog *cat, size_t index)
{
    if (!cat)
        return NULL;
    return item_at((void *const *)cat->practices.items, cat->practices.count, index);
}

const shr_practice *shr_catalog_practice(const shr_catalog *cat, const char *id)
{
    if (!cat)
        return NULL;
    uint32_t i = find_id(&cat->practice_ids, id);
    return i == SHR_NO_INDEX ? NULL : cat->practices.items[i];
}

size_t shr_catalog_axis_count(const shr_catalog *cat)
{
    return cat ? SHR_AXIS_COUNT : 0;
}

const shr_axis *shr_catalog_axis_at(const shr_catalog *cat, size_t index)
{
    return cat && index < SHR_AXIS_COUNT ? &cat->axes[index] : NULL;
}

const shr_axis *shr_catalog_axis(const shr_catalog *cat, const char *id)
{
    int code = cat && id ? shr__axis_from_id(id, strlen(id)) : -1;
    return code < 0 ? NULL : &cat->axes[code];
}

size_t shr_catalog_category_count(const shr_catalog *cat)
{
    if (!cat)
        return 0;
    return cat->categories.count;
}

const shr_category *shr_catalog_category_at(const shr_catalog *cat, size_t index)
{
    if (!cat)
        return NULL;
    return item_at((void *const *)cat->categories.items, cat->categories.count, index);
}

const shr_category *shr_catalog_category(const shr_catalog *cat, const char *id)
{
    if (!cat)
        return NULL;
    uint32_t i = find_id(&cat->category_ids, id);
    return i == SHR_NO_INDEX ? NULL : cat->categories.items[i];
}

size_t shr_catalog_action_count(const shr_catalog *cat)
{
    if (!cat)
        return 0;
    return cat->actions.count;
}

const shr_action *shr_catalog_action_at(const shr_catalog *cat, size_t index)
{
    if (!cat)
        return NULL;
    return item_at((void *const *)cat->actions.items, cat->actions.count, index);
}

const shr_action *shr_catalog_action(const shr_catalog *cat, const char *id)
{
    if (!cat)
        return NULL;
    uint32_t i = find_id(&cat->action_ids, id);
    return i == SHR_NO_INDEX ? NULL : cat->actions.items[i];
}

/* ------------------------------------------------------------------ files */

size_t shr_catalog_file_count(const shr_catalog *cat)
{
    if (!cat)
        return 0;
    return cat->files.count;
}

const char *shr_catalog_file_path(const shr_catalog *cat, size_t index)
{
    if (!cat)
        return NULL;
    return index < cat->files.count ? cat->files.items[index].path : NULL;
}

const char *shr_catalog_file_meta(const shr_catalog *cat, size_t index, const char *key)
{
    if (!cat)
        return NULL;
    if (index >= cat->files.count || !key)
        return NULL;
    const shr_file_info *f = &cat->files.items[index];
    if (strcmp(key, "title") == 0)
        return f->title;
    if (strcmp(key, "source") == 0)
        return f->source;
    if (strcmp(key, "licence") == 0)
        return f->licence;
    if (strcmp(key, "updated") == 0)
        return f->updated;
    return NULL;
}

/* ------------------------------------------------------------------ the default catalog */

const char *shr_default_data_dir(void)
{
    const char *env = getenv("SHARITORIES_DATA_DIR");
    if (env && *env)
        return env;
    return SHR_INSTALL_DATA_DIR;
}

/* Free the path list built by read_manifest(). */
static void free_paths(const shr_allocator *a, char **paths, size_t count)
{
    for (size_t i = 0; i < count; i++)
        shr__free(a, paths[i]);
    shr__free(a, paths);
}

typedef SHR_VEC(char *) path_list;

/* Append "dir/name" to the list. */
static int push_path(const shr_allocator *a, path_list *list, const char *dir, const char *name)
{
    size_t len = strlen(dir) + 1 + strlen(name) + 1;
    char *path = shr__malloc(a, len);
    if (!path)
        return SHR_ENOMEM;
    snprintf(path, len, "%s/%s", dir, name);
    if (shr__grow(a, (void **)&list->items, &list->cap, list->count + 1, sizeof *list->items)) {
        shr__free(a, path);
        return SHR_ENOMEM;
    }
    list->items[list->count++] = path;
    return SHR_OK;
}

/* Read the manifest: one file name a line; blank lines and lines starting with '#' skipped. */
static int read_manifest(const shr_allocator *a, const char *dir, char ***paths, size_t *count,
                         shr_error *err)
{
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "%s/%s", dir, DEFAULT_MANIFEST);
    FILE *f = fopen(manifest, "r");
    if (!f)
        return shr__error_set_at(err, SHR_EIO, manifest, 0, 0, NULL,
                                 "cannot open the default catalog manifest: %s",
                                 shr__strerror(errno));
    path_list list = {0};
    char line[1024];
    int rc = SHR_OK;
    while (rc == SHR_OK && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        rc = push_path(a, &list, dir, line);
    }
    fclose(f);
    if (rc != SHR_OK) {
        free_paths(a, list.items, list.count);
        return shr__error_set(err, rc, "out of memory reading the default catalog manifest");
    }
    *paths = list.items;
    *count = list.count;
    return SHR_OK;
}

/* a is not older than b (modification times, to the nanosecond). */
static bool not_older(const struct stat *a, const struct stat *b)
{
    return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
           (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec >= b->st_mtim.tv_nsec);
}

/* The snapshot of the default catalog (DEFAULT_SNAPSHOT in dir) when it exists and is not
 * older than the manifest and any of its files: then it is what they would load. */
static bool snapshot_is_fresh(const char *dir, char *const *paths, size_t count, char *snap,
                              size_t size)
{
    struct stat s, f;
    int n = snprintf(snap, size, "%s/%s", dir, DEFAULT_SNAPSHOT);
    if (n < 0 || (size_t)n >= size || stat(snap, &s) != 0)
        return false;
    char manifest[4096];
    snprintf(manifest, sizeof manifest, "%s/%s", dir, DEFAULT_MANIFEST);
    if (stat(manifest, &f) != 0 || !not_older(&s, &f))
        return false;
    for (size_t i = 0; i < count; i++)
        if (stat(paths[i], &f) != 0 || !not_older(&s, &f))
            return false;
    return true;
}

int shr_catalog_load_default(shr_catalog *cat, shr_error *err)
{
    if (!cat)
        return shr__error_set(err, SHR_EINVAL, "shr_catalog_load_default: NULL argument");
    char **paths = NULL;
    size_t count = 0;
    const char *dir = shr_default_data_dir();
    int rc = read_manifest(&cat->alloc, dir, &paths, &count, err);
    if (rc != SHR_OK)
        return rc;
    char snap[4096];
    if (cat->territories.count == 0 && cat->actors.count == 0 && cat->practices.count == 0 &&
        cat->files.count == 0 && snapshot_is_fresh(dir, paths, count, snap, sizeof snap)) {
        /* A fresh, valid snapshot is the same catalog, opened without parsing; any problem
         * with it (another library version, corrupted) falls back to the YAML. */
        if (shr_catalog_load(cat, snap, err) == SHR_OK) {
            free_paths(&cat->alloc, paths, count);
            return SHR_OK;
        }
        shr_error_clear(err);
    }
    rc = shr_catalog_load_files(cat, (const char *const *)paths, count, err);
    free_paths(&cat->alloc, paths, count);
    return rc;
}

void shr_catalog_set_csv_flags(shr_catalog *cat, unsigned flags)
{
    if (cat)
        cat->csv_flags = flags;
}

unsigned shr_catalog_csv_flags(const shr_catalog *cat)
{
    return cat ? cat->csv_flags : 0;
}

int shr__catalog_check_unborrowed(const shr_catalog *cat, const char *what, shr_error *err)
{
    size_t n = atomic_load_explicit(&((shr_catalog *)cat)->borrowers, memory_order_acquire);
    if (n)
        return n == 1 ? shr__error_set(err, SHR_EMISUSE,
                                       "cannot %s: 1 compiled query still uses the catalog "
                                       "(free it first, then compile the query again)",
                                       shr__w(what))
                      : shr__error_set(err, SHR_EMISUSE,
                                       "cannot %s: %zu compiled queries still use the catalog "
                                       "(free them first, then compile the queries again)",
                                       shr__w(what), n);
    return SHR_OK;
}

void shr_catalog_set_userdata(shr_catalog *cat, void *userdata)
{
    if (cat)
        cat->userdata = userdata;
}

void *shr_catalog_userdata(const shr_catalog *cat)
{
    return cat ? cat->userdata : NULL;
}
