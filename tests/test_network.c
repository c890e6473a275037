/*
 * The cooperation network (analysis.h): nodes, weighted edges, practices spanning several
 * territories and actors active in several departments, checked by brute force over the
 * records on generated and real data; CSV tables and GraphML (well-formed, escaped).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "analysis_util.h"

static int takes_part(const shr_practice *p, const shr_actor *a)
{
    for (size_t i = 0; i < shr_practice_actor_count(p); i++)
        if (shr_practice_actor_at(p, i) == a)
            return 1;
    return 0;
}

/* Departments containing t, by walking edges (t itself when it is one). */
static void bf_departments(const shr_territory *t, const shr_territory **out, size_t *n)
{
    if (shr_territory_kind_of(t) == SHR_TERRITORY_DEPARTMENT) {
        int dup = 0;
        for (size_t i = 0; i < *n; i++)
            dup |= out[i] == t;
        if (!dup)
            out[(*n)++] = t;
    }
    if (shr_territory_parent(t))
        bf_departments(shr_territory_parent(t), out, n);
    for (size_t i = 0; i < shr_territory_group_count(t); i++)
        bf_departments(shr_territory_group_at(t, i), out, n);
}

static void check(const shr_catalog *cat, const shr_result *r)
{
    shr_network *net = NULL;
    shr_error err;
    if (shr_network_compute(cat, r, &net, &err) != SHR_OK)
        fail_msg("shr_network_compute: %s", err.message);
    size_t np = shr_catalog_practice_count(cat), na = shr_catalog_actor_count(cat);
    uint8_t *sel = calloc(np + 1, 1);
    if (r)
        for (size_t i = 0; i < shr_result_count(r); i++)
            sel[shr_practice_index(shr_result_at(r, i))] = 1;
    else
        memset(sel, 1, np);

    /* Nodes: actors of selected practices, in catalog order, with their practice counts. */
    size_t *node_of = malloc((na + 1) * sizeof *node_of), nn = 0;
    for (size_t ai = 0; ai < na; ai++) {
        const shr_actor *a = shr_catalog_actor_at(cat, ai);
        size_t count = 0;
        for (size_t pi = 0; pi < np; pi++)
            count += sel[pi] && takes_part(shr_catalog_practice_at(cat, pi), a);
        node_of[ai] = SHR_NONE;
        if (!count)
            continue;
        assert_ptr_equal(shr_network_node_at(net, nn), a);
        assert_int_equal(shr_network_node_practices(net, nn), count);
        /* departments */
        const shr_territory *deps[4096];
        size_t nd = 0;
        for (size_t pi = 0; pi < np; pi++) {
            const shr_practice *p = shr_catalog_practice_at(cat, pi);
            if (!sel[pi] || !takes_part(p, a))
                continue;
            for (size_t t = 0; t < shr_practice_territory_count(p); t++)
                bf_departments(shr_practice_territory_at(p, t), deps, &nd);
        }
        assert_int_equal(shr_network_node_departments(net, nn), nd);
        for (size_t k = 0; k < nd; k++) {
            int found = 0;
            for (size_t j = 0; j < nd; j++)
                found |= shr_network_node_department_at(net, nn, j) == deps[k];
            assert_true(found);
        }
        node_of[ai] = nn++;
    }
    assert_int_equal(shr_network_node_count(net), nn);
    assert_null(shr_network_node_at(net, nn));

    /* Edges: every pair sharing a practice, weight = practices shared, sorted. */
    size_t ne = 0;
    for (size_t a = 0; a < na; a++) {
        if (node_of[a] == SHR_NONE)
            continue;
        for (size_t b = a + 1; b < na; b++) {
            if (node_of[b] == SHR_NONE)
                continue;
            size_t w = 0;
            for (size_t pi = 0; pi < np; pi++) {
                const shr_practice *p = shr_catalog_practice_at(cat, pi);
                w += sel[pi] && takes_part(p, shr_catalog_actor_at(cat, a)) &&
                     takes_part(p, shr_catalog_actor_at(cat, b));
            }
            if (!w)
                continue;
            assert_int_equal(shr_network_edge_source(net, ne), node_of[a]);
            assert_int_equal(shr_network_edge_target(net, ne), node_of[b]);
            assert_int_equal(shr_network_edge_weight(net, ne), w);
            ne++;
        }
    }
    assert_int_equal(shr_network_edge_count(net), ne);
    assert_int_equal(shr_network_edge_source(net, ne), SHR_NONE);

    /* Spanning practices: two or more distinct territories. */
    size_t ns = 0;
    for (size_t pi = 0; pi < np; pi++) {
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        size_t distinct = 0;
        for (size_t i = 0; i < shr_practice_territory_count(p); i++) {
            int dup = 0;
            for (size_t j = 0; j < i; j++)
                dup |= shr_practice_territory_at(p, j) == shr_practice_territory_at(p, i);
            distinct += !dup;
        }
        if (sel[pi] && distinct >= 2)
            assert_ptr_equal(shr_network_spanning_at(net, ns++), p);
    }
    assert_int_equal(shr_network_spanning_count(net), ns);

    /* Multi-department actors. */
    size_t nm = 0;
    for (size_t i = 0; i < nn; i++)
        if (shr_network_node_departments(net, i) >= 2)
            assert_int_equal(shr_network_multi_department_node(net, nm++), i);
    assert_int_equal(shr_network_multi_department_count(net), nm);

    free(node_of);
    free(sel);
    shr_network_free(net);
}

static void test_generated(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 3; seed++) {
        shr_catalog *cat = load_generated(seed, 200);
        check(cat, NULL);
        shr_result *r = NULL;
        shr_error err;
        assert_int_equal(shr_catalog_select(cat, "in:g-dep-1 OR tag:jeunes", &r, &err), SHR_OK);
        check(cat, r);
        shr_result_free(r);
        assert_int_equal(shr_catalog_select(cat, "status:ended -status:ended", &r, &err), SHR_OK);
        check(cat, r); /* empty network */
        shr_result_free(r);
        shr_catalog_free(cat);
    }
}

static void test_real(void **state)
{
    (void)state;
    shr_catalog *cat = load_real();
    check(cat, NULL);
    shr_network *net = NULL;
    shr_error err;
    assert_int_equal(shr_network_compute(cat, NULL, &net, &err), SHR_OK);
    /* Pinned from the seeds: Le Lab, Ouishare and Chronos carry the Sharitories study. */
    int found = 0;
    for (size_t e = 0; e < shr_network_edge_count(net); e++) {
        const shr_actor *a = shr_network_node_at(net, shr_network_edge_source(net, e));
        const shr_actor *b = shr_network_node_at(net, shr_network_edge_target(net, e));
        if (strcmp(shr_actor_id(a), "le-lab") == 0 && strcmp(shr_actor_id(b), "ouishare") == 0)
            found = (int)shr_network_edge_weight(net, e);
    }
    assert_true(found >= 1);
    shr_network_free(net);
    shr_catalog_free(cat);
}

/* A minimal XML well-formedness check: balanced, properly nested tags; attribute values
 * quoted; no raw '<' or '&' (other than entities) in text; returns the number of elements. */
static size_t xml_check(const char *s)
{
    const char *stack[64];
    size_t depth = 0, elements = 0;
    const char *p = s;
    if (strncmp(p, "<?xml", 5) == 0)
        p = strstr(p, "?>") + 2;
    while (*p) {
        if (*p == '&') {
            const char *e = strchr(p, ';');
            assert_non_null(e);
            assert_true(strncmp(p, "&amp;", 5) == 0 || strncmp(p, "&lt;", 4) == 0 ||
                        strncmp(p, "&gt;", 4) == 0 || strncmp(p, "&quot;", 6) == 0 ||
                        strncmp(p, "&apos;", 6) == 0 || p[1] == '#');
            p = e + 1;
            continue;
        }
        if (*p != '<') {
            assert_true(*p != '>');
            p++;
            continue;
        }
        const char *end = p + 1;
        char quote = 0;
        for (; *end && (quote || *end != '>'); end++) {
            if (quote && *end == quote)
                quote = 0;
            else if (!quote && (*end == '"' || *end == '\''))
                quote = *end;
            else if (*end == '<')
                fail_msg("raw '<' inside a tag near: %.40s", p);
        }
        assert_int_equal(*end, '>');
        if (p[1] == '/') {
            assert_true(depth > 0);
            const char *name = stack[--depth];
            size_t n = strcspn(name, " \t\n/>");
            assert_true(strncmp(p + 2, name, n) == 0 && (p[2 + n] == '>' || p[2 + n] == ' '));
        } else if (end[-1] != '/') {
            assert_true(depth < 64);
            stack[depth++] = p + 1;
            elements++;
        } else {
            elements++;
        }
        p = end + 1;
    }
    assert_int_equal(depth, 0);
    return elements;
}

static void test_writers(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(8, 200);
    shr_network *net = NULL;
    shr_error err;
    assert_int_equal(shr_network_compute(cat, NULL, &net, &err), SHR_OK);
    char *text;
    size_t len;
    int rc;
    CAPTURE(shr_network_write_graphml_file(net, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    size_t elements = xml_check(text);
    /* graphml + 7 keys + graph + nodes (7 children each) + edges (1 child each) */
    size_t nn = shr_network_node_count(net), ne = shr_network_edge_count(net);
    assert_int_equal(elements, 1 + 7 + 1 + nn * 7 + ne * 2);
    /* a-7 is named `Tom & Jerry <"asso"> l'été`: escaped, never raw. */
    int has_a7 = 0;
    for (size_t i = 0; i < nn; i++)
        has_a7 |= strcmp(shr_actor_id(shr_network_node_at(net, i)), "a-7") == 0;
    if (has_a7)
        assert_non_null(strstr(text, "Tom &amp; Jerry &lt;&quot;asso&quot;&gt; l&apos;été"));
    assert_null(strstr(text, "Tom & Jerry"));
    assert_non_null(strstr(text, "edgedefault=\"undirected\""));
    assert_non_null(strstr(text, "attr.name=\"weight\" attr.type=\"double\""));
    free(text);

    CAPTURE(shr_network_write_csv_file(net, SHR_NETWORK_EDGES, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    assert_true(strncmp(text, "Source,Target,Weight,", 21) == 0);
    assert_int_equal(csv_parse(text, NULL, NULL), ne + 1);
    free(text);
    CAPTURE(shr_network_write_csv_file(net, SHR_NETWORK_NODES, f, &err), text, len, rc);
    assert_int_equal(csv_parse(text, NULL, NULL), nn + 1);
    if (has_a7)
        assert_non_null(strstr(text, "\"Tom & Jerry <\"\"asso\"\"> l'été\""));
    free(text);
    CAPTURE(shr_network_write_csv_file(net, SHR_NETWORK_SPANNING, f, &err), text, len, rc);
    assert_int_equal(csv_parse(text, NULL, NULL), shr_network_spanning_count(net) + 1);
    free(text);
    CAPTURE(shr_network_write_csv_file(net, SHR_NETWORK_MULTI_DEPARTMENT, f, &err), text, len, rc);
    assert_int_equal(csv_parse(text, NULL, NULL), shr_network_multi_department_count(net) + 1);
    free(text);
    (void)len;

    shr_network_table t;
    assert_int_equal(shr_network_table_from_name("multi-department", &t), SHR_OK);
    assert_int_equal(t, SHR_NETWORK_MULTI_DEPARTMENT);
    assert_int_equal(shr_network_table_from_name("nope", &t), SHR_ENOTFOUND);
    assert_null(shr_network_table_name(SHR_NETWORK_TABLE_COUNT));
    shr_network_free(net);
    shr_network_free(NULL);

    /* A result of another catalog is refused. */
    shr_catalog *other = load_generated(9, 10);
    shr_result *r = NULL;
    assert_int_equal(shr_catalog_select(other, "", &r, &err), SHR_OK);
    assert_int_equal(shr_network_compute(cat, r, &net, &err), SHR_EINVAL);
    assert_null(net);
    shr_result_free(r);
    shr_catalog_free(other);
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
