/* The expression parser: every construct parses, every error has its code, its 1-based byte
 * column and a message naming what is wrong; limits. */
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

static void expect_ok(const shr_catalog *cat, const char *expr)
{
    shr_query *q = NULL;
    shr_error err;
    int rc = shr_query_parse(cat, expr, &q, &err);
    if (rc != SHR_OK)
        fail_msg("'%s' should parse: %s (column %u)", expr, err.message, err.column);
    assert_non_null(q);
    shr_query_free(q);
}

static void expect_error(const shr_catalog *cat, const char *expr, int code, unsigned column,
                         const char *message)
{
    shr_query *q = (shr_query *)1;
    shr_error err;
    shr_error_clear(&err);
    int rc = shr_query_parse(cat, expr, &q, &err);
    if (rc != code)
        fail_msg("'%s': expected code %d, got %d (%s)", expr, code, rc, err.message);
    assert_null(q);
    assert_int_equal(err.code, code);
    if (err.column != column)
        fail_msg("'%s': expected column %u, got %u (%s)", expr, column, err.column, err.message);
    if (message && strcmp(err.message, message) != 0)
        fail_msg("'%s': expected message \"%s\", got \"%s\"", expr, message, err.message);
}

static void test_constructs(void **state)
{
    const shr_catalog *cat = *state;
    const char *ok[] = {
        "",
        " \t\n",
        "axis:shared_resources in:r1 -status:ended \"repair café\"",
        "category:fablab,third_place (in:d1 OR in:d3) started>=2015",
        "word",
        "\"a phrase\"",
        "-word",
        "- word",
        "--word",
        "-(a OR b)",
        "(a)",
        "((a b) OR (c -d))",
        "a OR b OR c",
        "a OR(b)",
        "(a)OR(b)",
        "a\"b\"",
        "tiers-lieux",
        "d'échange",
        "or and not",
        "a AND b", "a AND NOT b", "NOT a", "NOT (a OR b)", "(a)AND(b)", "NOT-a", "a AND -b",
        "ANDa", "NOTa", "aAND", "\"AND\"", "\"NOT\" \"OR\"",
        "started >= 2015", "started>= 2015", "started >=2015", "started = 2015",
        "population  <  100", "ended\t<=\t2020",
        "\"a \\\"quoted\\\" word\"", "tag:\"a \\\"b\\\"\"", "\"back\\\\\"", "\"\\\"\"",
        "ORa",
        "aOR",
        "started>=2015", "started<=2015", "started>2015", "started<2015", "started=2015",
        "ended=2014", "population>=0", "territories>=2", "started>=-10", "started>=+10",
        "startedx", "started", "populations", "territoriesfoo",
        "axis:contributors", "axis:public_actor", "axis:solidarity", "axis:co_production",
        "family:consumption,production,finance,governance",
        "in:fr", "at:c3a", "actor:a1,a2", "actorkind:public_authority,company",
        "actorsector:public,private,citizen,other", "role:carrier,funder,partner,operator,user",
        "status:planned,active,ended", "tag:rural", "tag:\"centre ville\"", "tag:\"a\",b",
        "tag:anything-unknown", "id:p1,p12",
        "\"\"", "&", "'", "l'", "’",
        "\"unbalanced ( parenthesis inside quotes\"",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        expect_ok(cat, ok[i]);
}

static void test_errors(void **state)
{
    const shr_catalog *cat = *state;
    /* unknown fields and values, with the column of the name or value */
    expect_error(cat, "colour:red", SHR_EQUERY, 1, "unknown field 'colour'");
    expect_error(cat, "axis:foo", SHR_EQUERY, 6, "unknown axis 'foo'");
    expect_error(cat, "in:r1 axis:foo", SHR_EQUERY, 12, "unknown axis 'foo'");
    expect_error(cat, "category:fablab,nope", SHR_EQUERY, 17, "unknown category 'nope'");
    expect_error(cat, "family:food", SHR_EQUERY, 8, "unknown family 'food'");
    expect_error(cat, "in:nowhere", SHR_EQUERY, 4, "unknown territory 'nowhere'");
    expect_error(cat, "at:nowhere", SHR_EQUERY, 4, "unknown territory 'nowhere'");
    expect_error(cat, "actor:zz", SHR_EQUERY, 7, "unknown actor 'zz'");
    expect_error(cat, "actorkind:alien", SHR_EQUERY, 11, "unknown actor kind 'alien'");
    expect_error(cat, "actorsector:none", SHR_EQUERY, 13, "unknown actor sector 'none'");
    expect_error(cat, "role:boss", SHR_EQUERY, 6, "unknown role 'boss'");
    expect_error(cat, "status:done", SHR_EQUERY, 8, "unknown status 'done'");
    expect_error(cat, "id:p99", SHR_EQUERY, 4, "unknown practice 'p99'");
    expect_error(cat, "Axis:solidarity", SHR_EQUERY, 1, "unknown field 'Axis'");
    expect_error(cat, "http://example.org", SHR_EQUERY, 1, "unknown field 'http'");
    expect_error(cat, ":x", SHR_EQUERY, 1, "expected a field name before ':'");
    /* values */
    expect_error(cat, "category:", SHR_EQUERY, 10, "expected a value after 'category:'");
    expect_error(cat, "category: fablab", SHR_EQUERY, 10, "expected a value after 'category:'");
    expect_error(cat, "category:fablab,", SHR_EQUERY, 17, "expected a value after ','");
    expect_error(cat, "category:,fablab", SHR_EQUERY, 10, "expected a value after 'category:'");
    expect_error(cat, "tag:\"open", SHR_EQUERY, 5, "unterminated quote");
    /* comparisons */
    expect_error(cat, "started>=abc", SHR_EQUERY, 10, "expected a number after 'started>='");
    expect_error(cat, "started>=", SHR_EQUERY, 10, "expected a number after 'started>='");
    expect_error(cat, "started>=2015x", SHR_EQUERY, 10, "expected a number after 'started>='");
    expect_error(cat, "ended<", SHR_EQUERY, 7, "expected a number after 'ended<'");
    expect_error(cat, "population==5", SHR_EQUERY, 12, "expected a number after 'population='");
    expect_error(cat, "territories>=-", SHR_EQUERY, 14, "expected a number after 'territories>='");
    expect_error(cat, "x started>", SHR_EQUERY, 11, "expected a number after 'started>'");
    expect_error(cat, "started>99999999999999999999", SHR_EQUERY, 9, NULL);
    expect_error(cat, "started:2015", SHR_EQUERY, 8,
                 "expected an operator (>=, <=, >, <, =) after 'started', not ':'");
    /* structure */
    expect_error(cat, "(a", SHR_EQUERY, 1, "unbalanced parentheses: '(' is never closed");
    expect_error(cat, "x ((a) b", SHR_EQUERY, 3, "unbalanced parentheses: '(' is never closed");
    expect_error(cat, "a)", SHR_EQUERY, 2, "unbalanced parentheses: ')' without '('");
    expect_error(cat, ")", SHR_EQUERY, 1, "unbalanced parentheses: ')' without '('");
    expect_error(cat, "(a))", SHR_EQUERY, 4, "unbalanced parentheses: ')' without '('");
    expect_error(cat, "()", SHR_EQUERY, 2, "expected a term after '('");
    expect_error(cat, "a OR", SHR_EQUERY, 3, "expected a term after 'OR'");
    expect_error(cat, "a OR OR b", SHR_EQUERY, 3, "expected a term after 'OR'");
    expect_error(cat, "OR a", SHR_EQUERY, 1, "expected a term before 'OR'");
    expect_error(cat, "(OR a)", SHR_EQUERY, 2, "expected a term before 'OR'");
    expect_error(cat, "(a OR)", SHR_EQUERY, 4, "expected a term after 'OR'");
    expect_error(cat, "a -", SHR_EQUERY, 3, "expected a term after '-'");
    expect_error(cat, "-)", SHR_EQUERY, 1, "expected a term after '-'");
    expect_error(cat, "\"open", SHR_EQUERY, 1, "unterminated quote");
    expect_error(cat, "a \"b\" \"c", SHR_EQUERY, 7, "unterminated quote");
    /* AND and NOT */
    expect_error(cat, "a AND", SHR_EQUERY, 3, "expected a term after 'AND'");
    expect_error(cat, "AND a", SHR_EQUERY, 1, "expected a term before 'AND'");
    expect_error(cat, "a AND OR b", SHR_EQUERY, 3, "expected a term after 'AND'");
    expect_error(cat, "a OR AND b", SHR_EQUERY, 3, "expected a term after 'OR'");
    expect_error(cat, "(a AND)", SHR_EQUERY, 4, "expected a term after 'AND'");
    expect_error(cat, "NOT", SHR_EQUERY, 1, "expected a term after 'NOT'");
    expect_error(cat, "a NOT", SHR_EQUERY, 3, "expected a term after 'NOT'");
    expect_error(cat, "NOT OR a", SHR_EQUERY, 1, "expected a term after 'NOT'");
    expect_error(cat, "NOT )", SHR_EQUERY, 1, "expected a term after 'NOT'");
    /* comparisons with spaces */
    expect_error(cat, "started >= abc", SHR_EQUERY, 12, "expected a number after 'started >='");
    expect_error(cat, "started >=", SHR_EQUERY, 11, "expected a number after 'started >='");
    expect_error(cat, "started = 20x", SHR_EQUERY, 11, "expected a number after 'started ='");
    /* escaped quotes */
    expect_error(cat, "\"a \\\"", SHR_EQUERY, 1, "unterminated quote");
    expect_error(cat, "tag:\"a\\\"", SHR_EQUERY, 5, "unterminated quote");
    /* columns count bytes: "é" is two */
    expect_error(cat, "éé axis:x", SHR_EQUERY, 11, "unknown axis 'x'");
}

static void test_limits(void **state)
{
    const shr_catalog *cat = *state;
    shr_query *q;
    shr_error err;
    /* depth */
    char deep[4 * SHR_LIMIT_QUERY_DEPTH + 16];
    size_t n = 0;
    for (int i = 0; i < SHR_LIMIT_QUERY_DEPTH; i++)
        deep[n++] = '(';
    deep[n++] = 'a';
    for (int i = 0; i < SHR_LIMIT_QUERY_DEPTH; i++)
        deep[n++] = ')';
    deep[n] = '\0';
    expect_ok(cat, deep);
    memmove(deep + 1, deep, n + 1);
    deep[0] = '-';
    expect_error(cat, deep, SHR_ELIMIT, SHR_LIMIT_QUERY_DEPTH + 1, NULL);
    for (int i = 0; i < SHR_LIMIT_QUERY_DEPTH + 1; i++)
        deep[i] = '-';
    strcpy(deep + SHR_LIMIT_QUERY_DEPTH + 1, "a");
    expect_error(cat, deep, SHR_ELIMIT, SHR_LIMIT_QUERY_DEPTH + 1, NULL);
    deep[0] = ' ';
    expect_ok(cat, deep);

    /* length */
    char *big = malloc(SHR_LIMIT_QUERY_LENGTH + 2);
    assert_non_null(big);
    memset(big, 'z', SHR_LIMIT_QUERY_LENGTH);
    big[SHR_LIMIT_QUERY_LENGTH] = '\0';
    assert_int_equal(shr_query_parse(cat, big, &q, &err), SHR_OK); /* one long word */
    assert_int_equal(shr_query_count(q, &err), 0);
    shr_query_free(q);
    for (size_t i = 1; i < SHR_LIMIT_QUERY_LENGTH; i += 2)
        big[i] = ' '; /* many short words: AND of 32768 terms */
    assert_int_equal(shr_query_parse(cat, big, &q, &err), SHR_OK);
    assert_int_equal(shr_query_count(q, &err), 0);
    shr_query_free(q);
    big[SHR_LIMIT_QUERY_LENGTH] = 'z';
    big[SHR_LIMIT_QUERY_LENGTH + 1] = '\0';
    assert_int_equal(shr_query_parse(cat, big, &q, &err), SHR_ELIMIT);
    assert_null(q);
    free(big);

    /* arguments */
    assert_int_equal(shr_query_parse(cat, NULL, &q, &err), SHR_EINVAL);
    assert_int_equal(shr_query_parse(NULL, "a", &q, &err), SHR_EINVAL);
    assert_int_equal(shr_query_parse(cat, "a", NULL, &err), SHR_EINVAL);
    assert_int_equal(shr_query_parse(cat, "colour:x", &q, NULL), SHR_EQUERY); /* NULL err */
    shr_query_free(NULL);
}

/* Nested builder calls: a failed constructor's error survives the combinators around it
 * (docs/query.md promises that nesting needs no cleanup and keeps the first error). */
static void test_builder_keeps_first_error(void **state)
{
    const shr_catalog *cat = *state;
    shr_error err;
    shr_error_clear(&err);
    shr_query *q = shr_query_and(
        shr_query_field(cat, SHR_FIELD_CATEGORY, "no_such_category", &err),
        shr_query_not(shr_query_all(cat, &err), &err), &err);
    assert_null(q);
    assert_int_equal(err.code, SHR_EQUERY);
    assert_non_null(strstr(err.message, "no_such_category"));
    shr_error_clear(&err);
    q = shr_query_not(shr_query_field(cat, SHR_FIELD_AXIS, "nope", &err), &err);
    assert_null(q);
    assert_int_equal(err.code, SHR_EQUERY);
    assert_non_null(strstr(err.message, "nope"));
    /* a NULL operand with no error recorded is a misuse */
    shr_error_clear(&err);
    assert_null(shr_query_or(NULL, shr_query_all(cat, &err), &err));
    assert_int_equal(err.code, SHR_EINVAL);
}

/* Issue 13: in: and at: also take a territory's name when the value is not an id: folded
 * ("épinal" is Épinal), used when exactly one territory has it; several (Saint-Denis: four
 * communes) is an error at the value listing their ids; none is the unknown-territory error. */
static void test_territory_by_name(void **state)
{
    (void)state;
    shr_catalog *cat = qt_load_default();
    shr_error err;
    const char *same[][2] = {{"in:Épinal", "in:fr-com-88160"},
                             {"in:epinal -status:ended", "in:fr-com-88160 -status:ended"},
                             {"at:\"LORIENT\"", "at:fr-com-56121"},
                             {"in:Morbihan", "in:fr-dep-56"}};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        shr_query *a, *b;
        assert_int_equal(shr_query_parse(cat, same[i][0], &a, &err), SHR_OK);
        assert_int_equal(shr_query_parse(cat, same[i][1], &b, &err), SHR_OK);
        assert_true(shr_query_count(a, &err) > 0);
        assert_int_equal(shr_query_count(a, &err), shr_query_count(b, &err));
        shr_query_free(a);
        shr_query_free(b);
    }
    expect_error(cat, "fablab in:\"Saint-Denis\"", SHR_EQUERY, 11,
                 "territory name 'Saint-Denis' is ambiguous: 4 territories have it "
                 "(fr-com-11339, fr-com-30247, fr-com-93066, fr-com-97411); write an id");
    expect_error(cat, "in:nowhere-at-all", SHR_EQUERY, 4, "unknown territory 'nowhere-at-all'");
    /* the builder reads names the same way */
    shr_query *q = shr_query_field(cat, SHR_FIELD_IN, "épinal", &err);
    assert_non_null(q);
    shr_query_free(q);
    assert_null(shr_query_field(cat, SHR_FIELD_IN, "Bretagne", &err));
    assert_non_null(strstr(err.message, "'Bretagne' is ambiguous"));
    assert_non_null(strstr(err.message, "fr-reg-53"));
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_constructs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_builder_keeps_first_error, setup, teardown),
        cmocka_unit_test(test_territory_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
