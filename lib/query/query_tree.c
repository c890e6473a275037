/*
 * Query trees: their nodes (leaves and combinations), the field values of the expression
 * language resolved against the catalog, and the query object that owns a tree with its
 * warnings. The parser (query_parse.c) and the calls (query_build.c) build them.
 */
#include "query_internal.h"

#include <string.h>

/* ------------------------------------------------------------------ nodes */

q_node *shr__qnode_new(const shr_allocator *a, q_kind kind)
{
    q_node *n = shr__calloc(a, 1, sizeof *n);
    if (n)
        n->kind = kind;
    return n;
}

void shr__qnode_free(const shr_allocator *a, q_node *n)
{
    if (!n)
        return;
    switch (n->kind) {
    case Q_AND:
    case Q_OR:
        for (uint32_t i = 0; i < n->u.list.n; i++)
            shr__qnode_free(a, n->u.list.kids[i]);
        shr__free(a, n->u.list.kids);
        break;
    case Q_NOT:
        shr__qnode_free(a, n->u.kid);
        break;
    case Q_TEXT:
        for (uint32_t i = 0; i < n->u.text.ntok; i++)
            shr__free(a, n->u.text.tok[i].text);
        shr__free(a, n->u.text.tok);
        break;
    default:
        break;
    }
    shr__free(a, n);
}

/* Append kid to a list node (flattening kids of the same kind). Frees kid on failure. */
static int list_add(const shr_allocator *a, q_node *list, q_node *kid)
{
    if (kid->kind == list->kind) {
        for (uint32_t i = 0; i < kid->u.list.n; i++) {
            q_node *k = kid->u.list.kids[i];
            kid->u.list.kids[i] = NULL;
            if (list_add(a, list, k)) {
                for (uint32_t j = i + 1; j < kid->u.list.n; j++)
                    shr__qnode_free(a, kid->u.list.kids[j]);
                shr__free(a, kid->u.list.kids);
                shr__free(a, kid);
                return SHR_ENOMEM;
            }
        }
        shr__free(a, kid->u.list.kids);
        shr__free(a, kid);
        return SHR_OK;
    }
    if (list->u.list.n == list->u.list.cap) {
        uint32_t cap = list->u.list.cap ? list->u.list.cap * 2 : 4;
        q_node **kids = shr__realloc(a, list->u.list.kids, (size_t)cap * sizeof *kids);
        if (!kids) {
            shr__qnode_free(a, kid);
            return SHR_ENOMEM;
        }
        list->u.list.kids = kids;
        list->u.list.cap = cap;
    }
    list->u.list.kids[list->u.list.n++] = kid;
    return SHR_OK;
}

/* A combination of two nodes (takes ownership of both; NULL on OOM). */
q_node *shr__qp_combine(const shr_allocator *a, q_kind kind, q_node *x, q_node *y)
{
    if (x->kind == kind) { /* extend x (appending keeps long chains linear) */
        if (list_add(a, x, y)) {
            shr__qnode_free(a, x);
            return NULL;
        }
        return x;
    }
    q_node *n = shr__qnode_new(a, kind);
    if (!n) {
        shr__qnode_free(a, x);
        shr__qnode_free(a, y);
        return NULL;
    }
    if (list_add(a, n, x)) {
        shr__qnode_free(a, y);
        shr__qnode_free(a, n);
        return NULL;
    }
    if (list_add(a, n, y)) {
        shr__qnode_free(a, n);
        return NULL;
    }
    return n;
}

/* Do the tokens of text node n match, in a row and each by prefix, in text s? (Category
 * labels: a few words; phrases of more than 64 tokens never match one.) */
static bool phrase_in_label(const q_node *n, const char *s)
{
    uint32_t k = n->u.text.ntok;
    if (!s || k == 0 || k > 64)
        return false;
    char buf[SHR_TOKEN_MAX];
    size_t len = strlen(s), pos = 0, flen;
    uint64_t state = 0;
    while (shr__next_token(s, len, &pos, buf, sizeof buf, &flen)) {
        uint64_t m = 0;
        for (uint32_t i = 0; i < k; i++) {
            const q_token *t = &n->u.text.tok[i];
            if (t->len <= flen && t->len <= sizeof buf && memcmp(buf, t->text, t->len) == 0)
                m |= (uint64_t)1 << i;
        }
        state = ((state << 1) | 1) & m;
        if ((state >> (k - 1)) & 1)
            return true;
    }
    return false;
}

/* A word also selects the practices of the categories whose label (fr or en) it matches:
 * n OR category:c... Takes ownership of n; NULL on OOM. */
static q_node *or_categories(const shr_catalog *cat, q_node *n)
{
    const shr_allocator *a = &cat->alloc;
    for (size_t c = 0; n && c < cat->categories.count; c++) {
        const shr_category *cc = cat->categories.items[c];
        if (!phrase_in_label(n->kind == Q_OR ? n->u.list.kids[0] : n, cc->label_fr) &&
            !phrase_in_label(n->kind == Q_OR ? n->u.list.kids[0] : n, cc->label_en))
            continue;
        q_node *f = shr__qnode_new(a, Q_FIELD);
        if (!f) {
            shr__qnode_free(a, n);
            return NULL;
        }
        f->u.field.field = SHR_FIELD_CATEGORY;
        f->u.field.key = cc->index;
        n = shr__qp_combine(a, Q_OR, n, f);
    }
    return n;
}

q_node *shr__qnode_text(const shr_catalog *cat, const char *text, size_t len)
{
    const shr_allocator *a = &cat->alloc;
    const shr_index *idx = shr__cat_index(cat);
    q_node *n = shr__qnode_new(a, Q_TEXT);
    if (!n)
        return NULL;
    size_t pos = 0, flen;
    char buf[SHR_TOKEN_MAX];
    for (;;) {
        size_t start = pos;
        if (!shr__next_token(text, len, &pos, buf, sizeof buf, &flen))
            break;
        char *tok = shr__malloc(a, flen + 1);
        q_token *toks = tok ? shr__realloc(a, n->u.text.tok,
                                           ((size_t)n->u.text.ntok + 1) * sizeof *toks)
                            : NULL;
        if (!toks) {
            shr__free(a, tok);
            shr__qnode_free(a, n);
            return NULL;
        }
        n->u.text.tok = toks;
        if (flen > sizeof buf) {
            size_t again = start, flen2;
            shr__next_token(text, len, &again, tok, flen, &flen2);
            n->u.text.verify = true;
        } else {
            memcpy(tok, buf, flen);
        }
        tok[flen] = '\0';
        q_token *t = &toks[n->u.text.ntok++];
        t->text = tok;
        t->len = (uint32_t)flen;
        shr__index_token_range(idx, tok, flen < SHR_TOKEN_MAX ? flen : SHR_TOKEN_MAX, &t->lo,
                               &t->hi);
    }
    if (n->u.text.ntok == 0) {
        /* nothing to search for: a word without letters or digits selects everything */
        n->kind = Q_ALL;
        return n;
    }
    if (n->u.text.ntok > 1)
        n->u.text.verify = true;
    return or_categories(cat, n);
}

/* ------------------------------------------------------------------ field values */

static const char *const field_names[SHR_FIELD_COUNT] = {
    [SHR_FIELD_AXIS] = "axis",
    [SHR_FIELD_CATEGORY] = "category",
    [SHR_FIELD_FAMILY] = "family",
    [SHR_FIELD_IN] = "in",
    [SHR_FIELD_AT] = "at",
    [SHR_FIELD_ACTOR] = "actor",
    [SHR_FIELD_ACTORKIND] = "actorkind",
    [SHR_FIELD_ACTORSECTOR] = "actorsector",
    [SHR_FIELD_ROLE] = "role",
    [SHR_FIELD_STATUS] = "status",
    [SHR_FIELD_TAG] = "tag",
    [SHR_FIELD_ID] = "id",
};

/* What an unknown value is called in errors. */
const char *const shr__qp_field_nouns[SHR_FIELD_COUNT] = {
    [SHR_FIELD_AXIS] = "axis",
    [SHR_FIELD_CATEGORY] = "category",
    [SHR_FIELD_FAMILY] = "family",
    [SHR_FIELD_IN] = "territory",
    [SHR_FIELD_AT] = "territory",
    [SHR_FIELD_ACTOR] = "actor",
    [SHR_FIELD_ACTORKIND] = "actor kind",
    [SHR_FIELD_ACTORSECTOR] = "actor sector",
    [SHR_FIELD_ROLE] = "role",
    [SHR_FIELD_STATUS] = "status",
    [SHR_FIELD_TAG] = "tag",
    [SHR_FIELD_ID] = "practice",
};

static const char *const numeric_names[SHR_NUMERIC_COUNT] = {
    [SHR_NUMERIC_STARTED] = "started",
    [SHR_NUMERIC_ENDED] = "ended",
    [SHR_NUMERIC_POPULATION] = "population",
    [SHR_NUMERIC_TERRITORIES] = "territories",
};

const char *shr_field_name(shr_field field)
{
    return (int)field >= 0 && field < SHR_FIELD_COUNT ? field_names[field] : NULL;
}

const char *shr_numeric_name(shr_numeric field)
{
    return (int)field >= 0 && field < SHR_NUMERIC_COUNT ? numeric_names[field] : NULL;
}

int shr__qp_field_from_name(const char *s, size_t len)
{
    for (int i = 0; i < SHR_FIELD_COUNT; i++)
        if (strlen(field_names[i]) == len && memcmp(field_names[i], s, len) == 0)
            return i;
    return -1;
}

/* Enum value named s[0..len) by a from_name function, or -1. */
static int enum_value(int (*from_name)(const char *, int *), const char *s, size_t len)
{
    char buf[64];
    if (len >= sizeof buf || memchr(s, '\0', len))
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    int v;
    return from_name(buf, &v) == SHR_OK ? v : -1;
}

/* Adapters: the from_name functions take typed enum pointers. */
#define FROM_NAME_ADAPTER(fn, type)                                                            \
    static int fn##_int(const char *name, int *out)                                           \
    {                                                                                          \
        type v;                                                                                \
        int rc = fn(name, &v);                                                                 \
        if (rc == SHR_OK)                                                                      \
            *out = (int)v;                                                                     \
        return rc;                                                                             \
    }
FROM_NAME_ADAPTER(shr_family_from_name, shr_family)
FROM_NAME_ADAPTER(shr_actor_kind_from_name, shr_actor_kind)
FROM_NAME_ADAPTER(shr_sector_from_name, shr_sector)
FROM_NAME_ADAPTER(shr_role_from_name, shr_role)
FROM_NAME_ADAPTER(shr_status_from_name, shr_status)

/*
 * The node for field:value. Returns the node, or NULL with *rc set: SHR_ENOTFOUND for an
 * unknown value (the caller reports it), SHR_ENOMEM.
 */
q_node *shr__qp_field_node(const shr_catalog *cat, shr_field field, const char *v, size_t len,
                          int *rc)
{
    const shr_allocator *a = &cat->alloc;
    const shr_index *idx = shr__cat_index(cat);
    long key = -1;
    *rc = SHR_OK;
    switch (field) {
    case SHR_FIELD_AXIS:
        key = shr__axis_from_id(v, len);
        break;
    case SHR_FIELD_CATEGORY:
        key = shr__idmap_find_id(&cat->category_ids, v, len) == SHR_NO_INDEX
                  ? -1
                  : (long)shr__idmap_find_id(&cat->category_ids, v, len);
        break;
    case SHR_FIELD_FAMILY:
        key = enum_value(shr_family_from_name_int, v, len);
        break;
    case SHR_FIELD_IN:
    case SHR_FIELD_AT: {
        uint32_t t = shr__idmap_find_id(&cat->territory_ids, v, len);
        key = t == SHR_NO_INDEX ? -1 : (long)t;
        break;
    }
    case SHR_FIELD_ACTOR: {
        uint32_t t = shr__idmap_find_id(&cat->actor_ids, v, len);
        key = t == SHR_NO_INDEX ? -1 : (long)t;
        break;
    }
    case SHR_FIELD_ACTORKIND:
        key = enum_value(shr_actor_kind_from_name_int, v, len);
        break;
    case SHR_FIELD_ACTORSECTOR:
        key = enum_value(shr_sector_from_name_int, v, len);
        break;
    case SHR_FIELD_ROLE:
        key = enum_value(shr_role_from_name_int, v, len);
        break;
    case SHR_FIELD_STATUS:
        key = enum_value(shr_status_from_name_int, v, len);
        break;
    case SHR_FIELD_TAG: {
        /* free text: an unknown tag selects nothing */
        uint32_t t = shr__index_tag(idx, v, len);
        q_node *n = shr__qnode_new(a, t == SHR_NO_INDEX ? Q_NONE : Q_FIELD);
        if (!n) {
            *rc = SHR_ENOMEM;
            return NULL;
        }
        n->u.field.field = field;
        n->u.field.key = t;
        return n;
    }
    case SHR_FIELD_ID: {
        uint32_t p = shr__idmap_find_id(&cat->practice_ids, v, len);
        if (p == SHR_NO_INDEX) {
            *rc = SHR_ENOTFOUND;
            return NULL;
        }
        q_node *n = shr__qnode_new(a, Q_ID);
        if (!n) {
            *rc = SHR_ENOMEM;
            return NULL;
        }
        n->u.id = p;
        return n;
    }
    default:
        *rc = SHR_EINVAL;
        return NULL;
    }
    if (key < 0) {
        *rc = SHR_ENOTFOUND;
        return NULL;
    }
    q_node *n = shr__qnode_new(a, Q_FIELD);
    if (!n) {
        *rc = SHR_ENOMEM;
        return NULL;
    }
    n->u.field.field = field;
    n->u.field.key = (uint32_t)key;
    return n;
}

shr_query *shr__qp_query_new(const shr_catalog *cat, q_node *root, shr_error *err)
{
    if (!root) {
        shr__error_set(err, SHR_ENOMEM, "out of memory while building a query");
        return NULL;
    }
    shr_query *q = shr__calloc(&cat->alloc, 1, sizeof *q);
    if (!q) {
        shr__qnode_free(&cat->alloc, root);
        shr__error_set(err, SHR_ENOMEM, "out of memory while building a query");
        return NULL;
    }
    q->cat = cat;
    q->root = root;
    shr__catalog_borrow(cat);
    return q;
}

size_t shr_query_warning_count(const shr_query *q)
{
    return q ? q->nwarnings : 0;
}

const char *shr_query_warning_message(const shr_query *q, size_t i)
{
    return q && i < q->nwarnings ? q->warnings[i].message : NULL;
}

unsigned shr_query_warning_column(const shr_query *q, size_t i)
{
    return q && i < q->nwarnings ? q->warnings[i].column : 0;
}

