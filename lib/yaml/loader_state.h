/*
 * The state of one file's reading and the functions the files of the YAML reader share: events.c
 * (messages, libyaml events, scalar types), values.c (values, lists, references), loader.c (the
 * records: one function per node of the schema), actions.c (the action records) and sources.c
 * (files and buffers, the public entry points). See loader.c for how the reader works. Not
 * installed.
 */
#ifndef SHR_LOADER_STATE_H
#define SHR_LOADER_STATE_H

#include "loader_internal.h"
#include "scalar.h"

#include <stdbool.h>
#include <yaml.h>

/* Field names with their lengths, so keys are matched with a length test and one memcmp. */
typedef struct field {
    const char *name;
    uint8_t len;
} field;

#define F(s) {s, (uint8_t)(sizeof(s) - 1)}
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(i) (1u << (i))

#define ID_RULE "1 to 128 characters of a-z 0-9 - _ . : (A-Z read as a-z)"

/* A reference read inside a practice, looked up at the end of the record. */
struct deferred_ref {
    uint32_t *dest;    /* where the index goes; set by shr__load_add_pending() */
    const char *field; /* for messages */
    void *record;
    uint32_t hash, id_off, id_len, line, column;
    uint8_t target, record_kind;
};

typedef struct loader {
    shr_catalog *cat;
    shr_batch *batch;
    shr_error *err;
    const char *file; /* name used in messages */
    uint32_t file_index;
    int fd;           /* -1 when reading a buffer */
    const unsigned char *data; /* the buffer when fd is -1 */
    int read_errno;   /* errno of a failed read */
    size_t skipped;   /* bytes of a leading byte order mark, not given to libyaml */
    bool started;     /* the file's first read was made (its BOM is checked there) */
    yaml_parser_t parser;
    yaml_event_t ev; /* the current event */
    bool has_ev;
    /* What is being read, for messages: "territory", "meta"... and the record's id once read. */
    const char *ctx;
    const char *rid;
    yaml_mark_t key_mark; /* the key of the value being read */
    /* Scratch lists, reused for every record (no list holds another of the same type). */
    SHR_VEC(shr_posref) refs;
    SHR_VEC(const char *) strs;
    SHR_VEC(shr_figure) figs;
    SHR_VEC(yaml_mark_t) marks;
    SHR_VEC(struct pact { shr_posref actor; uint8_t role; }) acts;
    SHR_VEC(const char *) ids; /* parallel to refs or acts: the id of an unresolved reference */
    SHR_VEC(shr_btext) btexts; /* an action's list of texts in two languages */
    /* Short list items that repeat (tags, postal codes) are stored once per file. */
    shr_idmap interned;             /* text -> index in istrs */
    SHR_VEC(const char *) istrs;
    /* Inside a practice, references are looked up at the end of the record (see
     * resolve_deferred): each id's slot is prefetched when it is read, so the look-ups of
     * 1,000,000 practices do not each wait for memory. */
    bool deferring;
    SHR_VEC(struct deferred_ref) dref;
    size_t dbound; /* entries of dref whose dest is set (bound in reading order) */
    SHR_VEC(char) dnames; /* the ids of dref, one after the other */
} loader;


#define EV (L->ev)
#define SVAL(L) ((const char *)(L)->ev.data.scalar.value)
#define SLEN(L) ((L)->ev.data.scalar.length)

/* ------------------------------------------------------ events.c: messages and events */

/* A short, one-line, printable copy of a value for messages. */
const char *shr__load_excerpt(char *buf, size_t size, const char *s, size_t len);
/* "id, name, kind" from a field table. */
const char *shr__load_field_list(char *buf, size_t size, const field *fields, size_t n);
int shr__load_fail_at(loader *L, int code, yaml_mark_t m, const char *fmt, ...) SHR_PRINTF(4, 5);
/* An error at the current node. */
int shr__load_fail(loader *L, int code, const char *fmt, ...) SHR_PRINTF(3, 4);
int shr__load_oom(loader *L);
shr_vtype shr__load_scalar_type(const yaml_event_t *e);
/* What a node is, for "expected X, got Y". */
const char *shr__load_node_desc(const yaml_event_t *e);
/* Make the next event current. */
int shr__load_next(loader *L);

/* ------------------------------------------ values.c: values, lists and references */

int shr__load_wrong_type(loader *L, const char *name, const char *expected);
int shr__load_copy_text(loader *L, const char *name, const char **out);
/* A long text (a description), kept coded in the catalog's text store. */
int shr__load_read_long_text(loader *L, const char *name, _Atomic uintptr_t *out);
int shr__load_want_int(loader *L, const char *name, int64_t *out);
/* A finite number (integer or float). */
int shr__load_want_number(loader *L, const char *name, double *out);
/* The current node as an id (not copied). */
int shr__load_want_id(loader *L, const char *name, const char **s, size_t *len);
/*
 * Read the next key of a mapping. Returns SHR_OK with *f set to the field index, or -1 at the
 * end of the mapping, or an error (unknown or repeated field, key not a scalar).
 */
int shr__load_next_key(loader *L, const field *fields, size_t n, uint32_t *seen,
                       const char *what, int *f);
/* After the mapping: report the first required field missing, at the mapping. */
int shr__load_check_required(loader *L, const field *fields, uint32_t required, uint32_t seen,
                             yaml_mark_t start);
int shr__load_push_scratch(loader *L, void **items, size_t *cap, size_t count, size_t size);
int shr__load_list_limit(loader *L, const char *name, size_t count);
/* Copy n elements of a scratch list to the arena (NULL when empty). */
int shr__load_to_arena(loader *L, const void *items, size_t n, size_t size, void **out);
int shr__load_read_text_list(loader *L, const char *name, bool intern, const char ***out,
                             uint32_t *count);
/* Queue a reference read before its target (id: its copy from read_ref), resolved at commit. */
int shr__load_add_pending(loader *L, uint32_t *index, const char *id, const shr_posref *pos,
                          void *record, int record_kind, int target, const char *name);
/* The end of a practice: look the deferred references up, in the order they were read (so
 * the unresolved ones queue for the commit in that order, as if looked up at once). */
int shr__load_resolve_deferred(loader *L);
/* Read the current node as a reference; resolved now when the target is already known, else
 * *id is set to a copy of the id as written (NULL when resolved), for shr__load_add_pending().
 * Inside a practice (L->deferring) the look-up waits for shr__load_resolve_deferred() and *id
 * is deferred_id. */
int shr__load_read_ref(loader *L, const char *name, int target, shr_posref *ref, const char **id);
/* A list of references, to the arena as shr_posref items (with_pos) or shr_ref items; a list of
 * one shr_ref goes to *single instead when it is not NULL (a slot in the record itself). */
int shr__load_read_ref_list(loader *L, const char *name, int target, void *record,
                            int record_kind, bool with_pos, shr_ref *single, void **out,
                            uint32_t *count);
/* [latitude, longitude] in range. */
int shr__load_read_location(loader *L, double *lat, double *lon);
/* A list of axis ids, each at most once. */
int shr__load_read_axes(loader *L, uint8_t axes[SHR_AXIS_COUNT], uint8_t *naxes, uint8_t *mask);
/* An enum value by name; the accepted names are listed in the message. */
int shr__load_read_enum(loader *L, const char *name, const char *(*name_of)(int), int count,
                        int *out);
/* A year: any int32 but the "no year" sentinel. */
int shr__load_read_year(loader *L, const char *name, int32_t *out);

/* ------------------------------------------------------------- loader.c: records */

/* The two languages of a label or a text in both languages: {fr, en}. */
enum { L_FR, L_EN };
extern const field shr__load_label_fields[2];

int shr__load_parse_stream(loader *L);
/* Check and register the id of a new record (the current node); *out (if not NULL) is set to
 * the registered id. */
int shr__load_record_id(loader *L, int kind, uint32_t index, const char **out);
/* Append a new zeroed record to a catalog vector. */
int shr__load_new_record(loader *L, void ***items, size_t *count, size_t *cap, size_t size,
                         void **out);
/* The place of the current event, in the catalog's file list. */
shr_origin shr__load_origin_here(const loader *L);

/* ------------------------------------------------------------- actions.c: actions */

int shr__load_parse_action(loader *L);

#endif
