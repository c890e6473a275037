/*
 * Messages in English and French (error.h, docs/errors.md): a load error and a query error in
 * both languages with the same place, query warnings in French, code labels, words translated
 * by address only (an id that reads like one stays), and the French formatter agreeing with
 * printf on every kind of conversion. tests/check_messages.py checks that every format of lib/
 * has its French.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <sharitories/sharitories.h>

#include "../lib/util/util.h"

static shr_catalog *bundled(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    shr_error err;
    assert_int_equal(shr_catalog_load_default(cat, &err), SHR_OK);
    return cat;
}

static void assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part))
        print_error("'%s' does not contain '%s'\n", text, part);
    assert_non_null(strstr(text, part));
}

/* An unknown field in a practice: same place and record, the message in each language. */
static void test_load_error_fr(void **state)
{
    (void)state;
    static const char yaml[] = "sharitories: 1\n"
                               "territories:\n"
                               "  - {id: t1, name: \"T1\", kind: commune}\n"
                               "practices:\n"
                               "  - id: p1\n"
                               "    name: \"P1\"\n"
                               "    colour: red\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "t.yaml", yaml, strlen(yaml), &err),
                     SHR_EFORMAT);
    assert_string_equal(err.file, "t.yaml");
    assert_int_equal(err.line, 7);
    assert_int_equal(err.column, 5);
    assert_string_equal(err.record, "p1");
    assert_contains(err.message, "practice 'p1': unknown field 'colour' (expected one of:");
    assert_contains(err.message_fr,
                    "pratique 'p1' : champ 'colour' : valeur inconnue (valeurs possibles :");
    assert_ptr_equal(shr_error_message(&err, "fr"), err.message_fr);
    assert_ptr_equal(shr_error_message(&err, "en"), err.message);
    assert_ptr_equal(shr_error_message(&err, NULL), err.message);
    assert_null(strchr(err.message_fr, '\n'));
    shr_catalog_free(cat);
}

/* A value of the wrong type: the kinds of value are words of the table. */
static void test_wrong_type_fr(void **state)
{
    (void)state;
    static const char yaml[] = "sharitories: 1\n"
                               "territories:\n"
                               "  - {id: t1, name: [a], kind: commune}\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "t.yaml", yaml, strlen(yaml), &err),
                     SHR_EFORMAT);
    assert_int_equal(err.line, 3);
    assert_contains(err.message, "wrong type for 'name': expected a string, got a list");
    assert_contains(err.message_fr, "territoire 't1' : type incorrect pour 'name' : on attend "
                                    "une chaîne, pas une liste");
    shr_catalog_free(cat);
}

/* A missing file: the operating system's text is translated too. */
static void test_missing_file_fr(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load(cat, "/nonexistent/x.yaml", &err), SHR_EIO);
    assert_string_equal(err.file, "/nonexistent/x.yaml");
    assert_string_equal(err.message, "cannot open: No such file or directory");
    assert_string_equal(err.message_fr, "impossible d'ouvrir : fichier ou dossier introuvable");
    shr_catalog_free(cat);
}

/* libyaml's syntax errors: the common ones are translated, with the same place. */
static void test_syntax_error_fr(void **state)
{
    (void)state;
    static const char yaml[] = "sharitories: 1\nterritories: [\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "t.yaml", yaml, strlen(yaml), &err),
                     SHR_ESYNTAX);
    assert_int_equal(err.line, 3);
    assert_contains(err.message, "did not find expected node content");
    assert_contains(err.message_fr, "contenu de nœud attendu mais non trouvé (en lisant un "
                                    "nœud en ligne à la ligne 3, colonne 1)");
    shr_catalog_free(cat);
}

/* A query error on the bundled catalog: same column, the noun translated, the id not. */
static void test_query_error_fr(void **state)
{
    (void)state;
    shr_catalog *cat = bundled();
    shr_query *q = NULL;
    shr_error err;
    assert_int_equal(shr_query_parse(cat, "fablab category:practice", &q, &err), SHR_EQUERY);
    assert_null(q);
    assert_int_equal(err.column, 17);
    assert_string_equal(err.message, "unknown category 'practice'");
    /* 'practice' is also a word of the table, but only the noun is translated */
    assert_string_equal(err.message_fr, "catégorie 'practice' introuvable");

    assert_int_equal(shr_query_parse(cat, "(fablab", &q, &err), SHR_EQUERY);
    assert_int_equal(err.column, 1);
    assert_string_equal(err.message_fr, "parenthèses déséquilibrées : '(' n'est jamais fermée");

    assert_int_equal(shr_query_parse(cat, "near:fr-com-56121@x", &q, &err), SHR_EQUERY);
    assert_int_equal(err.column, 19);
    assert_contains(err.message_fr, "un rayon en km (de 0 à 100000, comme 20 ou 12.5) est "
                                    "attendu après '@'");
    shr_error err2;
    assert_null(shr_query_near(cat, "nowhere", 10, &err2));
    assert_string_equal(err2.message_fr, "territoire 'nowhere' inconnu");
    shr_catalog_free(cat);
}

/* Query warnings in French, same columns; "en" and NULL give the English. */
static void test_query_warnings_fr(void **state)
{
    (void)state;
    shr_catalog *cat = bundled();
    shr_query *q = NULL;
    shr_error err;
    assert_int_equal(shr_query_parse(cat, "fablab or coworking tag:zzzz-none", &q, &err), SHR_OK);
    assert_int_equal(shr_query_warning_count(q), 2);
    assert_int_equal(shr_query_warning_column(q, 0), 8);
    assert_string_equal(shr_query_warning_message_lang(q, 0, "en"),
                        shr_query_warning_message(q, 0));
    assert_string_equal(shr_query_warning_message_lang(q, 0, NULL),
                        shr_query_warning_message(q, 0));
    assert_contains(shr_query_warning_message_lang(q, 0, "fr"),
                    "'or' est cherché comme un mot : écrivez OR (en majuscules)");
    assert_string_equal(shr_query_warning_message_lang(q, 1, "fr"),
                        "aucune pratique n'a le mot-clé 'zzzz-none'");
    assert_null(shr_query_warning_message_lang(q, 2, "fr"));
    assert_null(shr_query_warning_message_lang(NULL, 0, "fr"));
    shr_query_free(q);
    shr_catalog_free(cat);
}

static void test_code_labels(void **state)
{
    (void)state;
    assert_string_equal(shr_error_code_label(SHR_ENOMEM, "fr"), "mémoire insuffisante");
    assert_string_equal(shr_error_code_label(SHR_EQUERY, "fr"), "requête invalide");
    assert_string_equal(shr_error_code_label(SHR_ENOMEM, "en"), "out of memory");
    assert_string_equal(shr_error_code_label(SHR_ENOMEM, NULL), "out of memory");
    assert_string_equal(shr_error_code_label(-999, "fr"), "erreur inconnue");
    for (int c = SHR_EMISUSE; c <= SHR_OK; c++)
        assert_string_not_equal(shr_error_code_label(c, "fr"), "erreur inconnue");
    /* an error without a message gives its code's text, in the language asked */
    shr_error err;
    shr_error_clear(&err);
    err.code = SHR_EINVAL;
    assert_string_equal(shr_error_message(&err, "fr"), "argument invalide");
    assert_string_equal(shr_error_message(&err, "en"), "invalid argument");
    assert_string_equal(shr_error_message(NULL, "fr"), "");
    /* clearing clears both */
    shr__error_set(&err, SHR_ENOMEM, "out of memory");
    assert_string_equal(err.message_fr, "mémoire insuffisante");
    shr_error_clear(&err);
    assert_string_equal(err.message_fr, "");
}

static void vcheck(const char *fmt, ...)
{
    char want[256], got[256];
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    vsnprintf(want, sizeof want, fmt, ap);
    shr__vformat_fr(got, sizeof got, fmt, aq); /* not in the table: the English format */
    va_end(aq);
    va_end(ap);
    assert_string_equal(got, want);
}

/* The French of fmt formatted into 8 bytes. */
static const char *fr8(const char *fmt, ...)
{
    static char buf[8];
    va_list ap;
    va_start(ap, fmt);
    shr__vformat_fr(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

/* The French formatter reads every kind of argument as printf does. */
static void test_formatter(void **state)
{
    (void)state;
    vcheck("test %d %i %u %x %X %02X %o %c", -5, 7, 8u, 255u, 255u, 10u, 8u, 'z');
    vcheck("test %ld %lu %lld %llu %zu %zd %jd", -1L, 2UL, -3LL, 4ULL, (size_t)5, (ptrdiff_t)-6,
           (intmax_t)7);
    vcheck("test %g %.0f %e %10.3f %-5s| %.*s %*d %%", 1.5, 2.4, 3.0, 4.25, "ab", 2, "xyz", 4, 9);
    vcheck("test %s then %.2s", "word", "letters");
    /* truncation: always terminated */
    assert_string_equal(fr8("unknown territory '%s'", "a-long-id"), "territo");
    assert_string_equal(fr8("%s", "abcdefghij"), "abcdefg");
    assert_string_equal(fr8("%d%d", 1234, 5678), "1234567");
    /* a word given through shr__w() is translated; the same text from elsewhere is not */
    char id[] = "practice";
    assert_ptr_not_equal(shr__w("practice"), id);
    assert_string_equal(shr__word_fr(shr__w("practice")), "pratique");
    assert_string_equal(shr__word_fr(id), "practice");
    assert_string_equal(shr__word_fr(shr__w("not a word of the table")), "not a word of the table");
    assert_null(shr__word_fr(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_error_fr),  cmocka_unit_test(test_wrong_type_fr),
        cmocka_unit_test(test_missing_file_fr), cmocka_unit_test(test_syntax_error_fr),
        cmocka_unit_test(test_query_error_fr), cmocka_unit_test(test_query_warnings_fr),
        cmocka_unit_test(test_code_labels),    cmocka_unit_test(test_formatter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
