/*
 * Fiches-actions (action.h) and the feuille de route (roadmap.h): loading, validation with
 * places, the round trip through save, the getters and filter; the roadmap on a fixture where
 * the answer is obvious (tests/data/roadmap), on generated catalogs against a brute force, and
 * the real catalog's invariants (ranks dense, scores non-increasing, examples within a peer and
 * not within the territory, the same peers as inspire).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "analysis_util.h"

static shr_catalog *load_fixture(void)
{
    char a[512], b[512];
    const char *paths[2] = {test_data_path("roadmap/towns.yaml", a, sizeof a),
                            test_data_path("roadmap/actions.yaml", b, sizeof b)};
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_non_null(cat);
    if (shr_catalog_load_files(cat, paths, 2, &err) != SHR_OK)
        fail_msg("fixture: %s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return cat;
}

/* Load a buffer holding one action after the common head; returns the code and fills err. */
static int load_action_text(shr_catalog *cat, const char *body, shr_error *err)
{
    sbuf b = {0};
    sb_addf(&b, "sharitories: 1\nactions:\n  - id: x\n%s", body);
    int rc = shr_catalog_load_buffer(cat, "bad.yaml", b.s, b.len, err);
    free(b.s);
    return rc;
}

static const char *const good_fields =
    "    title: {fr: \"T\", en: \"T\"}\n"
    "    summary: {fr: \"S\", en: \"S\"}\n"
    "    challenge: {fr: \"C\", en: \"C\"}\n"
    "    axes: [solidarity]\n"
    "    audience: [citizens]\n"
    "    lead: [citizen]\n"
    "    phase: awareness\n"
    "    effort: low\n"
    "    horizon: 3\n"
    "    steps: [{fr: \"a\", en: \"a\"}, {fr: \"b\", en: \"b\"}]\n";

/* ------------------------------------------------------------------ loading */

static void test_load_fixture_actions(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    assert_int_equal(shr_catalog_action_count(cat), 5);
    const shr_action *a = shr_catalog_action(cat, "OPEN-fablab"); /* case ignored */
    assert_non_null(a);
    assert_ptr_equal(a, shr_catalog_action_at(cat, 0));
    assert_null(shr_catalog_action_at(cat, 5));
    assert_null(shr_catalog_action(cat, "nope"));
    assert_string_equal(shr_action_id(a), "open-fablab");
    assert_string_equal(shr_action_title(a, "fr"), "Ouvrir un fablab");
    assert_string_equal(shr_action_title(a, "en"), "Open a fablab");
    assert_null(shr_action_title(a, "de"));
    assert_string_equal(shr_action_summary(a, "en"), "A shared digital fabrication workshop.");
    assert_string_equal(shr_action_challenge(a, "fr"), "Garder les savoir-faire.");
    assert_int_equal(shr_action_axis_count(a), 2);
    assert_int_equal(shr_axis_code_of(shr_action_axis_at(a, 0)), SHR_AXIS_CO_PRODUCTION);
    assert_true(shr_action_has_axis(a, SHR_AXIS_SHARED_RESOURCES));
    assert_false(shr_action_has_axis(a, SHR_AXIS_SOLIDARITY));
    assert_int_equal(shr_action_category_count(a), 1);
    assert_string_equal(shr_category_id(shr_action_category_at(a, 0)), "fablab");
    assert_int_equal(shr_action_audience_count(a), 2);
    assert_int_equal(shr_action_audience_at(a, 0), SHR_AUDIENCE_CITIZENS);
    assert_int_equal(shr_action_audience_at(a, 2), -1);
    assert_int_equal(shr_action_lead_count(a), 2);
    assert_int_equal(shr_action_lead_at(a, 1), SHR_SECTOR_PRIVATE);
    assert_true(shr_action_has_lead(a, SHR_SECTOR_CITIZEN));
    assert_false(shr_action_has_lead(a, SHR_SECTOR_PUBLIC));
    assert_int_equal(shr_action_partner_count(a), 1);
    assert_int_equal(shr_action_stance_of(a), SHR_STANCE_FACILITATE);
    assert_int_equal(shr_action_phase_of(a), SHR_PHASE_CONSTRUCTION);
    assert_int_equal(shr_action_effort_of(a), SHR_EFFORT_HIGH);
    assert_int_equal(shr_action_horizon(a), 18);
    assert_int_equal(shr_action_item_count(a, SHR_ACTION_STEPS), 2);
    assert_string_equal(shr_action_item_at(a, SHR_ACTION_STEPS, 1, "en"), "Find premises");
    assert_string_equal(shr_action_item_at(a, SHR_ACTION_INDICATORS, 0, "fr"), "Membres actifs");
    assert_null(shr_action_item_at(a, SHR_ACTION_STEPS, 2, "fr"));
    assert_int_equal(shr_action_item_count(shr_catalog_action(cat, "repair"), SHR_ACTION_RISKS),
                     0);
    assert_int_equal(shr_action_link_count(a), 1);
    assert_string_equal(shr_action_source_at(a, 0), "invented for the tests");
    /* stance defaults to facilitate */
    assert_int_equal(shr_action_stance_of(shr_catalog_action(cat, "repair")),
                     SHR_STANCE_FACILITATE);

    /* the filter */
    shr_action_filter f = SHR_ACTION_FILTER_INIT;
    assert_int_equal(f.axis, SHR_AXIS_NONE); /* any axis, any lead */
    assert_int_equal(f.lead, SHR_SECTOR_NONE);
    size_t n = 0;
    for (size_t i = 0; i < shr_catalog_action_count(cat); i++)
        n += (size_t)shr_action_matches(shr_catalog_action_at(cat, i), &f);
    assert_int_equal(n, 5);
    f.axis = SHR_AXIS_PUBLIC_ACTOR;
    f.lead = SHR_SECTOR_PUBLIC;
    n = 0;
    for (size_t i = 0; i < shr_catalog_action_count(cat); i++)
        n += (size_t)shr_action_matches(shr_catalog_action_at(cat, i), &f);
    assert_int_equal(n, 2); /* carpool, open-data */
    f = (shr_action_filter)SHR_ACTION_FILTER_INIT;
    f.category = shr_catalog_category(cat, "third_place");
    assert_true(shr_action_matches(shr_catalog_action(cat, "cowork"), &f));
    assert_false(shr_action_matches(shr_catalog_action(cat, "open-fablab"), &f));
    f.version = 99;
    assert_false(shr_action_matches(shr_catalog_action(cat, "cowork"), &f));
    shr_catalog_free(cat);
}

/* The referentiel file loads on its own (it refers to no territory, actor or practice). */
static void test_actions_alone(void **state)
{
    (void)state;
    char p[512];
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load(cat, test_data_path("roadmap/actions.yaml", p, sizeof p),
                                      &err),
                     SHR_OK);
    assert_int_equal(shr_catalog_action_count(cat), 5);
    shr_catalog_free(cat);
}

static void test_load_errors(void **state)
{
    (void)state;
    /* Each case: the good fields plus or minus one thing; the error's place in the buffer
     * (line 3 is the action's first key "id"). */
    static const struct {
        const char *extra; /* appended after the good fields */
        const char *replace_from, *replace_to; /* one substitution in the good fields */
        int code;
        unsigned line, column;
        const char *needle;
    } cases[] = {
        {"    categories: [fablab]\n    colour: red\n", NULL, NULL, SHR_EFORMAT, 15, 5,
         "unknown field 'colour'"},
        {"", NULL, NULL, SHR_EFORMAT, 3, 5, "missing required field 'categories'"},
        {"    categories: [no_such_category]\n", NULL, NULL, SHR_EREFERENCE, 14, 18,
         "unknown category 'no_such_category'"},
        {"    categories: [fablab]\n", "title: {fr: \"T\", en: \"T\"}", "title: {fr: \"T\"}",
         SHR_EFORMAT, 4, 12, "missing required field 'en'"},
        {"    categories: [fablab]\n", "summary: {fr: \"S\", en: \"S\"}",
         "summary: {fr: \"\", en: \"S\"}", SHR_EFORMAT, 5, 19, "'summary.fr' is empty"},
        {"    categories: [fablab]\n", "horizon: 3", "horizon: 121", SHR_EFORMAT, 12, 14,
         "horizon"},
        {"    categories: [fablab]\n", "phase: awareness", "phase: later", SHR_EFORMAT, 10, 12,
         "unknown phase 'later'"},
        {"    categories: [fablab]\n", "lead: [citizen]", "lead: [citizen, other]",
         SHR_EFORMAT, 9, 21, "unknown lead 'other'"},
        {"    categories: [fablab]\n", "lead: [citizen]", "lead: [citizen, citizen]",
         SHR_EFORMAT, 9, 21, "twice"},
        {"    categories: [fablab]\n", "audience: [citizens]", "audience: []", SHR_EFORMAT, 8,
         15, "at least 1"},
        {"    categories: [fablab]\n", "steps: [{fr: \"a\", en: \"a\"}, {fr: \"b\", en: \"b\"}]",
         "steps: [{fr: \"a\", en: \"a\"}]", SHR_EFORMAT, 13, 12, "at least 2"},
        {"    categories: []\n", NULL, NULL, SHR_EFORMAT, 14, 17, "at least 1"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        sbuf b = {0};
        const char *g = good_fields;
        if (cases[k].replace_from) {
            const char *at = strstr(g, cases[k].replace_from);
            assert_non_null(at);
            sb_addf(&b, "%.*s%s%s%s", (int)(at - g), g, cases[k].replace_to,
                    at + strlen(cases[k].replace_from), cases[k].extra);
        } else {
            sb_addf(&b, "%s%s", g, cases[k].extra);
        }
        shr_catalog *cat = shr_catalog_new(NULL);
        shr_error err;
        int rc = load_action_text(cat, b.s, &err);
        if (rc != cases[k].code || err.line != cases[k].line ||
            err.column != cases[k].column || !strstr(err.message, cases[k].needle))
            fail_msg("case %zu: rc %d at %u:%u: %s", k, rc, err.line, err.column, err.message);
        /* all or nothing */
        assert_int_equal(shr_catalog_action_count(cat), 0);
        assert_null(shr_catalog_action(cat, "x"));
        free(b.s);
        shr_catalog_free(cat);
    }
}

static void test_duplicate_and_rollback(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    shr_error err;
    sbuf b = {0};
    sb_addf(&b, "sharitories: 1\nactions:\n  - id: repair\n%s    categories: [fablab]\n",
            good_fields);
    int rc = shr_catalog_load_buffer(cat, "dup.yaml", b.s, b.len, &err);
    assert_int_equal(rc, SHR_EDUPLICATE);
    assert_non_null(strstr(err.message, "actions.yaml"));
    assert_int_equal(err.line, 3);
    /* a failed load of a new id leaves the old ones */
    free(b.s);
    b = (sbuf){0};
    sb_addf(&b, "sharitories: 1\nactions:\n  - id: new-one\n%s    categories: [nope]\n",
            good_fields);
    assert_int_equal(shr_catalog_load_buffer(cat, "ref.yaml", b.s, b.len, &err), SHR_EREFERENCE);
    assert_int_equal(shr_catalog_action_count(cat), 5);
    assert_null(shr_catalog_action(cat, "new-one"));
    assert_non_null(shr_catalog_action(cat, "repair"));
    free(b.s);
    /* a category an action uses may come from a file of the same load, after it */
    shr_catalog *c2 = shr_catalog_new(NULL);
    b = (sbuf){0};
    sb_addf(&b, "sharitories: 1\nactions:\n  - id: y\n%s    categories: [seeds]\n"
                "categories:\n  - {id: seeds, family: consumption}\n",
            good_fields);
    if (shr_catalog_load_buffer(c2, "later.yaml", b.s, b.len, &err) != SHR_OK)
        fail_msg("%u:%u %s", err.line, err.column, err.message);
    assert_string_equal(shr_category_id(shr_action_category_at(shr_catalog_action(c2, "y"), 0)),
                        "seeds");
    free(b.s);
    shr_catalog_free(c2);
    shr_catalog_free(cat);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)len + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = '\0';
    fclose(f);
    *n = (size_t)len;
    return s;
}

static void test_round_trip(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    shr_error err;
    char p1[] = "/tmp/shr-roadmap-rt1-XXXXXX", p2[] = "/tmp/shr-roadmap-rt2-XXXXXX";
    int fd1 = mkstemp(p1), fd2 = mkstemp(p2);
    assert_true(fd1 >= 0 && fd2 >= 0);
    close(fd1);
    close(fd2);
    assert_int_equal(shr_catalog_save(cat, p1, &err), SHR_OK);
    shr_catalog *again = shr_catalog_new(NULL);
    if (shr_catalog_load(again, p1, &err) != SHR_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(shr_catalog_action_count(again), 5);
    assert_int_equal(shr_catalog_save(again, p2, &err), SHR_OK);
    size_t n1, n2;
    char *s1 = slurp(p1, &n1), *s2 = slurp(p2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(s1, s2, n1);
    assert_non_null(strstr(s1, "actions:"));
    assert_non_null(strstr(s1, "good_practices:"));
    /* the explicit stance is kept, the default one is not written */
    assert_non_null(strstr(s1, "stance: facilitate"));
    const shr_action *a = shr_catalog_action(again, "open-fablab");
    assert_string_equal(shr_action_item_at(a, SHR_ACTION_LEVERS, 0, "en"), "Call for projects");
    assert_int_equal(shr_action_horizon(a), 18);
    free(s1);
    free(s2);
    unlink(p1);
    unlink(p2);
    shr_catalog_free(again);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ the roadmap */

static size_t rank_of(const shr_roadmap *rm, const char *id)
{
    for (size_t i = 0; i < shr_roadmap_count(rm); i++)
        if (strcmp(shr_action_id(shr_roadmap_action(rm, i)), id) == 0)
            return i;
    return SHR_NONE;
}

static void test_roadmap_fixture(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    shr_error err;
    shr_roadmap *rm = NULL;
    shr_roadmap_options o = SHR_ROADMAP_OPTIONS_INIT;
    o.examples = 6;
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_OK);
    assert_int_equal(shr_roadmap_weak_axis(rm, shr_roadmap_count(rm)), SHR_AXIS_NONE);
    assert_int_equal(shr_roadmap_peer_count(rm), 5);
    /* the fiche of the category every peer has and Villeville lacks comes first */
    assert_string_equal(shr_action_id(shr_roadmap_action(rm, 0)), "open-fablab");
    assert_string_equal(shr_category_id(shr_roadmap_category(rm, 0)), "fablab");
    assert_int_equal(shr_roadmap_peers_having(rm, 0), 5);
    assert_int_equal(shr_roadmap_own_count(rm, 0), 0);
    assert_int_equal(shr_roadmap_local_count(rm, 0), 0);
    assert_true(shr_roadmap_gap(rm, 0) == 1.0);
    /* no peer has open data: not recommended */
    assert_int_equal(rank_of(rm, "open-data"), SHR_NONE);
    assert_int_equal(shr_roadmap_count(rm), 4);
    /* coworking: 4 of 5 peers, 1 in the EPCI (not in the town) */
    size_t cw = rank_of(rm, "cowork");
    assert_int_not_equal(cw, SHR_NONE);
    assert_int_equal(shr_roadmap_peers_having(rm, cw), 4);
    assert_int_equal(shr_roadmap_own_count(rm, cw), 0);
    assert_int_equal(shr_roadmap_local_count(rm, cw), 1);
    assert_true(fabs(shr_roadmap_gap(rm, cw) - 0.4) < 1e-12);
    /* examples: the nearest peer first, one per peer before a second, the peer without a
     * location last, never Mégapole (not a peer) */
    static const char *const want[] = {"fab-p1", "fab-p2", "fab-p3", "fab-p4", "fab-p5",
                                       "fab-p1b"};
    assert_int_equal(shr_roadmap_example_count(rm, 0), 6);
    for (size_t k = 0; k < 6; k++)
        assert_string_equal(shr_practice_id(shr_roadmap_example_at(rm, 0, k)), want[k]);
    assert_string_equal(shr_territory_id(shr_roadmap_example_territory(rm, 0, 0)), "p1");
    double km = shr_roadmap_example_distance_km(rm, 0, 0);
    assert_true(km > 11.0 && km < 11.2); /* 0.1 degree of latitude */
    assert_true(shr_roadmap_example_distance_km(rm, 0, 4) < 0);
    /* carpooling: car-p3 is also within Villeville, so never an example */
    size_t cp = rank_of(rm, "carpool");
    assert_int_equal(shr_roadmap_own_count(rm, cp), 2);
    for (size_t k = 0; k < shr_roadmap_example_count(rm, cp); k++)
        assert_string_not_equal(shr_practice_id(shr_roadmap_example_at(rm, cp, k)), "car-p3");
    /* leads: carpool (public) has the town hall; the fablab (citizen, private) the association */
    assert_int_equal(shr_roadmap_lead_total(rm, cp), 1);
    assert_string_equal(shr_actor_id(shr_roadmap_lead_at(rm, cp, 0)), "mairie");
    assert_int_equal(shr_roadmap_lead_total(rm, 0), 1);
    assert_string_equal(shr_actor_id(shr_roadmap_lead_at(rm, 0, 0)), "asso");
    /* the why, with numbers, in both languages */
    const char *fr = shr_roadmap_why(rm, 0, "fr"), *en = shr_roadmap_why(rm, 0, "en");
    assert_non_null(strstr(fr, "5 des 5 communes comparables"));
    assert_non_null(strstr(fr, "Villeville n'en a aucune"));
    assert_non_null(strstr(fr, "Fablab Un à Pair-Un, à 11 km"));
    assert_non_null(strstr(en, "5 of 5 peer communes have at least one"));
    assert_non_null(strstr(en, "Villeville has none"));
    assert_non_null(strstr(en, "Fablab Un in Pair-Un, 11 km away"));
    assert_non_null(strstr(en, "Could lead here: Villeville en commun"));
    assert_null(shr_roadmap_why(rm, 0, "de"));
    /* scores non-increasing, ranks dense */
    for (size_t i = 1; i < shr_roadmap_count(rm); i++)
        assert_true(shr_roadmap_score(rm, i) <= shr_roadmap_score(rm, i - 1));
    assert_true(shr_roadmap_score(rm, 99) < 0);
    assert_null(shr_roadmap_action(rm, 99));
    shr_roadmap_free(rm);

    /* top N */
    o.top = 2;
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_OK);
    assert_int_equal(shr_roadmap_count(rm), 2);
    shr_roadmap_free(rm);
    shr_catalog_free(cat);
}


/* Without locations, the nearest peers are those of the territory's department, then of its
 * region, then the others (docs/roadmap.md). */
static void test_roadmap_fallback_order(void **state)
{
    (void)state;
    static const char towns[] =
        "sharitories: 1\n"
        "territories:\n"
        "  - {id: r1, name: R1, kind: region}\n"
        "  - {id: r2, name: R2, kind: region}\n"
        "  - {id: d1, name: D1, kind: department, parent: r1}\n"
        "  - {id: d2, name: D2, kind: department, parent: r1}\n"
        "  - {id: d3, name: D3, kind: department, parent: r2}\n"
        "  - {id: t, name: T, kind: commune, parent: d1, population: 1000}\n"
        "  - {id: far, name: Far, kind: commune, parent: d3, population: 1000}\n"
        "  - {id: region, name: Region, kind: commune, parent: d2, population: 1000}\n"
        "  - {id: dept, name: Dept, kind: commune, parent: d1, population: 1000}\n"
        "practices:\n"
        "  - {id: f-far, name: F, category: fablab, territories: [far]}\n"
        "  - {id: f-region, name: F, category: fablab, territories: [region]}\n"
        "  - {id: f-dept, name: F, category: fablab, territories: [dept]}\n";
    char p[512];
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "towns.yaml", towns, sizeof towns - 1, &err),
                     SHR_OK);
    assert_int_equal(
        shr_catalog_load(cat, test_data_path("roadmap/actions.yaml", p, sizeof p), &err), SHR_OK);
    shr_roadmap *rm = NULL;
    assert_int_equal(shr_roadmap_compute(cat, "t", NULL, &rm, &err), SHR_OK);
    size_t r = rank_of(rm, "open-fablab");
    assert_int_not_equal(r, SHR_NONE);
    static const char *const want[] = {"f-dept", "f-region", "f-far"};
    assert_int_equal(shr_roadmap_example_count(rm, r), 3);
    for (size_t k = 0; k < 3; k++) {
        assert_string_equal(shr_practice_id(shr_roadmap_example_at(rm, r, k)), want[k]);
        assert_true(shr_roadmap_example_distance_km(rm, r, k) < 0);
    }
    shr_roadmap_free(rm);
    shr_catalog_free(cat);
}

static void test_roadmap_errors(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    shr_error err;
    shr_roadmap *rm = (shr_roadmap *)1;
    assert_int_equal(shr_roadmap_compute(cat, "nowhere", NULL, &rm, &err), SHR_ENOTFOUND);
    assert_null(rm);
    assert_non_null(strstr(err.message, "nowhere"));
    shr_roadmap_options o = SHR_ROADMAP_OPTIONS_INIT;
    o.version = 7;
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_EINVAL);
    o = (shr_roadmap_options)SHR_ROADMAP_OPTIONS_INIT;
    o.size = 8;
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_EINVAL);
    o = (shr_roadmap_options)SHR_ROADMAP_OPTIONS_INIT;
    o.lang = "de";
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_EINVAL);
    o = (shr_roadmap_options)SHR_ROADMAP_OPTIONS_INIT;
    o.band_low = 3;
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_EINVAL);
    o = (shr_roadmap_options)SHR_ROADMAP_OPTIONS_INIT;
    const char *peers[] = {"p2", "zz"};
    o.peers = peers;
    o.peer_count = 2;
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_ENOTFOUND);
    assert_non_null(strstr(err.message, "zz"));
    /* explicit peers: only Pair-Deux has a repair café, so with it alone the gap is 1 */
    o.peer_count = 1;
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_OK);
    assert_int_equal(shr_roadmap_peer_count(rm), 1);
    size_t r = rank_of(rm, "repair");
    assert_true(shr_roadmap_gap(rm, r) == 1.0);
    shr_roadmap_free(rm);
    /* no population and no peers given */
    assert_int_equal(shr_roadmap_compute(cat, "e1", NULL, &rm, &err), SHR_EINVAL);
    shr_catalog_free(cat);
}

/* Run a writer into memory. */
typedef int (*writer_fn)(const shr_roadmap *, FILE *, shr_error *);
static char *write_to_string(const shr_roadmap *rm, writer_fn fn)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    shr_error err;
    assert_int_equal(fn(rm, f, &err), SHR_OK);
    fclose(f);
    return buf;
}

typedef struct csv_rows {
    size_t row, col;
    char cells[16][32][256];
} csv_rows;

static void on_field(void *ctx, size_t row, size_t col, const char *s)
{
    csv_rows *r = ctx;
    if (row < 16 && col < 32)
        snprintf(r->cells[row][col], 256, "%s", s);
}

static void test_roadmap_writers(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    shr_error err;
    shr_roadmap *rm = NULL;
    shr_roadmap_options o = SHR_ROADMAP_OPTIONS_INIT;
    o.lang = "en";
    assert_int_equal(shr_roadmap_compute(cat, "t", &o, &rm, &err), SHR_OK);
    char *csv = write_to_string(rm, shr_roadmap_write_csv_file);
    static csv_rows rows;
    memset(&rows, 0, sizeof rows);
    size_t nrows = csv_parse(csv, on_field, &rows);
    assert_int_equal(nrows, 1 + shr_roadmap_count(rm));
    static const char *const head[] = {"rank", "action", "title", "score", "peers_having",
                                       "peers", "local_count", "examples"};
    for (size_t k = 0; k < 8; k++)
        assert_string_equal(rows.cells[0][k], head[k]);
    assert_string_equal(rows.cells[1][0], "1");
    assert_string_equal(rows.cells[1][1], "open-fablab");
    assert_string_equal(rows.cells[1][2], "Open a fablab");
    assert_string_equal(rows.cells[1][4], "5");
    assert_string_equal(rows.cells[1][5], "5");
    assert_string_equal(rows.cells[1][7], "fab-p1;fab-p2;fab-p3");
    free(csv);

    char *json = write_to_string(rm, shr_roadmap_write_json_file);
    jval *v = j_parse(json, strlen(json));
    assert_non_null(v);
    const jval *recs = j_get(v, "recommendations");
    assert_non_null(recs);
    assert_int_equal(recs->n, shr_roadmap_count(rm));
    const jval *first = recs->items[0];
    assert_string_equal(j_get(first, "action")->str, "open-fablab");
    assert_int_equal((int)j_get(first, "peers_having")->num, 5);
    assert_int_equal(j_get(j_get(first, "examples")->items[0], "distance_km")->num >= 11, 1);
    assert_int_equal((int)j_get(v, "peers")->num, 5);
    j_free(v);
    free(json);

    char *md = write_to_string(rm, shr_roadmap_write_md_file);
    /* grouped by phase: awareness (repair) before facilitation before construction (fablab) */
    const char *aw = strstr(md, "## Awareness"), *co = strstr(md, "## Construction");
    assert_non_null(aw);
    assert_non_null(co);
    assert_true(aw < co);
    assert_non_null(strstr(md, "### 1. Open a fablab"));
    assert_non_null(strstr(md, "1. Gather the makers"));
    assert_non_null(strstr(md, "Fablab Un — Pair-Un (11 km) `fab-p1`"));
    free(md);
    shr_roadmap_free(rm);

    /* one fiche in full */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(shr_action_write_md_file(shr_catalog_action(cat, "open-fablab"), "fr", f, &err),
                     SHR_OK);
    fclose(f);
    assert_non_null(strstr(buf, "# Ouvrir un fablab"));
    assert_non_null(strstr(buf, "## Étapes\n\n1. Réunir les makers\n2. Trouver un local"));
    assert_non_null(strstr(buf, "## Indicateurs\n\n- Membres actifs"));
    assert_non_null(strstr(buf, "<https://example.org/fablab>"));
    free(buf);
    assert_int_equal(shr_action_write_md_file(shr_catalog_action(cat, "open-fablab"), "de", stdout,
                                         &err),
                     SHR_EINVAL);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ real catalog */

static void test_roadmap_real_invariants(void **state)
{
    (void)state;
    shr_catalog *cat = load_real();
    if (shr_catalog_action_count(cat) == 0) {
        /* Until data/referentiel-actions.yaml is in the default catalog: the test fixture's
         * fiches over the real territories and practices. */
        char p[512];
        shr_error e;
        assert_int_equal(
            shr_catalog_load(cat, test_data_path("roadmap/actions.yaml", p, sizeof p), &e),
            SHR_OK);
    }
    static const char *const towns[] = {"fr-com-56121", "fr-com-88160", "fr-com-40192",
                                        "fr-com-11262"};
    for (size_t t = 0; t < 4; t++) {
        shr_error err;
        shr_roadmap *rm = NULL;
        shr_roadmap_options o = SHR_ROADMAP_OPTIONS_INIT;
        o.top = 0;
        if (shr_roadmap_compute(cat, towns[t], &o, &rm, &err) != SHR_OK)
            fail_msg("%s: %s", towns[t], err.message);
        shr_inspiration *insp = NULL;
        assert_int_equal(shr_inspiration_compute(cat, towns[t], NULL, &insp, &err), SHR_OK);
        assert_int_equal(shr_roadmap_peer_count(rm), shr_inspiration_peer_count(insp));
        for (size_t k = 0; k < shr_roadmap_peer_count(rm); k++)
            assert_ptr_equal(shr_roadmap_peer_at(rm, k), shr_inspiration_peer_at(insp, k));
        shr_inspiration_free(insp);
        const shr_territory *me = shr_roadmap_territory(rm);
        assert_true(shr_roadmap_count(rm) >= 1);
        for (size_t i = 0; i < shr_roadmap_count(rm); i++) {
            double s = shr_roadmap_score(rm, i);
            assert_true(s > 0 && s <= 1);
            if (i)
                assert_true(s <= shr_roadmap_score(rm, i - 1));
            const shr_action *a = shr_roadmap_action(rm, i);
            assert_non_null(shr_roadmap_why(rm, i, "fr"));
            assert_non_null(shr_roadmap_why(rm, i, "en"));
            double last = 0;
            for (size_t k = 0; k < shr_roadmap_example_count(rm, i); k++) {
                const shr_practice *p = shr_roadmap_example_at(rm, i, k);
                const shr_territory *where = shr_roadmap_example_territory(rm, i, k);
                assert_true(shr_action_has_category(a, shr_practice_category(p)));
                assert_false(bf_practice_within(p, me));
                assert_true(bf_practice_within(p, where));
                double km = shr_roadmap_example_distance_km(rm, i, k);
                (void)last;
                last = km;
            }
            for (size_t k = 0; k < shr_roadmap_lead_count(rm, i); k++)
                assert_true(shr_action_has_lead(
                    a, shr_actor_sector(shr_roadmap_lead_at(rm, i, k))));
        }
        shr_roadmap_free(rm);
    }
    shr_catalog_free(cat);
}

/* Against a brute force on generated catalogs: peers having, own and local counts. */
static void test_roadmap_generated(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 3; seed++) {
        shr_catalog *cat = load_generated(seed, 300);
        char p[512];
        shr_error err;
        assert_int_equal(
            shr_catalog_load(cat, test_data_path("roadmap/actions.yaml", p, sizeof p), &err),
            SHR_OK);
        for (size_t ti = 0; ti < shr_catalog_territory_count(cat); ti++) {
            const shr_territory *t = shr_catalog_territory_at(cat, ti);
            if (shr_territory_kind_of(t) != SHR_TERRITORY_COMMUNE ||
                shr_territory_population(t) < 0)
                continue;
            shr_roadmap_options o = SHR_ROADMAP_OPTIONS_INIT;
            o.top = 0;
            shr_roadmap *rm = NULL;
            assert_int_equal(shr_roadmap_compute(cat, shr_territory_id(t), &o, &rm, &err),
                             SHR_OK);
            for (size_t i = 0; i < shr_roadmap_count(rm); i++) {
                const shr_category *c = shr_roadmap_category(rm, i);
                size_t having = 0, own = 0, local = 0;
                for (size_t k = 0; k < shr_roadmap_peer_count(rm); k++) {
                    const shr_territory *peer = shr_roadmap_peer_at(rm, k);
                    for (size_t pi = 0; pi < shr_catalog_practice_count(cat); pi++) {
                        const shr_practice *pr = shr_catalog_practice_at(cat, pi);
                        if (shr_practice_category(pr) == c && bf_practice_within(pr, peer)) {
                            having++;
                            break;
                        }
                    }
                }
                for (size_t pi = 0; pi < shr_catalog_practice_count(cat); pi++) {
                    const shr_practice *pr = shr_catalog_practice_at(cat, pi);
                    if (shr_practice_category(pr) != c)
                        continue;
                    int in_self = bf_practice_within(pr, t), in_local = in_self;
                    for (size_t g = 0; g < shr_territory_group_count(t); g++)
                        in_local |= bf_practice_within(pr, shr_territory_group_at(t, g));
                    own += (size_t)in_self;
                    local += (size_t)in_local;
                }
                assert_int_equal(shr_roadmap_peers_having(rm, i), having);
                assert_int_equal(shr_roadmap_own_count(rm, i), own);
                assert_int_equal(shr_roadmap_local_count(rm, i), local);
            }
            shr_roadmap_free(rm);
        }
        shr_catalog_free(cat);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_fixture_actions),
        cmocka_unit_test(test_actions_alone),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_duplicate_and_rollback),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_roadmap_fixture),
        cmocka_unit_test(test_roadmap_fallback_order),
        cmocka_unit_test(test_roadmap_errors),
        cmocka_unit_test(test_roadmap_writers),
        cmocka_unit_test(test_roadmap_real_invariants),
        cmocka_unit_test(test_roadmap_generated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
