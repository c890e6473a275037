/*
 * Exports of query results (export.h): CSV, JSON, GeoJSON; and the small text writers shared
 * with the analyses and the importer (export_internal.h).
 *
 * Writers stream straight to the FILE *: nothing is buffered in memory, so they cannot run out
 * of memory; a write error is found once at the end with ferror().
 */
#include "export_internal.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sharitories/export.h"
#include "wstream.h"

/* ------------------------------------------------------------------ shared writers */

void shr__w_json(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    const unsigned char *u = (const unsigned char *)s;
    putc('"', out);
    while (*u) {
        unsigned c = *u;
        if (c < 0x80) {
            switch (c) {
            case '"': fputs("\\\"", out); break;
            case '\\': fputs("\\\\", out); break;
            case '\n': fputs("\\n", out); break;
            case '\r': fputs("\\r", out); break;
            case '\t': fputs("\\t", out); break;
            default:
                if (c < 0x20 || c == 0x7F)
                    fprintf(out, "\\u%04x", c);
                else
                    putc((int)c, out);
            }
            u++;
            continue;
        }
        size_t n = shr__utf8_length(u, 4); /* stops at the NUL */
        if (n == 0) {
            fputs("\xEF\xBF\xBD", out); /* U+FFFD */
            u++;
            continue;
        }
        /* U+2028 and U+2029 are valid JSON but break JavaScript: escape them. */
        if (n == 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
            fprintf(out, "\\u%04x", u[2] == 0xA8 ? 0x2028u : 0x2029u);
        else
            fwrite(u, 1, n, out);
        u += n;
    }
    putc('"', out);
}

void shr__w_xml(FILE *out, const char *s)
{
    if (!s)
        return;
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned c = *u;
        if (c < 0x80) {
            switch (c) {
            case '&': fputs("&amp;", out); break;
            case '<': fputs("&lt;", out); break;
            case '>': fputs("&gt;", out); break;
            case '"': fputs("&quot;", out); break;
            case '\'': fputs("&apos;", out); break;
            case '\t': fputs("&#9;", out); break;
            case '\n': fputs("&#10;", out); break;
            case '\r': fputs("&#13;", out); break;
            default:
                if (c >= 0x20 && c != 0x7F)
                    putc((int)c, out);
            }
            u++;
            continue;
        }
        size_t n = shr__utf8_length(u, 4); /* stops at the NUL */
        if (n == 0) {
            u++;
            continue;
        }
        /* U+FFFE and U+FFFF are not XML characters. */
        if (!(n == 3 && u[0] == 0xEF && u[1] == 0xBF && (u[2] == 0xBE || u[2] == 0xBF)))
            fwrite(u, 1, n, out);
        u += n;
    }
}

int shr__w_finish(FILE *out, shr_error *err)
{
    if (ferror(out))
        return shr__error_set(err, SHR_EIO, "write error");
    return SHR_OK;
}

/* ------------------------------------------------------------------ fields of a practice */

/* Write list items joined with "; " as one CSV field or JSON string. The items are produced by
 * a small callback so that CSV and JSON share them. */
typedef const char *(*item_fn)(const shr_practice *p, size_t i, char *buf, size_t size);

static const char *axis_item(const shr_practice *p, size_t i, char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return shr_axis_id(shr_practice_axis_at(p, i));
}

static const char *territory_item(const shr_practice *p, size_t i, char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return shr_territory_id(shr_practice_territory_at(p, i));
}

static const char *territory_name_item(const shr_practice *p, size_t i, char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return shr_territory_name(shr_practice_territory_at(p, i));
}

static const char *actor_item(const shr_practice *p, size_t i, char *buf, size_t size)
{
    snprintf(buf, size, "%s:%s", shr_actor_id(shr_practice_actor_at(p, i)),
             shr_role_name((shr_role)shr_practice_actor_role(p, i)));
    return buf;
}

static const char *tag_item(const shr_practice *p, size_t i, char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return shr_practice_tag_at(p, i);
}

static const char *link_item(const shr_practice *p, size_t i, char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return shr_practice_link_at(p, i);
}

/* Joined list (items separated by ';', as `sharitories query -f csv` writes them) as one
 * string into a growing buffer; NULL when the list is empty. Memory is the
 * catalog's; on OOM returns NULL with *oom set. */
static char *join_items(const shr_allocator *a, const shr_practice *p, size_t n, item_fn fn,
                        int *oom)
{
    if (n == 0)
        return NULL;
    char buf[2 * SHR_LIMIT_ID_LENGTH + 32];
    size_t len = 0, cap = 0;
    char *s = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *item = fn(p, i, buf, sizeof buf);
        size_t il = item ? strlen(item) : 0;
        size_t need = len + il + 2;
        if (shr__grow(a, (void **)&s, &cap, need, 1) != 0) {
            shr__free(a, s);
            *oom = 1;
            return NULL;
        }
        if (i > 0)
            s[len++] = ';';
        if (il)
            memcpy(s + len, item, il);
        len += il;
        s[len] = '\0';
    }
    return s;
}

static const char *const field_names[] = {
    "id", "name", "category", "family", "status", "started", "ended", "axes", "territories",
    "territory_names", "actors", "tags", "links", "address", "latitude", "longitude",
    "description",
};
#define NFIELDS (sizeof field_names / sizeof field_names[0])

static const char *year_text(int32_t y, char *buf, size_t size)
{
    if (y == SHR_NO_YEAR)
        return NULL;
    snprintf(buf, size, "%ld", (long)y);
    return buf;
}

/* The lists of a practice, joined (index: 0 axes, 1 territories, 2 names, 3 actors, 4 tags,
 * 5 links). */
typedef struct joined {
    char *s[6];
} joined;

/* The writer's buffer for practices' descriptions (kept coded in the catalog: decoding them
 * here keeps no copy there). */
typedef struct desc_buf {
    char *buf;
    size_t cap;
} desc_buf;

static int join_all(const shr_allocator *a, const shr_practice *p, joined *j)
{
    int oom = 0;
    j->s[0] = join_items(a, p, shr_practice_axis_count(p), axis_item, &oom);
    j->s[1] = join_items(a, p, shr_practice_territory_count(p), territory_item, &oom);
    j->s[2] = join_items(a, p, shr_practice_territory_count(p), territory_name_item, &oom);
    j->s[3] = join_items(a, p, shr_practice_actor_count(p), actor_item, &oom);
    j->s[4] = join_items(a, p, shr_practice_tag_count(p), tag_item, &oom);
    j->s[5] = join_items(a, p, shr_practice_link_count(p), link_item, &oom);
    return oom ? SHR_ENOMEM : SHR_OK;
}

static void joined_free(const shr_allocator *a, joined *j)
{
    for (size_t i = 0; i < 6; i++)
        shr__free(a, j->s[i]);
}

/* The scalar fields of a practice as strings (NULL = missing), with lists joined. loc: the
 * location to write (has_loc zero: none). */
static void field_values(const shr_practice *p, const joined *j, const char *desc, int has_loc,
                         double lat, double lon, char bufs[4][40], const char *v[NFIELDS])
{
    const shr_category *c = shr_practice_category(p);
    v[0] = shr_practice_id(p);
    v[1] = shr_practice_name(p);
    v[2] = c ? shr_category_id(c) : NULL;
    v[3] = c ? shr_family_name(shr_category_family(c)) : NULL;
    v[4] = shr_status_name(shr_practice_status(p));
    v[5] = year_text(shr_practice_started(p), bufs[0], sizeof bufs[0]);
    v[6] = year_text(shr_practice_ended(p), bufs[1], sizeof bufs[1]);
    v[7] = j->s[0];
    v[8] = j->s[1];
    v[9] = j->s[2];
    v[10] = j->s[3];
    v[11] = j->s[4];
    v[12] = j->s[5];
    v[13] = shr_practice_address(p);
    v[14] = has_loc ? shr__fmt_shortest(lat, bufs[2], sizeof bufs[2]) : NULL;
    v[15] = has_loc ? shr__fmt_shortest(lon, bufs[3], sizeof bufs[3]) : NULL;
    v[16] = desc;
}

/* Fields 5, 6, 14, 15 are numbers in JSON. */
static int field_is_number(size_t f)
{
    return f == 5 || f == 6 || f == 14 || f == 15;
}

static int check_args(const shr_result *r, FILE *out, shr_error *err)
{
    if (!r || !out)
        return shr__error_set(err, SHR_EINVAL, "no result or no output stream");
    return SHR_OK;
}

/* ------------------------------------------------------------------ CSV */

int shr_result_write_csv_file(const shr_result *r, FILE *out, shr_error *err)
{
    int rc = check_args(r, out, err);
    if (rc)
        return rc;
    const shr_allocator *a = shr_catalog_allocator(shr_result_catalog(r));
    unsigned flags = shr_catalog_csv_flags(shr_result_catalog(r));
    for (size_t f = 0; f < NFIELDS; f++) {
        if (f)
            putc(',', out);
        fputs(field_names[f], out);
    }
    putc('\n', out);
    desc_buf d = {NULL, 0};
    for (size_t i = 0; i < shr_result_count(r); i++) {
        const shr_practice *p = shr_result_at(r, i);
        joined j;
        const char *desc = NULL;
        if (join_all(a, p, &j) != SHR_OK ||
            shr__practice_description_text(p, &d.buf, &d.cap, &desc) != SHR_OK) {
            joined_free(a, &j);
            shr__free(a, d.buf);
            return shr__error_set(err, SHR_ENOMEM, "out of memory");
        }
        double lat = 0, lon = 0;
        int has_loc = shr_practice_location(p, &lat, &lon);
        char bufs[4][40];
        const char *v[NFIELDS];
        field_values(p, &j, desc, has_loc, lat, lon, bufs, v);
        for (size_t f = 0; f < NFIELDS; f++) {
            if (f)
                putc(',', out);
            /* years and coordinates are numbers: their sign is kept */
            if (f == 5 || f == 6 || f == 14 || f == 15)
                shr_csv_write_number(out, v[f]);
            else
                shr_csv_write_text(out, v[f], flags);
        }
        putc('\n', out);
        joined_free(a, &j);
    }
    shr__free(a, d.buf);
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ JSON */

static void json_practice(FILE *out, const shr_practice *p, const char *desc, const char *indent)
{
    const shr_category *c = shr_practice_category(p);
    char buf[40];
    fprintf(out, "%s{\"id\": ", indent);
    shr__w_json(out, shr_practice_id(p));
    fputs(", \"name\": ", out);
    shr__w_json(out, shr_practice_name(p));
    fputs(", \"category\": ", out);
    shr__w_json(out, c ? shr_category_id(c) : NULL);
    fputs(", \"family\": ", out);
    shr__w_json(out, c ? shr_family_name(shr_category_family(c)) : NULL);
    fputs(", \"status\": ", out);
    shr__w_json(out, shr_status_name(shr_practice_status(p)));
    const char *y = year_text(shr_practice_started(p), buf, sizeof buf);
    fprintf(out, ", \"started\": %s", y ? y : "null");
    y = year_text(shr_practice_ended(p), buf, sizeof buf);
    fprintf(out, ", \"ended\": %s", y ? y : "null");
    fputs(", \"axes\": [", out);
    for (size_t i = 0; i < shr_practice_axis_count(p); i++) {
        if (i)
            fputs(", ", out);
        shr__w_json(out, shr_axis_id(shr_practice_axis_at(p, i)));
    }
    fputs("], \"territories\": [", out);
    for (size_t i = 0; i < shr_practice_territory_count(p); i++) {
        if (i)
            fputs(", ", out);
        shr__w_json(out, shr_territory_id(shr_practice_territory_at(p, i)));
    }
    fputs("], \"territory_names\": [", out);
    for (size_t i = 0; i < shr_practice_territory_count(p); i++) {
        if (i)
            fputs(", ", out);
        shr__w_json(out, shr_territory_name(shr_practice_territory_at(p, i)));
    }
    fputs("], \"actors\": [", out);
    for (size_t i = 0; i < shr_practice_actor_count(p); i++) {
        const shr_actor *a = shr_practice_actor_at(p, i);
        if (i)
            fputs(", ", out);
        fputs("{\"id\": ", out);
        shr__w_json(out, shr_actor_id(a));
        fputs(", \"name\": ", out);
        shr__w_json(out, shr_actor_name(a));
        fputs(", \"role\": ", out);
        shr__w_json(out, shr_role_name((shr_role)shr_practice_actor_role(p, i)));
        putc('}', out);
    }
    fputs("], \"tags\": [", out);
    for (size_t i = 0; i < shr_practice_tag_count(p); i++) {
        if (i)
            fputs(", ", out);
        shr__w_json(out, shr_practice_tag_at(p, i));
    }
    fputs("], \"links\": [", out);
    for (size_t i = 0; i < shr_practice_link_count(p); i++) {
        if (i)
            fputs(", ", out);
        shr__w_json(out, shr_practice_link_at(p, i));
    }
    fputs("], \"address\": ", out);
    shr__w_json(out, shr_practice_address(p));
    double lat, lon;
    if (shr_practice_location(p, &lat, &lon)) {
        fprintf(out, ", \"latitude\": %s", shr__fmt_shortest(lat, buf, sizeof buf));
        fprintf(out, ", \"longitude\": %s", shr__fmt_shortest(lon, buf, sizeof buf));
    } else {
        fputs(", \"latitude\": null, \"longitude\": null", out);
    }
    fputs(", \"description\": ", out);
    shr__w_json(out, desc);
    putc('}', out);
}

int shr_result_write_json_file(const shr_result *r, FILE *out, shr_error *err)
{
    int rc = check_args(r, out, err);
    if (rc)
        return rc;
    size_t n = shr_result_count(r);
    const shr_allocator *a = shr_catalog_allocator(shr_result_catalog(r));
    desc_buf d = {NULL, 0};
    fputs(n ? "[\n" : "[", out);
    for (size_t i = 0; i < n; i++) {
        const shr_practice *p = shr_result_at(r, i);
        const char *desc = NULL;
        if (shr__practice_description_text(p, &d.buf, &d.cap, &desc) != SHR_OK) {
            shr__free(a, d.buf);
            return shr__error_set(err, SHR_ENOMEM, "out of memory");
        }
        json_practice(out, p, desc, "  ");
        fputs(i + 1 < n ? ",\n" : "\n", out);
    }
    shr__free(a, d.buf);
    fputs("]\n", out);
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ GeoJSON */

/* The location to map: the practice's own, else (with the flag) its first territory's. */
static int feature_location(const shr_practice *p, unsigned flags, double *lat, double *lon,
                            const char **source)
{
    if (shr_practice_location(p, lat, lon)) {
        *source = "practice";
        return 1;
    }
    if (flags & SHR_GEOJSON_TERRITORY_LOCATION) {
        for (size_t i = 0; i < shr_practice_territory_count(p); i++) {
            if (shr_territory_location(shr_practice_territory_at(p, i), lat, lon)) {
                *source = "territory";
                return 1;
            }
        }
    }
    return 0;
}

int shr_result_write_geojson_file(const shr_result *r, FILE *out, unsigned flags, size_t *written,
                             shr_error *err)
{
    if (written)
        *written = 0;
    int rc = check_args(r, out, err);
    if (rc)
        return rc;
    const shr_allocator *a = shr_catalog_allocator(shr_result_catalog(r));
    desc_buf d = {NULL, 0};
    size_t nout = 0;
    fputs("{\"type\": \"FeatureCollection\", \"features\": [", out);
    for (size_t i = 0; i < shr_result_count(r); i++) {
        const shr_practice *p = shr_result_at(r, i);
        double lat, lon;
        const char *source;
        if (!feature_location(p, flags, &lat, &lon, &source))
            continue;
        joined j;
        const char *desc = NULL;
        if (join_all(a, p, &j) != SHR_OK ||
            shr__practice_description_text(p, &d.buf, &d.cap, &desc) != SHR_OK) {
            joined_free(a, &j);
            shr__free(a, d.buf);
            return shr__error_set(err, SHR_ENOMEM, "out of memory");
        }
        char bufs[4][40];
        const char *v[NFIELDS];
        field_values(p, &j, desc, 1, lat, lon, bufs, v);
        fputs(nout ? ",\n" : "\n", out);
        fputs("{\"type\": \"Feature\", \"id\": ", out);
        shr__w_json(out, shr_practice_id(p));
        /* RFC 7946: [longitude, latitude]. */
        fprintf(out, ", \"geometry\": {\"type\": \"Point\", \"coordinates\": [%s, ", v[15]);
        fprintf(out, "%s]}, \"properties\": {", v[14]);
        for (size_t f = 0; f < NFIELDS; f++) {
            if (f)
                fputs(", ", out);
            shr__w_json(out, field_names[f]);
            fputs(": ", out);
            if (field_is_number(f) && v[f])
                fputs(v[f], out);
            else
                shr__w_json(out, v[f]);
        }
        fputs(", \"location_source\": ", out);
        shr__w_json(out, source);
        fputs("}}", out);
        joined_free(a, &j);
        nout++;
    }
    shr__free(a, d.buf);
    fputs(nout ? "\n]}\n" : "]}\n", out);
    if (written)
        *written = nout;
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ to a shr_writer */

int shr_result_write_csv(const shr_result *r, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_result_write_csv_file(r, f, err));
}

int shr_result_write_json(const shr_result *r, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_result_write_json_file(r, f, err));
}

int shr_result_write_geojson(const shr_result *r, const shr_writer *w, unsigned flags,
                             size_t *written, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_result_write_geojson_file(r, f, flags, written, err));
}
