/*
 * The builder of the text index (textindex.c), driven by the index build (index.c): begin, one
 * call per practice, finish. Not installed.
 */
#ifndef SHR_TEXTINDEX_H
#define SHR_TEXTINDEX_H

#include "query_internal.h"

/* A distinct token met during the build. */
typedef struct shr_tokinfo {
    uint64_t w0;    /* first 8 bytes, zero-padded */
    uint32_t off;   /* its words: pool[off .. off + (len + 7) / 8) */
    uint32_t len;
    uint32_t stamp; /* practice + 1 that last counted it */
    uint32_t n;     /* practices using it */
} shr_tokinfo;

typedef struct shr_text_builder {
    const shr_allocator *a;
    uint32_t npractices, nwords;
    SHR_VEC(uint64_t) pool; /* tokens' words */
    SHR_VEC(shr_tokinfo) toks;  /* in order of first appearance (sequence number - 1) */
    uint32_t *slots; /* hash table: token number + 1, 0 when empty */
    size_t mask;    /* number of slots - 1 (a power of two) */
    uint32_t shift; /* 32 - log2 of the number of slots: a hash's first slot is hash >> shift */
    uint8_t *seq; /* grown by a quarter at a time: the slack is never touched */
    size_t nseq, capseq;
    uint64_t *buf; /* folded token under way: room for a whole text and SHR_TOKEN_MAX */
    size_t capbuf; /* in words */
    char *desc;    /* a literal of a coded description */
    size_t desc_cap;
    /* Tokens of each piece of the catalog's text store, once folded: piece i's are
     * memo_toks[memo_start[i] .. + memo_len[i]), memo_start[i] UINT32_MAX until then. */
    uint32_t *memo_start;
    uint8_t *memo_len;
    SHR_VEC(uint32_t) memo_toks;
    /* folded form of U+0080..U+017F (Latin-1, Latin Extended-A): length (-1: separator) and
     * bytes, computed per build with shr__fold_cp() */
    int8_t latin_len[0x100];
    char latin[0x100][4];
} shr_text_builder;

/* Set tb up for the catalog's texts. 0 or SHR_ENOMEM (then shr__textindex_finish frees). */
int shr__textindex_begin(const shr_catalog *cat, shr_index *idx, shr_text_builder *tb);
/* Cut practice p's name, description and tags into tokens. 0 or SHR_ENOMEM. */
int shr__textindex_practice(shr_text_builder *tb, shr_index *idx, const shr_practice *pr,
                            uint32_t p);
/* Sort the tokens and fill idx's text index when rc is 0; free tb in any case. Returns rc or
 * SHR_ENOMEM. */
int shr__textindex_finish(const shr_catalog *cat, shr_index *idx, shr_text_builder *tb, int rc);

/* Build idx->pair_keys and idx->pair from the token sequences (textpairs.c), once the
 * tokens are sorted. 0 or SHR_ENOMEM (what was allocated stays in idx, for
 * shr__index_free). */
int shr__textindex_pairs(const shr_allocator *a, shr_index *idx);

#endif
