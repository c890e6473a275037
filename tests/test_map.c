/*
 * Maps (map.h): the choropleth's structure on the real outlines (one path per department, 101,
 * or per region, 18), its legend classes, the escaping of names (& < " and non-ASCII), option
 * and outlines-file errors, and the bundled catalog.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sharitories/sharitories.h>

/* Three departments with rates 2, 1 and 0 per 10,000 (population 10,000, 20,000, 5,000), one
 * without population, names that need escaping. */
static const char *fixture =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: fr-dep-56, name: \"Mor & <bihan> \\\"é\\\"\", kind: department, parent: fr-reg-53, population: 10000}\n"
    "  - {id: fr-dep-29, name: Finistère, kind: department, population: 20000}\n"
    "  - {id: fr-dep-22, name: \"Côtes-d'Armor\", kind: department, population: 5000}\n"
    "  - {id: fr-dep-35, name: Ille-et-Vilaine, kind: department}\n"
    "  - {id: fr-reg-53, name: Bretagne, kind: region, population: 35000}\n"
    "  - {id: lorient, name: Lorient, kind: commune, parent: fr-dep-56}\n"
    "practices:\n"
    "  - {id: a, name: x, category: fablab, territories: [lorient]}\n"
    "  - {id: b, name: x, category: fablab, territories: [fr-dep-56]}\n"
    "  - {id: c, name: x, category: amap, territories: [fr-dep-29, fr-dep-35]}\n"
    "  - {id: d, name: x, category: amap, territories: [fr-dep-35]}\n";

static shr_catalog *load_fixture(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    shr_error err;
    int rc = shr_catalog_load_buffer(cat, "map.yaml", fixture, strlen(fixture), &err);
    if (rc)
        print_error("%u:%u %s\n", err.line, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    return cat;
}

/* The map as a string (free()), or NULL with *rc set. */
static char *draw(const shr_catalog *cat, const shr_map_options *o, int *rc, shr_error *err)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    *rc = shr_map_write_file(cat, o, f, err);
    fclose(f);
    if (*rc) {
        assert_int_equal(size, 0); /* nothing written on failure */
        free(buf);
        return NULL;
    }
    return buf;
}

static size_t occurrences(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

/* The <path> element of territory id (up to its </path>), copied (free()). */
static char *path_of(const char *svg, const char *id)
{
    char key[64];
    snprintf(key, sizeof key, "<path id=\"%s\"", id);
    const char *p = strstr(svg, key);
    assert_non_null(p);
    const char *e = strstr(p, "</path>");
    assert_non_null(e);
    return strndup(p, (size_t)(e - p));
}

static void test_structure(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    shr_map_options o = SHR_MAP_OPTIONS_INIT;
    o.classes = 3;
    shr_error err;
    int rc;
    char *svg = draw(cat, &o, &rc, &err);
    if (!svg)
        print_error("%s: %s\n", err.file, err.message);
    assert_non_null(svg);
    assert_true(strncmp(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 44) == 0);
    assert_non_null(strstr(svg, "role=\"img\" aria-labelledby=\"map-title map-desc\""));
    assert_int_equal(occurrences(svg, "<title id=\"map-title\">Pratiques pour 10\u202f000 habitants, "
                                      "par département</title>"), 1);
    assert_int_equal(occurrences(svg, "<desc id=\"map-desc\">"), 1);
    /* one path per department of the outlines: the 101 */
    assert_int_equal(occurrences(svg, "<path id=\"fr-dep-"), 101);
    assert_int_equal(occurrences(svg, "<path "), 101);
    assert_int_equal(occurrences(svg, "<path id=\"fr-dep-971\""), 1);
    assert_int_equal(occurrences(svg, "<path id=\"fr-dep-2a\""), 1);
    assert_int_equal(occurrences(svg, "<rect class=\"inset\""), 5);
    /* no external resource, no script */
    assert_null(strstr(svg, "href"));
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "url("));
    /* rates: 56 has 2 practices (a in Lorient, b) for 10,000 -> 2; 29 has 1 for 20,000 ->
     * 0.5; 22 none -> the zero class; 35 no population -> no data, like the departments the
     * catalog does not know */
    char *p56 = path_of(svg, "fr-dep-56");
    assert_non_null(strstr(p56, "data-count=\"2\""));
    assert_non_null(strstr(p56, "<title>Mor &amp; &lt;bihan&gt; &quot;é&quot; – 2 pratiques, 2,00 "
                                "pour 10\u202f000 habitants</title>"));
    char *p29 = path_of(svg, "fr-dep-29");
    assert_non_null(strstr(p29, "data-count=\"1\""));
    assert_non_null(strstr(p29, "0,50 pour 10\u202f000"));
    char *p22 = path_of(svg, "fr-dep-22");
    assert_non_null(strstr(p22, "class=\"zero\""));
    assert_non_null(strstr(p22, "<title>Côtes-d&#39;Armor – 0 pratiques"));
    char *p35 = path_of(svg, "fr-dep-35");
    assert_non_null(strstr(p35, "class=\"nodata\""));
    assert_non_null(strstr(p35, "population inconnue"));
    char *p01 = path_of(svg, "fr-dep-01");
    assert_non_null(strstr(p01, "class=\"nodata\""));
    assert_non_null(strstr(p01, "<title>fr-dep-01 – 0 pratiques"));
    /* classes: zero (1 territory), two positive classes (0.5 and 2: classes - 1 quantiles),
     * no data (98) */
    assert_non_null(strstr(svg, "0 pratique (1 département)</text>"));
    assert_non_null(strstr(svg, ">0,50 (1 département)</text>"));
    assert_non_null(strstr(svg, ">2,00 (1 département)</text>"));
    assert_non_null(strstr(svg, "pas de population (98 départements)</text>"));
    assert_int_equal(occurrences(svg, "data-class=\"1\""), 1);
    assert_int_equal(occurrences(svg, "data-class=\"0\""), 1);
    assert_int_equal(occurrences(svg, "data-class=\"-1\""), 1);
    assert_int_equal(occurrences(svg, "data-class=\"-2\""), 98);
    /* the description names the highest rates, escaped, and the attribution */
    assert_non_null(strstr(svg, "Taux les plus élevés : Mor &amp; &lt;bihan&gt; &quot;é&quot; "
                                "(2,00), Finistère (0,50)."));
    assert_non_null(strstr(svg, "Licence Ouverte 2.0"));
    /* nothing unescaped from the names */
    assert_null(strstr(svg, "<bihan>"));
    assert_null(strstr(svg, "& "));
    free(p56);
    free(p29);
    free(p22);
    free(p35);
    free(p01);
    free(svg);

    /* a query, regions, English, a title with markup */
    o.query = "category:fablab";
    o.by = SHR_MAP_REGION;
    o.lang = "en";
    o.title = "Fablabs <&> \"Bretagne\"";
    svg = draw(cat, &o, &rc, &err);
    assert_non_null(svg);
    assert_int_equal(occurrences(svg, "<path "), 18);
    assert_non_null(strstr(svg, "<title id=\"map-title\">Fablabs &lt;&amp;&gt; &quot;Bretagne&quot;</title>"));
    assert_non_null(strstr(svg, "lang=\"en\""));
    assert_non_null(strstr(svg, "Query: category:fablab."));
    char *p53 = path_of(svg, "fr-reg-53");
    /* practices a and b (the fablabs) within Bretagne, 35,000 inhabitants: 0.57 */
    assert_non_null(strstr(p53, "<title>Bretagne – 2 practices, 0.57 per 10,000 inhabitants</title>"));
    free(p53);
    free(svg);
    shr_catalog_free(cat);
}

static void test_errors(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    shr_error err;
    int rc;
    shr_map_options o = SHR_MAP_OPTIONS_INIT;
    o.version = 99;
    assert_null(draw(cat, &o, &rc, &err));
    assert_int_equal(rc, SHR_EINVAL);
    o = (shr_map_options)SHR_MAP_OPTIONS_INIT;
    o.classes = 1;
    assert_null(draw(cat, &o, &rc, &err));
    assert_int_equal(rc, SHR_EINVAL);
    o.classes = 8;
    assert_null(draw(cat, &o, &rc, &err));
    o = (shr_map_options)SHR_MAP_OPTIONS_INIT;
    o.per = 0;
    assert_null(draw(cat, &o, &rc, &err));
    assert_int_equal(rc, SHR_EINVAL);
    o.per = -1;
    assert_null(draw(cat, &o, &rc, &err));
    o = (shr_map_options)SHR_MAP_OPTIONS_INIT;
    o.lang = "de";
    assert_null(draw(cat, &o, &rc, &err));
    assert_int_equal(rc, SHR_EINVAL);
    o = (shr_map_options)SHR_MAP_OPTIONS_INIT;
    o.by = (shr_map_level)7;
    assert_null(draw(cat, &o, &rc, &err));
    assert_int_equal(rc, SHR_EINVAL);
    o = (shr_map_options)SHR_MAP_OPTIONS_INIT;
    o.query = "category:fablab colour:red";
    assert_null(draw(cat, &o, &rc, &err));
    assert_int_equal(rc, SHR_EQUERY);
    assert_int_equal(err.column, 17);
    o = (shr_map_options)SHR_MAP_OPTIONS_INIT;
    o.outlines = "/nonexistent/outlines.yaml";
    assert_null(draw(cat, &o, &rc, &err));
    assert_int_equal(rc, SHR_EIO);
    assert_string_equal(err.file, "/nonexistent/outlines.yaml");

    /* malformed outlines files: the place and what is wrong */
    static const struct {
        const char *text;
        int code;
        unsigned line;
        const char *message;
    } bad[] = {
        {"meta: [\n", SHR_ESYNTAX, 2, ""},
        {"outlines: []\n", SHR_EFORMAT, 1, "no meta"},
        {"meta: {width: 10, height: 10}\n", SHR_EFORMAT, 1, "attribution"},
        {"meta: {width: 10, height: 10, attribution: x}\nprojection: {x: [1, 2]}\n", SHR_EFORMAT, 2,
         "projection"},
        {"meta: {width: 10, height: 1e3, attribution: x}\n", SHR_EFORMAT, 1, "width and height"},
        {"meta: {width: 10, height: 10, attribution: x}\nprojection: {x: [1, 2], y: [3, 4]}\n"
         "outlines:\n  - {id: fr-dep-56, level: department, path: \"M1 1l2 2z\\\"/><script>\"}\n",
         SHR_EFORMAT, 4, "a path may hold only"},
        {"meta: {width: 10, height: 10, attribution: x}\nprojection: {x: [1, 2], y: [3, 4]}\n"
         "outlines:\n  - {id: fr-dep-56, level: commune, path: \"M1 1l2 2z\"}\n",
         SHR_EFORMAT, 4, "level"},
        {"meta: {width: 10, height: 10, attribution: x}\nprojection: {x: [1, 2], y: [3, 4]}\n"
         "outlines:\n  - {id: fr-dep-56, level: department, inset: fr-dep-971, path: \"M1 1l2 2z\"}\n",
         SHR_EFORMAT, 4, "unknown inset"},
    };
    char path[] = "/tmp/test_map_outlines_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(bad[i].text, f);
        fclose(f);
        o = (shr_map_options)SHR_MAP_OPTIONS_INIT;
        o.outlines = path;
        assert_null(draw(cat, &o, &rc, &err));
        if (rc != bad[i].code || err.line != bad[i].line || !strstr(err.message, bad[i].message))
            print_error("case %zu: %d line %u: %s\n", i, rc, err.line, err.message);
        assert_int_equal(rc, bad[i].code);
        assert_int_equal(err.line, bad[i].line);
        assert_string_equal(err.file, path);
    }
    /* a minimal valid file draws its one outline */
    FILE *f = fopen(path, "w");
    fputs("meta: {width: 10, height: 10, attribution: \"A & B\"}\nprojection: {x: [1, 2], y: [3, -4.5]}\n"
          "outlines:\n  - {id: FR-DEP-56, level: department, path: \"M1 1l2 2 -1 0z\"}\n", f);
    fclose(f);
    o = (shr_map_options)SHR_MAP_OPTIONS_INIT;
    o.outlines = path;
    char *svg = draw(cat, &o, &rc, &err);
    assert_non_null(svg);
    assert_int_equal(occurrences(svg, "<path "), 1);
    assert_non_null(strstr(svg, "<path id=\"fr-dep-56\""));
    assert_non_null(strstr(svg, "A &amp; B"));
    free(svg);
    unlink(path);
    close(fd);
    shr_catalog_free(cat);
}

static void test_save(void **state)
{
    (void)state;
    shr_catalog *cat = load_fixture();
    shr_error err;
    char dir[] = "/tmp/test_map_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/map.svg", dir);
    assert_int_equal(shr_map_save(cat, NULL, path, &err), SHR_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char head[6] = {0};
    assert_int_equal(fread(head, 1, 5, f), 5);
    fclose(f);
    assert_string_equal(head, "<?xml");
    /* a failure leaves the file as it was */
    shr_map_options o = SHR_MAP_OPTIONS_INIT;
    o.query = "colour:red";
    assert_int_equal(shr_map_save(cat, &o, path, &err), SHR_EQUERY);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fread(head, 1, 5, f), 5);
    fclose(f);
    assert_string_equal(head, "<?xml");
    unlink(path);
    rmdir(dir);
    assert_int_equal(shr_map_save(cat, NULL, "/nonexistent/dir/map.svg", &err), SHR_EIO);
    assert_int_equal(shr_map_save(NULL, NULL, path, &err), SHR_EINVAL);
    shr_catalog_free(cat);
}

/* The territory report's map: the department's outline, the territory's and its EPCI's
 * practices as points (own location, else the territory's), merged when at one place. */
static void test_report_map(void **state)
{
    (void)state;
    static const char *yaml =
        "sharitories: 1\n"
        "territories:\n"
        "  - {id: fr-reg-53, name: Bretagne, kind: region}\n"
        "  - {id: fr-dep-56, name: Morbihan, kind: department, parent: fr-reg-53}\n"
        "  - {id: epci, name: \"Lorient & <Agglo>\", kind: epci, parent: fr-dep-56}\n"
        "  - {id: lorient, name: Lorient, kind: commune, parent: fr-dep-56, groups: [epci],\n"
        "     population: 57000, location: [47.7483, -3.3700]}\n"
        "  - {id: lanester, name: Lanester, kind: commune, parent: fr-dep-56, groups: [epci],\n"
        "     location: [47.7616, -3.3394]}\n"
        "  - {id: nowhere, name: Nowhere, kind: commune, parent: fr-dep-56, groups: [epci]}\n"
        "practices:\n"
        "  - {id: a, name: \"Fab <&> \\\"Lab\\\"\", category: fablab, territories: [lorient]}\n"
        "  - {id: b, name: AMAP, category: amap, territories: [lorient]}\n"
        "  - {id: c, name: Own place, category: amap, territories: [lorient], location: [47.73, -3.36]}\n"
        "  - {id: d, name: Lanester café, category: repair_cafe, territories: [lanester]}\n"
        "  - {id: e, name: Unplaced, category: amap, territories: [nowhere]}\n"
        "  - {id: f, name: Far away, category: amap, territories: [lorient], location: [43.3, 5.4]}\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "r.yaml", yaml, strlen(yaml), &err), SHR_OK);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_int_equal(shr_report_write_file(cat, "lorient", NULL, f, &err), SHR_OK);
    fclose(f);
    const char *sec = strstr(buf, "<section id=\"map\"");
    assert_non_null(sec);
    assert_non_null(strstr(buf, "<li><a href=\"#map\">Carte</a></li>"));
    assert_int_equal(occurrences(sec, "<path id=\"map-department\""), 1);
    /* a and b at Lorient's point (one circle of 2), c at its own place, d at Lanester (EPCI) */
    assert_int_equal(occurrences(sec, "<circle class=\"own\""), 2);
    assert_int_equal(occurrences(sec, "<circle class=\"epci\""), 1);
    assert_non_null(strstr(sec, "data-count=\"2\"><title>2 pratiques\u00a0: Fab &lt;&amp;&gt; "
                                "&quot;Lab&quot;, AMAP</title>"));
    assert_non_null(strstr(sec, "<title>1 pratique\u00a0: Lanester café</title>"));
    assert_non_null(strstr(sec, "et celles de son EPCI, Lorient &amp; &lt;Agglo&gt; (2 pratiques)"));
    assert_non_null(strstr(sec, "Placées à leur propre adresse\u00a0: 1 pratique\u00a0; les autres"));
    assert_non_null(strstr(sec, "Non placées (aucune localisation connue)\u00a0: 1 pratique."));
    assert_non_null(strstr(sec, "Hors de la carte (dans un autre département)\u00a0: 1 pratique."));
    assert_non_null(strstr(sec, "pratiques du territoire (4)"));
    free(buf);
    /* a region has no department: no map */
    buf = NULL;
    f = open_memstream(&buf, &size);
    assert_int_equal(shr_report_write_file(cat, "fr-reg-53", NULL, f, &err), SHR_OK);
    fclose(f);
    assert_null(strstr(buf, "id=\"map\""));
    assert_null(strstr(buf, "href=\"#map\""));
    free(buf);
    shr_catalog_free(cat);
}

/* The bundled default catalog: every department known, with its population. */
static void test_default_catalog(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_default(cat, &err), SHR_OK);
    shr_map_options o = SHR_MAP_OPTIONS_INIT;
    o.query = "tag:cget-2019";
    int rc;
    char *svg = draw(cat, &o, &rc, &err);
    assert_non_null(svg);
    assert_int_equal(occurrences(svg, "<path "), 101);
    assert_int_equal(occurrences(svg, "data-class=\"-2\""), 0); /* every one has a population */
    assert_non_null(strstr(svg, "<title>Morbihan – "));
    assert_non_null(strstr(svg, "<title>La Réunion – "));
    free(svg);
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_save),
        cmocka_unit_test(test_report_map),
        cmocka_unit_test(test_default_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
