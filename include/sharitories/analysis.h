/**
 * @file analysis.h
 * @brief Analyses across territories: what peers do that a territory does not (inspire),
 * territories side by side on one dimension (compare), and the cooperation network of actors
 * (network), each with CSV/JSON/GraphML writers.
 *
 * "Practices of a territory" means the practices *within* it (query `in:T`): at least one of
 * their territories is within T (format.md).
 *
 * Every analysis object is created by one call, is immutable afterwards (any number of threads
 * may read it at once), is owned by the caller (free it with its `_free`, which accepts NULL),
 * and borrows the catalog: free it before the catalog, and do not load into the catalog while
 * it exists. Pointers returned by getters are borrowed from the catalog (records) or from the
 * object (strings), valid until it is freed. Getters cannot fail; an index out of range gives
 * NULL or 0. All memory goes through the catalog's allocator.
 *
 * Writers write to a caller's `FILE *` (UTF-8, `\n` line ends) and return #SHR_OK, #SHR_EIO
 * when writing failed (ferror), or #SHR_ENOMEM. They do not close or flush-and-close the file.
 */
#ifndef SHARITORIES_ANALYSIS_H
#define SHARITORIES_ANALYSIS_H

#include <stdio.h>

#include "error.h"
#include "facet.h"
#include "query.h"
#include "types.h"

SHR_BEGIN_DECLS

/* ============================================================================ inspire */

/** Version of #shr_inspire_options this header describes (2 added @ref by_distance; a
 * version 1 struct is still accepted and means by_distance 0). */
#define SHR_INSPIRE_OPTIONS_VERSION 2

/**
 * @brief Options of shr_inspiration_compute(). Initialise with #SHR_INSPIRE_OPTIONS_INIT, then change
 * fields (as libgit2's option structs).
 */
typedef struct shr_inspire_options {
    unsigned version;     /**< #SHR_INSPIRE_OPTIONS_VERSION */
    /** Population band of the peers, as factors of the territory's population: a peer has
     * the same kind and a population p with band_low * pop <= p <= band_high * pop.
     * Defaults 0.5 and 2.0. Ignored when @ref peers is given. */
    double band_low, band_high;
    /** Explicit peers (territory ids, borrowed for the call), or NULL to find them by
     * kind and population. The territory itself and repeated ids are skipped. */
    const char *const *peers;
    size_t peer_count;
    /** Example practices kept per category (default 3; 0 for none). */
    size_t examples;
    /** Only practices selected by this query count (borrowed, same catalog); NULL: all. */
    const shr_query *filter;
    /** Version 2. Nonzero: the examples of the LACKS list are the peers' practices nearest
     * to the territory (shr_practice_distance_km(), nearest first; practices without a known
     * location last, in catalog order) instead of one per peer first. The territory must then
     * have a location (else #SHR_EINVAL). The HAS list is unchanged. Default 0. */
    int by_distance;
} shr_inspire_options;

#define SHR_INSPIRE_OPTIONS_INIT {SHR_INSPIRE_OPTIONS_VERSION, 0.5, 2.0, NULL, 0, 3, NULL, 0}

/** The two lists of an inspiration. */
typedef enum shr_inspire_list {
    /** Categories some peers have and the territory lacks, by share of peers descending
     * (ties: category order); examples are peers' practices. */
    SHR_INSPIRE_LACKS,
    /** Categories the territory has, by share of peers ascending (the rarest first; ties:
     * category order); examples are the territory's own practices. */
    SHR_INSPIRE_HAS,
    SHR_INSPIRE_LIST_COUNT
} shr_inspire_list;

/** Name of a list ("lacks", "has"); NULL if out of range. Static. */
SHR_EXTERN const char *shr_inspire_list_name(shr_inspire_list list);

typedef struct shr_inspiration shr_inspiration;

/**
 * @brief Find the peers of a territory and compare their categories of practice with its own.
 *
 * A peer *has* a category when at least one practice of that category is within it. The share
 * of a category is (peers having it) / (peers); with no peer every share is 0.
 *
 * @param territory_id the territory (borrowed).
 * @param opts options, or NULL for the defaults.
 * @param[out] out the new inspiration (free with shr_inspiration_free()); NULL on error.
 * @return #SHR_OK; #SHR_ENOTFOUND for an unknown territory or peer id (named in the message);
 * #SHR_EINVAL for a bad band (negative, low > high, not finite), a territory without
 * population when peers are to be found by population, a wrong options version or a filter
 * from another catalog; #SHR_ENOMEM. Thread-safe (the catalog is only read).
 */
SHR_EXTERN int shr_inspiration_compute(const shr_catalog *cat, const char *territory_id,
                                       const shr_inspire_options *opts, shr_inspiration **out,
                                       shr_error *err);
SHR_EXTERN void shr_inspiration_free(shr_inspiration *insp);
/** The territory studied. */
SHR_EXTERN const shr_territory *shr_inspiration_territory(const shr_inspiration *insp);
/** Peers, in catalog order. */
SHR_EXTERN size_t shr_inspiration_peer_count(const shr_inspiration *insp);
SHR_EXTERN const shr_territory *shr_inspiration_peer_at(const shr_inspiration *insp, size_t i);
/** Number of entries (categories) of @p list. */
SHR_EXTERN size_t shr_inspiration_count(const shr_inspiration *insp, shr_inspire_list list);
SHR_EXTERN const shr_category *shr_inspiration_category(const shr_inspiration *insp,
                                                        shr_inspire_list list, size_t i);
/** Peers that have the category of entry @p i. */
SHR_EXTERN size_t shr_inspiration_peers_with(const shr_inspiration *insp, shr_inspire_list list,
                                             size_t i);
/** peers_with / peer count (0.0 when there is no peer). */
SHR_EXTERN double shr_inspiration_share(const shr_inspiration *insp, shr_inspire_list list,
                                        size_t i);
/** Practices of the territory itself in that category (0 for every LACKS entry). */
SHR_EXTERN size_t shr_inspiration_own_count(const shr_inspiration *insp, shr_inspire_list list,
                                            size_t i);
/** Example practices of entry @p i: from distinct peers first, then catalog order. */
SHR_EXTERN size_t shr_inspiration_example_count(const shr_inspiration *insp,
                                                shr_inspire_list list, size_t i);
SHR_EXTERN const shr_practice *shr_inspiration_example_at(const shr_inspiration *insp,
                                                          shr_inspire_list list, size_t i,
                                                          size_t k);
/** The peer (LACKS) or the territory itself (HAS) that example @p k is within. */
SHR_EXTERN const shr_territory *shr_inspiration_example_territory(const shr_inspiration *insp,
                                                                  shr_inspire_list list,
                                                                  size_t i, size_t k);
/**
 * @brief Write one list as CSV (RFC 4180, header line first): columns
 * `category,family,peers_with,peers,share,example_1..example_N,own` (N the examples option;
 * share with 4 decimals; an example is "practice name (territory name)"; `own` comes last so
 * that the examples start at column 6). Text cells go through csv.h.
 */
SHR_EXTERN int shr_inspiration_write_csv(const shr_inspiration *insp, shr_inspire_list list,
                                         FILE *out, shr_error *err);
/**
 * @brief Write the whole inspiration as one JSON object: territory, peers, and the lists
 * `lacks` and `has` (entries with category, label, family, peers_with, peers, share, own,
 * examples [{id, name, territory, territory_name}]).
 */
SHR_EXTERN int shr_inspiration_write_json(const shr_inspiration *insp, FILE *out,
                                          shr_error *err);

/* ============================================================================ compare */

typedef struct shr_comparison shr_comparison;

/** Version of #shr_compare_options this header describes. */
#define SHR_COMPARE_OPTIONS_VERSION 1

/** Options of shr_comparison_compute(). Initialise with #SHR_COMPARE_OPTIONS_INIT. */
typedef struct shr_compare_options {
    unsigned version;        /**< #SHR_COMPARE_OPTIONS_VERSION */
    shr_dimension dimension; /**< what is counted; default #SHR_DIM_CATEGORY */
    /** Only the practices it selects count (borrowed, same catalog); NULL (default): all. */
    const shr_query *filter;
} shr_compare_options;

#define SHR_COMPARE_OPTIONS_INIT {SHR_COMPARE_OPTIONS_VERSION, SHR_DIM_CATEGORY, NULL}

/**
 * @brief Count, per value of the options' dimension, the practices within each of @p count
 * territories.
 *
 * Dimensions: axis, category, family, status, actorkind, actorsector, role, tag, started
 * (the territory levels are refused: compare territories of one level with a facet instead).
 * A practice counts once under each value it has (facet.h). Keys are the union of the values
 * found, in the dimension's natural order (facet.h); a key may have 0 for some territories.
 *
 * @param territory_ids @p count ids (borrowed; repeated ids are kept as given).
 * @param opts the dimension and a filter (#shr_compare_options); NULL: the defaults.
 * @param[out] out the new comparison (free with shr_comparison_free()); NULL on error.
 * @return #SHR_OK; #SHR_ENOTFOUND (unknown territory, named); #SHR_EINVAL (no territory, a
 * territorial or unknown dimension, an options version this library does not know);
 * #SHR_ENOMEM. Thread-safe.
 */
SHR_EXTERN int shr_comparison_compute(const shr_catalog *cat, const char *const *territory_ids,
                                      size_t count, const shr_compare_options *opts,
                                      shr_comparison **out, shr_error *err);
SHR_EXTERN void shr_comparison_free(shr_comparison *cmp);
SHR_EXTERN shr_dimension shr_comparison_dimension(const shr_comparison *cmp);
SHR_EXTERN size_t shr_comparison_territory_count(const shr_comparison *cmp);
SHR_EXTERN const shr_territory *shr_comparison_territory_at(const shr_comparison *cmp, size_t t);
/** Distinct practices within territory @p t (each once, whatever its values). */
SHR_EXTERN size_t shr_comparison_total(const shr_comparison *cmp, size_t t);
SHR_EXTERN size_t shr_comparison_key_count(const shr_comparison *cmp);
/** Key (id) of value @p k ("coworking", "2016"); borrowed from the comparison. */
SHR_EXTERN const char *shr_comparison_key(const shr_comparison *cmp, size_t k);
/** Label in @p lang ("fr", "en") where one exists (axes, categories, families), else the key. */
SHR_EXTERN const char *shr_comparison_label(const shr_comparison *cmp, size_t k, const char *lang);
/** Practices within territory @p t under value @p k. */
SHR_EXTERN size_t shr_comparison_value(const shr_comparison *cmp, size_t k, size_t t);
/**
 * @brief value * @p per / population of territory @p t (e.g. per = 10000), or -1.0 when the
 * territory has no positive population or @p per fails shr_per_capita_check(). With @p k == #SHR_NONE: the total, per @p per.
 */
SHR_EXTERN double shr_comparison_per_capita(const shr_comparison *cmp, size_t k, size_t t,
                                            double per);
/**
 * @brief CSV: `key,label,` then for each territory `ID` and `ID_per_10000` (empty when the
 * territory has no population); a last row `total`. Labels in French.
 */
SHR_EXTERN int shr_comparison_write_csv(const shr_comparison *cmp, FILE *out, shr_error *err);
/** JSON: {dimension, territories: [{id, name, population, total, total_per_10000}],
 * rows: [{key, label, counts: [...], per_10000: [... or null]}]}. */
SHR_EXTERN int shr_comparison_write_json(const shr_comparison *cmp, FILE *out, shr_error *err);

/* ============================================================================ network */

typedef struct shr_network shr_network;

/**
 * @brief The cooperation network of the practices of @p practices (NULL: every practice).
 *
 * Nodes are the actors taking part in at least one of those practices. Two actors are linked
 * when they take part in the same practice; the weight of the edge is the number of practices
 * they share (a practice counts once for a pair, whatever the roles). The network also lists
 * the practices that span several territories (two or more listed territories) and the actors
 * active in several departments (the departments containing the territories of their
 * practices; a department counts as within itself).
 *
 * @param practices a result of @p cat (borrowed for the call), or NULL.
 * @param[out] out the new network (free with shr_network_free()).
 * @return #SHR_OK, #SHR_EINVAL (a result of another catalog), #SHR_ENOMEM. Thread-safe.
 */
SHR_EXTERN int shr_network_compute(const shr_catalog *cat, const shr_result *practices,
                                   shr_network **out, shr_error *err);
SHR_EXTERN void shr_network_free(shr_network *net);

/** Nodes: actors, in catalog order. */
SHR_EXTERN size_t shr_network_node_count(const shr_network *net);
SHR_EXTERN const shr_actor *shr_network_node_at(const shr_network *net, size_t i);
/** Practices of the network that node @p i takes part in. */
SHR_EXTERN size_t shr_network_node_practices(const shr_network *net, size_t i);
/** Number of distinct departments node @p i is active in. */
SHR_EXTERN size_t shr_network_node_departments(const shr_network *net, size_t i);

/** Edges, sorted by (source, target) node index; source < target. */
SHR_EXTERN size_t shr_network_edge_count(const shr_network *net);
/** Node indices of edge @p e (SHR_NONE when out of range). */
SHR_EXTERN size_t shr_network_edge_source(const shr_network *net, size_t e);
SHR_EXTERN size_t shr_network_edge_target(const shr_network *net, size_t e);
/** Number of practices the two actors share (0 when out of range). */
SHR_EXTERN size_t shr_network_edge_weight(const shr_network *net, size_t e);

/** Practices of the network with two or more territories, in catalog order. */
SHR_EXTERN size_t shr_network_spanning_count(const shr_network *net);
SHR_EXTERN const shr_practice *shr_network_spanning_at(const shr_network *net, size_t i);

/** Actors active in two or more departments (node indices, in catalog order). */
SHR_EXTERN size_t shr_network_multi_department_count(const shr_network *net);
SHR_EXTERN size_t shr_network_multi_department_node(const shr_network *net, size_t i);
/** Departments of node @p node, in catalog order (NULL when out of range). */
SHR_EXTERN const shr_territory *shr_network_node_department_at(const shr_network *net,
                                                               size_t node, size_t k);

/** What shr_network_write_csv() writes. */
typedef enum shr_network_table {
    SHR_NETWORK_EDGES,    /**< `Source,Target,Weight,source_name,target_name` (Gephi) */
    SHR_NETWORK_NODES,    /**< `Id,Label,kind,sector,practices,departments` (Gephi) */
    SHR_NETWORK_SPANNING, /**< `id,name,category,territories,territory_ids` */
    SHR_NETWORK_MULTI_DEPARTMENT, /**< `id,name,kind,sector,departments,department_ids` */
    SHR_NETWORK_TABLE_COUNT
} shr_network_table;

/** Name of a table ("edges", "nodes", "spanning", "multi-department"); NULL if out of range. */
SHR_EXTERN const char *shr_network_table_name(shr_network_table table);
/** Returns 0 and sets @p out, or #SHR_ENOTFOUND. ASCII case does not matter ("Public"). */
SHR_EXTERN int shr_network_table_from_name(const char *name, shr_network_table *out);

/** Write one table as CSV (RFC 4180, header line first; lists separated by ";"). */
SHR_EXTERN int shr_network_write_csv(const shr_network *net, shr_network_table table, FILE *out,
                                     shr_error *err);
/**
 * @brief Write the network as GraphML (for Gephi, yEd): an undirected graph, nodes with
 * attributes `name`, `kind`, `sector`, `practices`, `departments`, edges with a `weight`
 * (double, as Gephi expects). Text is XML-escaped; characters XML 1.0 forbids are dropped.
 */
SHR_EXTERN int shr_network_write_graphml(const shr_network *net, FILE *out, shr_error *err);

SHR_END_DECLS

#endif
