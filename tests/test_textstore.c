/* The compressed store of descriptions (lib/util/textstore.c): coding is lossless for any text, a
 * failed load forgets its pieces, and descriptions read the same through every path (the
 * accessor, the saver, the index's phrase search) as they were written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "textstore.h"

static const shr_allocator *std_alloc(void)
{
    return shr_allocator_default();
}

/* Code then decode s[0..len): the decoded text must be the same bytes. */
static void round_trip(shr_textstore *ts, shr_arena *arena, const char *s, size_t len)
{
    const uint8_t *blob = NULL;
    assert_int_equal(shr__textstore_encode(ts, arena, s, len, &blob), SHR_OK);
    assert_non_null(blob);
    assert_int_equal(((uintptr_t)blob) & 1, 0); /* the low bit is free for the accessor */
    assert_int_equal(shr__textstore_length(blob), len);
    char *out = malloc(len + 1);
    assert_non_null(out);
    memset(out, 'x', len + 1);
    shr__textstore_decode(ts, blob, out);
    assert_memory_equal(out, s, len);
    assert_int_equal(out[len], '\0');
    free(out);
}

static void test_round_trips(void **state)
{
    (void)state;
    shr_textstore ts;
    shr_arena arena;
    shr__textstore_init(&ts, std_alloc());
    shr__arena_init(&arena, std_alloc());
    static const char *const texts[] = {
        "",
        " ",
        "   ",
        "a",
        "repair café ",
        " leading and trailing spaces  ",
        "two  spaces   and three",
        "Œuvre d'échange — « tiers-lieu » à Épinal, ça marche.\nNouvelle ligne\tet tabulation",
        "un mot très long: anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement fin",
        "exactly-forty-eight-bytes-long-piece-0123456789a exactly-forty-eight-bytes-long-piece-0123456789ab",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        round_trip(&ts, &arena, texts[i], strlen(texts[i]));
    /* a text with a NUL inside is coded as it is */
    round_trip(&ts, &arena, "a\0b c\0", 6);
    /* the same text again reuses the pieces: nothing new in the dictionary */
    uint32_t pieces = ts.count;
    round_trip(&ts, &arena, "repair café ", strlen("repair café "));
    assert_int_equal(ts.count, pieces);
    shr__textstore_free(&ts);
    shr__arena_free(&arena);
}

/* Repetitive text (the generated benchmark's descriptions are such) shrinks a lot. */
static void test_compresses(void **state)
{
    (void)state;
    shr_textstore ts;
    shr_arena arena;
    shr__textstore_init(&ts, std_alloc());
    shr__arena_init(&arena, std_alloc());
    static const char *const words[] = {"patrimoine", "gouvernance", "véhicules", "déchets",
                                        "alimentation", "réemploi", "rural", "épargne"};
    char text[4096];
    size_t raw = 0, coded = 0;
    unsigned seed = 7;
    for (int t = 0; t < 200; t++) {
        size_t n = 0;
        for (int w = 0; w < 30; w++) {
            seed = seed * 1103515245u + 12345u;
            n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", w ? " " : "",
                                  words[(seed >> 16) % 8]);
        }
        const uint8_t *blob;
        assert_int_equal(shr__textstore_encode(&ts, &arena, text, n, &blob), SHR_OK);
        char out[4096];
        shr__textstore_decode(&ts, blob, out);
        assert_string_equal(out, text);
        raw += n;
        coded += 2 + 30; /* header and one byte per piece */
    }
    assert_true(ts.count <= 16); /* 8 words, with and without a trailing space */
    assert_true(coded * 5 < raw);
    shr__textstore_free(&ts);
    shr__arena_free(&arena);
}

/* A failed load truncates the dictionary: what stays decodes as before, what was added is
 * forgotten, and the same pieces can be added again. */
static void test_truncate(void **state)
{
    (void)state;
    shr_textstore ts;
    shr_arena arena;
    shr__textstore_init(&ts, std_alloc());
    shr__arena_init(&arena, std_alloc());
    const uint8_t *kept;
    assert_int_equal(shr__textstore_encode(&ts, &arena, "garden shared ", 14, &kept), SHR_OK);
    uint32_t mark = ts.count;
    char many[8192];
    size_t n = 0;
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(many + n, sizeof many - n, "w%d ", i);
    const uint8_t *dropped;
    assert_int_equal(shr__textstore_encode(&ts, &arena, many, n, &dropped), SHR_OK);
    assert_true(ts.count > mark + 900); /* the hash table grew on the way */
    shr__textstore_truncate(&ts, mark);
    assert_int_equal(ts.count, mark);
    char out[64];
    shr__textstore_decode(&ts, kept, out);
    assert_string_equal(out, "garden shared ");
    round_trip(&ts, &arena, many, n);
    round_trip(&ts, &arena, "garden w5 shared ", 17);
    shr__textstore_free(&ts);
    shr__arena_free(&arena);
}

static const char catalog[] =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: fr-com-88160, name: \"Épinal\", kind: commune}\n"
    "practices:\n"
    "  - id: p1\n"
    "    name: \"Repair café\"\n"
    "    category: repair_cafe\n"
    "    territories: [fr-com-88160]\n"
    "    description: \"Un  atelier de réparation   « repair café » ouvert à tous, "
    "anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement "
    "mot-très-long suivi\"\n"
    "  - id: p2\n"
    "    name: \"Jardin\"\n"
    "    category: shared_garden\n"
    "    territories: [fr-com-88160]\n"
    "    description: \"Un atelier de jardinage ouvert à tous \"\n"
    "  - id: p3\n"
    "    name: \"Sans description\"\n"
    "    category: shared_garden\n"
    "    territories: [fr-com-88160]\n";

static size_t count(const shr_catalog *cat, const char *expr)
{
    shr_result *r = NULL;
    shr_error err;
    if (shr_catalog_select(cat, expr, &r, &err) != SHR_OK)
        fail_msg("%s: %s", expr, err.message);
    size_t n = shr_result_count(r);
    shr_result_free(r);
    return n;
}

/* Through the catalog: the accessor gives the text as written, the same pointer each time;
 * phrases across pieces, literals and repeated spaces match as they did on plain text. */
static void test_catalog_descriptions(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "t.yaml", catalog, sizeof catalog - 1, &err),
                     SHR_OK);
    const shr_practice *p1 = shr_catalog_practice(cat, "p1");
    static const char p1_text[] =
        "Un  atelier de réparation   « repair café » ouvert à tous, "
        "anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement "
        "mot-très-long suivi";
    /* cut copies of the coded text, before anything decoded it: every prefix is right */
    for (size_t size = 1; size <= sizeof p1_text; size++) {
        char cut[sizeof p1_text];
        assert_int_equal(shr_practice_description_copy(p1, cut, size),
                         (int64_t)sizeof p1_text - 1);
        assert_int_equal(strlen(cut), size - 1);
        assert_memory_equal(cut, p1_text, size - 1);
    }
    const char *d = shr_practice_description(p1);
    assert_string_equal(d, p1_text);
    assert_ptr_equal(shr_practice_description(p1), d);
    /* copies, whole or cut anywhere (inside a piece, a literal or a multi-space piece) */
    const shr_practice *p2 = shr_catalog_practice(cat, "p2");
    const char *want = "Un atelier de jardinage ouvert à tous ";
    size_t wlen = strlen(want);
    char buf[256];
    for (size_t size = 0; size <= wlen + 2; size++) {
        memset(buf, '#', sizeof buf);
        assert_int_equal(shr_practice_description_copy(p2, buf, size), (int64_t)wlen);
        if (size == 0) {
            assert_int_equal(buf[0], '#');
            continue;
        }
        size_t n = size - 1 < wlen ? size - 1 : wlen;
        assert_memory_equal(buf, want, n);
        assert_int_equal(buf[n], '\0');
        assert_int_equal(buf[n + 1], '#');
    }
    assert_int_equal(shr_practice_description_copy(p1, buf, sizeof buf), (int64_t)strlen(d));
    assert_string_equal(buf, d); /* decoded already: copied from the decoded text */
    assert_int_equal(shr_practice_description_copy(p1, buf, 10), (int64_t)strlen(d));
    assert_string_equal(buf, "Un  ateli");
    assert_int_equal(shr_practice_description_copy(shr_catalog_practice(cat, "p3"), buf, 8), -1);
    assert_null(shr_practice_description(shr_catalog_practice(cat, "p3")));
    assert_int_equal(count(cat, "\"atelier de reparation repair cafe\""), 1);
    assert_int_equal(count(cat, "\"atelier de\""), 2);
    assert_int_equal(count(cat, "\"ouvert a tous\""), 2);
    assert_int_equal(count(cat, "\"tous anticonstitutionnellementanticonstitutionnellementanticonstitutionnellement mot\""), 1);
    assert_int_equal(count(cat, "\"tres long suivi\""), 1);
    assert_int_equal(count(cat, "\"tous un\""), 0);
    assert_int_equal(count(cat, "jardinage"), 1);
    /* a second load reads and indexes the descriptions again, decoded or not */
    static const char more[] = "sharitories: 1\npractices:\n  - id: p4\n"
                               "    name: x\n    category: fablab\n"
                               "    territories: [fr-com-88160]\n"
                               "    description: \"atelier de couture\"\n";
    assert_int_equal(shr_catalog_load_buffer(cat, "u.yaml", more, sizeof more - 1, &err), SHR_OK);
    assert_int_equal(count(cat, "\"atelier de\""), 3);
    assert_int_equal(count(cat, "\"repair cafe\""), 1);
    assert_string_equal(shr_practice_description(shr_catalog_practice(cat, "p4")),
                        "atelier de couture");
    shr_catalog_free(cat);
}

/* The one varint (varint.h) that the store and the text index share: each value reads back,
 * takes shr__varint_len bytes, and the bytes are LEB128's (the example of its definition). */
static void test_varint(void **state)
{
    (void)state;
    const size_t values[] = {0, 1, 127, 128, 300, 16383, 16384, 2097151, 2097152, UINT32_MAX,
                             (size_t)UINT32_MAX + 1, SIZE_MAX};
    uint8_t buf[16];
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        uint8_t *end = shr__varint_put(buf, values[i]);
        assert_int_equal((size_t)(end - buf), shr__varint_len(values[i]));
        const uint8_t *p = buf;
        assert_true(shr__varint_get(&p) == values[i]);
        assert_ptr_equal(p, end);
    }
    uint8_t *end = shr__varint_put(buf, 624485);
    assert_int_equal(end - buf, 3);
    assert_int_equal(buf[0], 0xE5);
    assert_int_equal(buf[1], 0x8E);
    assert_int_equal(buf[2], 0x26);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_compresses),
        cmocka_unit_test(test_truncate),
        cmocka_unit_test(test_catalog_descriptions),
        cmocka_unit_test(test_varint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
