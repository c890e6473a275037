/*
 * Helpers shared by the reliability tests (test_oom.c, test_limits.c, test_yaml_suite.c,
 * test_save_failures.c): a text dump of everything a catalog exposes through the public API
 * (to check that a failed call left it exactly as it was), checks on shr_error, file helpers.
 * Header-only (static inline) so each test stays one program; memory here comes from the C
 * library, never from the catalog's allocator, unless a query is run.
 */
#ifndef SHR_TEST_RELIABILITY_UTIL_H
#define SHR_TEST_RELIABILITY_UTIL_H

#include <sharitories/sharitories.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef SHR_TEST_DATA
#define SHR_TEST_DATA "tests/data"
#endif

/* Directory of the test data (tests/data), from the environment when meson sets it. */
static inline const char *rel_test_data(void)
{
    const char *env = getenv("SHARITORIES_TEST_DATA");
    return env && *env ? env : SHR_TEST_DATA;
}

/* "tests/data/<rel>" in a static buffer (one at a time per slot). */
static inline const char *rel_data_path(int slot, const char *rel)
{
    static char buf[4][4096];
    snprintf(buf[slot & 3], sizeof buf[0], "%s/%s", rel_test_data(), rel);
    return buf[slot & 3];
}

static inline double rel_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The codes a load or a query may return (error.h). */
static inline bool rel_code_is_documented(int code)
{
    switch (code) {
    case SHR_ENOMEM:
    case SHR_EIO:
    case SHR_ESYNTAX:
    case SHR_EFORMAT:
    case SHR_EDUPLICATE:
    case SHR_EREFERENCE:
    case SHR_ECYCLE:
    case SHR_ELIMIT:
    case SHR_EUNSUPPORTED:
    case SHR_EQUERY:
    case SHR_ENOTFOUND:
    case SHR_EINVAL:
        return true;
    default:
        return false;
    }
}

/*
 * A clean error: rc < 0, err.code == rc, a known code, a nonempty one-line message.
 * Returns NULL when clean, else a static description of what is wrong.
 */
static inline const char *rel_error_problem(int rc, const shr_error *err)
{
    if (rc >= 0)
        return "not an error";
    if (!rel_code_is_documented(rc))
        return "undocumented error code";
    if (err->code != rc)
        return "err.code differs from the returned code";
    if (err->message[0] == '\0')
        return "empty message";
    if (memchr(err->message, '\0', sizeof err->message) == NULL)
        return "message not NUL-terminated";
    if (strchr(err->message, '\n') || strchr(err->message, '\r'))
        return "message spans several lines";
    return NULL;
}

/* Case-insensitive substring. */
static inline bool rel_contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i]) {
            char a = hay[i], b = needle[i];
            if (a >= 'A' && a <= 'Z')
                a = (char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (char)(b - 'A' + 'a');
            if (a != b)
                break;
            i++;
        }
        if (i == n)
            return true;
    }
    return n == 0;
}

/* ------------------------------------------------------------------ catalog dump */

static inline const char *rel_s(const char *s)
{
    return s ? s : "(null)";
}

/*
 * Everything the public API shows about the catalog, as text (malloc'd; free() it). Two
 * catalogs with equal dumps are equal for every reader. Look-ups by id are checked against
 * positional access ('!' marks a mismatch). With `with_queries`, also the count of the empty
 * query (needs the query engine and allocates through the catalog's allocator).
 */
static inline char *rel_dump_catalog(const shr_catalog *cat, bool with_queries)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        abort();
    size_t nt = shr_catalog_territory_count(cat), na = shr_catalog_actor_count(cat),
           np = shr_catalog_practice_count(cat), nc = shr_catalog_category_count(cat),
           nf = shr_catalog_file_count(cat);
    fprintf(f, "counts t=%zu a=%zu p=%zu c=%zu f=%zu\n", nt, na, np, nc, nf);
    for (size_t i = 0; i < nf; i++) {
        fprintf(f, "file %s", rel_s(shr_catalog_file_path(cat, i)));
        const char *keys[] = {"title", "source", "licence", "updated"};
        for (size_t k = 0; k < 4; k++)
            fprintf(f, " %s=%s", keys[k], rel_s(shr_catalog_file_meta(cat, i, keys[k])));
        fputc('\n', f);
    }
    for (size_t i = 0; i < nc; i++) {
        const shr_category *c = shr_catalog_category_at(cat, i);
        fprintf(f, "C %s%s fam=%d fr=%s en=%s axes", shr_category_id(c),
                shr_catalog_category(cat, shr_category_id(c)) == c ? "" : "!",
                (int)shr_category_family(c), rel_s(shr_category_label(c, "fr")),
                rel_s(shr_category_label(c, "en")));
        for (size_t k = 0; k < shr_category_axis_count(c); k++)
            fprintf(f, " %s", shr_axis_id(shr_category_axis_at(c, k)));
        fputc('\n', f);
    }
    for (size_t i = 0; i < shr_catalog_action_count(cat); i++) {
        const shr_action *a = shr_catalog_action_at(cat, i);
        fprintf(f, "A %s%s title=%s/%s phase=%d steps=%zu cats", shr_action_id(a),
                shr_catalog_action(cat, shr_action_id(a)) == a ? "" : "!",
                shr_action_title(a, "fr"), shr_action_title(a, "en"),
                (int)shr_action_phase_of(a), shr_action_item_count(a, SHR_ACTION_STEPS));
        for (size_t k = 0; k < shr_action_category_count(a); k++)
            fprintf(f, " %s", shr_category_id(shr_action_category_at(a, k)));
        fputc('\n', f);
    }
    for (size_t i = 0; i < nt; i++) {
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        const shr_territory *parent = shr_territory_parent(t);
        double lat = 0, lon = 0;
        int has_loc = shr_territory_location(t, &lat, &lon);
        fprintf(f, "T %s%s name=%s kind=%d code=%s pop=%lld parent=%s loc=%d:%.6f,%.6f",
                shr_territory_id(t), shr_catalog_territory(cat, shr_territory_id(t)) == t ? "" : "!",
                shr_territory_name(t), (int)shr_territory_kind_of(t),
                rel_s(shr_territory_code(t)), (long long)shr_territory_population(t),
                parent ? shr_territory_id(parent) : "-", has_loc, has_loc ? lat : 0.0,
                has_loc ? lon : 0.0);
        fprintf(f, " groups");
        for (size_t k = 0; k < shr_territory_group_count(t); k++)
            fprintf(f, " %s", shr_territory_id(shr_territory_group_at(t, k)));
        fprintf(f, " former");
        for (size_t k = 0; k < shr_territory_former_code_count(t); k++)
            fprintf(f, " %s", shr_territory_former_code_at(t, k));
        fprintf(f, " postal");
        for (size_t k = 0; k < shr_territory_postal_code_count(t); k++)
            fprintf(f, " %s", shr_territory_postal_code_at(t, k));
        fprintf(f, " anc=%zu children=%zu members=%zu practices=%zu\n",
                shr_territory_ancestor_count(t), shr_territory_child_count(t),
                shr_territory_member_count(t), shr_territory_practice_count(t));
    }
    for (size_t i = 0; i < na; i++) {
        const shr_actor *a = shr_catalog_actor_at(cat, i);
        const shr_territory *t = shr_actor_territory(a);
        fprintf(f, "A %s%s name=%s kind=%d terr=%s links", shr_actor_id(a),
                shr_catalog_actor(cat, shr_actor_id(a)) == a ? "" : "!", shr_actor_name(a),
                (int)shr_actor_kind_of(a), t ? shr_territory_id(t) : "-");
        for (size_t k = 0; k < shr_actor_link_count(a); k++)
            fprintf(f, " %s", shr_actor_link_at(a, k));
        fprintf(f, " practices=%zu\n", shr_actor_practice_count(a));
    }
    for (size_t i = 0; i < np; i++) {
        const shr_practice *p = shr_catalog_practice_at(cat, i);
        double lat = 0, lon = 0;
        int has_loc = shr_practice_location(p, &lat, &lon);
        fprintf(f, "P %s%s name=%s cat=%s status=%d years=%ld-%ld loc=%d:%.6f,%.6f desc=%s addr=%s",
                shr_practice_id(p), shr_catalog_practice(cat, shr_practice_id(p)) == p ? "" : "!",
                shr_practice_name(p), shr_category_id(shr_practice_category(p)),
                (int)shr_practice_status(p), (long)shr_practice_started(p),
                (long)shr_practice_ended(p), has_loc, has_loc ? lat : 0.0, has_loc ? lon : 0.0,
                rel_s(shr_practice_description(p)), rel_s(shr_practice_address(p)));
        fprintf(f, " axes");
        for (size_t k = 0; k < shr_practice_axis_count(p); k++)
            fprintf(f, " %s", shr_axis_id(shr_practice_axis_at(p, k)));
        fprintf(f, " terr");
        for (size_t k = 0; k < shr_practice_territory_count(p); k++)
            fprintf(f, " %s", shr_territory_id(shr_practice_territory_at(p, k)));
        fprintf(f, " actors");
        for (size_t k = 0; k < shr_practice_actor_count(p); k++)
            fprintf(f, " %s/%d", shr_actor_id(shr_practice_actor_at(p, k)),
                    shr_practice_actor_role(p, k));
        fprintf(f, " tags");
        for (size_t k = 0; k < shr_practice_tag_count(p); k++)
            fprintf(f, " %s", shr_practice_tag_at(p, k));
        fprintf(f, " figures");
        for (size_t k = 0; k < shr_practice_figure_count(p); k++)
            fprintf(f, " %s=%.17g", shr_practice_figure_name(p, k), shr_practice_figure_value(p, k));
        fprintf(f, " links");
        for (size_t k = 0; k < shr_practice_link_count(p); k++)
            fprintf(f, " %s", shr_practice_link_at(p, k));
        fputc('\n', f);
    }
    if (with_queries) {
        shr_error err;
        shr_query *q = NULL;
        int rc = shr_query_parse(cat, "", &q, &err);
        fprintf(f, "query '' rc=%d count=%lld\n", rc, rc == SHR_OK ? (long long)shr_query_count(q, &err) : -1LL);
        shr_query_free(q);
    }
    fclose(f);
    return buf;
}

/* ------------------------------------------------------------------ files */

/* Whole file into a malloc'd buffer (NUL added, not counted); NULL if it cannot be read. */
static inline char *rel_read_file(const char *path, size_t *size)
{
    if (size)
        *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            char *grown = realloc(buf, cap + 1);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    if (size)
        *size = len;
    return buf;
}

static inline bool rel_write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

/* Sorted, newline-separated names of a directory's entries (malloc'd), for "nothing left
 * behind" checks. */
static inline int rel_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline char *rel_list_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = realloc(names, cap * sizeof *names);
            if (!names)
                abort();
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, rel_cmp_str);
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s\n", names[i]);
        free(names[i]);
    }
    free(names);
    fclose(f);
    return out;
}

/* A fresh directory under $TMPDIR (or /tmp); remove it with rel_rm_rf(). */
static inline char *rel_make_temp_dir(const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    char templ[4096];
    snprintf(templ, sizeof templ, "%s/shr-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
    char *dir = mkdtemp(templ);
    return dir ? strdup(dir) : NULL;
}

/* rm -rf of a directory tree made by a test (no symlinks followed). */
static inline void rel_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                size_t len = strlen(path) + strlen(e->d_name) + 2;
                char *child = malloc(len);
                if (!child)
                    abort();
                memcpy(child, path, strlen(path));
                child[strlen(path)] = '/';
                memcpy(child + strlen(path) + 1, e->d_name, strlen(e->d_name) + 1);
                rel_rm_rf(child);
                free(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

#endif
