/*
 * The derived data of the territory graph: ancestors (sorted closure), children, members,
 * practices of a territory and of an actor; long chains; and the `within` relation on the real
 * French territories (data/fr-territories-2026.yaml).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sharitories/sharitories.h>

static shr_catalog *load_text(const char *yaml)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    assert_non_null(cat);
    shr_error err;
    int rc = shr_catalog_load_buffer(cat, "t.yaml", yaml, strlen(yaml), &err);
    if (rc)
        print_error("%u:%u %s\n", err.line, err.column, err.message);
    assert_int_equal(rc, SHR_OK);
    return cat;
}

static const shr_territory *T(const shr_catalog *cat, const char *id)
{
    const shr_territory *t = shr_catalog_territory(cat, id);
    if (!t)
        print_error("no territory %s\n", id);
    assert_non_null(t);
    return t;
}

/* A small DAG, written children first, with repeated references. */
static const char *small_graph =
    "sharitories: 1\n"
    "territories:\n"
    "  - {id: com2, name: x, kind: commune, parent: dep, groups: [epci, epci]}\n" /* 0 */
    "  - {id: com1, name: x, kind: commune, parent: dep, groups: [epci, pays]}\n" /* 1 */
    "  - {id: epci, name: x, kind: epci, parent: dep}\n"                          /* 2 */
    "  - {id: dep, name: x, kind: department, parent: reg}\n"                     /* 3 */
    "  - {id: reg, name: x, kind: region, parent: fr}\n"                          /* 4 */
    "  - {id: fr, name: x, kind: country}\n"                                      /* 5 */
    "  - {id: pays, name: x, kind: other, parent: reg}\n"                         /* 6 */
    "  - {id: alone, name: x, kind: other}\n"                                     /* 7 */
    "actors:\n"
    "  - {id: a, name: x, kind: company}\n"
    "  - {id: b, name: x, kind: network}\n"
    "practices:\n"
    "  - id: p0\n"
    "    name: x\n"
    "    category: amap\n"
    "    territories: [com1, com1, dep]\n"
    "    actors: [{actor: a, role: carrier}, {actor: a, role: funder}, {actor: a, role: carrier}]\n"
    "  - id: p1\n"
    "    name: x\n"
    "    category: amap\n"
    "    territories: [dep]\n"
    "    actors: [{actor: b, role: user}, {actor: a, role: partner}]\n";

static void test_ancestors_sorted(void **state)
{
    (void)state;
    shr_catalog *cat = load_text(small_graph);
    const shr_territory *com1 = T(cat, "com1");
    /* com1 -> dep, epci, pays -> reg -> fr: indices 2,3,4,5,6 in catalog order */
    assert_int_equal(shr_territory_ancestor_count(com1), 5);
    const char *expect[] = {"epci", "dep", "reg", "fr", "pays"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(shr_territory_id(shr_territory_ancestor_at(com1, i)), expect[i]);
    assert_null(shr_territory_ancestor_at(com1, 5));
    assert_int_equal(shr_territory_ancestor_count(T(cat, "com2")), 4);
    assert_int_equal(shr_territory_ancestor_count(T(cat, "fr")), 0);
    assert_int_equal(shr_territory_ancestor_count(T(cat, "alone")), 0);

    assert_true(shr_territory_within(com1, com1));
    assert_true(shr_territory_within(com1, T(cat, "fr")));
    assert_true(shr_territory_within(com1, T(cat, "pays")));
    assert_false(shr_territory_within(T(cat, "com2"), T(cat, "pays")));
    assert_false(shr_territory_within(T(cat, "dep"), com1));
    assert_false(shr_territory_within(T(cat, "alone"), T(cat, "fr")));
    shr_catalog_free(cat);
}

static void test_children_members_practices(void **state)
{
    (void)state;
    shr_catalog *cat = load_text(small_graph);
    const shr_territory *dep = T(cat, "dep"), *epci = T(cat, "epci");
    /* children of dep in catalog order: com2, com1, epci */
    assert_int_equal(shr_territory_child_count(dep), 3);
    assert_string_equal(shr_territory_id(shr_territory_child_at(dep, 0)), "com2");
    assert_string_equal(shr_territory_id(shr_territory_child_at(dep, 2)), "epci");
    assert_null(shr_territory_child_at(dep, 3));
    /* members: com2 lists epci twice but is one member */
    assert_int_equal(shr_territory_member_count(epci), 2);
    assert_string_equal(shr_territory_id(shr_territory_member_at(epci, 0)), "com2");
    assert_string_equal(shr_territory_id(shr_territory_member_at(epci, 1)), "com1");
    assert_int_equal(shr_territory_member_count(T(cat, "pays")), 1);
    assert_int_equal(shr_territory_child_count(T(cat, "com1")), 0);

    /* practices listing a territory itself, once each, in catalog order */
    assert_int_equal(shr_territory_practice_count(T(cat, "com1")), 1);
    assert_int_equal(shr_territory_practice_count(dep), 2);
    assert_string_equal(shr_practice_id(shr_territory_practice_at(dep, 1)), "p1");
    assert_int_equal(shr_territory_practice_count(T(cat, "reg")), 0);

    /* practices of an actor: once per (practice, role) */
    const shr_actor *a = shr_catalog_actor(cat, "a");
    assert_int_equal(shr_actor_practice_count(a), 3);
    assert_string_equal(shr_practice_id(shr_actor_practice_at(a, 0)), "p0");
    assert_int_equal(shr_actor_practice_role(a, 0), SHR_ROLE_CARRIER);
    assert_int_equal(shr_actor_practice_role(a, 1), SHR_ROLE_FUNDER);
    assert_string_equal(shr_practice_id(shr_actor_practice_at(a, 2)), "p1");
    assert_int_equal(shr_actor_practice_role(a, 2), SHR_ROLE_PARTNER);
    const shr_actor *b = shr_catalog_actor(cat, "b");
    assert_int_equal(shr_actor_practice_count(b), 1);
    assert_int_equal(shr_actor_practice_role(b, 0), SHR_ROLE_USER);
    shr_catalog_free(cat);
}

/* A second load rebuilds everything: earlier territories get the new children and practices. */
static void test_graph_grows_with_loads(void **state)
{
    (void)state;
    shr_catalog *cat = load_text(small_graph);
    const shr_territory *dep = T(cat, "dep");
    shr_error err;
    const char *more = "sharitories: 1\n"
                       "territories:\n"
                       "  - {id: com3, name: x, kind: commune, parent: dep, groups: [epci]}\n"
                       "practices:\n"
                       "  - {id: p2, name: x, category: amap, territories: [com3, dep]}\n";
    assert_int_equal(shr_catalog_load_buffer(cat, "more.yaml", more, strlen(more), &err), SHR_OK);
    assert_ptr_equal(T(cat, "dep"), dep); /* earlier pointers stay valid */
    assert_int_equal(shr_territory_child_count(dep), 4);
    assert_int_equal(shr_territory_member_count(T(cat, "epci")), 3);
    assert_int_equal(shr_territory_practice_count(dep), 3);
    assert_true(shr_territory_within(T(cat, "com3"), T(cat, "fr")));
    assert_int_equal(shr_territory_ancestor_count(T(cat, "com3")), 4);
    shr_catalog_free(cat);
}

/* A chain of 3000 territories, leaf first: iterative closure, no stack overflow. */
static void test_long_chain(void **state)
{
    (void)state;
    enum { N = 3000 };
    size_t cap = (size_t)N * 64 + 64;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    size_t len = (size_t)sprintf(yaml, "sharitories: 1\nterritories:\n");
    for (int i = N - 1; i >= 0; i--) {
        if (i > 0)
            len += (size_t)sprintf(yaml + len, "  - {id: t%d, name: x, kind: other, parent: t%d}\n",
                                   i, i - 1);
        else
            len += (size_t)sprintf(yaml + len, "  - {id: t0, name: x, kind: other}\n");
    }
    shr_catalog *cat = load_text(yaml);
    free(yaml);
    char id[16];
    snprintf(id, sizeof id, "t%d", N - 1);
    const shr_territory *leaf = T(cat, id), *root = T(cat, "t0");
    assert_int_equal(shr_territory_ancestor_count(leaf), N - 1);
    assert_true(shr_territory_within(leaf, root));
    assert_false(shr_territory_within(root, leaf));
    /* sorted by catalog index: t2999 is index 0, so t0 (index N-1) comes last */
    assert_ptr_equal(shr_territory_ancestor_at(leaf, N - 2), root);
    assert_int_equal(shr_territory_ancestor_count(T(cat, "t1")), 1);
    shr_catalog_free(cat);
}

/* ------------------------------------------------------------------ the real French data */

static shr_catalog *france;

static int load_france(void **state)
{
    (void)state;
    const char *dir = getenv("SHARITORIES_DATA_DIR");
    if (!dir)
        return -1;
    char path[1024];
    snprintf(path, sizeof path, "%s/fr-territories-2026.yaml", dir);
    france = shr_catalog_new(NULL);
    shr_error err;
    if (shr_catalog_load(france, path, &err) != SHR_OK) {
        print_error("%s:%u:%u %s\n", err.file, err.line, err.column, err.message);
        return -1;
    }
    return 0;
}

static int free_france(void **state)
{
    (void)state;
    shr_catalog_free(france);
    return 0;
}

static void test_france_commune(void **state)
{
    (void)state;
    const shr_territory *nevers = T(france, "fr-com-58194");
    assert_string_equal(shr_territory_name(nevers), "Nevers");
    assert_true(shr_territory_within(nevers, T(france, "fr-dep-58")));
    assert_true(shr_territory_within(nevers, T(france, "fr-reg-27")));
    assert_true(shr_territory_within(nevers, T(france, "fr")));
    /* its EPCI, from the data rather than written here */
    assert_true(shr_territory_group_count(nevers) >= 1);
    const shr_territory *epci = shr_territory_group_at(nevers, 0);
    assert_int_equal(shr_territory_kind_of(epci), SHR_TERRITORY_EPCI);
    assert_true(shr_territory_within(nevers, epci));
    assert_false(shr_territory_within(epci, nevers));
    /* not within the neighbouring departments (Cher, Yonne, Côte-d'Or, Allier) */
    assert_false(shr_territory_within(nevers, T(france, "fr-dep-18")));
    assert_false(shr_territory_within(nevers, T(france, "fr-dep-89")));
    assert_false(shr_territory_within(nevers, T(france, "fr-dep-21")));
    assert_false(shr_territory_within(nevers, T(france, "fr-dep-03")));
    /* Corsican ids are lower-cased in the bundled copy */
    assert_true(shr_territory_within(T(france, "fr-com-2a004"), T(france, "fr-dep-2a")));
    assert_false(shr_territory_within(T(france, "fr-com-2a004"), T(france, "fr-dep-2b")));
}

/* Every commune is within its department, its region, its EPCIs and the country. */
static void test_france_all_communes(void **state)
{
    (void)state;
    const shr_territory *fr = T(france, "fr");
    size_t communes = 0;
    for (size_t i = 0; i < shr_catalog_territory_count(france); i++) {
        const shr_territory *t = shr_catalog_territory_at(france, i);
        if (shr_territory_kind_of(t) != SHR_TERRITORY_COMMUNE)
            continue;
        communes++;
        const shr_territory *dep = shr_territory_parent(t);
        assert_non_null(dep);
        assert_int_equal(shr_territory_kind_of(dep), SHR_TERRITORY_DEPARTMENT);
        const shr_territory *reg = shr_territory_parent(dep);
        assert_int_equal(shr_territory_kind_of(reg), SHR_TERRITORY_REGION);
        assert_true(shr_territory_within(t, dep));
        assert_true(shr_territory_within(t, reg));
        assert_true(shr_territory_within(t, fr));
        for (size_t g = 0; g < shr_territory_group_count(t); g++)
            assert_true(shr_territory_within(t, shr_territory_group_at(t, g)));
    }
    assert_true(communes > 34000);
}

/*
 * An EPCI whose communes lie in two departments has a region as parent (data/README.md): it is
 * within that region but within neither department, while its communes are within their own.
 */
static void test_france_epci_across_departments(void **state)
{
    (void)state;
    const shr_territory *found = NULL, *dep_a = NULL, *dep_b = NULL;
    for (size_t i = 0; i < shr_catalog_territory_count(france) && !found; i++) {
        const shr_territory *e = shr_catalog_territory_at(france, i);
        if (shr_territory_kind_of(e) != SHR_TERRITORY_EPCI)
            continue;
        const shr_territory *first = NULL;
        for (size_t m = 0; m < shr_territory_member_count(e); m++) {
            const shr_territory *dep = shr_territory_parent(shr_territory_member_at(e, m));
            if (!first)
                first = dep;
            else if (dep != first) {
                found = e, dep_a = first, dep_b = dep;
                break;
            }
        }
    }
    assert_non_null(found);
    print_message("EPCI across departments: %s (%s), %s and %s\n", shr_territory_id(found),
                  shr_territory_name(found), shr_territory_id(dep_a), shr_territory_id(dep_b));
    const shr_territory *parent = shr_territory_parent(found);
    assert_int_equal(shr_territory_kind_of(parent), SHR_TERRITORY_REGION);
    assert_false(shr_territory_within(found, dep_a));
    assert_false(shr_territory_within(found, dep_b));
    assert_true(shr_territory_within(found, parent));
    assert_true(shr_territory_within(found, T(france, "fr")));
    for (size_t m = 0; m < shr_territory_member_count(found); m++) {
        const shr_territory *c = shr_territory_member_at(found, m);
        assert_true(shr_territory_within(c, found));
        assert_true(shr_territory_within(c, shr_territory_parent(c)));
    }
}

/* Territories by folded name (the issue 13 example: "epinal" finds Épinal). */
static void test_france_find_territories(void **state)
{
    (void)state;
    const shr_territory *out[8];
    size_t n = shr_catalog_find_territories(france, "epinal", SHR_TERRITORY_COMMUNE, out, 8);
    assert_int_equal(n, 1);
    assert_string_equal(shr_territory_id(out[0]), "fr-com-88160");
    assert_string_equal(shr_territory_name(out[0]), "Épinal");
    /* case, accents and punctuation fold away; any kind with -1 */
    assert_true(
        shr_catalog_find_territories(france, "ÉPINAL", SHR_TERRITORY_KIND_NONE, out, 8) >= 1);
    assert_ptr_equal(out[0], T(france, "fr-com-88160"));
    assert_int_equal(shr_catalog_find_territories(france, "mont de marsan", SHR_TERRITORY_COMMUNE,
                                                  out, 8), 1);
    assert_string_equal(shr_territory_id(out[0]), "fr-com-40192");
    /* exact matches first, then prefixes, each in catalog order; the count may exceed cap */
    size_t all = shr_catalog_find_territories(france, "Saint-Malo", SHR_TERRITORY_COMMUNE, NULL, 0);
    assert_true(all >= 5);
    const shr_territory **many = calloc(all, sizeof *many);
    assert_non_null(many);
    assert_int_equal(shr_catalog_find_territories(france, "saint malo", SHR_TERRITORY_COMMUNE,
                                                  many, all), all);
    assert_string_equal(shr_territory_name(many[0]), "Saint-Malo");
    for (size_t i = 1; i < all; i++) {
        /* "Saint-Malo-de-Phily"..., and "Saint-Malô-du-Bois" (accents fold away) */
        assert_true(strncmp(shr_territory_name(many[i]), "Saint-Mal", 9) == 0);
        assert_true(strlen(shr_territory_name(many[i])) > 10);
        if (i > 1)
            assert_true(shr_territory_index(many[i - 1]) < shr_territory_index(many[i]));
    }
    assert_int_equal(shr_catalog_find_territories(france, "saint malo", SHR_TERRITORY_COMMUNE,
                                                  out, 2), all);
    assert_ptr_equal(out[0], many[0]);
    assert_ptr_equal(out[1], many[1]);
    free(many);
    /* the kind filter: the region Bretagne, not the two communes of that name */
    assert_int_equal(shr_catalog_find_territories(france, "bretagne", SHR_TERRITORY_REGION, out, 8), 1);
    assert_string_equal(shr_territory_id(out[0]), "fr-reg-53");
    /* the communes: the two named Bretagne, then Bretagne-d'Armagnac... */
    assert_true(shr_catalog_find_territories(france, "bretagne", SHR_TERRITORY_COMMUNE, out, 8) > 2);
    assert_string_equal(shr_territory_name(out[0]), "Bretagne");
    assert_string_equal(shr_territory_name(out[1]), "Bretagne");
    assert_string_not_equal(shr_territory_name(out[2]), "Bretagne");
    assert_int_equal(shr_catalog_find_territories(france, "bretagne", SHR_TERRITORY_EPCI, out, 8), 0);
    /* nothing to look for */
    assert_int_equal(shr_catalog_find_territories(france, "", -1, out, 8), 0);
    assert_int_equal(shr_catalog_find_territories(france, " -- ", -1, out, 8), 0);
    assert_int_equal(shr_catalog_find_territories(france, NULL, -1, out, 8), 0);
    assert_int_equal(shr_catalog_find_territories(NULL, "epinal", -1, out, 8), 0);
    assert_int_equal(shr_catalog_find_territories(france, "zzzz-no-such-place", -1, out, 8), 0);
}

/* The EPCI, department and region of a commune; NULL when there is none. */
static void test_france_ancestor_of_kind(void **state)
{
    (void)state;
    const shr_territory *epinal = T(france, "fr-com-88160");
    const shr_territory *epci = shr_territory_ancestor_of_kind(epinal, SHR_TERRITORY_EPCI);
    assert_non_null(epci);
    assert_ptr_equal(epci, shr_territory_group_at(epinal, 0)); /* fr-epci-200068757 in the data */
    assert_string_equal(shr_territory_id(epci), "fr-epci-200068757");
    assert_ptr_equal(shr_territory_ancestor_of_kind(epinal, SHR_TERRITORY_DEPARTMENT),
                     T(france, "fr-dep-88"));
    assert_ptr_equal(shr_territory_ancestor_of_kind(epinal, SHR_TERRITORY_REGION),
                     T(france, "fr-reg-44"));
    assert_ptr_equal(shr_territory_ancestor_of_kind(epinal, SHR_TERRITORY_COUNTRY), T(france, "fr"));
    /* never itself; NULL when none */
    assert_null(shr_territory_ancestor_of_kind(epinal, SHR_TERRITORY_COMMUNE));
    assert_null(shr_territory_ancestor_of_kind(T(france, "fr"), SHR_TERRITORY_REGION));
    assert_null(shr_territory_ancestor_of_kind(T(france, "fr-reg-44"), SHR_TERRITORY_EPCI));
    assert_null(shr_territory_ancestor_of_kind(NULL, SHR_TERRITORY_REGION));
    /* every commune: the department is its parent, the region the department's parent */
    for (size_t i = 0; i < shr_catalog_territory_count(france); i++) {
        const shr_territory *t = shr_catalog_territory_at(france, i);
        if (shr_territory_kind_of(t) != SHR_TERRITORY_COMMUNE)
            continue;
        const shr_territory *dep = shr_territory_ancestor_of_kind(t, SHR_TERRITORY_DEPARTMENT);
        assert_ptr_equal(dep, shr_territory_parent(t));
        assert_ptr_equal(shr_territory_ancestor_of_kind(t, SHR_TERRITORY_REGION),
                         shr_territory_parent(dep));
        const shr_territory *e = shr_territory_ancestor_of_kind(t, SHR_TERRITORY_EPCI);
        if (e)
            assert_true(shr_territory_within(t, e));
    }
}

int main(void)
{
    const struct CMUnitTest small[] = {
        cmocka_unit_test(test_ancestors_sorted),
        cmocka_unit_test(test_children_members_practices),
        cmocka_unit_test(test_graph_grows_with_loads),
        cmocka_unit_test(test_long_chain),
    };
    const struct CMUnitTest real[] = {
        cmocka_unit_test(test_france_commune),
        cmocka_unit_test(test_france_all_communes),
        cmocka_unit_test(test_france_epci_across_departments),
        cmocka_unit_test(test_france_find_territories),
        cmocka_unit_test(test_france_ancestor_of_kind),
    };
    int failed = cmocka_run_group_tests_name("graph", small, NULL, NULL);
    failed += cmocka_run_group_tests_name("france", real, load_france, free_france);
    return failed;
}
