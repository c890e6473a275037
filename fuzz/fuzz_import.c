/*
 * libFuzzer target: the spreadsheet importer (import.h). An input starting with 'M' is a
 * mapping file (the rest of the bytes), used to import a fixed CSV; any other input is a CSV
 * file imported with a fixed mapping (the CGET tiers-lieux columns plus INSEEDEP, so every
 * resolution method is on), both against a small catalog of communes and districts.
 * Invariants (abort on breach):
 *   - failures are clean errors; a CSV format error has a line;
 *   - row counts add up (resolved + rejected = rows = sum over methods); a rejected row has a
 *     reason and no territory, an imported row a territory, a valid id, a name, a category;
 *     locations are in range; row lines never go back;
 *   - the written catalog file loads into a fresh copy of the catalog with one practice per
 *     imported row (import.h: "It loads together with the catalog the import was resolved
 *     against"); the rejected-rows CSV can be written.
 */
#include "fuzz_common.h"

#include <sharitories/import.h>

#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Communes and districts for the resolution methods (codes, former codes, postal codes). */
static const char import_territories[] =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: fr-dep-44, name: Loire-Atlantique, kind: department, parent: fr-reg-27}\n"
    "  - {id: fr-dep-75, name: Paris, kind: department, parent: fr-reg-27}\n"
    "  - {id: fr-com-44109, name: Nantes, kind: commune, code: \"44109\", postal_codes: [\"44000\", \"44100\", \"44200\", \"44300\"], parent: fr-dep-44}\n"
    "  - {id: fr-com-44047, name: \"Saint-Étienne-de-Montluc\", kind: commune, code: \"44047\", former_codes: [\"44900\"], postal_codes: [\"44360\"], parent: fr-dep-44}\n"
    "  - {id: fr-com-75056, name: Paris, kind: commune, code: \"75056\", parent: fr-dep-75}\n"
    "  - {id: fr-com-75110, name: \"Paris 10e Arrondissement\", kind: district, code: \"75110\", postal_codes: [\"75010\"], parent: fr-com-75056}\n"
    "  - {id: fr-com-44999, name: \"Sainte-Anne-sur-Brivet\", kind: commune, code: \"44999\", postal_codes: [\"44160\"], parent: fr-dep-44}\n"
    "  - {id: fr-com-44998, name: \"Saint Anne sur Brivet\", kind: commune, code: \"44998\", postal_codes: [\"44160\"], parent: fr-dep-44}\n";

static const char fixed_mapping[] =
    "sharitories_import: 1\n"
    "csv: {delimiter: \",\"}\n"
    "columns:\n"
    "  id: ID\n"
    "  name: NOM_TL\n"
    "  category: TYPO\n"
    "  commune_code: INSEECOM\n"
    "  postal_code: CP\n"
    "  commune_name: [COMINIT, NOMCOM]\n"
    "  department: INSEEDEP\n"
    "  address: ADRESSE\n"
    "  latitude: LAT\n"
    "  longitude: LONG\n"
    "  link: WEB\n"
    "categories:\n"
    "  \"Tiers lieux à dominante coworking\": coworking\n"
    "  \"Tiers lieux à dominante fablab\": fablab\n"
    "  \"\": third_place\n"
    "constants:\n"
    "  id_prefix: \"cget-tl-\"\n"
    "  tags: [cget-2019]\n"
    "meta: {title: \"fuzz\", source: \"fuzz\", licence: \"CC0\"}\n";

static const char fixed_csv[] =
    "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,WEB,TYPO,LAT,LONG,PRECISION,INSEEDEP\n"
    "1,ADE Coworking,9 Rue du Petit Châtelier,44300,Nantes,44109,Nantes,www.ade-coworking.net,Tiers lieux à dominante coworking,47.245935,-1.505602,0.94,44\n"
    "2,Anticafé,6 Rue du Château d'Eau,75010,Paris,75110,Paris,www.anticafe.eu,Tiers lieux à dominante coworking,48.869483,2.361539,0.95,75\n"
    "3,\"Lab \"\"quoted\"\"\",,44360,St Etienne de Montluc,44900,,pas de site,Tiers lieux à dominante fablab,x,,,44\n"
    "4,Nowhere,,,,,,,,,,,\n";

static shr_catalog *new_catalog(void)
{
    shr_error err;
    shr_catalog *cat = shr_catalog_new(NULL);
    int rc = shr_catalog_load_buffer(cat, "base", fuzz_territories, sizeof fuzz_territories - 1, &err);
    FUZZ_CHECK(rc == SHR_OK, "base: %s", err.message);
    rc = shr_catalog_load_buffer(cat, "communes", import_territories, sizeof import_territories - 1,
                                 &err);
    FUZZ_CHECK(rc == SHR_OK, "communes: %s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return cat;
}

static shr_catalog *cat;
static shr_import_mapping *mapping;
/* SHR_FUZZ_KNOWN=import-bang-tag: accept an output the loader refuses for a "!" tag;
 * import-reason-newline: accept reasons and warnings spanning lines (known bugs, see
 * tests/test_fuzz_regressions.c), to look for others. */
static int known_bang_tag, known_reason_newline;

/* One line of printable text (no control characters). */
static int one_line(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    shr_error err;
    const char *known = getenv("SHR_FUZZ_KNOWN");
    known_bang_tag = known && strstr(known, "import-bang-tag") != NULL;
    known_reason_newline = known && strstr(known, "import-reason-newline") != NULL;
    cat = new_catalog();
    int rc = shr_import_mapping_load_buffer(cat, "mapping", fixed_mapping, sizeof fixed_mapping - 1,
                                            &mapping, &err);
    FUZZ_CHECK(rc == SHR_OK, "mapping: %s:%u:%u: %s", err.file, err.line, err.column, err.message);
    return 0;
}

static int valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n < 1 || n > SHR_LIMIT_ID_LENGTH)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':'))
            return 0;
    }
    return 1;
}

static void check_import(const shr_import *imp)
{
    shr_error err;
    size_t rows = shr_import_row_count(imp), resolved = shr_import_resolved_count(imp);
    size_t rejected = shr_import_method_count(imp, SHR_IMPORT_REJECTED), sum = 0;
    for (int m = 0; m < SHR_IMPORT_METHOD_COUNT; m++)
        sum += shr_import_method_count(imp, (shr_import_method)m);
    FUZZ_CHECK(resolved + rejected == rows && sum == rows, "rows %zu, resolved %zu, rejected %zu, sum %zu",
               rows, resolved, rejected, sum);
    unsigned last_line = 0;
    for (size_t i = 0; i < rows; i++) {
        unsigned line = shr_import_row_line(imp, i);
        FUZZ_CHECK(line >= 1 && line > last_line, "row %zu line %u after %u", i, line, last_line);
        last_line = line;
        shr_import_method m = shr_import_row_method(imp, i);
        FUZZ_CHECK(shr_import_method_name(m) != NULL, "method %d", (int)m);
        const char *reason = shr_import_row_reason(imp, i);
        if (m == SHR_IMPORT_REJECTED) {
            FUZZ_CHECK(reason && reason[0], "rejected row %zu without reason", i);
            FUZZ_CHECK(known_reason_newline || one_line(reason), "reason spans lines: %s", reason);
            FUZZ_CHECK(shr_import_row_territory(imp, i) == NULL, "rejected row with a territory");
        } else {
            FUZZ_CHECK(reason == NULL, "imported row %zu with a reason", i);
            FUZZ_CHECK(shr_import_row_territory(imp, i) != NULL, "imported row without territory");
            const char *id = shr_import_row_id(imp, i);
            FUZZ_CHECK(id && valid_id(id), "imported row %zu with id '%s'", i, id ? id : "(null)");
            FUZZ_CHECK(shr_import_row_name(imp, i) != NULL, "imported row without name");
            FUZZ_CHECK(shr_import_row_category(imp, i) != NULL, "imported row without category");
        }
        double lat, lon;
        if (shr_import_row_location(imp, i, &lat, &lon))
            FUZZ_CHECK(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180, "location %g,%g", lat, lon);
        const char *s = shr_import_row_link(imp, i);
        if (s)
            FUZZ_CHECK(strstr(s, "://") != NULL, "link without scheme: %s", s);
        s = shr_import_row_address(imp, i);
        if (s)
            (void)strlen(s);
    }
    for (size_t i = 0; i < shr_import_warning_count(imp); i++) {
        FUZZ_CHECK(shr_import_warning_line(imp, i) >= 1, "warning without line");
        const char *w = shr_import_warning_text(imp, i);
        FUZZ_CHECK(w[0], "empty warning");
        FUZZ_CHECK(known_reason_newline || one_line(w), "warning spans lines: %s", w);
    }

    /* The written file loads with the catalog's territories. */
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    int rc = shr_import_write_yaml_file(imp, f, &err);
    fclose(f);
    FUZZ_CHECK(rc == SHR_OK, "write_yaml: %s", err.message);
    shr_catalog *again = new_catalog();
    rc = shr_catalog_load_buffer(again, "imported", text, size, &err);
    if (rc != SHR_OK && known_bang_tag && strstr(err.message, "tag '!'")) {
        shr_catalog_free(again);
        free(text);
        return;
    }
    FUZZ_CHECK(rc == SHR_OK, "the imported file does not load: %u:%u: %s\n%s", err.line, err.column,
               err.message, text);
    FUZZ_CHECK(shr_catalog_practice_count(again) == resolved, "%zu practices for %zu rows",
               shr_catalog_practice_count(again), resolved);
    shr_catalog_free(again);
    free(text);
    text = NULL;
    f = open_memstream(&text, &size);
    rc = shr_import_write_rejected_csv_file(imp, f, &err);
    fclose(f);
    FUZZ_CHECK(rc == SHR_OK, "write_rejected_csv: %s", err.message);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    shr_error err;
    shr_import *imp = NULL;
    if (size >= 1 && data[0] == 'M') {
        shr_import_mapping *map = NULL;
        int rc = shr_import_mapping_load_buffer(cat, "fuzz", (const char *)data + 1, size - 1, &map,
                                                &err);
        if (rc != SHR_OK) {
            fuzz_check_error(rc, &err, "mapping");
            FUZZ_CHECK(map == NULL, "failed mapping returned");
            return 0;
        }
        rc = shr_import_csv_buffer(cat, map, "fixed.csv", fixed_csv, sizeof fixed_csv - 1, &imp, &err);
        if (rc != SHR_OK) {
            fuzz_check_error(rc, &err, "import with a fuzzed mapping");
            FUZZ_CHECK(imp == NULL, "failed import returned");
        } else {
            check_import(imp);
            shr_import_free(imp);
        }
        shr_import_mapping_free(map);
        return 0;
    }
    int rc = shr_import_csv_buffer(cat, mapping, "fuzz.csv", (const char *)data, size, &imp, &err);
    if (rc != SHR_OK) {
        fuzz_check_error(rc, &err, "import");
        FUZZ_CHECK(imp == NULL, "failed import returned");
        if (rc == SHR_EFORMAT)
            FUZZ_CHECK(err.line >= 1, "CSV format error without a line: %s", err.message);
        return 0;
    }
    check_import(imp);
    shr_import_free(imp);
    return 0;
}
