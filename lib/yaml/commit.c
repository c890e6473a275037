/*
 * The end of a load: every file of the call has been read into the catalog's vectors, maps and
 * arena. Resolve the references that were read before their target, check that the new
 * territories add no cycle, build the derived data (graph, indexes) into fresh structures and
 * swap them in. Any failure leaves the old derived data in place and the caller rolls the
 * records back, so a failed load leaves the catalog exactly as it was.
 */
#include "loader_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* The catalog creates its id maps empty and only loads fill them: make the record maps own
 * their keys (the records' ids) before the first insert. */
static void own_keys(shr_catalog *cat, shr_idmap *map)
{
    if (map->owning || map->count)
        return;
    shr__idmap_free(map);
    shr__idmap_init_owning(map, &cat->alloc);
}

void shr__batch_begin(shr_batch *b, shr_catalog *cat)
{
    own_keys(cat, &cat->territory_ids);
    own_keys(cat, &cat->actor_ids);
    own_keys(cat, &cat->practice_ids);
    memset(b, 0, sizeof *b);
    b->id_marks[0] = shr__idmap_mark(&cat->territory_ids);
    b->id_marks[1] = shr__idmap_mark(&cat->actor_ids);
    b->id_marks[2] = shr__idmap_mark(&cat->practice_ids);
    b->cat = cat;
    b->mark = shr__arena_mark(&cat->arena);
    b->old_territories = cat->territories.count;
    b->old_actors = cat->actors.count;
    b->old_practices = cat->practices.count;
    b->old_categories = cat->categories.count;
    b->old_actions = cat->actions.count;
    b->old_files = cat->files.count;
    b->old_extras = cat->extras.count;
    b->old_pieces = cat->texts.count;
    b->old_maps = cat->maps.count;
}

void shr__batch_end(shr_batch *b)
{
    shr__free(&b->cat->alloc, b->pending.items);
    b->pending.items = NULL;
    b->pending.count = b->pending.cap = 0;
}

/* ------------------------------------------------------------------ records, generically */

static const char *record_id(const void *rec, int kind)
{
    switch (kind) {
    case SHR_REC_CATEGORY:
        return ((const shr_category *)rec)->id;
    case SHR_REC_TERRITORY:
        return shr__territory_id(rec);
    case SHR_REC_ACTOR:
        return shr__actor_id(rec);
    case SHR_REC_ACTION:
        return ((const shr_action *)rec)->id;
    default:
        return shr__practice_id(rec);
    }
}

static uint32_t record_file(const void *rec, int kind)
{
    switch (kind) {
    case SHR_REC_CATEGORY:
        return ((const shr_category *)rec)->origin.file;
    case SHR_REC_TERRITORY:
        return ((const shr_territory *)rec)->origin.file;
    case SHR_REC_ACTOR:
        return ((const shr_actor *)rec)->origin.file;
    case SHR_REC_ACTION:
        return ((const shr_action *)rec)->origin.file;
    default:
        return ((const shr_practice *)rec)->origin.file;
    }
}

static const char *id_at(const shr_catalog *cat, int kind, uint32_t i)
{
    switch (kind) {
    case SHR_REC_CATEGORY:
        return cat->categories.items[i]->id;
    case SHR_REC_TERRITORY:
        return shr__territory_id(cat->territories.items[i]);
    case SHR_REC_ACTOR:
        return shr__actor_id(cat->actors.items[i]);
    case SHR_REC_ACTION:
        return cat->actions.items[i]->id;
    default:
        return shr__practice_id(cat->practices.items[i]);
    }
}

/* ------------------------------------------------------------------ references */

void shr__practice_default_axes(shr_practice *p, const shr_catalog *cat)
{
    if (p->axes_given)
        return;
    const shr_category *c = cat->categories.items[p->category.index];
    p->naxes = c->naxes;
    p->axis_mask = 0;
    for (uint8_t i = 0; i < c->naxes; i++) {
        p->axes[i] = c->axes[i];
        p->axis_mask |= (uint8_t)(1u << c->axes[i]);
    }
}

/* Resolve queued references in the order they were read: the first unknown one is reported. */
static int resolve_pending(shr_batch *b, shr_error *err)
{
    shr_catalog *cat = b->cat;
    for (size_t i = 0; i < b->pending.count; i++) {
        const shr_pending_ref *p = &b->pending.items[i];
        uint32_t idx = shr__idmap_find(shr__catalog_ids(cat, p->target), p->id, strlen(p->id));
        const char *rid = record_id(p->record, p->record_kind);
        if (idx == SHR_NO_INDEX)
            return shr__error_set_at(
                err, SHR_EREFERENCE, cat->files.items[record_file(p->record, p->record_kind)].path,
                p->line, p->column, rid, "%s '%s': unknown %s '%s' in '%s' (no loaded file "
                "defines it)", shr__w(shr__record_kind_name(p->record_kind)), rid,
                shr__w(shr__record_kind_name(p->target)), p->id, p->field);
        *p->index = idx;
        if (p->target == SHR_REC_CATEGORY && p->record_kind == SHR_REC_PRACTICE)
            shr__practice_default_axes(p->record, cat);
    }
    return SHR_OK;
}

/* ------------------------------------------------------------------ cycles */

/* Edge k of a territory: parent first, then groups. */
static const shr_posref *edge(const shr_territory *t, uint32_t k)
{
    if (t->has_parent)
        return k == 0 ? &t->parent : &t->groups[k - 1];
    return &t->groups[k];
}

static uint32_t edge_count(const shr_territory *t)
{
    return (t->has_parent ? 1u : 0u) + t->ngroups;
}

/* "a -> b -> c -> a" for the path stack[from..top], which closes on stack[from]. */
static void describe_cycle(const shr_catalog *cat, const uint32_t *stack, size_t from, size_t top,
                           char *buf, size_t size)
{
    size_t len = top - from + 1, used = 0;
    buf[0] = '\0';
    for (size_t j = 0; j <= len && used < size; j++) {
        if (len > 8 && j == 4) { /* long cycles: the start and the end */
            int k = snprintf(buf + used, size - used, " -> ...");
            used += k > 0 ? (size_t)k : 0;
            j = len - 3;
            if (used >= size)
                break;
        }
        uint32_t node = j < len ? stack[from + j] : stack[from];
        int k = snprintf(buf + used, size - used, "%s%s", j ? " -> " : "",
                         shr__territory_id(cat->territories.items[node]));
        used += k > 0 ? (size_t)k : 0;
    }
}

/*
 * Old territories form a DAG and never refer to new ones (their references were resolved when
 * they were loaded), so a cycle can only run through new territories: a DFS over those alone,
 * iterative so that long chains cannot overflow the stack.
 */
static int check_cycles(shr_batch *b, shr_error *err)
{
    shr_catalog *cat = b->cat;
    size_t base = b->old_territories, n = cat->territories.count - base;
    if (n == 0)
        return SHR_OK;
    const shr_allocator *a = &cat->alloc;
    uint8_t *color = shr__calloc(a, n, 1); /* 0 new, 1 on the path, 2 done */
    uint32_t *stack = shr__malloc(a, n * sizeof *stack);
    uint32_t *pos = shr__malloc(a, n * sizeof *pos); /* next edge to follow */
    int rc = SHR_OK;
    if (!color || !stack || !pos) {
        rc = shr__error_set(err, SHR_ENOMEM, "out of memory checking the territory graph");
        goto done;
    }
    for (size_t root = 0; root < n && rc == SHR_OK; root++) {
        if (color[root])
            continue;
        size_t top = 0;
        stack[0] = (uint32_t)(base + root);
        pos[0] = 0;
        color[root] = 1;
        for (;;) {
            const shr_territory *t = cat->territories.items[stack[top]];
            if (pos[top] == edge_count(t)) {
                color[stack[top] - base] = 2;
                if (top == 0)
                    break;
                top--;
                continue;
            }
            const shr_posref *r = edge(t, pos[top]++);
            if (r->index < base || color[r->index - base] == 2)
                continue;
            if (color[r->index - base] == 1) {
                size_t from = top;
                while (stack[from] != r->index)
                    from--;
                char path[256];
                describe_cycle(cat, stack, from, top, path, sizeof path);
                rc = shr__error_set_at(err, SHR_ECYCLE, cat->files.items[t->origin.file].path,
                                       r->line, r->column, shr__territory_id(t),
                                       "territory '%s': '%s' makes a cycle in the territory "
                                       "graph (%s)",
                                       shr__territory_id(t),
                                       shr__territory_id(cat->territories.items[r->index]), path);
                break;
            }
            color[r->index - base] = 1;
            stack[++top] = r->index;
            pos[top] = 0;
        }
    }
done:
    shr__free(a, color);
    shr__free(a, stack);
    shr__free(a, pos);
    return rc;
}

/* ------------------------------------------------------------------ commit and rollback */

int shr__batch_commit(shr_batch *b, shr_error *err)
{
    shr_catalog *cat = b->cat;
    shr_graph *graph = NULL;
    shr_index *index = NULL;
    int rc = resolve_pending(b, err);
    if (rc == SHR_OK)
        rc = check_cycles(b, err);
    if (rc == SHR_OK) {
        /* No more inserts in this load: give the maps' spare slots back before the derived
         * data is built (the peak of the load). */
        shr__idmap_compact(&cat->territory_ids);
        shr__idmap_compact(&cat->actor_ids);
        shr__idmap_compact(&cat->practice_ids);
    }
    if (rc == SHR_OK)
        rc = shr__graph_build(cat, &graph, err);
    if (rc == SHR_OK)
        rc = shr__index_build(cat, graph, &index, err);
    if (rc != SHR_OK) {
        shr__graph_free(&cat->alloc, graph);
        return rc;
    }
    shr__index_free(&cat->alloc, cat->index);
    shr__graph_free(&cat->alloc, cat->graph);
    cat->graph = graph;
    cat->index = index;
    return SHR_OK;
}

/*
 * Put a map back to the ids of the first `count` records. The map only grew during the load,
 * so re-inserting into its cleared slots needs no allocation and cannot fail.
 */
static void restore_map(shr_batch *b, int kind, size_t count)
{
    shr_catalog *cat = b->cat;
    shr_idmap *map = shr__catalog_ids(cat, kind);
    if (map->owning) {
        shr__idmap_truncate(map, count, b->id_marks[kind - SHR_REC_TERRITORY]);
        return;
    }
    if (map->count == count)
        return;
    memset(map->slots, 0, (map->mask + 1) * sizeof *map->slots);
    map->count = 0;
    for (size_t i = 0; i < count; i++)
        shr__idmap_insert(map, id_at(cat, kind, (uint32_t)i), (uint32_t)i);
}

void shr__batch_rollback(shr_batch *b)
{
    shr_catalog *cat = b->cat;
    /* Records first (restore_map reads their ids), then the arena that holds them. */
    cat->territories.count = b->old_territories;
    cat->actors.count = b->old_actors;
    cat->practices.count = b->old_practices;
    cat->categories.count = b->old_categories;
    cat->actions.count = b->old_actions;
    cat->files.count = b->old_files;
    cat->extras.count = b->old_extras;
    restore_map(b, SHR_REC_TERRITORY, b->old_territories);
    restore_map(b, SHR_REC_ACTOR, b->old_actors);
    restore_map(b, SHR_REC_PRACTICE, b->old_practices);
    restore_map(b, SHR_REC_CATEGORY, b->old_categories);
    restore_map(b, SHR_REC_ACTION, b->old_actions);
    shr__textstore_truncate(&cat->texts, b->old_pieces);
    shr__arena_rollback(&cat->arena, b->mark);
    for (size_t i = b->old_maps; i < cat->maps.count; i++)
        munmap(cat->maps.items[i].addr, cat->maps.items[i].size);
    cat->maps.count = b->old_maps;
}
