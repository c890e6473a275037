/* Evaluation of queries on the small hand-written catalog tests/data/query-small.yaml: every
 * field, comparison, word, phrase and combination, the C calls, and results (sort, slice). */
#include "query_test_util.h"

static int setup(void **state)
{
    *state = qt_load_small();
    return 0;
}

static int teardown(void **state)
{
    shr_catalog_free(*state);
    return 0;
}

static void test_fields(void **state)
{
    const shr_catalog *cat = *state;
    QT_EXPECT(cat, "", "p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12");
    QT_EXPECT(cat, "   ", "p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12");
    QT_EXPECT(cat, "axis:solidarity", "p1 p4 p11");
    QT_EXPECT(cat, "axis:shared_resources", "p1 p2 p6 p9");
    QT_EXPECT(cat, "category:fablab", "p5");
    QT_EXPECT(cat, "category:fablab,third_place", "p2 p5");
    QT_EXPECT(cat, "family:finance", "p8");
    QT_EXPECT(cat, "family:governance", "p3 p7");
    QT_EXPECT(cat, "status:ended", "p3 p8");
    QT_EXPECT(cat, "status:planned", "p6");
    QT_EXPECT(cat, "actor:a1", "p1 p9");
    QT_EXPECT(cat, "actor:a4", "p2 p5 p10");
    QT_EXPECT(cat, "actorkind:association", "p1 p9");
    QT_EXPECT(cat, "actorkind:public_authority", "p1 p3 p7");
    QT_EXPECT(cat, "actorsector:citizen", "p1 p2 p5 p9 p10");
    QT_EXPECT(cat, "actorsector:private", "p5 p10");
    QT_EXPECT(cat, "role:user", "p9");
    QT_EXPECT(cat, "role:partner", "p5 p10");
    QT_EXPECT(cat, "role:carrier,funder", "p1 p2 p3 p5 p7 p9 p10");
    QT_EXPECT(cat, "tag:rural", "p1 p6");
    QT_EXPECT(cat, "tag:réparation", "p1");
    QT_EXPECT(cat, "tag:\"centre ville\"", "p11");
    QT_EXPECT(cat, "tag:zzz", "");
    QT_EXPECT(cat, "tag:Rural", ""); /* tags are exact */
    QT_EXPECT(cat, "id:p3", "p3");
    QT_EXPECT(cat, "id:p3,p10", "p3 p10");
}

static void test_territories(void **state)
{
    const shr_catalog *cat = *state;
    QT_EXPECT(cat, "in:fr", "p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12");
    QT_EXPECT(cat, "in:r1", "p1 p2 p3 p4 p5 p6 p7 p10");
    QT_EXPECT(cat, "in:r2", "p6 p8 p9 p12");
    QT_EXPECT(cat, "in:d1", "p1 p2 p3 p6 p7 p10");
    QT_EXPECT(cat, "in:e1", "p1 p2 p6 p7 p10");
    QT_EXPECT(cat, "in:c3", "p4 p5 p10");
    QT_EXPECT(cat, "in:c3a", "p5");
    QT_EXPECT(cat, "in:c1", "p1 p6");
    QT_EXPECT(cat, "in:x1", "p12");
    QT_EXPECT(cat, "at:c3", "p4 p10");
    QT_EXPECT(cat, "at:d1", "p3");
    QT_EXPECT(cat, "at:fr", "p11");
    QT_EXPECT(cat, "at:r1", "");
    QT_EXPECT(cat, "in:d1,d3", "p1 p2 p3 p6 p7 p9 p10 p12");
}

static void test_comparisons(void **state)
{
    const shr_catalog *cat = *state;
    QT_EXPECT(cat, "started>=2015", "p1 p2 p4 p5 p7 p9 p10 p12");
    QT_EXPECT(cat, "started>2015", "p2 p4 p5 p7 p10 p12");
    QT_EXPECT(cat, "started=2015", "p1 p9");
    QT_EXPECT(cat, "started<=2012", "p3 p8 p11");
    QT_EXPECT(cat, "started<2001", "");
    QT_EXPECT(cat, "started>=-5", "p1 p2 p3 p4 p5 p7 p8 p9 p10 p11 p12"); /* p6: no year */
    QT_EXPECT(cat, "-started>=0", "p6");
    QT_EXPECT(cat, "ended<2020", "p3");
    QT_EXPECT(cat, "ended>=2014", "p3 p8");
    QT_EXPECT(cat, "territories>=2", "p6 p10 p12");
    QT_EXPECT(cat, "territories>1", "p6 p10 p12");
    QT_EXPECT(cat, "territories=1", "p1 p2 p3 p4 p5 p7 p8 p9 p11");
    QT_EXPECT(cat, "territories<=1", "p1 p2 p3 p4 p5 p7 p8 p9 p11");
    QT_EXPECT(cat, "territories<1", "");
    QT_EXPECT(cat, "territories=2", "p6 p10 p12");
    QT_EXPECT(cat, "territories>2", "");
    QT_EXPECT(cat, "population>=100000", "p3 p4 p8 p10 p11");
    QT_EXPECT(cat, "population<10000", "p2 p10");
    QT_EXPECT(cat, "population=30000", "p6 p9 p12");
    /* each comparison is its own condition ("at least one territory whose population ...") */
    QT_EXPECT(cat, "population>=100000 population<10000", "p10");
    QT_EXPECT(cat, "population>=40000 population<=40000", "p5 p6 p10");
    QT_EXPECT(cat, "population>99999999", "");
}

static void test_words(void **state)
{
    const shr_catalog *cat = *state;
    /* case, accents, ligatures */
    QT_EXPECT(cat, "economie", "p1 p2 p3 p8 p12");
    QT_EXPECT(cat, "Économie", "p1 p2 p3 p8 p12");
    QT_EXPECT(cat, "ÉCONOMIE", "p1 p2 p3 p8 p12");
    QT_EXPECT(cat, "économie", "p1 p2 p3 p8 p12");
    QT_EXPECT(cat, "oeuvre", "p2 p4");
    QT_EXPECT(cat, "Œuvre", "p2 p4");
    QT_EXPECT(cat, "œuvre", "p2 p4");
    QT_EXPECT(cat, "OEUVRE", "p2 p4");
    QT_EXPECT(cat, "aether", "p5");
    QT_EXPECT(cat, "æther", "p5");
    QT_EXPECT(cat, "fichiers", "p5"); /* the text has the ligature "ﬁ" */
    QT_EXPECT(cat, "ﬁchiers", "p5");
    QT_EXPECT(cat, "strasse", "p5");
    QT_EXPECT(cat, "straße", "p5");
    QT_EXPECT(cat, "cooperative", "p10");
    QT_EXPECT(cat, "fete", "p4");
    QT_EXPECT(cat, "ete", "p4");
    QT_EXPECT(cat, "velo", "p9");
    QT_EXPECT(cat, "VÉLO", "p9");
    QT_EXPECT(cat, "saint", "");       /* territory names are not searched */
    QT_EXPECT(cat, "savoirs", "p2 p11");
    /* prefix */
    QT_EXPECT(cat, "jardin", "p4");
    QT_EXPECT(cat, "jard", "p4");
    QT_EXPECT(cat, "collab", "p2 p3 p12");
    QT_EXPECT(cat, "partag", "p4 p12");
    QT_EXPECT(cat, "zzz", "");
    /* tags are searched as text too */
    QT_EXPECT(cat, "numerique", "p2");
    QT_EXPECT(cat, "centre", "p11");
    /* apostrophes and hyphens cut words into phrases */
    QT_EXPECT(cat, "tiers-lieux", "p2");
    QT_EXPECT(cat, "tiers-lieu", "p2");
    QT_EXPECT(cat, "tiers", "p2");
    QT_EXPECT(cat, "lieux", "p2");
    QT_EXPECT(cat, "d'échange", "p2 p11");
    QT_EXPECT(cat, "d’échange", "p2 p11");
    QT_EXPECT(cat, "echange", "p2 p4 p11");
    QT_EXPECT(cat, "l'œuvre", "p2");
    QT_EXPECT(cat, "l'oeuvre", "p2");
    QT_EXPECT(cat, "l'economie", "p2");
    QT_EXPECT(cat, "economie-collaborative", "p2 p3 p12");
    /* phrases */
    QT_EXPECT(cat, "\"économie collaborative\"", "p2 p3 p12");
    QT_EXPECT(cat, "\"economie collab\"", "p2 p3 p12");
    QT_EXPECT(cat, "\"économie circulaire\"", "p1");
    QT_EXPECT(cat, "\"collaborative economie\"", "");
    QT_EXPECT(cat, "\"economie locale\"", "p8");
    QT_EXPECT(cat, "\"repair cafe de nevers\"", "p1");
    QT_EXPECT(cat, "\"cafe nevers\"", "");
    /* a phrase stays inside one text (name "... Nevers", description "Atelier ...") */
    QT_EXPECT(cat, "\"nevers atelier\"", "");
    QT_EXPECT(cat, "\"rural reparation\"", ""); /* two tags */
    QT_EXPECT(cat, "\"centre ville\"", "p11");
    /* words without letters or digits select everything */
    QT_EXPECT(cat, "\"\"", "p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12");
    QT_EXPECT(cat, "velo &", "p9");
    /* several words: AND */
    QT_EXPECT(cat, "economie collaborative", "p2 p3 p12");
    QT_EXPECT(cat, "economie partage", "p12");
    /* OR in lower case is a word */
    QT_EXPECT(cat, "velo or jardin", "");
}

static void test_combinations(void **state)
{
    const shr_catalog *cat = *state;
    QT_EXPECT(cat, "jardin OR velo", "p4 p9");
    QT_EXPECT(cat, "jardin OR velo OR tag:rural", "p1 p4 p6 p9");
    QT_EXPECT(cat, "-status:active", "p3 p6 p8");
    QT_EXPECT(cat, "- status:active", "p3 p6 p8");
    QT_EXPECT(cat, "--status:active", "p1 p2 p4 p5 p7 p9 p10 p11 p12");
    QT_EXPECT(cat, "in:d3 -tag:rural", "p9 p12");
    QT_EXPECT(cat, "-tag:rural in:d3", "p9 p12");
    QT_EXPECT(cat, "in:r1 -in:d1", "p4 p5");
    QT_EXPECT(cat, "(in:d1 OR in:d3) started>=2016", "p2 p7 p10 p12");
    QT_EXPECT(cat, "in:d1 OR in:d3 started>=2016", "p1 p2 p3 p6 p7 p10 p12");
    QT_EXPECT(cat, "-(in:d1 OR in:d3)", "p4 p5 p8 p11");
    QT_EXPECT(cat, "((economie))", "p1 p2 p3 p8 p12");
    QT_EXPECT(cat, "(economie -collaborative) OR id:p9", "p1 p8 p9");
    QT_EXPECT(cat, "category:repair_cafe,bike_sharing started>=2015 -status:ended", "p1 p9");
    QT_EXPECT(cat, "\"economie collaborative\" in:d1", "p2 p3");
    QT_EXPECT(cat, "\"economie collaborative\" -in:d1", "p12");
    QT_EXPECT(cat, "\"economie collaborative\" OR velo", "p2 p3 p9 p12");
    QT_EXPECT(cat, "-\"economie collaborative\" economie", "p1 p8");
    QT_EXPECT(cat, "tag:zzz OR id:p1", "p1");
    QT_EXPECT(cat, "-tag:zzz", "p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12");
    QT_EXPECT(cat, "tag:zzz -tag:rural", "");
    QT_EXPECT(cat, "-in:fr", "");
    QT_EXPECT(cat, "-in:fr OR id:p2", "p2");
    QT_EXPECT(cat, "axis:solidarity axis:shared_resources", "p1");
    QT_EXPECT(cat, "axis:solidarity,shared_resources", "p1 p2 p4 p6 p9 p11");
    QT_EXPECT(cat, "actorkind:association actorsector:citizen status:active", "p1 p9");
}

static void test_calls(void **state)
{
    const shr_catalog *cat = *state;
    shr_error err;
    char buf[1024];
    shr_result *r;

    shr_query *q = shr_query_and(
        shr_query_or(shr_query_field(cat, SHR_FIELD_IN, "d1", &err),
                     shr_query_field(cat, SHR_FIELD_IN, "d3", &err), &err),
        shr_query_compare(cat, SHR_NUMERIC_STARTED, SHR_OP_GE, 2016, &err), &err);
    assert_non_null(q);
    assert_int_equal(shr_query_run(q, &r, &err), SHR_OK);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p2 p7 p10 p12");
    assert_int_equal(shr_query_count(q, &err), 4);
    shr_result_free(r);
    shr_query_free(q);

    q = shr_query_not(shr_query_text(cat, "Économie collaborative", &err), &err);
    assert_non_null(q);
    assert_int_equal(shr_query_run(q, &r, &err), SHR_OK);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p1 p4 p5 p6 p7 p8 p9 p10 p11");
    shr_result_free(r);
    shr_query_free(q);

    q = shr_query_all(cat, &err);
    assert_int_equal(shr_query_count(q, &err), 12);
    shr_query_free(q);

    q = shr_query_field(cat, SHR_FIELD_TAG, "centre ville", &err);
    assert_int_equal(shr_query_count(q, &err), 1);
    shr_query_free(q);
    q = shr_query_field(cat, SHR_FIELD_TAG, "nope", &err);
    assert_int_equal(shr_query_count(q, &err), 0);
    shr_query_free(q);

    /* unknown values are errors naming them */
    shr_error_clear(&err);
    assert_null(shr_query_field(cat, SHR_FIELD_AXIS, "foo", &err));
    assert_int_equal(err.code, SHR_EQUERY);
    assert_string_equal(err.message, "unknown axis 'foo'");
    assert_null(shr_query_field(cat, SHR_FIELD_IN, "nowhere", &err));
    assert_string_equal(err.message, "unknown territory 'nowhere'");
    assert_null(shr_query_field(cat, SHR_FIELD_ID, "p99", &err));
    assert_string_equal(err.message, "unknown practice 'p99'");
    assert_null(shr_query_field(cat, SHR_FIELD_COUNT, "x", &err));
    assert_int_equal(err.code, SHR_EINVAL);
    /* combinators own their operands, even on failure (no leak under ASan) */
    assert_null(shr_query_and(shr_query_all(cat, &err), NULL, &err));
    assert_null(shr_query_or(NULL, shr_query_all(cat, &err), &err));
    assert_null(shr_query_not(NULL, &err));

    assert_string_equal(shr_field_name(SHR_FIELD_ACTORKIND), "actorkind");
    assert_string_equal(shr_numeric_name(SHR_NUMERIC_TERRITORIES), "territories");
    assert_null(shr_field_name(SHR_FIELD_COUNT));
}

static void test_sort_slice(void **state)
{
    const shr_catalog *cat = *state;
    shr_error err;
    char buf[1024];
    shr_result *r;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);
    assert_ptr_equal(shr_result_catalog(r), cat);
    assert_null(shr_result_at(r, 12));

    assert_int_equal(shr_result_sort(r, SHR_SORT_ID, 0, &err), SHR_OK);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p1 p10 p11 p12 p2 p3 p4 p5 p6 p7 p8 p9");
    assert_int_equal(shr_result_sort(r, SHR_SORT_ID, 1, &err), SHR_OK);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p9 p8 p7 p6 p5 p4 p3 p2 p12 p11 p10 p1");
    assert_int_equal(shr_result_sort(r, SHR_SORT_CATALOG, 0, &err), SHR_OK);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p1 p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 p12");

    /* by name, case- and accent-insensitively: "Économie..." sorts with "E" */
    assert_int_equal(shr_result_sort(r, SHR_SORT_NAME, 0, &err), SHR_OK);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p9 p7 p10 p6 p3 p5 p4 p8 p12 p1 p11 p2");

    /* by started: ties in the current order (stable), no year last in both directions */
    assert_int_equal(shr_result_sort(r, SHR_SORT_CATALOG, 0, &err), SHR_OK);
    assert_int_equal(shr_result_sort(r, SHR_SORT_STARTED, 0, &err), SHR_OK);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p11 p3 p8 p1 p9 p5 p10 p2 p7 p4 p12 p6");
    assert_int_equal(shr_result_sort(r, SHR_SORT_STARTED, 1, &err), SHR_OK);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p12 p4 p7 p2 p10 p5 p1 p9 p8 p3 p11 p6");

    assert_int_equal(shr_result_sort(r, (shr_sort_key)42, 0, &err), SHR_EINVAL);

    shr_result_slice(r, 2, 3);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p7 p2 p10");
    shr_result_slice(r, 1, SHR_NONE);
    assert_string_equal(qt_ids(r, buf, sizeof buf), "p2 p10");
    shr_result_slice(r, 5, 1);
    assert_int_equal(shr_result_count(r), 0);
    shr_result_free(r);

    shr_sort_key k;
    assert_int_equal(shr_sort_key_from_name("started", &k), SHR_OK);
    assert_int_equal(k, SHR_SORT_STARTED);
    assert_int_equal(shr_sort_key_from_name("colour", &k), SHR_ENOTFOUND);
}

static void test_empty_catalog(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    shr_result *r;
    assert_int_equal(shr_catalog_select(cat, "economie OR axis:solidarity", &r, &err), SHR_OK);
    assert_int_equal(shr_result_count(r), 0);
    shr_result_free(r);
    shr_query *q;
    assert_int_equal(shr_query_parse(cat, "", &q, &err), SHR_OK);
    assert_int_equal(shr_query_count(q, &err), 0);
    shr_query_free(q);
    assert_int_equal(shr_query_parse(cat, "in:fr", &q, &err), SHR_EQUERY);
    shr_catalog_free(cat);
}

/* The bundled data, when present: real French territories and the CGET tiers-lieux. */
static void test_real_data(void **state)
{
    (void)state;
    shr_catalog *cat = qt_load_default();
    shr_error err;
    shr_query *q;
    int64_t all = (int64_t)shr_catalog_practice_count(cat);
    assert_int_equal(shr_query_parse(cat, "", &q, &err), SHR_OK);
    assert_int_equal(shr_query_count(q, &err), all);
    shr_query_free(q);
    /* every CGET tiers-lieu is in France, and is a coworking, fablab or third place */
    const char *pairs[][2] = {
        {"tag:cget-2019", "tag:cget-2019 in:fr"},
        {"tag:cget-2019", "tag:cget-2019 category:coworking,fablab,third_place"},
        /* the Métropole du Grand Paris spans several departments: its parent is the region, so
         * practices at the EPCI itself (a citizen-engagement scheme) are in no department */
        {"in:fr-reg-11", "at:fr-epci-200054781 OR in:fr-dep-75 OR in:fr-dep-77 OR in:fr-dep-78 OR in:fr-dep-91 OR "
                         "in:fr-dep-92 OR in:fr-dep-93 OR in:fr-dep-94 OR in:fr-dep-95"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        shr_query *a, *b;
        assert_int_equal(shr_query_parse(cat, pairs[i][0], &a, &err), SHR_OK);
        assert_int_equal(shr_query_parse(cat, pairs[i][1], &b, &err), SHR_OK);
        int64_t na = shr_query_count(a, &err), nb = shr_query_count(b, &err);
        assert_true(na > 0);
        assert_int_equal(na, nb);
        shr_query_free(a);
        shr_query_free(b);
    }
    /* the tiers-lieux of Paris are in Île-de-France */
    assert_int_equal(shr_query_parse(cat, "in:fr-com-75056 -in:fr-reg-11", &q, &err), SHR_OK);
    assert_int_equal(shr_query_count(q, &err), 0);
    shr_query_free(q);
    assert_int_equal(shr_query_parse(cat, "tiers-lieux OR tiers-lieu OR coworking", &q, &err),
                     SHR_OK);
    assert_true(shr_query_count(q, &err) > 0);
    shr_query_free(q);
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_territories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comparisons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_combinations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sort_slice, setup, teardown),
        cmocka_unit_test(test_empty_catalog),
        cmocka_unit_test(test_real_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
