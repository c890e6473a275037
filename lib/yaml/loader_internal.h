/*
 * Between the loader (loader.c: YAML events -> records) and the commit (commit.c: resolve,
 * check, derive, swap in or roll back). Not installed.
 */
#ifndef SHR_LOADER_INTERNAL_H
#define SHR_LOADER_INTERNAL_H

#include "../core/model.h"

/* Rules of a fiche-action that both readers (YAML and snapshot) check. */
#define ACTION_HORIZON_MAX 120 /* months */
#define ACTION_MIN_STEPS 2

/*
 * A reference whose target was not defined yet when it was read. The shr_ref lives in the
 * arena (in the record or one of its lists), so the pointer stays valid until rollback.
 */
typedef struct shr_pending_ref {
    uint32_t *index;     /* the index of the reference, in the arena (in the record or a list) */
    const char *id;      /* as written (a copy in the arena) */
    uint32_t line;       /* 1-based place of the reference */
    uint32_t column;
    void *record;        /* the record holding the reference */
    const char *field;   /* static field name, for messages ("parent", "territories"...) */
    uint8_t record_kind; /* shr_record_kind of `record` */
    uint8_t target;      /* shr_record_kind of the target */
} shr_pending_ref;

/*
 * A load under way: records parsed but not yet committed. New records are appended to the
 * catalog's vectors and their ids inserted into the catalog's maps as they are read (one
 * look-up finds duplicates and earlier targets alike); a failed load truncates the vectors back
 * to the old_* counts, rebuilds the maps from the old records and rolls the arena back to mark.
 * `pending` lists the references whose target was not known when they were read
 * (struct shr_pending_ref, below), resolved at commit.
 */
typedef struct shr_batch {
    shr_catalog *cat;
    shr_arena_mark mark;
    size_t old_territories, old_actors, old_practices, old_categories, old_files, old_extras;
    size_t old_actions;
    shr_arena_mark id_marks[3]; /* pools of the territory, actor and practice id maps */
    uint32_t old_pieces;        /* of the catalog's text store */
    size_t old_maps;            /* snapshots mapped (catalog->maps) */
    SHR_VEC(struct shr_pending_ref) pending;
} shr_batch;


/* Start a batch: remember the catalog's counts and arena position. Cannot fail. */
void shr__batch_begin(shr_batch *b, shr_catalog *cat);
/*
 * Resolve pending references, check cycles, rebuild the graph and indexes and swap them in.
 * On failure nothing is swapped: the caller must call shr__batch_rollback().
 */
int shr__batch_commit(shr_batch *b, shr_error *err);
/* Undo everything the batch added to the catalog. Cannot fail (no allocation). */
void shr__batch_rollback(shr_batch *b);
/* Release the batch's own memory (after commit or rollback). */
void shr__batch_end(shr_batch *b);
/* A practice without its own `axes` takes its category's (the category index must be known). */
void shr__practice_default_axes(shr_practice *p, const shr_catalog *cat);

#endif
