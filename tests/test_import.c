/*
 * Spreadsheet import (import.h): the real CGET tiers-lieux file against the bundled territories
 * (without outlines: 1,457 rows resolved, all in data/tiers-lieux-cget-2019.yaml; with the real
 * outlines of three departments; pinned samples), split, actors, tags, outlines, every
 * resolution method and its refusals on a small catalog, CSV syntax
 * (quotes, doubled quotes, CRLF, embedded line breaks, BOM, blank lines), hostile input
 * (encoding, missing columns, broken quotes) and mapping errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <unistd.h>

#include "analysis_util.h"

/* ------------------------------------------------------------------ helpers */

static shr_catalog *load_territories(void)
{
    char path[1024];
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    bundled_path("fr-territories-2026.yaml", path, sizeof path);
    if (shr_catalog_load(cat, path, &err) != SHR_OK)
        fail_msg("%s: %s", path, err.message);
    return cat;
}

static shr_import_mapping *mapping(const shr_catalog *cat, const char *yaml)
{
    shr_import_mapping *map = NULL;
    shr_error err;
    if (shr_import_mapping_load_buffer(cat, "m.yaml", yaml, strlen(yaml), &map, &err) != SHR_OK)
        fail_msg("mapping: %u:%u: %s", err.line, err.column, err.message);
    return map;
}

static shr_import *import_text(const shr_catalog *cat, const shr_import_mapping *map,
                               const char *csv)
{
    shr_import *imp = NULL;
    shr_error err;
    if (shr_import_csv_buffer(cat, map, "t.csv", csv, strlen(csv), &imp, &err) != SHR_OK)
        fail_msg("import: %u:%u: %s", err.line, err.column, err.message);
    return imp;
}

static size_t row_of(const shr_import *imp, const char *id)
{
    for (size_t i = 0; i < shr_import_row_count(imp); i++)
        if (shr_import_row_id(imp, i) && strcmp(shr_import_row_id(imp, i), id) == 0)
            return i;
    fail_msg("no row %s", id);
    return SHR_NONE;
}

static const char *territory_of(const shr_import *imp, const char *id)
{
    const shr_territory *t = shr_import_row_territory(imp, row_of(imp, id));
    return t ? shr_territory_id(t) : NULL;
}

/* ------------------------------------------------------------------ the real CGET file */

static void test_cget(void **state)
{
    (void)state;
    char csv[1024], map_path[1024], out[1024];
    shr_catalog *cat = load_territories();
    shr_import_mapping *map = NULL;
    shr_import *imp = NULL;
    shr_error err;
    source_path("examples/import/cget-tiers-lieux-2019.mapping.yaml", map_path, sizeof map_path);
    test_data_path("cget-tiers-lieux-2019/tiers-lieux.csv", csv, sizeof csv);
    if (shr_import_mapping_load(cat, map_path, &map, &err) != SHR_OK)
        fail_msg("%s:%u: %s", map_path, err.line, err.message);
    if (shr_import_csv(cat, map, csv, &imp, &err) != SHR_OK)
        fail_msg("%s:%u: %s", csv, err.line, err.message);

    /* The counts of data/README.md, but the outline method (no outlines given here; see
     * test_cget_outlines). */
    assert_int_equal(shr_import_row_count(imp), 1512);
    assert_int_equal(shr_import_resolved_count(imp), 1457);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_REJECTED), 55);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_CODE), 1049);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_FORMER), 3);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_DISTRICT), 303);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_POSTAL_NAME), 90);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_DEPARTMENT_NAME), 12);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_OUTLINE), 0);

    /* Pinned by hand against the CSV and the territories file. */
    size_t i = row_of(imp, "cget-tl-1"); /* ADE Coworking, INSEECOM 44109 (Nantes) */
    assert_string_equal(territory_of(imp, "cget-tl-1"), "fr-com-44109");
    assert_int_equal(shr_import_row_method(imp, i), SHR_IMPORT_CODE);
    assert_int_equal(shr_import_row_line(imp, i), 2);
    assert_string_equal(shr_import_row_name(imp, i), "ADE Coworking");
    assert_string_equal(shr_import_row_link(imp, i), "https://www.ade-coworking.net");
    assert_string_equal(shr_category_id(shr_import_row_category(imp, i)), "coworking");
    double lat, lon;
    assert_true(shr_import_row_location(imp, i, &lat, &lon));
    assert_true(lat == 47.245935 && lon == -1.505602);
    /* Anticafé, 75110: Paris 10e arrondissement, a district. */
    assert_string_equal(territory_of(imp, "cget-tl-2"), "fr-com-75110");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "cget-tl-2")), SHR_IMPORT_DISTRICT);
    /* La Mezz, Pierre-Bénite 69152: merged into Oullins-Pierre-Bénite (69149) since 2024. */
    assert_string_equal(territory_of(imp, "cget-tl-351"), "fr-com-69149");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "cget-tl-351")), SHR_IMPORT_FORMER);
    /* Le Mille, no INSEE code, 19200 Ussel: postal code and name. */
    assert_string_equal(territory_of(imp, "cget-tl-35"), "fr-com-19275");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "cget-tl-35")),
                     SHR_IMPORT_POSTAL_NAME);
    /* Le Quai, Montignac-Charente 16226: a former code. */
    assert_string_equal(territory_of(imp, "cget-tl-826"), "fr-com-16393");
    /* Formalab, 43000 "Puy-en-Velay": Le Puy-en-Velay, the name without its article. */
    assert_string_equal(territory_of(imp, "cget-tl-1174"), "fr-com-43157");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "cget-tl-1174")),
                     SHR_IMPORT_POSTAL_NAME);
    /* CoWorking Moulins, no code, no postal code, INSEEDEP 03: department and name. */
    i = row_of(imp, "cget-tl-26");
    assert_int_equal(shr_import_row_line(imp, i), 27);
    assert_string_equal(territory_of(imp, "cget-tl-26"), "fr-com-03190");
    assert_int_equal(shr_import_row_method(imp, i), SHR_IMPORT_DEPARTMENT_NAME);
    /* PEPITE, 86073 (a CEDEX code), Poitiers in department 86. */
    assert_string_equal(territory_of(imp, "cget-tl-266"), "fr-com-86194");
    /* Left out, with their reasons. */
    i = row_of(imp, "cget-tl-1464");
    assert_int_equal(shr_import_row_method(imp, i), SHR_IMPORT_REJECTED);
    assert_string_equal(shr_import_row_reason(imp, i), "no INSEE code; no postal code");
    assert_null(shr_import_row_territory(imp, i));
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "cget-tl-439")),
                        "no INSEE code; no commune with postal code 39400 named Morez; "
                        "no commune of department 39 named Morez");
    /* The six links that are not URLs (IDs 12, 240, 313, 490, 1015, 1414), nothing else. */
    static const unsigned dropped[] = {13, 241, 314, 491, 1016, 1415};
    size_t nlinks = 0;
    for (size_t w = 0; w < shr_import_warning_count(imp); w++) {
        if (!strstr(shr_import_warning_text(imp, w), "link"))
            continue;
        assert_true(nlinks < 6);
        assert_int_equal(shr_import_warning_line(imp, w), dropped[nlinks++]);
    }
    assert_int_equal(nlinks, 6);

    /* The rows the bundled file leaves out (built with outlines too) are left out here, and
     * their reason there begins with the reason here. */
    char unresolved_path[1024];
    bundled_path("tiers-lieux-cget-2019.unresolved.csv", unresolved_path, sizeof unresolved_path);
    FILE *uf = fopen(unresolved_path, "r");
    assert_non_null(uf);
    char line[2048];
    size_t nunres = 0;
    assert_non_null(fgets(line, sizeof line, uf));
    assert_string_equal(line, "line,id,name,reason\n");
    while (fgets(line, sizeof line, uf)) {
        char id[64];
        assert_int_equal(sscanf(line, "%*u,%63[^,]", id), 1);
        size_t r = row_of(imp, id);
        assert_int_equal(shr_import_row_method(imp, r), SHR_IMPORT_REJECTED);
        assert_non_null(strstr(line, shr_import_row_reason(imp, r)));
        nunres++;
    }
    fclose(uf);
    assert_int_equal(nunres, 9);

    /* Written, it loads with the territories and equals the bundled file, field by field. */
    const char *tmpdir = getenv("TMPDIR");
    snprintf(out, sizeof out, "%s/test-import-cget-%ld.yaml", tmpdir && *tmpdir ? tmpdir : "/tmp",
             (long)getpid());
    /* An imported catalog gets the mode of any new file (0666 less the umask), not mkstemp's
     * 0600, and a replaced one keeps its mode: the rule of atomic_file.h, as for a save. */
    mode_t old_mask = umask(022);
    unlink(out);
    assert_int_equal(shr_import_save(imp, out, &err), SHR_OK);
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    assert_int_equal(chmod(out, 0640), 0);
    assert_int_equal(shr_import_save(imp, out, &err), SHR_OK);
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    umask(old_mask);
    char terr_path[1024], bundled[1024];
    bundled_path("fr-territories-2026.yaml", terr_path, sizeof terr_path);
    bundled_path("tiers-lieux-cget-2019.yaml", bundled, sizeof bundled);
    const char *fa[] = {terr_path, out}, *fb[] = {terr_path, bundled};
    shr_catalog *a = shr_catalog_new(NULL), *b = shr_catalog_new(NULL);
    if (shr_catalog_load_files(a, fa, 2, &err) != SHR_OK)
        fail_msg("reload: %s:%u: %s", err.file, err.line, err.message);
    assert_int_equal(shr_catalog_load_files(b, fb, 2, &err), SHR_OK);
    assert_int_equal(shr_catalog_practice_count(a), 1457);
    assert_int_equal(shr_catalog_practice_count(b), 1503);
    for (size_t k = 0; k < 1457; k++) {
        const shr_practice *p = shr_catalog_practice_at(a, k);
        const shr_practice *q = shr_catalog_practice(b, shr_practice_id(p));
        assert_non_null(q);
        assert_string_equal(shr_practice_name(p), shr_practice_name(q));
        assert_string_equal(shr_category_id(shr_practice_category(p)),
                            shr_category_id(shr_practice_category(q)));
        assert_int_equal(shr_practice_territory_count(p), 1);
        assert_string_equal(shr_territory_id(shr_practice_territory_at(p, 0)),
                            shr_territory_id(shr_practice_territory_at(q, 0)));
        assert_int_equal(shr_practice_link_count(p), shr_practice_link_count(q));
        if (shr_practice_link_count(p))
            assert_string_equal(shr_practice_link_at(p, 0), shr_practice_link_at(q, 0));
        assert_int_equal(shr_practice_tag_count(p), 1);
        assert_string_equal(shr_practice_tag_at(p, 0), "cget-2019");
        const char *ap = shr_practice_address(p), *aq = shr_practice_address(q);
        assert_true((ap == NULL) == (aq == NULL));
        if (ap)
            assert_string_equal(ap, aq);
        double la1 = 0, lo1 = 0, la2 = 0, lo2 = 0;
        assert_int_equal(shr_practice_location(p, &la1, &lo1), shr_practice_location(q, &la2, &lo2));
        assert_true(la1 == la2 && lo1 == lo2);
    }
    shr_catalog_free(a);
    shr_catalog_free(b);
    unlink(out);

    /* The rejected rows as CSV: a header and 55 lines. */
    char *text;
    size_t len;
    int rc;
    CAPTURE(shr_import_write_rejected_csv_file(imp, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    (void)len;
    assert_int_equal(csv_parse(text, NULL, NULL), 56);
    free(text);
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ a small catalog */

static const char small_catalog[] =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: fr, name: France, kind: country}\n"
    "  - {id: d-69, name: Rhône, kind: department, code: \"69\", parent: fr}\n"
    "  - {id: d-75, name: Paris, kind: department, code: \"75\", parent: fr}\n"
    "  - {id: d-2a, name: Corse-du-Sud, kind: department, code: \"2A\", parent: fr}\n"
    "  - {id: c-69123, name: Lyon, kind: commune, code: \"69123\", parent: d-69,"
    " postal_codes: [\"69001\", \"69003\"]}\n"
    "  - {id: c-69381, name: \"Lyon 1er Arrondissement\", kind: district, code: \"69381\","
    " parent: c-69123}\n"
    "  - {id: c-69149, name: \"Oullins-Pierre-Bénite\", kind: commune, code: \"69149\","
    " former_codes: [\"69152\", \"69999\"], postal_codes: [\"69600\"], parent: d-69}\n"
    "  - {id: c-69200, name: Autre, kind: commune, code: \"69200\", former_codes: [\"69999\"],"
    " parent: d-69}\n"
    "  - {id: c-69204, name: \"Saint-Genis-Laval\", kind: commune, code: \"69204\","
    " postal_codes: [\"69230\"], parent: d-69}\n"
    "  - {id: c-69300, name: Villeneuve, kind: commune, code: \"69300\","
    " postal_codes: [\"69500\"], parent: d-69}\n"
    "  - {id: c-69301, name: Villeneuve, kind: commune, code: \"69301\","
    " postal_codes: [\"69500\"], parent: d-69}\n"
    "  - {id: c-69010, name: \"L'Arbresle\", kind: commune, code: \"69010\","
    " postal_codes: [\"69210\"], parent: d-69}\n"
    "  - {id: c-2a004, name: Ajaccio, kind: commune, code: \"2A004\", postal_codes: [\"20000\"],"
    " parent: d-2a}\n"
    "  - {id: c-75056, name: Paris, kind: commune, code: \"75056\", parent: d-75}\n"
    "  - {id: c-75101, name: \"Paris 1er\", kind: district, code: \"75101\", parent: c-75056}\n";

static shr_catalog *load_small(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    if (shr_catalog_load_buffer(cat, "small.yaml", small_catalog, strlen(small_catalog), &err))
        fail_msg("small catalog: %u: %s", err.line, err.message);
    return cat;
}

static const char map_small[] =
    "sharitories_import: 1\n"
    "columns:\n"
    "  id: ID\n"
    "  name: NAME\n"
    "  category: TYPE\n"
    "  commune_code: CODE\n"
    "  postal_code: CP\n"
    "  commune_name: [COMMUNE, COMMUNE2]\n"
    "  latitude: LAT\n"
    "  longitude: LON\n"
    "  link: WEB\n"
    "  started: YEAR\n"
    "  description: DESC\n"
    "  department: ~\n"
    "categories:\n"
    "  cw: coworking\n"
    "  fl: fablab\n"
    "  \"\": third_place\n"
    "constants:\n"
    "  id_prefix: \"t-\"\n"
    "  tags: [import-test, deux]\n"
    "  status: planned\n"
    "meta: {title: \"Test\", licence: \"Licence Ouverte\"}\n";

static const char csv_small[] =
    "ID,NAME,TYPE,CODE,CP,COMMUNE,COMMUNE2,LAT,LON,WEB,YEAR,DEP,DESC\n"
    "1,Code,cw,69123,,,,45.76,4.83,www.a.fr,2016,,Un lieu\n"
    "2,Former,fl,69152,,,,,,,,,\n"
    "3,District,,69381,,,,,,,,,\n"
    "4,Postal,cw,0,69230,St Genis Laval,,,,http://x.org/a b,,,\n"
    "5,Ambiguous,cw,,69500,Villeneuve,,,,,,,\n"
    "6,Shared former,cw,69999,,,,,,,,,\n"
    "7,Department,cw,,,l arbresle,,,,,,69,\n"
    "8,Unknown code,cw,12345,,,,,,,,,\n"
    "9,Missing district,cw,75102,,,,,,,,,\n"
    "10,Bad category,zz,69123,,,,,,,,,\n"
    "1,Duplicate,cw,69123,,,,,,,,,\n"
    "11,,cw,69123,,,,,,,,,\n"
    "12,Bad location,cw,69123,,,,91,4,pas un lien,20x6,,\n"
    "Bad Id,Bad id,cw,69123,,,,,,,,,\n"
    "13,Too few cells,cw\n"
    "14,Second name,cw,,69600,Nowhere,Oullins Pierre Benite,,,,,,\n"
    "15,Corsica,cw,,,AJACCIO,,,,,,2a,\n";

static void test_resolution(void **state)
{
    (void)state;
    shr_catalog *cat = load_small();
    shr_import_mapping *map = mapping(cat, map_small);
    shr_import *imp = import_text(cat, map, csv_small);
    assert_int_equal(shr_import_row_count(imp), 17);
    assert_string_equal(territory_of(imp, "t-1"), "c-69123");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "t-1")), SHR_IMPORT_CODE);
    assert_string_equal(shr_import_row_link(imp, row_of(imp, "t-1")), "https://www.a.fr");
    assert_string_equal(territory_of(imp, "t-2"), "c-69149");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "t-2")), SHR_IMPORT_FORMER);
    assert_string_equal(territory_of(imp, "t-3"), "c-69381");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "t-3")), SHR_IMPORT_DISTRICT);
    assert_string_equal(shr_category_id(shr_import_row_category(imp, row_of(imp, "t-3"))),
                        "third_place");
    /* "St Genis Laval" is "Saint-Genis-Laval" */
    assert_string_equal(territory_of(imp, "t-4"), "c-69204");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "t-4")), SHR_IMPORT_POSTAL_NAME);
    assert_null(shr_import_row_link(imp, row_of(imp, "t-4"))); /* holds a space: dropped */
    /* ambiguous: never guessed */
    assert_null(territory_of(imp, "t-5"));
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "t-5")),
                        "no INSEE code; several communes match postal code 69500 and name: "
                        "c-69300 c-69301");
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "t-6")),
                        "former code 69999 shared by c-69149 c-69200; no postal code");
    /* department not mapped: the name alone does not resolve */
    assert_null(territory_of(imp, "t-7"));
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "t-8")),
                        "INSEE code 12345 unknown; no postal code");
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "t-9")),
                        "arrondissement code 75102 not a district of the catalog; no postal code");
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "t-10")),
                        "category value 'zz' is not in the mapping");
    /* the second t-1 */
    assert_int_equal(shr_import_row_method(imp, 10), SHR_IMPORT_REJECTED);
    assert_string_equal(shr_import_row_reason(imp, 10), "duplicate id 't-1' (line 2)");
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "t-11")), "no name");
    size_t r12 = row_of(imp, "t-12");
    assert_string_equal(territory_of(imp, "t-12"), "c-69123");
    assert_false(shr_import_row_location(imp, r12, NULL, NULL));
    assert_non_null(strstr(shr_import_row_reason(imp, 13), "invalid id"));
    assert_string_equal(shr_import_row_reason(imp, 14), "3 cells, the header has 13");
    assert_int_equal(shr_import_row_line(imp, 14), 16);
    /* a second name column may match */
    assert_string_equal(territory_of(imp, "t-14"), "c-69149");
    /* warnings: t-4's link, t-12's location, link and year */
    size_t nw = shr_import_warning_count(imp);
    assert_int_equal(nw, 4);
    assert_int_equal(shr_import_warning_line(imp, 0), 5);
    for (size_t w = 1; w < 4; w++)
        assert_int_equal(shr_import_warning_line(imp, w), 14);
    assert_int_equal(shr_import_resolved_count(imp), 6);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_REJECTED), 11);

    /* The output loads back with the catalog, with constants, year, description. */
    char *text;
    size_t len;
    int rc;
    shr_error err;
    CAPTURE(shr_import_write_yaml_file(imp, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    assert_int_equal(shr_catalog_load_buffer(cat, "out.yaml", text, len, &err), SHR_OK);
    free(text);
    assert_int_equal(shr_catalog_practice_count(cat), 6);
    const shr_practice *p = shr_catalog_practice(cat, "t-1");
    assert_non_null(p);
    assert_int_equal(shr_practice_status(p), SHR_STATUS_PLANNED);
    assert_int_equal(shr_practice_started(p), 2016);
    assert_string_equal(shr_practice_description(p), "Un lieu");
    assert_int_equal(shr_practice_tag_count(p), 2);
    assert_string_equal(shr_practice_tag_at(p, 1), "deux");
    double lat, lon;
    assert_true(shr_practice_location(p, &lat, &lon));
    assert_true(lat == 45.76 && lon == 4.83);
    assert_string_equal(shr_catalog_file_meta(cat, 1, "title"), "Test");
    shr_import_free(imp);
    shr_import_mapping_free(map);

    /* With the department mapped, t-7 and t-15 resolve by name within their department
     * ("2a" is "2A"). */
    char map2[2048];
    const char *tilde = strstr(map_small, "department: ~");
    snprintf(map2, sizeof map2, "%.*sdepartment: DEP%s", (int)(tilde - map_small), map_small,
             tilde + strlen("department: ~"));
    shr_catalog *cat2 = load_small();
    map = mapping(cat2, map2);
    imp = import_text(cat2, map, csv_small);
    assert_string_equal(territory_of(imp, "t-7"), "c-69010");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "t-7")), SHR_IMPORT_DEPARTMENT_NAME);
    assert_string_equal(territory_of(imp, "t-15"), "c-2a004");
    assert_null(territory_of(imp, "t-5")); /* still ambiguous */
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat2);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ split, actors, tags, EPCI */

static const char features_catalog[] =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: fr, name: France, kind: country}\n"
    "  - {id: d-43, name: Haute-Loire, kind: department, code: \"43\", parent: fr}\n"
    "  - {id: e-1, name: CA du Puy-en-Velay, kind: epci, code: \"200073419\", parent: d-43}\n"
    "  - {id: c-43157, name: Le Puy-en-Velay, kind: commune, code: \"43157\", parent: d-43,"
    " postal_codes: [\"43000\"], groups: [e-1]}\n"
    "  - {id: c-43001, name: Aiguilhe, kind: commune, code: \"43001\", parent: d-43}\n"
    "actors:\n"
    "  - {id: ville, name: Ville, kind: public_authority}\n";

static const char map_features[] =
    "sharitories_import: 1\n"
    "columns: {id: ID, name: NAME, commune_code: CODE, commune_name: COMMUNE,"
    " department: DEP, tag: KIND, operator: OP}\n"
    "split: {separator: \"; \", columns: [id, name]}\n"
    "actors:\n"
    "  - {id: agence, name: \"Agence\", kind: public_body, link: \"https://example.org\"}\n"
    "constants:\n"
    "  category: third_place\n"
    "  lowercase_id: true\n"
    "  tags: [programme]\n"
    "  actors: [{actor: agence, role: funder}, {actor: ville, role: partner}]\n"
    "  operator_role: carrier\n";

static const char csv_features[] =
    "ID,NAME,CODE,COMMUNE,DEP,KIND,OP\n"
    "A-1; A-2,Premier lieu; Second lieu,43157,,,AI,\n"
    "B-1,Puy,,Puy-en-Velay,43,,200073419\n"
    "C-1,EPCI,200073419,,,PATDE,810157982\n"
    "D-1; D-2,Un seul nom,43157,,,,\n";

static void test_features(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    if (shr_catalog_load_buffer(cat, "f.yaml", features_catalog, strlen(features_catalog), &err))
        fail_msg("catalog: %u: %s", err.line, err.message);
    shr_import_mapping *map = mapping(cat, map_features);
    shr_import *imp = import_text(cat, map, csv_features);
    /* A-1; A-2 give two rows (same line), D-1; D-2 one rejected row */
    assert_int_equal(shr_import_row_count(imp), 5);
    assert_string_equal(shr_import_row_name(imp, row_of(imp, "a-1")), "Premier lieu");
    assert_string_equal(shr_import_row_name(imp, row_of(imp, "a-2")), "Second lieu");
    assert_int_equal(shr_import_row_line(imp, row_of(imp, "a-2")), 2);
    assert_string_equal(territory_of(imp, "a-2"), "c-43157");
    /* "Puy-en-Velay" is "Le Puy-en-Velay" without its article */
    assert_string_equal(territory_of(imp, "b-1"), "c-43157");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "b-1")), SHR_IMPORT_DEPARTMENT_NAME);
    /* an EPCI's SIREN */
    assert_string_equal(territory_of(imp, "c-1"), "e-1");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "c-1")), SHR_IMPORT_EPCI);
    assert_string_equal(shr_import_row_reason(imp, 4),
                        "the split columns have different numbers of parts");
    assert_string_equal(shr_import_method_name(SHR_IMPORT_EPCI), "epci");
    assert_string_equal(shr_import_method_name(SHR_IMPORT_OUTLINE), "outline");

    /* Written, it loads with the catalog: the declared actor, the actors and the tags. */
    char *text;
    size_t len;
    int rc;
    CAPTURE(shr_import_write_yaml_file(imp, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    if (shr_catalog_load_buffer(cat, "out.yaml", text, len, &err) != SHR_OK)
        fail_msg("reload: %u: %s\n%s", err.line, err.message, text);
    free(text);
    const shr_actor *agence = shr_catalog_actor(cat, "agence");
    assert_non_null(agence);
    assert_string_equal(shr_actor_name(agence), "Agence");
    assert_int_equal(shr_actor_kind_of(agence), SHR_ACTOR_PUBLIC_BODY);
    const shr_practice *p = shr_catalog_practice(cat, "a-1");
    assert_non_null(p);
    assert_int_equal(shr_practice_actor_count(p), 2);
    assert_string_equal(shr_actor_id(shr_practice_actor_at(p, 0)), "agence");
    assert_int_equal(shr_practice_actor_role(p, 0), SHR_ROLE_FUNDER);
    assert_int_equal(shr_practice_actor_role(p, 1), SHR_ROLE_PARTNER);
    assert_int_equal(shr_practice_tag_count(p), 2);
    assert_string_equal(shr_practice_tag_at(p, 1), "AI");
    assert_int_equal(shr_practice_tag_count(shr_catalog_practice(cat, "b-1")), 1);
    /* the operator column: an EPCI's SIREN gives its public authority as an actor (once in
     * the file), a SIREN that is no EPCI of the catalog gives none */
    const shr_actor *op = shr_catalog_actor(cat, "actor-e-1");
    assert_non_null(op);
    assert_string_equal(shr_actor_name(op), "CA du Puy-en-Velay");
    assert_int_equal(shr_actor_kind_of(op), SHR_ACTOR_PUBLIC_AUTHORITY);
    assert_string_equal(shr_territory_id(shr_actor_territory(op)), "e-1");
    p = shr_catalog_practice(cat, "b-1");
    assert_int_equal(shr_practice_actor_count(p), 3);
    assert_string_equal(shr_actor_id(shr_practice_actor_at(p, 2)), "actor-e-1");
    assert_int_equal(shr_practice_actor_role(p, 2), SHR_ROLE_CARRIER);
    assert_int_equal(shr_practice_actor_count(shr_catalog_practice(cat, "c-1")), 2);
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ outlines */

/* Two squares side by side (c-1: 0..1, c-2: 1..2 in longitude, 0..1 in latitude); c-2 has a
 * hole (1.4..1.6); a MultiPolygon for c-3 (two squares at 10 and 12); a Point is skipped. */
static const char outlines_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
    "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]},\"properties\":{\"code\":\"00001\",\"nom\":\"Un\"}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"nom\":\"Deux\",\"code\":\"00002\"},\"geometry\":"
    "{\"type\":\"Polygon\",\"coordinates\":[[[1,0],[2,0],[2,1],[1,1],[1,0]],"
    "[[1.4,0.4],[1.6,0.4],[1.6,0.6],[1.4,0.6],[1.4,0.4]]]}},\n"
    "{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":"
    "[[[[10,0],[11,0],[11,1],[10,1],[10,0]]],[[[12,0],[13,0],[13,1],[12,1],[12,0]]]]},"
    "\"properties\":{\"code\":\"00009\"}},\n"
    "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,5]},"
    "\"properties\":{\"code\":\"00004\"}}\n"
    "]}\n";

static const char outlines_catalog[] =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: fr, name: France, kind: country}\n"
    "  - {id: d-1, name: Un, kind: department, code: \"01\", parent: fr}\n"
    "  - {id: c-1, name: Le Premier, kind: commune, code: \"00001\", parent: d-1}\n"
    "  - {id: c-2, name: Second, kind: commune, code: \"00002\", parent: d-1}\n"
    "  - {id: c-3, name: Troisième, kind: commune, code: \"00003\", former_codes: [\"00009\"],"
    " parent: d-1}\n";

static void test_outlines(void **state)
{
    (void)state;
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    if (shr_catalog_load_buffer(cat, "o.yaml", outlines_catalog, strlen(outlines_catalog), &err))
        fail_msg("catalog: %u: %s", err.line, err.message);
    char path[256];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/test-outlines-%ld.geojson",
             tmpdir && *tmpdir ? tmpdir : "/tmp", (long)getpid());
    FILE *g = fopen(path, "w");
    assert_non_null(g);
    fputs(outlines_geojson, g);
    fclose(g);
    shr_import_mapping *map = mapping(cat, "sharitories_import: 1\n"
                                           "columns: {id: ID, name: NAME, commune_name: COM,"
                                           " department: DEP, latitude: LAT, longitude: LON}\n"
                                           "constants: {category: fablab}\n");
    assert_int_equal(shr_import_mapping_add_outlines(map, path, NULL, &err), SHR_OK);
    unlink(path);
    shr_import *imp = import_text(cat, map,
                                  "ID,NAME,COM,DEP,LAT,LON\n"
                                  "a,In one,,,0.5,0.5\n"
                                  "b,In two,,01,0.5,1.2\n"
                                  "c,In the hole,,,0.5,1.5\n"
                                  "d,Second part of a multipolygon,,,0.5,12.5\n"
                                  "e,Nowhere,,,5,5\n"
                                  "f,Named right,Premier,,0.2,0.2\n"
                                  "g,Named wrong,Autre,,0.2,0.2\n"
                                  "h,Other department,,02,0.2,0.2\n"
                                  "i,No location,,,,\n");
    assert_string_equal(territory_of(imp, "a"), "c-1");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "a")), SHR_IMPORT_OUTLINE);
    assert_string_equal(territory_of(imp, "b"), "c-2");
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "c")),
                        "no INSEE code; no postal code; no department; "
                        "point (0.5, 1.5) in no commune outline");
    assert_string_equal(territory_of(imp, "d"), "c-3"); /* a former code */
    assert_null(territory_of(imp, "e"));
    /* "Premier" is "Le Premier" without its article */
    assert_string_equal(territory_of(imp, "f"), "c-1");
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "g")),
                        "no INSEE code; no postal code; no department; "
                        "point in c-1 (Le Premier), not named Autre");
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "h")),
                        "no INSEE code; no postal code; "
                        "point in c-1 (Le Premier), not in department 02");
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "i")),
                        "no INSEE code; no postal code; no department");
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_OUTLINE), 4);
    shr_import_free(imp);

    /* errors: a missing file; a polygon without its code property; invalid JSON */
    assert_int_equal(shr_import_mapping_add_outlines(map, "/nonexistent.geojson", NULL, &err),
                     SHR_EIO);
    g = fopen(path, "w");
    assert_non_null(g);
    fputs(outlines_geojson, g);
    fclose(g);
    assert_int_equal(shr_import_mapping_add_outlines(map, path, "insee", &err), SHR_EFORMAT);
    assert_non_null(strstr(err.message, "no code property"));
    g = fopen(path, "w");
    assert_non_null(g);
    fputs("{\"features\": [\n{\"geometry\": }\n", g);
    fclose(g);
    assert_int_equal(shr_import_mapping_add_outlines(map, path, NULL, &err), SHR_ESYNTAX);
    assert_int_equal(err.line, 3); /* where the input ends, unclosed */
    unlink(path);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
}

/* The real 2018 outlines of Lozère, Paris and Seine-Saint-Denis (tests/data/france-geojson-2018)
 * with the CGET file: the rows with only a point in those departments are placed; the former
 * communes of Lozère stay out, with their reason. */
static void test_cget_outlines(void **state)
{
    (void)state;
    char csv[1024], map_path[1024], dir[1024];
    shr_catalog *cat = load_territories();
    shr_import_mapping *map = NULL;
    shr_import *imp = NULL;
    shr_error err;
    source_path("examples/import/cget-tiers-lieux-2019.mapping.yaml", map_path, sizeof map_path);
    test_data_path("cget-tiers-lieux-2019/tiers-lieux.csv", csv, sizeof csv);
    test_data_path("france-geojson-2018", dir, sizeof dir);
    assert_int_equal(shr_import_mapping_load(cat, map_path, &map, &err), SHR_OK);
    if (shr_import_mapping_add_outlines(map, dir, NULL, &err) != SHR_OK)
        fail_msg("%s:%u: %s", err.file, err.line, err.message);
    assert_int_equal(shr_import_csv(cat, map, csv, &imp, &err), SHR_OK);
    assert_int_equal(shr_import_method_count(imp, SHR_IMPORT_OUTLINE), 25);
    /* La REcyclerie, 48.8976225, 2.3440378: Paris */
    assert_string_equal(territory_of(imp, "cget-tl-1464"), "fr-com-75056");
    assert_int_equal(shr_import_row_method(imp, row_of(imp, "cget-tl-1464")), SHR_IMPORT_OUTLINE);
    /* Chez Basile, 48.9335282, 2.3576617: Saint-Denis */
    assert_string_equal(territory_of(imp, "cget-tl-1471"), "fr-com-93066");
    /* MSAP Florac: the point is in Florac Trois Rivières, whose former name is not known */
    assert_string_equal(shr_import_row_reason(imp, row_of(imp, "cget-tl-1092")),
                        "no INSEE code; no commune with postal code 48400 named Florac; "
                        "no commune of department 48 named Florac; point in fr-com-48061 "
                        "(Florac Trois Rivières), not named Florac");
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ CSV syntax */

static const char map_min[] = "sharitories_import: 1\n"
                              "columns: {id: ID, name: NAME, commune_code: CODE}\n"
                              "constants: {category: fablab}\n";

static void test_csv_syntax(void **state)
{
    (void)state;
    shr_catalog *cat = load_small();
    shr_import_mapping *map = mapping(cat, map_min);
    static const char csv[] = "\xEF\xBB\xBFID,NAME,CODE\r\n"
                              "1,\"Quoted, with comma\",69123\r\n"
                              "\r\n"
                              "2,\"Line1\r\nLine2 \"\"q\"\"\",69123\r\n"
                              "3,  \xC2\xA0spaced\t ,69123\r\n"
                              "\n"
                              "4,\"\",69123\r"
                              "5,é,69123"; /* CR line end, no final line break */
    shr_import *imp = import_text(cat, map, csv);
    assert_int_equal(shr_import_row_count(imp), 5);
    assert_string_equal(shr_import_row_name(imp, 0), "Quoted, with comma");
    assert_int_equal(shr_import_row_line(imp, 0), 2);
    assert_string_equal(shr_import_row_name(imp, 1), "Line1\r\nLine2 \"q\"");
    assert_int_equal(shr_import_row_line(imp, 1), 4);
    assert_string_equal(shr_import_row_name(imp, 2), "spaced");
    assert_int_equal(shr_import_row_line(imp, 2), 6);
    assert_string_equal(shr_import_row_reason(imp, 3), "no name");
    assert_int_equal(shr_import_row_line(imp, 3), 8);
    assert_string_equal(shr_import_row_name(imp, 4), "é");
    assert_int_equal(shr_import_row_line(imp, 4), 9);
    /* round trip of awkward text through the YAML writer */
    char *text;
    size_t len;
    int rc;
    shr_error err;
    CAPTURE(shr_import_write_yaml_file(imp, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    assert_int_equal(shr_catalog_load_buffer(cat, "out.yaml", text, len, &err), SHR_OK);
    assert_string_equal(shr_practice_name(shr_catalog_practice(cat, "2")), "Line1\r\nLine2 \"q\"");
    free(text);
    shr_import_free(imp);

    /* header only: no rows; a semicolon delimiter */
    imp = import_text(cat, map, "ID,NAME,CODE\n");
    assert_int_equal(shr_import_row_count(imp), 0);
    CAPTURE(shr_import_write_yaml_file(imp, f, &err), text, len, rc);
    assert_non_null(strstr(text, "practices: []"));
    free(text);
    shr_import_free(imp);
    shr_import_mapping_free(map);
    char semi[512];
    snprintf(semi, sizeof semi, "%scsv: {delimiter: \";\"}\n", map_min);
    map = mapping(cat, semi);
    imp = import_text(cat, map, "ID;NAME;CODE\n9;\"a;b\";69123\n");
    assert_string_equal(shr_import_row_name(imp, 0), "a;b");
    assert_string_equal(territory_of(imp, "9"), "c-69123");
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ hostile input */

static void expect_csv_error(const shr_catalog *cat, const shr_import_mapping *map,
                             const char *csv, size_t size, int code, unsigned line,
                             unsigned column, const char *part)
{
    shr_import *imp = (shr_import *)&imp;
    shr_error err;
    int rc = shr_import_csv_buffer(cat, map, "bad.csv", csv, size, &imp, &err);
    if (rc != code)
        fail_msg("expected %d, got %d (%s)", code, rc, err.message);
    assert_null(imp);
    assert_int_equal(err.line, line);
    if (column)
        assert_int_equal(err.column, column);
    if (!strstr(err.message, part))
        fail_msg("message '%s' lacks '%s'", err.message, part);
}

static void test_hostile(void **state)
{
    (void)state;
    shr_catalog *cat = load_small();
    shr_import_mapping *map = mapping(cat, map_min);
    /* Latin-1 "Café": reported at its line and column, not guessed. */
    static const char latin1[] = "ID,NAME,CODE\n1,ok,69123\n2,Caf\xE9,69123\n";
    expect_csv_error(cat, map, latin1, strlen(latin1), SHR_EFORMAT, 3, 6, "UTF-8");
    static const char overlong[] = "ID,NAME,CODE\n1,\xC0\xAF,69123\n";
    expect_csv_error(cat, map, overlong, strlen(overlong), SHR_EFORMAT, 2, 3, "UTF-8");
    static const char nul[] = "ID,NAME,CODE\n1,a\0b,69123\n";
    expect_csv_error(cat, map, nul, sizeof nul - 1, SHR_EFORMAT, 2, 4, "NUL");
    static const char unterminated[] = "ID,NAME,CODE\n1,\"open,69123\n2,x,69123\n";
    expect_csv_error(cat, map, unterminated, strlen(unterminated), SHR_EFORMAT, 2, 3, "quote");
    static const char after[] = "ID,NAME,CODE\n1,\"a\"b,69123\n";
    expect_csv_error(cat, map, after, strlen(after), SHR_EFORMAT, 2, 6, "closing quote");
    expect_csv_error(cat, map, "", 0, SHR_EFORMAT, 1, 0, "empty");
    expect_csv_error(cat, map, "\n\n", 2, SHR_EFORMAT, 1, 0, "empty");
    /* a column the mapping names is missing: the mapping's place is given */
    static const char nocode[] = "ID,NAME\n1,x\n";
    shr_import *imp = NULL;
    shr_error err;
    assert_int_equal(shr_import_csv_buffer(cat, map, "bad.csv", nocode, strlen(nocode), &imp, &err),
                     SHR_EFORMAT);
    assert_non_null(strstr(err.message, "'CODE'"));
    assert_string_equal(err.file, "m.yaml");
    assert_int_equal(err.line, 2);
    /* a header naming a column twice */
    static const char twice[] = "ID,NAME,CODE,NAME\n1,x,69123,y\n";
    assert_int_equal(shr_import_csv_buffer(cat, map, "bad.csv", twice, strlen(twice), &imp, &err),
                     SHR_EFORMAT);
    assert_non_null(strstr(err.message, "twice"));
    /* a missing file */
    assert_int_equal(shr_import_csv(cat, map, "/nonexistent/x.csv", &imp, &err), SHR_EIO);
    /* a mapping of another catalog */
    shr_catalog *other = load_small();
    assert_int_equal(shr_import_csv_buffer(other, map, "x.csv", "ID\n", 3, &imp, &err), SHR_EINVAL);
    shr_catalog_free(other);
    shr_import_mapping_free(map);
    shr_import_free(NULL);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ mapping errors */

/* The importer reads cells neutralised against spreadsheet formulas (csv.h) back to the
 * original text: what the library writes, it reads. */
static void test_neutralised_cells(void **state)
{
    (void)state;
    shr_catalog *cat = load_small();
    shr_import_mapping *map = mapping(cat, map_small);
    const char *csv = "ID,NAME,TYPE,CODE,CP,COMMUNE,COMMUNE2,LAT,LON,WEB,YEAR,DEP,DESC\n"
                      "1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",cw,69123,,,,"
                      ",,,,,\"'@SUM(1,2)\"\n"
                      "2,'=1+1,cw,69123,,,,,,,,,''=kept\n"
                      "3,'plain',cw,69123,,,,,,,,,\n";
    shr_import *imp = import_text(cat, map, csv);
    assert_string_equal(shr_import_row_name(imp, row_of(imp, "t-1")),
                        "=HYPERLINK(\"http://evil.example\",\"click\")");
    assert_string_equal(shr_import_row_name(imp, row_of(imp, "t-2")), "=1+1");
    assert_string_equal(shr_import_row_name(imp, row_of(imp, "t-3")), "'plain'");
    shr_import_free(imp);
    shr_import_mapping_free(map);
    shr_catalog_free(cat);
}

static void expect_map_error(const shr_catalog *cat, const char *yaml, int code, unsigned line,
                             const char *part)
{
    shr_import_mapping *map = (shr_import_mapping *)&map;
    shr_error err;
    int rc = shr_import_mapping_load_buffer(cat, "m.yaml", yaml, strlen(yaml), &map, &err);
    if (rc != code)
        fail_msg("expected %d, got %d (%s) for:\n%s", code, rc, err.message, yaml);
    assert_null(map);
    assert_string_equal(err.file, "m.yaml");
    if (line)
        assert_int_equal(err.line, line);
    if (!strstr(err.message, part))
        fail_msg("message '%s' lacks '%s'", err.message, part);
}

static void test_mapping_errors(void **state)
{
    (void)state;
    shr_catalog *cat = load_small();
    /* an empty file is at 1:1; one with only comments, where the stream ends (as the loader) */
    expect_map_error(cat, "", SHR_EFORMAT, 1, "empty");
    expect_map_error(cat, "# nothing\n", SHR_EFORMAT, 2, "empty mapping file");
    expect_map_error(cat, "columns: {name: N}\nconstants: {category: fablab}\n", SHR_EFORMAT, 1,
                     "sharitories_import");
    expect_map_error(cat, "sharitories_import: 2\ncolumns: {name: N}\n", SHR_EFORMAT, 1,
                     "version");
    expect_map_error(cat, "sharitories_import: 1\ncolumns: {id: ID}\n", SHR_EFORMAT, 2,
                     "'name' column is required");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N, colour: C}\n"
                     "constants: {category: fablab}\n",
                     SHR_EFORMAT, 2, "colour");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N, category: T}\n"
                     "categories:\n  a: fablab\n  b: nope\n",
                     SHR_EFORMAT, 5, "unknown category 'nope'");
    expect_map_error(cat, "sharitories_import: 1\ncolumns: {name: N}\n", SHR_EFORMAT, 1,
                     "no category");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N}\n"
                     "constants: {category: fablab, status: done}\n",
                     SHR_EFORMAT, 3, "status");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N}\n"
                     "constants: {category: fablab, id_prefix: \"Bad Prefix\"}\n",
                     SHR_EFORMAT, 3, "id_prefix");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: &a N, id: *a}\n"
                     "constants: {category: fablab}\n",
                     SHR_EUNSUPPORTED, 2, "");
    expect_map_error(cat,
                     "sharitories_import: 1\ncsv: {delimiter: \"ab\"}\ncolumns: {name: N}\n"
                     "constants: {category: fablab}\n",
                     SHR_EFORMAT, 2, "delimiter");
    expect_map_error(cat, "sharitories_import: 1\ncolumns: [name]\n", SHR_EFORMAT, 2,
                     "expected a mapping");
    expect_map_error(cat, "sharitories_import: 1\ncolumns: {name: N\n", SHR_ESYNTAX, 0, "");
    expect_map_error(cat, "sharitories_import: 1\n---\nsharitories_import: 1\n", SHR_EFORMAT, 2,
                     "several");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N}\n"
                     "constants: {category: fablab, actors: [{actor: nobody, role: funder}]}\n",
                     SHR_EFORMAT, 3, "unknown actor 'nobody'");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N}\n"
                     "actors: [{id: a, name: A, kind: public_body}]\n"
                     "constants: {category: fablab, actors: [{actor: a, role: boss}]}\n",
                     SHR_EFORMAT, 4, "unknown role 'boss'");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N}\n"
                     "actors: [{id: a, name: A, kind: club}]\nconstants: {category: fablab}\n",
                     SHR_EFORMAT, 3, "unknown actor kind 'club'");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N}\nsplit: {separator: \";\","
                     " columns: [id]}\nconstants: {category: fablab}\n",
                     SHR_EFORMAT, 1, "'id' is not mapped");
    expect_map_error(cat,
                     "sharitories_import: 1\ncolumns: {name: N}\nsplit: {separator: \";\","
                     " columns: [colour]}\nconstants: {category: fablab}\n",
                     SHR_EFORMAT, 3, "colour");
    shr_import_mapping *map = NULL;
    shr_error err;
    assert_int_equal(shr_import_mapping_load(cat, "/nonexistent/m.yaml", &map, &err), SHR_EIO);
    shr_import_mapping_free(NULL);
    assert_string_equal(shr_import_method_name(SHR_IMPORT_POSTAL_NAME), "postal+name");
    assert_null(shr_import_method_name(SHR_IMPORT_METHOD_COUNT));
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cget),          cmocka_unit_test(test_resolution),
        cmocka_unit_test(test_csv_syntax),    cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_neutralised_cells),
        cmocka_unit_test(test_mapping_errors),
        cmocka_unit_test(test_mapping_errors), cmocka_unit_test(test_features),
        cmocka_unit_test(test_outlines),       cmocka_unit_test(test_cget_outlines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
