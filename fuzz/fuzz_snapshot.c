/*
 * libFuzzer target: binary snapshots (docs/snapshot.md, lib/yaml/snapshot_read.c).
 *
 * The checksum would turn away almost every mutated input before the structural checks, so
 * when the input starts with 'S' (as the seeds do) the header is fixed up first: magic, size
 * and checksum made right, so that the fuzzer explores the section table, offsets, indices,
 * enum values, strings and coded descriptions. Other inputs are loaded as they are (the
 * header checks themselves; tests/test_snapshot.c flips every byte of a snapshot too).
 * Invariants (abort on breach):
 *   - a failure is a clean error (SHR_EFORMAT once the magic is right, err.code equal to it,
 *     a one-line message naming the file) and leaves the catalog empty;
 *   - a success gives a catalog whose every string can be read, whose empty query counts every
 *     practice, and on which a YAML file can then be loaded (the town's file on top).
 * Memory errors, leaks and undefined behaviour are caught by ASan/UBSan (build-fuzz).
 * Seeds: snapshots of tests/data catalogs (fuzz/make_corpus.sh, OUT/snapshot).
 */
#include "fuzz_common.h"

#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>

/* lib/yaml/snapshot_write.c (internal, in the fuzz build's static library). */
uint64_t shr__snapshot_checksum(const void *data, size_t size);

static char path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/shr-fuzz-snapshot-%ld.shrs", dir, (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *image = malloc(size ? size : 1);
    if (!image)
        return 0;
    memcpy(image, data, size);
    bool fixed = size >= 64 && data[0] == 'S';
    if (fixed) {
        uint64_t n = size;
        memcpy(image, "SHRSNAP\n", 8);
        memcpy(image + 32, &n, 8);
        uint64_t sum = shr__snapshot_checksum(image, size);
        memcpy(image + 40, &sum, 8);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(image, 1, size, f) != size) {
        if (f)
            fclose(f);
        free(image);
        return 0;
    }
    fclose(f);
    bool magic = size >= 8 && memcmp(image, "SHRSNAP\n", 8) == 0;
    free(image);

    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat)
        return 0;
    shr_error err;
    int rc = shr_catalog_load(cat, path, &err);
    if (rc != SHR_OK) {
        fuzz_check_error(rc, &err, "snapshot load");
        if (magic)
            FUZZ_CHECK(rc == SHR_EFORMAT || rc == SHR_ECYCLE || rc == SHR_ENOMEM,
                       "a damaged snapshot gave %s: %s", shr_error_code_name(rc), err.message);
        FUZZ_CHECK(shr_catalog_practice_count(cat) == 0 && shr_catalog_territory_count(cat) == 0 &&
                       shr_catalog_action_count(cat) == 0 && shr_catalog_file_count(cat) == 0,
                   "a failed snapshot load left records");
    } else {
        (void)fuzz_walk(cat);
        shr_query *q = NULL;
        FUZZ_CHECK(shr_query_parse(cat, "", &q, &err) == SHR_OK, "empty query: %s", err.message);
        int64_t n = shr_query_count(q, &err);
        FUZZ_CHECK(n == (int64_t)shr_catalog_practice_count(cat), "empty query counts %lld",
                   (long long)n);
        shr_query_free(q);
        /* The town's file on top: whatever it gives, the catalog stays readable. */
        (void)shr_catalog_load_buffer(cat, "town.yaml", fuzz_territories,
                                      sizeof fuzz_territories - 1, &err);
        (void)fuzz_walk(cat);
    }
    shr_catalog_free(cat);
    return 0;
}
