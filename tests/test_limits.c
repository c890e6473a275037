/*
 * Hostile sizes: each must give a clear error (a documented code, a one-line message naming
 * the limit or the field) within bounded time, never a crash, a hang or an exhausted stack;
 * and inputs right at a limit must still work. The limits are those of catalog.h
 * (SHR_LIMIT_*) and query.h (SHR_LIMIT_QUERY_*).
 *
 * Loads: deep nesting (flow, block, mappings; 10^5 levels), a scalar over 1 MiB (and one of
 * exactly 1 MiB), huge and out-of-range numbers (population 1e400, 99999999999999999999, years
 * past int32, locations and figures at infinity), ids of 128 and 129 characters, a list of
 * 200,000 items (and one of exactly 100,000), 200,000 records, a mapping of 200,000 keys,
 * alias bombs ("billion laughs").
 * Queries: expressions over 64 KiB and just under it, deep parentheses and negations, long
 * flat OR chains, huge numbers, invalid UTF-8.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reliability_util.h"

/* Each case must finish within this (generous: the ASan build and a loaded CI machine). */
#define CASE_SECONDS 20.0

static const char *current_case = "";

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "test_limits: watchdog: hangs on case ";
    ssize_t w = write(2, msg, sizeof msg - 1);
    w = write(2, current_case, strlen(current_case));
    w = write(2, "\n", 1);
    (void)w;
    _exit(3);
}

/* ------------------------------------------------------------------ text builder */

typedef struct sbuf {
    char *data;
    size_t size;
    FILE *f;
} sbuf;

static void sb_open(sbuf *b)
{
    b->data = NULL;
    b->size = 0;
    b->f = open_memstream(&b->data, &b->size);
    assert_non_null(b->f);
}

static void sb_repeat(sbuf *b, const char *s, size_t n)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < n; i++)
        fwrite(s, 1, len, b->f);
}

/* Close and return the text (malloc'd; size in b->size). */
static char *sb_close(sbuf *b)
{
    fclose(b->f);
    b->f = NULL;
    return b->data;
}

static const char practice_head[] = "sharitories: 1\n"
                                    "practices:\n"
                                    "  - id: p1\n"
                                    "    name: \"P\"\n"
                                    "    category: fablab\n"
                                    "    territories: [fr-com-58194]\n";

static const char territory_head[] = "sharitories: 1\n"
                                     "territories:\n"
                                     "  - id: t1\n"
                                     "    name: \"T\"\n"
                                     "    kind: commune\n";

/* ------------------------------------------------------------------ running a load case */

typedef struct outcome {
    int rc;
    shr_error err;
    double seconds;
    shr_catalog *cat; /* kept for OK cases that check getters; freed by the caller */
} outcome;

/* Load `text` (size bytes, exact-size heap copy) into a catalog holding the territory fixture. */
static outcome load_text(const char *name, const char *text, size_t size)
{
    outcome o;
    memset(&o, 0, sizeof o);
    shr_error err;
    o.cat = shr_catalog_new(NULL);
    assert_non_null(o.cat);
    assert_int_equal(
        shr_catalog_load(o.cat, rel_data_path(0, "reliability/territories.yaml"), &err), SHR_OK);
    char *copy = malloc(size ? size : 1);
    memcpy(copy, text, size);
    current_case = name;
    alarm(60);
    double t0 = rel_now();
    shr_error_clear(&o.err);
    o.rc = shr_catalog_load_buffer(o.cat, name, copy, size, &o.err);
    o.seconds = rel_now() - t0;
    alarm(0);
    free(copy);
    printf("limits: %-44s %7.3f s  %-12s %u:%u %s\n", name, o.seconds,
           shr_error_code_name(o.rc), o.err.line, o.err.column, o.err.message);
    fflush(stdout);
    if (o.seconds > CASE_SECONDS)
        fail_msg("%s: took %.1f s (bound %.0f s)", name, o.seconds, CASE_SECONDS);
    if (o.rc != SHR_OK) {
        const char *problem = rel_error_problem(o.rc, &o.err);
        if (problem)
            fail_msg("%s: unclean error: %s", name, problem);
        /* A failed load leaves the preloaded catalog as it was. */
        if (shr_catalog_territory_count(o.cat) != 8 || shr_catalog_practice_count(o.cat) != 0 ||
            shr_catalog_file_count(o.cat) != 1)
            fail_msg("%s: the failed load changed the catalog", name);
    }
    return o;
}

/* Expect one of codes a/b and a message with one of the keywords (NULL-terminated list). */
static void expect_error(const outcome *o, const char *name, int a, int b, const char *const *keywords)
{
    if (o->rc != a && o->rc != b)
        fail_msg("%s: expected %s%s%s, got %s (%s)", name, shr_error_code_name(a), b ? " or " : "",
                 b ? shr_error_code_name(b) : "", shr_error_code_name(o->rc), o->err.message);
    if (!keywords)
        return;
    for (const char *const *k = keywords; *k; k++)
        if (rel_contains_ci(o->err.message, *k))
            return;
    fail_msg("%s: the message '%s' does not name the limit or field (expected one of '%s'...)",
             name, o->err.message, keywords[0]);
}

static void expect_ok(const outcome *o, const char *name)
{
    if (o->rc != SHR_OK)
        fail_msg("%s: expected success, got %s %u:%u: %s", name, shr_error_code_name(o->rc),
                 o->err.line, o->err.column, o->err.message);
}

static const char *const kw_depth[] = {"depth", "nest", "deep", "16", NULL};
static const char *const kw_string[] = {"1 MiB", "1048576", "MiB", "too long", "length", NULL};
static const char *const kw_list[] = {"100000", "100 000", "100,000", "items", "list", "too many", NULL};
static const char *const kw_id[] = {"128", "id", NULL};
static const char *const kw_population[] = {"population", NULL};
static const char *const kw_started[] = {"started", NULL};
static const char *const kw_location[] = {"location", "latitude", "longitude", NULL};
static const char *const kw_figures[] = {"figure", "wide", NULL};
static const char *const kw_alias[] = {"alias", "anchor", NULL};

/* ------------------------------------------------------------------ nesting */

static void test_deep_flow_nesting(void **state)
{
    (void)state;
    static const size_t depths[] = {17, 1000, 100000};
    for (size_t i = 0; i < 3; i++) {
        char name[64];
        sbuf b;
        /* In a field value. */
        sb_open(&b);
        fputs(practice_head, b.f);
        fputs("    tags: ", b.f);
        sb_repeat(&b, "[", depths[i]);
        sb_repeat(&b, "]", depths[i]);
        fputc('\n', b.f);
        char *text = sb_close(&b);
        snprintf(name, sizeof name, "flow sequences, depth %zu", depths[i]);
        outcome o = load_text(name, text, b.size);
        expect_error(&o, name, SHR_ELIMIT, SHR_EFORMAT, o.rc == SHR_ELIMIT ? kw_depth : NULL);
        shr_catalog_free(o.cat);
        free(text);

        /* As the whole document (never a mapping). */
        sb_open(&b);
        sb_repeat(&b, "{a: ", depths[i]);
        fputs("1", b.f);
        sb_repeat(&b, "}", depths[i]);
        text = sb_close(&b);
        snprintf(name, sizeof name, "flow mappings as document, depth %zu", depths[i]);
        o = load_text(name, text, b.size);
        expect_error(&o, name, SHR_ELIMIT, SHR_EFORMAT, o.rc == SHR_ELIMIT ? kw_depth : NULL);
        shr_catalog_free(o.cat);
        free(text);

        /* Under an unknown top-level key (the loader may want to skip it whole). */
        sb_open(&b);
        fputs("sharitories: 1\nunknown: ", b.f);
        sb_repeat(&b, "[{a: ", depths[i]);
        sb_repeat(&b, "}]", depths[i]);
        fputc('\n', b.f);
        text = sb_close(&b);
        snprintf(name, sizeof name, "unknown key, nested value depth %zu", depths[i] * 2);
        o = load_text(name, text, b.size);
        expect_error(&o, name, SHR_ELIMIT, SHR_EFORMAT, o.rc == SHR_ELIMIT ? kw_depth : NULL);
        shr_catalog_free(o.cat);
        free(text);
    }
}

static void test_deep_block_nesting(void **state)
{
    (void)state;
    /* Block sequences, each level indented one more step: depth 3000 is 9 MB of text. */
    static const size_t depths[] = {20, 3000};
    for (size_t i = 0; i < 2; i++) {
        sbuf b;
        sb_open(&b);
        fputs(practice_head, b.f);
        fputs("    tags:\n", b.f);
        for (size_t d = 0; d < depths[i]; d++) {
            sb_repeat(&b, " ", 4 + d);
            fputs("-\n", b.f);
        }
        sb_repeat(&b, " ", 4 + depths[i]);
        fputs("- x\n", b.f);
        char *text = sb_close(&b);
        char name[64];
        snprintf(name, sizeof name, "block sequences, depth %zu", depths[i]);
        outcome o = load_text(name, text, b.size);
        expect_error(&o, name, SHR_ELIMIT, SHR_EFORMAT, o.rc == SHR_ELIMIT ? kw_depth : NULL);
        shr_catalog_free(o.cat);
        free(text);

        /* Block mappings. */
        sb_open(&b);
        fputs("sharitories: 1\nmeta:\n", b.f);
        for (size_t d = 0; d < depths[i]; d++) {
            sb_repeat(&b, " ", 2 + d);
            fputs("a:\n", b.f);
        }
        sb_repeat(&b, " ", 2 + depths[i]);
        fputs("b: 1\n", b.f);
        text = sb_close(&b);
        snprintf(name, sizeof name, "block mappings, depth %zu", depths[i]);
        o = load_text(name, text, b.size);
        expect_error(&o, name, SHR_ELIMIT, SHR_EFORMAT, o.rc == SHR_ELIMIT ? kw_depth : NULL);
        shr_catalog_free(o.cat);
        free(text);
    }
}

/* ------------------------------------------------------------------ long scalars */

static void test_huge_strings(void **state)
{
    (void)state;
    const size_t limit = SHR_LIMIT_STRING_LENGTH;
    static const struct {
        const char *field, *open, *close;
    } forms[] = {
        {"description", "\"", "\""}, /* double-quoted */
        {"description", "", ""},     /* plain */
        {"address", "'", "'"},       /* single-quoted */
    };
    for (size_t i = 0; i < 3; i++) {
        for (int over = 0; over <= 1; over++) {
            sbuf b;
            sb_open(&b);
            fputs(practice_head, b.f);
            fprintf(b.f, "    %s: %s", forms[i].field, forms[i].open);
            sb_repeat(&b, "x", limit + (size_t)over);
            fprintf(b.f, "%s\n", forms[i].close);
            char *text = sb_close(&b);
            char name[96];
            snprintf(name, sizeof name, "%s %s scalar of 1 MiB%s", forms[i].field,
                     forms[i].open[0] ? forms[i].open : "plain", over ? " + 1 byte" : " exactly");
            outcome o = load_text(name, text, b.size);
            if (over) {
                expect_error(&o, name, SHR_ELIMIT, 0, kw_string);
            } else {
                expect_ok(&o, name);
                const shr_practice *p = shr_catalog_practice(o.cat, "p1");
                assert_non_null(p);
                const char *s = i == 2 ? shr_practice_address(p) : shr_practice_description(p);
                assert_non_null(s);
                assert_int_equal(strlen(s), limit);
            }
            shr_catalog_free(o.cat);
            free(text);
        }
    }
    /* A block literal over the limit, and a 2 MiB key. */
    sbuf b;
    sb_open(&b);
    fputs(practice_head, b.f);
    fputs("    description: |\n", b.f);
    for (size_t line = 0; line < 20000; line++)
        fputs("      xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", b.f);
    char *text = sb_close(&b);
    outcome o = load_text("block literal of 1.3 MB", text, b.size);
    expect_error(&o, "block literal of 1.3 MB", SHR_ELIMIT, 0, kw_string);
    shr_catalog_free(o.cat);
    free(text);

    sb_open(&b);
    fputs("sharitories: 1\n", b.f);
    sb_repeat(&b, "k", 2 * limit);
    fputs(": 1\n", b.f);
    text = sb_close(&b);
    o = load_text("key of 2 MiB", text, b.size);
    /* YAML limits implicit keys to 1024 characters: libyaml's syntax error is fine too. */
    if (o.rc != SHR_ESYNTAX)
        expect_error(&o, "key of 2 MiB", SHR_ELIMIT, SHR_EFORMAT,
                     o.rc == SHR_ELIMIT ? kw_string : NULL);
    shr_catalog_free(o.cat);
    free(text);
}

/* ------------------------------------------------------------------ numbers */

static void test_huge_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *name, *head, *line;
        int ok;
        const char *const *keywords;
    } cases[] = {
        {"population 1e400", territory_head, "    population: 1e400\n", 0, kw_population},
        {"population 99999999999999999999", territory_head,
         "    population: 99999999999999999999\n", 0, kw_population},
        {"population 9223372036854775808", territory_head,
         "    population: 9223372036854775808\n", 0, kw_population},
        {"population -1", territory_head, "    population: -1\n", 0, kw_population},
        {"population 1.5", territory_head, "    population: 1.5\n", 0, kw_population},
        {"population .inf", territory_head, "    population: .inf\n", 0, kw_population},
        {"population 9223372036854775807", territory_head,
         "    population: 9223372036854775807\n", 1, NULL},
        {"location 1e400", territory_head, "    location: [1e400, 3.0]\n", 0, kw_location},
        {"location .nan", territory_head, "    location: [.nan, 3.0]\n", 0, kw_location},
        {"location 3 numbers", territory_head, "    location: [1, 2, 3]\n", 0, kw_location},
        {"started 99999999999999999999", practice_head, "    started: 99999999999999999999\n", 0,
         kw_started},
        {"started 2147483648", practice_head, "    started: 2147483648\n", 0, kw_started},
        {"started -2147483649", practice_head, "    started: -2147483649\n", 0, kw_started},
        {"started 1e400", practice_head, "    started: 1e400\n", 0, kw_started},
        {"figures 1e400", practice_head, "    figures: {wide: 1e400}\n", 0, kw_figures},
        {"figures -1e400", practice_head, "    figures: {wide: -1e400}\n", 0, kw_figures},
        {"figures .nan", practice_head, "    figures: {wide: .nan}\n", 0, kw_figures},
        {"figures 1e308", practice_head, "    figures: {wide: 1e308}\n", 1, NULL},
        {"figures 20 digits", practice_head, "    figures: {wide: 99999999999999999999}\n", 1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sbuf b;
        sb_open(&b);
        fputs(cases[i].head, b.f);
        fputs(cases[i].line, b.f);
        char *text = sb_close(&b);
        outcome o = load_text(cases[i].name, text, b.size);
        if (cases[i].ok)
            expect_ok(&o, cases[i].name);
        else
            expect_error(&o, cases[i].name, SHR_EFORMAT, SHR_ELIMIT, cases[i].keywords);
        shr_catalog_free(o.cat);
        free(text);
    }
}

/* ------------------------------------------------------------------ ids */

static void test_id_length(void **state)
{
    (void)state;
    for (size_t len = SHR_LIMIT_ID_LENGTH; len <= SHR_LIMIT_ID_LENGTH + 1; len++) {
        sbuf b;
        sb_open(&b);
        fputs("sharitories: 1\nterritories:\n  - id: ", b.f);
        sb_repeat(&b, "a", len);
        fputs("\n    name: \"T\"\n    kind: other\n", b.f);
        char *text = sb_close(&b);
        char name[64];
        snprintf(name, sizeof name, "territory id of %zu characters", len);
        outcome o = load_text(name, text, b.size);
        if (len <= SHR_LIMIT_ID_LENGTH) {
            expect_ok(&o, name);
            assert_int_equal(strlen(shr_territory_id(shr_catalog_territory_at(o.cat, 8))), len);
        } else {
            expect_error(&o, name, SHR_ELIMIT, SHR_EFORMAT, kw_id);
            assert_int_equal(o.err.line, 3);
        }
        shr_catalog_free(o.cat);
        free(text);
    }
    /* A reference of 129 characters: unknown or too long, either way a clean error. */
    sbuf b;
    sb_open(&b);
    fputs(territory_head, b.f);
    fputs("    parent: ", b.f);
    sb_repeat(&b, "b", SHR_LIMIT_ID_LENGTH + 1);
    fputc('\n', b.f);
    char *text = sb_close(&b);
    outcome o = load_text("reference of 129 characters", text, b.size);
    if (o.rc != SHR_EREFERENCE)
        expect_error(&o, "reference of 129 characters", SHR_ELIMIT, SHR_EFORMAT, NULL);
    shr_catalog_free(o.cat);
    free(text);
}

/* ------------------------------------------------------------------ long lists, many records */

static void test_long_lists(void **state)
{
    (void)state;
    static const struct {
        const char *field, *head, *item;
        bool block;
    } lists[] = {
        {"postal_codes", territory_head, "\"58000\"", false},
        {"tags", practice_head, "t", false},
        {"links", practice_head, "x", true},
    };
    for (size_t i = 0; i < 3; i++) {
        static const size_t lengths[] = {SHR_LIMIT_LIST_LENGTH, 200000};
        for (size_t k = 0; k < 2; k++) {
            sbuf b;
            sb_open(&b);
            fputs(lists[i].head, b.f);
            fprintf(b.f, "    %s:%s", lists[i].field, lists[i].block ? "\n" : " [");
            for (size_t j = 0; j < lengths[k]; j++) {
                if (lists[i].block)
                    fprintf(b.f, "      - %s\n", lists[i].item);
                else
                    fprintf(b.f, "%s%s", j ? ", " : "", lists[i].item);
            }
            fputs(lists[i].block ? "" : "]\n", b.f);
            char *text = sb_close(&b);
            char name[96];
            snprintf(name, sizeof name, "%s list of %zu items", lists[i].field, lengths[k]);
            outcome o = load_text(name, text, b.size);
            if (lengths[k] <= SHR_LIMIT_LIST_LENGTH)
                expect_ok(&o, name);
            else
                expect_error(&o, name, SHR_ELIMIT, 0, kw_list);
            shr_catalog_free(o.cat);
            free(text);
        }
    }
    /* 200,000 territories: records have a far larger limit; this must simply load, fast. */
    sbuf b;
    sb_open(&b);
    fputs("sharitories: 1\nterritories:\n", b.f);
    for (size_t j = 0; j < 200000; j++)
        fprintf(b.f, "  - {id: t%zu, name: \"T %zu\", kind: commune, parent: fr-dep-58}\n", j, j);
    char *text = sb_close(&b);
    outcome o = load_text("200000 territories", text, b.size);
    expect_ok(&o, "200000 territories");
    assert_int_equal(shr_catalog_territory_count(o.cat), 200008);
    shr_catalog_free(o.cat);
    free(text);

    /* A mapping of 200,000 keys (figures): accepted or refused, but quickly and cleanly. */
    sb_open(&b);
    fputs(practice_head, b.f);
    fputs("    figures: {", b.f);
    for (size_t j = 0; j < 200000; j++)
        fprintf(b.f, "%sf%zu: %zu", j ? ", " : "", j, j);
    fputs("}\n", b.f);
    text = sb_close(&b);
    o = load_text("figures mapping of 200000 keys", text, b.size);
    if (o.rc != SHR_OK)
        expect_error(&o, "figures mapping of 200000 keys", SHR_ELIMIT, 0, kw_list);
    shr_catalog_free(o.cat);
    free(text);
}

/* ------------------------------------------------------------------ aliases */

static void test_alias_bomb(void **state)
{
    (void)state;
    sbuf b;
    sb_open(&b);
    fputs("sharitories: 1\nmeta:\n  title: &a0 \"lol\"\n", b.f);
    fputs("x0: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n", b.f);
    for (int i = 2; i < 30; i++)
        fprintf(b.f, "x%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
                i - 1, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    char *text = sb_close(&b);
    outcome o = load_text("billion laughs", text, b.size);
    /* The first alias (line 4) is refused; an unknown key on the same line is also fair. */
    expect_error(&o, "billion laughs", SHR_EUNSUPPORTED, SHR_EFORMAT,
                 o.rc == SHR_EUNSUPPORTED ? kw_alias : NULL);
    shr_catalog_free(o.cat);
    free(text);

    /* Aliases inside a record (where a loader would expand them). */
    sb_open(&b);
    fputs(practice_head, b.f);
    fputs("    tags: &t [a, b]\n    links: *t\n", b.f);
    text = sb_close(&b);
    o = load_text("alias inside a record", text, b.size);
    expect_error(&o, "alias inside a record", SHR_EUNSUPPORTED, 0, kw_alias);
    assert_true(o.err.line == 7 || o.err.line == 8);
    shr_catalog_free(o.cat);
    free(text);
}

/* ------------------------------------------------------------------ hostile bytes */

/*
 * Bytes libyaml's reader refuses (invalid UTF-8, control characters, a NUL inside a buffer):
 * a syntax error at the line and column of the bad byte (format.md: "An error names the file,
 * the line and column"), not line 0.
 */
static void test_hostile_bytes(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *text;
        size_t size;
        unsigned line, column;
    } cases[] = {
        {"invalid UTF-8 on line 3", "sharitories: 1\nmeta:\n  title: caf\xe9 latin-1\n", 43, 3, 13},
        {"control character on line 2", "sharitories: 1\nmeta: {title: \x01}\n", 32, 2, 15},
        {"NUL byte inside the buffer", "sharitories: 1\n\0meta: {}\n", 25, 2, 1},
        {"control character at byte 0", "\x00\t|+\n   \n", 9, 1, 1},
        {"truncated UTF-8 at the end", "sharitories: 1\n# \xc3", 18, 2, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        outcome o = load_text(cases[i].name, cases[i].text, cases[i].size);
        expect_error(&o, cases[i].name, SHR_ESYNTAX, SHR_ESYNTAX, NULL);
        if (o.err.line != cases[i].line)
            fail_msg("%s: error at line %u, column %u (expected line %u, column %u): %s",
                     cases[i].name, o.err.line, o.err.column, cases[i].line, cases[i].column,
                     o.err.message);
        shr_catalog_free(o.cat);
    }
}

/* ------------------------------------------------------------------ queries */

static shr_catalog *query_catalog;

static int setup_queries(void **state)
{
    (void)state;
    const char *paths[] = {rel_data_path(0, "reliability/territories.yaml"),
                           rel_data_path(1, "reliability/practices.yaml")};
    shr_error err;
    query_catalog = shr_catalog_new(NULL);
    return shr_catalog_load_files(query_catalog, paths, 2, &err) == SHR_OK ? 0 : -1;
}

static int teardown_queries(void **state)
{
    (void)state;
    shr_catalog_free(query_catalog);
    return 0;
}

/* Parse (then count, when it parses) with a watchdog; returns the parse code. */
static int run_query(const char *name, const char *expr, shr_error *err, int64_t *count)
{
    shr_query *q = NULL;
    current_case = name;
    alarm(60);
    double t0 = rel_now();
    shr_error_clear(err);
    int rc = shr_query_parse(query_catalog, expr, &q, err);
    *count = -1;
    if (rc == SHR_OK)
        *count = shr_query_count(q, err);
    shr_query_free(q);
    double took = rel_now() - t0;
    alarm(0);
    printf("limits: query %-38s %7.3f s  %-12s col %u %s\n", name, took, shr_error_code_name(rc),
           err->column, rc ? err->message : "");
    fflush(stdout);
    if (took > CASE_SECONDS)
        fail_msg("%s: took %.1f s", name, took);
    if (rc != SHR_OK) {
        const char *problem = rel_error_problem(rc, err);
        if (problem)
            fail_msg("%s: unclean error: %s", name, problem);
        if (err->column > strlen(expr) + 1)
            fail_msg("%s: column %u beyond the expression (%zu bytes)", name, err->column,
                     strlen(expr));
    } else if (*count < 0) {
        fail_msg("%s: count failed: %s", name, err->message);
    }
    return rc;
}

static char *repeat_str(const char *prefix, const char *unit, size_t n, const char *mid,
                        const char *unit2, size_t n2)
{
    sbuf b;
    sb_open(&b);
    fputs(prefix, b.f);
    sb_repeat(&b, unit, n);
    fputs(mid, b.f);
    sb_repeat(&b, unit2, n2);
    return sb_close(&b);
}

static const char *const kw_qlength[] = {"65536", "64 KiB", "long", "length", "bytes", NULL};
static const char *const kw_qdepth[] = {"64", "depth", "nest", "deep", NULL};

static void expect_query_error(const char *name, int rc, const shr_error *err, int a, int b,
                               const char *const *keywords)
{
    if (rc != a && rc != b)
        fail_msg("%s: expected %s, got %s (%s)", name, shr_error_code_name(a),
                 shr_error_code_name(rc), err->message);
    if (!keywords || rc != SHR_ELIMIT)
        return;
    for (const char *const *k = keywords; *k; k++)
        if (rel_contains_ci(err->message, *k))
            return;
    fail_msg("%s: the message '%s' does not name the limit", name, err->message);
}

static void test_query_limits(void **state)
{
    (void)state;
    shr_error err;
    int64_t count;
    int rc;
    char *e;

    /* Length: just over the limit, and far over it. */
    e = repeat_str("", "axis:solidarity OR ", SHR_LIMIT_QUERY_LENGTH / 19 + 1, "tag:x", "", 0);
    rc = run_query("over 64 KiB (OR chain)", e, &err, &count);
    expect_query_error("over 64 KiB", rc, &err, SHR_ELIMIT, SHR_ELIMIT, kw_qlength);
    free(e);
    e = repeat_str("", "x", 10u << 20, "", "", 0);
    rc = run_query("one word of 10 MiB", e, &err, &count);
    expect_query_error("one word of 10 MiB", rc, &err, SHR_ELIMIT, SHR_ELIMIT, kw_qlength);
    free(e);

    /* Just under the limit: must work, quickly. */
    e = repeat_str("", "axis:solidarity OR ", (SHR_LIMIT_QUERY_LENGTH - 100) / 19, "tag:x", "", 0);
    rc = run_query("OR chain just under 64 KiB", e, &err, &count);
    assert_int_equal(rc, SHR_OK);
    assert_int_equal(count, 2); /* marzy-graines (category), chalon-repair (category) */
    free(e);
    e = repeat_str("", "-tag:nothing ", (SHR_LIMIT_QUERY_LENGTH - 100) / 13, "", "", 0);
    rc = run_query("5000 negated terms, ANDed", e, &err, &count);
    assert_int_equal(rc, SHR_OK);
    assert_int_equal(count, 5);
    free(e);
    e = repeat_str("tag:", "x,", (SHR_LIMIT_QUERY_LENGTH - 100) / 2, "numérique", "", 0);
    rc = run_query("one field with 32000 values", e, &err, &count);
    assert_int_equal(rc, SHR_OK);
    assert_int_equal(count, 1);
    free(e);
    e = repeat_str("\"", "atelier ", (SHR_LIMIT_QUERY_LENGTH - 100) / 8, "\"", "", 0);
    rc = run_query("phrase of 8000 words", e, &err, &count);
    assert_int_equal(rc, SHR_OK);
    assert_int_equal(count, 0);
    free(e);
    e = repeat_str("", "a", SHR_LIMIT_QUERY_LENGTH - 10, "", "", 0);
    rc = run_query("one word of 64 KiB - 10", e, &err, &count);
    assert_int_equal(rc, SHR_OK);
    assert_int_equal(count, 0);
    free(e);

    /* Depth: parentheses, negations, both; within the length limit. */
    e = repeat_str("", "(", 30000, "axis:solidarity", ")", 30000);
    rc = run_query("30000 nested parentheses", e, &err, &count);
    expect_query_error("30000 nested parentheses", rc, &err, SHR_ELIMIT, SHR_ELIMIT, kw_qdepth);
    free(e);
    e = repeat_str("", "(", SHR_LIMIT_QUERY_DEPTH + 1, "axis:solidarity", ")", SHR_LIMIT_QUERY_DEPTH + 1);
    rc = run_query("65 nested parentheses", e, &err, &count);
    expect_query_error("65 nested parentheses", rc, &err, SHR_ELIMIT, SHR_ELIMIT, kw_qdepth);
    free(e);
    e = repeat_str("", "(", SHR_LIMIT_QUERY_DEPTH / 2, "axis:solidarity", ")", SHR_LIMIT_QUERY_DEPTH / 2);
    rc = run_query("32 nested parentheses", e, &err, &count);
    assert_int_equal(rc, SHR_OK);
    free(e);
    e = repeat_str("", "-", 60000, "axis:solidarity", "", 0);
    rc = run_query("60000 negations", e, &err, &count);
    expect_query_error("60000 negations", rc, &err, SHR_ELIMIT, SHR_ELIMIT, kw_qdepth);
    free(e);
    e = repeat_str("", "-(", 20000, "axis:solidarity", ")", 20000);
    rc = run_query("20000 of -( ... )", e, &err, &count);
    expect_query_error("20000 of -( ... )", rc, &err, SHR_ELIMIT, SHR_ELIMIT, kw_qdepth);
    free(e);
    e = repeat_str("", "(", 60000, "", "", 0);
    rc = run_query("60000 unclosed parentheses", e, &err, &count);
    expect_query_error("60000 unclosed parentheses", rc, &err, SHR_ELIMIT, SHR_EQUERY, kw_qdepth);
    free(e);
    e = repeat_str("", ")", 60000, "", "", 0);
    rc = run_query("60000 closing parentheses", e, &err, &count);
    expect_query_error("60000 closing parentheses", rc, &err, SHR_EQUERY, SHR_EQUERY, NULL);
    free(e);
    e = repeat_str("", "(a OR ", 60, "b", ")", 60);
    rc = run_query("60 nested ORs", e, &err, &count);
    assert_int_equal(rc, SHR_OK);
    free(e);

    /* Numbers. */
    static const char *const bad_numbers[] = {
        "started>=99999999999999999999", "population>1e400", "territories=-99999999999999999999",
        "ended<", "started>=2015.5", "population>=0x10", "started>=+", "started>=--1",
    };
    for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
        rc = run_query(bad_numbers[i], bad_numbers[i], &err, &count);
        expect_query_error(bad_numbers[i], rc, &err, SHR_EQUERY, SHR_ELIMIT, NULL);
    }
    rc = run_query("population>=9223372036854775807", "population>=9223372036854775807", &err,
                   &count);
    if (rc == SHR_OK)
        assert_int_equal(count, 0);
    else
        expect_query_error("population>=INT64_MAX", rc, &err, SHR_EQUERY, SHR_ELIMIT, NULL);

    /* Bytes that are not UTF-8, control characters. */
    static const char *const odd[] = {"\xff\xfe", "tag:\xc3", "\"\xe2\x82\"", "caf\xc3\xa9\x80",
                                      "\x01\x02 axis:solidarity", "\"unterminated", "\"\"",
                                      "OR", "OR OR", "-", "()", "a,b", ":", "in:", "id:,"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "odd input #%zu", i);
        rc = run_query(name, odd[i], &err, &count);
        if (rc != SHR_OK)
            expect_query_error(name, rc, &err, SHR_EQUERY, SHR_ELIMIT, NULL);
    }
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deep_flow_nesting),
        cmocka_unit_test(test_deep_block_nesting),
        cmocka_unit_test(test_huge_strings),
        cmocka_unit_test(test_huge_numbers),
        cmocka_unit_test(test_id_length),
        cmocka_unit_test(test_long_lists),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_hostile_bytes),
        cmocka_unit_test_setup_teardown(test_query_limits, setup_queries, teardown_queries),
    };
    return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
