/*
 * libFuzzer target: shr_catalog_load_buffer() on arbitrary bytes, twice per input:
 *   1. into a new catalog;
 *   2. into a catalog preloaded with a tiny territories file, so that references resolve and
 *      practices, actors and categories get past the reference checks;
 *   3. when the input holds a line "#@@next", the part before it is loaded first (after the
 *      territories) and the part after it second, so that the fuzzer controls both files of a
 *      two-step load (duplicates across files, references into the first file, categories
 *      added by the first and used by the second, rollback of the second).
 * Invariants (abort on breach, so libFuzzer keeps the input):
 *   - a failure is a clean error (documented code, err.code, one-line message), with a
 *     position inside the input, and leaves the catalog as it was (counts, look-ups);
 *   - a success gives a catalog whose every getter can be walked, whose empty query counts
 *     every practice, and which survives a save/load round trip: loading the saved file gives
 *     the same counts and ids, and saving that again gives identical bytes (catalog.h).
 * Memory errors, leaks and undefined behaviour are caught by ASan/UBSan (build-fuzz).
 */
#include "fuzz_common.h"

#include <stdint.h>
#include <unistd.h>

static char save_a[512], save_b[512];
/* SHR_FUZZ_KNOWN=reader-line: accept syntax errors without a line for bytes libyaml's reader
 * refuses (a known bug, see tests/test_limits.c test_hostile_bytes), to look for others. */
static int known_reader_line;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(save_a, sizeof save_a, "%s/shr-fuzz-load-%ld-a.yaml", dir, (long)getpid());
    snprintf(save_b, sizeof save_b, "%s/shr-fuzz-load-%ld-b.yaml", dir, (long)getpid());
    const char *known = getenv("SHR_FUZZ_KNOWN");
    known_reader_line = known && strstr(known, "reader-line") != NULL;
    return 0;
}

static unsigned input_lines(const uint8_t *data, size_t size)
{
    unsigned lines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n' || data[i] == '\r')
            lines++;
    return lines;
}

static void check_queries(const shr_catalog *cat)
{
    shr_error err;
    shr_query *q = NULL;
    int rc = shr_query_parse(cat, "", &q, &err);
    FUZZ_CHECK(rc == SHR_OK, "empty query: %s", err.message);
    int64_t n = shr_query_count(q, &err);
    FUZZ_CHECK(n == (int64_t)shr_catalog_practice_count(cat), "empty query counts %lld of %zu",
               (long long)n, shr_catalog_practice_count(cat));
    shr_result *r = NULL;
    FUZZ_CHECK(shr_query_run(q, &r, &err) == SHR_OK, "run: %s", err.message);
    shr_facet *f = NULL;
    FUZZ_CHECK(shr_facet_compute(r, SHR_DIM_DEPARTMENT, &f, &err) == SHR_OK, "facet: %s",
               err.message);
    shr_facet_free(f);
    shr_result_free(r);
    shr_query_free(q);
}

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    *size = fread(buf, 1, (size_t)len, f);
    fclose(f);
    return buf;
}

/* Save, load the saved file, compare, save again: identical bytes. */
static void round_trip(const shr_catalog *cat)
{
    shr_error err;
    int rc = shr_catalog_save(cat, save_a, &err);
    FUZZ_CHECK(rc == SHR_OK, "save: %s", err.message);
    /* The saved file holds everything, the base territories included. */
    shr_catalog *again = shr_catalog_new(NULL);
    rc = shr_catalog_load(again, save_a, &err);
    FUZZ_CHECK(rc == SHR_OK, "reload of the saved catalog: %s:%u:%u: %s", err.file, err.line,
               err.column, err.message);
    FUZZ_CHECK(shr_catalog_territory_count(again) == shr_catalog_territory_count(cat), "territories");
    FUZZ_CHECK(shr_catalog_actor_count(again) == shr_catalog_actor_count(cat), "actors");
    FUZZ_CHECK(shr_catalog_practice_count(again) == shr_catalog_practice_count(cat), "practices");
    FUZZ_CHECK(shr_catalog_category_count(again) == shr_catalog_category_count(cat), "categories");
    for (size_t i = 0; i < shr_catalog_practice_count(cat); i++) {
        const shr_practice *p = shr_catalog_practice_at(cat, i), *q = shr_catalog_practice_at(again, i);
        FUZZ_CHECK(strcmp(shr_practice_id(p), shr_practice_id(q)) == 0, "practice order");
        FUZZ_CHECK(strcmp(shr_practice_name(p), shr_practice_name(q)) == 0, "practice name");
        FUZZ_CHECK(shr_practice_started(p) == shr_practice_started(q), "started");
        FUZZ_CHECK(shr_practice_tag_count(p) == shr_practice_tag_count(q), "tags");
        FUZZ_CHECK(shr_practice_figure_count(p) == shr_practice_figure_count(q), "figures");
        for (size_t k = 0; k < shr_practice_figure_count(p); k++)
            FUZZ_CHECK(shr_practice_figure_value(p, k) == shr_practice_figure_value(q, k),
                       "figure %s: %.17g != %.17g", shr_practice_figure_name(p, k),
                       shr_practice_figure_value(p, k), shr_practice_figure_value(q, k));
        const char *da = shr_practice_description(p), *db = shr_practice_description(q);
        FUZZ_CHECK((!da && !db) || (da && db && strcmp(da, db) == 0), "description");
    }
    for (size_t i = 0; i < shr_catalog_territory_count(cat); i++) {
        const shr_territory *t = shr_catalog_territory_at(cat, i), *u = shr_catalog_territory_at(again, i);
        FUZZ_CHECK(strcmp(shr_territory_id(t), shr_territory_id(u)) == 0, "territory order");
        FUZZ_CHECK(strcmp(shr_territory_name(t), shr_territory_name(u)) == 0, "territory name");
        FUZZ_CHECK(shr_territory_population(t) == shr_territory_population(u), "population");
    }
    rc = shr_catalog_save(again, save_b, &err);
    FUZZ_CHECK(rc == SHR_OK, "second save: %s", err.message);
    size_t sa = 0, sb = 0;
    char *a = slurp(save_a, &sa), *b = slurp(save_b, &sb);
    FUZZ_CHECK(a && b && sa == sb && memcmp(a, b, sa) == 0,
               "saving a reloaded catalog gives other bytes (%zu vs %zu)", sa, sb);
    free(a);
    free(b);
    shr_catalog_free(again);
    unlink(save_a);
    unlink(save_b);
}

static void check_failure(int rc, const shr_error *err, const uint8_t *data, size_t size)
{
    fuzz_check_error(rc, err, "load");
    FUZZ_CHECK(strcmp(err->file, "fuzz") == 0, "err.file '%s'", err->file);
    if (rc == SHR_ESYNTAX && !(known_reader_line && err->line == 0))
        FUZZ_CHECK(err->line >= 1, "syntax error without a line: %s", err->message);
    if (err->line >= 1) {
        FUZZ_CHECK(err->line <= input_lines(data, size) + 1, "line %u beyond the input (%u lines)",
                   err->line, input_lines(data, size));
        FUZZ_CHECK(err->column >= 1, "line %u without column", err->line);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    shr_error err;
    const char *text = (const char *)data;

    /* 1. A new catalog. */
    shr_catalog *cat = shr_catalog_new(NULL);
    FUZZ_CHECK(cat != NULL, "catalog_new");
    int rc = shr_catalog_load_buffer(cat, "fuzz", text, size, &err);
    if (rc != SHR_OK) {
        check_failure(rc, &err, data, size);
        FUZZ_CHECK(shr_catalog_territory_count(cat) == 0 && shr_catalog_practice_count(cat) == 0 &&
                       shr_catalog_actor_count(cat) == 0 && shr_catalog_file_count(cat) == 0 &&
                       shr_catalog_category_count(cat) == 32,
                   "a failed load changed the new catalog");
    } else {
        fuzz_walk(cat);
        check_queries(cat);
        round_trip(cat);
    }
    shr_catalog_free(cat);

    /* 2. A catalog with territories to refer to. */
    cat = shr_catalog_new(NULL);
    rc = shr_catalog_load_buffer(cat, "base", fuzz_territories, sizeof fuzz_territories - 1, &err);
    FUZZ_CHECK(rc == SHR_OK, "base: %s", err.message);
    size_t nt = shr_catalog_territory_count(cat);
    const shr_territory *nevers = shr_catalog_territory(cat, "fr-com-58194");
    rc = shr_catalog_load_buffer(cat, "fuzz", text, size, &err);
    if (rc != SHR_OK) {
        check_failure(rc, &err, data, size);
        FUZZ_CHECK(shr_catalog_territory_count(cat) == nt && shr_catalog_practice_count(cat) == 0 &&
                       shr_catalog_actor_count(cat) == 0 && shr_catalog_file_count(cat) == 1 &&
                       shr_catalog_category_count(cat) == 32,
                   "a failed load changed the preloaded catalog");
        FUZZ_CHECK(shr_catalog_territory(cat, "fr-com-58194") == nevers, "look-up after failure");
        FUZZ_CHECK(shr_territory_within(nevers, shr_catalog_territory(cat, "fr")), "graph after failure");
        check_queries(cat);
    } else {
        FUZZ_CHECK(shr_catalog_territory(cat, "fr-com-58194") == nevers, "pointers moved");
        fuzz_walk(cat);
        check_queries(cat);
        round_trip(cat);
    }
    shr_catalog_free(cat);

    /* 3. Two files, the second loaded into what the first left. */
    static const char sep[] = "\n#@@next\n";
    const char *split = NULL;
    for (size_t i = 0; size >= sizeof sep - 1 && i <= size - (sizeof sep - 1); i++)
        if (memcmp(text + i, sep, sizeof sep - 1) == 0) {
            split = text + i;
            break;
        }
    if (!split)
        return 0;
    size_t first = (size_t)(split - text), rest = size - first - (sizeof sep - 1);
    cat = shr_catalog_new(NULL);
    rc = shr_catalog_load_buffer(cat, "base", fuzz_territories, sizeof fuzz_territories - 1, &err);
    FUZZ_CHECK(rc == SHR_OK, "base: %s", err.message);
    rc = shr_catalog_load_buffer(cat, "fuzz", text, first, &err);
    if (rc == SHR_OK) {
        size_t counts[5] = {shr_catalog_territory_count(cat), shr_catalog_actor_count(cat),
                            shr_catalog_practice_count(cat), shr_catalog_category_count(cat),
                            shr_catalog_file_count(cat)};
        const shr_practice *p0 = counts[2] ? shr_catalog_practice_at(cat, 0) : NULL;
        rc = shr_catalog_load_buffer(cat, "fuzz", split + sizeof sep - 1, rest, &err);
        if (rc != SHR_OK) {
            check_failure(rc, &err, (const uint8_t *)split + sizeof sep - 1, rest);
            FUZZ_CHECK(shr_catalog_territory_count(cat) == counts[0] &&
                           shr_catalog_actor_count(cat) == counts[1] &&
                           shr_catalog_practice_count(cat) == counts[2] &&
                           shr_catalog_category_count(cat) == counts[3] &&
                           shr_catalog_file_count(cat) == counts[4],
                       "a failed second load changed the catalog");
        }
        if (p0)
            FUZZ_CHECK(shr_catalog_practice(cat, shr_practice_id(p0)) == p0,
                       "a second load moved the first file's records");
        fuzz_walk(cat);
        check_queries(cat);
        if (rc == SHR_OK)
            round_trip(cat);
    }
    shr_catalog_free(cat);
    return 0;
}
