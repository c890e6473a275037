/*
 * The core layer (lib/core/): records, the catalog, derived data, reference data. Included by
 * the layers above (yaml, query, analysis, export, import, report) as "../core/model.h".
 * Not installed.
 *
 * Layout of a catalog (why it looks like this):
 *  - records (territories, actors, practices, categories) and their strings live in one arena
 *    owned by the catalog, so a load that fails is undone by rolling the arena back to a mark
 *    and truncating the record vectors; records are reached through pointer vectors so that
 *    pointers handed to callers stay valid when later loads grow the vectors;
 *  - references are kept as written (id, line, column) and resolved to indices at commit,
 *    once every file of a load is read, so files may come in any order and an unknown
 *    reference is reported at the place it was written;
 *  - everything derived from the records (territory closure, children, members, practices of
 *    a territory or actor, query indexes) is rebuilt into fresh structures at each commit and
 *    swapped in only when complete: a loaded catalog is immutable, so it is safe to read from
 *    many threads without locks.
 */
#ifndef SHR_MODEL_H
#define SHR_MODEL_H

#include "idmap.h"
#include "textstore.h"

#include <stdatomic.h>

/* ---------------------------------------------------------------- records */

/* A reference to another record: the index of the target, SHR_NO_INDEX until resolved. The id
 * as written and its place are not kept: a reference resolved as soon as it is read needs
 * neither, and one read before its target keeps them in its pending entry
 * (lib/loader_internal.h) until commit. */
typedef struct shr_ref {
    uint32_t index;
} shr_ref;

/* A reference that keeps its place (territory edges: a cycle is reported where the edge that
 * closes it was written, at the commit of a later load too). `index` first, as in shr_ref. */
typedef struct shr_posref {
    uint32_t index;
    uint32_t line; /* 1-based place of the reference */
    uint32_t column;
} shr_posref;

/* Where a record was written. */
typedef struct shr_origin {
    uint32_t file; /* index into catalog->files */
    uint32_t line; /* 1-based */
    uint32_t column;
} shr_origin;

struct shr_axis {
    const shr_catalog *cat;
    shr_axis_code code;
};

struct shr_category {
    const shr_catalog *cat;
    uint32_t index;
    bool builtin;
    shr_family family;
    const char *id;
    const char *label_fr; /* may be NULL for added categories */
    const char *label_en;
    uint8_t naxes;
    uint8_t axes[SHR_AXIS_COUNT]; /* shr_axis_code values, in the given order */
    shr_origin origin;            /* zero for built-in ones */
};

/* Enum-valued fields are stored as uint8_t (their values all fit) to keep records small. */
struct shr_territory {
    const shr_catalog *cat;
    uint32_t index;
    uint8_t kind; /* shr_territory_kind */
    bool has_location;
    bool has_parent;
    shr_posref parent; /* valid when has_parent */
    uint32_t ngroups;
    uint32_t nformer_codes;
    uint32_t npostal_codes;
    shr_origin origin;
    /* id: shr__territory_id() (kept once, by the catalog's id map) */
    const char *name;
    const char *code; /* NULL if none */
    int64_t population; /* SHR_NO_POPULATION if none */
    double latitude, longitude;
    shr_posref *groups;
    const char **former_codes;
    const char **postal_codes;
};

struct shr_actor {
    const shr_catalog *cat;
    uint32_t index;
    uint8_t kind; /* shr_actor_kind */
    bool has_territory;
    shr_ref territory; /* valid when has_territory */
    uint32_t nlinks;
    shr_origin origin;
    /* id: shr__actor_id() */
    const char *name;
    const char **links;
};

typedef struct shr_practice_actor {
    shr_ref actor;
    uint8_t role; /* shr_role */
} shr_practice_actor;

typedef struct shr_figure {
    const char *name;
    double value;
} shr_figure;

/* The fields of a practice that few practices have, allocated only when one of them is given
 * and listed in the catalog's `extras` in practice order (shr__practice_extra). */
typedef struct shr_practice_extra {
    uint32_t practice; /* its practice's index */
    const char *address; /* NULL if none */
    double latitude, longitude; /* valid when the practice's has_location */
    shr_figure *figures;
    const char **links;
    uint32_t nfigures;
    uint32_t nlinks;
} shr_practice_extra;

struct shr_practice {
    const shr_catalog *cat;
    uint32_t index;
    uint8_t status; /* shr_status */
    bool has_location;
    bool axes_given;  /* the file had `axes` (else the category's defaults were copied) */
    uint8_t naxes;
    bool has_extra;   /* it has an entry in the catalog's `extras` */
    uint8_t axes[SHR_AXIS_COUNT]; /* shr_axis_code values in order */
    uint8_t axis_mask;            /* bit (1 << code) for each axis */
    int32_t started, ended; /* SHR_NO_YEAR if none */
    shr_ref category;
    uint32_t nterritories;
    uint32_t nactors;
    uint32_t ntags;
    shr_origin origin;
    /* The only territory of a practice that has one (most have): `territories` then points
     * here, which saves an allocation per practice (it fills what was padding). */
    shr_ref territory1;
    /* id: shr__practice_id() */
    const char *name;
    /* The description: 0 when none; else a blob of cat->texts (an even address), or, once
     * shr_practice_description() has decoded it, the text (allocated) | 1. Read it with
     * shr__practice_description_text(). */
    _Atomic uintptr_t description;
    shr_ref *territories;
    shr_practice_actor *actors;
    const char **tags;
};

/* A text in French and English ([0] fr, [1] en; shr__lang_index). */
typedef struct shr_btext {
    const char *text[2];
} shr_btext;

/* A fiche-action (action.h). Lists of enumerations keep the order written. */
struct shr_action {
    const shr_catalog *cat;
    uint32_t index;
    uint8_t naxes, naudience, nlead, npartners;
    uint8_t axes[SHR_AXIS_COUNT];         /* shr_axis_code */
    uint8_t audience[SHR_AUDIENCE_COUNT]; /* shr_audience */
    uint8_t lead[3];                      /* shr_sector (public, private, citizen) */
    uint8_t partners[3];
    uint8_t phase, effort, stance;
    bool stance_given; /* the file had `stance` (saved back only then) */
    uint16_t horizon;  /* months */
    uint32_t ncategories;
    uint32_t nlinks, nsources;
    uint32_t nitems[SHR_ACTION_LIST_COUNT];
    shr_origin origin;
    const char *id; /* in the arena; the key of the catalog's action_ids */
    shr_btext title, summary, challenge;
    shr_ref *categories; /* resolved at commit */
    shr_btext *items[SHR_ACTION_LIST_COUNT];
    const char **links;
    const char **sources;
};

/*
 * The description of p (NULL if none) without keeping a decoded copy: the text if
 * shr_practice_description() already decoded it, else decoded into *buf (grown as needed, the
 * caller frees it with shr__free). SHR_OK or SHR_ENOMEM (model.c).
 */
int shr__practice_description_text(const shr_practice *p, char **buf, size_t *cap,
                                   const char **text);
/* Length in bytes of p's description, 0 if none. */
size_t shr__practice_description_length(const shr_practice *p);
/* The description of p (NULL if none), decoded into buf when needed, which has at least
 * shr__practice_description_length(p) + 1 bytes. Allocates nothing. */
const char *shr__practice_description_into(const shr_practice *p, char *buf);
/* Free the texts shr_practice_description() decoded (catalog.c, at free). */
void shr__practice_description_release(shr_practice *p);

/*
 * The distinct values of practice p under dimension dim (model.c), the rule the facets and the
 * comparison share: axis, category, family, status, actor kind, actor sector, role: the enum
 * code (the category's index); started: the year (none when not given). Ascending, into out;
 * returns how many. 0 for tags and the territorial dimensions (the callers' own look-ups).
 */
#define SHR_PRACTICE_VALUES_MAX 32 /* every enumeration has fewer values */
size_t shr__practice_values(const shr_practice *p, shr_dimension dim,
                            int64_t out[SHR_PRACTICE_VALUES_MAX]);

/* The rare fields of p, NULL when it has none (model.c). */
const shr_practice_extra *shr__practice_extra(const shr_practice *p);

/* A loaded file and its `meta`. */
typedef struct shr_file_info {
    const char *path;
    bool buffer; /* loaded from memory (shr_catalog_load_buffer): cannot be re-read */
    const char *title, *source, *licence, *updated; /* NULL when absent */
} shr_file_info;

/* The kinds of record a file defines (also the targets of references). */
typedef enum shr_record_kind {
    SHR_REC_CATEGORY,
    SHR_REC_TERRITORY,
    SHR_REC_ACTOR,
    SHR_REC_PRACTICE,
    SHR_REC_ACTION
} shr_record_kind;

/* Labels of statuses, roles, actor kinds, sectors and territory kinds, [value][0 fr, 1 en] (enums.c): the one
 * copy the facets and the report read. */
extern const char *const shr__status_labels[SHR_STATUS_COUNT][2];
extern const char *const shr__role_labels[SHR_ROLE_COUNT][2];
extern const char *const shr__actor_kind_labels[SHR_ACTOR_KIND_COUNT][2];
extern const char *const shr__sector_labels[SHR_SECTOR_COUNT][2];
extern const char *const shr__territory_kind_labels[SHR_TERRITORY_KIND_COUNT][2];

/* "territory", "actor"... (enums.c) */
const char *shr__record_kind_name(int kind);

/* ---------------------------------------------------------------- derived data (graph.c) */

/*
 * Compressed adjacency lists (CSR): the items of node i are items[offsets[i] .. offsets[i+1]).
 */
typedef struct shr_csr {
    uint32_t *offsets; /* n + 1 entries */
    uint32_t *items;
} shr_csr;

/* Everything derived from the records' relations, rebuilt at each commit. */
typedef struct shr_graph {
    size_t nterritories, nactors;
    shr_csr ancestors;            /* per territory: territories containing it (sorted, self excluded) */
    shr_csr children;             /* per territory: territories whose parent it is */
    shr_csr members;              /* per territory: territories that have it in groups */
    shr_csr territory_practices;  /* per territory: practices listing it itself */
    shr_csr actor_practices;      /* per actor: practices it takes part in */
    uint8_t *actor_practice_roles; /* parallel to actor_practices.items */
} shr_graph;

int shr__graph_build(const shr_catalog *cat, shr_graph **out, shr_error *err);
void shr__graph_free(const shr_allocator *alloc, shr_graph *graph);

/* ---------------------------------------------------------------- query indexes (index.c) */

typedef struct shr_index shr_index;

/* Build the query indexes of the catalog's current records, with its graph. */
int shr__index_build(const shr_catalog *cat, const shr_graph *graph, shr_index **out, shr_error *err);
void shr__index_free(const shr_allocator *alloc, shr_index *index);

/* ---------------------------------------------------------------- the catalog (catalog.c) */

/* A file mapped by a snapshot load (lib/yaml/snapshot_read.c): records point into it, so it is
 * unmapped when the catalog is freed (or the load that mapped it is rolled back). */
typedef struct shr_mapping {
    void *addr;
    size_t size;
} shr_mapping;

struct shr_catalog {
    shr_allocator alloc;
    unsigned csv_flags; /* SHR_CSV_* of the CSV writers (shr_catalog_set_csv_flags) */
    /* Compiled queries that borrow the catalog: a load while there are any is a misuse
     * (SHR_EMISUSE), as the index they point into is rebuilt. Results do not borrow: they
     * hold practice indices, which stay valid across loads. Counted from any thread. */
    _Atomic size_t borrowers;
    /* Results alive (shr_result_free() not yet called): a reload, which renumbers the
     * practices their indices point to, is a misuse while there are any. */
    _Atomic size_t results;
    shr_arena arena;
    shr_textstore texts; /* the practices' descriptions */
    SHR_VEC(shr_territory *) territories;
    SHR_VEC(shr_actor *) actors;
    SHR_VEC(shr_practice *) practices;
    SHR_VEC(shr_category *) categories;
    SHR_VEC(shr_action *) actions;
    SHR_VEC(shr_file_info) files;
    SHR_VEC(shr_practice_extra *) extras; /* sorted by practice index */
    shr_axis axes[SHR_AXIS_COUNT];
    shr_idmap territory_ids, actor_ids, practice_ids, category_ids;
    void *userdata;   /* the caller's (shr_catalog_set_userdata) */
    shr_idmap action_ids; /* not owning: keys are the actions' ids */
    shr_graph *graph; /* NULL until the first successful load */
    shr_index *index; /* NULL until the first successful load */
    SHR_VEC(shr_mapping) maps; /* snapshots the records point into */
};

/* The id of a territory, actor or practice: the key its catalog's id map (owning, valued by
 * record index) keeps for it, so the record needs no pointer of its own. */
static inline const char *shr__territory_id(const shr_territory *t)
{
    return t->cat->territory_ids.by_value[t->index];
}
static inline const char *shr__actor_id(const shr_actor *a)
{
    return a->cat->actor_ids.by_value[a->index];
}
static inline const char *shr__practice_id(const shr_practice *p)
{
    return p->cat->practice_ids.by_value[p->index];
}

/* The id map of the records of a kind (shr_record_kind). */
static inline shr_idmap *shr__catalog_ids(shr_catalog *cat, int kind)
{
    switch (kind) {
    case SHR_REC_CATEGORY:
        return &cat->category_ids;
    case SHR_REC_TERRITORY:
        return &cat->territory_ids;
    case SHR_REC_ACTOR:
        return &cat->actor_ids;
    case SHR_REC_ACTION:
        return &cat->action_ids;
    default:
        return &cat->practice_ids;
    }
}

/* ---------------------------------------------------------------- built-in reference data (refdata.c) */

typedef struct shr_axis_text {
    const char *id;
    const char *label[2];       /* fr, en */
    const char *description[2];
    const char *const *questions[2]; /* NULL-terminated */
} shr_axis_text;

typedef struct shr_builtin_category {
    const char *id;
    const char *label_fr;
    const char *label_en;
    shr_family family;
    uint8_t naxes;
    uint8_t axes[3];
} shr_builtin_category;

extern const shr_axis_text shr__axis_texts[SHR_AXIS_COUNT];
extern const shr_builtin_category shr__builtin_categories[];
extern const size_t shr__builtin_category_count;
/* 0 for "fr", 1 for "en", -1 otherwise. */
int shr__lang_index(const char *lang);
/* Axis code of an id, or -1. */
int shr__axis_from_id(const char *id, size_t len);
/* A query or result starts / stops borrowing cat (struct shr_catalog's `borrowers`). */
static inline void shr__catalog_borrow(const shr_catalog *cat)
{
    atomic_fetch_add_explicit(&((shr_catalog *)cat)->borrowers, 1, memory_order_relaxed);
}
static inline void shr__catalog_unborrow(const shr_catalog *cat)
{
    atomic_fetch_sub_explicit(&((shr_catalog *)cat)->borrowers, 1, memory_order_release);
}
/* SHR_OK, or SHR_EMISUSE (in err) when queries or results still borrow cat: loading into it
 * now would leave them pointing at an index that no longer exists. */
int shr__catalog_check_unborrowed(const shr_catalog *cat, const char *what, shr_error *err);
/* shr_catalog_reload() (lib/yaml/reload.c): move the contents of cat (records, maps, files,
 * index) into *saved and leave cat empty (built-ins only); SHR_OK, or SHR_ENOMEM with cat as
 * it was. Then either put them back (freeing what cat holds now) or drop them. */
int shr__catalog_set_aside(shr_catalog *cat, shr_catalog *saved);
void shr__catalog_put_back(shr_catalog *cat, shr_catalog *saved);
void shr__catalog_drop_aside(shr_catalog *saved);
/* shr_catalog_find_territories() on name[0..len), only the exact folded matches when
 * exact_only (the `in:` of a name, query_tree.c). */
size_t shr__find_territories(const shr_catalog *cat, const char *name, size_t len, int kind,
                             int exact_only, const shr_territory **out, size_t cap);
/* The one rule for enumerated names (axes, kinds, sectors, roles, statuses, families, facet
 * dimensions, sort keys...): ASCII case does not matter, in files, queries and options.
 * Is s[0..len) the name `name`? */
bool shr__enum_name_eq(const char *name, const char *s, size_t len);

#endif
