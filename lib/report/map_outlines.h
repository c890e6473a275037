/*
 * The map outlines file (data/fr-outlines-2024.yaml, written by tools/build_outlines.py): SVG
 * paths of the departments and regions in a projected plane, with the projections of
 * metropolitan France and of each overseas inset. Read with libyaml (map_outlines.c); used by the
 * choropleth (map.c) and the territory report's map (report_map.c). Internal.
 */
#ifndef SHR_MAP_OUTLINES_H
#define SHR_MAP_OUTLINES_H

#include "../core/model.h"

#define SHR_OUTLINES_FILE "fr-outlines-2024.yaml"

/* A linear projection: x = x0 + xk * lon, y = y0 + yk * lat (degrees). */
typedef struct shr_map_proj {
    double x0, xk, y0, yk;
} shr_map_proj;

typedef struct shr_map_inset {
    char *department; /* territory id */
    double box[4];    /* x0, y0, x1, y1 */
    shr_map_proj proj;
} shr_map_inset;

typedef struct shr_map_outline {
    char *id;      /* territory id, lower case */
    int region;    /* 0: a department, 1: a region */
    int inset;     /* index in insets, or -1 (metropolitan France) */
    char *path;    /* SVG path data: only "MmLlZz", digits, '-', '.', spaces */
    double bbox[4]; /* x0, y0, x1, y1 of the path */
} shr_map_outline;

typedef struct shr_map_outlines {
    const shr_allocator *alloc;
    double width, height;
    shr_map_proj proj; /* metropolitan France */
    char *attribution;
    shr_map_inset insets[8];
    size_t ninsets;
    shr_map_outline *items;
    size_t count;
} shr_map_outlines;

/* Read @p path (NULL: SHR_OUTLINES_FILE in shr_default_data_dir()) into @p o. Returns SHR_OK,
 * or SHR_EIO (cannot open), SHR_ESYNTAX (YAML), SHR_EFORMAT (shape, with file and line),
 * SHR_ENOMEM; on failure @p o holds nothing to free. */
int shr__map_outlines_read(const shr_allocator *a, const char *path, shr_map_outlines *o,
                       shr_error *err);
void shr__map_outlines_free(shr_map_outlines *o);
/* The outline of territory @p id, or NULL. */
const shr_map_outline *shr__map_outlines_find(const shr_map_outlines *o, const char *id);
/* Project a point with the projection of @p inset (-1: metropolitan France). */
void shr__map_outlines_project(const shr_map_outlines *o, int inset, double lat, double lon, double *x,
                           double *y);

#endif
