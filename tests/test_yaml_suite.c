/*
 * The 402 inputs of the official YAML test suite (tests/data/yaml-test-suite, MIT, see its
 * README and LICENSE) as catalog files: none is a catalog, many are not even valid YAML, so
 * each must give either a catalog or a clean error, never a crash or a hang:
 *   - a documented error code, err.code equal to it, a nonempty one-line message;
 *   - err.file naming the file; a position: line >= 1 (syntax errors above all), column >= 1,
 *     the line inside the file (line <= lines + 1);
 *   - the same outcome (code, line, column) from shr_catalog_load_buffer() on an exact-size heap
 *     copy (no NUL after the data, so ASan sees any over-read);
 *   - a catalog that already held records is left exactly as it was;
 *   - each load finishes within a few seconds (a watchdog alarm catches hangs).
 * The same inputs as import mapping files (import.h, the other YAML reader of the library)
 * must give a mapping or a clean error with a position too.
 * The outcome counts (OK, and per error code; and how the cases the suite lists as invalid
 * YAML in ERRORS fare) are pinned below: a change in them is a change in the loader's
 * behaviour that must be looked at, then the numbers updated.
 */
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sharitories/import.h>

#include "reliability_util.h"

/* Pinned outcomes of the 402 files (update deliberately, with the reason in the commit). */
#define SUITE_FILES 402
#define EXPECT_OK 0
#define EXPECT_ESYNTAX 28
#define EXPECT_EFORMAT 348
#define EXPECT_EUNSUPPORTED 26
#define EXPECT_OTHER 0
/* Of the 94 cases ERRORS lists as invalid YAML, how many libyaml rejects (ESYNTAX); the
 * others libyaml accepts (a known non-conformance) and the catalog checks reject. */
#define EXPECT_ERRORS_LISTED 94
#define EXPECT_ERRORS_AS_SYNTAX 14
/* As import mapping files: errors by code. The mapping reader checks the whole document's
 * syntax first, so it reports libyaml's syntax errors (including the 49 valid YAML 1.2 inputs
 * that libyaml 0.2.5 refuses, e.g. 2LFX, 4ABK) where the streaming catalog loader reports the
 * first format error; 3 empty documents get an error without a line. */
#define EXPECT_MAPPING_ESYNTAX 122
#define EXPECT_MAPPING_EFORMAT 245
#define EXPECT_MAPPING_EUNSUPPORTED 35
#define EXPECT_MAPPING_OTHER 0

#define SECONDS_PER_FILE 5.0

static const char *current_file = "";

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "test_yaml_suite: watchdog: a load hangs on ";
    ssize_t w = write(2, msg, sizeof msg - 1);
    w = write(2, current_file, strlen(current_file));
    w = write(2, "\n", 1);
    (void)w;
    _exit(3);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted *.yaml names of the suite directory. */
static char **suite_files(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 512;
            names = realloc(names, cap * sizeof *names);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    *count = n;
    return names;
}

/* Is `id` (a case id, file name without .yaml) listed in ERRORS? */
static bool listed_as_error(const char *errors, const char *id)
{
    size_t len = strlen(id);
    for (const char *p = errors; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        if (n == len && memcmp(p, id, len) == 0)
            return true;
        p = eol ? eol + 1 : NULL;
    }
    return false;
}

static unsigned count_lines(const char *text, size_t size)
{
    unsigned lines = 1;
    for (size_t i = 0; i < size; i++)
        if (text[i] == '\n')
            lines++;
    return lines;
}

static void test_yaml_suite(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/yaml-test-suite", rel_test_data());
    size_t nfiles = 0;
    char **files = suite_files(dir, &nfiles);
    assert_non_null(files);
    assert_int_equal(nfiles, SUITE_FILES);
    char errors_path[4200];
    snprintf(errors_path, sizeof errors_path, "%s/ERRORS", dir);
    char *errors = rel_read_file(errors_path, NULL);
    assert_non_null(errors);

    signal(SIGALRM, on_alarm);
    /* A catalog with records, to check that failed loads leave it as it was. */
    shr_error err;
    shr_catalog *base = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_load(base, rel_data_path(0, "reliability/territories.yaml"), &err),
                     SHR_OK);
    char *base_dump = rel_dump_catalog(base, false);

    size_t n_ok = 0, n_syntax = 0, n_format = 0, n_unsupported = 0, n_other = 0;
    size_t n_listed = 0, n_listed_syntax = 0;
    size_t n_map_ok = 0, n_map_syntax = 0, n_map_format = 0, n_map_other = 0,
           n_map_no_position = 0, n_map_unsupported = 0;
    double slowest = 0;
    const char *slowest_name = "";
    int problems = 0;
    for (size_t i = 0; i < nfiles; i++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        current_file = path;
        size_t size = 0;
        char *text = rel_read_file(path, &size);
        assert_non_null(text);
        unsigned lines = count_lines(text, size);
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)(strlen(files[i]) - 5), files[i]);
        bool listed = listed_as_error(errors, id);

        /* 1. From the file, into a new catalog. */
        alarm(30);
        double t0 = rel_now();
        shr_catalog *cat = shr_catalog_new(NULL);
        assert_non_null(cat);
        shr_error_clear(&err);
        int rc = shr_catalog_load(cat, path, &err);
        double took = rel_now() - t0;
        alarm(0);
        if (took > slowest) {
            slowest = took;
            slowest_name = files[i];
        }
        if (took > SECONDS_PER_FILE) {
            printf("FAIL %s: load took %.1f s\n", files[i], took);
            problems++;
        }
        if (rc == SHR_OK) {
            n_ok++;
        } else {
            const char *problem = rel_error_problem(rc, &err);
            if (!problem && !strstr(err.file, files[i]))
                problem = "err.file does not name the file";
            if (!problem && rc == SHR_ESYNTAX && err.line < 1)
                problem = "syntax error without a line";
            if (!problem && err.line < 1)
                problem = "error without a position";
            if (!problem && err.line > lines + 1)
                problem = "line beyond the end of the file";
            if (!problem && err.line >= 1 && err.column < 1)
                problem = "a line but no column";
            if (!problem && (shr_catalog_territory_count(cat) || shr_catalog_file_count(cat)))
                problem = "the failed load left records in the catalog";
            if (problem) {
                printf("FAIL %s: %s (rc %d %s, %s:%u:%u: %s)\n", files[i], problem, rc,
                       shr_error_code_name(rc), err.file, err.line, err.column, err.message);
                problems++;
            }
            switch (rc) {
            case SHR_ESYNTAX:
                n_syntax++;
                break;
            case SHR_EFORMAT:
                n_format++;
                break;
            case SHR_EUNSUPPORTED:
                n_unsupported++;
                break;
            default:
                n_other++;
                printf("note %s: %s %s:%u:%u: %s\n", files[i], shr_error_code_name(rc), err.file,
                       err.line, err.column, err.message);
            }
        }
        if (listed) {
            n_listed++;
            if (rc == SHR_ESYNTAX)
                n_listed_syntax++;
            else
                printf("note %s: listed as invalid YAML, got %s: %u:%u: %s\n", files[i],
                       shr_error_code_name(rc), err.line, err.column, err.message);
        }
        shr_catalog_free(cat);

        /* 2. The same bytes from memory, in a buffer exactly their size. */
        char *exact = malloc(size ? size : 1);
        memcpy(exact, text, size);
        shr_error err2;
        shr_error_clear(&err2);
        alarm(30);
        cat = shr_catalog_new(NULL);
        int rc2 = shr_catalog_load_buffer(cat, files[i], exact, size, &err2);
        alarm(0);
        if (rc2 != rc || err2.line != err.line || err2.column != err.column) {
            printf("FAIL %s: load_buffer gives %s %u:%u, load gives %s %u:%u\n", files[i],
                   shr_error_code_name(rc2), err2.line, err2.column, shr_error_code_name(rc),
                   err.line, err.column);
            problems++;
        }
        shr_catalog_free(cat);
        free(exact);

        /* 3. Into a catalog with records: a failure leaves it as it was. */
        alarm(30);
        rc2 = shr_catalog_load_buffer(base, files[i], text, size, &err2);
        alarm(0);
        if (rc2 != SHR_OK) {
            char *now = rel_dump_catalog(base, false);
            if (strcmp(now, base_dump) != 0) {
                printf("FAIL %s: the failed load changed the preloaded catalog\n", files[i]);
                problems++;
            }
            free(now);
        } else {
            /* Cannot happen while EXPECT_OK is 0; start again from a clean base if it does. */
            shr_catalog_free(base);
            base = shr_catalog_new(NULL);
            assert_int_equal(
                shr_catalog_load(base, rel_data_path(0, "reliability/territories.yaml"), &err2),
                SHR_OK);
        }
        /* 4. As an import mapping file. */
        shr_import_mapping *map = NULL;
        alarm(30);
        rc2 = shr_import_mapping_load_buffer(base, files[i], text, size, &map, &err2);
        alarm(0);
        if (rc2 == SHR_OK) {
            n_map_ok++;
        } else {
            const char *problem = rel_error_problem(rc2, &err2);
            if (!problem && map)
                problem = "a mapping returned with an error";
            if (!problem && rc2 == SHR_ESYNTAX && err2.line < 1)
                problem = "syntax error without a line";
            if (!problem && err2.line < 1)
                n_map_no_position++;
            if (!problem && err2.line > lines + 1)
                problem = "line beyond the end of the file";
            if (problem) {
                printf("FAIL %s as a mapping: %s (rc %d %s, %u:%u: %s)\n", files[i], problem, rc2,
                       shr_error_code_name(rc2), err2.line, err2.column, err2.message);
                problems++;
            }
            if (rc2 == SHR_ESYNTAX)
                n_map_syntax++;
            else if (rc2 == SHR_EFORMAT)
                n_map_format++;
            else if (rc2 == SHR_EUNSUPPORTED)
                n_map_unsupported++;
            else {
                n_map_other++;
                printf("note %s as a mapping: %s %u:%u: %s\n", files[i], shr_error_code_name(rc2),
                       err2.line, err2.column, err2.message);
            }
        }
        shr_import_mapping_free(map);
        free(text);
    }
    /* The catalog still takes a good file after 402 failed loads. */
    assert_int_equal(shr_catalog_load(base, rel_data_path(1, "reliability/practices.yaml"), &err),
                     SHR_OK);
    assert_int_equal(shr_catalog_practice_count(base), 5);
    shr_catalog_free(base);
    free(base_dump);

    printf("yaml-test-suite: %zu files: %zu OK, %zu errors (ESYNTAX %zu, EFORMAT %zu, "
           "EUNSUPPORTED %zu, other %zu); ERRORS lists %zu, %zu of them ESYNTAX; slowest %s "
           "%.3f s\n",
           nfiles, n_ok, nfiles - n_ok, n_syntax, n_format, n_unsupported, n_other, n_listed,
           n_listed_syntax, slowest_name, slowest);
    printf("yaml-test-suite as import mappings: %zu OK, ESYNTAX %zu, EFORMAT %zu, EUNSUPPORTED "
           "%zu, other %zu; %zu errors without a line (empty documents)\n",
           n_map_ok, n_map_syntax, n_map_format, n_map_unsupported, n_map_other,
           n_map_no_position);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    free(errors);
    assert_int_equal(problems, 0);
    assert_int_equal(n_ok, EXPECT_OK);
    assert_int_equal(n_syntax, EXPECT_ESYNTAX);
    assert_int_equal(n_format, EXPECT_EFORMAT);
    assert_int_equal(n_unsupported, EXPECT_EUNSUPPORTED);
    assert_int_equal(n_other, EXPECT_OTHER);
    assert_int_equal(n_listed, EXPECT_ERRORS_LISTED);
    assert_int_equal(n_listed_syntax, EXPECT_ERRORS_AS_SYNTAX);
    assert_int_equal(n_map_ok, 0);
    assert_int_equal(n_map_syntax, EXPECT_MAPPING_ESYNTAX);
    assert_int_equal(n_map_format, EXPECT_MAPPING_EFORMAT);
    assert_int_equal(n_map_unsupported, EXPECT_MAPPING_EUNSUPPORTED);
    assert_int_equal(n_map_other, EXPECT_MAPPING_OTHER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml_suite),
    };
    return cmocka_run_group_tests_name("yaml_suite", tests, NULL, NULL);
}
