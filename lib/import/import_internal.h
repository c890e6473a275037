/*
 * The spreadsheet importer's internal structures, shared by import_mapping.c (the mapping
 * file) and import_csv.c (CSV reading, commune resolution, output). Internal.
 */
#ifndef SHR_IMPORT_INTERNAL_H
#define SHR_IMPORT_INTERNAL_H

#include "../core/model.h"
#include "sharitories/import.h"

/* The single-column fields a mapping may name. */
typedef enum imp_col {
    IMP_COL_ID,
    IMP_COL_NAME,
    IMP_COL_CATEGORY,
    IMP_COL_CODE,
    IMP_COL_POSTAL,
    IMP_COL_DEPARTMENT,
    IMP_COL_ADDRESS,
    IMP_COL_LATITUDE,
    IMP_COL_LONGITUDE,
    IMP_COL_LINK,
    IMP_COL_DESCRIPTION,
    IMP_COL_STARTED,
    IMP_COL_TAG,
    IMP_COL_OPERATOR,
    IMP_COL_COUNT
} imp_col;

/* Names of the fields under `columns:` (commune_name is separate: it takes a list). */
extern const char *const shr__imp_col_names[IMP_COL_COUNT];

/* A column named by the mapping, and where it was named (for errors). */
typedef struct imp_colref {
    const char *name; /* header name, NULL when not mapped */
    unsigned line, column;
} imp_colref;

/* One entry of the category value map. */
typedef struct imp_value {
    const char *from; /* source value, trimmed */
    uint32_t category; /* catalog index */
} imp_value;

/* An actor the mapping declares (written in the output's `actors`). */
typedef struct imp_actor_decl {
    const char *id, *name, *link;
    shr_actor_kind kind;
} imp_actor_decl;

/* An actor given to every practice: a declared one or one of the catalog. */
typedef struct imp_actor_ref {
    const char *id;
    shr_role role;
} imp_actor_ref;

/* Commune outlines (outlines.c): GeoJSON Polygon / MultiPolygon features with a code. */
typedef struct shr__outlines shr__outlines;

/* Add the features of a GeoJSON file, or of every *.geojson of a directory (in name order), to
 * *o (created on first use, with allocator a); code_key names the property holding the code.
 * SHR_OK, SHR_EIO, SHR_ESYNTAX, SHR_EFORMAT (a polygon feature without code), SHR_ELIMIT,
 * SHR_ENOMEM. */
int shr__outlines_add(shr__outlines **o, const shr_allocator *a, const char *path,
                      const char *code_key, shr_error *err);
void shr__outlines_free(shr__outlines *o);
/* Number of features whose outline contains the point; the first cap codes in codes[]. */
size_t shr__outlines_find(const shr__outlines *o, double lat, double lon, const char **codes,
                          size_t cap);

struct shr_import_mapping {
    const shr_catalog *cat;
    shr_arena arena; /* every string and array of the mapping */
    const char *path;
    char delimiter;
    imp_colref columns[IMP_COL_COUNT];
    imp_colref *name_columns; /* commune_name */
    size_t nname_columns;
    imp_value *values;
    size_t nvalues;
    const char *id_prefix;   /* "" when not given */
    uint32_t const_category; /* SHR_NO_INDEX when not given */
    const char **tags;
    size_t ntags;
    int has_status;
    shr_status status;
    const char *meta[4]; /* title, source, licence, updated; NULL when absent */
    int lowercase_id;    /* constants.lowercase_id */
    const char *split_separator; /* split.separator; NULL: no split */
    int split[IMP_COL_COUNT];    /* split.columns: this column holds several values */
    imp_actor_decl *actor_decls; /* actors: */
    size_t nactor_decls;
    imp_actor_ref *actors;       /* constants.actors */
    size_t nactors;
    shr__outlines *outlines;     /* shr_import_mapping_add_outlines() */
    shr_role operator_role;      /* constants.operator_role (default operator) */
};

extern const char *const shr__imp_meta_keys[4];

/* Read a whole file (at most limit bytes) into a new NUL-terminated buffer of allocator a.
 * SHR_OK, SHR_EIO, SHR_ELIMIT, SHR_ENOMEM (err names the file). */
int shr__import_read_file(const shr_allocator *a, const char *path, size_t limit, char **data,
                          size_t *size, shr_error *err);

/* ------------------------------------------------------------------ an import (import_csv.c) */

typedef struct imp_row {
    unsigned line;
    shr_import_method method;
    const char *reason; /* rejected rows */
    const char *id, *name, *address, *link, *description;
    const char *tag;    /* from the tag column, NULL when none */
    uint32_t operator;  /* the EPCI named by the operator column, SHR_NO_INDEX when none */
    uint32_t category;  /* SHR_NO_INDEX when unknown */
    uint32_t territory; /* SHR_NO_INDEX when rejected */
    int has_location;
    double latitude, longitude;
    int32_t started;
} imp_row;

typedef struct imp_warning {
    unsigned line;
    const char *text;
} imp_warning;

struct shr_import {
    const shr_catalog *cat;
    shr_arena arena;
    SHR_VEC(imp_row) rows;
    SHR_VEC(imp_warning) warnings;
    size_t method_counts[SHR_IMPORT_METHOD_COUNT];
    /* Copied from the mapping, so that the import does not borrow it. */
    const char **tags;
    size_t ntags;
    int has_status;
    shr_status status;
    const char *meta[4];
    imp_actor_decl *actor_decls;
    size_t nactor_decls;
    imp_actor_ref *actors;
    size_t nactors;
    shr_role operator_role;
};

/* Text helpers of import_csv.c shared with the resolution (import_resolve.c). */

/* s[0..n) is one or more ASCII digits. */
int shr__imp_is_digits(const char *s, size_t n);
/*
 * Normalised commune name: folded tokens (case, accents, ligatures; anything but letters and
 * digits separates), "st"/"ste" read as "saint"/"sainte", joined by one space. Written into a
 * new arena string.
 */
char *shr__imp_norm_name(shr_arena *arena, const char *s);

/* ------------------------------------------------------------ CSV reading (import_cells.c) */

typedef struct csv_reader {
    const shr_allocator *a;
    const char *file;
    shr_error *err;
    const char *s;
    size_t len, pos;
    unsigned line;
    size_t line_start;
    char delim;
    /* The current record: cells NUL-terminated in text, starting at offs[i]. */
    SHR_VEC(char) text;
    SHR_VEC(size_t) offs;
    int quoted_any;
} csv_reader;

/* Read the next record. *eof set at the end of the input (then no record). */
int shr__imp_csv_next(csv_reader *r, unsigned *line, int *eof);
/* The number of cells of the current record, and cell i (NUL-terminated, quotes undone). */
size_t shr__imp_csv_cells(const csv_reader *r);
const char *shr__imp_csv_cell(const csv_reader *r, size_t i);
/* Whether the current record is an empty line. */
int shr__imp_csv_blank(const csv_reader *r);
/* The first invalid UTF-8 byte (or NUL) of s, reported with its line and column. */
int shr__imp_check_utf8(const char *s, size_t len, const char *file, shr_error *err);
/* Links: whether s starts with a scheme (`https:`...), whether it looks like a host name. */
int shr__imp_has_scheme(const char *s);
int shr__imp_looks_like_host(const char *s);
/* Strict decimal number: [+-]? digits [. digits] [e [+-] digits]; 1 and *out, or 0. */
int shr__imp_parse_decimal(const char *s, double *out);

#endif
