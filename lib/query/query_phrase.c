/*
 * Text leaves of a query tree (see query_eval.c): tokens and prefixes through the text index,
 * phrases checked on the candidates against the token sequences of the index.
 */
#include "query_eval.h"

/* ------------------------------------------------------------------ phrases */

typedef struct phrase {
    const q_token *tok;
    uint32_t k;
    uint8_t *state, *next; /* k entries each */
    char *buf;             /* raw mode: folded token buffer */
    size_t cap;
    uint8_t anchor[5];     /* the sequence bytes of the first token, when it is one token */
    size_t alen;
    char *desc;            /* raw mode: a description, decoded */
    size_t desc_cap;
    int oom;               /* raw mode: decoding a description ran out of memory */
} phrase;

/* Fast check: find the first token's bytes (memchr), then compare the tokens that follow. */
static int phrase_anchored(const shr_index *idx, const phrase *ph, const uint8_t *start,
                           const uint8_t *end)
{
    const uint8_t *s = start;
    while (s < end) {
        const uint8_t *hit = memchr(s, ph->anchor[0], (size_t)(end - s));
        if (!hit)
            return 0;
        s = hit + 1;
        /* a sequence number starts after a byte without the continuation bit */
        if ((hit != start && (hit[-1] & 0x80)) || (size_t)(end - hit) < ph->alen ||
            memcmp(hit, ph->anchor, ph->alen) != 0)
            continue;
        const uint8_t *q = hit + ph->alen;
        uint32_t i = 1;
        for (; i < ph->k && q < end; i++) {
            uint32_t v = (uint32_t)shr__varint_get(&q);
            if (v == 0)
                break;
            uint32_t t = idx->seq_tok[v - 1];
            if (t < ph->tok[i].lo || t >= ph->tok[i].hi)
                break;
        }
        if (i == ph->k)
            return 1;
    }
    return 0;
}

/* One step of the matcher: the text's next token matches query token i (match[i]). */
static int phrase_step(phrase *ph, const uint8_t *match)
{
    uint32_t k = ph->k;
    for (uint32_t i = 0; i < k; i++)
        ph->next[i] = match[i] && (i == 0 || ph->state[i - 1]);
    memcpy(ph->state, ph->next, k);
    return ph->state[k - 1];
}

/* Raw check of one text (tokens too long for the index). */
static int phrase_raw_text(phrase *ph, const char *s, uint8_t *match)
{
    if (!s)
        return 0;
    size_t len = strlen(s), pos = 0, flen;
    memset(ph->state, 0, ph->k);
    while (shr__next_token(s, len, &pos, ph->buf, ph->cap, &flen)) {
        for (uint32_t i = 0; i < ph->k; i++)
            match[i] = flen >= ph->tok[i].len && memcmp(ph->buf, ph->tok[i].text,
                                                        ph->tok[i].len) == 0;
        if (phrase_step(ph, match))
            return 1;
    }
    return 0;
}

static int phrase_matches(const ev *e, phrase *ph, uint32_t p, int raw, uint8_t *match)
{
    if (raw) {
        const shr_practice *pr = e->cat->practices.items[p];
        const char *desc;
        if (phrase_raw_text(ph, pr->name, match))
            return 1;
        if (shr__practice_description_text(pr, &ph->desc, &ph->desc_cap, &desc)) {
            ph->oom = 1;
            return 0;
        }
        if (phrase_raw_text(ph, desc, match))
            return 1;
        for (uint32_t i = 0; i < pr->ntags; i++)
            if (phrase_raw_text(ph, pr->tags[i], match))
                return 1;
        return 0;
    }
    const shr_index *idx = e->idx;
    const uint8_t *s = idx->seq + idx->seq_off[p], *end = idx->seq + idx->seq_off[p + 1];
    if (ph->alen)
        return phrase_anchored(idx, ph, s, end);
    memset(ph->state, 0, ph->k);
    while (s < end) {
        uint32_t v = (uint32_t)shr__varint_get(&s);
        if (v == 0) {
            memset(ph->state, 0, ph->k);
            continue;
        }
        uint32_t t = idx->seq_tok[v - 1];
        for (uint32_t i = 0; i < ph->k; i++)
            match[i] = t >= ph->tok[i].lo && t < ph->tok[i].hi;
        if (phrase_step(ph, match))
            return 1;
    }
    return 0;
}


/* Above this many tokens for a word of a phrase (a short prefix), its pairs are not looked up
 * (the word's postings and the texts are checked instead). */
#define PAIR_MAX_FIRST 16

/* Practices having a pair of a token of range ta followed by a token of range tb. */
static int eval_pairs(const ev *e, const q_token *ta, const q_token *tb, qset *out)
{
    const shr_index *idx = e->idx;
    uint32_t lo = 0, hi = 0, nkeys = 0;
    for (uint32_t a = ta->lo; a < ta->hi; a++) {
        shr__index_pair_range(idx, a, tb->lo, tb->hi, &lo, &hi);
        nkeys += hi - lo;
    }
    if (nkeys <= 1) {
        if (nkeys == 0) {
            *out = set_empty();
        } else {
            for (uint32_t a = ta->lo; a < ta->hi; a++) { /* the one pair */
                shr__index_pair_range(idx, a, tb->lo, tb->hi, &lo, &hi);
                if (hi > lo)
                    break;
            }
            shr_posting p = shr__pgroup_get(&idx->pair, e->W, lo);
            *out = set_posting(&p);
        }
        return SHR_OK;
    }
    uint64_t *w = shr__calloc(e->a, e->W + 1, sizeof *w);
    if (!w)
        return SHR_ENOMEM;
    for (uint32_t a = ta->lo; a < ta->hi; a++) {
        shr__index_pair_range(idx, a, tb->lo, tb->hi, &lo, &hi);
        shr__qe_or_keys(e, &idx->pair, lo, hi, w);
    }
    *out = set_bits_owned(w);
    return SHR_OK;
}

/* Practices of `within` (consumed) where the phrase of n occurs. */
int shr__qe_eval_phrase(const ev *e, const q_node *n, qset *within, qset *out)
{
    uint32_t k = n->u.text.ntok;
    const q_token *tok = n->u.text.tok;
    int raw = 0;
    size_t maxlen = 0;
    for (uint32_t i = 0; i < k; i++) {
        if (tok[i].len > maxlen)
            maxlen = tok[i].len;
        if (tok[i].len > SHR_TOKEN_MAX)
            raw = 1;
    }
    /* candidates: practices with every pair of tokens in a row (each pair whose first word
     * is not too wide a prefix), and with every token */
    qset cand = *within;
    int rc = SHR_OK, paired = 0;
    for (uint32_t i = 0; !raw && rc == SHR_OK && i + 1 < k && set_count(e, &cand) > 0; i++) {
        if (tok[i].hi - tok[i].lo > PAIR_MAX_FIRST)
            continue;
        qset t;
        rc = eval_pairs(e, &tok[i], &tok[i + 1], &t);
        if (rc) {
            set_free(e, &cand);
            return rc;
        }
        qset r;
        rc = shr__qe_combine_and(e, &cand, &t, 1, &r);
        cand = r;
        paired++;
    }
    /* a phrase of two words found by its pair is found: nothing to check */
    if (rc == SHR_OK && k == 2 && paired == 1) {
        *out = cand;
        return SHR_OK;
    }
    for (uint32_t i = 0; rc == SHR_OK && i < k && set_count(e, &cand) > 0; i++) {
        if (paired && i > 0 && tok[i - 1].hi - tok[i - 1].lo <= PAIR_MAX_FIRST)
            continue; /* implied by the pair ending with it */
        if (paired && i + 1 < k && tok[i].hi - tok[i].lo <= PAIR_MAX_FIRST)
            continue; /* implied by the pair starting with it */
        qset t;
        rc = shr__qe_eval_token_range(e, tok[i].lo, tok[i].hi, &t);
        if (rc) {
            set_free(e, &cand);
            break;
        }
        qset r;
        rc = shr__qe_combine_and(e, &cand, &t, 1, &r);
        cand = r;
    }
    if (rc)
        return rc;
    phrase ph = {tok, k, NULL, NULL, NULL, maxlen, {0}, 0, NULL, 0, 0};
    if (!raw && tok[0].hi - tok[0].lo == 1) {
        uint8_t *end = shr__varint_put(ph.anchor, (size_t)e->idx->tok_seq[tok[0].lo] + 1);
        ph.alen = (size_t)(end - ph.anchor);
    }
    uint8_t *scratch = shr__malloc(e->a, (size_t)k * 3 + maxlen + 1);
    uint32_t cn = set_count(e, &cand);
    uint32_t *o = shr__malloc(e->a, ((size_t)cn + 1) * sizeof *o);
    if (!scratch || !o) {
        shr__free(e->a, scratch);
        shr__free(e->a, o);
        set_free(e, &cand);
        return SHR_ENOMEM;
    }
    ph.state = scratch;
    ph.next = scratch + k;
    uint8_t *match = scratch + 2 * (size_t)k;
    ph.buf = (char *)scratch + 3 * (size_t)k;
    uint32_t m = 0;
    if (cand.kind == S_LIST) {
        for (uint32_t i = 0; i < cand.n; i++)
            if (phrase_matches(e, &ph, cand.items[i], raw, match))
                o[m++] = cand.items[i];
    } else if (cand.kind == S_BITS) {
        for (uint32_t wi = 0; wi < e->W; wi++) {
            uint64_t w = cand.bits[wi];
            while (w) {
                uint32_t p = wi * 64 + (uint32_t)__builtin_ctzll(w);
                w &= w - 1;
                if (phrase_matches(e, &ph, p, raw, match))
                    o[m++] = p;
            }
        }
    } else {
        for (uint32_t p = 0; p < e->P; p++)
            if (phrase_matches(e, &ph, p, raw, match))
                o[m++] = p;
    }
    shr__free(e->a, scratch);
    shr__free(e->a, ph.desc);
    set_free(e, &cand);
    if (ph.oom) {
        shr__free(e->a, o);
        return SHR_ENOMEM;
    }
    *out = set_list_owned(o, m);
    return SHR_OK;
}

int shr__qe_eval_text(const ev *e, const q_node *n, qset *out)
{
    if (!n->u.text.verify)
        return shr__qe_eval_token_range(e, n->u.text.tok[0].lo, n->u.text.tok[0].hi, out);
    qset all = set_all(e);
    return shr__qe_eval_phrase(e, n, &all, out);
}

