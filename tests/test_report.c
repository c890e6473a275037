/* The territory report (report.h): structure, escaping, figures, errors, atomic save, memory
 * failures; and the internal HTML writer (html.h) and texts (report_texts.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sharitories/sharitories.h>

#include "fault_alloc.h"
#include "html.h"
#include "report_texts.h"

#ifndef SHR_TEST_DATA
#define SHR_TEST_DATA "tests/data"
#endif
#define FIXTURE SHR_TEST_DATA "/report-escape.yaml"

/* ------------------------------------------------------------------ helpers */

static shr_catalog *load_fixture(const shr_allocator *alloc)
{
    shr_catalog *cat = shr_catalog_new(alloc);
    assert_non_null(cat);
    shr_error err;
    int rc = shr_catalog_load(cat, FIXTURE, &err);
    if (rc != SHR_OK)
        fail_msg("%s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return cat;
}

/* The report as a string (caller frees), or NULL with *rc set. */
static char *report_string(const shr_catalog *cat, const char *id, const shr_report_options *o,
                           int *rc, shr_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *rc = shr_report_write_file(cat, id, o, f, err);
    assert_int_equal(fclose(f), 0);
    if (*rc != SHR_OK) {
        assert_int_equal(len, 0); /* nothing written on errors other than EIO */
        free(buf);
        return NULL;
    }
    return buf;
}

static char *report_ok(const shr_catalog *cat, const char *id, const shr_report_options *o)
{
    int rc;
    shr_error err;
    char *html = report_string(cat, id, o, &rc, &err);
    if (rc != SHR_OK)
        fail_msg("report %s: %s (%s)", id, shr_error_code_name(rc), err.message);
    return html;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return 1;
    return 0;
}

#define assert_contains(hay, needle)                                                           \
    do {                                                                                       \
        if (!strstr((hay), (needle)))                                                          \
            fail_msg("missing: %s", (needle));                                                 \
    } while (0)

/*
 * A small checker of the page's markup. Every '<' outside <style> must open a tag of the
 * allowed elements (text from the data is escaped, so an unescaped "<script" or "<img" shows
 * up as a tag that is not allowed); attributes are checked (no event handlers, no src, href
 * only to "#..." or http(s)); container elements must be balanced and properly nested.
 */
static const char *const allowed_tags[] = {
    "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "footer",
    "section", "article", "h1", "h2", "h3", "h4", "p", "code", "ol", "ul", "li", "a", "dl",
    "dt", "dd", "div", "strong", "figure", "figcaption", "svg", "desc", "g", "text", "tspan",
    "rect",
    "table", "caption", "thead", "tbody", "tr", "th", "td", "span", "br", "details", "summary",
    "data", NULL};
static const char *const void_tags[] = {"meta", "br", "rect", NULL};

static int in_list(const char *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(name, list[i]) == 0)
            return 1;
    return 0;
}

typedef struct markup_stats {
    size_t h1, external_links, svg, svg_with_title_desc, tables;
} markup_stats;

static void check_attribute(const char *tag, const char *name, const char *value,
                            markup_stats *st)
{
    if (strncasecmp(name, "on", 2) == 0)
        fail_msg("event handler attribute %s on <%s>", name, tag);
    if (strcasecmp(name, "src") == 0 || strcasecmp(name, "srcset") == 0 ||
        strcasecmp(name, "xlink:href") == 0 || strcasecmp(name, "background") == 0)
        fail_msg("resource attribute %s on <%s>", name, tag);
    if (strcasecmp(name, "href") == 0) {
        if (strcmp(tag, "a") != 0)
            fail_msg("href on <%s>", tag);
        if (value[0] == '#')
            return;
        if (strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0)
            fail_msg("href to a non-web URL: %s", value);
        st->external_links++;
    }
    if (strcasecmp(name, "style") == 0 && (strstr(value, "url(") || strstr(value, "expression")))
        fail_msg("style attribute loads something: %s", value);
}

static void check_markup(const char *html, markup_stats *st)
{
    memset(st, 0, sizeof *st);
    const char *stack[64];
    size_t depth = 0;
    const char *p = html;
    assert_true(strncmp(p, "<!DOCTYPE html>\n", 16) == 0);
    p += 16;
    while ((p = strchr(p, '<')) != NULL) {
        p++;
        int closing = *p == '/';
        if (closing)
            p++;
        char name[32];
        size_t n = 0;
        while (isalnum((unsigned char)*p) && n + 1 < sizeof name)
            name[n++] = (char)tolower((unsigned char)*p++);
        name[n] = '\0';
        if (n == 0)
            fail_msg("'<' not followed by a tag name: %.40s", p - 1);
        if (!in_list(name, allowed_tags))
            fail_msg("element <%s> is not allowed", name);
        /* attributes */
        while (*p && *p != '>') {
            while (*p == ' ' || *p == '\n')
                p++;
            if (*p == '>' || (*p == '/' && p[1] == '>')) {
                if (*p == '/')
                    p++;
                break;
            }
            char attr[64], value[2048];
            size_t an = 0, vn = 0;
            while (*p && *p != '=' && *p != ' ' && *p != '>' && an + 1 < sizeof attr)
                attr[an++] = *p++;
            attr[an] = '\0';
            value[0] = '\0';
            if (*p == '=') {
                p++;
                if (*p != '"')
                    fail_msg("unquoted attribute %s on <%s>", attr, name);
                p++;
                while (*p && *p != '"') {
                    if (*p == '<')
                        fail_msg("raw '<' in attribute %s of <%s>", attr, name);
                    if (vn + 1 < sizeof value)
                        value[vn++] = *p;
                    p++;
                }
                value[vn] = '\0';
                if (*p == '"')
                    p++;
            }
            if (an == 0)
                fail_msg("bad attribute syntax in <%s>: %.40s", name, p);
            check_attribute(name, attr, value, st);
        }
        assert_int_equal(*p, '>');
        p++;
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                fail_msg("</%s> closes <%s>", name, depth ? stack[depth - 1] : "(nothing)");
            depth--;
            continue;
        }
        if (strcmp(name, "h1") == 0)
            st->h1++;
        if (strcmp(name, "table") == 0)
            st->tables++;
        if (in_list(name, void_tags) || p[-2] == '/')
            continue;
        if (strcmp(name, "style") == 0) { /* raw text up to </style> */
            const char *end = strstr(p, "</style>");
            assert_non_null(end);
            p = end;
        }
        if (strcmp(name, "svg") == 0) {
            st->svg++;
            if (strncmp(p, "\n<title id=", 11) == 0 && strstr(p, "<desc id=") &&
                strstr(p, "<desc id=") < strstr(p, "</svg>"))
                st->svg_with_title_desc++;
        }
        if (depth == sizeof stack / sizeof stack[0])
            fail_msg("nesting too deep");
        for (size_t i = 0; allowed_tags[i]; i++)
            if (strcmp(allowed_tags[i], name) == 0)
                stack[depth++] = allowed_tags[i];
    }
    if (depth != 0)
        fail_msg("<%s> is not closed", stack[depth - 1]);
}

/* @p charts: the page is expected to draw charts (a territory with practices). */
static void check_page(const char *html, const char *lang, int charts)
{
    char head[64];
    snprintf(head, sizeof head, "<!DOCTYPE html>\n<html lang=\"%s\">", lang);
    assert_true(strncmp(html, head, strlen(head)) == 0);
    assert_contains(html, "<meta charset=\"utf-8\">");
    assert_contains(html, "<meta name=\"viewport\"");
    assert_contains(html, "@media print");
    assert_contains(html, "@page{size:A4");
    assert_false(contains_nocase(html, "<script"));
    assert_false(contains_nocase(html, "<link"));
    assert_false(contains_nocase(html, "<img"));
    assert_false(contains_nocase(html, "<iframe"));
    assert_false(contains_nocase(html, "@import"));
    assert_false(contains_nocase(html, "url("));
    assert_false(contains_nocase(html, "href=\"javascript"));
    assert_false(contains_nocase(html, "href=\"data"));
    static const char *const sections[] = {"key", "panorama", "peers", "inspire",
                                           "practices", "axes", "sources"};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        char id[64];
        snprintf(id, sizeof id, "<section id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">",
                 sections[i], sections[i], sections[i]);
        assert_contains(html, id);
    }
    static const char *const figures[] = {"kf-practices", "kf-population", "kf-rate",
                                          "kf-actors", "kf-categories"};
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        char id[64];
        snprintf(id, sizeof id, "<dd id=\"%s\">", figures[i]);
        assert_contains(html, id);
    }
    markup_stats st;
    check_markup(html, &st);
    assert_int_equal(st.h1, 1);
    assert_true(charts ? st.svg > 0 : st.svg == 0);
    assert_int_equal(st.svg_with_title_desc, st.svg);
    assert_true(st.tables >= st.svg); /* each chart has its table */
    assert_int_equal(count_of(html, "role=\"img\""), st.svg);
    assert_int_equal(count_of(html, "<main>"), 1);
    assert_int_equal(count_of(html, "</main>"), 1);
}

/* ------------------------------------------------------------------ structure and escaping */

static void test_structure_and_escaping(const char *lang)
{
    shr_catalog *cat = load_fixture(NULL);
    shr_report_options o = SHR_REPORT_OPTIONS_INIT;
    o.lang = lang;
    char *html = report_ok(cat, "t-evil", &o);
    check_page(html, lang, 1);

    /* Hostile names appear as text. */
    assert_contains(html, "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co &quot;Ville&quot; "
                          "&#39;Cité&#39;");
    assert_contains(html, "<title>&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_contains(html, "<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>");
    assert_contains(html, "<h3>O&#39;Brien&#39;s &quot;café&quot; &amp; &lt;b&gt;bar&lt;/b&gt;</h3>");
    assert_contains(html, "&lt;iframe src=&quot;https://evil.example/&quot;&gt;&lt;/iframe&gt;");
    assert_contains(html, "&lt;/article&gt;&lt;/section&gt;");
    assert_contains(html, "Peer A &lt;/title&gt;&lt;script&gt;alert(&#39;peer&#39;)&lt;/script&gt;");
    assert_contains(html, strcmp(lang, "en") == 0 ? "&lt;svg onload=alert(1)&gt;"
                                                  : "&lt;img src=x onerror=alert(1)&gt;");
    assert_contains(html, "Fixture &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot; &#39;single&#39;");
    /* Links: only http(s) ones as href, escaped; the others as text. */
    assert_contains(html, "<a href=\"https://example.org/?q=&lt;a&gt;&amp;x=&quot;y&quot;\"");
    assert_contains(html, "<a href=\"https://example.org/mairie?a=1&amp;b=2\"");
    assert_contains(html, "<a href=\"https://peer.example/a\"");
    assert_contains(html, "javascript:alert(2)");
    assert_contains(html, "JAVASCRIPT:alert(3)");
    assert_contains(html, "javascript:alert(&#39;source&#39;)");
    assert_false(contains_nocase(html, "href=\"javascript"));
    assert_false(contains_nocase(html, "href=\" "));
    assert_false(strstr(html, "href=\"https://ok.example/"));
    assert_false(strstr(html, "href=\"https://evil.example/"));
    free(html);
    shr_catalog_free(cat);
}

static void test_structure_fr(void **state)
{
    (void)state;
    test_structure_and_escaping("fr");
}

static void test_structure_en(void **state)
{
    (void)state;
    test_structure_and_escaping("en");
}

/* ------------------------------------------------------------------ figures */

static void test_key_figures(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture(NULL);
    char *html = report_ok(cat, "t-evil", NULL);
    assert_contains(html, "<dd id=\"kf-practices\"><data value=\"2\">2</data></dd>");
    assert_contains(html, "<dd id=\"kf-population\"><data value=\"20000\">20\xe2\x80\xaf" "000</data>");
    assert_contains(html, "<dd id=\"kf-rate\"><data value=\"1.00\">1,00</data></dd>");
    assert_contains(html, "<dd id=\"kf-actors\"><data value=\"2\">2</data></dd>");
    assert_contains(html, "<dd id=\"kf-categories\"><data value=\"2\">2</data></dd>");
    /* Peers by band 10,000..40,000: Peer A and Peer B (the commune without population is not
     * one); the territory ranks first (1.00 vs 0.67 and 0.67). */
    assert_contains(html, "(<data value=\"2\">2</data> territoires)");
    assert_contains(html, "se classe <data value=\"1\">1</data> sur <data value=\"3\">3</data>");
    /* Inspiration: fablab (both peers) before shared garden (one). */
    const char *fablab = strstr(html, "<li><strong>fablab</strong>");
    const char *garden = strstr(html, "<li><strong>jardin partagé</strong>");
    assert_non_null(fablab);
    assert_non_null(garden);
    assert_true(fablab < garden);
    assert_contains(fablab, "présente chez <data value=\"2\">2</data> pairs sur 2 (100\xc2\xa0%)");
    /* Years 2015..2017, 2016 drawn as 0. */
    assert_contains(html, "<tr><th scope=\"row\">2016</th><td class=\"num\"><data value=\"0\">");
    /* Axes section with the key questions. */
    assert_contains(html, "<h4>Questions clés</h4>");
    /* Same input, same bytes. */
    char *again = report_ok(cat, "t-evil", NULL);
    assert_string_equal(html, again);
    free(again);
    free(html);

    shr_report_options o = SHR_REPORT_OPTIONS_INIT;
    o.lang = "en";
    html = report_ok(cat, "t-evil", &o);
    assert_contains(html, "<dd id=\"kf-population\"><data value=\"20000\">20,000</data>");
    assert_contains(html, "<dd id=\"kf-rate\"><data value=\"1.00\">1.00</data></dd>");
    assert_contains(html, "<h4>Key questions</h4>");
    assert_contains(html, "found in <data value=\"2\">2</data> peers of 2 (100%)");
    free(html);
    shr_catalog_free(cat);
}

static void test_explicit_peers_and_options(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture(NULL);
    const char *peers[] = {"t-peer-b"};
    shr_report_options o = SHR_REPORT_OPTIONS_INIT;
    o.peers = peers;
    o.peer_count = 1;
    o.max_inspirations = 1;
    o.generated = "2026-03-01 <b>";
    char *html = report_ok(cat, "t-evil", &o);
    check_page(html, "fr", 1);
    assert_contains(html, "Pairs choisis");
    assert_contains(html, "Autres catégories, non montrées\xc2\xa0: 1.");
    assert_contains(html, "libsharitories " SHR_VERSION_STRING " — 2026-03-01 &lt;b&gt;");
    free(html);

    /* No inspiration list: the section and its entry in the contents are left out. */
    o.max_inspirations = 0;
    html = report_ok(cat, "t-evil", &o);
    assert_null(strstr(html, "id=\"inspire\""));
    assert_null(strstr(html, "href=\"#inspire\""));
    free(html);
    shr_catalog_free(cat);
}

static void test_territory_without_population(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture(NULL);
    char *html = report_ok(cat, "t-nopop", NULL);
    check_page(html, "fr", 0);
    assert_contains(html, "<dd id=\"kf-practices\"><data value=\"0\">0</data></dd>");
    assert_contains(html, "<dd id=\"kf-population\">non connue</dd>");
    assert_contains(html, "<dd id=\"kf-rate\">non connue</dd>");
    assert_contains(html, "La population du territoire n&#39;est pas connue");
    free(html);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ errors */

static void test_errors(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture(NULL);
    shr_error err;
    int rc;
    assert_null(report_string(cat, "t-nowhere", NULL, &rc, &err));
    assert_int_equal(rc, SHR_ENOTFOUND);
    assert_int_equal(err.code, SHR_ENOTFOUND);
    assert_non_null(strstr(err.message, "t-nowhere"));

    const char *peers[] = {"t-peer-a", "t-ghost"};
    shr_report_options o = SHR_REPORT_OPTIONS_INIT;
    o.peers = peers;
    o.peer_count = 2;
    assert_null(report_string(cat, "t-evil", &o, &rc, &err));
    assert_int_equal(rc, SHR_ENOTFOUND);
    assert_non_null(strstr(err.message, "t-ghost"));

    shr_report_options bad = SHR_REPORT_OPTIONS_INIT;
    bad.lang = "de";
    assert_null(report_string(cat, "t-evil", &bad, &rc, &err));
    assert_int_equal(rc, SHR_EINVAL);
    bad = (shr_report_options)SHR_REPORT_OPTIONS_INIT;
    bad.version = 99;
    assert_null(report_string(cat, "t-evil", &bad, &rc, &err));
    assert_int_equal(rc, SHR_EINVAL);
    bad = (shr_report_options)SHR_REPORT_OPTIONS_INIT;
    bad.band_low = 3.0;
    bad.band_high = 2.0;
    assert_null(report_string(cat, "t-evil", &bad, &rc, &err));
    assert_int_equal(rc, SHR_EINVAL);

    assert_int_equal(shr_report_write_file(NULL, "t-evil", NULL, stdout, &err), SHR_EINVAL);
    assert_int_equal(shr_report_write_file(cat, NULL, NULL, stdout, &err), SHR_EINVAL);
    assert_int_equal(shr_report_write_file(cat, "t-evil", NULL, NULL, &err), SHR_EINVAL);
    assert_int_equal(shr_report_write_file(cat, "t-evil", NULL, NULL, NULL), SHR_EINVAL);
    assert_int_equal(shr_report_save(cat, "t-evil", NULL, "", &err), SHR_EINVAL);

    /* A write error is SHR_EIO. */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(shr_report_write_file(cat, "t-evil", NULL, full, &err), SHR_EIO);
        assert_int_equal(err.code, SHR_EIO);
        fclose(full);
        assert_int_equal(shr_report_save(cat, "t-evil", NULL, "/dev/full/x.html", &err),
                         SHR_EIO);
    }
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ atomic save */

static size_t dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int c;
    while ((c = fgetc(f)) != EOF) {
        if (len + 2 > cap) {
            cap = cap ? cap * 2 : 4096;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        buf[len++] = (char)c;
    }
    fclose(f);
    if (!buf)
        buf = calloc(1, 1);
    buf[len] = '\0';
    return buf;
}

static void test_save(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture(NULL);
    char dir[] = "/tmp/shr-report-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/report.html", dir);
    shr_error err;
    assert_int_equal(shr_report_save(cat, "t-evil", NULL, path, &err), SHR_OK);
    char *saved = slurp(path);
    char *written = report_ok(cat, "t-evil", NULL);
    assert_string_equal(saved, written);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_int_equal(dir_entries(dir), 1);

    /* A failing report leaves the existing file untouched and no temporary file. */
    assert_int_equal(shr_report_save(cat, "t-ghost", NULL, path, &err), SHR_ENOTFOUND);
    char *after = slurp(path);
    assert_string_equal(after, saved);
    assert_int_equal(dir_entries(dir), 1);

    /* A missing directory is an I/O error naming the path. */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/no/such/dir.html", dir);
    assert_int_equal(shr_report_save(cat, "t-evil", NULL, missing, &err), SHR_EIO);
    assert_string_equal(err.file, missing);

    free(after);
    free(saved);
    free(written);
    unlink(path);
    rmdir(dir);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ memory failures */

static void test_allocation_failures(void **state)
{
    (void)state;
    fault_alloc fa;
    fault_alloc_init(&fa);
    shr_catalog *cat = load_fixture(&fa.hook);
    char *reference = report_ok(cat, "t-evil", NULL);
    size_t live = fa.live;
    size_t successes = 0;
    for (size_t fail_at = 1; fail_at < 10000; fail_at++) {
        fault_alloc_arm(&fa, fail_at, false);
        int rc;
        shr_error err;
        char *html = report_string(cat, "t-evil", NULL, &rc, &err);
        size_t failures = fa.failures;
        fault_alloc_disarm(&fa);
        assert_int_equal(fa.live, live); /* nothing leaked */
        if (rc == SHR_OK) {
            assert_string_equal(html, reference);
            free(html);
            if (failures == 0) { /* every allocation point was tried */
                successes++;
                break;
            }
        } else {
            assert_int_equal(rc, SHR_ENOMEM);
            assert_int_equal(err.code, SHR_ENOMEM);
        }
    }
    assert_int_equal(successes, 1);
    free(reference);
    shr_catalog_free(cat);
    assert_int_equal(fa.live, 0);
    assert_int_equal(fa.bad_frees, 0);
}

/* ------------------------------------------------------------------ internals */


/* The roadmap section on the roadmap fixture (tests/data/roadmap): the fiche every peer's
 * category calls for comes first, linked to its full text in the appendix; the fiches are in
 * the appendix once; a catalog without fiches has neither section. */
static void test_roadmap_section(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    const char *paths[] = {SHR_TEST_DATA "/roadmap/towns.yaml", SHR_TEST_DATA "/roadmap/actions.yaml"};
    assert_int_equal(shr_catalog_load_files(cat, paths, 2, &err), SHR_OK);
    for (int l = 0; l < 2; l++) {
        shr_report_options o = SHR_REPORT_OPTIONS_INIT;
        o.lang = l ? "en" : "fr";
        char *html = report_ok(cat, "t", &o);
        check_page(html, o.lang, 1);
        const char *sec = strstr(html, "<section id=\"roadmap\"");
        const char *app = strstr(html, "<section id=\"fiches\"");
        assert_non_null(sec);
        assert_non_null(app);
        assert_true(sec < app);
        assert_non_null(strstr(html, l ? ">Roadmap</h2>" : ">Feuille de route</h2>"));
        const char *first = strstr(sec, "<li id=\"rm-1\"><strong><a href=\"#fiche-open-fablab\">");
        assert_non_null(first);
        assert_non_null(strstr(first, l ? "Villeville has none" : "Villeville n&#39;en a aucune"));
        assert_non_null(strstr(first, l ? "Learn from" : "S&#39;inspirer de"));
        assert_int_equal(count_of(html, "id=\"fiche-open-fablab\""), 1);
        assert_true(strstr(html, "id=\"fiche-open-fablab\"") > app);
        assert_int_equal(count_of(html, "<article class=\"fiche\""), 4);
        assert_null(strstr(html, "fiche-open-data"));
        assert_non_null(strstr(html, "<a href=\"#roadmap\">"));
        free(html);
    }
    shr_catalog_free(cat);
    shr_catalog *plain = load_fixture(NULL);
    shr_report_options o = SHR_REPORT_OPTIONS_INIT;
    char *html = report_ok(plain, "t-evil", &o);
    assert_null(strstr(html, "id=\"roadmap\""));
    assert_null(strstr(html, "href=\"#fiches\""));
    free(html);
    shr_catalog_free(plain);
}

static void test_texts_complete(void **state)
{
    (void)state;
    /* report_texts holds only string pointers: every one must be set, in both languages. */
    size_t n = sizeof(report_texts) / sizeof(const char *);
    for (int lang = 0; lang < 2; lang++) {
        const char *const *field = (const char *const *)(const void *)&shr__report_texts[lang];
        for (size_t i = 0; i < n; i++) {
            if (!field[i] || !field[i][0])
                fail_msg("text %zu of language %d is missing", i, lang);
        }
    }
    assert_string_equal(shr__report_texts[0].lang, "fr");
    assert_string_equal(shr__report_texts[1].lang, "en");
}

static char *html_of(void (*write)(shr_html *, const char *), const char *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    shr_html h;
    shr__html_init(&h, f, 0);
    write(&h, arg);
    assert_int_equal(shr__html_finish(&h, NULL), SHR_OK);
    fclose(f);
    return buf;
}

static void write_text(shr_html *h, const char *s)
{
    shr__html_text(h, s);
}

static void write_link(shr_html *h, const char *s)
{
    shr__html_link(h, s, NULL);
}

static void test_html_writer(void **state)
{
    (void)state;
    char *s = html_of(write_text, "a&b<c>d\"e'f");
    assert_string_equal(s, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    free(s);
    /* Control characters dropped, tab and newline kept, invalid UTF-8 replaced. */
    s = html_of(write_text, "x\x01y\tz\n\x7f" "é\xff\xc3(\xed\xa0\x80!");
    assert_string_equal(s, "xy\tz\né\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
    free(s);
    s = html_of(write_link, "https://a.example/?x=1&y=\"2\"");
    assert_string_equal(s, "<a href=\"https://a.example/?x=1&amp;y=&quot;2&quot;\" "
                           "rel=\"noopener noreferrer\">https://a.example/?x=1&amp;y=&quot;2&quot;</a>");
    free(s);
    s = html_of(write_link, "javascript:alert('x')");
    assert_string_equal(s, "javascript:alert(&#39;x&#39;)");
    free(s);

    assert_true(shr__html_is_web_url("http://a"));
    assert_true(shr__html_is_web_url("HTTPS://a.example/"));
    assert_false(shr__html_is_web_url("https://"));
    assert_false(shr__html_is_web_url(" https://a"));
    assert_false(shr__html_is_web_url("https://a b"));
    assert_false(shr__html_is_web_url("javascript:alert(1)"));
    assert_false(shr__html_is_web_url("data:text/html,x"));
    assert_false(shr__html_is_web_url("//a.example"));
    assert_false(shr__html_is_web_url(NULL));

    char buf[64];
    assert_string_equal(shr__format_int(buf, sizeof buf, 58329, 0), "58\xe2\x80\xaf" "329");
    assert_string_equal(shr__format_int(buf, sizeof buf, 58329, 1), "58,329");
    assert_string_equal(shr__format_int(buf, sizeof buf, 1500, 0), "1500");
    assert_string_equal(shr__format_int(buf, sizeof buf, 1500, 1), "1,500");
    assert_string_equal(shr__format_int(buf, sizeof buf, -1234567, 1), "-1,234,567");
    assert_string_equal(shr__format_int(buf, sizeof buf, 0, 0), "0");
    assert_string_equal(shr__format_fixed(buf, sizeof buf, 0.3429, 2, 0), "0,34");
    assert_string_equal(shr__format_fixed(buf, sizeof buf, 0.3429, 2, 1), "0.34");
    assert_string_equal(shr__format_fixed(buf, sizeof buf, 12345.678, 2, 0),
                        "12\xe2\x80\xaf" "345,68");
    assert_string_equal(shr__format_fixed(buf, sizeof buf, 12345.678, 2, 2), "12345.68");
    assert_string_equal(shr__format_fixed(buf, sizeof buf, 2.0, 0, 1), "2");
    assert_string_equal(shr__format_fixed(buf, sizeof buf, 1.0 / 0.0, 2, 1), "?");

    /* Write errors are sticky and reported. */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        shr_html h;
        shr__html_init(&h, full, 0);
        for (int i = 0; i < 10000; i++)
            shr__html_text(&h, "0123456789");
        shr_error err;
        assert_int_equal(shr__html_finish(&h, &err), SHR_EIO);
        assert_int_equal(err.code, SHR_EIO);
        fclose(full);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure_fr),
        cmocka_unit_test(test_structure_en),
        cmocka_unit_test(test_key_figures),
        cmocka_unit_test(test_explicit_peers_and_options),
        cmocka_unit_test(test_territory_without_population),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_save),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_texts_complete),
        cmocka_unit_test(test_roadmap_section),
        cmocka_unit_test(test_html_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
