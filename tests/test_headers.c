/* Basic facts of the public API that need no catalog file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <sharitories/sharitories.h>

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(shr_version(), SHR_VERSION_STRING);
    assert_int_equal(shr_version_number(), SHR_VERSION_NUMBER);
    assert_int_equal(SHR_VERSION_NUMBER,
                     SHR_VERSION_MAJOR * 10000 + SHR_VERSION_MINOR * 100 + SHR_VERSION_PATCH);
    char text[32];
    snprintf(text, sizeof text, "%d.%d.%d", SHR_VERSION_MAJOR, SHR_VERSION_MINOR,
             SHR_VERSION_PATCH);
    assert_string_equal(text, SHR_VERSION_STRING);
}

/* The caller's pointer on a catalog (what the Python binding keeps its lock in). */
static void test_catalog_userdata(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    assert_null(shr_catalog_userdata(cat));
    int mine;
    shr_catalog_set_userdata(cat, &mine);
    assert_ptr_equal(shr_catalog_userdata(cat), &mine);
    shr_catalog_set_userdata(cat, NULL);
    assert_null(shr_catalog_userdata(cat));
    assert_null(shr_catalog_userdata(NULL));
    shr_catalog_free(cat);
}

static void test_error_texts(void **state)
{
    (void)state;
    assert_string_equal(shr_error_code_name(SHR_ENOMEM), "ENOMEM");
    assert_string_equal(shr_error_code_text(SHR_ENOMEM), "out of memory");
    assert_string_equal(shr_error_code_name(12345), "UNKNOWN");
    shr_error err;
    memset(&err, 'x', sizeof err);
    shr_error_clear(&err);
    assert_int_equal(err.code, SHR_OK);
    assert_string_equal(err.message, "");
    shr_error_clear(NULL);
}

static void test_enum_names_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < SHR_TERRITORY_KIND_COUNT; k++) {
        shr_territory_kind out;
        assert_int_equal(shr_territory_kind_from_name(shr_territory_kind_name(k), &out), SHR_OK);
        assert_int_equal(out, k);
    }
    for (int k = 0; k < SHR_ACTOR_KIND_COUNT; k++) {
        shr_actor_kind out;
        assert_int_equal(shr_actor_kind_from_name(shr_actor_kind_name(k), &out), SHR_OK);
        assert_int_equal(out, k);
    }
    shr_actor_kind ak;
    assert_int_equal(shr_actor_kind_from_name("Association", &ak), SHR_ENOTFOUND);
    assert_int_equal(shr_actor_kind_sector(SHR_ACTOR_ASSOCIATION), SHR_SECTOR_CITIZEN);
    assert_int_equal(shr_actor_kind_sector(SHR_ACTOR_COOPERATIVE), SHR_SECTOR_PRIVATE);
    assert_int_equal(shr_actor_kind_sector(SHR_ACTOR_STATE_SERVICE), SHR_SECTOR_PUBLIC);
    assert_int_equal(shr_actor_kind_sector(SHR_ACTOR_RESEARCH), SHR_SECTOR_OTHER);
    assert_string_equal(shr_status_name(SHR_STATUS_ENDED), "ended");
    assert_string_equal(shr_role_name(SHR_ROLE_FUNDER), "funder");
    assert_null(shr_role_name(SHR_ROLE_COUNT));
    assert_string_equal(shr_family_label(SHR_FAMILY_PRODUCTION, "fr"), "production distribuée");
    assert_null(shr_family_label(SHR_FAMILY_PRODUCTION, "de"));
}

static void test_builtin_reference_data(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    assert_int_equal(shr_catalog_axis_count(cat), 5);
    const shr_axis *ax = shr_catalog_axis(cat, "solidarity");
    assert_non_null(ax);
    assert_int_equal(shr_axis_code_of(ax), SHR_AXIS_SOLIDARITY);
    assert_string_equal(shr_axis_label(ax, "fr"),
                        "Les pratiques collaboratives, vecteur de solidarités sur le territoire");
    assert_string_equal(shr_axis_label(ax, "en"), "Collaborative practices as a vector of solidarity");
    assert_true(shr_axis_question_count(ax, "fr") >= 3);
    assert_int_equal(shr_axis_question_count(ax, "fr"), shr_axis_question_count(ax, "en"));
    assert_null(shr_axis_label(ax, "de"));
    assert_null(shr_catalog_axis(cat, "nope"));
    for (size_t i = 0; i < 5; i++) {
        const shr_axis *a = shr_catalog_axis_at(cat, i);
        assert_non_null(shr_axis_description(a, "fr"));
        assert_non_null(shr_axis_description(a, "en"));
        assert_non_null(shr_axis_question_at(a, "en", 0));
    }

    assert_int_equal(shr_catalog_category_count(cat), 32);
    const shr_category *c = shr_catalog_category(cat, "third_place");
    assert_non_null(c);
    assert_string_equal(shr_category_label(c, "fr"), "tiers-lieu");
    assert_int_equal(shr_category_family(c), SHR_FAMILY_PRODUCTION);
    assert_int_equal(shr_category_axis_count(c), 3);
    assert_string_equal(shr_axis_id(shr_category_axis_at(c, 2)), "contributors");
    assert_true(shr_category_is_builtin(c));
    c = shr_catalog_category(cat, "participatory_budget");
    assert_int_equal(shr_category_family(c), SHR_FAMILY_GOVERNANCE);
    assert_int_equal(shr_catalog_territory_count(cat), 0);
    assert_null(shr_catalog_practice(cat, "x"));
    shr_catalog_free(cat);
    shr_catalog_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_catalog_userdata),
        cmocka_unit_test(test_error_texts),
        cmocka_unit_test(test_enum_names_round_trip),
        cmocka_unit_test(test_builtin_reference_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
