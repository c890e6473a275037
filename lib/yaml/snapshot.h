/*
 * Binary snapshots of a loaded catalog (docs/snapshot.md): the on-disk layout shared by the
 * writer (snapshot_write.c) and the reader (snapshot_read.c). Not installed.
 *
 * Every number is little-endian, every section starts at a multiple of 8 bytes and holds
 * naturally aligned fixed-size entries, so the reader uses the mapped file in place: strings
 * and coded descriptions are pointed to where they lie in the map, and the record entries are
 * read directly (then relocated into the catalog's records: offsets -> pointers).
 */
#ifndef SHR_SNAPSHOT_H
#define SHR_SNAPSHOT_H

#include "loader_internal.h"

#define SHR_SNAP_MAGIC "SHRSNAP\n"
#define SHR_SNAP_FORMAT 1u
#define SHR_SNAP_ENDIAN 0x01020304u

enum {
    SNAP_STRINGS,   /* bytes: NUL-terminated UTF-8 strings; offset 0 is NULL, last byte NUL */
    SNAP_POOL,      /* uint32: the records' lists */
    SNAP_FILES,     /* snap_file */
    SNAP_CATEGORIES,/* snap_category (the added ones, after the built-in categories) */
    SNAP_TERRITORIES,
    SNAP_ACTORS,
    SNAP_PRACTICES,
    SNAP_EXTRAS,
    SNAP_FIGURES,
    SNAP_DICT_OFF,  /* uint32, count + 1: the text store's pieces */
    SNAP_DICT_BYTES,
    SNAP_BLOBS,     /* coded descriptions, each at an even offset */
    SNAP_ACTIONS,   /* snap_action: the fiches-actions */
    SNAP_NSECTIONS
};

typedef struct snap_header {
    char magic[8];
    uint32_t format;
    uint32_t endian;
    char library[16]; /* shr_version(), NUL-padded */
    uint64_t size;    /* of the whole file */
    uint64_t checksum; /* XXH3-64 of the rest of the file (after this field), seeded with that
                        * of the header up to this field */
    uint32_t nsections;
    uint32_t flags; /* 0 */
    uint64_t reserved;
} snap_header;

typedef struct snap_section {
    uint32_t id;
    uint32_t entry_size; /* bytes per entry (1 for bytes) */
    uint64_t offset;
    uint64_t length; /* in bytes */
} snap_section;

typedef struct snap_origin {
    uint32_t file, line, column;
} snap_origin;

typedef struct snap_file {
    uint32_t path, title, source, licence, updated, pad;
} snap_file;

typedef struct snap_category {
    uint32_t id, label_fr, label_en;
    snap_origin origin;
    uint8_t family, naxes, axes[6];
} snap_category;

typedef struct snap_territory {
    uint32_t id, name, code;
    snap_origin origin;
    uint8_t kind, has_location, has_parent, pad;
    uint32_t parent[3]; /* index, line, column */
    uint32_t ngroups, groups; /* pool: index, line, column each */
    uint32_t nformer, former; /* pool: strings */
    uint32_t npostal, postal;
    uint32_t pad2;
    int64_t population;
    double latitude, longitude;
} snap_territory;

typedef struct snap_actor {
    uint32_t id, name;
    snap_origin origin;
    uint8_t kind, has_territory, pad[2];
    uint32_t territory;
    uint32_t nlinks, links;
    uint32_t pad2;
} snap_actor;

typedef struct snap_practice {
    uint32_t id, name;
    snap_origin origin;
    uint8_t status, has_location, axes_given, naxes;
    uint8_t axes[8];
    int32_t started, ended;
    uint32_t category;
    uint32_t nterritories, territories; /* pool: indices */
    uint32_t nactors, actors;           /* pool: index, role each */
    uint32_t ntags, tags;               /* pool: strings */
    uint32_t description;               /* offset in SNAP_BLOBS + 1, 0 when none */
} snap_practice;

typedef struct snap_extra {
    uint32_t practice, address;
    uint32_t nfigures, figures; /* first in SNAP_FIGURES */
    uint32_t nlinks, links;
    double latitude, longitude;
} snap_extra;

typedef struct snap_figure {
    uint32_t name, pad;
    double value;
} snap_figure;

/* A fiche-action. A bilingual text is two string offsets (fr, en); a list of them is 2 * n
 * pool items. */
typedef struct snap_action {
    uint32_t id;
    snap_origin origin;
    uint8_t naxes, naudience, nlead, npartners;
    uint8_t axes[8];
    uint8_t audience[8];
    uint8_t lead[4], partners[4];
    uint8_t phase, effort, stance, stance_given;
    uint32_t horizon;
    uint32_t title[2], summary[2], challenge[2];
    uint32_t ncategories, categories; /* pool: category indices */
    uint32_t nitems[5], items[5];     /* pool: (fr, en) string offsets each */
    uint32_t nlinks, links, nsources, sources; /* pool: strings */
    uint32_t pad;
} snap_action;

_Static_assert(sizeof(snap_header) == 64, "snapshot header");
_Static_assert(sizeof(snap_section) == 24, "snapshot section");
_Static_assert(sizeof(snap_file) == 24, "snapshot file");
_Static_assert(sizeof(snap_category) == 32, "snapshot category");
_Static_assert(sizeof(snap_territory) == 96, "snapshot territory");
_Static_assert(sizeof(snap_actor) == 40, "snapshot actor");
_Static_assert(sizeof(snap_practice) == 72, "snapshot practice");
_Static_assert(sizeof(snap_extra) == 40, "snapshot extra");
_Static_assert(sizeof(snap_figure) == 16, "snapshot figure");
_Static_assert(sizeof(snap_action) == 144, "snapshot action");
_Static_assert(SHR_AXIS_COUNT <= 6, "snapshot axes");
_Static_assert(SHR_AUDIENCE_COUNT <= 8 && SHR_SECTOR_OTHER <= 4 && SHR_ACTION_LIST_COUNT == 5,
               "snapshot action lists");

/* Bytes per entry of each section (snapshot_write.c). */
extern const uint32_t shr__snapshot_entry_sizes[SNAP_NSECTIONS];
/* True when the first bytes of a file (n of them) are a snapshot's magic. */
bool shr__snapshot_magic(const void *head, size_t n);
/* XXH3-64 checksum of a snapshot image (header's checksum field excluded). */
uint64_t shr__snapshot_checksum(const void *data, size_t size);
/* Read the snapshot at path (opened as fd) into the batch; the catalog keeps the mapping. */
int shr__snapshot_load(shr_batch *b, const char *path, int fd, shr_error *err);

#endif
