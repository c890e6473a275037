/*
 * The expression language of query.md -> a query tree (query_internal.h), and the same
 * filters as calls (shr_query_field() ...).
 *
 * Recursive descent over the bytes of the expression:
 *   or    := and ( "OR" and )*
 *   and   := unary ( [ "AND" ] unary )*
 *   unary := ( "-" | "NOT" ) unary | "(" or ")" | term
 *   term  := field ":" values | numeric [space] op [space] number | word | "\"" phrase "\""
 * A word ends at white space, a parenthesis or a quote; inside quotes, \" is a quote and \\ a
 * backslash. Keywords are upper case; a lower-case or, and, not is searched as a word and
 * left as a warning on the query. Field values are resolved against the
 * catalog here (an unknown one is an error naming it), and words are folded and looked up in
 * the token dictionary, so evaluation does no string work except for phrases.
 *
 * Errors: SHR_EQUERY with err->column the 1-based byte column of the offending place.
 */
#include "query_internal.h"

#include <string.h>

/* ------------------------------------------------------------------ parser */

typedef struct parser {
    const shr_catalog *cat;
    const shr_allocator *a;
    const char *s;
    size_t len, pos;
    int depth;
    int rc;
    shr_error *err;
    q_warning *warnings; /* what still looks like a mistake (moved to the query) */
    uint32_t nwarnings;
    char *unq;     /* unescaped text of the current quoted value */
    size_t unq_cap;
} parser;

static q_node *fail(parser *p, int code, size_t at, const char *fmt, ...) SHR_PRINTF(4, 5);

static q_node *fail(parser *p, int code, size_t at, const char *fmt, ...)
{
    if (p->rc)
        return NULL;
    p->rc = code;
    va_list ap;
    va_start(ap, fmt);
    shr__error_vset_at(p->err, code, NULL, 0, code == SHR_ENOMEM ? 0 : (unsigned)(at + 1), NULL,
                       fmt, ap);
    va_end(ap);
    return NULL;
}

static q_node *oom(parser *p)
{
    return fail(p, SHR_ENOMEM, 0, "out of memory while parsing the query");
}

/* Keep a warning at byte `at` (at most SHR__QUERY_WARNINGS_MAX; more are dropped). Returns 0,
 * or SHR_ENOMEM (then the parse fails). */
static int warn(parser *p, size_t at, const char *fmt, ...) SHR_PRINTF(3, 4);

static int warn(parser *p, size_t at, const char *fmt, ...)
{
    if (p->nwarnings >= SHR__QUERY_WARNINGS_MAX)
        return SHR_OK;
    if (!p->warnings) {
        p->warnings = shr__malloc(p->a, SHR__QUERY_WARNINGS_MAX * sizeof *p->warnings);
        if (!p->warnings) {
            oom(p);
            return SHR_ENOMEM;
        }
    }
    q_warning *w = &p->warnings[p->nwarnings++];
    w->column = (unsigned)(at + 1);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->message, sizeof w->message, fmt, ap);
    va_end(ap);
    return SHR_OK;
}

/* The closing quote of the quoted text opening at s[open] ('"'), or SIZE_MAX: a backslash
 * escapes the next byte (\" and \\). */
static size_t closing_quote(const parser *p, size_t open)
{
    for (size_t i = open + 1; i < p->len; i++) {
        if (p->s[i] == '\\' && i + 1 < p->len)
            i++;
        else if (p->s[i] == '"')
            return i;
    }
    return SIZE_MAX;
}

/* The text between the quotes at open and close with \" and \\ unescaped (other backslashes
 * stay): p->s itself when there is no backslash, else p->unq. NULL on OOM. */
static const char *unquote(parser *p, size_t open, size_t close, size_t *len)
{
    const char *s = p->s + open + 1;
    size_t n = close - open - 1;
    if (!memchr(s, '\\', n)) {
        *len = n;
        return s;
    }
    if (n + 1 > p->unq_cap) {
        char *u = shr__realloc(p->a, p->unq, n + 1);
        if (!u)
            return NULL;
        p->unq = u;
        p->unq_cap = n + 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\'))
            i++;
        p->unq[k++] = s[i];
    }
    *len = k;
    return p->unq;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A character that ends a bare word. */
static int ends_word(char c)
{
    return is_space(c) || c == '(' || c == ')' || c == '"';
}

static void skip_space(parser *p)
{
    while (p->pos < p->len && is_space(p->s[p->pos]))
        p->pos++;
}

/* At the keyword kw (upper case, after skip_space)? */
static int at_keyword(const parser *p, const char *kw)
{
    size_t n = strlen(kw);
    return p->pos + n <= p->len && memcmp(p->s + p->pos, kw, n) == 0 &&
           (p->pos + n == p->len || ends_word(p->s[p->pos + n]));
}

static int at_or(const parser *p)
{
    return at_keyword(p, "OR");
}

/* Where a term must follow (after '-', NOT, AND, OR): the end, ')', OR or AND. */
static int no_term_here(const parser *p)
{
    return p->pos >= p->len || p->s[p->pos] == ')' || at_or(p) || at_keyword(p, "AND");
}

static q_node *parse_or(parser *p);

static int is_op_char(char c)
{
    return c == '<' || c == '>' || c == '=';
}

/* numeric [space] op [space] number, the name at start (its operator is the next non-space
 * character). */
static q_node *parse_compare(parser *p, shr_numeric num, size_t start, size_t name_len)
{
    size_t i = start + name_len, end = p->len;
    shr_op op;
    const char *s = p->s;
    while (is_space(s[i]))
        i++;
    if (s[i] == '>' && i + 1 < end && s[i + 1] == '=') {
        op = SHR_OP_GE;
        i += 2;
    } else if (s[i] == '<' && i + 1 < end && s[i + 1] == '=') {
        op = SHR_OP_LE;
        i += 2;
    } else if (s[i] == '>') {
        op = SHR_OP_GT;
        i++;
    } else if (s[i] == '<') {
        op = SHR_OP_LT;
        i++;
    } else {
        op = SHR_OP_EQ;
        i++;
    }
    size_t opend = i;
    while (i < end && is_space(s[i]))
        i++;
    size_t numstart = i;
    int neg = 0;
    if (i < end && (s[i] == '-' || s[i] == '+')) {
        neg = s[i] == '-';
        i++;
    }
    int64_t v = 0;
    size_t digits = 0;
    while (i < end && s[i] >= '0' && s[i] <= '9') {
        if (v > (INT64_MAX - 9) / 10)
            return fail(p, SHR_EQUERY, numstart, "number out of range after '%.*s'",
                        (int)(opend - start), s + start);
        v = v * 10 + (s[i] - '0');
        i++;
        digits++;
    }
    if (digits == 0 || (i < end && !ends_word(s[i])))
        return fail(p, SHR_EQUERY, numstart, "expected a number after '%.*s'",
                    (int)(opend - start), s + start);
    q_node *n = shr__qnode_new(p->a, Q_COMPARE);
    if (!n)
        return oom(p);
    n->u.cmp.num = num;
    n->u.cmp.op = op;
    n->u.cmp.value = neg ? -v : v;
    p->pos = i;
    return n;
}

/* field:values, the word starting at start with its ':' at colon. */
static q_node *parse_field(parser *p, size_t start, size_t colon)
{
    const char *s = p->s;
    size_t name_len = colon - start;
    if (name_len == 0)
        return fail(p, SHR_EQUERY, start, "expected a field name before ':'");
    int f = shr__qp_field_from_name(s + start, name_len);
    int near = f < 0 && name_len == 4 && memcmp(s + start, "near", 4) == 0; /* query_near.c */
    if (f < 0 && !near) {
        for (int k = 0; k < SHR_NUMERIC_COUNT; k++)
            if (strlen(shr_numeric_name((shr_numeric)k)) == name_len &&
                memcmp(shr_numeric_name((shr_numeric)k), s + start, name_len) == 0)
                return fail(p, SHR_EQUERY, colon,
                            "expected an operator (>=, <=, >, <, =) after '%s', not ':'",
                            shr_numeric_name((shr_numeric)k));
        return fail(p, SHR_EQUERY, start, "unknown field '%.*s'",
                    (int)(name_len > SHOW ? SHOW : name_len), s + start);
    }
    size_t i = colon + 1;
    q_node *result = NULL;
    for (;;) {
        size_t vstart, vlen, vcol;
        const char *v = s;
        if (i < p->len && s[i] == '"') {
            size_t close = closing_quote(p, i);
            if (close == SIZE_MAX) {
                shr__qnode_free(p->a, result);
                return fail(p, SHR_EQUERY, i, "unterminated quote");
            }
            vcol = i;
            v = unquote(p, i, close, &vlen);
            if (!v) {
                shr__qnode_free(p->a, result);
                return oom(p);
            }
            vstart = 0;
            i = close + 1;
        } else {
            vcol = vstart = i;
            while (i < p->len && !ends_word(s[i]) && s[i] != ',')
                i++;
            vlen = i - vstart;
        }
        if (vlen == 0) {
            shr__qnode_free(p->a, result);
            if (vstart == colon + 1)
                return fail(p, SHR_EQUERY, vcol, "expected a value after '%.*s:'",
                            (int)name_len, s + start);
            return fail(p, SHR_EQUERY, vcol, "expected a value after ','");
        }
        int rc;
        q_node *leaf;
        if (near) {
            char msg[160];
            size_t errat;
            leaf = shr__qnode_near(p->cat, v + vstart, vlen, &rc, &errat, msg, sizeof msg);
            if (!leaf && rc != SHR_ENOMEM) {
                shr__qnode_free(p->a, result);
                return fail(p, SHR_EQUERY, (v == s ? vstart : vcol + 1) + errat, "%s", msg);
            }
        } else {
            leaf = shr__qp_field_node(p->cat, (shr_field)f, v + vstart, vlen, &rc);
        }
        if (!leaf) {
            shr__qnode_free(p->a, result);
            if (rc == SHR_ENOMEM)
                return oom(p);
            return fail(p, SHR_EQUERY, vcol, "unknown %s '%.*s'", shr__qp_field_nouns[f],
                        (int)(vlen > SHOW ? SHOW : vlen), v + vstart);
        }
        if (f == SHR_FIELD_TAG && leaf->kind == Q_NONE &&
            warn(p, vcol, "no practice has the tag '%.*s'", (int)(vlen > SHOW ? SHOW : vlen),
                 v + vstart)) {
            shr__qnode_free(p->a, leaf);
            shr__qnode_free(p->a, result);
            return NULL;
        }
        result = result ? shr__qp_combine(p->a, Q_OR, result, leaf) : leaf;
        if (!result)
            return oom(p);
        if (i < p->len && s[i] == ',') {
            i++;
            continue;
        }
        break;
    }
    p->pos = i;
    return result;
}

/* A word or phrase whose tokens no text has (and that matches no category label). */
static bool finds_nothing(const q_node *n)
{
    if (n->kind != Q_TEXT)
        return false;
    for (uint32_t i = 0; i < n->u.text.ntok; i++)
        if (n->u.text.tok[i].lo >= n->u.text.tok[i].hi)
            return true;
    return false;
}

/* A word or phrase s[start..start+len) (already unquoted) as a text node, with its warnings. */
static q_node *text_term(parser *p, size_t at, const char *text, size_t len, bool quoted)
{
    q_node *n = shr__qnode_text(p->cat, text, len);
    if (!n)
        return oom(p);
    static const char *const keywords[][2] = {{"or", "OR"}, {"and", "AND"}, {"not", "NOT"}};
    for (size_t k = 0; !quoted && k < 3; k++) {
        if (shr__enum_name_eq(keywords[k][0], text, len)) {
            if (warn(p, at,
                     "'%.*s' is searched as a word: write %s (upper case) for the operator, or "
                     "quote the word to search it",
                     (int)len, text, keywords[k][1])) {
                shr__qnode_free(p->a, n);
                return NULL;
            }
            return n;
        }
    }
    if (finds_nothing(n) && warn(p, at, "%s%.*s%s matches no practice (no text has such a word)",
                                 quoted ? "\"" : "'", (int)(len > SHOW ? SHOW : len), text,
                                 quoted ? "\"" : "'")) {
        shr__qnode_free(p->a, n);
        return NULL;
    }
    return n;
}

static q_node *parse_term(parser *p)
{
    const char *s = p->s;
    size_t start = p->pos;
    if (s[start] == '"') {
        size_t close = closing_quote(p, start), len;
        if (close == SIZE_MAX)
            return fail(p, SHR_EQUERY, start, "unterminated quote");
        const char *text = unquote(p, start, close, &len);
        if (!text)
            return oom(p);
        p->pos = close + 1;
        return text_term(p, start, text, len, true);
    }
    size_t end = start;
    while (end < p->len && !ends_word(s[end]))
        end++;
    const char *colon = memchr(s + start, ':', end - start);
    if (colon)
        return parse_field(p, start, (size_t)(colon - s));
    for (int k = 0; k < SHR_NUMERIC_COUNT; k++) {
        size_t nl = strlen(shr_numeric_name((shr_numeric)k)), after = start + nl;
        if (end - start < nl || memcmp(s + start, shr_numeric_name((shr_numeric)k), nl) != 0)
            continue;
        if (after == end) /* `started >= 2015`: the operator after spaces */
            while (after < p->len && is_space(s[after]))
                after++;
        if (after < p->len && is_op_char(s[after]) && (after == start + nl || after > end))
            return parse_compare(p, (shr_numeric)k, start, nl);
    }
    p->pos = end;
    return text_term(p, start, s + start, end - start, false);
}

static q_node *parse_unary(parser *p)
{
    skip_space(p);
    if (p->pos >= p->len)
        return fail(p, SHR_EQUERY, p->pos, "expected a term at the end of the query");
    char c = p->s[p->pos];
    bool not_kw = at_keyword(p, "NOT");
    if (c == '-' || c == '(' || not_kw) {
        if (++p->depth > SHR_LIMIT_QUERY_DEPTH)
            return fail(p, SHR_ELIMIT, p->pos,
                        "query nested deeper than %d parentheses and '-'",
                        SHR_LIMIT_QUERY_DEPTH);
        size_t at = p->pos;
        p->pos += not_kw ? 3 : 1;
        q_node *n;
        if (c == '-' || not_kw) {
            skip_space(p);
            if (no_term_here(p))
                return fail(p, SHR_EQUERY, at, "expected a term after '%s'", not_kw ? "NOT" : "-");
            q_node *kid = parse_unary(p);
            if (!kid)
                return NULL;
            n = shr__qnode_new(p->a, Q_NOT);
            if (!n) {
                shr__qnode_free(p->a, kid);
                return oom(p);
            }
            n->u.kid = kid;
        } else {
            skip_space(p);
            if (p->pos < p->len && p->s[p->pos] == ')')
                return fail(p, SHR_EQUERY, p->pos, "expected a term after '('");
            n = parse_or(p);
            if (!n)
                return NULL;
            skip_space(p);
            if (p->pos >= p->len || p->s[p->pos] != ')') {
                shr__qnode_free(p->a, n);
                return fail(p, SHR_EQUERY, at, "unbalanced parentheses: '(' is never closed");
            }
            p->pos++;
        }
        p->depth--;
        return n;
    }
    if (c == ')')
        return fail(p, SHR_EQUERY, p->pos, "unbalanced parentheses: ')' without '('");
    return parse_term(p);
}

static q_node *parse_and(parser *p)
{
    q_node *result = NULL;
    for (;;) {
        skip_space(p);
        if (p->pos >= p->len || p->s[p->pos] == ')' || at_or(p))
            break;
        if (at_keyword(p, "AND")) {
            size_t at = p->pos;
            p->pos += 3;
            skip_space(p);
            if (!result || no_term_here(p)) {
                shr__qnode_free(p->a, result);
                return fail(p, SHR_EQUERY, at, "expected a term %s 'AND'",
                            result ? "after" : "before");
            }
        }
        q_node *n = parse_unary(p);
        if (!n) {
            shr__qnode_free(p->a, result);
            return NULL;
        }
        result = result ? shr__qp_combine(p->a, Q_AND, result, n) : n;
        if (!result)
            return oom(p);
    }
    if (!result) {
        if (at_or(p))
            return fail(p, SHR_EQUERY, p->pos, "expected a term before 'OR'");
        if (p->pos < p->len)
            return fail(p, SHR_EQUERY, p->pos, "unbalanced parentheses: ')' without '('");
        return fail(p, SHR_EQUERY, p->pos, "expected a term at the end of the query");
    }
    return result;
}

static q_node *parse_or(parser *p)
{
    q_node *result = parse_and(p);
    if (!result)
        return NULL;
    for (;;) {
        skip_space(p);
        if (!at_or(p))
            return result;
        size_t at = p->pos;
        p->pos += 2;
        skip_space(p);
        if (no_term_here(p)) {
            shr__qnode_free(p->a, result);
            return fail(p, SHR_EQUERY, at, "expected a term after 'OR'");
        }
        q_node *n = parse_and(p);
        if (!n) {
            shr__qnode_free(p->a, result);
            return NULL;
        }
        result = shr__qp_combine(p->a, Q_OR, result, n);
        if (!result)
            return oom(p);
    }
}

int shr_query_parse(const shr_catalog *cat, const char *expr, shr_query **out, shr_error *err)
{
    if (out)
        *out = NULL;
    if (!cat || !expr || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_query_parse: NULL argument");
    size_t len = strnlen(expr, (size_t)SHR_LIMIT_QUERY_LENGTH + 1);
    if (len > SHR_LIMIT_QUERY_LENGTH)
        return shr__error_set(err, SHR_ELIMIT, "query longer than %d bytes",
                              SHR_LIMIT_QUERY_LENGTH);
    parser p = {.cat = cat, .a = &cat->alloc, .s = expr, .len = len, .err = err};
    skip_space(&p);
    q_node *root;
    if (p.pos >= p.len) {
        root = shr__qnode_new(p.a, Q_ALL);
        if (!root)
            return shr__error_set(err, SHR_ENOMEM, "out of memory while parsing the query");
    } else {
        root = parse_or(&p);
        if (root) {
            skip_space(&p);
            if (p.pos < p.len) { /* only a stray ')' stops parse_or early */
                shr__qnode_free(p.a, root);
                root = fail(&p, SHR_EQUERY, p.pos, "unbalanced parentheses: ')' without '('");
            }
        }
    }
    shr__free(p.a, p.unq);
    if (!root) {
        shr__free(p.a, p.warnings);
        return p.rc;
    }
    shr_query *q = shr__qp_query_new(cat, root, err);
    if (!q) {
        shr__free(p.a, p.warnings);
        return SHR_ENOMEM;
    }
    q->warnings = p.warnings;
    q->nwarnings = p.nwarnings;
    *out = q;
    return SHR_OK;
}

