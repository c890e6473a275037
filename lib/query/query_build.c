/*
 * Queries built with calls (query.h: shr_query_all, shr_query_field, shr_query_and...), the
 * same trees as the parser's (query_parse.c).
 */
#include "query_internal.h"

#include <string.h>

shr_query *shr_query_all(const shr_catalog *cat, shr_error *err)
{
    if (!cat) {
        shr__error_set(err, SHR_EINVAL, "shr_query_all: NULL catalog");
        return NULL;
    }
    return shr__qp_query_new(cat, shr__qnode_new(&cat->alloc, Q_ALL), err);
}

shr_query *shr_query_field(const shr_catalog *cat, shr_field field, const char *value,
                           shr_error *err)
{
    if (!cat || !value || (int)field < 0 || field >= SHR_FIELD_COUNT) {
        shr__error_set(err, SHR_EINVAL, "shr_query_field: invalid argument");
        return NULL;
    }
    int rc;
    q_node *n = shr__qp_field_node(cat, field, value, strlen(value), &rc);
    if (!n) {
        if (rc == SHR_ENOMEM)
            shr__error_set(err, SHR_ENOMEM, "out of memory while building a query");
        else {
            char ids[200];
            size_t len = strlen(value);
            size_t amb = shr__qp_ambiguous_name(cat, field, value, len, ids, sizeof ids);
            if (amb)
                shr__error_set(err, SHR_EQUERY,
                               "territory name '%.*s' is ambiguous: %zu territories have it (%s); "
                               "write an id", (int)(len > SHOW ? SHOW : len), value, amb, ids);
            else
                shr__error_set(err, SHR_EQUERY, "unknown %s '%.*s'",
                               shr__w(shr__qp_field_nouns[field]), SHOW, value);
        }
        return NULL;
    }
    return shr__qp_query_new(cat, n, err);
}

shr_query *shr_query_compare(const shr_catalog *cat, shr_numeric field, shr_op op,
                             int64_t number, shr_error *err)
{
    if (!cat || (int)field < 0 || field >= SHR_NUMERIC_COUNT || (int)op < 0 || op > SHR_OP_GE) {
        shr__error_set(err, SHR_EINVAL, "shr_query_compare: invalid argument");
        return NULL;
    }
    q_node *n = shr__qnode_new(&cat->alloc, Q_COMPARE);
    if (n) {
        n->u.cmp.num = field;
        n->u.cmp.op = op;
        n->u.cmp.value = number;
    }
    return shr__qp_query_new(cat, n, err);
}

shr_query *shr_query_text(const shr_catalog *cat, const char *text, shr_error *err)
{
    if (!cat || !text) {
        shr__error_set(err, SHR_EINVAL, "shr_query_text: NULL argument");
        return NULL;
    }
    return shr__qp_query_new(cat, shr__qnode_text(cat, text, strlen(text)), err);
}

shr_query *shr_query_near(const shr_catalog *cat, const char *territory, double km,
                          shr_error *err)
{
    if (!cat || !territory) {
        shr__error_set(err, SHR_EINVAL, "shr_query_near: NULL argument");
        return NULL;
    }
    int rc;
    q_node *n = shr__near_node(cat, territory, strlen(territory), km, &rc, err);
    if (!n) {
        if (rc == SHR_ENOMEM)
            shr__error_set(err, rc, "out of memory while building a query");
        return NULL;
    }
    return shr__qp_query_new(cat, n, err);
}

/* A NULL operand is normally a constructor that failed and already filled err: keep that
 * first error, so nested builder calls report what really went wrong. */
static void operand_error(shr_error *err, int negation)
{
    if (err && err->code != SHR_OK)
        return;
    if (negation)
        shr__error_set(err, SHR_EINVAL, "shr_query_not: NULL query");
    else
        shr__error_set(err, SHR_EINVAL, "combining queries: NULL operand");
}

static shr_query *query_combine(q_kind kind, shr_query *a, shr_query *b, shr_error *err)
{
    if (!a || !b || a->cat != b->cat) {
        if (a && b)
            shr__error_set(err, SHR_EINVAL, "combining queries from different catalogs");
        else
            operand_error(err, 0);
        shr_query_free(a);
        shr_query_free(b);
        return NULL;
    }
    const shr_allocator *al = &a->cat->alloc;
    q_node *n = shr__qp_combine(al, kind, a->root, b->root);
    /* the shells go: their trees are in n (or freed); warnings are those of parses alone */
    a->root = b->root = NULL;
    shr_query_free(b);
    if (!n) {
        shr_query_free(a);
        shr__error_set(err, SHR_ENOMEM, "out of memory while building a query");
        return NULL;
    }
    a->root = n;
    return a;
}

shr_query *shr_query_and(shr_query *a, shr_query *b, shr_error *err)
{
    return query_combine(Q_AND, a, b, err);
}

shr_query *shr_query_or(shr_query *a, shr_query *b, shr_error *err)
{
    return query_combine(Q_OR, a, b, err);
}

shr_query *shr_query_not(shr_query *a, shr_error *err)
{
    if (!a) {
        operand_error(err, 1);
        return NULL;
    }
    const shr_allocator *al = &a->cat->alloc;
    q_node *n = shr__qnode_new(al, Q_NOT);
    if (!n) {
        shr_query_free(a);
        shr__error_set(err, SHR_ENOMEM, "out of memory while building a query");
        return NULL;
    }
    n->u.kid = a->root;
    a->root = n;
    return a;
}

void shr_query_free(shr_query *q)
{
    if (!q)
        return;
    const shr_allocator *a = &q->cat->alloc;
    shr__catalog_unborrow(q->cat);
    shr__qnode_free(a, q->root);
    shr__free(a, q->warnings);
    shr__free(a, q);
}

