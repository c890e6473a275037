/* Folding and tokenisation of text (lib/util/textfold.c): case, accents, ligatures, separators,
 * invalid UTF-8, truncation, sort keys. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "textfold.h"

/* Tokens of s joined by '|'. */
static const char *tokens(const char *s, char *out, size_t size)
{
    size_t pos = 0, len = strlen(s), flen, off = 0;
    char buf[SHR_TOKEN_MAX];
    out[0] = '\0';
    while (shr__next_token(s, len, &pos, buf, sizeof buf, &flen)) {
        size_t n = flen < sizeof buf ? flen : sizeof buf;
        if (off + n + 2 >= size)
            break;
        if (off)
            out[off++] = '|';
        memcpy(out + off, buf, n);
        off += n;
        out[off] = '\0';
    }
    assert_int_equal(pos, len);
    return out;
}

#define EXPECT_TOKENS(in, want)                                                                \
    do {                                                                                       \
        char b_[1024];                                                                         \
        assert_string_equal(tokens((in), b_, sizeof b_), (want));                              \
    } while (0)

static void test_ascii(void **state)
{
    (void)state;
    EXPECT_TOKENS("", "");
    EXPECT_TOKENS("   ", "");
    EXPECT_TOKENS("Hello World", "hello|world");
    EXPECT_TOKENS("ABC123def", "abc123def");
    EXPECT_TOKENS("tiers-lieux", "tiers|lieux");
    EXPECT_TOKENS("d'échange", "d|echange");
    EXPECT_TOKENS("a_b.c,d;e:f/g(h)i\"j", "a|b|c|d|e|f|g|h|i|j");
    EXPECT_TOKENS("  lead and trail  ", "lead|and|trail");
    EXPECT_TOKENS("3D 2026", "3d|2026");
}

static void test_french(void **state)
{
    (void)state;
    EXPECT_TOKENS("Économie", "economie");
    EXPECT_TOKENS("ÉCONOMIE COLLABORATIVE", "economie|collaborative");
    EXPECT_TOKENS("économie", "economie");
    EXPECT_TOKENS("Œuvre", "oeuvre");
    EXPECT_TOKENS("œuvre", "oeuvre");
    EXPECT_TOKENS("cœur", "coeur");
    EXPECT_TOKENS("Æther ex æquo", "aether|ex|aequo");
    EXPECT_TOKENS("ça, français, Ç", "ca|francais|c");
    EXPECT_TOKENS("d’échange", "d|echange"); /* U+2019 */
    EXPECT_TOKENS("l'été", "l|ete");
    EXPECT_TOKENS("À Àé ÂÊÎÔÛ ÄËÏÖÜŸ àâäéèêëîïôöùûüÿ", "a|ae|aeiou|aeiouy|aaaeeeeiioouuuy");
    EXPECT_TOKENS("Île-de-France", "ile|de|france");
    EXPECT_TOKENS("Saint‑Étienne", "saint|etienne"); /* U+2011 non-breaking hyphen */
    EXPECT_TOKENS("« guillemets » — tiret", "guillemets|tiret");
    EXPECT_TOKENS("prix 10 €", "prix|10");
    EXPECT_TOKENS("e\xcc\x81te\xcc\x81", "ete"); /* decomposed accents */
    EXPECT_TOKENS("n°5", "n|5");                 /* ° is a symbol */
}

static void test_unicode(void **state)
{
    (void)state;
    EXPECT_TOKENS("ﬁchier ﬂeur ﬀ", "fichier|fleur|ff"); /* compatibility ligatures */
    EXPECT_TOKENS("Straße STRASSE", "strasse|strasse");
    EXPECT_TOKENS("ĲSSEL", "ijssel");
    EXPECT_TOKENS("ＡＢＣ１２", "abc12");            /* full width */
    EXPECT_TOKENS("x²", "x2");
    EXPECT_TOKENS("½", "");                         /* 1⁄2: mixed, a separator */
    EXPECT_TOKENS("Ελλάδα Москва", "ελλαδα|москва");
    EXPECT_TOKENS("東京都", "東京都");
    EXPECT_TOKENS("soft\xc2\xadhyphen", "softhyphen"); /* U+00AD is ignorable */
    EXPECT_TOKENS("a\xc2\xa0" "b", "a|b");              /* no-break space */
}

static void test_invalid(void **state)
{
    (void)state;
    EXPECT_TOKENS("ab\xff" "cd", "ab|cd");
    EXPECT_TOKENS("ab\xc3", "ab");           /* truncated sequence */
    EXPECT_TOKENS("a\xc0\xaf" "b", "a|b");   /* overlong */
    EXPECT_TOKENS("a\xed\xa0\x80" "b", "a|b"); /* surrogate */
    EXPECT_TOKENS("\x80\x80", "");
    size_t pos = 0;
    assert_int_equal(shr__utf8_decode("\xf4\x90\x80\x80", 4, &pos), -1); /* > U+10FFFF */
    pos = 0;
    assert_int_equal(shr__utf8_decode("\xf0\x9f\x98\x80", 4, &pos), 0x1F600);
    assert_int_equal(pos, 4);
}

/* shr__utf8_length, which the JSON, XML and HTML writers use, agrees with the decoder on
 * every 1- to 3-byte input whose first byte starts a sequence: valid exactly when the decoder
 * reads a code point, and as long as what it consumed. */
static void test_utf8_length(void **state)
{
    (void)state;
    static const unsigned char tails[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
                                          0xc0, 0xff};
    size_t checked = 0, valid = 0;
    for (unsigned c = 0x80; c <= 0xff; c++)
        for (size_t i = 0; i < sizeof tails; i++)
            for (size_t j = 0; j < sizeof tails; j++) {
                unsigned char s[4] = {(unsigned char)c, tails[i], tails[j], 0x80};
                size_t pos = 0;
                int32_t cp = shr__utf8_decode((const char *)s, 4, &pos);
                size_t n = shr__utf8_length(s, 4);
                assert_int_equal(n, cp < 0 ? 0 : pos);
                checked++;
                valid += n != 0;
            }
    assert_int_equal(shr__utf8_length((const unsigned char *)"\xc3\xa9", 2), 2); /* é */
    assert_int_equal(shr__utf8_length((const unsigned char *)"\xc3\xa9", 1), 0); /* cut */
    assert_int_equal(shr__utf8_length((const unsigned char *)"\xe2\x80\xa8", 3), 3);
    assert_int_equal(shr__utf8_length((const unsigned char *)"\xed\xa0\x80", 3), 0);
    assert_int_equal(shr__utf8_length((const unsigned char *)"\xc3", 4), 0); /* then NUL */
    assert_true(valid > 0 && valid < checked);
}

static void test_truncation(void **state)
{
    (void)state;
    char s[600];
    memset(s, 'A', 500);
    strcpy(s + 500, " b");
    size_t pos = 0, flen;
    char buf[8];
    assert_int_equal(shr__next_token(s, strlen(s), &pos, buf, sizeof buf, &flen), 1);
    assert_int_equal(flen, 500);
    assert_memory_equal(buf, "aaaaaaaa", 8);
    assert_int_equal(shr__next_token(s, strlen(s), &pos, buf, sizeof buf, &flen), 1);
    assert_int_equal(flen, 1);
    assert_int_equal(buf[0], 'b');
    assert_int_equal(shr__next_token(s, strlen(s), &pos, buf, sizeof buf, &flen), 0);
    /* ligatures can make the folded token longer than the text */
    pos = 0;
    assert_int_equal(shr__next_token("ß", 2, &pos, buf, 0, &flen), 1);
    assert_int_equal(flen, 2);
}

static void test_fold_key(void **state)
{
    (void)state;
    char buf[64];
    size_t n = shr__fold_key("  L'Économie  Sociale ", 22, buf, sizeof buf);
    buf[n] = '\0';
    assert_string_equal(buf, "l economie sociale");
    assert_int_equal(shr__fold_key("Économie", 9, NULL, 0), 8);
    n = shr__fold_key("abc def", 7, buf, 4); /* truncated: still the whole length */
    assert_int_equal(n, 7);
    assert_int_equal(shr__fold_key("", 0, buf, sizeof buf), 0);
    assert_int_equal(shr__fold_key("--", 2, buf, sizeof buf), 0);
}

static void test_fold_cp(void **state)
{
    (void)state;
    char out[128];
    assert_int_equal(shr__fold_cp(0x153, out), 2);
    assert_memory_equal(out, "oe", 2);
    assert_int_equal(shr__fold_cp(0xC6, out), 2);
    assert_memory_equal(out, "ae", 2);
    assert_int_equal(shr__fold_cp(0xDF, out), 2);
    assert_memory_equal(out, "ss", 2);
    assert_int_equal(shr__fold_cp(0x301, out), 0); /* combining acute accent */
    assert_int_equal(shr__fold_cp(0x2019, out), -1);
    assert_int_equal(shr__fold_cp(-1, out), -1);
    assert_int_equal(shr__fold_cp(0xFDFA, out), -1); /* 18 code points with spaces: separates */
    assert_int_equal(shr__fold_cp(0x3300, out), 12); /* square apaato: four katakana */
    assert_int_equal(shr__ascii_fold['Q'], 'q');
    assert_int_equal(shr__ascii_fold['-'], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii),    cmocka_unit_test(test_french),
        cmocka_unit_test(test_unicode),  cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_truncation), cmocka_unit_test(test_fold_key),
        cmocka_unit_test(test_fold_cp),   cmocka_unit_test(test_utf8_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
