/*
 * Helpers of the analysis, import and export tests (test_inspire.c, test_compare.c,
 * test_network.c, test_import.c, test_export.c): data paths, a generated catalog, the real
 * bundled data, independent brute-force look-ups (never the library's closure or indexes), and
 * a tiny JSON parser to check the structure of what the writers produce.
 *
 * Include after cmocka.h. Everything is static: each test file takes what it needs.
 */
#ifndef SHR_TEST_ANALYSIS_UTIL_H
#define SHR_TEST_ANALYSIS_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sharitories/sharitories.h>

#ifndef SHR_TEST_DATA
#define SHR_TEST_DATA "tests/data"
#endif

#if defined(__GNUC__)
#define AU_UNUSED __attribute__((unused))
#else
#define AU_UNUSED
#endif

/* ------------------------------------------------------------------ paths */

AU_UNUSED static const char *test_data_path(const char *name, char *buf, size_t size)
{
    const char *dir = getenv("SHARITORIES_TEST_DATA");
    snprintf(buf, size, "%s/%s", dir && *dir ? dir : SHR_TEST_DATA, name);
    return buf;
}

AU_UNUSED static const char *bundled_path(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", shr_default_data_dir(), name);
    return buf;
}

AU_UNUSED static const char *source_path(const char *name, char *buf, size_t size)
{
    const char *root = getenv("SHARITORIES_SOURCE_ROOT");
    snprintf(buf, size, "%s/%s", root && *root ? root : ".", name);
    return buf;
}

/* The bundled default catalog (real data). */
AU_UNUSED static shr_catalog *load_real(void)
{
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_non_null(cat);
    if (shr_catalog_load_default(cat, &err) != SHR_OK)
        fail_msg("default catalog: %s:%u: %s", err.file, err.line, err.message);
    return cat;
}

/* ------------------------------------------------------------------ a growing string */

typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

AU_UNUSED static void sb_addf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = b->cap - b->len;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (b->s && (size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        b->cap = (b->cap + (size_t)n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
}

/* ------------------------------------------------------------------ generated catalog */

/* Deterministic pseudo-random numbers (LCG), so failures reproduce. */
typedef struct rng {
    uint64_t s;
} rng;

AU_UNUSED static unsigned rnd(rng *r, unsigned n)
{
    r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
    return n ? (unsigned)((r->s >> 33) % n) : 0;
}

/*
 * A catalog of 1 country, 2 regions, 4 departments, 8 EPCIs, 40 communes (parent: their
 * department, group: an EPCI; random populations, some missing), 25 actors of every kind
 * (one with a name that needs XML escaping), and `npractices` practices with 1-3 territories of
 * any level, 0-4 actors (an actor may come twice with two roles), tags, years and statuses.
 */
AU_UNUSED static char *generated_yaml(unsigned seed, unsigned npractices)
{
    static const char *const cats[] = {"carpooling", "coworking", "fablab", "repair_cafe",
                                       "amap", "open_data", "crowdfunding", "time_bank",
                                       "participatory_budget", "third_place"};
    static const char *const kinds[] = {"public_authority", "state_service", "public_body",
                                        "company", "startup", "association", "cooperative",
                                        "citizen_collective", "network", "research", "other"};
    static const char *const roles[] = {"carrier", "funder", "partner", "operator", "user"};
    static const char *const statuses[] = {"planned", "active", "ended"};
    static const char *const tags[] = {"rural", "urbain", "jeunes", "numerique", "mobilite"};
    static const char *const axes[] = {"contributors", "public_actor", "solidarity",
                                       "co_production", "shared_resources"};
    rng r = {seed * 2654435761u + 1};
    sbuf b = {0};
    sb_addf(&b, "sharitories: 1\nterritories:\n");
    sb_addf(&b, "  - {id: g, name: \"Pays\", kind: country, population: 1000000}\n");
    for (int i = 0; i < 2; i++)
        sb_addf(&b, "  - {id: g-reg-%d, name: \"Région %d\", kind: region, parent: g}\n", i, i);
    for (int i = 0; i < 4; i++)
        sb_addf(&b, "  - {id: g-dep-%d, name: \"Département %d\", kind: department, code: \"%02d\","
                    " parent: g-reg-%d, population: %u}\n",
                i, i, i + 1, i / 2, 50000 + rnd(&r, 100000));
    for (int i = 0; i < 8; i++)
        sb_addf(&b, "  - {id: g-epci-%d, name: \"EPCI %d\", kind: epci, parent: g-dep-%d}\n", i, i,
                i / 2);
    for (int i = 0; i < 40; i++) {
        int dep = i % 4, epci = dep * 2 + rnd(&r, 2);
        sb_addf(&b, "  - {id: g-com-%d, name: \"Commune %d\", kind: commune, parent: g-dep-%d,"
                    " groups: [g-epci-%d]",
                i, i, dep, epci);
        if (i % 9 != 8)
            sb_addf(&b, ", population: %u", 1000 + rnd(&r, 20000));
        sb_addf(&b, "}\n");
    }
    sb_addf(&b, "actors:\n");
    for (int i = 0; i < 25; i++) {
        if (i == 7)
            sb_addf(&b, "  - {id: a-%d, name: \"Tom & Jerry <\\\"asso\\\"> l'été\", kind: %s}\n",
                    i, kinds[i % 11]);
        else
            sb_addf(&b, "  - {id: a-%d, name: \"Acteur %d\", kind: %s}\n", i, i, kinds[i % 11]);
    }
    sb_addf(&b, "practices:\n");
    for (unsigned i = 0; i < npractices; i++) {
        sb_addf(&b, "  - id: p-%u\n    name: \"Pratique %u\"\n    category: %s\n", i, i,
                cats[rnd(&r, 10)]);
        unsigned nt = 1 + rnd(&r, 3);
        sb_addf(&b, "    territories: [");
        int used[3] = {-1, -1, -1};
        for (unsigned k = 0; k < nt; k++) {
            unsigned level = rnd(&r, 10);
            int t;
            char id[32];
            if (level < 7) {
                t = (int)rnd(&r, 40);
                snprintf(id, sizeof id, "g-com-%d", t);
            } else if (level < 9) {
                t = 100 + (int)rnd(&r, 8);
                snprintf(id, sizeof id, "g-epci-%d", t - 100);
            } else {
                t = 200 + (int)rnd(&r, 4);
                snprintf(id, sizeof id, "g-dep-%d", t - 200);
            }
            if (t == used[0] || t == used[1])
                continue;
            used[k] = t;
            sb_addf(&b, "%s%s", k && (used[0] >= 0 || k > 1) ? ", " : "", id);
        }
        sb_addf(&b, "]\n");
        unsigned na = rnd(&r, 5);
        if (na) {
            sb_addf(&b, "    actors:\n");
            int prev = -1;
            for (unsigned k = 0; k < na; k++) {
                int a = (k == 1 && rnd(&r, 4) == 0 && prev >= 0) ? prev : (int)rnd(&r, 25);
                sb_addf(&b, "      - {actor: a-%d, role: %s}\n", a, roles[(k + rnd(&r, 5)) % 5]);
                prev = a;
            }
        }
        sb_addf(&b, "    status: %s\n", statuses[rnd(&r, 3)]);
        if (rnd(&r, 3))
            sb_addf(&b, "    started: %u\n", 2010 + rnd(&r, 8));
        if (rnd(&r, 2))
            sb_addf(&b, "    tags: [%s, %s]\n", tags[rnd(&r, 5)], i % 2 ? "rural" : "urbain");
        if (rnd(&r, 3) == 0)
            sb_addf(&b, "    axes: [%s, %s]\n", axes[rnd(&r, 2)], axes[2 + rnd(&r, 3)]);
        if (rnd(&r, 2))
            sb_addf(&b, "    location: [%u.%u, -%u.%u]\n", 43 + rnd(&r, 6), rnd(&r, 1000),
                    rnd(&r, 4), rnd(&r, 1000));
    }
    return b.s;
}

AU_UNUSED static shr_catalog *load_generated(unsigned seed, unsigned npractices)
{
    char *yaml = generated_yaml(seed, npractices);
    shr_catalog *cat = shr_catalog_new(NULL);
    shr_error err;
    assert_non_null(cat);
    if (shr_catalog_load_buffer(cat, "generated.yaml", yaml, strlen(yaml), &err) != SHR_OK)
        fail_msg("generated catalog: line %u col %u: %s", err.line, err.column, err.message);
    free(yaml);
    return cat;
}

/* ------------------------------------------------------------------ brute force */

/* a within b, by walking parent and groups edges (not the library's closure). */
AU_UNUSED static int bf_within(const shr_territory *a, const shr_territory *b)
{
    if (a == b)
        return 1;
    const shr_territory *p = shr_territory_parent(a);
    if (p && bf_within(p, b))
        return 1;
    for (size_t i = 0; i < shr_territory_group_count(a); i++)
        if (bf_within(shr_territory_group_at(a, i), b))
            return 1;
    return 0;
}

AU_UNUSED static int bf_practice_within(const shr_practice *p, const shr_territory *t)
{
    for (size_t i = 0; i < shr_practice_territory_count(p); i++)
        if (bf_within(shr_practice_territory_at(p, i), t))
            return 1;
    return 0;
}

/* ------------------------------------------------------------------ a tiny JSON parser */

typedef enum jtype { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jtype;

typedef struct jval {
    jtype type;
    double num;
    char *str;           /* string, decoded (UTF-8) */
    struct jval **items; /* array items; object: values */
    char **keys;         /* object keys */
    size_t n;
} jval;

typedef struct jparser {
    const char *s;
    size_t pos, len;
    int error;
} jparser;

static jval *j_parse_value(jparser *p, int depth);

AU_UNUSED static void j_free(jval *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        j_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static void j_ws(jparser *p)
{
    while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]))
        p->pos++;
}

static void j_put_utf8(sbuf *b, unsigned cp)
{
    if (cp < 0x80)
        sb_addf(b, "%c", (int)cp);
    else if (cp < 0x800)
        sb_addf(b, "%c%c", (int)(0xC0 | (cp >> 6)), (int)(0x80 | (cp & 0x3F)));
    else
        sb_addf(b, "%c%c%c", (int)(0xE0 | (cp >> 12)), (int)(0x80 | ((cp >> 6) & 0x3F)),
                (int)(0x80 | (cp & 0x3F)));
}

static char *j_string(jparser *p)
{
    sbuf b = {0};
    sb_addf(&b, "%s", "");
    if (p->s[p->pos] != '"') {
        p->error = 1;
        return b.s;
    }
    p->pos++;
    while (p->pos < p->len && p->s[p->pos] != '"') {
        unsigned char c = (unsigned char)p->s[p->pos++];
        if (c < 0x20) {
            p->error = 1; /* raw control characters are not valid JSON */
            return b.s;
        }
        if (c != '\\') {
            sb_addf(&b, "%c", c);
            continue;
        }
        char e = p->s[p->pos++];
        switch (e) {
        case '"': sb_addf(&b, "\""); break;
        case '\\': sb_addf(&b, "\\"); break;
        case '/': sb_addf(&b, "/"); break;
        case 'n': sb_addf(&b, "\n"); break;
        case 'r': sb_addf(&b, "\r"); break;
        case 't': sb_addf(&b, "\t"); break;
        case 'b': sb_addf(&b, "\b"); break;
        case 'f': sb_addf(&b, "\f"); break;
        case 'u': {
            unsigned cp = 0;
            for (int k = 0; k < 4; k++) {
                char h = p->s[p->pos++];
                cp = cp * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
            }
            j_put_utf8(&b, cp);
            break;
        }
        default: p->error = 1; return b.s;
        }
    }
    if (p->pos >= p->len)
        p->error = 1;
    p->pos++;
    return b.s;
}

static jval *j_parse_value(jparser *p, int depth)
{
    jval *v = calloc(1, sizeof *v);
    assert_non_null(v);
    j_ws(p);
    if (p->pos >= p->len || depth > 64) {
        p->error = 1;
        return v;
    }
    char c = p->s[p->pos];
    if (c == '{' || c == '[') {
        v->type = c == '{' ? J_OBJECT : J_ARRAY;
        p->pos++;
        j_ws(p);
        if (p->pos < p->len && p->s[p->pos] == (c == '{' ? '}' : ']')) {
            p->pos++;
            return v;
        }
        for (;;) {
            char *key = NULL;
            j_ws(p);
            if (v->type == J_OBJECT) {
                key = j_string(p);
                j_ws(p);
                if (p->pos >= p->len || p->s[p->pos] != ':') {
                    free(key);
                    p->error = 1;
                    return v;
                }
                p->pos++;
            }
            v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
            if (v->type == J_OBJECT) {
                v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
                v->keys[v->n] = key;
            }
            v->items[v->n++] = j_parse_value(p, depth + 1);
            if (p->error)
                return v;
            j_ws(p);
            if (p->pos < p->len && p->s[p->pos] == ',') {
                p->pos++;
                continue;
            }
            if (p->pos < p->len && p->s[p->pos] == (c == '{' ? '}' : ']')) {
                p->pos++;
                return v;
            }
            p->error = 1;
            return v;
        }
    }
    if (c == '"') {
        v->type = J_STRING;
        v->str = j_string(p);
        return v;
    }
    if (strncmp(p->s + p->pos, "null", 4) == 0) {
        p->pos += 4;
        return v;
    }
    if (strncmp(p->s + p->pos, "true", 4) == 0 || strncmp(p->s + p->pos, "false", 5) == 0) {
        v->type = J_BOOL;
        v->num = p->s[p->pos] == 't';
        p->pos += p->s[p->pos] == 't' ? 4 : 5;
        return v;
    }
    char *end;
    v->type = J_NUMBER;
    v->num = strtod(p->s + p->pos, &end);
    if (end == p->s + p->pos)
        p->error = 1;
    p->pos = (size_t)(end - p->s);
    return v;
}

/* Parse a whole document; fails the test when it is not valid JSON. */
AU_UNUSED static jval *j_parse(const char *text, size_t len)
{
    jparser p = {text, 0, len, 0};
    jval *v = j_parse_value(&p, 0);
    j_ws(&p);
    if (p.error || p.pos != len)
        fail_msg("invalid JSON near byte %zu: %.60s", p.pos, text + (p.pos < len ? p.pos : 0));
    return v;
}

AU_UNUSED static const jval *j_get(const jval *obj, const char *key)
{
    if (!obj || obj->type != J_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

/* ------------------------------------------------------------------ capturing writer output */

/* Run a writer into a temporary file and return its whole text (malloc'd), and its status. */
#define CAPTURE(call_with_f, out_text, out_len, out_rc)                                       \
    do {                                                                                      \
        FILE *f = tmpfile();                                                                  \
        assert_non_null(f);                                                                   \
        out_rc = (call_with_f);                                                               \
        long sz_ = ftell(f);                                                                  \
        assert_true(sz_ >= 0);                                                                \
        rewind(f);                                                                            \
        out_text = malloc((size_t)sz_ + 1);                                                   \
        assert_non_null(out_text);                                                            \
        out_len = fread(out_text, 1, (size_t)sz_, f);                                         \
        out_text[out_len] = '\0';                                                             \
        fclose(f);                                                                            \
    } while (0)

/* Parse CSV text (RFC 4180) into records; returns the number of records and calls fn for each
 * field (record index, field index, text). */
typedef void (*csv_field_fn)(void *ctx, size_t rec, size_t field, const char *text);

AU_UNUSED static size_t csv_parse(const char *s, csv_field_fn fn, void *ctx)
{
    size_t rec = 0, field = 0, pos = 0, len = strlen(s);
    sbuf cell = {0};
    while (pos < len) {
        cell.len = 0;
        sb_addf(&cell, "%s", "");
        if (s[pos] == '"') {
            pos++;
            while (pos < len) {
                if (s[pos] == '"' && s[pos + 1] == '"') {
                    sb_addf(&cell, "\"");
                    pos += 2;
                } else if (s[pos] == '"') {
                    pos++;
                    break;
                } else {
                    sb_addf(&cell, "%c", s[pos++]);
                }
            }
        } else {
            while (pos < len && s[pos] != ',' && s[pos] != '\n')
                sb_addf(&cell, "%c", s[pos++]);
        }
        if (fn)
            fn(ctx, rec, field, cell.s);
        if (pos < len && s[pos] == ',') {
            pos++;
            field++;
            continue;
        }
        pos++; /* '\n' */
        rec++;
        field = 0;
    }
    free(cell.s);
    return rec;
}

#endif
