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

/* strlen of a string a getter may return as NULL ("not given"). */
static inline size_t fuzz_slen(const char *s)
{
    return s ? strlen(s) : 0;
}

/* Touch every string and relation the public API exposes (a loaded catalog, from YAML or a
 * snapshot, must be readable throughout). */
static inline size_t fuzz_walk(const shr_catalog *cat)
{
    size_t sum = 0;
    for (size_t i = 0; i < shr_catalog_category_count(cat); i++) {
        const shr_category *c = shr_catalog_category_at(cat, i);
        FUZZ_CHECK(shr_catalog_category(cat, shr_category_id(c)) == c, "category look-up");
        sum += fuzz_slen(shr_category_label(c, "fr")) + fuzz_slen(shr_category_label(c, "en"));
        for (size_t k = 0; k < shr_category_axis_count(c); k++)
            sum += strlen(shr_axis_id(shr_category_axis_at(c, k)));
    }
    for (size_t i = 0; i < shr_catalog_territory_count(cat); i++) {
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        FUZZ_CHECK(shr_catalog_territory(cat, shr_territory_id(t)) == t, "territory look-up");
        size_t idlen = strlen(shr_territory_id(t));
        FUZZ_CHECK(idlen >= 1 && idlen <= SHR_LIMIT_ID_LENGTH, "territory id length %zu", idlen);
        sum += strlen(shr_territory_name(t));
        if (shr_territory_code(t))
            sum += strlen(shr_territory_code(t));
        const shr_territory *p = shr_territory_parent(t);
        if (p)
            FUZZ_CHECK(shr_territory_within(t, p), "a territory is not within its parent");
        FUZZ_CHECK(shr_territory_within(t, t), "a territory is not within itself");
        for (size_t k = 0; k < shr_territory_group_count(t); k++)
            FUZZ_CHECK(shr_territory_within(t, shr_territory_group_at(t, k)), "group");
        for (size_t k = 0; k < shr_territory_ancestor_count(t); k++)
            FUZZ_CHECK(shr_territory_ancestor_at(t, k) != t, "a territory is its own ancestor");
        for (size_t k = 0; k < shr_territory_former_code_count(t); k++)
            sum += strlen(shr_territory_former_code_at(t, k));
        for (size_t k = 0; k < shr_territory_postal_code_count(t); k++)
            sum += strlen(shr_territory_postal_code_at(t, k));
        for (size_t k = 0; k < shr_territory_child_count(t); k++)
            FUZZ_CHECK(shr_territory_parent(shr_territory_child_at(t, k)) == t, "child");
        sum += shr_territory_member_count(t) + shr_territory_practice_count(t);
    }
    for (size_t i = 0; i < shr_catalog_actor_count(cat); i++) {
        const shr_actor *a = shr_catalog_actor_at(cat, i);
        FUZZ_CHECK(shr_catalog_actor(cat, shr_actor_id(a)) == a, "actor look-up");
        sum += strlen(shr_actor_name(a)) + strlen(shr_actor_kind_name(shr_actor_kind_of(a)));
        for (size_t k = 0; k < shr_actor_link_count(a); k++)
            sum += strlen(shr_actor_link_at(a, k));
        for (size_t k = 0; k < shr_actor_practice_count(a); k++)
            sum += shr_practice_index(shr_actor_practice_at(a, k));
    }
    for (size_t i = 0; i < shr_catalog_practice_count(cat); i++) {
        const shr_practice *p = shr_catalog_practice_at(cat, i);
        FUZZ_CHECK(shr_catalog_practice(cat, shr_practice_id(p)) == p, "practice look-up");
        FUZZ_CHECK(shr_practice_index(p) == i, "practice index");
        sum += strlen(shr_practice_name(p)) + strlen(shr_category_id(shr_practice_category(p)));
        if (shr_practice_description(p))
            sum += strlen(shr_practice_description(p));
        if (shr_practice_address(p))
            sum += strlen(shr_practice_address(p));
        FUZZ_CHECK(shr_practice_territory_count(p) >= 1, "a practice without territory");
        int32_t started = shr_practice_started(p), ended = shr_practice_ended(p);
        FUZZ_CHECK(started == SHR_NO_YEAR || ended == SHR_NO_YEAR || ended >= started,
                   "ended %d < started %d", (int)ended, (int)started);
        for (size_t k = 0; k < shr_practice_axis_count(p); k++)
            sum += strlen(shr_axis_id(shr_practice_axis_at(p, k)));
        for (size_t k = 0; k < shr_practice_territory_count(p); k++)
            sum += strlen(shr_territory_id(shr_practice_territory_at(p, k)));
        for (size_t k = 0; k < shr_practice_actor_count(p); k++)
            sum += strlen(shr_actor_id(shr_practice_actor_at(p, k))) +
                   strlen(shr_role_name((shr_role)shr_practice_actor_role(p, k)));
        for (size_t k = 0; k < shr_practice_tag_count(p); k++)
            sum += strlen(shr_practice_tag_at(p, k));
        for (size_t k = 0; k < shr_practice_figure_count(p); k++)
            sum += strlen(shr_practice_figure_name(p, k));
        for (size_t k = 0; k < shr_practice_link_count(p); k++)
            sum += strlen(shr_practice_link_at(p, k));
    }
    for (size_t i = 0; i < shr_catalog_action_count(cat); i++) {
        const shr_action *a = shr_catalog_action_at(cat, i);
        FUZZ_CHECK(shr_catalog_action(cat, shr_action_id(a)) == a, "action look-up");
        static const char *const langs[] = {"fr", "en"};
        for (int l = 0; l < 2; l++) {
            FUZZ_CHECK(shr_action_title(a, langs[l])[0] && shr_action_summary(a, langs[l])[0] &&
                           shr_action_challenge(a, langs[l])[0],
                       "an empty text of a fiche");
            for (int li = 0; li < SHR_ACTION_LIST_COUNT; li++)
                for (size_t k = 0; k < shr_action_item_count(a, (shr_action_list)li); k++)
                    sum += strlen(shr_action_item_at(a, (shr_action_list)li, k, langs[l]));
        }
        FUZZ_CHECK(shr_action_axis_count(a) >= 1 && shr_action_category_count(a) >= 1 &&
                       shr_action_item_count(a, SHR_ACTION_STEPS) >= 2,
                   "a fiche without axis, category or two steps");
        FUZZ_CHECK(shr_action_horizon(a) >= 1 && shr_action_horizon(a) <= 120, "horizon");
        for (size_t k = 0; k < shr_action_category_count(a); k++)
            sum += strlen(shr_category_id(shr_action_category_at(a, k)));
        for (size_t k = 0; k < shr_action_link_count(a); k++)
            sum += strlen(shr_action_link_at(a, k));
        for (size_t k = 0; k < shr_action_source_count(a); k++)
            sum += strlen(shr_action_source_at(a, k));
    }
    for (size_t i = 0; i < shr_catalog_file_count(cat); i++)
        sum += strlen(shr_catalog_file_path(cat, i));
    return sum;
}

#endif
