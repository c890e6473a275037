/*
 * Saving: round trip (load, save, load gives an equal catalog, field by field), fixed point
 * (saving that again gives identical bytes), and atomicity (a failed save leaves the old file
 * as it was and no temporary file behind).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sharitories/sharitories.h>

#ifndef SHR_TEST_DATA
#define SHR_TEST_DATA "tests/data"
#endif

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/shr_test_save_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

/* Remove the files of tmpdir and tmpdir itself. */
static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *e;
        char path[1024];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
                if (unlink(path) != 0)
                    rmdir(path);
            }
        closedir(d);
    }
    rmdir(tmpdir);
    return 0;
}

static const char *tmp_path(const char *name)
{
    static char buf[2][1024];
    static int which;
    which ^= 1;
    snprintf(buf[which], sizeof buf[which], "%s/%s", tmpdir, name);
    return buf[which];
}

static char *test_data(const char *name)
{
    static char buf[1024];
    const char *dir = getenv("SHARITORIES_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/%s", dir && *dir ? dir : SHR_TEST_DATA, name);
    return buf;
}

/* Whole file, NUL-terminated; *size set. */
static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Names in tmpdir other than `keep` (temporary files left behind). */
static int stray_files(const char *keep)
{
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, keep))
            n++;
    closedir(d);
    return n;
}

/* ------------------------------------------------------------------ equality, field by field */

static void same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void same_double(double a, double b)
{
    assert_true(a == b);
    assert_int_equal(signbit(a) != 0, signbit(b) != 0);
}

static const char *tid(const shr_territory *t)
{
    return t ? shr_territory_id(t) : NULL;
}

static void same_territory(const shr_territory *a, const shr_territory *b)
{
    same_str(shr_territory_id(a), shr_territory_id(b));
    same_str(shr_territory_name(a), shr_territory_name(b));
    assert_int_equal(shr_territory_kind_of(a), shr_territory_kind_of(b));
    same_str(shr_territory_code(a), shr_territory_code(b));
    assert_int_equal(shr_territory_population(a), shr_territory_population(b));
    double la = 0, lo = 0, lb = 0, lob = 0;
    assert_int_equal(shr_territory_location(a, &la, &lo), shr_territory_location(b, &lb, &lob));
    same_double(la, lb);
    same_double(lo, lob);
    assert_int_equal(shr_territory_former_code_count(a), shr_territory_former_code_count(b));
    for (size_t i = 0; i < shr_territory_former_code_count(a); i++)
        same_str(shr_territory_former_code_at(a, i), shr_territory_former_code_at(b, i));
    assert_int_equal(shr_territory_postal_code_count(a), shr_territory_postal_code_count(b));
    for (size_t i = 0; i < shr_territory_postal_code_count(a); i++)
        same_str(shr_territory_postal_code_at(a, i), shr_territory_postal_code_at(b, i));
    same_str(tid(shr_territory_parent(a)), tid(shr_territory_parent(b)));
    assert_int_equal(shr_territory_group_count(a), shr_territory_group_count(b));
    for (size_t i = 0; i < shr_territory_group_count(a); i++)
        same_str(tid(shr_territory_group_at(a, i)), tid(shr_territory_group_at(b, i)));
    assert_int_equal(shr_territory_ancestor_count(a), shr_territory_ancestor_count(b));
}

static void same_actor(const shr_actor *a, const shr_actor *b)
{
    same_str(shr_actor_id(a), shr_actor_id(b));
    same_str(shr_actor_name(a), shr_actor_name(b));
    assert_int_equal(shr_actor_kind_of(a), shr_actor_kind_of(b));
    same_str(tid(shr_actor_territory(a)), tid(shr_actor_territory(b)));
    assert_int_equal(shr_actor_link_count(a), shr_actor_link_count(b));
    for (size_t i = 0; i < shr_actor_link_count(a); i++)
        same_str(shr_actor_link_at(a, i), shr_actor_link_at(b, i));
    assert_int_equal(shr_actor_practice_count(a), shr_actor_practice_count(b));
}

static void same_practice(const shr_practice *a, const shr_practice *b)
{
    same_str(shr_practice_id(a), shr_practice_id(b));
    same_str(shr_practice_name(a), shr_practice_name(b));
    same_str(shr_category_id(shr_practice_category(a)), shr_category_id(shr_practice_category(b)));
    assert_int_equal(shr_practice_axis_count(a), shr_practice_axis_count(b));
    for (size_t i = 0; i < shr_practice_axis_count(a); i++)
        assert_ptr_equal(shr_axis_id(shr_practice_axis_at(a, i)),
                         shr_axis_id(shr_practice_axis_at(b, i)));
    assert_int_equal(shr_practice_territory_count(a), shr_practice_territory_count(b));
    for (size_t i = 0; i < shr_practice_territory_count(a); i++)
        same_str(tid(shr_practice_territory_at(a, i)), tid(shr_practice_territory_at(b, i)));
    assert_int_equal(shr_practice_actor_count(a), shr_practice_actor_count(b));
    for (size_t i = 0; i < shr_practice_actor_count(a); i++) {
        same_str(shr_actor_id(shr_practice_actor_at(a, i)), shr_actor_id(shr_practice_actor_at(b, i)));
        assert_int_equal(shr_practice_actor_role(a, i), shr_practice_actor_role(b, i));
    }
    assert_int_equal(shr_practice_status(a), shr_practice_status(b));
    assert_int_equal(shr_practice_started(a), shr_practice_started(b));
    assert_int_equal(shr_practice_ended(a), shr_practice_ended(b));
    same_str(shr_practice_description(a), shr_practice_description(b));
    same_str(shr_practice_address(a), shr_practice_address(b));
    assert_int_equal(shr_practice_tag_count(a), shr_practice_tag_count(b));
    for (size_t i = 0; i < shr_practice_tag_count(a); i++)
        same_str(shr_practice_tag_at(a, i), shr_practice_tag_at(b, i));
    assert_int_equal(shr_practice_figure_count(a), shr_practice_figure_count(b));
    for (size_t i = 0; i < shr_practice_figure_count(a); i++) {
        same_str(shr_practice_figure_name(a, i), shr_practice_figure_name(b, i));
        same_double(shr_practice_figure_value(a, i), shr_practice_figure_value(b, i));
    }
    assert_int_equal(shr_practice_link_count(a), shr_practice_link_count(b));
    for (size_t i = 0; i < shr_practice_link_count(a); i++)
        same_str(shr_practice_link_at(a, i), shr_practice_link_at(b, i));
    double la = 0, lo = 0, lb = 0, lob = 0;
    assert_int_equal(shr_practice_location(a, &la, &lo), shr_practice_location(b, &lb, &lob));
    same_double(la, lb);
    same_double(lo, lob);
}

static void same_category(const shr_category *a, const shr_category *b)
{
    same_str(shr_category_id(a), shr_category_id(b));
    same_str(shr_category_label(a, "fr"), shr_category_label(b, "fr"));
    same_str(shr_category_label(a, "en"), shr_category_label(b, "en"));
    assert_int_equal(shr_category_family(a), shr_category_family(b));
    assert_int_equal(shr_category_is_builtin(a), shr_category_is_builtin(b));
    assert_int_equal(shr_category_axis_count(a), shr_category_axis_count(b));
    for (size_t i = 0; i < shr_category_axis_count(a); i++)
        assert_ptr_equal(shr_axis_id(shr_category_axis_at(a, i)),
                         shr_axis_id(shr_category_axis_at(b, i)));
}

static void same_catalog(const shr_catalog *a, const shr_catalog *b)
{
    assert_int_equal(shr_catalog_territory_count(a), shr_catalog_territory_count(b));
    for (size_t i = 0; i < shr_catalog_territory_count(a); i++)
        same_territory(shr_catalog_territory_at(a, i), shr_catalog_territory_at(b, i));
    assert_int_equal(shr_catalog_actor_count(a), shr_catalog_actor_count(b));
    for (size_t i = 0; i < shr_catalog_actor_count(a); i++)
        same_actor(shr_catalog_actor_at(a, i), shr_catalog_actor_at(b, i));
    assert_int_equal(shr_catalog_practice_count(a), shr_catalog_practice_count(b));
    for (size_t i = 0; i < shr_catalog_practice_count(a); i++)
        same_practice(shr_catalog_practice_at(a, i), shr_catalog_practice_at(b, i));
    assert_int_equal(shr_catalog_category_count(a), shr_catalog_category_count(b));
    for (size_t i = 0; i < shr_catalog_category_count(a); i++)
        same_category(shr_catalog_category_at(a, i), shr_catalog_category_at(b, i));
    /* meta: the first file of a that had one, the only file of b */
    const char *keys[] = {"title", "source", "licence", "updated"};
    for (size_t f = 0; f < shr_catalog_file_count(a); f++) {
        int has = 0;
        for (int k = 0; k < 4; k++)
            has |= shr_catalog_file_meta(a, f, keys[k]) != NULL;
        if (!has)
            continue;
        for (int k = 0; k < 4; k++)
            same_str(shr_catalog_file_meta(a, f, keys[k]), shr_catalog_file_meta(b, 0, keys[k]));
        break;
    }
}

/* Load `paths`, save, load the result, compare; save again and compare the bytes. */
static void round_trip(const char *const *paths, size_t n, const char *out)
{
    shr_error err;
    shr_catalog *a = shr_catalog_new(NULL);
    int rc = shr_catalog_load_files(a, paths, n, &err);
    if (rc)
        print_error("%s:%u:%u %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    const char *first = tmp_path(out);
    char first_copy[1024];
    strcpy(first_copy, first);
    assert_int_equal(shr_catalog_save(a, first_copy, &err), SHR_OK);

    shr_catalog *b = shr_catalog_new(NULL);
    rc = shr_catalog_load(b, first_copy, &err);
    if (rc)
        print_error("%s:%u:%u %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    same_catalog(a, b);

    char second[1100];
    snprintf(second, sizeof second, "%s.again", first_copy);
    assert_int_equal(shr_catalog_save(b, second, &err), SHR_OK);
    size_t n1, n2;
    char *t1 = slurp(first_copy, &n1), *t2 = slurp(second, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(t1, t2, n1);
    free(t1);
    free(t2);
    unlink(second);
    shr_catalog_free(a);
    shr_catalog_free(b);
}

/* ------------------------------------------------------------------ tests */

static void test_round_trip_full(void **state)
{
    (void)state;
    char full[1024];
    strcpy(full, test_data("full.yaml"));
    const char *paths[] = {full};
    round_trip(paths, 1, "full.yaml");

    /* what the text looks like: ids plain unless they would read as something else, free text
     * double-quoted, axes always written, numbers exact and short, built-in categories left out */
    size_t n;
    char *text = slurp(tmp_path("full.yaml"), &n);
    assert_non_null(strstr(text, "sharitories: 1\nmeta:\n  title: \"Test catalog\"\n"));
    assert_non_null(strstr(text, "- id: fr-com-58194\n  name: \"Nevers\"\n  kind: commune\n"
                                 "  code: \"58194\"\n"));
    assert_non_null(strstr(text, "- id: \"true\"\n"));
    assert_non_null(strstr(text, "- id: \"null\"\n"));
    assert_non_null(strstr(text, "- id: \"2016\"\n"));
    assert_non_null(strstr(text, "  code: \"01001\"\n"));
    assert_non_null(strstr(text, "- id: p-min\n  name: \"Minimal\"\n  category: seed_library\n"
                                 "  axes: [shared_resources, solidarity]\n  territories: [fr]\n"
                                 "  status: active\n"));
    assert_non_null(strstr(text, "figures: {vehicles: 16, share: 0.1, big: 1e+300, neg: -2.5, "
                                 "third: 0.3333333333333333, \"2016\": 3}"));
    assert_non_null(strstr(text, "location: [46.9896, -3.159]"));
    assert_non_null(strstr(text, "- {actor: asso, role: carrier}"));
    assert_non_null(strstr(text, "label: {fr: \"grainothèque\", en: \"seed library\"}"));
    assert_non_null(strstr(text, "description: \"Une \\\"description\\\" sur\\nplusieurs"));
    assert_null(strstr(text, "id: fablab"));
    free(text);
    unlink(tmp_path("full.yaml"));
}

/* The real bundled data: 36,000 territories, the seeds and the CGET tiers-lieux. */
static void test_round_trip_real_data(void **state)
{
    (void)state;
    const char *dir = getenv("SHARITORIES_DATA_DIR");
    assert_non_null(dir);
    char p[3][1024];
    snprintf(p[0], sizeof p[0], "%s/fr-territories-2026.yaml", dir);
    snprintf(p[1], sizeof p[1], "%s/sharitories-seeds.yaml", dir);
    snprintf(p[2], sizeof p[2], "%s/tiers-lieux-cget-2019.yaml", dir);
    const char *paths[] = {p[0], p[1], p[2]};
    round_trip(paths, 3, "real.yaml");
    unlink(tmp_path("real.yaml"));
}

static void test_save_empty_catalog(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    const char *path = tmp_path("empty.yaml");
    assert_int_equal(shr_catalog_save(cat, path, &err), SHR_OK);
    size_t n;
    char *text = slurp(path, &n);
    assert_string_equal(text, "sharitories: 1\n");
    free(text);
    assert_int_equal(shr_catalog_load(cat, path, &err), SHR_OK);
    assert_int_equal(shr_catalog_save(NULL, path, &err), SHR_EINVAL);
    shr_catalog_free(cat);
    unlink(path);
}

static shr_catalog *loaded_catalog(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load(cat, test_data("full.yaml"), &err), SHR_OK);
    return cat;
}

static void test_save_into_missing_directory(void **state)
{
    (void)state;
    shr_catalog *cat = loaded_catalog();
    shr_error err;
    const char *path = tmp_path("no-such-dir/out.yaml");
    assert_int_equal(shr_catalog_save(cat, path, &err), SHR_EIO);
    assert_int_equal(err.code, SHR_EIO);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, strerror(ENOENT)));
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(stray_files(""), 0);
    shr_catalog_free(cat);
}

/* A write that fails half-way (file size limit) leaves the old file as it was. */
static void test_failed_write_keeps_old_file(void **state)
{
    (void)state;
    shr_catalog *cat = loaded_catalog();
    shr_error err;
    const char *path = tmp_path("keep.yaml");
    spit(path, "OLD CONTENT\n");

    struct rlimit old, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small = old;
    small.rlim_cur = 512; /* the catalog needs more */
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = shr_catalog_save(cat, path, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, old_handler);

    assert_int_equal(rc, SHR_EIO);
    assert_non_null(strstr(err.message, strerror(EFBIG)));
    size_t n;
    char *text = slurp(path, &n);
    assert_string_equal(text, "OLD CONTENT\n");
    free(text);
    assert_int_equal(stray_files("keep.yaml"), 0);

    /* and a save that works replaces it, keeping its mode */
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(shr_catalog_save(cat, path, &err), SHR_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(stray_files("keep.yaml"), 0);
    shr_catalog *again = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_load(again, path, &err), SHR_OK);
    same_catalog(cat, again);
    shr_catalog_free(again);
    unlink(path);
    shr_catalog_free(cat);
}

/* The rename fails (the target is a directory): the directory and its content stay. */
static void test_failed_rename_keeps_target(void **state)
{
    (void)state;
    shr_catalog *cat = loaded_catalog();
    shr_error err;
    char dir[1024], inner[1100];
    strcpy(dir, tmp_path("target.yaml"));
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(inner, sizeof inner, "%s/inside", dir);
    spit(inner, "x");
    assert_int_equal(shr_catalog_save(cat, dir, &err), SHR_EIO);
    assert_non_null(strstr(err.message, "cannot replace the file"));
    assert_int_equal(access(inner, F_OK), 0);
    assert_int_equal(stray_files("target.yaml"), 0);
    unlink(inner);
    rmdir(dir);
    shr_catalog_free(cat);
}

/* The atomic replacement every writer uses (atomic_file.h): a new file gets 0666 less the
 * umask (a save of a new catalog too), an abort leaves nothing, a commit replaces the file and
 * keeps its mode. */
static void test_atomic_file(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/atomic.txt", tmpdir);
    unlink(path);
    mode_t old_mask = umask(027);
    shr_error err;
    shr_atomic_file *f;

    assert_int_equal(shr_atomic_file_open(path, NULL, &f, &err), SHR_OK);
    fputs("abandoned\n", shr_atomic_file_stream(f));
    shr_atomic_file_abort(f);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(stray_files("atomic.txt"), 0);

    assert_int_equal(shr_atomic_file_open(path, NULL, &f, &err), SHR_OK);
    assert_true(write(shr_atomic_file_descriptor(f), "one\n", 4) == 4);
    assert_int_equal(shr_atomic_file_commit(f, &err), SHR_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(chmod(path, 0604), 0);
    assert_int_equal(shr_atomic_file_open(path, NULL, &f, &err), SHR_OK);
    fputs("two\n", shr_atomic_file_stream(f));
    assert_int_equal(shr_atomic_file_commit(f, &err), SHR_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0604);
    size_t n;
    char *text = slurp(path, &n);
    assert_string_equal(text, "two\n");
    free(text);
    unlink(path);

    /* a new catalog file follows the same rule */
    snprintf(path, sizeof path, "%s/new.yaml", tmpdir);
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_save(cat, path, &err), SHR_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    shr_catalog_free(cat);
    unlink(path);
    umask(old_mask);

    assert_int_equal(shr_atomic_file_open("", NULL, &f, &err), SHR_EINVAL);
    assert_null(f);
    assert_int_equal(shr_atomic_file_open("/nonexistent-dir/x", NULL, &f, &err), SHR_EIO);
    assert_non_null(strstr(err.message, "cannot create a temporary file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_full),
        cmocka_unit_test(test_round_trip_real_data),
        cmocka_unit_test(test_save_empty_catalog),
        cmocka_unit_test(test_save_into_missing_directory),
        cmocka_unit_test(test_failed_write_keeps_old_file),
        cmocka_unit_test(test_failed_rename_keeps_target),
        cmocka_unit_test(test_atomic_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
