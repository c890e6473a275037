/* Phrase search on edge cases (docs/query.md, "Text search"): repeated words, phrases at the
 * boundaries of fields (name, description, tags), accents, case and ligatures, prefixes, long
 * phrases whose pairs of words occur but not one after the other, and the same phrases on the
 * bundled catalog checked against the plain word search. */
#include "query_test_util.h"

static const char phrase_yaml[] =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: fr, name: France, kind: country}\n"
    "practices:\n"
    "  - id: q1\n"
    "    name: \"Vélo vélo\"\n"
    "    category: repair_cafe\n"
    "    territories: [fr]\n"
    "    description: \"vélo partagé, atelier vélo vélo vélo\"\n"
    "  - id: q2\n"
    "    name: \"Atelier vélo\"\n"
    "    category: repair_cafe\n"
    "    territories: [fr]\n"
    "    description: \"partagé entre voisins\"\n"
    "    tags: [jardin, partagé]\n"
    "  - id: q3\n"
    "    name: \"ÉCONOMIE Collaborative\"\n"
    "    category: repair_cafe\n"
    "    territories: [fr]\n"
    "    description: \"l'œuvre commune, Straße ouverte\"\n"
    "    tags: [\"centre ville\", ville]\n"
    "  - id: q4\n"
    "    name: \"Jardin partagé\"\n"
    "    category: repair_cafe\n"
    "    territories: [fr]\n"
    "    description: \"économie locale et collaborative; économie, collaborative\"\n"
    "  - id: q5\n"
    "    name: \"Collaborative économie\"\n"
    "    category: repair_cafe\n"
    "    territories: [fr]\n"
    "    description: \"a b x b c y c d z d e\"\n"
    "  - id: q6\n"
    "    name: \"Un a b c d\"\n"
    "    category: repair_cafe\n"
    "    territories: [fr]\n";

static int setup(void **state)
{
    shr_error err;
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    if (shr_catalog_load_buffer(cat, "phrase.yaml", phrase_yaml, sizeof phrase_yaml - 1, &err))
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    *state = cat;
    return 0;
}

static int teardown(void **state)
{
    shr_catalog_free(*state);
    return 0;
}

static void test_repeated_words(void **state)
{
    const shr_catalog *cat = *state;
    QT_EXPECT(cat, "\"velo velo\"", "q1");          /* in the name and the description */
    QT_EXPECT(cat, "\"velo velo velo\"", "q1");     /* only in the description */
    QT_EXPECT(cat, "\"velo velo velo velo\"", "");  /* three in a row at most */
    QT_EXPECT(cat, "\"atelier velo velo\"", "q1");
    QT_EXPECT(cat, "\"atelier velo\"", "q1 q2");
    QT_EXPECT(cat, "\"partage partage\"", "");      /* q2: never twice in one text */
}

static void test_field_boundaries(void **state)
{
    const shr_catalog *cat = *state;
    /* name then description, description then tag, tag then tag: never one phrase */
    QT_EXPECT(cat, "\"velo partage\"", "q1");       /* inside q1's description */
    QT_EXPECT(cat, "\"velo partage entre\"", "");   /* q2: name "... vélo", description */
    QT_EXPECT(cat, "\"voisins jardin\"", "");       /* q2: description, then a tag */
    QT_EXPECT(cat, "\"jardin partage\"", "q4");     /* q2: two tags; q4: its name */
    QT_EXPECT(cat, "\"collaborative l\"", "");      /* q3: name, then description */
    QT_EXPECT(cat, "\"centre ville\"", "q3");       /* inside one tag */
    QT_EXPECT(cat, "\"ville ville\"", "");          /* q3: the end of a tag, the next tag */
    QT_EXPECT(cat, "\"ouverte centre\"", "");       /* q3: description, then a tag */
    /* punctuation does not cut a phrase: only the end of a text does */
    QT_EXPECT(cat, "\"economie collaborative\"", "q3 q4");
    QT_EXPECT(cat, "\"collaborative economie\"", "q4 q5"); /* q4: "collaborative; économie" */
}

static void test_folding(void **state)
{
    const shr_catalog *cat = *state;
    QT_EXPECT(cat, "\"Économie COLLABORATIVE\"", "q3 q4");
    QT_EXPECT(cat, "\"economie collab\"", "q3 q4");       /* the last word by prefix */
    QT_EXPECT(cat, "\"econ collab\"", "q3 q4");           /* every word by prefix */
    QT_EXPECT(cat, "\"e c\"", "q3 q4");                   /* q4: "et collaborative" too */
    QT_EXPECT(cat, "\"l oeuvre\"", "q3");                 /* œ unfolds, ' cuts */
    QT_EXPECT(cat, "\"L'ŒUVRE commune\"", "q3");
    QT_EXPECT(cat, "\"strasse ouverte\"", "q3");          /* ß is ss */
    QT_EXPECT(cat, "\"VÉLO PARTAGÉ\"", "q1");
    QT_EXPECT(cat, "\"economie locale et collaborative\"", "q4");
    QT_EXPECT(cat, "\"locale collaborative\"", "");
}

static void test_long_phrases(void **state)
{
    const shr_catalog *cat = *state;
    /* q5 has the pairs a b, b c and c d, but never two of them in a row; q6's name has */
    QT_EXPECT(cat, "\"a b\"", "q5 q6");
    QT_EXPECT(cat, "\"c d\"", "q5 q6");
    QT_EXPECT(cat, "\"a b c\"", "q6");
    QT_EXPECT(cat, "\"b c d\"", "q6");
    QT_EXPECT(cat, "\"a b c d\"", "q6");
    QT_EXPECT(cat, "\"x b c y\"", "q5");
    QT_EXPECT(cat, "\"un a b c d\"", "q6");
    QT_EXPECT(cat, "\"d e\" \"un a\"", "");
    QT_EXPECT(cat, "\"d e\" OR \"un a\"", "q5 q6");
    QT_EXPECT(cat, "\"a b\" -\"b c d\"", "q5");
}

/* On the bundled catalog: every two-word phrase made of two words that follow one another in
 * a practice's name finds that practice, and a phrase finds nothing the words alone do not. */
static void test_real_data(void **state)
{
    (void)state;
    shr_catalog *cat = qt_load_default();
    size_t n = shr_catalog_practice_count(cat), checked = 0;
    for (size_t i = 0; i < n && checked < 300; i += 7) {
        const shr_practice *p = shr_catalog_practice_at(cat, i);
        char name[512];
        snprintf(name, sizeof name, "%s", shr_practice_name(p));
        /* the first two runs of letters (ASCII only, to stay away from folding here) */
        char w[2][64];
        int k = 0;
        for (const char *s = name; *s && k < 2;) {
            size_t len = 0;
            while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
                if (len < sizeof w[k] - 1)
                    w[k][len++] = *s;
                s++;
            }
            if (len) {
                w[k++][len] = '\0';
                if (*s != ' ') /* the next character must separate, then letters follow */
                    break;
                s++;
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
                    break;
            } else {
                break;
            }
        }
        if (k < 2)
            continue;
        char expr[200], words[200];
        snprintf(expr, sizeof expr, "\"%s %s\" id:%s", w[0], w[1], shr_practice_id(p));
        snprintf(words, sizeof words, "\"%s %s\"", w[0], w[1]);
        shr_error err;
        shr_query *q = NULL;
        assert_int_equal(shr_query_parse(cat, expr, &q, &err), SHR_OK);
        if (shr_query_count(q, &err) != 1)
            fail_msg("'%s' does not find the practice named '%s'", expr, name);
        shr_query_free(q);
        char both[400];
        snprintf(both, sizeof both, "%s -(%s %s)", words, w[0], w[1]);
        assert_int_equal(shr_query_parse(cat, both, &q, &err), SHR_OK);
        assert_int_equal(shr_query_count(q, &err), 0);
        shr_query_free(q);
        checked++;
    }
    assert_true(checked >= 50);
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_repeated_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_boundaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_phrases, setup, teardown),
        cmocka_unit_test(test_real_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
