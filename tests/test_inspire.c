/*
 * inspire (analysis.h): peers, the categories peers have and the territory lacks, those it has,
 * shares and examples, each checked against a brute-force computation over the catalog's
 * records (territory containment by walking parent/groups edges) on generated and real data.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "analysis_util.h"

/* Brute-force expectation for one territory. */
typedef struct expect {
    size_t npeers;
    const shr_territory **peers;
    size_t ncat;
    size_t *with; /* per category: peers having it */
    size_t *own;  /* per category: practices within the territory */
} expect;

static int counts(const uint8_t *mask, size_t pi)
{
    return !mask || mask[pi];
}

static expect brute(const shr_catalog *cat, const shr_territory *t, double lo, double hi,
                    const char *const *ids, size_t nids, const uint8_t *mask)
{
    expect e = {0};
    size_t nt = shr_catalog_territory_count(cat), np = shr_catalog_practice_count(cat);
    e.peers = calloc(nt, sizeof *e.peers);
    e.ncat = shr_catalog_category_count(cat);
    e.with = calloc(e.ncat, sizeof *e.with);
    e.own = calloc(e.ncat, sizeof *e.own);
    for (size_t i = 0; i < nt; i++) {
        const shr_territory *u = shr_catalog_territory_at(cat, i);
        int peer = 0;
        if (ids) {
            for (size_t k = 0; k < nids; k++)
                peer |= strcmp(ids[k], shr_territory_id(u)) == 0;
        } else {
            int64_t p = shr_territory_population(u), pop = shr_territory_population(t);
            peer = shr_territory_kind_of(u) == shr_territory_kind_of(t) && p >= 0 &&
                   (double)p >= lo * (double)pop && (double)p <= hi * (double)pop;
        }
        if (peer && u != t)
            e.peers[e.npeers++] = u;
    }
    uint8_t *has = calloc(e.npeers * e.ncat + 1, 1);
    for (size_t pi = 0; pi < np; pi++) {
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        if (!counts(mask, pi))
            continue;
        size_t c = shr_category_index(shr_practice_category(p));
        for (size_t k = 0; k < e.npeers; k++)
            if (!has[k * e.ncat + c] && bf_practice_within(p, e.peers[k]))
                has[k * e.ncat + c] = 1;
        if (bf_practice_within(p, t))
            e.own[c]++;
    }
    for (size_t k = 0; k < e.npeers; k++)
        for (size_t c = 0; c < e.ncat; c++)
            e.with[c] += has[k * e.ncat + c];
    free(has);
    return e;
}

static void expect_free(expect *e)
{
    free(e->peers);
    free(e->with);
    free(e->own);
}

/* Number of practices of category c within any of the territories of list (for the expected
 * number of examples). */
static size_t available(const shr_catalog *cat, size_t c, const shr_territory *const *list,
                        size_t n, const uint8_t *mask)
{
    size_t count = 0;
    for (size_t pi = 0; pi < shr_catalog_practice_count(cat); pi++) {
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        if (!counts(mask, pi) || shr_category_index(shr_practice_category(p)) != c)
            continue;
        for (size_t k = 0; k < n; k++)
            if (bf_practice_within(p, list[k])) {
                count++;
                break;
            }
    }
    return count;
}

static void check(const shr_catalog *cat, const shr_inspiration *insp, const expect *e,
                  size_t max_examples, const uint8_t *mask)
{
    const shr_territory *t = shr_inspiration_territory(insp);
    assert_int_equal(shr_inspiration_peer_count(insp), e->npeers);
    for (size_t k = 0; k < e->npeers; k++)
        assert_ptr_equal(shr_inspiration_peer_at(insp, k), e->peers[k]);
    assert_null(shr_inspiration_peer_at(insp, e->npeers));

    /* Every category appears in the right list, once, with the right counts. */
    size_t nlacks = 0, nhas = 0;
    for (size_t c = 0; c < e->ncat; c++) {
        nlacks += e->own[c] == 0 && e->with[c] > 0;
        nhas += e->own[c] > 0;
    }
    assert_int_equal(shr_inspiration_count(insp, SHR_INSPIRE_LACKS), nlacks);
    assert_int_equal(shr_inspiration_count(insp, SHR_INSPIRE_HAS), nhas);
    for (int l = 0; l < SHR_INSPIRE_LIST_COUNT; l++) {
        shr_inspire_list list = (shr_inspire_list)l;
        size_t n = shr_inspiration_count(insp, list);
        for (size_t i = 0; i < n; i++) {
            const shr_category *cc = shr_inspiration_category(insp, list, i);
            size_t c = shr_category_index(cc);
            assert_int_equal(shr_inspiration_peers_with(insp, list, i), e->with[c]);
            assert_int_equal(shr_inspiration_own_count(insp, list, i), e->own[c]);
            double share = e->npeers ? (double)e->with[c] / (double)e->npeers : 0.0;
            assert_true(fabs(shr_inspiration_share(insp, list, i) - share) < 1e-12);
            if (list == SHR_INSPIRE_LACKS)
                assert_true(e->own[c] == 0 && e->with[c] > 0);
            else
                assert_true(e->own[c] > 0);
            if (i > 0) { /* order: share (desc for lacks, asc for has), then category order */
                size_t pc = shr_category_index(shr_inspiration_category(insp, list, i - 1));
                if (e->with[pc] == e->with[c])
                    assert_true(pc < c);
                else if (list == SHR_INSPIRE_LACKS)
                    assert_true(e->with[pc] > e->with[c]);
                else
                    assert_true(e->with[pc] < e->with[c]);
            }
            /* Examples: distinct practices of the category, within their territory, which is
             * a peer (lacks) or the territory itself (has); as many as there are, up to max. */
            size_t nex = shr_inspiration_example_count(insp, list, i);
            size_t avail = list == SHR_INSPIRE_LACKS
                               ? available(cat, c, e->peers, e->npeers, mask)
                               : available(cat, c, &t, 1, mask);
            assert_int_equal(nex, avail < max_examples ? avail : max_examples);
            for (size_t k = 0; k < nex; k++) {
                const shr_practice *p = shr_inspiration_example_at(insp, list, i, k);
                const shr_territory *w = shr_inspiration_example_territory(insp, list, i, k);
                assert_ptr_equal(shr_practice_category(p), cc);
                assert_true(bf_practice_within(p, w));
                if (mask)
                    assert_true(mask[shr_practice_index(p)]);
                if (list == SHR_INSPIRE_HAS) {
                    assert_ptr_equal(w, t);
                } else {
                    int is_peer = 0;
                    for (size_t j = 0; j < e->npeers; j++)
                        is_peer |= e->peers[j] == w;
                    assert_true(is_peer);
                }
                for (size_t j = 0; j < k; j++)
                    assert_ptr_not_equal(shr_inspiration_example_at(insp, list, i, j), p);
            }
            assert_null(shr_inspiration_example_at(insp, list, i, nex));
        }
        assert_null(shr_inspiration_category(insp, list, n));
    }
}

static void run_case(const shr_catalog *cat, const char *id, const shr_inspire_options *o,
                     const uint8_t *mask)
{
    shr_inspiration *insp = NULL;
    shr_error err;
    int rc = shr_inspiration_compute(cat, id, o, &insp, &err);
    if (rc != SHR_OK)
        fail_msg("shr_inspiration_compute(%s): %s", id, err.message);
    const shr_territory *t = shr_catalog_territory(cat, id);
    expect e = brute(cat, t, o->band_low, o->band_high, o->peers, o->peer_count, mask);
    check(cat, insp, &e, o->examples, mask);
    expect_free(&e);
    shr_inspiration_free(insp);
}

static void test_generated(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 3; seed++) {
        shr_catalog *cat = load_generated(seed, 250);
        shr_inspire_options o = SHR_INSPIRE_OPTIONS_INIT;
        for (int i = 0; i < 40; i += 3) {
            char id[32];
            snprintf(id, sizeof id, "g-com-%d", i);
            if (shr_territory_population(shr_catalog_territory(cat, id)) < 0)
                continue;
            run_case(cat, id, &o, NULL);
        }
        /* Other bands and example counts. */
        o.band_low = 0.0;
        o.band_high = 100.0;
        o.examples = 5;
        run_case(cat, "g-com-1", &o, NULL);
        o.band_low = o.band_high = 1.0; /* nobody has exactly the same population */
        o.examples = 1;
        run_case(cat, "g-com-2", &o, NULL);
        o.examples = 0;
        o.band_low = 0.5;
        o.band_high = 2;
        run_case(cat, "g-dep-1", &o, NULL);
        shr_catalog_free(cat);
    }
}

static void test_explicit_peers(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(5, 250);
    const char *peers[] = {"g-com-3", "g-epci-2", "g-com-3", "g-com-0", "g-dep-3"};
    shr_inspire_options o = SHR_INSPIRE_OPTIONS_INIT;
    o.peers = peers;
    o.peer_count = 5;
    /* g-com-0 is the territory itself: skipped; g-com-3 repeated: once. */
    run_case(cat, "g-com-0", &o, NULL);
    shr_inspiration *insp = NULL;
    shr_error err;
    assert_int_equal(shr_inspiration_compute(cat, "g-com-0", &o, &insp, &err), SHR_OK);
    assert_int_equal(shr_inspiration_peer_count(insp), 3);
    shr_inspiration_free(insp);
    /* A commune without population works with explicit peers. */
    run_case(cat, "g-com-8", &o, NULL);
    shr_catalog_free(cat);
}

static void test_filter(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(9, 300);
    shr_query *q = NULL;
    shr_error err;
    assert_int_equal(shr_query_parse(cat, "tag:rural -status:ended", &q, &err), SHR_OK);
    size_t np = shr_catalog_practice_count(cat);
    uint8_t *mask = calloc(np, 1);
    for (size_t pi = 0; pi < np; pi++) {
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        int rural = 0;
        for (size_t k = 0; k < shr_practice_tag_count(p); k++)
            rural |= strcmp(shr_practice_tag_at(p, k), "rural") == 0;
        mask[pi] = (uint8_t)(rural && shr_practice_status(p) != SHR_STATUS_ENDED);
    }
    shr_inspire_options o = SHR_INSPIRE_OPTIONS_INIT;
    o.filter = q;
    o.band_low = 0.1;
    o.band_high = 10;
    run_case(cat, "g-com-4", &o, mask);
    run_case(cat, "g-com-10", &o, mask);
    free(mask);
    shr_query_free(q);
    shr_catalog_free(cat);
}

static void test_errors(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(2, 50);
    shr_inspiration *insp = (shr_inspiration *)&insp;
    shr_error err;
    assert_int_equal(shr_inspiration_compute(cat, "nowhere", NULL, &insp, &err), SHR_ENOTFOUND);
    assert_null(insp);
    assert_non_null(strstr(err.message, "nowhere"));
    /* no population, no peers given */
    assert_int_equal(shr_inspiration_compute(cat, "g-com-8", NULL, &insp, &err), SHR_EINVAL);
    assert_non_null(strstr(err.message, "population"));
    char missing[SHR_ERROR_MESSAGE_MAX];
    snprintf(missing, sizeof missing, "%s", err.message);
    shr_inspire_options o = SHR_INSPIRE_OPTIONS_INIT;
    o.band_low = 3;
    o.band_high = 2;
    assert_int_equal(shr_inspiration_compute(cat, "g-com-1", &o, &insp, &err), SHR_EINVAL);
    o.band_low = NAN;
    assert_int_equal(shr_inspiration_compute(cat, "g-com-1", &o, &insp, &err), SHR_EINVAL);
    o = (shr_inspire_options)SHR_INSPIRE_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(shr_inspiration_compute(cat, "g-com-1", &o, &insp, &err), SHR_EINVAL);
    const char *bad[] = {"g-com-1", "nope"};
    o = (shr_inspire_options)SHR_INSPIRE_OPTIONS_INIT;
    o.peers = bad;
    o.peer_count = 2;
    assert_int_equal(shr_inspiration_compute(cat, "g-com-2", &o, &insp, &err), SHR_ENOTFOUND);
    assert_non_null(strstr(err.message, "nope"));
    /* getters on NULL and out of range */
    assert_int_equal(shr_inspiration_count(NULL, SHR_INSPIRE_LACKS), 0);
    assert_null(shr_inspiration_category(NULL, SHR_INSPIRE_HAS, 0));
    assert_string_equal(shr_inspire_list_name(SHR_INSPIRE_LACKS), "lacks");
    assert_null(shr_inspire_list_name(SHR_INSPIRE_LIST_COUNT));
    shr_inspiration_free(NULL);
    /* a population of 0 is no population: the same error, not the other empty territories as
     * peers (0 x any band is 0) */
    shr_catalog *zero = shr_catalog_new(NULL);
    const char *yaml = "sharitories: 1\n"
                       "territories:\n"
                       "  - {id: z1, name: Z1, kind: commune, population: 0}\n"
                       "  - {id: z2, name: Z2, kind: commune, population: 0}\n"
                       "  - {id: z3, name: Z3, kind: commune}\n";
    assert_int_equal(shr_catalog_load_buffer(zero, "zero.yaml", yaml, strlen(yaml), &err), SHR_OK);
    assert_int_equal(shr_inspiration_compute(zero, "z3", NULL, &insp, &err), SHR_EINVAL);
    char no_pop[SHR_ERROR_MESSAGE_MAX];
    snprintf(no_pop, sizeof no_pop, "%s", err.message);
    assert_int_equal(shr_inspiration_compute(zero, "z1", NULL, &insp, &err), SHR_EINVAL);
    assert_null(insp);
    assert_non_null(strstr(err.message, "z1"));
    assert_non_null(strstr(err.message, "has no population"));
    assert_non_null(strstr(no_pop, "has no population"));
    assert_non_null(strstr(missing, "has no population"));
    shr_catalog_free(zero);
    shr_catalog_free(cat);
}

/* Real data: Nevers (the Sharitories study's town of reference) and Lorient, default band. */
static void test_real(void **state)
{
    (void)state;
    shr_catalog *cat = load_real();
    shr_inspire_options o = SHR_INSPIRE_OPTIONS_INIT;
    run_case(cat, "fr-com-58194", &o, NULL);
    run_case(cat, "fr-com-56121", &o, NULL);
    const char *towns[] = {"fr-com-56121", "fr-com-88160", "fr-com-40192", "fr-com-11262"};
    o.peers = towns;
    o.peer_count = 4;
    run_case(cat, "fr-com-58194", &o, NULL);
    /* The four French towns of the study all carry the Sharitories study itself. */
    shr_inspiration *insp = NULL;
    shr_error err;
    assert_int_equal(shr_inspiration_compute(cat, "fr-com-58194", &o, &insp, &err), SHR_OK);
    int found = 0;
    for (size_t i = 0; i < shr_inspiration_count(insp, SHR_INSPIRE_LACKS); i++)
        if (strcmp(shr_category_id(shr_inspiration_category(insp, SHR_INSPIRE_LACKS, i)),
                   "knowledge_platform") == 0) {
            found = 1;
            assert_int_equal(shr_inspiration_peers_with(insp, SHR_INSPIRE_LACKS, i), 4);
        }
    assert_true(found);
    shr_inspiration_free(insp);
    shr_catalog_free(cat);
}

/* CSV and JSON writers: header, one line per entry, valid JSON with the same numbers. */
static void test_writers(void **state)
{
    (void)state;
    shr_catalog *cat = load_generated(4, 250);
    shr_inspiration *insp = NULL;
    shr_error err;
    shr_inspire_options o = SHR_INSPIRE_OPTIONS_INIT;
    o.band_low = 0;
    o.band_high = 50;
    assert_int_equal(shr_inspiration_compute(cat, "g-com-3", &o, &insp, &err), SHR_OK);
    char *text;
    size_t len;
    int rc;
    CAPTURE(shr_inspiration_write_csv_file(insp, SHR_INSPIRE_LACKS, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    /* The contract: these five columns first, then the examples. */
    const char *header = "category,family,peers_with,peers,share,example_1,example_2,example_3,own\n";
    assert_true(strncmp(text, header, strlen(header)) == 0);
    assert_int_equal(csv_parse(text, NULL, NULL),
                     shr_inspiration_count(insp, SHR_INSPIRE_LACKS) + 1);
    free(text);
    CAPTURE(shr_inspiration_write_json_file(insp, f, &err), text, len, rc);
    assert_int_equal(rc, SHR_OK);
    jval *root = j_parse(text, len);
    const jval *lacks = j_get(root, "lacks"), *has = j_get(root, "has");
    assert_non_null(lacks);
    assert_non_null(has);
    assert_int_equal(lacks->n, shr_inspiration_count(insp, SHR_INSPIRE_LACKS));
    assert_int_equal(has->n, shr_inspiration_count(insp, SHR_INSPIRE_HAS));
    assert_int_equal(j_get(root, "peers")->n, shr_inspiration_peer_count(insp));
    for (size_t i = 0; i < lacks->n; i++) {
        assert_string_equal(j_get(lacks->items[i], "category")->str,
                            shr_category_id(shr_inspiration_category(insp, SHR_INSPIRE_LACKS, i)));
        assert_int_equal((size_t)j_get(lacks->items[i], "peers_with")->num,
                         shr_inspiration_peers_with(insp, SHR_INSPIRE_LACKS, i));
    }
    j_free(root);
    free(text);
    shr_inspiration_free(insp);
    shr_catalog_free(cat);
}

/* Real data: Beaumont-en-Verdunois (a "village mort pour la France", population 0) has no
 * peers by population; it used to get the other empty territories of its kind. */
static void test_population_zero_real(void **state)
{
    (void)state;
    shr_catalog *cat = load_real();
    shr_inspiration *insp = NULL;
    shr_error err;
    assert_int_equal(shr_territory_population(shr_catalog_territory(cat, "fr-com-55039")), 0);
    assert_int_equal(shr_inspiration_compute(cat, "fr-com-55039", NULL, &insp, &err), SHR_EINVAL);
    assert_null(insp);
    assert_non_null(strstr(err.message, "has no population"));
    shr_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated), cmocka_unit_test(test_explicit_peers),
        cmocka_unit_test(test_filter),    cmocka_unit_test(test_errors),
        cmocka_unit_test(test_population_zero_real),
        cmocka_unit_test(test_real),      cmocka_unit_test(test_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
