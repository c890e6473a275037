/*
 * Loading catalog files: every error of spec/format.md with the exact place it must be
 * reported at, typing rules, loading several files in any order, and the all-or-nothing
 * guarantee (a failed load leaves the catalog exactly as it was).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sharitories/sharitories.h>

#ifndef SHR_TEST_DATA
#define SHR_TEST_DATA "tests/data"
#endif

static const char *data_path(const char *name)
{
    static char buf[1024];
    const char *dir = getenv("SHARITORIES_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/%s", dir && *dir ? dir : SHR_TEST_DATA, name);
    return buf;
}

static int load(shr_catalog *cat, const char *yaml, shr_error *err)
{
    return shr_catalog_load_buffer(cat, "t.yaml", yaml, strlen(yaml), err);
}

/* Counts and a look-up that must not change when a load fails. */
typedef struct snapshot {
    size_t territories, actors, practices, categories, files;
} snapshot;

static snapshot snap(const shr_catalog *cat)
{
    snapshot s = {shr_catalog_territory_count(cat), shr_catalog_actor_count(cat),
                  shr_catalog_practice_count(cat), shr_catalog_category_count(cat),
                  shr_catalog_file_count(cat)};
    return s;
}

static void assert_same(snapshot a, snapshot b)
{
    assert_int_equal(a.territories, b.territories);
    assert_int_equal(a.actors, b.actors);
    assert_int_equal(a.practices, b.practices);
    assert_int_equal(a.categories, b.categories);
    assert_int_equal(a.files, b.files);
}

/*
 * Load `yaml` into a new catalog and check the error: code, place (file "t.yaml", 1-based line
 * and column), record id and a part of the message. The catalog must be left empty.
 */
static void check_error(const char *yaml, int code, unsigned line, unsigned column,
                        const char *record, const char *part)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    snapshot before = snap(cat);
    shr_error err;
    int rc = load(cat, yaml, &err);
    if (rc != code || err.line != line || err.column != column || strcmp(err.record, record) ||
        !strstr(err.message, part))
        print_error("got %s %s:%u:%u [%s] %s\n", shr_error_code_name(rc), err.file, err.line,
                    err.column, err.record, err.message);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_string_equal(err.file, "t.yaml");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_string_equal(err.record, record);
    assert_non_null(strstr(err.message, part));
    assert_null(strchr(err.message, '\n'));
    assert_same(before, snap(cat));
    assert_null(shr_catalog_territory(cat, "t1"));
    assert_null(shr_catalog_practice(cat, "p1"));
    shr_catalog_free(cat);
}

/* A valid territory and the start of a practice; tests append lines from line 9 on. */
#define HEAD                                                                                      \
    "sharitories: 1\n"                           /* 1 */                                          \
    "territories:\n"                             /* 2 */                                          \
    "  - {id: t1, name: \"T1\", kind: commune}\n" /* 3 */                                         \
    "practices:\n"                               /* 4 */                                          \
    "  - id: p1\n"                               /* 5: mapping at column 5, id at 9 */            \
    "    name: \"P1\"\n"                         /* 6 */                                          \
    "    category: fablab\n"                     /* 7: value at column 15 */                      \
    "    territories: [t1]\n"                    /* 8: '[' at column 18 */

/* A territory record from line 3; tests append its fields from line 6 on. */
#define THEAD                                                                                     \
    "sharitories: 1\n"                                                                            \
    "territories:\n"                                                                              \
    "  - id: t1\n"                                                                                \
    "    name: \"T1\"\n"                                                                          \
    "    kind: commune\n"

/* ------------------------------------------------------------------ successful loads */

static void test_minimal(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(load(cat, "sharitories: 1\n", &err), SHR_OK);
    assert_int_equal(err.code, SHR_OK);
    assert_int_equal(shr_catalog_file_count(cat), 1);
    assert_string_equal(shr_catalog_file_path(cat, 0), "t.yaml");
    assert_int_equal(shr_catalog_territory_count(cat), 0);
    shr_catalog_free(cat);
}

static void test_full_file(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    int rc = shr_catalog_load(cat, data_path("full.yaml"), &err);
    if (rc)
        print_error("%s:%u:%u %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    assert_string_equal(shr_catalog_file_meta(cat, 0, "title"), "Test catalog");
    assert_string_equal(shr_catalog_file_meta(cat, 0, "updated"), "2024-01-31");

    /* categories added by the file come after the built-in ones */
    const shr_category *seed = shr_catalog_category(cat, "seed_library");
    assert_non_null(seed);
    assert_false(shr_category_is_builtin(seed));
    assert_string_equal(shr_category_label(seed, "fr"), "grainothèque");
    assert_string_equal(shr_category_label(seed, "en"), "seed library");
    assert_int_equal(shr_category_family(seed), SHR_FAMILY_CONSUMPTION);
    assert_int_equal(shr_category_axis_count(seed), 2);
    assert_int_equal(shr_axis_code_of(shr_category_axis_at(seed, 0)), SHR_AXIS_SHARED_RESOURCES);
    const shr_category *bus = shr_catalog_category(cat, "repair_bus");
    assert_null(shr_category_label(bus, "en"));
    assert_int_equal(shr_category_axis_count(bus), 0);
    assert_int_equal(shr_category_index(bus), shr_catalog_category_count(cat) - 1);

    const shr_territory *nevers = shr_catalog_territory(cat, "fr-com-58194");
    assert_non_null(nevers);
    assert_string_equal(shr_territory_name(nevers), "Nevers");
    assert_int_equal(shr_territory_kind_of(nevers), SHR_TERRITORY_COMMUNE);
    assert_string_equal(shr_territory_code(nevers), "58194"); /* plain number taken as text */
    assert_int_equal(shr_territory_former_code_count(nevers), 2);
    assert_string_equal(shr_territory_former_code_at(nevers, 1), "58002");
    assert_string_equal(shr_territory_postal_code_at(nevers, 0), "58000");
    assert_string_equal(shr_territory_id(shr_territory_parent(nevers)), "fr-dep-58");
    assert_string_equal(shr_territory_id(shr_territory_group_at(nevers, 0)), "fr-epci-1");
    assert_int_equal(shr_territory_population(nevers), 32428);
    double lat, lon;
    assert_true(shr_territory_location(nevers, &lat, &lon));
    assert_true(lat == 46.99 && lon == 3.16);
    const shr_territory *t = shr_catalog_territory(cat, "true");
    assert_string_equal(shr_territory_code(t), "01001"); /* leading zero kept */
    assert_int_equal(shr_territory_population(t), 0);
    assert_int_equal(shr_territory_population(shr_catalog_territory(cat, "fr-dep-58")),
                     SHR_NO_POPULATION);
    assert_false(shr_territory_location(t, NULL, NULL));

    const shr_actor *asso = shr_catalog_actor(cat, "asso");
    assert_int_equal(shr_actor_kind_of(asso), SHR_ACTOR_ASSOCIATION);
    assert_ptr_equal(shr_actor_territory(asso), nevers);
    assert_string_equal(shr_actor_link_at(asso, 0), "https://example.org/");
    assert_string_equal(shr_actor_name(shr_catalog_actor(cat, "null")), "Plain text name");
    assert_null(shr_actor_territory(shr_catalog_actor(cat, "mairie")));

    const shr_practice *p = shr_catalog_practice(cat, "p-full");
    assert_ptr_equal(shr_practice_category(p), seed);
    assert_int_equal(shr_practice_axis_count(p), 1); /* given: not the category's */
    assert_true(shr_practice_has_axis(p, SHR_AXIS_CO_PRODUCTION));
    assert_false(shr_practice_has_axis(p, SHR_AXIS_SOLIDARITY));
    assert_int_equal(shr_practice_territory_count(p), 2);
    assert_int_equal(shr_practice_actor_count(p), 3);
    assert_string_equal(shr_actor_id(shr_practice_actor_at(p, 2)), "null");
    assert_int_equal(shr_practice_actor_role(p, 1), SHR_ROLE_FUNDER);
    assert_int_equal(shr_practice_actor_role(p, 2), SHR_ROLE_USER);
    assert_int_equal(shr_practice_status(p), SHR_STATUS_ENDED);
    assert_int_equal(shr_practice_started(p), 2016);
    assert_int_equal(shr_practice_ended(p), 2019);
    assert_string_equal(shr_practice_description(p),
                        "Une \"description\" sur\nplusieurs lignes : é à ç — et un tab\t.");
    assert_string_equal(shr_practice_tag_at(p, 1), "zéro déchet");
    assert_int_equal(shr_practice_figure_count(p), 6);
    assert_string_equal(shr_practice_figure_name(p, 1), "share");
    assert_true(shr_practice_figure_value(p, 1) == 0.1);
    assert_true(shr_practice_figure_value(p, 2) == 1e300);
    assert_string_equal(shr_practice_figure_name(p, 5), "2016");
    assert_int_equal(shr_practice_link_count(p), 2);
    assert_string_equal(shr_practice_address(p), "1 place de la Mairie, 58000 Nevers");
    assert_true(shr_practice_location(p, &lat, &lon));
    assert_true(lat == 46.9896 && lon == -3.159);

    /* defaults: status active, axes of the category, no years */
    const shr_practice *m = shr_catalog_practice(cat, "p-min");
    assert_int_equal(shr_practice_status(m), SHR_STATUS_ACTIVE);
    assert_int_equal(shr_practice_axis_count(m), 2);
    assert_int_equal(shr_axis_code_of(shr_practice_axis_at(m, 1)), SHR_AXIS_SOLIDARITY);
    assert_int_equal(shr_practice_started(m), SHR_NO_YEAR);
    assert_null(shr_practice_description(m));
    assert_false(shr_practice_location(m, NULL, NULL));
    assert_int_equal(shr_practice_axis_count(shr_catalog_practice(cat, "2016")), 0);
    shr_catalog_free(cat);
}

/* Typing: explicit standard tags are honoured, quoted numbers are not integers. */
static void test_typing(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    int rc = load(cat,
                  "%YAML 1.1\n"
                  "---\n"
                  "sharitories: !!int \"1\"\n"
                  "territories:\n"
                  "  - id: !!str 2016\n"
                  "    name: 1.5\n"
                  "    kind: !!str other\n"
                  "    population: !!int 12\n"
                  "    location: [!!float 1, -0.0]\n"
                  "...\n",
                  &err);
    if (rc)
        print_error("%u:%u %s\n", err.line, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    const shr_territory *t = shr_catalog_territory(cat, "2016");
    assert_non_null(t);
    assert_string_equal(shr_territory_name(t), "1.5");
    assert_int_equal(shr_territory_population(t), 12);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ format errors */

static void test_unknown_field(void **state)
{
    (void)state;
    check_error(HEAD "    colour: red\n", SHR_EFORMAT, 9, 5, "p1", "unknown field 'colour'");
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    load(cat, HEAD "    colour: red\n", &err);
    assert_string_equal(err.message,
                        "practice 'p1': unknown field 'colour' (expected one of: id, name, "
                        "category, axes, territories, actors, status, started, ended, "
                        "description, tags, figures, links, address, location)");
    shr_catalog_free(cat);
    /* before the id is known, the record has no id yet */
    check_error("sharitories: 1\nactors:\n  - nom: x\n", SHR_EFORMAT, 3, 5, "",
                "actor: unknown field 'nom'");
    check_error(THEAD "    area: 12\n", SHR_EFORMAT, 6, 5, "t1", "unknown field 'area'");
    check_error(HEAD "    actors: [{actor: a, role: user, share: 2}]\n", SHR_EFORMAT, 9, 37, "p1",
                "unknown field of 'actors' item 'share'");
    check_error("sharitories: 1\ncategories:\n  - {id: c, family: finance, colour: red}\n",
                SHR_EFORMAT, 3, 30, "c", "unknown field 'colour'");
    check_error("sharitories: 1\ncategories:\n  - {id: c, family: finance, label: {de: x}}\n",
                SHR_EFORMAT, 3, 38, "c", "unknown label language 'de' (expected one of: fr, en)");
}

static void test_unknown_top_level_key(void **state)
{
    (void)state;
    check_error("sharitories: 1\nplaces: []\n", SHR_EFORMAT, 2, 1, "",
                "unknown top-level key 'places' (expected one of: sharitories, meta, categories, "
                "territories, actors, practices, actions)");
    check_error("sharitories: 1\nmeta:\n  title: \"x\"\n  author: me\n", SHR_EFORMAT, 4, 3, "",
                "meta: unknown field 'author' (expected one of: title, source, licence, updated)");
}

static void test_field_twice(void **state)
{
    (void)state;
    check_error(THEAD "    name: \"again\"\n", SHR_EFORMAT, 6, 5, "t1", "'name' given twice");
    check_error("sharitories: 1\nsharitories: 1\n", SHR_EFORMAT, 2, 1, "", "given twice");
    check_error(HEAD "    figures: {a: 1, b: 2, a: 3}\n", SHR_EFORMAT, 9, 27, "p1",
                "figure 'a' given twice");
}

static void test_missing_field(void **state)
{
    (void)state;
    /* reported at the record that lacks it (its mapping) */
    check_error("sharitories: 1\npractices:\n  - id: p1\n    name: \"P1\"\n    category: fablab\n",
                SHR_EFORMAT, 3, 5, "p1", "missing required field 'territories'");
    check_error("sharitories: 1\nterritories:\n  - id: t1\n    kind: commune\n", SHR_EFORMAT, 3,
                5, "t1", "missing required field 'name'");
    check_error("sharitories: 1\nterritories:\n  - {name: x, kind: other}\n", SHR_EFORMAT, 3, 5, "",
                "missing required field 'id'");
    check_error(HEAD "    actors: [{actor: a}]\n", SHR_EFORMAT, 9, 14, "p1",
                "missing required field 'role'");
    check_error("sharitories: 1\ncategories:\n  - {id: c}\n", SHR_EFORMAT, 3, 5, "c",
                "missing required field 'family'");
    check_error("meta: {title: x}\n", SHR_EFORMAT, 1, 1, "",
                "missing required field 'sharitories'");
}

static void test_wrong_type(void **state)
{
    (void)state;
    check_error(HEAD "    started: \"2016\"\n", SHR_EFORMAT, 9, 14, "p1",
                "wrong type for 'started': expected an integer, got a quoted string");
    check_error(THEAD "    population: \"32428\"\n", SHR_EFORMAT, 6, 17, "t1",
                "wrong type for 'population': expected an integer");
    check_error(THEAD "    population: 12.5\n", SHR_EFORMAT, 6, 17, "t1", "got a number");
    check_error(THEAD "    population: !!str 12\n", SHR_EFORMAT, 6, 17, "t1", "expected an integer");
    check_error("sharitories: \"1\"\n", SHR_EFORMAT, 1, 14, "", "expected an integer");
    check_error(THEAD "    code: [1]\n", SHR_EFORMAT, 6, 11, "t1",
                "wrong type for 'code': expected a string, got a list");
    check_error(THEAD "    code: true\n", SHR_EFORMAT, 6, 11, "t1", "got a boolean");
    check_error("sharitories: 1\nterritories:\n  - id: t1\n    name:\n    kind: other\n",
                SHR_EFORMAT, 4, 5, "t1", "wrong type for 'name': expected a string, got null");
    check_error(THEAD "    postal_codes: \"58000\"\n", SHR_EFORMAT, 6, 19, "t1",
                "expected a list of strings");
    check_error(THEAD "    postal_codes: [\"58000\", {a: b}]\n", SHR_EFORMAT, 6, 29, "t1",
                "got a mapping");
    check_error(THEAD "    parent: [t0]\n", SHR_EFORMAT, 6, 13, "t1", "expected a string");
    check_error(HEAD "    figures: {n: \"12\"}\n", SHR_EFORMAT, 9, 18, "p1",
                "wrong type for 'figures': expected a number");
    check_error(HEAD "    figures: [1]\n", SHR_EFORMAT, 9, 14, "p1", "expected a mapping");
    check_error(HEAD "    actors: [a1]\n", SHR_EFORMAT, 9, 14, "p1", "got a string");
    check_error("sharitories: 1\nterritories: {}\n", SHR_EFORMAT, 2, 14, "",
                "wrong type for 'territories': expected a list of records, got a mapping");
    check_error("sharitories: 1\nterritories:\n  - t1\n", SHR_EFORMAT, 3, 5, "",
                "expected territory (a mapping), got a string");
    check_error("- sharitories: 1\n", SHR_EFORMAT, 1, 1, "", "expected a mapping at the top level");
    check_error("sharitories: 1\nmeta: [a]\n", SHR_EFORMAT, 2, 7, "", "expected a mapping");
    check_error("sharitories: 1\n? [a]\n: b\n", SHR_EFORMAT, 2, 3, "", "expected a field name");
}

static void test_bad_values(void **state)
{
    (void)state;
    check_error("sharitories: 2\n", SHR_EFORMAT, 1, 14, "",
                "unsupported format version 2 (expected 1)");
    check_error(THEAD "    population: -1\n", SHR_EFORMAT, 6, 17, "t1", "'population' must be >= 0");
    check_error(THEAD "    population: 99999999999999999999\n", SHR_EFORMAT, 6, 17, "t1",
                "out of range");
    check_error(HEAD "    started: 2016\n    ended: 2015\n", SHR_EFORMAT, 10, 12, "p1",
                "'ended' (2015) is before 'started' (2016)");
    /* the place of `ended` whatever the order of the fields */
    check_error(HEAD "    ended: 2015\n    started: 2016\n", SHR_EFORMAT, 9, 12, "p1",
                "is before");
    check_error(HEAD "    status: finished\n", SHR_EFORMAT, 9, 13, "p1",
                "unknown status 'finished' (expected one of: planned, active, ended)");
    check_error("sharitories: 1\nterritories:\n  - {id: t1, name: x, kind: city}\n", SHR_EFORMAT,
                3, 29, "t1", "unknown kind 'city' (expected one of: country, region,");
    check_error(HEAD "    actors: [{actor: a, role: boss}]\n", SHR_EFORMAT, 9, 31, "p1",
                "unknown role 'boss'");
    check_error("sharitories: 1\ncategories:\n  - {id: c, family: food}\n", SHR_EFORMAT, 3, 21,
                "c", "unknown family 'food'");
    check_error(HEAD "    axes: [solidarity, sharing]\n", SHR_EFORMAT, 9, 24, "p1",
                "unknown axis 'sharing'");
    check_error(HEAD "    axes: [solidarity, solidarity]\n", SHR_EFORMAT, 9, 24, "p1",
                "axis 'solidarity' listed twice");
    check_error(HEAD "    figures: {n: .inf}\n", SHR_EFORMAT, 9, 18, "p1", "finite number");
    check_error(HEAD "    territories: []\n", SHR_EFORMAT, 9, 5, "p1", "given twice");
    check_error("sharitories: 1\npractices:\n  - id: p1\n    name: x\n    category: fablab\n"
                "    territories: []\n",
                SHR_EFORMAT, 6, 18, "p1", "'territories' must list at least one territory");
}

static void test_location(void **state)
{
    (void)state;
    check_error(THEAD "    location: [91, 2]\n", SHR_EFORMAT, 6, 16, "t1",
                "latitude 91 out of range (expected -90 to 90)");
    check_error(THEAD "    location: [45, -180.5]\n", SHR_EFORMAT, 6, 20, "t1",
                "longitude -180.5 out of range");
    check_error(THEAD "    location: [1, 2, 3]\n", SHR_EFORMAT, 6, 15, "t1",
                "'location' must be 2 numbers [latitude, longitude], got more");
    check_error(THEAD "    location: [1]\n", SHR_EFORMAT, 6, 15, "t1", "got 1");
    check_error(THEAD "    location: \"47.2, -1.5\"\n", SHR_EFORMAT, 6, 15, "t1",
                "expected [latitude, longitude]");
    check_error(THEAD "    location: [\"47.2\", 1]\n", SHR_EFORMAT, 6, 16, "t1",
                "expected a number, got a quoted string");
}

static void test_bad_id(void **state)
{
    (void)state;
    /* the id is shown as written, upper case included */
    check_error("sharitories: 1\nterritories:\n  - id: Fr/X\n", SHR_EFORMAT, 3, 9, "",
                "invalid id 'Fr/X' in 'id' (expected 1 to 128 characters of a-z 0-9 - _ . : "
                "(A-Z read as a-z))");
    check_error("sharitories: 1\nterritories:\n  - id: fr-dép\n", SHR_EFORMAT, 3, 9, "",
                "invalid id 'fr-dép'");
    check_error("sharitories: 1\nterritories:\n  - id: \"a b\"\n", SHR_EFORMAT, 3, 9, "",
                "invalid id");
    check_error("sharitories: 1\nterritories:\n  - id: \"\"\n", SHR_EFORMAT, 3, 9, "", "invalid id");
    check_error(THEAD "    parent: \"fr dep\"\n", SHR_EFORMAT, 6, 13, "t1",
                "invalid id 'fr dep' in 'parent'");

    /* 128 characters are fine, 129 are not */
    char yaml[512], id[130];
    memset(id, 'a', 129);
    id[129] = '\0';
    snprintf(yaml, sizeof yaml, "sharitories: 1\nterritories:\n  - {id: %s, name: x, kind: other}\n",
             id);
    check_error(yaml, SHR_EFORMAT, 3, 10, "", "invalid id");
    id[128] = '\0';
    snprintf(yaml, sizeof yaml, "sharitories: 1\nterritories:\n  - {id: %s, name: x, kind: other}\n",
             id);
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(load(cat, yaml, &err), SHR_OK);
    assert_non_null(shr_catalog_territory(cat, id));
    shr_catalog_free(cat);
}

/*
 * The reference French territories of 2026 (../shared/data) write Corsica's ids in upper case
 * (fr-dep-2A); these records are copied from that file. Upper-case ASCII letters in ids are read
 * as lower case everywhere: in files, in look-ups and in queries.
 */
static void test_upper_case_ids(void **state)
{
    (void)state;
    static const char corsica[] =
        "sharitories: 1\n"
        "territories:\n"
        "  - id: fr\n    name: \"France\"\n    kind: country\n"
        "  - id: fr-reg-94\n    name: \"Corse\"\n    kind: region\n    code: \"94\"\n"
        "    parent: fr\n"
        "  - id: fr-dep-2A\n    name: \"Corse-du-Sud\"\n    kind: department\n"
        "    code: \"2A\"\n    parent: fr-reg-94\n"
        "  - id: fr-epci-200006682\n    name: \"CC du Sartenais Valinco Taravo\"\n"
        "    kind: epci\n    code: \"200006682\"\n    parent: fr-dep-2A\n"
        "  - id: fr-com-2A004\n    name: \"Ajaccio\"\n    kind: commune\n"
        "    code: \"2A004\"\n    parent: fr-dep-2A\n    groups: [fr-epci-200006682]\n"
        "practices:\n"
        "  - id: P-Ajaccio\n    name: \"Fablab\"\n    category: fablab\n"
        "    territories: [fr-com-2a004]\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(load(cat, corsica, &err), SHR_OK);
    const shr_territory *dep = shr_catalog_territory(cat, "fr-dep-2A");
    assert_non_null(dep);
    assert_ptr_equal(shr_catalog_territory(cat, "fr-dep-2a"), dep);
    assert_ptr_equal(shr_catalog_territory(cat, "FR-DEP-2A"), dep);
    assert_string_equal(shr_territory_id(dep), "fr-dep-2a");
    assert_string_equal(shr_territory_code(dep), "2A"); /* codes are text, kept as written */
    const shr_territory *ajaccio = shr_catalog_territory(cat, "fr-com-2a004");
    assert_non_null(ajaccio);
    assert_true(shr_territory_within(ajaccio, dep));
    const shr_practice *p = shr_catalog_practice(cat, "p-ajaccio");
    assert_non_null(p);
    assert_string_equal(shr_practice_id(p), "p-ajaccio");
    shr_result *r = NULL;
    assert_int_equal(shr_catalog_select(cat, "in:fr-dep-2A id:P-AJACCIO", &r, &err), SHR_OK);
    assert_int_equal(shr_result_count(r), 1);
    shr_result_free(r);
    /* the same id in two cases is one id */
    assert_int_equal(load(cat, "sharitories: 1\npractices:\n  - id: p-AJACCIO\n    name: x\n"
                               "    category: fablab\n    territories: [fr]\n", &err),
                     SHR_EDUPLICATE);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 9);
    assert_string_equal(err.record, "p-ajaccio");
    shr_catalog_free(cat);
}

static void test_document_shape(void **state)
{
    (void)state;
    check_error("", SHR_EFORMAT, 1, 1, "", "empty file");
    check_error("# only a comment\n", SHR_EFORMAT, 2, 1, "", "empty file");
    check_error("sharitories: 1\n---\nsharitories: 1\n", SHR_EFORMAT, 2, 1, "",
                "several YAML documents");
    check_error("---\n", SHR_EFORMAT, 2, 1, "", "got null");
}

static void test_syntax_error(void **state)
{
    (void)state;
    check_error("sharitories: 1\nmeta: {title: \"x\"\nterritories: []\n", SHR_ESYNTAX, 3, 1, "",
                "did not find expected ',' or '}'");
    check_error("sharitories: 1\n- a\n", SHR_ESYNTAX, 2, 1, "",
                "did not find expected key (while parsing a block mapping at line 1, column 1)");
    /* invalid UTF-8: libyaml's reader only knows the byte offset; the loader turns it into
     * the line and column of the bad byte */
    check_error("sharitories: 1\nmeta: {title: \"\xff\"}\n", SHR_ESYNTAX, 2, 16, "",
                "invalid leading UTF-8 octet");
}

/* ------------------------------------------------------------------ YAML features refused */

static void test_unsupported(void **state)
{
    (void)state;
    check_error("sharitories: 1\nterritories:\n  - &t {id: t1, name: x, kind: other}\n",
                SHR_EUNSUPPORTED, 3, 5, "", "YAML anchors are not supported (&t)");
    check_error("sharitories: 1\nmeta:\n  title: *x\n", SHR_EUNSUPPORTED, 3, 10, "",
                "YAML aliases are not supported (*x)");
    check_error(THEAD "    code: !postal 58000\n", SHR_EUNSUPPORTED, 6, 11, "t1",
                "unsupported YAML tag '!postal'");
    check_error(THEAD "    code: !!binary aGVsbG8=\n", SHR_EUNSUPPORTED, 6, 11, "t1",
                "unsupported YAML tag '!!binary'");
    check_error(THEAD "    postal_codes: !!set {a: null}\n", SHR_EUNSUPPORTED, 6, 19, "t1",
                "unsupported YAML tag '!!set'");
    check_error(THEAD "    code: !!map x\n", SHR_EFORMAT, 6, 11, "t1",
                "tag '!!map' does not fit a scalar");
    /* the classic alias bomb stops at the first anchor */
    check_error("sharitories: 1\nmeta:\n  title: &a [x, x]\n  source: [*a, *a]\n",
                SHR_EUNSUPPORTED, 3, 10, "", "anchors");
}

static void test_limits(void **state)
{
    (void)state;
    /* a scalar above SHR_LIMIT_STRING_LENGTH */
    size_t n = SHR_LIMIT_STRING_LENGTH + 1;
    char *yaml = malloc(n + 200);
    if (!yaml) {
        fail();
        return;
    }
    size_t k = (size_t)snprintf(yaml, 200, HEAD "    description: \"");
    assert_true(k < 200);
    memset(yaml + k, 'a', n);
    strcpy(yaml + k + n, "\"\n");
    check_error(yaml, SHR_ELIMIT, 9, 18, "p1", "SHR_LIMIT_STRING_LENGTH");
    free(yaml);

    /* a list above SHR_LIMIT_LIST_LENGTH: the first item beyond is reported */
    size_t items = SHR_LIMIT_LIST_LENGTH + 1;
    yaml = malloc(items * 3 + 200);
    assert_non_null(yaml);
    k = sprintf(yaml, HEAD "    tags: [");
    char *p = yaml + k;
    for (size_t i = 0; i < items; i++) {
        memcpy(p, "a, ", 3);
        p += 3;
    }
    strcpy(p - 2, "]\n");
    check_error(yaml, SHR_ELIMIT, 9, 12 + 3 * SHR_LIMIT_LIST_LENGTH, "p1",
                "'tags' has more than 100000 items (SHR_LIMIT_LIST_LENGTH)");
    free(yaml);
}

/* ------------------------------------------------------------------ duplicates and references */

static void test_duplicate_id(void **state)
{
    (void)state;
    check_error(HEAD "  - id: p1\n", SHR_EDUPLICATE, 9, 9, "p1",
                "practice 'p1': duplicate id (first defined at t.yaml:5:5)");
    /* an id shared by a territory and a practice is fine (different sections) */
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(load(cat, HEAD "  - id: t1\n    name: x\n    category: amap\n"
                               "    territories: [t1]\n", &err),
                     SHR_OK);
    assert_non_null(shr_catalog_practice(cat, "t1"));
    shr_catalog_free(cat);
    /* a category that is already built in */
    check_error("sharitories: 1\ncategories:\n  - id: fablab\n    family: production\n",
                SHR_EDUPLICATE, 3, 9, "fablab", "'fablab' is a built-in category");
}

static void test_duplicate_across_files(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    const char *paths[] = {data_path("order_b.yaml"), NULL};
    char b[1024];
    strcpy(b, paths[0]);
    paths[0] = b;
    paths[1] = b; /* the same file twice: every id defined twice */
    assert_int_equal(shr_catalog_load_files(cat, paths, 2, &err), SHR_EDUPLICATE);
    assert_string_equal(err.file, b);
    assert_int_equal(err.line, 4); /* the second file's first id: category cat_b */
    assert_int_equal(err.column, 9);
    assert_string_equal(err.record, "cat_b");
    assert_int_equal(shr_catalog_file_count(cat), 0);
    /* and against an earlier load */
    assert_int_equal(shr_catalog_load(cat, b, &err), SHR_OK);
    assert_int_equal(shr_catalog_load(cat, b, &err), SHR_EDUPLICATE);
    assert_int_equal(err.line, 4);
    assert_int_equal(shr_catalog_file_count(cat), 1);
    shr_catalog_free(cat);
}

static void test_unknown_reference(void **state)
{
    (void)state;
    check_error(HEAD "    actors: [{actor: nobody, role: user}]\n", SHR_EREFERENCE, 9, 22, "p1",
                "practice 'p1': unknown actor 'nobody' in 'actors' (no loaded file defines it)");
    check_error("sharitories: 1\npractices:\n  - {id: p1, name: x, category: sewing, territories: "
                "[t1]}\nterritories:\n  - {id: t1, name: x, kind: other}\n",
                SHR_EREFERENCE, 3, 33, "p1", "unknown category 'sewing' in 'category'");
    check_error(THEAD "    groups: [t1, t2]\n", SHR_EREFERENCE, 6, 18, "t1",
                "territory 't1': unknown territory 't2' in 'groups'");
    /* A practice's references are looked up at the end of the record (loader.c,
     * resolve_deferred): the first unknown one in the file is still the one reported, whatever
     * the order of the fields, and known ones resolve wherever their field is. */
    check_error("sharitories: 1\nterritories:\n  - {id: t1, name: T, kind: other}\n"
                "actors:\n  - {id: a1, name: A, kind: other}\n"
                "practices:\n  - id: p1\n    name: x\n"
                "    actors: [{actor: a1, role: user}, {actor: ghost, role: user}]\n"
                "    territories: [t1, t404]\n    category: nocat\n",
                SHR_EREFERENCE, 9, 47, "p1", "unknown actor 'ghost' in 'actors'");
    check_error("sharitories: 1\nterritories:\n  - {id: t1, name: T, kind: other}\n"
                "practices:\n  - id: p1\n    name: x\n    category: nocat\n"
                "    territories: [t404, t1]\n",
                SHR_EREFERENCE, 7, 15, "p1", "unknown category 'nocat' in 'category'");
    check_error("sharitories: 1\nterritories:\n  - {id: t1, name: T, kind: other}\n"
                "practices:\n  - id: p1\n    name: x\n    territories: [t1, t404]\n"
                "    category: fablab\n",
                SHR_EREFERENCE, 7, 23, "p1", "unknown territory 't404' in 'territories'");
    check_error("sharitories: 1\nactors:\n  - {id: a, name: x, kind: other, territory: t9}\n",
                SHR_EREFERENCE, 3, 46, "a", "unknown territory 't9' in 'territory'");
}

/* A reference found missing only once every file is read is reported where it was written. */
static void test_unknown_reference_after_all_files(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    char a[1024], b[1024];
    strcpy(a, data_path("unknown_ref.yaml"));
    strcpy(b, data_path("order_b.yaml"));
    const char *paths[] = {a, b};
    assert_int_equal(shr_catalog_load_files(cat, paths, 2, &err), SHR_EREFERENCE);
    assert_string_equal(err.file, a);
    assert_int_equal(err.line, 9);
    assert_int_equal(err.column, 9);
    assert_string_equal(err.record, "lost");
    assert_non_null(strstr(err.message, "unknown territory 'nowhere-else' in 'territories'"));
    assert_int_equal(shr_catalog_territory_count(cat), 0);
    assert_int_equal(shr_catalog_file_count(cat), 0);
    assert_null(shr_catalog_territory(cat, "tb-com"));
    shr_catalog_free(cat);
}

static void test_cycle(void **state)
{
    (void)state;
    const char *two = "sharitories: 1\n"
                      "territories:\n"
                      "  - id: a\n"
                      "    name: \"A\"\n"
                      "    kind: other\n"
                      "    parent: b\n"
                      "  - id: b\n"
                      "    name: \"B\"\n"
                      "    kind: other\n"
                      "    parent: a\n";
    check_error(two, SHR_ECYCLE, 10, 13, "b", "territory 'b': 'a' makes a cycle in the territory "
                                               "graph (a -> b -> a)");
    check_error(THEAD "    parent: t1\n", SHR_ECYCLE, 6, 13, "t1", "(t1 -> t1)");
    check_error("sharitories: 1\nterritories:\n"
                "  - {id: a, name: x, kind: other, groups: [c]}\n"
                "  - {id: b, name: x, kind: other, parent: a}\n"
                "  - {id: c, name: x, kind: other, groups: [d, b]}\n"
                "  - {id: d, name: x, kind: other}\n",
                SHR_ECYCLE, 4, 43, "b", "(a -> c -> b -> a)");
}

/* A cycle closed through a territory of an earlier load is impossible: earlier territories
 * never refer to later ones. A new territory under an old one is fine. */
static void test_no_cycle_with_earlier_load(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(load(cat, "sharitories: 1\nterritories:\n  - {id: a, name: x, kind: other}\n",
                          &err),
                     SHR_OK);
    assert_int_equal(load(cat, "sharitories: 1\nterritories:\n"
                               "  - {id: b, name: x, kind: other, parent: a, groups: [a]}\n",
                          &err),
                     SHR_OK);
    assert_true(shr_territory_within(shr_catalog_territory(cat, "b"), shr_catalog_territory(cat, "a")));
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ several files */

static void check_order_catalog(const shr_catalog *cat)
{
    const shr_practice *p = shr_catalog_practice(cat, "pa1");
    assert_non_null(p);
    assert_string_equal(shr_category_id(shr_practice_category(p)), "cat_b");
    /* default axes from a category defined in another file */
    assert_int_equal(shr_practice_axis_count(p), 2);
    assert_int_equal(shr_axis_code_of(shr_practice_axis_at(p, 0)), SHR_AXIS_PUBLIC_ACTOR);
    assert_int_equal(shr_axis_code_of(shr_practice_axis_at(p, 1)), SHR_AXIS_CONTRIBUTORS);
    const shr_territory *com = shr_catalog_territory(cat, "tb-com");
    const shr_territory *dep = shr_catalog_territory(cat, "tb-dep");
    assert_ptr_equal(shr_practice_territory_at(p, 0), com);
    assert_ptr_equal(shr_practice_territory_at(p, 1), dep);
    assert_ptr_equal(shr_territory_parent(com), dep);
    assert_true(shr_territory_within(com, dep));
    const shr_actor *a = shr_catalog_actor(cat, "a1");
    assert_ptr_equal(shr_actor_territory(a), com);
    assert_ptr_equal(shr_practice_actor_at(p, 0), a);
    assert_int_equal(shr_actor_practice_count(a), 1);
    assert_int_equal(shr_actor_practice_role(a, 0), SHR_ROLE_OPERATOR);
    assert_int_equal(shr_territory_practice_count(dep), 1);
    /* references share the target's id string */
    assert_ptr_equal(shr_territory_id(shr_territory_parent(com)), shr_territory_id(dep));
}

static void test_any_order(void **state)
{
    (void)state;
    char a[1024], b[1024];
    strcpy(a, data_path("order_a.yaml"));
    strcpy(b, data_path("order_b.yaml"));
    const char *ab[] = {a, b}, *ba[] = {b, a};
    shr_error err;

    shr_catalog *cat = shr_catalog_new(NULL);
    int rc = shr_catalog_load_files(cat, ab, 2, &err);
    if (rc)
        print_error("%s:%u:%u %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    check_order_catalog(cat);
    assert_string_equal(shr_catalog_file_path(cat, 0), a);
    assert_int_equal(shr_territory_index(shr_catalog_territory(cat, "tb-com")), 0);
    shr_catalog_free(cat);

    cat = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_load_files(cat, ba, 2, &err), SHR_OK);
    check_order_catalog(cat);
    assert_string_equal(shr_catalog_file_path(cat, 1), a);
    shr_catalog_free(cat);

    /* in two calls: references to records of an earlier load */
    cat = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_load(cat, b, &err), SHR_OK);
    assert_int_equal(shr_catalog_load(cat, a, &err), SHR_OK);
    check_order_catalog(cat);
    shr_catalog_free(cat);

    /* A alone cannot load: its references are unknown */
    cat = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_load(cat, a, &err), SHR_EREFERENCE);
    assert_int_equal(err.line, 7);
    assert_int_equal(err.column, 16);
    assert_string_equal(err.record, "a1");
    shr_catalog_free(cat);
}

static void test_io_errors(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load(cat, "/nonexistent/dir/x.yaml", &err), SHR_EIO);
    assert_string_equal(err.file, "/nonexistent/dir/x.yaml");
    assert_non_null(strstr(err.message, strerror(ENOENT)));
    /* a directory opens but cannot be read */
    char dir[1024];
    strcpy(dir, data_path(""));
    assert_int_equal(shr_catalog_load(cat, dir, &err), SHR_EIO);
    assert_non_null(strstr(err.message, strerror(EISDIR)));
    /* an unreadable second file undoes the first */
    char b[1024];
    strcpy(b, data_path("order_b.yaml"));
    const char *paths[] = {b, "/nonexistent/y.yaml"};
    assert_int_equal(shr_catalog_load_files(cat, paths, 2, &err), SHR_EIO);
    assert_int_equal(shr_catalog_territory_count(cat), 0);
    assert_int_equal(shr_catalog_file_count(cat), 0);
    assert_int_equal(shr_catalog_load_files(cat, NULL, 1, &err), SHR_EINVAL);
    assert_int_equal(shr_catalog_load_files(cat, NULL, 0, &err), SHR_OK);
    shr_catalog_free(cat);
}

/* Invalid UTF-8 in a file (not a buffer): the position is found by reading the file again,
 * after a first chunk of 64 KiB so that the chunked scan is exercised. */
static void test_invalid_utf8_in_file(void **state)
{
    (void)state;
    char path[] = "/tmp/shr-test-utf8-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("sharitories: 1\n", f);
    for (int i = 0; i < 3000; i++)
        fputs("# a comment line to push the bad byte past the first chunk...\n", f);
    fputs("meta:\n  title: \"d\xc3\xa9j\xc3\xa0 caf\xe9 latin-1\"\n", f);
    fclose(f);
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load(cat, path, &err), SHR_ESYNTAX);
    assert_int_equal(err.line, 3003);
    assert_int_equal(err.column, 19); /* characters, not bytes: `  title: "déjà caf` is 18 */
    assert_non_null(strstr(err.message, "UTF-8"));
    shr_catalog_free(cat);
    unlink(path);
}

/* A UTF-8 byte order mark (what Windows Notepad writes) is accepted, in buffers and files;
 * places of later errors do not count it. */
static void test_byte_order_mark(void **state)
{
    (void)state;
    static const char doc[] = "\xef\xbb\xbfsharitories: 1\nmeta: {title: \"Caf\xc3\xa9\"}\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(load(cat, doc, &err), SHR_OK);
    assert_string_equal(shr_catalog_file_meta(cat, 0, "title"), "Caf\xc3\xa9");
    shr_catalog_free(cat);
    check_error("\xef\xbb\xbfsharitories: 1\nmeta: {title: \"\xff\"}\n", SHR_ESYNTAX, 2, 16, "",
                "invalid leading UTF-8 octet");
    check_error("\xef\xbb\xbfsharitories: 1\nterritories: [{id: t1, name: x, kind: nope}]\n",
                SHR_EFORMAT, 2, 39, "t1", "nope");
    check_error("\xef\xbb\xbfsharitories: 2\n", SHR_EFORMAT, 1, 14, "", "version");
    /* a BOM alone is an empty file */
    check_error("\xef\xbb\xbf", SHR_EFORMAT, 1, 1, "", "empty file");

    char path[] = "/tmp/shr-test-bom-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(doc, f);
    fclose(f);
    cat = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_load(cat, path, &err), SHR_OK);
    assert_string_equal(shr_catalog_file_meta(cat, 0, "title"), "Caf\xc3\xa9");
    shr_catalog_free(cat);
    /* an error after the BOM in a file: the re-read for the place skips it too */
    f = fopen(path, "w");
    fputs("\xef\xbb\xbfsharitories: 1\nmeta: {title: \"\xff\"}\n", f);
    fclose(f);
    cat = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_load(cat, path, &err), SHR_ESYNTAX);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 16);
    shr_catalog_free(cat);
    unlink(path);
}

/* Loading while compiled queries borrow the catalog is a misuse (SQLite's SQLITE_MISUSE):
 * detected, reported with SHR_EMISUSE, the catalog unchanged. A result does not borrow: it
 * stays valid across loads (the Python binding keeps results while it loads). */
static void test_load_while_queries_exist(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(load(cat, THEAD, &err), SHR_OK);
    shr_query *q = NULL;
    assert_int_equal(shr_query_parse(cat, "x", &q, &err), SHR_OK);
    const char *more = "sharitories: 1\nterritories: [{id: t2, name: T2, kind: commune}]\n";
    assert_int_equal(load(cat, more, &err), SHR_EMISUSE);
    assert_int_equal(err.code, SHR_EMISUSE);
    assert_non_null(strstr(err.message, "1 compiled query still uses"));
    assert_string_equal(shr_error_code_name(SHR_EMISUSE), "EMISUSE");
    const char *paths[] = {data_path("full.yaml")};
    assert_int_equal(shr_catalog_load_files(cat, paths, 1, &err), SHR_EMISUSE);
    assert_null(shr_catalog_territory(cat, "t2"));
    /* a result does not borrow: once its query is gone, a load goes through and the result
     * still lists the same practices */
    shr_result *r = NULL;
    assert_int_equal(shr_query_run(q, &r, &err), SHR_OK);
    size_t before = shr_result_count(r);
    const shr_practice *first = before ? shr_result_at(r, 0) : NULL;
    shr_query_free(q);
    /* combining queries: the operands' shells are released */
    shr_query *a = shr_query_all(cat, &err), *b = shr_query_text(cat, "x", &err);
    shr_query *c = shr_query_not(shr_query_and(a, b, &err), &err);
    assert_non_null(c);
    shr_query_free(c);
    assert_int_equal(load(cat, more, &err), SHR_OK);
    assert_non_null(shr_catalog_territory(cat, "t2"));
    assert_int_equal(shr_result_count(r), before);
    if (before)
        assert_ptr_equal(shr_result_at(r, 0), first);
    shr_result_free(r);
    shr_catalog_free(cat);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Issue 13: an application refreshes a file it edited with shr_catalog_reload(): every file
 * again, in order (a second file refers to the first); all or nothing (a broken edit leaves
 * the catalog exactly as before: same records, same pointers, the error with its place);
 * EMISUSE while a query or a result exists; EINVAL when a document came from memory. */
static void test_reload(void **state)
{
    (void)state;
    char a[] = "/tmp/shr-test-reload-a-XXXXXX", b[] = "/tmp/shr-test-reload-b-XXXXXX";
    int fa = mkstemp(a), fb = mkstemp(b);
    assert_true(fa >= 0 && fb >= 0);
    close(fa);
    close(fb);
    write_text(a, THEAD);
    write_text(b, "sharitories: 1\npractices:\n"
                  "  - {id: p1, name: P1, category: fablab, territories: [t1]}\n");
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_OK); /* nothing loaded: nothing to do */
    assert_int_equal(shr_catalog_load(cat, a, &err), SHR_OK);
    assert_int_equal(shr_catalog_load(cat, b, &err), SHR_OK);
    assert_string_equal(shr_territory_name(shr_catalog_territory(cat, "t1")), "T1");

    /* the edit is seen */
    write_text(a, THEAD "  - {id: t3, name: T3, kind: commune}\n");
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_OK);
    assert_non_null(shr_catalog_territory(cat, "t3"));
    assert_int_equal(shr_catalog_file_count(cat), 2);
    assert_string_equal(shr_catalog_file_path(cat, 1), b);
    const shr_practice *p1 = shr_catalog_practice(cat, "p1");
    assert_non_null(p1);
    assert_ptr_equal(shr_practice_territory_at(p1, 0), shr_catalog_territory(cat, "t1"));
    shr_result *r;
    assert_int_equal(shr_catalog_select(cat, "in:t1 fablab", &r, &err), SHR_OK);
    assert_int_equal(shr_result_count(r), 1);

    /* a live result, then a live query: EMISUSE, nothing changes */
    write_text(a, THEAD);
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_EMISUSE);
    assert_non_null(strstr(err.message, "1 result still points"));
    shr_result_free(r);
    shr_query *q;
    assert_int_equal(shr_query_parse(cat, "x", &q, &err), SHR_OK);
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_EMISUSE);
    assert_non_null(strstr(err.message, "compiled query"));
    shr_query_free(q);
    assert_non_null(shr_catalog_territory(cat, "t3"));

    /* a broken edit: the error with its place, the catalog exactly as before */
    write_text(a, THEAD "  - {id: t3, name: T3, kind: town}\n");
    snapshot before = snap(cat);
    const shr_territory *t1 = shr_catalog_territory(cat, "t1");
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_EFORMAT);
    assert_string_equal(err.file, a);
    assert_int_equal(err.line, 6);
    assert_same(before, snap(cat));
    assert_ptr_equal(shr_catalog_territory(cat, "t1"), t1);
    assert_string_equal(shr_territory_name(t1), "T1");
    assert_ptr_equal(shr_catalog_practice(cat, "p1"), p1);
    assert_int_equal(shr_catalog_select(cat, "in:t1 fablab", &r, &err), SHR_OK);
    assert_int_equal(shr_result_count(r), 1);
    shr_result_free(r);
    /* a removed file: EIO, unchanged */
    write_text(a, THEAD "  - {id: t3, name: T3, kind: commune}\n");
    unlink(b);
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_EIO);
    assert_string_equal(err.file, b);
    assert_same(before, snap(cat));
    /* the second file's practice gone from the edit: the reload drops it */
    write_text(a, THEAD);
    write_text(b, "sharitories: 1\n");
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_OK);
    assert_null(shr_catalog_practice(cat, "p1"));
    assert_null(shr_catalog_territory(cat, "t3"));
    /* a document from memory cannot be read again */
    assert_int_equal(load(cat, "sharitories: 1\n", &err), SHR_OK);
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_EINVAL);
    assert_non_null(strstr(err.message, "t.yaml"));
    assert_int_equal(shr_catalog_reload(NULL, &err), SHR_EINVAL);
    shr_catalog_free(cat);
    unlink(a);
    unlink(b);

    /* the default catalog's files too */
    cat = shr_catalog_new(NULL);
    assert_int_equal(shr_catalog_load_default(cat, &err), SHR_OK);
    before = snap(cat);
    assert_int_equal(shr_catalog_reload(cat, &err), SHR_OK);
    assert_same(before, snap(cat));
    assert_non_null(shr_catalog_territory(cat, "fr-com-56121"));
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ all or nothing */

static void test_failed_load_leaves_catalog_unchanged(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load(cat, data_path("full.yaml"), &err), SHR_OK);
    snapshot before = snap(cat);
    const shr_territory *nevers = shr_catalog_territory(cat, "fr-com-58194");
    size_t child_count = shr_territory_child_count(shr_catalog_territory(cat, "fr-dep-58"));

    /* many new records, then an error at the very end */
    const char *bad = "sharitories: 1\n"
                      "categories:\n"
                      "  - {id: new_cat, family: finance}\n"
                      "territories:\n"
                      "  - {id: n1, name: x, kind: commune, parent: fr-dep-58}\n"
                      "  - {id: n2, name: x, kind: commune, parent: n1}\n"
                      "actors:\n"
                      "  - {id: new-actor, name: x, kind: other, territory: n2}\n"
                      "practices:\n"
                      "  - {id: np, name: x, category: new_cat, territories: [n1, fr]}\n"
                      "  - {id: p-full, name: x, category: amap, territories: [fr]}\n";
    assert_int_equal(load(cat, bad, &err), SHR_EDUPLICATE);
    assert_int_equal(err.line, 11);
    assert_same(before, snap(cat));
    assert_null(shr_catalog_territory(cat, "n1"));
    assert_null(shr_catalog_actor(cat, "new-actor"));
    assert_null(shr_catalog_practice(cat, "np"));
    assert_null(shr_catalog_category(cat, "new_cat"));
    assert_ptr_equal(shr_catalog_territory(cat, "fr-com-58194"), nevers);
    assert_non_null(shr_catalog_practice(cat, "p-full"));
    assert_non_null(shr_catalog_category(cat, "seed_library"));
    assert_non_null(shr_catalog_category(cat, "fablab"));
    assert_int_equal(shr_territory_child_count(shr_catalog_territory(cat, "fr-dep-58")),
                     child_count);
    assert_string_equal(shr_territory_name(nevers), "Nevers");

    /* the same failure found at commit (a cycle, then an unknown reference) */
    assert_int_equal(load(cat, "sharitories: 1\nterritories:\n"
                               "  - {id: c1, name: x, kind: other, parent: c2}\n"
                               "  - {id: c2, name: x, kind: other, parent: c1}\n",
                          &err),
                     SHR_ECYCLE);
    assert_same(before, snap(cat));
    assert_int_equal(load(cat, "sharitories: 1\nterritories:\n"
                               "  - {id: c1, name: x, kind: other, parent: zz}\n",
                          &err),
                     SHR_EREFERENCE);
    assert_same(before, snap(cat));
    assert_null(shr_catalog_territory(cat, "c1"));

    /* the ids of the failed loads are free again: a good load works */
    const char *good = "sharitories: 1\n"
                       "territories:\n"
                       "  - {id: n1, name: \"N1\", kind: commune, parent: fr-dep-58}\n"
                       "  - {id: c1, name: x, kind: other, parent: n1}\n"
                       "practices:\n"
                       "  - {id: np, name: x, category: seed_library, territories: [n1]}\n";
    assert_int_equal(load(cat, good, &err), SHR_OK);
    assert_int_equal(shr_catalog_territory_count(cat), before.territories + 2);
    assert_int_equal(shr_catalog_practice_count(cat), before.practices + 1);
    assert_int_equal(shr_catalog_file_count(cat), 2);
    const shr_territory *n1 = shr_catalog_territory(cat, "n1");
    assert_string_equal(shr_territory_name(n1), "N1");
    assert_int_equal(shr_territory_index(n1), before.territories);
    assert_true(shr_territory_within(shr_catalog_territory(cat, "c1"), shr_catalog_territory(cat, "fr")));
    assert_int_equal(shr_territory_child_count(shr_catalog_territory(cat, "fr-dep-58")),
                     child_count + 1);
    assert_ptr_equal(shr_catalog_territory(cat, "fr-com-58194"), nevers);
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_typing),
        cmocka_unit_test(test_unknown_field),
        cmocka_unit_test(test_unknown_top_level_key),
        cmocka_unit_test(test_field_twice),
        cmocka_unit_test(test_missing_field),
        cmocka_unit_test(test_wrong_type),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_location),
        cmocka_unit_test(test_bad_id),
        cmocka_unit_test(test_upper_case_ids),
        cmocka_unit_test(test_document_shape),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_duplicate_across_files),
        cmocka_unit_test(test_unknown_reference),
        cmocka_unit_test(test_unknown_reference_after_all_files),
        cmocka_unit_test(test_cycle),
        cmocka_unit_test(test_no_cycle_with_earlier_load),
        cmocka_unit_test(test_any_order),
        cmocka_unit_test(test_io_errors),
        cmocka_unit_test(test_invalid_utf8_in_file),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_load_while_queries_exist),
        cmocka_unit_test(test_reload),
        cmocka_unit_test(test_failed_load_leaves_catalog_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
