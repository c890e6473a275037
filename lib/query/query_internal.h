/*
 * The query engine's internal structures: the index built at each load (index.c), the query
 * tree (query_parse.c) and its evaluation over bitsets and sorted lists (query_eval.c), shared
 * with results (result.c) and facets (facet.c). Not installed.
 *
 * Everything here is immutable once built. Evaluation allocates its scratch memory per call
 * (through the catalog's allocator), so any number of threads may query one catalog at once.
 */
#ifndef SHR_QUERY_INTERNAL_H
#define SHR_QUERY_INTERNAL_H

#include "../core/model.h"
#include "textfold.h"

/* ---------------------------------------------------------------- index (index.c) */

/*
 * The practices that have one value (one axis, one territory, one token...): a sorted list of
 * practice indices, or, when that would take more room (at least npractices / 32 practices), a
 * bitset of npractices bits (`dense`).
 */
typedef struct shr_posting {
    const void *data; /* const uint32_t * (sorted, unique) or const uint64_t * when dense */
    uint32_t n;       /* number of practices */
    uint32_t dense;
} shr_posting;

/*
 * Postings for every value of one key space, compactly: key k's list is
 * items[off[k] .. off[k+1]); the few dense keys have an empty list and are found in
 * dense_key (sorted), their bitset at bits + i * nwords and their count in dense_n[i].
 */
typedef struct shr_pgroup {
    uint32_t nkeys;
    uint32_t ndense;
    uint32_t *off;
    uint32_t *items;
    uint32_t *dense_key;
    uint32_t *dense_n;
    uint64_t *bits;
} shr_pgroup;

struct shr_index {
    uint32_t npractices;
    uint32_t nterritories;
    uint32_t nwords; /* uint64 words of a practice bitset: (npractices + 63) / 64 */

    /* Per practice: its status and its axes (bit 1 << code), for facets. */
    uint8_t *status;
    uint8_t *axis_mask;

    /* Practices having the year, sorted by (year, index); keys read from the records. */
    uint32_t *by_started, *by_ended;
    uint32_t n_started, n_ended;
    /* Practices with a number of distinct territories other than 1, sorted by (number,
     * index), with that number; every other practice has exactly one territory. */
    uint32_t *multi, *multi_n;
    uint32_t n_multi;

    uint8_t *terr_kind; /* per territory, its shr_territory_kind */
    uint8_t *has_desc;  /* per territory, nonzero when some territory is within it */

    /* Territories with a population, sorted by (population, index). */
    uint32_t *terr_by_pop;
    uint32_t n_terr_pop;

    /* `within`: practices with a territory within T, for T with has_desc (for the others,
     * the graph's territory_practices is the same list). Actors' and territories' own lists
     * come from the graph (graph.c). */
    shr_pgroup axis, category_p, family_p, status_p, role, actorkind, actorsector, tag, within,
        token;

    /* Distinct tags folded like text (index.c), sorted by folded key (key i of `tag`): tags[i]
     * is the first spelling met (borrowed from the records), its folded key is
     * tag_keys + tag_key_off[i] (NUL-terminated). */
    const char **tags;
    char *tag_keys;
    uint32_t *tag_key_off;
    /* Distinct folded tokens, sorted by bytes (key i of `token`): token i is
     * tok_chars[tok_off[i] .. tok_off[i+1]). */
    char *tok_chars;
    uint32_t *tok_off;

    /* The token sequence of each practice's texts, to check phrases without re-reading the
     * texts: practice p's bytes are seq[seq_off[p] .. seq_off[p+1]), a series of LEB128
     * varints: 0 ends a text (name, description, each tag), v > 0 is token seq_tok[v - 1]
     * (a key of `token`). Tokens are numbered in order of first appearance, so frequent
     * ones take one byte. */
    uint8_t *seq;
    uint32_t *seq_off;
    uint32_t *seq_tok;
    uint32_t *tok_seq; /* inverse of seq_tok: token key -> sequence number - 1 */
};

/* The posting of key k of g (k < g->nkeys). */
static inline shr_posting shr__pgroup_get(const shr_pgroup *g, uint32_t nwords, uint32_t k)
{
    shr_posting p;
    uint32_t n = g->off[k + 1] - g->off[k];
    p.data = g->items + g->off[k];
    p.n = n;
    p.dense = 0;
    if (n == 0 && g->ndense) {
        uint32_t lo = 0, hi = g->ndense;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (g->dense_key[mid] < k)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < g->ndense && g->dense_key[lo] == k) {
            p.data = g->bits + (size_t)lo * nwords;
            p.n = g->dense_n[lo];
            p.dense = 1;
        }
    }
    return p;
}

/* Whether a key with n practices of npractices gets a bitset rather than a list. */
int shr__posting_is_dense(uint32_t n, uint32_t npractices);
/* Storage of a group of nkeys keys, nitems listed practices and ndense bitsets of nwords
 * words. 0 or SHR_ENOMEM (then g holds nothing). */
int shr__pgroup_alloc(const shr_allocator *a, shr_pgroup *g, uint32_t nkeys, size_t nitems,
                      uint32_t ndense, uint32_t nwords);

/* The index of a catalog, or NULL when nothing is loaded yet. */
static inline const shr_index *shr__cat_index(const shr_catalog *cat)
{
    return cat->index;
}

/* Key of a tag in idx->tag, or SHR_NO_INDEX. */
uint32_t shr__index_tag(const shr_index *idx, const char *tag, size_t len);
/* Range [*lo, *hi) of tokens (keys of idx->token) that begin with prefix[0..len). */
void shr__index_token_range(const shr_index *idx, const char *prefix, size_t len, uint32_t *lo,
                            uint32_t *hi);

/* ---------------------------------------------------------------- query tree (query_tree.c) -*/

typedef enum q_kind {
    Q_ALL,     /* every practice */
    Q_NONE,    /* no practice */
    Q_FIELD,   /* one value of a field: a posting */
    Q_ID,      /* one practice */
    Q_COMPARE, /* numeric comparison */
    Q_TEXT,    /* word or phrase */
    Q_NEAR,    /* within a distance of a point (query_near.c) */
    Q_AND,
    Q_OR,
    Q_NOT
} q_kind;

typedef struct q_token {
    char *text; /* folded, NUL-terminated (owned) */
    uint32_t len;
    uint32_t lo, hi; /* range of index tokens it is a prefix of */
} q_token;

typedef struct q_node q_node;
struct q_node {
    q_kind kind;
    union {
        struct {
            shr_field field;
            uint32_t key; /* key in the field's posting group */
        } field;
        uint32_t id; /* Q_ID: practice index */
        struct {
            shr_numeric num;
            shr_op op;
            int64_t value;
        } cmp;
        struct {
            uint32_t ntok;
            bool verify; /* phrase, or a token too long for the index: check the texts */
            q_token *tok;
        } text;
        struct {
            uint32_t n, cap;
            q_node **kids;
        } list; /* Q_AND, Q_OR */
        q_node *kid; /* Q_NOT */
        struct {
            double lat, lon, km;
        } near;
    } u;
};

/* What still looks like a mistake in a parsed expression (shr_query_warning_*()). */
#define SHR__QUERY_WARNINGS_MAX 16
typedef struct q_warning {
    unsigned column; /* 1-based byte column in the expression */
    char message[200];
} q_warning;

struct shr_query {
    const shr_catalog *cat;
    q_node *root;
    q_warning *warnings; /* NULL when none (owned) */
    uint32_t nwarnings;
};

void shr__qnode_free(const shr_allocator *a, q_node *n);
/* A new leaf or combination (NULL on OOM; combinations then free their operands). */
q_node *shr__qnode_new(const shr_allocator *a, q_kind kind);
/* Build a text node from raw text (folded and tokenised here). NULL on OOM. */
q_node *shr__qnode_text(const shr_catalog *cat, const char *text, size_t len);

/* ------------------------------- query_tree.c, shared by query_parse.c and query_build.c */

/* Show at most this many bytes of a value in a message. */
#define SHOW 80
/* What an unknown value of each field is called in errors. */
extern const char *const shr__qp_field_nouns[SHR_FIELD_COUNT];
/* The field named s[0..len) (its query.md name), or -1. */
int shr__qp_field_from_name(const char *s, size_t len);
/* A combination of two nodes (takes ownership of both; NULL on OOM). */
q_node *shr__qp_combine(const shr_allocator *a, q_kind kind, q_node *x, q_node *y);
/*
 * The node for field:value. Returns the node, or NULL with *rc set: SHR_ENOTFOUND for an
 * unknown value (the caller reports it), SHR_ENOMEM.
 */
q_node *shr__qp_field_node(const shr_catalog *cat, shr_field field, const char *v, size_t len,
                           int *rc);
/* A query owning root (NULL root: out of memory, reported in err). */
shr_query *shr__qp_query_new(const shr_catalog *cat, q_node *root, shr_error *err);

/* ---------------------------------------------------------------- near: (query_near.c) */

/* The node selecting practices within km of territory id[0..idlen). NULL with *rc: SHR_ENOMEM,
 * or SHR_EQUERY (unknown territory, no location, radius not in [0, 100000]) with msg set. */
q_node *shr__near_node(const shr_catalog *cat, const char *id, size_t idlen, double km, int *rc,
                       char *msg, size_t msgsize);
/* The node for one value of `near:` (v[0..len), "ID@KM"). NULL with *rc: SHR_ENOMEM, or
 * SHR_EQUERY with the message in msg and the byte offset of the fault in v in *errat. */
q_node *shr__qnode_near(const shr_catalog *cat, const char *v, size_t len, int *rc,
                        size_t *errat, char *msg, size_t msgsize);
/* Set in w (a bitset of npractices bits) the practices a Q_NEAR node selects. */
void shr__near_bits(const shr_catalog *cat, const q_node *n, uint32_t npractices, uint64_t *w);

/* ---------------------------------------------------------------- evaluation (query_eval.c) */

/* Evaluate to a new sorted array of practice indices (*items owned by the caller, freed with
 * shr__free(&cat->alloc, ...)). */
int shr__query_eval_items(const shr_query *q, uint32_t **items, size_t *count);

/* ---------------------------------------------------------------- results (result.c) */

struct shr_result {
    const shr_catalog *cat;
    uint32_t *items; /* practice indices */
    size_t count;
};

/* A result taking ownership of items (freed on failure). NULL on OOM. */
shr_result *shr__result_new(const shr_catalog *cat, uint32_t *items, size_t count);

/* ---------------------------------------------------------------- helpers */

static inline int shr__popcount64(uint64_t x)
{
    return __builtin_popcountll(x);
}

#endif
