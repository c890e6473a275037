/*
 * Shared by the libFuzzer targets: the tiny catalogs they preload, and the invariants every
 * failing call must keep (a documented code, err.code equal to it, a nonempty one-line
 * message). A broken invariant aborts, which libFuzzer reports as a crash with the input.
 */
#ifndef SHR_FUZZ_COMMON_H
#define SHR_FUZZ_COMMON_H

#include <sharitories/sharitories.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...)                                                        \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "fuzz invariant broken: %s (%s:%d): ", #cond, __FILE__, \
                    __LINE__);                                                       \
            fprintf(stderr, __VA_ARGS__);                                            \
            fputc('\n', stderr);                                                     \
            abort();                                                                 \
        }                                                                            \
    } while (0)

/* Territories that fuzzed catalogs can refer to (a slice of the French hierarchy). */
__attribute__((unused)) static const char fuzz_territories[] =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: fr, name: France, kind: country, population: 68952941}\n"
    "  - {id: fr-reg-27, name: \"Bourgogne-Franche-Comté\", kind: region, parent: fr}\n"
    "  - {id: fr-dep-58, name: \"Nièvre\", kind: department, parent: fr-reg-27, population: 201417}\n"
    "  - {id: fr-dep-71, name: \"Saône-et-Loire\", kind: department, parent: fr-reg-27}\n"
    "  - {id: fr-epci-245804406, name: CA de Nevers, kind: epci, parent: fr-dep-58}\n"
    "  - id: fr-com-58194\n"
    "    name: Nevers\n"
    "    kind: commune\n"
    "    code: \"58194\"\n"
    "    postal_codes: [\"58000\"]\n"
    "    parent: fr-dep-58\n"
    "    groups: [fr-epci-245804406]\n"
    "    population: 33085\n"
    "    location: [46.99, 3.16]\n"
    "  - {id: fr-com-71076, name: Chalon-sur-Saône, kind: commune, parent: fr-dep-71,\n"
    "     former_codes: [\"71999\"], population: 44000, location: [46.78, 4.85]}\n";

/* Practices and actors over fuzz_territories, for the query target. */
__attribute__((unused)) static const char fuzz_practices[] =
    "sharitories: 1\n"
    "categories:\n"
    "  - {id: seed_library, label: {fr: grainothèque, en: seed library}, family: consumption,\n"
    "     axes: [shared_resources, solidarity]}\n"
    "actors:\n"
    "  - {id: ville-de-nevers, name: Ville de Nevers, kind: public_authority, territory: fr-com-58194}\n"
    "  - {id: ouishare, name: Ouishare, kind: association}\n"
    "  - {id: coop, name: Coop énergie, kind: cooperative, territory: fr-dep-58}\n"
    "practices:\n"
    "  - id: nevers-fablab\n"
    "    name: Fablab de Nevers\n"
    "    category: fablab\n"
    "    territories: [fr-com-58194]\n"
    "    actors: [{actor: ville-de-nevers, role: funder}, {actor: ouishare, role: partner}]\n"
    "    started: 2015\n"
    "    description: \"Atelier de fabrication numérique ; œuvre collective, tiers-lieux.\"\n"
    "    tags: [numérique, atelier]\n"
    "    figures: {machines: 12}\n"
    "  - {id: energie, name: Énergie citoyenne, category: citizen_energy, status: ended,\n"
    "     territories: [fr-dep-58, fr-com-71076], started: 2012, ended: 2019,\n"
    "     actors: [{actor: coop, role: carrier}], tags: [rural]}\n"
    "  - {id: graines, name: Grainothèque, category: seed_library, territories: [fr-epci-245804406],\n"
    "     status: planned, axes: [solidarity]}\n"
    "  - {id: repair, name: Repair café de Chalon, category: repair_cafe, territories: [fr-com-71076],\n"
    "     actors: [{actor: ouishare, role: user}], started: 2018}\n"
    "  - {id: covoit, name: Covoiturage, category: carpooling, territories: [fr], started: 2016}\n";

static inline int fuzz_code_documented(int code)
{
    return code <= SHR_ENOMEM && code >= SHR_EINVAL;
}

/* A failing call's error is clean. */
static inline void fuzz_check_error(int rc, const shr_error *err, const char *what)
{
    FUZZ_CHECK(rc < 0, "%s: rc %d", what, rc);
    FUZZ_CHECK(fuzz_code_documented(rc), "%s: undocumented code %d", what, rc);
    FUZZ_CHECK(err->code == rc, "%s: err.code %d, rc %d", what, err->code, rc);
    FUZZ_CHECK(err->message[0] != '\0', "%s: empty message", what);
    FUZZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL, "%s: unterminated", what);
    FUZZ_CHECK(!strchr(err->message, '\n') && !strchr(err->message, '\r'),
               "%s: message spans lines: %s", what, err->message);
}

#endif
