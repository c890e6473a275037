/*
 * Exports of query results (export.h): CSV (RFC 4180, one record per practice, fields as the
 * records say), JSON (valid, same values), GeoJSON (a FeatureCollection of Points, coordinates
 * in [longitude, latitude] order, flat properties), on generated and real data.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "analysis_util.h"
#include "numfmt.h"

#include <float.h>
#include <math.h>

typedef struct csv_ctx {
    const shr_result *r;
    size_t bad;
    size_t header_fields;
} csv_ctx;

static void csv_cell(void *ctx, size_t rec, size_t field, const char *text)
{
    csv_ctx *c = ctx;
    if (rec == 0) {
        c->header_fields = field + 1;
        return;
    }
    const shr_practice *p = shr_result_at(c->r, rec - 1);
    if (!p) {
        c->bad++;
        return;
    }
    switch (field) {
    case 0: c->bad += strcmp(text, shr_practice_id(p)) != 0; break;
    case 1: c->bad += strcmp(text, shr_practice_name(p)) != 0; break;
    case 2: c->bad += strcmp(text, shr_category_id(shr_practice_category(p))) != 0; break;
    case 8: { /* territories joined with ';' */
        char buf[4096] = "";
        for (size_t i = 0; i < shr_practice_territory_count(p); i++)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? ";" : "",
                     shr_territory_id(shr_practice_territory_at(p, i)));
        c->bad += strcmp(text, buf) != 0;
        break;
    }
    case 14: {
        double lat, lon;
        if (shr_practice_location(p, &lat, &lon))
            c->bad += strtod(text, NULL) != lat;
        else
            c->bad += *text != '\0';
        break;
    }
    case 16: {
        const char *d = shr_practice_description(p);
        c->bad += strcmp(text, d ? d : "") != 0;
        break;
    }
    default: break;
    }
}

static void check_csv(const shr_result *r)
{
    char *text;
    size_t len;
    int rc;
    shr_error err;
    CAPTURE(shr_result_write_csv_file(r, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    (void)len;
    static const char head[] = "id,name,category,family,status,started,ended,axes,territories,"
                               "territory_names,actors,tags,links,address,latitude,longitude,"
                               "description\n";
    assert_true(strncmp(text, head, strlen(head)) == 0);
    csv_ctx c = {r, 0, 0};
    assert_int_equal(csv_parse(text, csv_cell, &c), shr_result_count(r) + 1);
    assert_int_equal(c.header_fields, 17);
    assert_int_equal(c.bad, 0);
    free(text);
}

static void check_json(const shr_result *r)
{
    char *text;
    size_t len;
    int rc;
    shr_error err;
    CAPTURE(shr_result_write_json_file(r, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    jval *root = j_parse(text, len);
    assert_int_equal(root->type, J_ARRAY);
    assert_int_equal(root->n, shr_result_count(r));
    for (size_t i = 0; i < root->n; i++) {
        const shr_practice *p = shr_result_at(r, i);
        const jval *o = root->items[i];
        assert_string_equal(j_get(o, "id")->str, shr_practice_id(p));
        assert_string_equal(j_get(o, "name")->str, shr_practice_name(p));
        assert_int_equal(j_get(o, "territories")->n, shr_practice_territory_count(p));
        assert_int_equal(j_get(o, "actors")->n, shr_practice_actor_count(p));
        assert_int_equal(j_get(o, "tags")->n, shr_practice_tag_count(p));
        const jval *started = j_get(o, "started");
        if (shr_practice_started(p) == SHR_NO_YEAR)
            assert_int_equal(started->type, J_NULL);
        else
            assert_true(started->num == shr_practice_started(p));
        double lat, lon;
        if (shr_practice_location(p, &lat, &lon)) {
            assert_true(j_get(o, "latitude")->num == lat);
            assert_true(j_get(o, "longitude")->num == lon);
        }
        const char *d = shr_practice_description(p);
        if (d)
            assert_string_equal(j_get(o, "description")->str, d);
    }
    j_free(root);
    free(text);
}

static void check_geojson(const shr_result *r, unsigned flags)
{
    char *text;
    size_t len, written = 0;
    int rc;
    shr_error err;
    CAPTURE(shr_result_write_geojson_file(r, f, flags, &written, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    jval *root = j_parse(text, len);
    assert_string_equal(j_get(root, "type")->str, "FeatureCollection");
    const jval *features = j_get(root, "features");
    assert_int_equal(features->type, J_ARRAY);
    assert_int_equal(features->n, written);
    size_t k = 0;
    for (size_t i = 0; i < shr_result_count(r); i++) {
        const shr_practice *p = shr_result_at(r, i);
        double lat, lon;
        int has = shr_practice_location(p, &lat, &lon);
        if (!has && (flags & SHR_GEOJSON_TERRITORY_LOCATION))
            for (size_t t = 0; t < shr_practice_territory_count(p) && !has; t++)
                has = shr_territory_location(shr_practice_territory_at(p, t), &lat, &lon);
        if (!has)
            continue;
        assert_true(k < features->n);
        const jval *ft = features->items[k++];
        assert_string_equal(j_get(ft, "type")->str, "Feature");
        assert_string_equal(j_get(ft, "id")->str, shr_practice_id(p));
        const jval *g = j_get(ft, "geometry");
        assert_string_equal(j_get(g, "type")->str, "Point");
        const jval *c = j_get(g, "coordinates");
        assert_int_equal(c->n, 2);
        /* RFC 7946: longitude first. */
        assert_true(c->items[0]->num == lon);
        assert_true(c->items[1]->num == lat);
        assert_true(c->items[0]->num >= -180 && c->items[0]->num <= 180);
        assert_true(c->items[1]->num >= -90 && c->items[1]->num <= 90);
        const jval *props = j_get(ft, "properties");
        assert_int_equal(props->type, J_OBJECT);
        assert_string_equal(j_get(props, "name")->str, shr_practice_name(p));
        /* flat properties only (QGIS, uMap) */
        for (size_t j = 0; j < props->n; j++)
            assert_true(props->items[j]->type != J_ARRAY && props->items[j]->type != J_OBJECT);
    }
    assert_int_equal(k, features->n);
    j_free(root);
    free(text);
}

static void run_all(const shr_catalog *cat, const char *expr)
{
    shr_result *r = NULL;
    shr_error err;
    if (shr_catalog_select(cat, expr, &r, &err) != SHR_OK)
        fail_msg("select %s: %s", expr, err.message);
    check_csv(r);
    check_json(r);
    check_geojson(r, 0);
    check_geojson(r, SHR_GEOJSON_TERRITORY_LOCATION);
    shr_result_free(r);
}

static void test_generated(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(3, 200);
    run_all(cat, "");
    run_all(cat, "in:g-dep-2");
    run_all(cat, "status:ended status:active"); /* empty */
    shr_catalog_free(cat);
}

static void test_hostile_text(void **state)
{
    (void)state;
    static const char yaml[] =
        "sharitories: 1\n"
        "territories:\n"
        "  - {id: t, name: \"Ville\", kind: commune, location: [45.5, 4.25]}\n"
        "practices:\n"
        "  - id: p1\n"
        "    name: \"Quote \\\" comma , new\\nline\\ttab \\u0001 \\u2028 é\"\n"
        "    category: fablab\n"
        "    territories: [t]\n"
        "    description: \" leading space and \\\\ backslash \"\n"
        "    location: [-33.5, 151.25]\n"
        "  - id: p2\n"
        "    name: \"Sans lieu\"\n"
        "    category: amap\n"
        "    territories: [t]\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "h.yaml", yaml, strlen(yaml), &err), SHR_OK);
    run_all(cat, "");
    shr_result *r = NULL;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);
    char *text;
    size_t len, written;
    int rc;
    CAPTURE(shr_result_write_geojson_file(r, f, 0, &written, &err), text, len, rc);
    assert_int_equal(written, 1);
    assert_non_null(strstr(text, "\"coordinates\": [151.25, -33.5]"));
    free(text);
    CAPTURE(shr_result_write_geojson_file(r, f, SHR_GEOJSON_TERRITORY_LOCATION, &written, &err), text,
            len, rc);
    assert_int_equal(written, 2);
    assert_non_null(strstr(text, "\"coordinates\": [4.25, 45.5]"));
    assert_non_null(strstr(text, "\"location_source\": \"territory\""));
    free(text);
    (void)len;
    (void)rc;
    shr_result_free(r);
    shr_catalog_free(cat);
}

static void test_real(void **state)
{
    (void)state;
    shr_catalog *cat = load_real();
    run_all(cat, "in:fr-reg-53");
    run_all(cat, "-tag:cget-2019");
    shr_result *r = NULL;
    shr_error err;
    assert_int_equal(shr_catalog_select(cat, "id:cget-tl-1", &r, &err), SHR_OK);
    char *text;
    size_t len, written;
    int rc;
    CAPTURE(shr_result_write_geojson_file(r, f, 0, &written, &err), text, len, rc);
    (void)len;
    (void)rc;
    /* ADE Coworking, Nantes: location [47.245935, -1.505602] in the catalog. */
    assert_non_null(strstr(text, "\"coordinates\": [-1.505602, 47.245935]"));
    free(text);
    shr_result_free(r);
    shr_catalog_free(cat);
}

/* A stream in error is reported as SHR_EIO. */
static void test_write_error(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(2, 30);
    shr_result *r = NULL;
    shr_error err;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);
    FILE *f = fopen("/dev/full", "w");
    if (f) {
        setvbuf(f, NULL, _IONBF, 0);
        assert_int_equal(shr_result_write_json_file(r, f, &err), SHR_EIO);
        fclose(f);
    }
    assert_int_equal(shr_result_write_csv_file(NULL, stdout, &err), SHR_EINVAL);
    shr_result_free(r);
    shr_catalog_free(cat);
}

/* A shr_writer that keeps what it is given, and fails once it holds more than limit bytes. */
typedef struct {
    char *data;
    size_t len, limit;
    unsigned calls, calls_after_error;
    int failed;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    s->calls++;
    if (s->failed)
        s->calls_after_error++;
    assert_true(len > 0);
    if (s->len + len > s->limit) {
        s->failed = 1;
        return -1000; /* a code of the caller's own */
    }
    s->data = realloc(s->data, s->len + len + 1);
    assert_non_null(s->data);
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
    return SHR_OK;
}

/* writer.h: a writer gets exactly the bytes of the _file form; its error stops the output and
 * is returned; a NULL writer is SHR_EINVAL. */
static void test_writer_callback(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(3, 200);
    shr_result *r = NULL;
    shr_error err;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);
    char *text;
    size_t len;
    int rc;
    CAPTURE(shr_result_write_json_file(r, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    assert_true(len > 20000); /* several chunks */
    sink s = {NULL, 0, (size_t)-1, 0, 0, 0};
    shr_writer w = {sink_write, &s};
    assert_int_equal(shr_result_write_json(r, &w, &err), SHR_OK);
    assert_int_equal(s.len, len);
    assert_memory_equal(s.data, text, len);
    assert_true(s.calls > 1);
    free(s.data);
    free(text);

    sink bad = {NULL, 0, 1000, 0, 0, 0};
    shr_writer wb = {sink_write, &bad};
    assert_int_equal(shr_result_write_csv(r, &wb, &err), -1000);
    assert_int_equal(err.code, -1000);
    assert_true(bad.failed);
    assert_int_equal(bad.calls_after_error, 0);
    assert_true(bad.len <= 1000);
    free(bad.data);

    shr_writer none = {NULL, NULL};
    assert_int_equal(shr_result_write_csv(r, &none, &err), SHR_EINVAL);
    assert_int_equal(shr_result_write_csv(r, NULL, &err), SHR_EINVAL);
    shr_result_free(r);
    shr_catalog_free(cat);
}

/* CSV injection (OWASP): text cells that would be live formulas in a spreadsheet are written
 * with a single quote in front; numbers and coordinates keep their sign; SHR_CSV_RAW writes
 * text as it is; shr_csv_read_text() gives the original back. */
static void test_csv_injection(void **state)
{
    (void)state;
    char *text;
    size_t len;
    int rc = 0;
    /* the writer alone */
    struct { const char *in, *out, *raw; } cells[] = {
        {"=1+1", "'=1+1", "=1+1"},
        {"+33 1 23", "'+33 1 23", "+33 1 23"},
        {"-x", "'-x", "-x"},
        {"@SUM(A1:A2)", "'@SUM(A1:A2)", "@SUM(A1:A2)"},
        {"\tx", "'\tx", "\tx"},
        {"\rx", "\"'\rx\"", "\"\rx\""},
        {"=HYPERLINK(\"http://evil.example\",\"click\")",
         "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"",
         "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""},
        {"'=x", "''=x", "'=x"}, /* already looks neutralised: one more quote, read back exactly */
        {"a=b", "a=b", "a=b"},
        {"", "", ""},
        {"'quoted'", "'quoted'", "'quoted'"},
    };
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        CAPTURE((shr_csv_write_text(f, cells[i].in, 0), 0), text, len, rc);
        if (strcmp(text, cells[i].out))
            fail_msg("cell %zu: got [%s], expected [%s]", i, text, cells[i].out);
        free(text);
        CAPTURE((shr_csv_write_text(f, cells[i].in, SHR_CSV_RAW), 0), text, len, rc);
        assert_string_equal(text, cells[i].raw);
        free(text);
        /* reading back (the cell without its CSV quoting) gives the original text */
        if (!strchr(cells[i].in, '"') && !strchr(cells[i].in, '\r')) {
            assert_string_equal(shr_csv_read_text(cells[i].out), cells[i].in);
        }
    }
    assert_string_equal(shr_csv_read_text("'=1+1"), "=1+1");
    assert_string_equal(shr_csv_read_text("'quoted'"), "'quoted'");
    assert_null(shr_csv_read_text(NULL));
    CAPTURE((shr_csv_write_number(f, "-1.5"), 0), text, len, rc);
    assert_string_equal(text, "-1.5");
    free(text);

    /* a whole export */
    static const char yaml[] =
        "sharitories: 1\n"
        "territories:\n"
        "  - {id: t, name: \"=1+1\", kind: commune}\n"
        "practices:\n"
        "  - id: p1\n"
        "    name: '=HYPERLINK(\"http://evil.example\",\"click\")'\n"
        "    category: fablab\n"
        "    territories: [t]\n"
        "    description: \"@SUM(1+1)\"\n"
        "    location: [-33.5, -151.25]\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "h.yaml", yaml, strlen(yaml), &err), SHR_OK);
    shr_result *r = NULL;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);
    CAPTURE(shr_result_write_csv_file(r, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    assert_non_null(strstr(text, "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""));
    assert_non_null(strstr(text, ",'=1+1,")); /* territory_names */
    assert_non_null(strstr(text, ",-33.5,-151.25,'@SUM(1+1)\n"));
    assert_null(strstr(text, ",=1+1"));
    free(text);
    assert_int_equal(shr_catalog_csv_flags(cat), 0);
    shr_catalog_set_csv_flags(cat, SHR_CSV_RAW);
    assert_int_equal(shr_catalog_csv_flags(cat), SHR_CSV_RAW);
    CAPTURE(shr_result_write_csv_file(r, f, &err), text, len, rc);
    assert_non_null(strstr(text, ",=1+1,"));
    assert_non_null(strstr(text, ",@SUM(1+1)\n"));
    free(text);
    assert_int_equal(shr_catalog_csv_flags(NULL), 0);
    shr_catalog_set_csv_flags(NULL, SHR_CSV_RAW);
    shr_result_free(r);
    shr_catalog_free(cat);
}

/* SQL (shr_result_write_sql): literals with quotes doubled and backslashes as they are, the
 * schema as a quoted identifier, bad schema names refused before anything is written. The
 * round trip through a real server is tests/postgis/run.sh. */
static void test_sql(void **state)
{
    (void)state;
    static const char yaml[] =
        "sharitories: 1\n"
        "territories:\n"
        "  - {id: t, name: \"L'Haÿ \\\\ x\", kind: commune, location: [45.5, 4.25]}\n"
        "practices:\n"
        "  - id: p1\n"
        "    name: \"O'Brien \\\" \\\\n\"\n"
        "    category: fablab\n"
        "    territories: [t]\n"
        "    location: [-33.5, 151.25]\n";
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_int_equal(shr_catalog_load_buffer(cat, "s.yaml", yaml, strlen(yaml), &err), SHR_OK);
    shr_result *r = NULL;
    assert_int_equal(shr_catalog_select(cat, "", &r, &err), SHR_OK);
    char *text;
    size_t len;
    int rc;
    CAPTURE(shr_result_write_sql_file(r, f, "a\"b", 0, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    assert_non_null(strstr(text, "SET standard_conforming_strings = on;\nBEGIN;\n"));
    assert_non_null(strstr(text, "CREATE SCHEMA \"a\"\"b\";\n"));
    assert_non_null(strstr(text, "('p1','O''Brien \" \\n','fablab',"));
    assert_non_null(strstr(text, "('t','L''Haÿ \\ x','commune',NULL,NULL,NULL,"
                                 "'SRID=4326;POINT(4.25 45.5)')"));
    assert_non_null(strstr(text, "'SRID=4326;POINT(151.25 -33.5)')"));
    assert_non_null(strstr(text, "USING gist (geom)"));
    assert_non_null(strstr(text, "COMMENT ON COLUMN \"a\"\"b\".practices.geom IS "));
    assert_true(len > 8 && strcmp(text + len - 8, "COMMIT;\n") == 0);
    free(text);
    CAPTURE(shr_result_write_sql_file(r, f, NULL, 0, &err), text, len, rc);
    assert_non_null(strstr(text, "CREATE SCHEMA \"sharitories\";"));
    free(text);

    /* Refused schema names: empty, too long, control character, invalid UTF-8. */
    char longname[SHR_SQL_SCHEMA_MAX + 2];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    const char *bad[] = {"", longname, "tab\there", "bad\xC3("};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CAPTURE(shr_result_write_sql_file(r, f, bad[i], 0, &err), text, len, rc);
        assert_int_equal(rc, SHR_EINVAL);
        assert_int_equal(len, 0);
        free(text);
    }
    longname[SHR_SQL_SCHEMA_MAX] = '\0'; /* 63 bytes: accepted */
    CAPTURE(shr_result_write_sql_file(r, f, longname, 0, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    free(text);
    assert_int_equal(shr_result_write_sql_file(NULL, stdout, NULL, 0, &err), SHR_EINVAL);
    shr_result_free(r);
    shr_catalog_free(cat);
}

/* The SQL export of a query on the real catalog keeps the territories containing its practices
 * (Bretagne's practices bring fr-reg-53 and fr), and every territory with the flag. */
static void test_sql_real(void **state)
{
    (void)state;
    shr_catalog *cat = load_real();
    shr_result *r = NULL;
    shr_error err;
    assert_int_equal(shr_catalog_select(cat, "in:fr-dep-56", &r, &err), SHR_OK);
    char *text;
    size_t len;
    int rc;
    CAPTURE(shr_result_write_sql_file(r, f, NULL, 0, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    assert_non_null(strstr(text, "('fr-reg-53','Bretagne','region',"));
    assert_non_null(strstr(text, "('fr-dep-56',"));
    assert_null(strstr(text, "('fr-reg-11',"));
    free(text);
    CAPTURE(shr_result_write_sql_file(r, f, NULL, SHR_SQL_ALL_TERRITORIES, &err), text, len, rc);
    assert_non_null(strstr(text, "('fr-reg-11','Île-de-France','region',"));
    free(text);
    shr_result_free(r);
    shr_catalog_free(cat);
}

/* The one shortest round-trip formatter (numfmt.h) of the exports, the analyses and the
 * saver: each value reads back exactly, and one digit fewer would not. */
static void test_shortest_number(void **state)
{
    (void)state;
    const double values[] = {0.1, 1.0 / 3, -2.5, 1e-7, 5e-324, DBL_MAX, 123456.789, 47.7483,
                             -3.3667, 1e21, 0.30000000000000004, 100, 2e-5};
    char buf[48], fewer[400];
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        double v = values[i];
        shr__fmt_shortest(v, buf, sizeof buf);
        assert_true(strtod(buf, NULL) == v);
        int digits = 0, seen = 0; /* significant: from the first to the last that is not 0 */
        for (const char *p = buf; *p && *p != 'e'; p++)
            if (*p >= '0' && *p <= '9') {
                seen += seen || *p != '0';
                if (*p != '0')
                    digits = seen;
            }
        if (digits > 1) {
            snprintf(fewer, sizeof fewer, "%.*g", digits - 1, v);
            assert_true(strtod(fewer, NULL) != v);
        }
    }
    assert_string_equal(shr__fmt_shortest(0.1, buf, sizeof buf), "0.1");
    assert_string_equal(shr__fmt_shortest(-2.5, buf, sizeof buf), "-2.5");
    assert_string_equal(shr__fmt_shortest(NAN, buf, sizeof buf), "");
    assert_string_equal(shr__fmt_shortest(INFINITY, buf, sizeof buf), "");
    assert_string_equal(shr__fmt_fixed(0.12345, 4, buf, sizeof buf), "0.1235");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_hostile_text),
        cmocka_unit_test(test_csv_injection),
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_writer_callback),
        cmocka_unit_test(test_sql),
        cmocka_unit_test(test_sql_real),
        cmocka_unit_test(test_shortest_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
