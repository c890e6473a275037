/*
 * The cooperation network (analysis.h): actors linked by the practices they share, practices
 * spanning several territories, actors active in several departments; CSV and GraphML.
 *
 * Edges are found by listing every pair of distinct actors of each practice, sorting the pairs
 * and counting runs: simple, and linear-logarithmic in the number of pairs (practices have few
 * actors). Departments are found the same way with (actor, department) pairs.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "../export/export_internal.h"
#include "wstream.h"

typedef struct net_edge {
    uint32_t source, target; /* node indices, source < target */
    uint32_t weight;
} net_edge;

struct shr_network {
    const shr_catalog *cat;
    uint32_t *nodes;      /* actor indices, catalog order */
    uint32_t *node_practices;
    uint32_t *dep_off;    /* nnodes + 1: departments of node i are deps[dep_off[i]..] */
    uint32_t *deps;       /* territory indices */
    size_t nnodes;
    net_edge *edges;
    size_t nedges;
    uint32_t *spanning;   /* practice indices */
    size_t nspanning;
    uint32_t *multi;      /* node indices */
    size_t nmulti;
};

void shr_network_free(shr_network *net)
{
    if (!net)
        return;
    const shr_allocator *a = &net->cat->alloc;
    shr__free(a, net->nodes);
    shr__free(a, net->node_practices);
    shr__free(a, net->dep_off);
    shr__free(a, net->deps);
    shr__free(a, net->edges);
    shr__free(a, net->spanning);
    shr__free(a, net->multi);
    shr__free(a, net);
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static int push_u64(const shr_allocator *a, uint64_t **v, size_t *n, size_t *cap, uint64_t x)
{
    if (shr__grow(a, (void **)v, cap, *n + 1, sizeof **v))
        return SHR_ENOMEM;
    (*v)[(*n)++] = x;
    return SHR_OK;
}

/* Distinct actor indices of practice p, sorted, into buf (grown); returns the count or
 * SHR_NONE on OOM. */
static size_t practice_actors(const shr_allocator *a, const shr_practice *p, uint32_t **buf,
                              size_t *cap)
{
    size_t n = 0, na = shr_practice_actor_count(p);
    if (shr__grow(a, (void **)buf, cap, na ? na : 1, sizeof **buf))
        return SHR_NONE;
    for (size_t i = 0; i < na; i++) {
        uint32_t ai = (uint32_t)shr_actor_index(shr_practice_actor_at(p, i));
        size_t j = n;
        int dup = 0;
        for (size_t k = 0; k < n; k++)
            dup |= (*buf)[k] == ai;
        if (dup)
            continue;
        while (j > 0 && (*buf)[j - 1] > ai) { /* insertion sort: few actors */
            (*buf)[j] = (*buf)[j - 1];
            j--;
        }
        (*buf)[j] = ai;
        n++;
    }
    return n;
}

/* Departments containing territory t (t itself when it is one): calls push for each. */
static int push_departments(const shr_allocator *a, const shr_territory *t, uint32_t actor,
                            uint64_t **v, size_t *n, size_t *cap)
{
    size_t na = shr_territory_ancestor_count(t);
    for (size_t k = 0; k <= na; k++) {
        const shr_territory *u = k == 0 ? t : shr_territory_ancestor_at(t, k - 1);
        if (shr_territory_kind_of(u) != SHR_TERRITORY_DEPARTMENT)
            continue;
        if (push_u64(a, v, n, cap, ((uint64_t)actor << 32) | shr_territory_index(u)))
            return SHR_ENOMEM;
    }
    return SHR_OK;
}

static size_t distinct_territories(const shr_practice *p)
{
    size_t n = 0, nt = shr_practice_territory_count(p);
    for (size_t i = 0; i < nt; i++) {
        const shr_territory *t = shr_practice_territory_at(p, i);
        int dup = 0;
        for (size_t j = 0; j < i; j++)
            dup |= shr_practice_territory_at(p, j) == t;
        n += !dup;
    }
    return n;
}

int shr_network_compute(const shr_catalog *cat, const shr_result *practices, shr_network **out,
                      shr_error *err)
{
    if (out)
        *out = NULL;
    if (!cat || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_network_compute: missing argument");
    const shr_allocator *a = &cat->alloc;
    size_t np = shr_catalog_practice_count(cat), nact = shr_catalog_actor_count(cat);
    uint8_t *mask = NULL;
    uint32_t *buf = NULL, *node_of = NULL;
    size_t bufcap = 0;
    uint64_t *pairs = NULL, *deps = NULL;
    size_t npairs = 0, pcap = 0, ndeps = 0, dcap = 0, scap = 0;
    int rc = shr__practice_mask_result(cat, practices, &mask, err);
    if (rc)
        return rc;
    shr_network *net = shr__calloc(a, 1, sizeof *net);
    uint32_t *actor_practices = shr__calloc(a, nact ? nact : 1, sizeof *actor_practices);
    node_of = shr__malloc(a, (nact ? nact : 1) * sizeof *node_of);
    if (net)
        net->cat = cat; /* before any `goto oom`: shr_network_free() needs the allocator */
    if (!net || !actor_practices || !node_of)
        goto oom;

    /* Pass over the practices: actor pairs, (actor, department) pairs, spanning practices. */
    for (size_t pi = 0; pi < np; pi++) {
        if (!mask[pi])
            continue;
        const shr_practice *p = shr_catalog_practice_at(cat, pi);
        size_t n = practice_actors(a, p, &buf, &bufcap);
        if (n == SHR_NONE)
            goto oom;
        for (size_t i = 0; i < n; i++) {
            actor_practices[buf[i]]++;
            for (size_t j = i + 1; j < n; j++)
                if (push_u64(a, &pairs, &npairs, &pcap, ((uint64_t)buf[i] << 32) | buf[j]))
                    goto oom;
            for (size_t t = 0; t < shr_practice_territory_count(p); t++)
                if (push_departments(a, shr_practice_territory_at(p, t), buf[i], &deps, &ndeps,
                                     &dcap))
                    goto oom;
        }
        if (distinct_territories(p) >= 2) {
            if (shr__grow(a, (void **)&net->spanning, &scap, net->nspanning + 1,
                          sizeof *net->spanning))
                goto oom;
            net->spanning[net->nspanning++] = (uint32_t)pi;
        }
    }

    /* Nodes: actors with at least one practice, in catalog order. */
    for (size_t ai = 0; ai < nact; ai++) {
        node_of[ai] = SHR_NO_INDEX;
        if (actor_practices[ai])
            node_of[ai] = (uint32_t)net->nnodes++;
    }
    size_t nn = net->nnodes ? net->nnodes : 1;
    net->nodes = shr__malloc(a, nn * sizeof *net->nodes);
    net->node_practices = shr__malloc(a, nn * sizeof *net->node_practices);
    net->dep_off = shr__calloc(a, nn + 1, sizeof *net->dep_off);
    if (!net->nodes || !net->node_practices || !net->dep_off)
        goto oom;
    for (size_t ai = 0; ai < nact; ai++) {
        if (node_of[ai] == SHR_NO_INDEX)
            continue;
        net->nodes[node_of[ai]] = (uint32_t)ai;
        net->node_practices[node_of[ai]] = actor_practices[ai];
    }

    /* Edges: count runs of equal pairs. Actor indices ascend with node indices. */
    if (npairs)
        qsort(pairs, npairs, sizeof *pairs, cmp_u64);
    size_t ne = 0;
    for (size_t i = 0; i < npairs; i++)
        ne += i == 0 || pairs[i] != pairs[i - 1];
    net->edges = shr__malloc(a, (ne ? ne : 1) * sizeof *net->edges);
    if (!net->edges)
        goto oom;
    for (size_t i = 0; i < npairs; i++) {
        if (i > 0 && pairs[i] == pairs[i - 1]) {
            net->edges[net->nedges - 1].weight++;
            continue;
        }
        net->edges[net->nedges++] = (net_edge){node_of[pairs[i] >> 32],
                                               node_of[pairs[i] & 0xFFFFFFFFu], 1};
    }

    /* Departments per node: distinct (actor, department) pairs, sorted. */
    if (ndeps)
        qsort(deps, ndeps, sizeof *deps, cmp_u64);
    size_t nd = 0;
    for (size_t i = 0; i < ndeps; i++)
        if (i == 0 || deps[i] != deps[i - 1])
            deps[nd++] = deps[i];
    net->deps = shr__malloc(a, (nd ? nd : 1) * sizeof *net->deps);
    net->multi = shr__malloc(a, nn * sizeof *net->multi);
    if (!net->deps || !net->multi)
        goto oom;
    for (size_t i = 0; i < nd; i++) {
        net->deps[i] = (uint32_t)(deps[i] & 0xFFFFFFFFu);
        net->dep_off[node_of[deps[i] >> 32] + 1]++;
    }
    for (size_t i = 0; i < net->nnodes; i++) {
        net->dep_off[i + 1] += net->dep_off[i];
        if (net->dep_off[i + 1] - net->dep_off[i] >= 2)
            net->multi[net->nmulti++] = (uint32_t)i;
    }

    shr__free(a, mask);
    shr__free(a, buf);
    shr__free(a, node_of);
    shr__free(a, actor_practices);
    shr__free(a, pairs);
    shr__free(a, deps);
    *out = net;
    return SHR_OK;
oom:
    shr__free(a, mask);
    shr__free(a, buf);
    shr__free(a, node_of);
    shr__free(a, actor_practices);
    shr__free(a, pairs);
    shr__free(a, deps);
    shr_network_free(net);
    return shr__error_set(err, SHR_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------ getters */

size_t shr_network_node_count(const shr_network *net)
{
    return net ? net->nnodes : 0;
}

const shr_actor *shr_network_node_at(const shr_network *net, size_t i)
{
    if (!net || i >= net->nnodes)
        return NULL;
    return shr_catalog_actor_at(net->cat, net->nodes[i]);
}

size_t shr_network_node_practices(const shr_network *net, size_t i)
{
    return net && i < net->nnodes ? net->node_practices[i] : 0;
}

size_t shr_network_node_departments(const shr_network *net, size_t i)
{
    return net && i < net->nnodes ? net->dep_off[i + 1] - net->dep_off[i] : 0;
}

const shr_territory *shr_network_node_department_at(const shr_network *net, size_t node,
                                                    size_t k)
{
    if (!net || node >= net->nnodes || k >= shr_network_node_departments(net, node))
        return NULL;
    return shr_catalog_territory_at(net->cat, net->deps[net->dep_off[node] + k]);
}

size_t shr_network_edge_count(const shr_network *net)
{
    return net ? net->nedges : 0;
}

size_t shr_network_edge_source(const shr_network *net, size_t e)
{
    return net && e < net->nedges ? net->edges[e].source : SHR_NONE;
}

size_t shr_network_edge_target(const shr_network *net, size_t e)
{
    return net && e < net->nedges ? net->edges[e].target : SHR_NONE;
}

size_t shr_network_edge_weight(const shr_network *net, size_t e)
{
    return net && e < net->nedges ? net->edges[e].weight : 0;
}

size_t shr_network_spanning_count(const shr_network *net)
{
    return net ? net->nspanning : 0;
}

const shr_practice *shr_network_spanning_at(const shr_network *net, size_t i)
{
    if (!net || i >= net->nspanning)
        return NULL;
    return shr_catalog_practice_at(net->cat, net->spanning[i]);
}

size_t shr_network_multi_department_count(const shr_network *net)
{
    return net ? net->nmulti : 0;
}

size_t shr_network_multi_department_node(const shr_network *net, size_t i)
{
    return net && i < net->nmulti ? net->multi[i] : SHR_NONE;
}

static const char *const table_names[SHR_NETWORK_TABLE_COUNT] = {
    "edges", "nodes", "spanning", "multi-department",
};

const char *shr_network_table_name(shr_network_table table)
{
    return (unsigned)table < SHR_NETWORK_TABLE_COUNT ? table_names[table] : NULL;
}

int shr_network_table_from_name(const char *name, shr_network_table *out)
{
    for (int i = 0; name && i < SHR_NETWORK_TABLE_COUNT; i++) {
        if (shr__enum_name_eq(table_names[i], name, strlen(name))) {
            *out = (shr_network_table)i;
            return SHR_OK;
        }
    }
    return SHR_ENOTFOUND;
}

/* ------------------------------------------------------------------ writers */

/* A CSV field made of ids joined with ';' (ids never need quoting). */
static void csv_departments(FILE *out, const shr_network *net, size_t node)
{
    for (size_t k = 0; k < shr_network_node_departments(net, node); k++) {
        if (k)
            putc(';', out);
        fputs(shr_territory_id(shr_network_node_department_at(net, node, k)), out);
    }
}

static void csv_actor(FILE *out, const shr_actor *a, unsigned flags)
{
    fputs(shr_actor_id(a), out);
    putc(',', out);
    shr_csv_write_text(out, shr_actor_name(a), flags);
    fprintf(out, ",%s,%s", shr_actor_kind_name(shr_actor_kind_of(a)),
            shr_sector_name(shr_actor_sector(a)));
}

int shr_network_write_csv_file(const shr_network *net, shr_network_table table, FILE *out,
                          shr_error *err)
{
    if (!net || !out || (unsigned)table >= SHR_NETWORK_TABLE_COUNT)
        return shr__error_set(err, SHR_EINVAL, "shr_network_write_csv_file: bad argument");
    unsigned flags = shr_catalog_csv_flags(net->cat);
    switch (table) {
    case SHR_NETWORK_EDGES:
        fputs("Source,Target,Weight,source_name,target_name\n", out);
        for (size_t e = 0; e < net->nedges; e++) {
            const shr_actor *s = shr_network_node_at(net, net->edges[e].source);
            const shr_actor *t = shr_network_node_at(net, net->edges[e].target);
            fprintf(out, "%s,%s,%u,", shr_actor_id(s), shr_actor_id(t),
                    (unsigned)net->edges[e].weight);
            shr_csv_write_text(out, shr_actor_name(s), flags);
            putc(',', out);
            shr_csv_write_text(out, shr_actor_name(t), flags);
            putc('\n', out);
        }
        break;
    case SHR_NETWORK_NODES:
        fputs("Id,Label,kind,sector,practices,departments\n", out);
        for (size_t i = 0; i < net->nnodes; i++) {
            csv_actor(out, shr_network_node_at(net, i), flags);
            fprintf(out, ",%zu,%zu\n", shr_network_node_practices(net, i),
                    shr_network_node_departments(net, i));
        }
        break;
    case SHR_NETWORK_SPANNING:
        fputs("id,name,category,territories,territory_ids\n", out);
        for (size_t i = 0; i < net->nspanning; i++) {
            const shr_practice *p = shr_network_spanning_at(net, i);
            fputs(shr_practice_id(p), out);
            putc(',', out);
            shr_csv_write_text(out, shr_practice_name(p), flags);
            fprintf(out, ",%s,%zu,", shr_category_id(shr_practice_category(p)),
                    distinct_territories(p));
            for (size_t t = 0; t < shr_practice_territory_count(p); t++) {
                if (t)
                    putc(';', out);
                fputs(shr_territory_id(shr_practice_territory_at(p, t)), out);
            }
            putc('\n', out);
        }
        break;
    case SHR_NETWORK_MULTI_DEPARTMENT:
        fputs("id,name,kind,sector,departments,department_ids\n", out);
        for (size_t i = 0; i < net->nmulti; i++) {
            size_t node = net->multi[i];
            csv_actor(out, shr_network_node_at(net, node), flags);
            fprintf(out, ",%zu,", shr_network_node_departments(net, node));
            csv_departments(out, net, node);
            putc('\n', out);
        }
        break;
    default:
        break;
    }
    return shr__w_finish(out, err);
}

int shr_network_write_graphml_file(const shr_network *net, FILE *out, shr_error *err)
{
    if (!net || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_network_write_graphml_file: bad argument");
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
          "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
          "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
          "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
          "  <key id=\"sector\" for=\"node\" attr.name=\"sector\" attr.type=\"string\"/>\n"
          "  <key id=\"practices\" for=\"node\" attr.name=\"practices\" attr.type=\"int\"/>\n"
          "  <key id=\"departments\" for=\"node\" attr.name=\"departments\" "
          "attr.type=\"int\"/>\n"
          "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
          "  <graph id=\"cooperation\" edgedefault=\"undirected\">\n",
          out);
    for (size_t i = 0; i < net->nnodes; i++) {
        const shr_actor *a = shr_network_node_at(net, i);
        fputs("    <node id=\"", out);
        shr__w_xml(out, shr_actor_id(a));
        fputs("\">\n      <data key=\"label\">", out);
        shr__w_xml(out, shr_actor_name(a));
        fputs("</data>\n      <data key=\"name\">", out);
        shr__w_xml(out, shr_actor_name(a));
        fprintf(out,
                "</data>\n      <data key=\"kind\">%s</data>\n"
                "      <data key=\"sector\">%s</data>\n"
                "      <data key=\"practices\">%zu</data>\n"
                "      <data key=\"departments\">%zu</data>\n    </node>\n",
                shr_actor_kind_name(shr_actor_kind_of(a)), shr_sector_name(shr_actor_sector(a)),
                shr_network_node_practices(net, i), shr_network_node_departments(net, i));
    }
    for (size_t e = 0; e < net->nedges; e++) {
        fprintf(out, "    <edge id=\"e%zu\" source=\"", e);
        shr__w_xml(out, shr_actor_id(shr_network_node_at(net, net->edges[e].source)));
        fputs("\" target=\"", out);
        shr__w_xml(out, shr_actor_id(shr_network_node_at(net, net->edges[e].target)));
        fprintf(out, "\">\n      <data key=\"weight\">%u</data>\n    </edge>\n",
                (unsigned)net->edges[e].weight);
    }
    fputs("  </graph>\n</graphml>\n", out);
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ to a shr_writer */

int shr_network_write_csv(const shr_network *net, shr_network_table table, const shr_writer *w,
                          shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_network_write_csv_file(net, table, f, err));
}

int shr_network_write_graphml(const shr_network *net, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_network_write_graphml_file(net, f, err));
}
