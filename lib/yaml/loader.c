/*
 * Catalog files -> records, straight from libyaml's event stream (no document tree: a 60 MB
 * file would need gigabytes as a yaml_document_t).
 *
 * The reader is a recursive descent over events, one function per node of the schema of
 * spec/format.md. Each parse_* function is entered with the node's first event current (a
 * scalar or a *_START) and returns with its last event current (the scalar or the *_END).
 * Every node is checked as soon as its first event is read, so a node of the wrong shape is
 * reported before anything inside it is read: the schema is at most 5 levels deep, hence
 * SHR_LIMIT_DEPTH can never be reached and deep nesting (or an alias bomb: aliases and anchors
 * are refused on sight) costs nothing.
 *
 * Memory: strings and records go to the catalog's arena; lists are gathered in scratch vectors
 * reused for every record, then copied once to the arena. A reference to an id already known
 * (the common case: parents precede children, practices come after territories) points at the
 * target's own id string and is resolved on the spot; others are copied and queued for commit.
 *
 * Scalar typing follows the YAML 1.2 core schema: a quoted scalar is a string; a plain one is
 * null (~, null, empty), a boolean (true/false), an integer ([-+]?[0-9]+), a float, else a
 * string; an explicit standard tag (!!int...) wins. Integer fields (sharitories, population,
 * started, ended) take integers only, so `started: "2016"` is a wrong type. Text fields take
 * strings and also plain numbers, kept exactly as written (`code: 01001` is the text "01001",
 * `code: 58194` the text "58194"): codes and ids often look like numbers and nothing is lost;
 * null and booleans are refused (`name:` left empty is a mistake, not a name).
 *
 * Number fields (location, figures) are converted with strtod and so assume the "C" locale
 * for LC_NUMERIC (the default of any program that does not call setlocale).
 */
#include "loader_state.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

/* ------------------------------------------------------------------ tables */

/* The record sections follow the order of shr_record_kind (parse_top). */
enum { TOP_VERSION, TOP_META, TOP_CATEGORIES, TOP_TERRITORIES, TOP_ACTORS, TOP_PRACTICES,
       TOP_ACTIONS };
static const field top_fields[] = {F("sharitories"), F("meta"),   F("categories"),
                                   F("territories"), F("actors"), F("practices"),
                                   F("actions")};

enum { M_TITLE, M_SOURCE, M_LICENCE, M_UPDATED };
static const field meta_fields[] = {F("title"), F("source"), F("licence"), F("updated")};

enum { C_ID, C_LABEL, C_FAMILY, C_AXES };
static const field category_fields[] = {F("id"), F("label"), F("family"), F("axes")};
#define CATEGORY_REQUIRED (BIT(C_ID) | BIT(C_FAMILY))

const field shr__load_label_fields[2] = {F("fr"), F("en")};

enum { T_ID, T_NAME, T_KIND, T_CODE, T_FORMER, T_POSTAL, T_PARENT, T_GROUPS, T_POP, T_LOC };
static const field territory_fields[] = {
    F("id"),     F("name"),   F("kind"),       F("code"),    F("former_codes"),
    F("postal_codes"), F("parent"), F("groups"), F("population"), F("location")};
#define TERRITORY_REQUIRED (BIT(T_ID) | BIT(T_NAME) | BIT(T_KIND))

enum { A_ID, A_NAME, A_KIND, A_TERRITORY, A_LINKS };
static const field actor_fields[] = {F("id"), F("name"), F("kind"), F("territory"), F("links")};
#define ACTOR_REQUIRED (BIT(A_ID) | BIT(A_NAME) | BIT(A_KIND))

enum {
    P_ID, P_NAME, P_CATEGORY, P_AXES, P_TERRITORIES, P_ACTORS, P_STATUS, P_STARTED,
    P_ENDED, P_DESCRIPTION, P_TAGS, P_FIGURES, P_LINKS, P_ADDRESS, P_LOCATION
};
static const field practice_fields[] = {
    F("id"),     F("name"),        F("category"), F("axes"),    F("territories"),
    F("actors"), F("status"),      F("started"),  F("ended"),   F("description"),
    F("tags"),   F("figures"),     F("links"),    F("address"), F("location")};
#define PRACTICE_REQUIRED (BIT(P_ID) | BIT(P_NAME) | BIT(P_CATEGORY) | BIT(P_TERRITORIES))

enum { PA_ACTOR, PA_ROLE };
static const field practice_actor_fields[] = {F("actor"), F("role")};
#define PRACTICE_ACTOR_REQUIRED (BIT(PA_ACTOR) | BIT(PA_ROLE))

/* Adapters from the typed name functions of enums.c. */
static const char *territory_kind_name(int i) { return shr_territory_kind_name((shr_territory_kind)i); }
static const char *actor_kind_name(int i) { return shr_actor_kind_name((shr_actor_kind)i); }
static const char *status_name(int i) { return shr_status_name((shr_status)i); }
static const char *role_name(int i) { return shr_role_name((shr_role)i); }
static const char *family_name(int i) { return shr_family_name((shr_family)i); }

/* ------------------------------------------------------------------ records */

/* Check and register the id of a new record (the current node). */
int shr__load_record_id(loader *L, int kind, uint32_t index, const char **out)
{
    const char *s = NULL;
    size_t len = 0;
    int rc = shr__load_want_id(L, "id", &s, &len);
    if (rc)
        return rc;
    shr_catalog *cat = L->cat;
    shr_idmap *map = shr__catalog_ids(cat, kind);
    if (shr__idmap_reserve(map, 1))
        return shr__load_oom(L);
    size_t slot;
    uint32_t hash = shr__idmap_hash(s, len);
    uint32_t other = shr__idmap_probe(map, s, len, hash, &slot);
    if (other != SHR_NO_INDEX) {
        L->rid = s;
        const shr_origin *o = NULL;
        switch (kind) {
        case SHR_REC_CATEGORY:
            if (cat->categories.items[other]->builtin)
                return shr__load_fail(L, SHR_EDUPLICATE,
                                      "duplicate id: '%s' is a built-in category", s);
            o = &cat->categories.items[other]->origin;
            break;
        case SHR_REC_TERRITORY:
            o = &cat->territories.items[other]->origin;
            break;
        case SHR_REC_ACTOR:
            o = &cat->actors.items[other]->origin;
            break;
        case SHR_REC_ACTION:
            o = &cat->actions.items[other]->origin;
            break;
        default:
            o = &cat->practices.items[other]->origin;
            break;
        }
        return shr__load_fail(L, SHR_EDUPLICATE, "duplicate id (first defined at %s:%u:%u)",
                              cat->files.items[o->file].path, (unsigned)o->line,
                              (unsigned)o->column);
    }
    const char *id;
    if (map->owning) {
        id = shr__idmap_insert_copy(map, slot, s, len, hash, index);
    } else {
        char *copy = shr__arena_strndup(&cat->arena, s, len);
        if (copy)
            shr__idmap_insert_at(map, slot, copy, hash, index);
        id = copy;
    }
    if (!id)
        return shr__load_oom(L);
    if (out)
        *out = id;
    L->rid = id;
    return SHR_OK;
}

/* Append a new zeroed record to a catalog vector. */
int shr__load_new_record(loader *L, void ***items, size_t *count, size_t *cap, size_t size,
                      void **out)
{
    if (*count >= SHR_LIMIT_RECORDS)
        return shr__load_fail(L, SHR_ELIMIT, "more than %u records of one kind (SHR_LIMIT_RECORDS)",
                              (unsigned)SHR_LIMIT_RECORDS);
    void *rec = shr__arena_calloc(&L->cat->arena, 1, size);
    if (!rec || shr__grow(&L->cat->alloc, (void **)items, cap, *count + 1, sizeof(void *)))
        return shr__load_oom(L);
    (*items)[(*count)++] = rec;
    *out = rec;
    return SHR_OK;
}

shr_origin shr__load_origin_here(const loader *L)
{
    shr_origin o = {L->file_index, (uint32_t)EV.start_mark.line + 1,
                    (uint32_t)EV.start_mark.column + 1};
    return o;
}

static int want_mapping(loader *L, const char *what)
{
    if (EV.type == YAML_MAPPING_START_EVENT)
        return SHR_OK;
    return shr__load_fail(L, SHR_EFORMAT, "expected %s (a mapping), got %s", what,
                          shr__load_node_desc(&EV));
}

static int parse_label(loader *L, shr_category *c)
{
    if (EV.type != YAML_MAPPING_START_EVENT)
        return shr__load_wrong_type(L, "label", "a mapping {fr, en}");
    uint32_t seen = 0;
    for (;;) {
        int f, rc = shr__load_next_key(L, shr__load_label_fields,
                                       COUNT(shr__load_label_fields), &seen, "label language",
                                       &f);
        if (rc || f < 0)
            return rc;
        rc = shr__load_copy_text(L, f == L_FR ? "label.fr" : "label.en",
                                 f == L_FR ? &c->label_fr : &c->label_en);
        if (rc)
            return rc;
    }
}

static int parse_category(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_category *c;
    int rc = shr__load_new_record(L, (void ***)&cat->categories.items, &cat->categories.count,
                        &cat->categories.cap, sizeof *c, (void **)&c);
    if (rc)
        return rc;
    c->cat = cat;
    c->index = (uint32_t)(cat->categories.count - 1);
    c->origin = shr__load_origin_here(L);
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    uint8_t mask;
    for (;;) {
        int f, v;
        if ((rc = shr__load_next_key(L, category_fields, COUNT(category_fields), &seen, "field",
                                     &f)))
            return rc;
        switch (f) {
        case -1:
            return shr__load_check_required(L, category_fields, CATEGORY_REQUIRED, seen, start);
        case C_ID:
            rc = shr__load_record_id(L, SHR_REC_CATEGORY, c->index, &c->id);
            break;
        case C_LABEL:
            rc = parse_label(L, c);
            break;
        case C_FAMILY:
            rc = shr__load_read_enum(L, "family", family_name, SHR_FAMILY_COUNT, &v);
            c->family = (shr_family)v;
            break;
        case C_AXES:
            rc = shr__load_read_axes(L, c->axes, &c->naxes, &mask);
            break;
        }
        if (rc)
            return rc;
    }
}

static int parse_territory(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_territory *t;
    int rc = shr__load_new_record(L, (void ***)&cat->territories.items, &cat->territories.count,
                        &cat->territories.cap, sizeof *t, (void **)&t);
    if (rc)
        return rc;
    t->cat = cat;
    t->index = (uint32_t)(cat->territories.count - 1);
    t->population = SHR_NO_POPULATION;
    t->parent.index = SHR_NO_INDEX;
    t->origin = shr__load_origin_here(L);
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    for (;;) {
        int f, v;
        int64_t pop;
        const char *pid;
        if ((rc = shr__load_next_key(L, territory_fields, COUNT(territory_fields), &seen, "field",
                                     &f)))
            return rc;
        switch (f) {
        case -1:
            return shr__load_check_required(L, territory_fields, TERRITORY_REQUIRED, seen, start);
        case T_ID:
            rc = shr__load_record_id(L, SHR_REC_TERRITORY, t->index, NULL);
            break;
        case T_NAME:
            rc = shr__load_copy_text(L, "name", &t->name);
            break;
        case T_KIND:
            rc = shr__load_read_enum(L, "kind", territory_kind_name, SHR_TERRITORY_KIND_COUNT, &v);
            t->kind = (uint8_t)v;
            break;
        case T_CODE:
            rc = shr__load_copy_text(L, "code", &t->code);
            break;
        case T_FORMER:
            rc = shr__load_read_text_list(L, "former_codes", false, &t->former_codes,
                                          &t->nformer_codes);
            break;
        case T_POSTAL:
            rc = shr__load_read_text_list(L, "postal_codes", true, &t->postal_codes,
                                          &t->npostal_codes);
            break;
        case T_PARENT:
            t->has_parent = true;
            if (!(rc = shr__load_read_ref(L, "parent", SHR_REC_TERRITORY, &t->parent, &pid)))
                rc = shr__load_add_pending(L, &t->parent.index, pid, &t->parent, t,
                                           SHR_REC_TERRITORY,
                                           SHR_REC_TERRITORY, "parent");
            break;
        case T_GROUPS:
            rc = shr__load_read_ref_list(L, "groups", SHR_REC_TERRITORY, t, SHR_REC_TERRITORY,
                                         true, NULL,
                                         (void **)&t->groups, &t->ngroups);
            break;
        case T_POP:
            if ((rc = shr__load_want_int(L, "population", &pop)))
                break;
            if (pop < 0)
                rc = shr__load_fail(L, SHR_EFORMAT, "'population' must be >= 0");
            t->population = pop;
            break;
        case T_LOC:
            rc = shr__load_read_location(L, &t->latitude, &t->longitude);
            t->has_location = true;
            break;
        }
        if (rc)
            return rc;
    }
}

static int parse_actor(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_actor *a;
    int rc = shr__load_new_record(L, (void ***)&cat->actors.items, &cat->actors.count, &cat->actors.cap,
                        sizeof *a, (void **)&a);
    if (rc)
        return rc;
    a->cat = cat;
    a->index = (uint32_t)(cat->actors.count - 1);
    a->territory.index = SHR_NO_INDEX;
    a->origin = shr__load_origin_here(L);
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    for (;;) {
        int f, v;
        const char *pid;
        shr_posref ref;
        if ((rc = shr__load_next_key(L, actor_fields, COUNT(actor_fields), &seen, "field", &f)))
            return rc;
        switch (f) {
        case -1:
            return shr__load_check_required(L, actor_fields, ACTOR_REQUIRED, seen, start);
        case A_ID:
            rc = shr__load_record_id(L, SHR_REC_ACTOR, a->index, NULL);
            break;
        case A_NAME:
            rc = shr__load_copy_text(L, "name", &a->name);
            break;
        case A_KIND:
            rc = shr__load_read_enum(L, "kind", actor_kind_name, SHR_ACTOR_KIND_COUNT, &v);
            a->kind = (uint8_t)v;
            break;
        case A_TERRITORY:
            a->has_territory = true;
            if (!(rc = shr__load_read_ref(L, "territory", SHR_REC_TERRITORY, &ref, &pid))) {
                a->territory.index = ref.index;
                rc = shr__load_add_pending(L, &a->territory.index, pid, &ref, a, SHR_REC_ACTOR,
                                           SHR_REC_TERRITORY, "territory");
            }
            break;
        case A_LINKS:
            rc = shr__load_read_text_list(L, "links", false, &a->links, &a->nlinks);
            break;
        }
        if (rc)
            return rc;
    }
}

/* One {actor, role} item of a practice's `actors`. */
static int parse_practice_actor(loader *L, struct pact *pa, const char **id)
{
    int rc = want_mapping(L, "an item of 'actors' {actor, role}");
    if (rc)
        return rc;
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    pa->actor.index = SHR_NO_INDEX;
    *id = NULL;
    for (;;) {
        int f, v;
        if ((rc = shr__load_next_key(L, practice_actor_fields, COUNT(practice_actor_fields), &seen,
                                     "field of 'actors' item", &f)))
            return rc;
        switch (f) {
        case -1:
            return shr__load_check_required(L, practice_actor_fields, PRACTICE_ACTOR_REQUIRED,
                                            seen, start);
        case PA_ACTOR:
            rc = shr__load_read_ref(L, "actor", SHR_REC_ACTOR, &pa->actor, id);
            break;
        case PA_ROLE:
            rc = shr__load_read_enum(L, "role", role_name, SHR_ROLE_COUNT, &v);
            pa->role = (uint8_t)v;
            break;
        }
        if (rc)
            return rc;
    }
}

static int read_practice_actors(loader *L, shr_practice *p)
{
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return shr__load_wrong_type(L, "actors", "a list of {actor, role}");
    L->acts.count = 0;
    for (;;) {
        int rc = shr__load_next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            break;
        if ((rc = shr__load_list_limit(L, "actors", L->acts.count)) ||
            (rc = shr__load_push_scratch(L, (void **)&L->acts.items, &L->acts.cap, L->acts.count,
                                         sizeof *L->acts.items)) ||
            (rc = shr__load_push_scratch(L, (void **)&L->ids.items, &L->ids.cap, L->acts.count,
                                         sizeof *L->ids.items)) ||
            (rc = parse_practice_actor(L, &L->acts.items[L->acts.count],
                                       &L->ids.items[L->acts.count])))
            return rc;
        L->acts.count++;
    }
    size_t n = L->acts.count;
    p->nactors = (uint32_t)n;
    if (!n)
        return SHR_OK;
    if (!(p->actors = shr__arena_alloc(&L->cat->arena, n * sizeof *p->actors)))
        return shr__load_oom(L);
    for (size_t i = 0; i < n; i++) {
        p->actors[i].actor.index = L->acts.items[i].actor.index;
        p->actors[i].role = L->acts.items[i].role;
    }
    int rc = SHR_OK;
    for (size_t i = 0; rc == SHR_OK && i < n; i++)
        rc = shr__load_add_pending(L, &p->actors[i].actor.index, L->ids.items[i],
                                   &L->acts.items[i].actor,
                                   p, SHR_REC_PRACTICE, SHR_REC_ACTOR, "actors");
    return rc;
}

/* Two figures with one name: found with a temporary map when there are many. */
static int check_figure_names(loader *L)
{
    size_t n = L->figs.count;
    const shr_figure *fg = L->figs.items;
    if (n <= 16) {
        for (size_t j = 1; j < n; j++)
            for (size_t i = 0; i < j; i++)
                if (strcmp(fg[i].name, fg[j].name) == 0)
                    return shr__load_fail_at(L, SHR_EFORMAT, L->marks.items[j],
                                             "figure '%s' given twice",
                                             fg[j].name);
        return SHR_OK;
    }
    shr_idmap seen;
    shr__idmap_init(&seen, &L->cat->alloc);
    int rc = shr__idmap_reserve(&seen, n) ? shr__load_oom(L) : SHR_OK;
    for (size_t j = 0; rc == SHR_OK && j < n; j++) {
        if (shr__idmap_find(&seen, fg[j].name, strlen(fg[j].name)) != SHR_NO_INDEX)
            rc = shr__load_fail_at(L, SHR_EFORMAT, L->marks.items[j], "figure '%s' given twice",
                                   fg[j].name);
        else
            shr__idmap_insert(&seen, fg[j].name, (uint32_t)j); /* reserved: cannot fail */
    }
    shr__idmap_free(&seen);
    return rc;
}

static int read_figures(loader *L, shr_practice_extra *p)
{
    if (EV.type != YAML_MAPPING_START_EVENT)
        return shr__load_wrong_type(L, "figures", "a mapping of names to numbers");
    L->figs.count = 0;
    L->marks.count = 0;
    for (;;) {
        int rc = shr__load_next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_MAPPING_END_EVENT)
            break;
        shr_figure fg;
        if ((rc = shr__load_list_limit(L, "figures", L->figs.count)) ||
            (rc = shr__load_push_scratch(L, (void **)&L->figs.items, &L->figs.cap, L->figs.count,
                                         sizeof *L->figs.items)) ||
            (rc = shr__load_push_scratch(L, (void **)&L->marks.items, &L->marks.cap, L->marks.count,
                                         sizeof *L->marks.items)))
            return rc;
        L->marks.items[L->marks.count++] = EV.start_mark;
        if ((rc = shr__load_copy_text(L, "figures", &fg.name)))
            return rc;
        if ((rc = shr__load_next(L)) || (rc = shr__load_want_number(L, "figures", &fg.value)))
            return rc;
        L->figs.items[L->figs.count++] = fg;
    }
    int rc = check_figure_names(L);
    if (rc)
        return rc;
    p->nfigures = (uint32_t)L->figs.count;
    return shr__load_to_arena(L, L->figs.items, L->figs.count, sizeof *L->figs.items,
                              (void **)&p->figures);
}

/* The rarely given fields of a practice, allocated (zeroed) when the first one is read. */
static int practice_extra(loader *L, shr_practice *p, shr_practice_extra **out)
{
    shr_catalog *cat = L->cat;
    if (!p->has_extra) {
        /* p is the newest practice: `extras` stays sorted by practice index */
        shr_practice_extra *x = shr__arena_calloc(&cat->arena, 1, sizeof *x);
        if (!x || shr__grow(&cat->alloc, (void **)&cat->extras.items, &cat->extras.cap,
                            cat->extras.count + 1, sizeof *cat->extras.items))
            return shr__load_oom(L);
        x->practice = p->index;
        cat->extras.items[cat->extras.count++] = x;
        p->has_extra = true;
    }
    *out = cat->extras.items[cat->extras.count - 1];
    return SHR_OK;
}

/* Default axes from a category already known (else done at commit). */
static void apply_category_axes(shr_practice *p, const shr_catalog *cat)
{
    if (p->axes_given || p->category.index == SHR_NO_INDEX)
        return;
    const shr_category *c = cat->categories.items[p->category.index];
    p->naxes = c->naxes;
    p->axis_mask = 0;
    for (uint8_t i = 0; i < c->naxes; i++) {
        p->axes[i] = c->axes[i];
        p->axis_mask |= (uint8_t)BIT(c->axes[i]);
    }
}

/* Checks that need several fields, once the practice is read. */
static int check_practice(loader *L, shr_practice *p, yaml_mark_t ended_mark, yaml_mark_t terr_mark)
{
    if (p->nterritories == 0)
        return shr__load_fail_at(L, SHR_EFORMAT, terr_mark,
                                 "'territories' must list at least one territory");
    if (p->started != SHR_NO_YEAR && p->ended != SHR_NO_YEAR && p->ended < p->started)
        return shr__load_fail_at(L, SHR_EFORMAT, ended_mark,
                                 "'ended' (%d) is before 'started' (%d)",
                                 (int)p->ended, (int)p->started);
    apply_category_axes(p, L->cat);
    return SHR_OK;
}

static int parse_practice(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_practice *p;
    int rc = shr__load_new_record(L, (void ***)&cat->practices.items, &cat->practices.count,
                        &cat->practices.cap, sizeof *p, (void **)&p);
    if (rc)
        return rc;
    p->cat = cat;
    p->index = (uint32_t)(cat->practices.count - 1);
    p->status = SHR_STATUS_ACTIVE;
    p->started = p->ended = SHR_NO_YEAR;
    p->category.index = SHR_NO_INDEX;
    p->origin = shr__load_origin_here(L);
    L->dref.count = L->dbound = L->dnames.count = 0;
    L->deferring = true; /* until the end of the record, or an error ends the load */
    yaml_mark_t start = EV.start_mark, ended_mark = start, terr_mark = start;
    uint32_t seen = 0;
    for (;;) {
        int f, v;
        const char *pid;
        shr_posref ref;
        shr_practice_extra *x = NULL;
        if ((rc = shr__load_next_key(L, practice_fields, COUNT(practice_fields), &seen, "field",
                                     &f)))
            return rc;
        switch (f) {
        case -1:
            L->deferring = false;
            if ((rc = shr__load_check_required(L, practice_fields, PRACTICE_REQUIRED, seen,
                                               start)) ||
                (rc = shr__load_resolve_deferred(L)))
                return rc;
            return check_practice(L, p, ended_mark, terr_mark);
        case P_ID:
            rc = shr__load_record_id(L, SHR_REC_PRACTICE, p->index, NULL);
            break;
        case P_NAME:
            rc = shr__load_copy_text(L, "name", &p->name);
            break;
        case P_CATEGORY:
            if (!(rc = shr__load_read_ref(L, "category", SHR_REC_CATEGORY, &ref, &pid))) {
                p->category.index = ref.index;
                rc = shr__load_add_pending(L, &p->category.index, pid, &ref, p, SHR_REC_PRACTICE,
                                           SHR_REC_CATEGORY, "category");
            }
            break;
        case P_AXES:
            rc = shr__load_read_axes(L, p->axes, &p->naxes, &p->axis_mask);
            p->axes_given = true;
            break;
        case P_TERRITORIES:
            terr_mark = EV.start_mark;
            rc = shr__load_read_ref_list(L, "territories", SHR_REC_TERRITORY, p, SHR_REC_PRACTICE,
                                         false, &p->territory1, (void **)&p->territories,
                                         &p->nterritories);
            break;
        case P_ACTORS:
            rc = read_practice_actors(L, p);
            break;
        case P_STATUS:
            rc = shr__load_read_enum(L, "status", status_name, SHR_STATUS_COUNT, &v);
            p->status = (uint8_t)v;
            break;
        case P_STARTED:
            rc = shr__load_read_year(L, "started", &p->started);
            break;
        case P_ENDED:
            ended_mark = EV.start_mark;
            rc = shr__load_read_year(L, "ended", &p->ended);
            break;
        case P_DESCRIPTION:
            rc = shr__load_read_long_text(L, "description", &p->description);
            break;
        case P_TAGS:
            rc = shr__load_read_text_list(L, "tags", true, &p->tags, &p->ntags);
            break;
        case P_FIGURES:
            if (!(rc = practice_extra(L, p, &x)))
                rc = read_figures(L, x);
            break;
        case P_LINKS:
            if (!(rc = practice_extra(L, p, &x)))
                rc = shr__load_read_text_list(L, "links", false, &x->links, &x->nlinks);
            break;
        case P_ADDRESS:
            if (!(rc = practice_extra(L, p, &x)))
                rc = shr__load_copy_text(L, "address", &x->address);
            break;
        case P_LOCATION:
            if (!(rc = practice_extra(L, p, &x)))
                rc = shr__load_read_location(L, &x->latitude, &x->longitude);
            p->has_location = true;
            break;
        }
        if (rc)
            return rc;
    }
}

/* ------------------------------------------------------------------ top level */

static int parse_meta(loader *L)
{
    if (EV.type != YAML_MAPPING_START_EVENT)
        return shr__load_wrong_type(L, "meta", "a mapping");
    shr_file_info *fi = &L->cat->files.items[L->file_index];
    const char **slots[] = {&fi->title, &fi->source, &fi->licence, &fi->updated};
    uint32_t seen = 0;
    L->ctx = "meta";
    for (;;) {
        int f, rc = shr__load_next_key(L, meta_fields, COUNT(meta_fields), &seen, "field", &f);
        if (rc || f < 0)
            return rc;
        if ((rc = shr__load_copy_text(L, meta_fields[f].name, slots[f])))
            return rc;
    }
}

static int parse_section(loader *L, int kind)
{
    const char *name = top_fields[TOP_CATEGORIES + kind].name;
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return shr__load_wrong_type(L, name, "a list of records");
    for (;;) {
        L->ctx = NULL;
        L->rid = NULL;
        int rc = shr__load_next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            return SHR_OK;
        L->ctx = shr__record_kind_name(kind);
        if ((rc = want_mapping(L, L->ctx)))
            return rc;
        switch (kind) {
        case SHR_REC_CATEGORY:
            rc = parse_category(L);
            break;
        case SHR_REC_TERRITORY:
            rc = parse_territory(L);
            break;
        case SHR_REC_ACTOR:
            rc = parse_actor(L);
            break;
        case SHR_REC_ACTION:
            rc = shr__load_parse_action(L);
            break;
        default:
            rc = parse_practice(L);
            break;
        }
        if (rc)
            return rc;
    }
}

static int parse_top(loader *L)
{
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    for (;;) {
        int f;
        int64_t version;
        L->ctx = NULL;
        L->rid = NULL;
        int rc = shr__load_next_key(L, top_fields, COUNT(top_fields), &seen, "top-level key", &f);
        if (rc)
            return rc;
        switch (f) {
        case -1:
            if (!(seen & BIT(TOP_VERSION)))
                return shr__load_fail_at(
                    L, SHR_EFORMAT, start,
                    "missing required field 'sharitories' (expected sharitories: 1)");
            return SHR_OK;
        case TOP_VERSION:
            if ((rc = shr__load_want_int(L, "sharitories", &version)))
                return rc;
            if (version != SHR_FORMAT_VERSION)
                return shr__load_fail(L, SHR_EFORMAT,
                                      "unsupported format version %lld (expected 1)",
                                      (long long)version);
            break;
        case TOP_META:
            rc = parse_meta(L);
            break;
        default:
            rc = parse_section(L, SHR_REC_CATEGORY + (f - TOP_CATEGORIES));
            break;
        }
        if (rc)
            return rc;
    }
}

int shr__load_parse_stream(loader *L)
{
    int rc;
    if ((rc = shr__load_next(L))) /* STREAM-START */
        return rc;
    if ((rc = shr__load_next(L)))
        return rc;
    if (EV.type == YAML_STREAM_END_EVENT)
        return shr__load_fail(L, SHR_EFORMAT,
                              "empty file (expected one YAML document with sharitories: 1)");
    if ((rc = shr__load_next(L))) /* the root node */
        return rc;
    if (EV.type != YAML_MAPPING_START_EVENT)
        return shr__load_fail(L, SHR_EFORMAT, "expected a mapping at the top level, got %s",
                              shr__load_node_desc(&EV));
    if ((rc = parse_top(L)) || (rc = shr__load_next(L)) /* DOCUMENT-END */ ||
        (rc = shr__load_next(L)))
        return rc;
    L->ctx = NULL;
    L->rid = NULL;
    if (EV.type == YAML_DOCUMENT_START_EVENT)
        return shr__load_fail(L, SHR_EFORMAT, "several YAML documents in one file (expected one)");
    return SHR_OK;
}

