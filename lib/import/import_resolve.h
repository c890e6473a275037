/*
 * Commune resolution of the spreadsheet importer (import_resolve.c): code, former code,
 * district, postal code + name, department + name. Not installed.
 */
#ifndef SHR_IMPORT_RESOLVE_H
#define SHR_IMPORT_RESOLVE_H

#include "import_internal.h"

typedef struct code_entry {
    const char *code;
    uint32_t territory;
} code_entry;

typedef struct resolver {
    const shr_catalog *cat;
    shr_arena *arena;
    shr_idmap communes;  /* code -> territory (kind commune; first one wins) */
    shr_idmap districts; /* code -> territory (kind district) */
    shr_idmap epcis;     /* code -> territory (kind epci) */
    code_entry *former;  /* sorted by (code, territory) */
    size_t nformer;
    code_entry *postal;  /* communes only */
    size_t npostal;
    char **norm;         /* per territory: normalised name, computed on demand */
    uint32_t *dep;       /* per territory: its department (SHR_NO_INDEX), when needed */
    int dep_ready;
} resolver;

/* A growing message in a fixed buffer ("; "-separated notes). */
typedef struct notes {
    char text[1024];
    size_t len;
} notes;

/* The name cells of a row: raw (trimmed) and normalised, distinct normalised ones. */
typedef struct row_names {
    size_t n;
    const char *raw[8];
    const char *norm[8];
} row_names;

/* What a row gives to find its territory. */
typedef struct row_input {
    const char *code, *postal, *department; /* "" when absent */
    const row_names *names;
    int has_location;
    double latitude, longitude;
} row_input;

/* Release what shr__imp_resolver_init() allocated outside the arena. */
void shr__imp_resolver_free(const shr_allocator *a, resolver *r);
/*
 * Resolve a row's territory (code, former, district, EPCI, postal + name, department + name
 * when use_department, the point in an outline when outlines are given). Returns the method
 * and sets *territory, or SHR_IMPORT_REJECTED with the reason in *n. SHR_ENOMEM is returned
 * as -1.
 */
int shr__imp_resolve(resolver *r, const row_input *in, int use_department,
                     const shr__outlines *outlines, uint32_t *territory, notes *n);
/* Resolution tables of the catalog's communes (code, former and postal codes). 0 or an error. */
int shr__imp_resolver_init(resolver *r, const shr_catalog *cat, shr_arena *arena, shr_error *err);

#endif
