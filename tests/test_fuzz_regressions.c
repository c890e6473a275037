/*
 * Regressions found by fuzzing (fuzz/): each test is the smallest form of an input that broke
 * an invariant, named after the bug. The raw inputs are kept in fuzz/regressions/<target>/ and
 * replayed by tools/fuzz-smoke.sh; these tests pin the behaviour in the ordinary test suite.
 * (The UBSan finding "applying zero offset to null pointer" in lib/core/graph.c close_node() only
 * shows with clang's UBSan, so it is replayed by fuzz-smoke only:
 * fuzz/regressions/fuzz_load/null-plus-zero-in-graph-closure.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sharitories/import.h>

#include "reliability_util.h"

static shr_catalog *territories_catalog(void)
{
    shr_error err;
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    int rc = shr_catalog_load(cat, rel_data_path(0, "reliability/territories.yaml"), &err);
    if (rc != SHR_OK)
        fail_msg("territories: %s", err.message);
    return cat;
}

/* Import csv with mapping (both in memory) against cat; any failure fails the test. */
static shr_import *import_buffers(shr_catalog *cat, const char *mapping, size_t mapping_size,
                                  const char *csv, size_t csv_size, shr_import_mapping **map)
{
    shr_error err;
    *map = NULL;
    int rc = shr_import_mapping_load_buffer(cat, "mapping", mapping, mapping_size, map, &err);
    if (rc != SHR_OK)
        fail_msg("mapping: %u:%u: %s", err.line, err.column, err.message);
    shr_import *imp = NULL;
    rc = shr_import_csv_buffer(cat, *map, "rows.csv", csv, csv_size, &imp, &err);
    if (rc != SHR_OK)
        fail_msg("import: %u:%u: %s", err.line, err.column, err.message);
    return imp;
}

/*
 * fuzz_import: a practice id ending with ':' ("cget-tl-:", a valid id) was written by
 * shr_import_write_yaml_file() as `id: ! 'cget-tl-:'` (plain style asked, libyaml fell back to
 * single quotes, and quoted_implicit was 0 so it added the non-specific tag "!"), which the
 * loader refuses: the imported file did not load back.
 */
static void test_import_output_with_colons_loads_back(void **state)
{
    (void)state;
    shr_error err;
    shr_catalog *cat = territories_catalog();
    static const char mapping[] = "sharitories_import: 1\n"
                                  "columns: {id: ID, name: NAME, commune_code: CODE}\n"
                                  "constants: {id_prefix: \"x-\", category: fablab}\n";
    static const char csv[] = "ID,NAME,CODE\n"
                              ":,Fablab,58194\n"
                              "b:c,\"Name: with a colon:\",58194\n"
                              "d,- starts with a dash,58160\n";
    shr_import_mapping *map = NULL;
    shr_import *imp = import_buffers(cat, mapping, sizeof mapping - 1, csv, sizeof csv - 1, &map);
    assert_int_equal(shr_import_resolved_count(imp), 3);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_int_equal(shr_import_write_yaml_file(imp, f, &err), SHR_OK);
    fclose(f);
    shr_catalog *again = territories_catalog();
    int rc = shr_catalog_load_buffer(again, "imported", text, size, &err);
    if (rc != SHR_OK)
        fail_msg("the imported file does not load: %u:%u: %s\n%s", err.line, err.column,
                 err.message, text);
    assert_non_null(shr_catalog_practice(again, "x-:"));
    assert_non_null(shr_catalog_practice(again, "x-b:c"));
    assert_string_equal(shr_practice_name(shr_catalog_practice(again, "x-b:c")),
                        "Name: with a colon:");
    free(text);
    shr_catalog_free(again);
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
}

/* The same shapes through the catalog's own saver (saver.c): must round-trip too. */
static void test_save_with_colons_loads_back(void **state)
{
    (void)state;
    shr_error err;
    shr_catalog *cat = territories_catalog();
    static const char doc[] = "sharitories: 1\n"
                              "practices:\n"
                              "  - {id: \"x-:\", name: \"Name: with a colon:\", category: fablab,\n"
                              "     territories: [fr-com-58194], tags: [\"a: b\", \"- c\", \"#d\", \"'\"],\n"
                              "     description: \"! not a tag\", figures: {\"k:\": 1}}\n";
    int rc = shr_catalog_load_buffer(cat, "doc", doc, sizeof doc - 1, &err);
    if (rc != SHR_OK)
        fail_msg("doc: %u:%u: %s", err.line, err.column, err.message);
    char *dir = rel_make_temp_dir("regress");
    char path[4200];
    snprintf(path, sizeof path, "%s/saved.yaml", dir);
    assert_int_equal(shr_catalog_save(cat, path, &err), SHR_OK);
    shr_catalog *again = shr_catalog_new(NULL);
    rc = shr_catalog_load(again, path, &err);
    if (rc != SHR_OK)
        fail_msg("the saved file does not load: %u:%u: %s", err.line, err.column, err.message);
    const shr_practice *p = shr_catalog_practice(again, "x-:");
    assert_non_null(p);
    assert_int_equal(shr_practice_tag_count(p), 4);
    assert_string_equal(shr_practice_description(p), "! not a tag");
    shr_catalog_free(again);
    shr_catalog_free(cat);
    rel_rm_rf(dir);
    free(dir);
}

/*
 * fuzz_import: a rejected row's reason quoted a cell verbatim, line breaks (a quoted CSV cell
 * may hold them) and control characters included, so that the CLI's "LINE: reason" output
 * spanned several lines and could carry terminal escape sequences from an untrusted file.
 * Reasons and warnings must be one line of printable text.
 */
static void test_import_reasons_are_one_line(void **state)
{
    (void)state;
    shr_catalog *cat = territories_catalog();
    static const char mapping[] = "sharitories_import: 1\n"
                                  "columns: {id: ID, name: NAME, category: TYPE, commune_code: CODE,\n"
                                  "          link: WEB}\n"
                                  "categories: {fablab: fablab}\n";
    static const char csv[] = "ID,NAME,TYPE,CODE,WEB\n"
                              "1,Un,\"multi\nline\x1b[31m category\",58194,\n"
                              "2,Deux,fablab,\"58\n194\",\n"
                              "3,Trois,fablab,58194,\"pas\nun\x1b]0;lien\x07\"\n";
    shr_import_mapping *map = NULL;
    shr_import *imp = import_buffers(cat, mapping, sizeof mapping - 1, csv, sizeof csv - 1, &map);
    int bad = 0;
    for (size_t i = 0; i < shr_import_row_count(imp); i++) {
        const char *r = shr_import_row_reason(imp, i);
        for (const char *c = r; c && *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f) {
                printf("row %zu: reason with control character 0x%02x: '%s'\n", i,
                       (unsigned char)*c, r);
                bad++;
                break;
            }
    }
    for (size_t i = 0; i < shr_import_warning_count(imp); i++) {
        const char *w = shr_import_warning_text(imp, i);
        for (const char *c = w; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f) {
                printf("warning %zu: control character 0x%02x: '%s'\n", i, (unsigned char)*c, w);
                bad++;
                break;
            }
    }
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_output_with_colons_loads_back),
        cmocka_unit_test(test_save_with_colons_loads_back),
        cmocka_unit_test(test_import_reasons_are_one_line),
    };
    return cmocka_run_group_tests_name("fuzz_regressions", tests, NULL, NULL);
}
