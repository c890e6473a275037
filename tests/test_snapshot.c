/*
 * Binary snapshots (docs/snapshot.md): round trip (a snapshot gives the same catalog as its
 * YAML, checked through shr_catalog_save's deterministic output), safety (every byte of a
 * small snapshot flipped, with and without a matching checksum; every truncation; another
 * library version), combination with YAML under the all-or-nothing rule, and the default
 * catalog's snapshot (used when fresh and valid, else the YAML).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sharitories/sharitories.h>

#include "fault_alloc.h"
#include "snapshot.h"

#ifndef SHR_TEST_DATA
#define SHR_TEST_DATA "tests/data"
#endif

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/shr_test_snapshot_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

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
                unlink(path);
            }
        closedir(d);
    }
    rmdir(tmpdir);
    return 0;
}

static const char *tmp_path(const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = '\0';
    *size = (size_t)n;
    return buf;
}

static void write_all(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    fclose(f);
}

static shr_catalog *load(const char *path)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    int rc = shr_catalog_load(cat, path, &err);
    if (rc != SHR_OK)
        fail_msg("%s: %s", path, err.message);
    return cat;
}

/* The catalog saved as YAML (deterministic), read back. */
static char *saved(const shr_catalog *cat, const char *name, size_t *size)
{
    shr_error err;
    if (shr_catalog_save(cat, tmp_path(name), &err) != SHR_OK)
        fail_msg("save: %s", err.message);
    return read_all(tmp_path(name), size);
}

/* Queries give the same answers on both catalogs (their indexes are those of the same
 * records). */
static void assert_same_answers(const shr_catalog *a, const shr_catalog *b)
{
    static const char *const queries[] = {"axis:solidarity or tag:repair", "category:fablab",
                                          "\"repair\""};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        shr_error err;
        shr_query *qa = NULL, *qb = NULL;
        assert_int_equal(shr_query_parse(a, queries[i], &qa, &err), SHR_OK);
        assert_int_equal(shr_query_parse(b, queries[i], &qb, &err), SHR_OK);
        assert_int_equal(shr_query_count(qa, &err), shr_query_count(qb, &err));
        shr_query_free(qa);
        shr_query_free(qb);
    }
}

/* The two catalogs have the same records, every field (YAML saves equal, byte for byte). */
static void assert_same_records(const shr_catalog *a, const shr_catalog *b)
{
    assert_int_equal(shr_catalog_practice_count(a), shr_catalog_practice_count(b));
    assert_int_equal(shr_catalog_territory_count(a), shr_catalog_territory_count(b));
    assert_int_equal(shr_catalog_actor_count(a), shr_catalog_actor_count(b));
    assert_int_equal(shr_catalog_action_count(a), shr_catalog_action_count(b));
    size_t na, nb;
    char *ya = saved(a, "a.yaml", &na), *yb = saved(b, "b.yaml", &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ya, yb, na);
    free(ya);
    free(yb);
    assert_same_answers(a, b);
}

/* cat (loaded from YAML) and its snapshot, opened, are the same catalog. */
static void assert_snapshot_same(const shr_catalog *a)
{
    shr_error err;
    assert_int_equal(shr_catalog_save_snapshot(a, tmp_path("rt.shrs"), &err), SHR_OK);
    shr_catalog *b = load(tmp_path("rt.shrs"));
    assert_same_records(a, b);
    shr_catalog_free(b);
}

static void assert_same_catalog(const char *yaml)
{
    shr_catalog *a = load(yaml);
    assert_snapshot_same(a);
    shr_catalog_free(a);
}

static void test_round_trip_full(void **state)
{
    (void)state;
    assert_same_catalog(SHR_TEST_DATA "/full.yaml");
}

static shr_catalog *load_default(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    if (shr_catalog_load_default(cat, &err) != SHR_OK)
        fail_msg("%s: %s", err.file, err.message);
    return cat;
}

/* The bundled default catalog (its files as they are, the référentiel's fiches-actions
 * included) gives the same records through a snapshot. */
static void test_round_trip_default(void **state)
{
    (void)state;
    shr_catalog *a = load_default();
    assert_true(shr_catalog_action_count(a) > 0);
    assert_true(shr_catalog_file_count(a) > 1);
    assert_snapshot_same(a);
    shr_catalog_free(a);
}

/* A town's file on top of the default catalog: its snapshot gives the same records, and the
 * town's file loaded on top of the default catalog's snapshot gives the same catalog as on top
 * of its YAML. */
static void test_round_trip_default_with_town(void **state)
{
    (void)state;
    const char *town = SHR_TEST_DATA "/roadmap/towns.yaml";
    shr_error err;
    shr_catalog *a = load_default();
    size_t nbase = shr_catalog_practice_count(a);
    assert_int_equal(shr_catalog_save_snapshot(a, tmp_path("base.shrs"), &err), SHR_OK);
    if (shr_catalog_load(a, town, &err) != SHR_OK)
        fail_msg("%s: %s", err.file, err.message);
    assert_true(shr_catalog_practice_count(a) > nbase);
    assert_snapshot_same(a);
    shr_catalog *b = load(tmp_path("base.shrs"));
    if (shr_catalog_load(b, town, &err) != SHR_OK)
        fail_msg("%s: %s", err.file, err.message);
    assert_same_records(a, b);
    shr_catalog_free(b);
    shr_catalog_free(a);
}

/* Empty sections (no actor, no added category, no extra field, no description). */
static void test_sparse(void **state)
{
    (void)state;
    const char *yaml = "sharitories: 1\nterritories:\n  - {id: fr, name: France, kind: country}\n"
                       "practices:\n  - {id: p1, name: P, category: fablab, territories: [fr]}\n";
    write_all(tmp_path("sparse.yaml"), yaml, strlen(yaml));
    assert_same_catalog(tmp_path("sparse.yaml"));
    write_all(tmp_path("none.yaml"), "sharitories: 1\n", 15);
    assert_same_catalog(tmp_path("none.yaml"));
}

/* A description already decoded by shr_practice_description() is written too. */
static void test_decoded_description(void **state)
{
    (void)state;
    shr_catalog *a = load(SHR_TEST_DATA "/full.yaml");
    for (size_t i = 0; i < shr_catalog_practice_count(a); i++)
        (void)shr_practice_description(shr_catalog_practice_at(a, i));
    shr_error err;
    assert_int_equal(shr_catalog_save_snapshot(a, tmp_path("dec.shrs"), &err), SHR_OK);
    shr_catalog *b = load(tmp_path("dec.shrs"));
    for (size_t i = 0; i < shr_catalog_practice_count(a); i++) {
        const char *da = shr_practice_description(shr_catalog_practice_at(a, i));
        const char *db = shr_practice_description(shr_catalog_practice_at(b, i));
        if (!da)
            assert_null(db);
        else
            assert_string_equal(da, db);
    }
    shr_catalog_free(a);
    shr_catalog_free(b);
}

/* One fiche-action with every field, on full.yaml's categories (an added one included). */
static const char small_action[] =
    "sharitories: 1\nactions:\n  - id: seeds\n"
    "    title: {fr: \"Graines\", en: \"Seeds\"}\n"
    "    summary: {fr: \"Échanger des graines.\", en: \"Swap seeds.\"}\n"
    "    challenge: {fr: \"Biodiversité\", en: \"Biodiversity\"}\n"
    "    axes: [solidarity, shared_resources]\n    categories: [seed_library, fablab]\n"
    "    audience: [citizens, funders]\n    lead: [citizen]\n    partners: [public, private]\n"
    "    stance: regulate\n    phase: awareness\n    effort: low\n    horizon: 6\n"
    "    steps:\n      - {fr: \"Un\", en: \"One\"}\n      - {fr: \"Deux\", en: \"Two\"}\n"
    "    levers: [{fr: \"Levier\", en: \"Lever\"}]\n    risks: [{fr: \"Risque\", en: \"Risk\"}]\n"
    "    good_practices: [{fr: \"Bien\", en: \"Good\"}]\n"
    "    indicators: [{fr: \"Nombre\", en: \"Count\"}]\n"
    "    links: [\"https://example.org/seeds\"]\n    sources: [\"tests\"]\n";

/* full.yaml and one fiche-action, loaded from YAML. */
static shr_catalog *load_small(void)
{
    char action[1024];
    strcpy(action, tmp_path("action.yaml"));
    write_all(action, small_action, strlen(small_action));
    shr_catalog *a = shr_catalog_new(NULL);
    const char *files[] = {SHR_TEST_DATA "/full.yaml", action};
    shr_error err;
    if (shr_catalog_load_files(a, files, 2, &err) != SHR_OK)
        fail_msg("%s: %s", err.file, err.message);
    assert_int_equal(shr_catalog_action_count(a), 1);
    return a;
}

static void test_round_trip_action(void **state)
{
    (void)state;
    shr_catalog *a = load_small();
    assert_snapshot_same(a);
    shr_catalog_free(a);
}

static char *small_snapshot(size_t *size)
{
    shr_catalog *a = load_small();
    shr_error err;
    assert_int_equal(shr_catalog_save_snapshot(a, tmp_path("small.shrs"), &err), SHR_OK);
    shr_catalog_free(a);
    return read_all(tmp_path("small.shrs"), size);
}

/* Read every text of the catalog (a load that passed must give readable records; the sanitizer
 * and valgrind runs check the reads). */
static void walk(const shr_catalog *cat)
{
    size_t sum = 0;
    for (size_t i = 0; i < shr_catalog_territory_count(cat); i++)
        sum += strlen(shr_territory_name(shr_catalog_territory_at(cat, i)));
    for (size_t i = 0; i < shr_catalog_practice_count(cat); i++) {
        const shr_practice *p = shr_catalog_practice_at(cat, i);
        const char *d = shr_practice_description(p);
        sum += strlen(shr_practice_name(p)) + (d ? strlen(d) : 0);
        for (size_t k = 0; k < shr_practice_territory_count(p); k++)
            sum += strlen(shr_territory_id(shr_practice_territory_at(p, k)));
        for (size_t k = 0; k < shr_practice_tag_count(p); k++)
            sum += strlen(shr_practice_tag_at(p, k));
    }
    for (size_t i = 0; i < shr_catalog_action_count(cat); i++) {
        const shr_action *a = shr_catalog_action_at(cat, i);
        sum += strlen(shr_action_id(a)) + strlen(shr_action_title(a, "fr")) +
               strlen(shr_action_summary(a, "en")) + strlen(shr_action_challenge(a, "fr"));
        for (size_t k = 0; k < shr_action_category_count(a); k++)
            sum += strlen(shr_category_id(shr_action_category_at(a, k)));
    }
    assert_true(sum > 0);
}

/* Load a damaged image: it must fail (else when `may_pass`), leave the catalog empty, and say
 * SHR_EFORMAT once the magic number is intact. */
static void try_damaged(const char *image, size_t size, bool magic_intact, bool may_pass)
{
    const char *path = tmp_path("bad.shrs");
    write_all(path, image, size);
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    int rc = shr_catalog_load(cat, path, &err);
    if (rc == SHR_OK) {
        if (!may_pass)
            fail_msg("a damaged snapshot loaded (%zu bytes)", size);
        walk(cat); /* every record readable */
    } else {
        assert_int_equal(shr_catalog_practice_count(cat), 0);
        assert_int_equal(shr_catalog_territory_count(cat), 0);
        assert_int_equal(shr_catalog_action_count(cat), 0);
        assert_int_equal(shr_catalog_file_count(cat), 0);
        if (magic_intact && !may_pass) {
            assert_int_equal(rc, SHR_EFORMAT);
            assert_non_null(strstr(err.message, "invalid snapshot"));
        }
    }
    shr_catalog_free(cat);
}

static void test_flip_every_byte(void **state)
{
    (void)state;
    size_t size;
    char *image = small_snapshot(&size);
    for (size_t i = 0; i < size; i++) {
        image[i] ^= 0x5a;
        try_damaged(image, size, i >= 8, false);
        image[i] ^= 0x5a;
    }
    free(image);
}

/* The same with the checksum made to match: the structural checks alone. A flip may then give
 * a valid catalog (a line number, a padding byte, a letter of a name), or any clean error. */
static void test_flip_every_byte_checksummed(void **state)
{
    (void)state;
    size_t size;
    char *image = small_snapshot(&size);
    for (size_t i = 8; i < size; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            image[i] ^= (char)(1 << bit);
            snap_header h;
            memcpy(&h, image, sizeof h);
            uint64_t old = h.checksum;
            h.checksum = shr__snapshot_checksum(image, size);
            memcpy(image, &h, sizeof h);
            try_damaged(image, size, true, true);
            h.checksum = old;
            memcpy(image, &h, sizeof h);
            image[i] ^= (char)(1 << bit);
        }
    }
    free(image);
}

static void test_truncated(void **state)
{
    (void)state;
    size_t size;
    char *image = small_snapshot(&size);
    for (size_t n = 0; n < size; n++)
        try_damaged(image, n, n >= 8, false);
    free(image);
}

static void test_other_version(void **state)
{
    (void)state;
    size_t size;
    char *image = small_snapshot(&size);
    snap_header h;
    memcpy(&h, image, sizeof h);
    memset(h.library, 0, sizeof h.library);
    strcpy(h.library, "0.0.0-other");
    memcpy(image, &h, sizeof h);
    h.checksum = shr__snapshot_checksum(image, size);
    memcpy(image, &h, sizeof h);
    write_all(tmp_path("other.shrs"), image, size);
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load(cat, tmp_path("other.shrs"), &err), SHR_EFORMAT);
    assert_non_null(strstr(err.message, "another version"));
    assert_string_equal(err.file, tmp_path("other.shrs"));
    shr_catalog_free(cat);
    free(image);
}

/* A town's file on top of a snapshot: in the same call and in a later one; a failure in the
 * call undoes the snapshot too. */
static void test_with_yaml(void **state)
{
    (void)state;
    size_t size;
    free(small_snapshot(&size));
    char snap[1024], good_path[1024], bad_path[1024];
    strcpy(snap, tmp_path("small.shrs"));
    strcpy(good_path, tmp_path("good.yaml"));
    strcpy(bad_path, tmp_path("bad.yaml"));
    const char *good = "sharitories: 1\npractices:\n  - id: p-town\n    name: \"A\"\n"
                       "    category: seed_library\n    territories: [fr-com-58194]\n";
    const char *bad = "sharitories: 1\npractices:\n  - id: p-town\n    name: \"A\"\n"
                      "    category: seed_library\n    territories: [fr-com-00000]\n";
    write_all(good_path, good, strlen(good));
    write_all(bad_path, bad, strlen(bad));
    shr_catalog *base = load(snap);
    size_t n0 = shr_catalog_practice_count(base);
    shr_catalog_free(base);

    shr_error err;
    shr_catalog *cat = shr_catalog_new(NULL);
    const char *both_bad[] = {snap, bad_path};
    assert_int_not_equal(shr_catalog_load_files(cat, both_bad, 2, &err), SHR_OK);
    assert_int_equal(shr_catalog_practice_count(cat), 0);
    assert_int_equal(shr_catalog_file_count(cat), 0);
    const char *both[] = {snap, good_path};
    if (shr_catalog_load_files(cat, both, 2, &err) != SHR_OK)
        fail_msg("%s: %s", err.file, err.message);
    assert_int_equal(shr_catalog_practice_count(cat), n0 + 1);
    const shr_practice *p = shr_catalog_practice(cat, "p-town");
    assert_non_null(p);
    assert_string_equal(shr_territory_id(shr_practice_territory_at(p, 0)), "fr-com-58194");
    shr_catalog_free(cat);

    cat = load(snap);
    assert_int_not_equal(shr_catalog_load(cat, bad_path, &err), SHR_OK);
    assert_int_equal(shr_catalog_practice_count(cat), n0);
    assert_int_equal(shr_catalog_load(cat, good_path, &err), SHR_OK);
    assert_int_equal(shr_catalog_practice_count(cat), n0 + 1);
    /* A snapshot only goes first. */
    assert_int_equal(shr_catalog_load(cat, snap, &err), SHR_EINVAL);
    assert_int_equal(shr_catalog_practice_count(cat), n0 + 1);
    shr_catalog_free(cat);
}

/* Every allocation of a snapshot load failed in turn: SHR_ENOMEM, the catalog empty, nothing
 * leaked; then the same catalog loads. */
static void test_out_of_memory(void **state)
{
    (void)state;
    size_t size;
    free(small_snapshot(&size));
    char snap[1024];
    strcpy(snap, tmp_path("small.shrs"));
    fault_alloc fa;
    fault_alloc_init(&fa);
    size_t n, failed = 0;
    for (n = 1; n < 100000; n++) {
        shr_catalog *cat = shr_catalog_new(&fa.hook);
        assert_non_null(cat);
        fault_alloc_arm(&fa, n, false);
        shr_error err;
        int rc = shr_catalog_load(cat, snap, &err);
        fault_alloc_disarm(&fa);
        size_t injected = fa.failures;
        if (rc != SHR_OK) {
            assert_int_equal(rc, SHR_ENOMEM);
            assert_int_equal(shr_catalog_practice_count(cat), 0);
            assert_int_equal(shr_catalog_file_count(cat), 0);
            failed++;
            assert_int_equal(shr_catalog_load(cat, snap, &err), SHR_OK);
        }
        assert_int_equal(shr_catalog_practice_count(cat), 3);
        shr_catalog_free(cat);
        assert_int_equal(fa.live, 0);
        if (injected == 0)
            break;
    }
    assert_true(failed > 10);
}

static void set_mtime(const char *path, time_t t)
{
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static size_t default_count(void)
{
    shr_catalog *cat = load_default();
    size_t n = shr_catalog_practice_count(cat);
    shr_catalog_free(cat);
    return n;
}

/* The default catalog's snapshot is opened when not older than its files and valid. To tell
 * which was read, the snapshot here is of the files plus one practice. */
static void test_default_snapshot(void **state)
{
    (void)state;
    size_t size;
    char *yaml = read_all(SHR_TEST_DATA "/full.yaml", &size);
    write_all(tmp_path("full.yaml"), yaml, size);
    free(yaml);
    write_all(tmp_path("default.catalog"), "full.yaml\n", 10);
    const char *extra = "sharitories: 1\npractices:\n  - id: p-only-in-snapshot\n"
                        "    name: \"B\"\n    category: seed_library\n    territories: [fr]\n";
    write_all(tmp_path("extra.yaml"), extra, strlen(extra));
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    char full_path[1024], extra_path[1024];
    strcpy(full_path, tmp_path("full.yaml"));
    strcpy(extra_path, tmp_path("extra.yaml"));
    const char *files[] = {full_path, extra_path};
    if (shr_catalog_load_files(cat, files, 2, &err) != SHR_OK)
        fail_msg("%s: %s", err.file, err.message);
    assert_int_equal(shr_catalog_save_snapshot(cat, tmp_path("default.shrs"), &err), SHR_OK);
    size_t with_extra = shr_catalog_practice_count(cat);
    shr_catalog_free(cat);

    setenv("SHARITORIES_DATA_DIR", tmpdir, 1);
    time_t now = time(NULL);
    set_mtime(tmp_path("full.yaml"), now - 100);
    set_mtime(tmp_path("default.catalog"), now - 100);
    set_mtime(tmp_path("default.shrs"), now - 50);
    assert_int_equal(default_count(), with_extra); /* fresh: the snapshot */
    set_mtime(tmp_path("full.yaml"), now - 10);
    assert_int_equal(default_count(), with_extra - 1); /* a file is newer: the YAML */
    set_mtime(tmp_path("full.yaml"), now - 100);
    /* Corrupted (but newer): the YAML. */
    size_t n;
    char *image = read_all(tmp_path("default.shrs"), &n);
    image[n / 2] ^= 1;
    write_all(tmp_path("default.shrs"), image, n);
    free(image);
    set_mtime(tmp_path("default.shrs"), now - 50);
    assert_int_equal(default_count(), with_extra - 1);
    unsetenv("SHARITORIES_DATA_DIR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_full),
        cmocka_unit_test(test_round_trip_default),
        cmocka_unit_test(test_round_trip_default_with_town),
        cmocka_unit_test(test_sparse),
        cmocka_unit_test(test_decoded_description),
        cmocka_unit_test(test_round_trip_action),
        cmocka_unit_test(test_flip_every_byte),
        cmocka_unit_test(test_flip_every_byte_checksummed),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_other_version),
        cmocka_unit_test(test_with_yaml),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_default_snapshot),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
