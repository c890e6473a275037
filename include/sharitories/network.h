/**
 * @file network.h
 * @brief The cooperation network of actors: who works with whom across practices, practices
 * spanning several territories, actors active in several departments (shr_network_compute()).
 *
 * "Practices of a territory" means the practices *within* it (query `in:T`): at least one of
 * their territories is within T (format.md).
 *
 * The object is created by one call, is immutable afterwards (any number of threads may read
 * it at once), is owned by the caller (free it with its `_free`, which accepts NULL), and
 * borrows the catalog: free it before the catalog, and do not load into the catalog while it
 * exists. Pointers returned by getters are borrowed from the catalog (records) or from the
 * object (strings), valid until it is freed. Getters cannot fail and are thread-safe; an index
 * out of range gives NULL or 0. All memory goes through the catalog's allocator.
 *
 * Writers write UTF-8 with `\n` line ends to a caller's `FILE *`, and return #SHR_OK,
 * #SHR_EIO when writing failed (ferror), #SHR_EINVAL for a NULL argument, or #SHR_ENOMEM.
 * They do not close the file. Thread-safe (the object is only read).
 */
#ifndef SHARITORIES_NETWORK_H
#define SHARITORIES_NETWORK_H

#include <stdio.h>

#include "error.h"
#include "result.h"
#include "types.h"
#include "writer.h"

SHR_BEGIN_DECLS

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
SHR_EXTERN int shr_network_write_csv(const shr_network *net, shr_network_table table,
                                     const shr_writer *w, shr_error *err);
/** As shr_network_write_csv(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_network_write_csv_file(const shr_network *net, shr_network_table table,
                                          FILE *out, shr_error *err);
/**
 * @brief Write the network as GraphML (for Gephi, yEd): an undirected graph, nodes with
 * attributes `name`, `kind`, `sector`, `practices`, `departments`, edges with a `weight`
 * (double, as Gephi expects). Text is XML-escaped; characters XML 1.0 forbids are dropped.
 */
SHR_EXTERN int shr_network_write_graphml(const shr_network *net, const shr_writer *w,
                                         shr_error *err);
/** As shr_network_write_graphml(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_network_write_graphml_file(const shr_network *net, FILE *out, shr_error *err);

SHR_END_DECLS

#endif
