/*
 * Between the loader (loader.c: YAML events -> records) and the commit (commit.c: resolve,
 * check, derive, swap in or roll back). Not installed.
 */
#ifndef SHR_LOADER_INTERNAL_H
#define SHR_LOADER_INTERNAL_H

#include "internal.h"

/* The kinds of record a file defines (also the targets of references). */
typedef enum shr_record_kind {
    SHR_REC_CATEGORY,
    SHR_REC_TERRITORY,
    SHR_REC_ACTOR,
    SHR_REC_PRACTICE,
    SHR_REC_ACTION
} shr_record_kind;

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

/* Nonzero when s[0..len) written as a plain YAML scalar reads back as a string (not null, a
 * boolean or a number) under the core schema the loader applies. */
int shr__plain_is_string(const char *s, size_t len);

/* "territory", "actor"... */
const char *shr__record_kind_name(int kind);

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

#endif
