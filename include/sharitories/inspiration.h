/**
 * @file inspiration.h
 * @brief Inspiration: what the peers of a territory (same kind, similar population) do that it does
 * not, and what it has that few of them have (shr_inspiration_compute()).
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
#ifndef SHARITORIES_INSPIRATION_H
#define SHARITORIES_INSPIRATION_H

#include <stdio.h>

#include "error.h"
#include "query.h"
#include "types.h"
#include "writer.h"

SHR_BEGIN_DECLS

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
                                         const shr_writer *w, shr_error *err);
/** As shr_inspiration_write_csv(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_inspiration_write_csv_file(const shr_inspiration *insp, shr_inspire_list list,
                                              FILE *out, shr_error *err);
/**
 * @brief Write the whole inspiration as one JSON object: territory, peers, and the lists
 * `lacks` and `has` (entries with category, label, family, peers_with, peers, share, own,
 * examples [{id, name, territory, territory_name}]).
 */
SHR_EXTERN int shr_inspiration_write_json(const shr_inspiration *insp, const shr_writer *w,
                                          shr_error *err);
/** As shr_inspiration_write_json(), to the stdio stream @p out (not closed). */
SHR_EXTERN int shr_inspiration_write_json_file(const shr_inspiration *insp, FILE *out,
                                               shr_error *err);

SHR_END_DECLS

#endif
