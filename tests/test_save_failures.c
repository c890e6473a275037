/*
 * A save that fails at any point leaves the old file intact (same bytes) and no temporary
 * file behind (catalog.h: "The write is atomic ... on any failure the temporary file is
 * removed and an existing file at path is untouched").
 *
 * The failures are made with means that work as root too (CI runs as root, where chmod does
 * not stop writes):
 *   - the target's directory is a regular file, or does not exist;
 *   - the target is an existing directory (the final rename must fail);
 *   - a full disk, emulated with RLIMIT_FSIZE (SIGXFSZ ignored, so write() fails with EFBIG
 *     at byte N) for several N, in a child process;
 *   - no file descriptor left (RLIMIT_NOFILE), in a child process;
 *   - a read-only file system (/proc), as an existing target and as a new one;
 *   - a target name so long that a temporary name beside it cannot be made;
 *   - and, when not root, a read-only directory.
 * Each failure must return SHR_EIO with a clean one-line message (errno's text in it).
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cmocka.h>

#include <sharitories/import.h>
#include <sharitories/report.h>

#include "reliability_util.h"

static const char old_bytes[] = "sharitories: 1\n# the old, good file: must survive a failed save\n";

typedef struct fixture {
    shr_catalog *small; /* tests/data/reliability */
    shr_catalog *big;   /* the small one plus 5000 generated territories (~400 KB saved) */
    char *dir;          /* a fresh temporary directory */
    size_t big_size;    /* bytes of the big catalog once saved */
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    shr_error err;
    const char *paths[] = {rel_data_path(0, "reliability/territories.yaml"),
                           rel_data_path(1, "reliability/practices.yaml")};
    fx->small = shr_catalog_new(NULL);
    fx->big = shr_catalog_new(NULL);
    if (shr_catalog_load_files(fx->small, paths, 2, &err) != SHR_OK ||
        shr_catalog_load_files(fx->big, paths, 2, &err) != SHR_OK) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    fputs("sharitories: 1\nterritories:\n", f);
    for (int i = 0; i < 5000; i++)
        fprintf(f,
                "  - id: gen-%d\n    name: \"Commune générée n°%d\"\n    kind: commune\n"
                "    parent: fr-dep-58\n    postal_codes: [\"58%03d\"]\n    population: %d\n",
                i, i, i % 1000, i * 7);
    fclose(f);
    if (shr_catalog_load_buffer(fx->big, "generated", text, size, &err) != SHR_OK) {
        fprintf(stderr, "setup: generated: %s\n", err.message);
        return -1;
    }
    free(text);
    fx->dir = rel_make_temp_dir("save-failures");
    if (!fx->dir)
        return -1;
    char path[4200];
    snprintf(path, sizeof path, "%s/big-reference.yaml", fx->dir);
    if (shr_catalog_save(fx->big, path, &err) != SHR_OK) {
        fprintf(stderr, "setup: save: %s\n", err.message);
        return -1;
    }
    struct stat st;
    stat(path, &st);
    fx->big_size = (size_t)st.st_size;
    unlink(path);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    shr_catalog_free(fx->small);
    shr_catalog_free(fx->big);
    rel_rm_rf(fx->dir);
    free(fx->dir);
    free(fx);
    return 0;
}

/* The failed save's error must be a clean SHR_EIO. */
static void assert_eio(const char *what, int rc, const shr_error *err)
{
    if (rc != SHR_EIO)
        fail_msg("%s: expected EIO, got %d (%s): %s", what, rc, shr_error_code_name(rc),
                 err->message);
    const char *problem = rel_error_problem(rc, err);
    if (problem)
        fail_msg("%s: unclean error: %s", what, problem);
}

/* The file at path holds exactly `bytes`. */
static void assert_file_is(const char *what, const char *path, const char *bytes, size_t size)
{
    size_t now_size = 0;
    char *now = rel_read_file(path, &now_size);
    if (!now)
        fail_msg("%s: %s is gone", what, path);
    if (now_size != size || memcmp(now, bytes, size) != 0)
        fail_msg("%s: %s was changed (%zu bytes, expected %zu)", what, path, now_size, size);
    free(now);
}

static void assert_listing(const char *what, const char *dir, const char *before)
{
    char *after = rel_list_dir(dir);
    assert_non_null(after);
    if (strcmp(before, after) != 0)
        fail_msg("%s: the directory changed (a temporary file left behind?)\nbefore:\n%safter:\n%s",
                 what, before, after);
    free(after);
}

/* ------------------------------------------------------------------ baseline */

static void test_save_round_trip(void **state)
{
    fixture *fx = *state;
    shr_error err;
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/a.yaml", fx->dir);
    snprintf(b, sizeof b, "%s/b.yaml", fx->dir);
    assert_true(rel_write_file(a, old_bytes, sizeof old_bytes - 1));
    assert_int_equal(shr_catalog_save(fx->small, a, &err), SHR_OK);
    shr_catalog *again = shr_catalog_new(NULL);
    int rc = shr_catalog_load(again, a, &err);
    if (rc != SHR_OK)
        fail_msg("reloading the saved file: %s:%u:%u: %s", err.file, err.line, err.column,
                 err.message);
    assert_int_equal(shr_catalog_save(again, b, &err), SHR_OK);
    size_t sa = 0, sb = 0;
    char *ta = rel_read_file(a, &sa), *tb = rel_read_file(b, &sb);
    assert_true(sa == sb && memcmp(ta, tb, sa) == 0);
    /* Equal catalogs, except the file paths. */
    char *da = rel_dump_catalog(fx->small, false), *db = rel_dump_catalog(again, false);
    const char *ra = strstr(da, "\nC "), *rb = strstr(db, "\nC ");
    assert_non_null(ra);
    assert_non_null(rb);
    assert_string_equal(ra, rb);
    free(da);
    free(db);
    free(ta);
    free(tb);
    shr_catalog_free(again);
    unlink(a);
    unlink(b);
}

/* ------------------------------------------------------------------ bad paths */

static void test_save_parent_is_a_file(void **state)
{
    fixture *fx = *state;
    shr_error err;
    char file[4200], path[4400];
    snprintf(file, sizeof file, "%s/plain-file", fx->dir);
    assert_true(rel_write_file(file, old_bytes, sizeof old_bytes - 1));
    snprintf(path, sizeof path, "%s/out.yaml", file);
    char *before = rel_list_dir(fx->dir);
    int rc = shr_catalog_save(fx->small, path, &err);
    assert_eio("directory is a file", rc, &err);
    assert_file_is("directory is a file", file, old_bytes, sizeof old_bytes - 1);
    assert_listing("directory is a file", fx->dir, before);
    free(before);
    unlink(file);

    snprintf(path, sizeof path, "%s/no-such-dir/out.yaml", fx->dir);
    before = rel_list_dir(fx->dir);
    rc = shr_catalog_save(fx->small, path, &err);
    assert_eio("missing directory", rc, &err);
    assert_listing("missing directory", fx->dir, before);
    free(before);

    rc = shr_catalog_save(fx->small, "", &err);
    if (rc != SHR_EINVAL)
        assert_eio("empty path", rc, &err);
}

static void test_save_over_a_directory(void **state)
{
    fixture *fx = *state;
    shr_error err;
    char sub[4200], inner[4400];
    snprintf(sub, sizeof sub, "%s/target-is-a-dir", fx->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(inner, sizeof inner, "%s/keep.txt", sub);
    assert_true(rel_write_file(inner, old_bytes, sizeof old_bytes - 1));
    char *before = rel_list_dir(fx->dir);
    int rc = shr_catalog_save(fx->small, sub, &err);
    assert_eio("target is a directory", rc, &err);
    assert_listing("target is a directory", fx->dir, before);
    assert_file_is("target is a directory", inner, old_bytes, sizeof old_bytes - 1);
    free(before);
    rel_rm_rf(sub);
}

static void test_save_name_too_long(void **state)
{
    fixture *fx = *state;
    shr_error err;
    /* Names of 250 and 255 bytes (NAME_MAX): the target can exist, a longer temp name cannot. */
    for (size_t len = 250; len <= 255; len += 5) {
        char name[256], path[4500];
        memset(name, 'n', len);
        memcpy(name + len - 5, ".yaml", 5);
        name[len] = '\0';
        snprintf(path, sizeof path, "%s/%s", fx->dir, name);
        assert_true(rel_write_file(path, old_bytes, sizeof old_bytes - 1));
        char *before = rel_list_dir(fx->dir);
        int rc = shr_catalog_save(fx->small, path, &err);
        if (rc == SHR_OK) {
            /* The saver found a temporary name that fits: then it must have saved. */
            size_t size = 0;
            char *now = rel_read_file(path, &size);
            assert_true(size > 0 && memcmp(now, old_bytes, sizeof old_bytes - 1) != 0);
            free(now);
        } else {
            assert_eio("name of NAME_MAX bytes", rc, &err);
            assert_file_is("name of NAME_MAX bytes", path, old_bytes, sizeof old_bytes - 1);
        }
        assert_listing("name of NAME_MAX bytes", fx->dir, before);
        printf("save: target name of %zu bytes: %s\n", len,
               rc == SHR_OK ? "saved" : err.message);
        free(before);
        unlink(path);
    }
}

/* ------------------------------------------------------------------ read-only file systems */

static void test_save_read_only_fs(void **state)
{
    fixture *fx = *state;
    shr_error err;
    size_t size = 0;
    char *version = rel_read_file("/proc/version", &size);
    if (!version)
        skip(); /* no /proc */
    int rc = shr_catalog_save(fx->small, "/proc/version", &err);
    assert_eio("existing file on a read-only file system (/proc/version)", rc, &err);
    assert_file_is("/proc/version", "/proc/version", version, size);
    free(version);
    rc = shr_catalog_save(fx->small, "/proc/sharitories-test.yaml", &err);
    assert_eio("new file on a read-only file system (/proc)", rc, &err);
    assert_int_equal(access("/proc/sharitories-test.yaml", F_OK), -1);

    /* A read-only directory stops writes only when not root. */
    if (geteuid() == 0)
        return;
    char sub[4200], path[4400];
    snprintf(sub, sizeof sub, "%s/read-only", fx->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/catalog.yaml", sub);
    assert_true(rel_write_file(path, old_bytes, sizeof old_bytes - 1));
    chmod(sub, 0500);
    char *before = rel_list_dir(sub);
    rc = shr_catalog_save(fx->small, path, &err);
    chmod(sub, 0700);
    assert_eio("read-only directory", rc, &err);
    assert_file_is("read-only directory", path, old_bytes, sizeof old_bytes - 1);
    assert_listing("read-only directory", sub, before);
    free(before);
    rel_rm_rf(sub);
}

/* ------------------------------------------------------------------ resource limits (child) */

typedef struct child_result {
    int rc;
    shr_error err;
} child_result;

/* What a child saves: the catalog (shr_catalog_save), its HTML report, or an import. */
typedef enum save_kind { SAVE_CATALOG, SAVE_REPORT, SAVE_IMPORT } save_kind;
static save_kind child_kind = SAVE_CATALOG;
static const shr_import *child_import;

static int save_any(const shr_catalog *cat, const char *path, shr_error *err)
{
    switch (child_kind) {
    case SAVE_REPORT:
        return shr_report_save(cat, "fr-dep-58", NULL, path, err);
    case SAVE_IMPORT:
        return shr_import_save(child_import, path, err);
    default:
        return shr_catalog_save(cat, path, err);
    }
}

/* In a child: set one resource limit, save, report through a pipe. */
static child_result save_in_child(const shr_catalog *cat, const char *path, int resource,
                                  rlim_t limit)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        signal(SIGXFSZ, SIG_IGN); /* a write past the limit fails with EFBIG instead */
        child_result res;
        memset(&res, 0, sizeof res);
        struct rlimit rl;
        getrlimit(resource, &rl);
        rl.rlim_cur = limit;
        if (setrlimit(resource, &rl) != 0)
            _exit(2);
        res.rc = save_any(cat, path, &res.err);
        ssize_t w = write(fds[1], &res, sizeof res);
        _exit(w == (ssize_t)sizeof res ? 0 : 1);
    }
    close(fds[1]);
    child_result res;
    memset(&res, 0, sizeof res);
    size_t got = 0;
    while (got < sizeof res) {
        ssize_t n = read(fds[0], (char *)&res + got, sizeof res - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got != sizeof res)
        fail_msg("the saving child died (status %d): a crash in shr_catalog_save?", status);
    return res;
}

static void test_save_disk_full(void **state)
{
    fixture *fx = *state;
    char path[4200];
    snprintf(path, sizeof path, "%s/catalog.yaml", fx->dir);
    /* Write failures at byte N, through the whole file. */
    size_t limits[] = {0, 1, 100, 4095, 4096, 4097, 16384, 65536, 100000, 0, 0, 0};
    size_t nlimits = 9;
    limits[nlimits++] = fx->big_size / 2;
    limits[nlimits++] = fx->big_size - 1;
    limits[nlimits++] = fx->big_size; /* exactly enough: must succeed */
    for (size_t i = 0; i < nlimits; i++) {
        assert_true(rel_write_file(path, old_bytes, sizeof old_bytes - 1));
        char *before = rel_list_dir(fx->dir);
        child_result res = save_in_child(fx->big, path, RLIMIT_FSIZE, (rlim_t)limits[i]);
        char what[96];
        snprintf(what, sizeof what, "disk full at byte %zu of %zu", limits[i], fx->big_size);
        if (limits[i] >= fx->big_size) {
            if (res.rc != SHR_OK)
                fail_msg("%s: %s", what, res.err.message);
            struct stat st;
            assert_int_equal(stat(path, &st), 0);
            assert_int_equal((size_t)st.st_size, fx->big_size);
        } else {
            assert_eio(what, res.rc, &res.err);
            if (!strstr(res.err.message, strerror(EFBIG)))
                fail_msg("%s: the message '%s' does not give errno's text ('%s')", what,
                         res.err.message, strerror(EFBIG));
            assert_file_is(what, path, old_bytes, sizeof old_bytes - 1);
            assert_listing(what, fx->dir, before);
        }
        free(before);
    }
    printf("save: disk full emulated at %zu points of a %zu-byte file\n", nlimits, fx->big_size);
    unlink(path);
}

static void test_save_no_file_descriptors(void **state)
{
    fixture *fx = *state;
    /* Under valgrind, open() creates the file, then valgrind refuses the descriptor above its
     * own emulated limit (EMFILE): the file is left by valgrind, not by the saver. */
    const char *preload = getenv("LD_PRELOAD");
    if (preload && strstr(preload, "vgpreload")) {
        printf("save: no file descriptor: skipped under valgrind\n");
        skip();
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/catalog.yaml", fx->dir);
    assert_true(rel_write_file(path, old_bytes, sizeof old_bytes - 1));
    char *before = rel_list_dir(fx->dir);
    /* The lowest free descriptor is the count in use (0-2 and the pipe, usually): allow none. */
    int probe = dup(0);
    assert_true(probe >= 0);
    close(probe);
    child_result res = save_in_child(fx->small, path, RLIMIT_NOFILE, (rlim_t)probe);
    printf("save: no file descriptor: %s\n", res.err.message);
    assert_eio("no file descriptor left", res.rc, &res.err);
    assert_file_is("no file descriptor left", path, old_bytes, sizeof old_bytes - 1);
    assert_listing("no file descriptor left", fx->dir, before);
    free(before);
    unlink(path);
}

/* The HTML report and an import are written atomically too (report.h, import.h). */
static void test_other_saves_disk_full(void **state)
{
    fixture *fx = *state;
    shr_error err;
    /* An import of 3000 rows, to have a file of some size. */
    static const char mapping[] = "sharitories_import: 1\n"
                                  "columns: {id: ID, name: NAME, commune_code: CODE}\n"
                                  "constants: {id_prefix: \"imp-\", category: fablab}\n";
    char *csv = NULL;
    size_t csv_size = 0;
    FILE *f = open_memstream(&csv, &csv_size);
    fputs("ID,NAME,CODE\n", f);
    for (int i = 0; i < 3000; i++)
        fprintf(f, "%d,Pratique importée numéro %d,58194\n", i, i);
    fclose(f);
    shr_import_mapping *map = NULL;
    shr_import *imp = NULL;
    assert_int_equal(shr_import_mapping_load_buffer(fx->big, "m", mapping, sizeof mapping - 1, &map,
                                                    &err),
                     SHR_OK);
    assert_int_equal(shr_import_csv_buffer(fx->big, map, "c", csv, csv_size, &imp, &err), SHR_OK);
    child_import = imp;
    static const struct {
        save_kind kind;
        const char *name;
    } kinds[] = {{SAVE_REPORT, "report"}, {SAVE_IMPORT, "import"}};
    char path[4200];
    snprintf(path, sizeof path, "%s/out.file", fx->dir);
    for (size_t k = 0; k < 2; k++) {
        child_kind = kinds[k].kind;
        unlink(path);
        assert_int_equal(save_any(fx->big, path, &err), SHR_OK);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        size_t full = (size_t)st.st_size;
        size_t limits[] = {0, 1, 4096, full / 2, full - 1, full};
        for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
            assert_true(rel_write_file(path, old_bytes, sizeof old_bytes - 1));
            char *before = rel_list_dir(fx->dir);
            child_result res = save_in_child(fx->big, path, RLIMIT_FSIZE, (rlim_t)limits[i]);
            char what[96];
            snprintf(what, sizeof what, "%s: disk full at byte %zu of %zu", kinds[k].name,
                     limits[i], full);
            if (limits[i] >= full) {
                if (res.rc != SHR_OK)
                    fail_msg("%s: %s", what, res.err.message);
            } else {
                assert_eio(what, res.rc, &res.err);
                assert_file_is(what, path, old_bytes, sizeof old_bytes - 1);
                assert_listing(what, fx->dir, before);
            }
            free(before);
        }
        printf("save: %s of %zu bytes: disk full emulated at 6 points\n", kinds[k].name, full);
        /* The directory is a file. */
        char bad[4400];
        snprintf(bad, sizeof bad, "%s/out.file/x", fx->dir);
        assert_eio(kinds[k].name, save_any(fx->big, bad, &err), &err);
    }
    child_kind = SAVE_CATALOG;
    unlink(path);
    shr_import_free(imp);
    shr_import_mapping_free(map);
    free(csv);
}

/* A save keeps the mode of the file it replaces (a private file stays private). */
static void test_save_keeps_mode(void **state)
{
    fixture *fx = *state;
    shr_error err;
    char path[4200];
    snprintf(path, sizeof path, "%s/private.yaml", fx->dir);
    assert_true(rel_write_file(path, old_bytes, sizeof old_bytes - 1));
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(shr_catalog_save(fx->small, path, &err), SHR_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    if ((st.st_mode & 07777) != 0600)
        fail_msg("the saved file has mode %o, the old one had 0600", (unsigned)(st.st_mode & 07777));
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(shr_report_save(fx->small, "fr-dep-58", NULL, path, &err), SHR_OK);
    assert_int_equal(stat(path, &st), 0);
    if ((st.st_mode & 07777) != 0640)
        fail_msg("the report has mode %o, the old file had 0640", (unsigned)(st.st_mode & 07777));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_round_trip),
        cmocka_unit_test(test_save_parent_is_a_file),
        cmocka_unit_test(test_save_over_a_directory),
        cmocka_unit_test(test_save_name_too_long),
        cmocka_unit_test(test_save_read_only_fs),
        cmocka_unit_test(test_save_disk_full),
        cmocka_unit_test(test_save_no_file_descriptors),
        cmocka_unit_test(test_other_saves_disk_full),
        cmocka_unit_test(test_save_keeps_mode),
    };
    return cmocka_run_group_tests_name("save_failures", tests, setup, teardown);
}
