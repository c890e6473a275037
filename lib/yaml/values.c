/*
 * The YAML reader's values: texts, numbers, ids, keys of a mapping, lists (gathered in the
 * loader's scratch vectors, then copied once to the arena), references (resolved on the spot
 * when the target is known, deferred or queued for commit otherwise). See loader.c.
 */
#include "loader_state.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

/* Characters allowed in ids (format.md): a-z 0-9 - _ . : */
static const unsigned char id_chars[256] = {
    ['-'] = 1, ['_'] = 1, ['.'] = 1, [':'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    /* Upper-case ASCII letters are read as lower case (docs/format.md): the reference French
     * territories of 2026 write Corsica's codes so (fr-dep-2A). */
    ['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2, ['G'] = 2, ['H'] = 2,
    ['I'] = 2, ['J'] = 2, ['K'] = 2, ['L'] = 2, ['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2,
    ['Q'] = 2, ['R'] = 2, ['S'] = 2, ['T'] = 2, ['U'] = 2, ['V'] = 2, ['W'] = 2, ['X'] = 2,
    ['Y'] = 2, ['Z'] = 2,
};

/* The *id shr__load_read_ref() gives for a deferred reference (shr__load_add_pending() binds
 * it). */
static const char deferred_id[] = "";

/* ------------------------------------------------------------------ values */

int shr__load_wrong_type(loader *L, const char *name, const char *expected)
{
    /* An empty value (`name:` and nothing) has no place of its own: libyaml gives it the place
     * of the next token, often on the next line. Its key is where the user must look. */
    yaml_mark_t m = EV.start_mark;
    if (EV.type == YAML_SCALAR_EVENT && EV.data.scalar.length == 0 &&
        EV.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !EV.data.scalar.tag)
        m = L->key_mark;
    return shr__load_fail_at(L, SHR_EFORMAT, m, "wrong type for '%s': expected %s, got %s", name,
                             shr__w(expected),
                             shr__load_node_desc(&EV));
}

/* The current node as text (see the top comment for what counts as text). */
static int want_text(loader *L, const char *name, const char **s, size_t *len)
{
    if (EV.type != YAML_SCALAR_EVENT)
        return shr__load_wrong_type(L, name, "a string");
    /* Quoted scalars are strings: skip the resolution (most text fields are quoted). */
    if (EV.data.scalar.tag || EV.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        shr_vtype t = shr__load_scalar_type(&EV);
        if (t == SHR_V_NULL || t == SHR_V_BOOL)
            return shr__load_wrong_type(L, name, "a string");
    }
    *s = SVAL(L);
    *len = SLEN(L);
    return SHR_OK;
}

int shr__load_copy_text(loader *L, const char *name, const char **out)
{
    const char *s = NULL;
    size_t len = 0;
    int rc = want_text(L, name, &s, &len);
    if (rc)
        return rc;
    char *copy = shr__arena_strndup(&L->cat->arena, s, len);
    if (!copy)
        return shr__load_oom(L);
    *out = copy;
    return SHR_OK;
}

/* A long text (a description), kept coded in the catalog's text store. */
int shr__load_read_long_text(loader *L, const char *name, _Atomic uintptr_t *out)
{
    const char *s = NULL;
    size_t len = 0;
    const uint8_t *blob;
    int rc = want_text(L, name, &s, &len);
    if (rc)
        return rc;
    if (shr__textstore_encode(&L->cat->texts, &L->cat->arena, s, len, &blob))
        return shr__load_oom(L);
    atomic_init(out, (uintptr_t)blob);
    return SHR_OK;
}

int shr__load_want_int(loader *L, const char *name, int64_t *out)
{
    if (EV.type != YAML_SCALAR_EVENT || shr__load_scalar_type(&EV) != SHR_V_INT)
        return shr__load_wrong_type(L, name, "an integer");
    const char *s = SVAL(L);
    size_t len = SLEN(L), i = 0;
    bool neg = false;
    if (len && (s[0] == '-' || s[0] == '+'))
        neg = s[0] == '-', i = 1;
    if (!shr__all_digits(s + i, len - i))
        return shr__load_fail(L, SHR_EFORMAT, "'%s' is not a decimal integer", name);
    uint64_t v = 0;
    for (; i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_C(9223372036854775807) - d) / 10)
            return shr__load_fail(L, SHR_EFORMAT, "'%s' is out of range", name);
        v = v * 10 + d;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return SHR_OK;
}

/* A finite number (integer or float). */
int shr__load_want_number(loader *L, const char *name, double *out)
{
    shr_vtype t = EV.type == YAML_SCALAR_EVENT ? shr__load_scalar_type(&EV) : SHR_V_STR;
    if (EV.type != YAML_SCALAR_EVENT || (t != SHR_V_INT && t != SHR_V_FLOAT))
        return shr__load_wrong_type(L, name, "a number");
    const char *s = SVAL(L);
    size_t len = SLEN(L);
    if (!shr__is_int_text(s, len) && !shr__is_float_text(s, len))
        return shr__load_fail(L, SHR_EFORMAT, "'%s' must be a finite number", name);
    char *end;
    double v = strtod(s, &end);
    if (end != s + len || !isfinite(v))
        return shr__load_fail(L, SHR_EFORMAT, "'%s' must be a finite number", name);
    *out = v;
    return SHR_OK;
}

/* Check an id and lower-case its ASCII letters in place (s is the parser's own copy). */
static bool valid_id(char *s, size_t len)
{
    if (len == 0 || len > SHR_LIMIT_ID_LENGTH)
        return false;
    bool upper = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = id_chars[(unsigned char)s[i]];
        if (!c)
            return false; /* before any change: the message shows the id as written */
        upper |= c == 2;
    }
    for (size_t i = 0; upper && i < len; i++)
        if (id_chars[(unsigned char)s[i]] == 2)
            s[i] = (char)(s[i] - 'A' + 'a');
    return true;
}

/* The current node as an id (not copied). */
int shr__load_want_id(loader *L, const char *name, const char **s, size_t *len)
{
    char buf[80];
    int rc = want_text(L, name, s, len);
    if (rc)
        return rc;
    if (!valid_id((char *)*s, *len)) /* the event's buffer, owned by the loader */
        return shr__load_fail(L, SHR_EFORMAT, "invalid id '%s' in '%s' (expected " ID_RULE ")",
                              shr__load_excerpt(buf, sizeof buf, *s, *len), name);
    return SHR_OK;
}

/* Index of a key in a field table, or -1. */
static int field_index(const field *fields, size_t n, const char *key, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (fields[i].len == len && fields[i].name[0] == key[0] &&
            memcmp(fields[i].name, key, len) == 0)
            return (int)i;
    return -1;
}

/*
 * Read the next key of a mapping. Returns SHR_OK with *f set to the field index, or -1 at the
 * end of the mapping, or an error (unknown or repeated field, key not a scalar).
 */
int shr__load_next_key(loader *L, const field *fields, size_t n, uint32_t *seen, const char *what,
                    int *f)
{
    char buf[80], names[256];
    int rc = shr__load_next(L);
    if (rc)
        return rc;
    if (EV.type == YAML_MAPPING_END_EVENT) {
        *f = -1;
        return SHR_OK;
    }
    if (EV.type != YAML_SCALAR_EVENT)
        return shr__load_fail(L, SHR_EFORMAT, "expected a field name, got %s",
                              shr__load_node_desc(&EV));
    int i = field_index(fields, n, SVAL(L), SLEN(L));
    if (i < 0)
        return shr__load_fail(L, SHR_EFORMAT, "unknown %s '%s' (expected one of: %s)", shr__w(what),
                              shr__load_excerpt(buf, sizeof buf, SVAL(L), SLEN(L)),
                              shr__load_field_list(names, sizeof names, fields, n));
    if (*seen & BIT(i))
        return shr__load_fail(L, SHR_EFORMAT, "%s '%s' given twice", shr__w(what), fields[i].name);
    *seen |= BIT(i);
    *f = i;
    L->key_mark = EV.start_mark;
    return shr__load_next(L); /* the value */
}

/* After the mapping: report the first required field missing, at the mapping. */
int shr__load_check_required(loader *L, const field *fields, uint32_t required, uint32_t seen,
                          yaml_mark_t start)
{
    uint32_t missing = required & ~seen;
    if (!missing)
        return SHR_OK;
    int i = 0;
    while (!(missing & BIT(i)))
        i++;
    return shr__load_fail_at(L, SHR_EFORMAT, start, "missing required field '%s'", fields[i].name);
}

/* ------------------------------------------------------------------ lists */

int shr__load_push_scratch(loader *L, void **items, size_t *cap, size_t count, size_t size)
{
    if (shr__grow(&L->cat->alloc, items, cap, count + 1, size))
        return shr__load_oom(L);
    return SHR_OK;
}

int shr__load_list_limit(loader *L, const char *name, size_t count)
{
    if (count < SHR_LIMIT_LIST_LENGTH)
        return SHR_OK;
    return shr__load_fail(L, SHR_ELIMIT, "'%s' has more than %u items (SHR_LIMIT_LIST_LENGTH)",
                          name,
                          (unsigned)SHR_LIMIT_LIST_LENGTH);
}

/* Copy n elements of a scratch list to the arena (NULL when empty). */
int shr__load_to_arena(loader *L, const void *items, size_t n, size_t size, void **out)
{
    *out = NULL;
    if (!n)
        return SHR_OK;
    void *copy = shr__arena_alloc(&L->cat->arena, n * size);
    if (!copy)
        return shr__load_oom(L);
    memcpy(copy, items, n * size);
    *out = copy;
    return SHR_OK;
}

#define INTERN_MAX 32 /* longer texts are not looked for */

/* Like copy_text, but a text already seen in this file is shared. */
static int intern_text(loader *L, const char *name, const char **out)
{
    const char *s = NULL;
    size_t len = 0, slot;
    int rc = want_text(L, name, &s, &len);
    if (rc)
        return rc;
    if (len > INTERN_MAX)
        return shr__load_copy_text(L, name, out);
    if (shr__idmap_reserve(&L->interned, 1))
        return shr__load_oom(L);
    uint32_t h = shr__idmap_hash(s, len);
    uint32_t i = shr__idmap_probe(&L->interned, s, len, h, &slot);
    if (i != SHR_NO_INDEX) {
        *out = L->istrs.items[i];
        return SHR_OK;
    }
    char *copy = shr__arena_strndup(&L->cat->arena, s, len);
    if (!copy || shr__load_push_scratch(L, (void **)&L->istrs.items, &L->istrs.cap, L->istrs.count,
                                        sizeof *L->istrs.items))
        return shr__load_oom(L);
    shr__idmap_insert_at(&L->interned, slot, copy, h, (uint32_t)L->istrs.count);
    L->istrs.items[L->istrs.count++] = copy;
    *out = copy;
    return SHR_OK;
}

int shr__load_read_list(loader *L, const char *name, const char *what, shr__load_item_fn item,
                        void *ctx, size_t *n)
{
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return shr__load_wrong_type(L, name, what);
    for (size_t i = 0;; i++) {
        int rc = shr__load_next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT) {
            *n = i;
            return SHR_OK;
        }
        if ((rc = shr__load_list_limit(L, name, i)) || (rc = item(L, name, i, ctx)))
            return rc;
    }
}

static int text_item(loader *L, const char *name, size_t i, void *ctx)
{
    const char *s = NULL;
    int rc = shr__load_push_scratch(L, (void **)&L->strs.items, &L->strs.cap, i,
                                    sizeof *L->strs.items);
    if (!rc)
        rc = (*(const bool *)ctx ? intern_text : shr__load_copy_text)(L, name, &s);
    if (!rc)
        L->strs.items[L->strs.count++] = s;
    return rc;
}

int shr__load_read_text_list(loader *L, const char *name, bool intern, const char ***out,
                          uint32_t *count)
{
    L->strs.count = 0;
    size_t n = 0;
    int rc = shr__load_read_list(L, name, "a list of strings", text_item, &intern, &n);
    if (rc)
        return rc;
    *count = (uint32_t)L->strs.count;
    return shr__load_to_arena(L, L->strs.items, L->strs.count, sizeof *L->strs.items, (void **)out);
}

static int defer_ref(loader *L, int target, const shr_posref *ref, const char *s, size_t len);

/* Read the current node as a reference; resolved now when the target is already known, else
 * *id is set to a copy of the id as written (NULL when resolved), for shr__load_add_pending().
 * Inside a practice (L->deferring) the look-up waits for shr__load_resolve_deferred() and *id
 * is deferred_id. */
int shr__load_read_ref(loader *L, const char *name, int target, shr_posref *ref, const char **id)
{
    const char *s = NULL;
    size_t len = 0;
    int rc = shr__load_want_id(L, name, &s, &len);
    if (rc)
        return rc;
    ref->line = (uint32_t)EV.start_mark.line + 1;
    ref->column = (uint32_t)EV.start_mark.column + 1;
    if (L->deferring) {
        ref->index = SHR_NO_INDEX;
        *id = deferred_id;
        return defer_ref(L, target, ref, s, len);
    }
    ref->index = shr__idmap_find(shr__catalog_ids(L->cat, target), s, len);
    *id = NULL;
    if (ref->index != SHR_NO_INDEX)
        return SHR_OK;
    *id = shr__arena_strndup(&L->cat->arena, s, len);
    return *id ? SHR_OK : shr__load_oom(L);
}

/* Remember a reference for shr__load_resolve_deferred(), and ask for its slot in the target's
 * map. */
static int defer_ref(loader *L, int target, const shr_posref *ref, const char *s, size_t len)
{
    const shr_idmap *map = shr__catalog_ids(L->cat, target);
    uint32_t h = shr__idmap_hash(s, len);
    if (map->slots)
        __builtin_prefetch(&map->slots[h & map->mask]);
    if (shr__grow(&L->cat->alloc, (void **)&L->dref.items, &L->dref.cap, L->dref.count + 1,
                  sizeof *L->dref.items) ||
        shr__grow(&L->cat->alloc, (void **)&L->dnames.items, &L->dnames.cap,
                  L->dnames.count + len, 1))
        return shr__load_oom(L);
    struct deferred_ref *d = &L->dref.items[L->dref.count++];
    memset(d, 0, sizeof *d);
    d->hash = h;
    d->id_off = (uint32_t)L->dnames.count;
    d->id_len = (uint32_t)len;
    d->line = ref->line;
    d->column = ref->column;
    d->target = (uint8_t)target;
    memcpy(L->dnames.items + L->dnames.count, s, len);
    L->dnames.count += len;
    return SHR_OK;
}


/* The end of a practice: look the deferred references up, in the order they were read (so
 * the unresolved ones queue for the commit in that order, as if looked up at once). */
int shr__load_resolve_deferred(loader *L)
{
    int rc = SHR_OK;
    /* every shr__load_read_ref() is followed by its shr__load_add_pending() */
    assert(L->dbound == L->dref.count);
    for (size_t i = 0; rc == SHR_OK && i < L->dref.count; i++) {
        struct deferred_ref *d = &L->dref.items[i];
        const char *id = L->dnames.items + d->id_off;
        const shr_idmap *map = shr__catalog_ids(L->cat, d->target);
        size_t slot;
        uint32_t found = map->slots ? shr__idmap_probe(map, id, d->id_len, d->hash, &slot)
                                    : SHR_NO_INDEX;
        if (found != SHR_NO_INDEX) {
            *d->dest = found;
            continue;
        }
        const char *copy = shr__arena_strndup(&L->cat->arena, id, d->id_len);
        shr_posref pos = {SHR_NO_INDEX, d->line, d->column};
        rc = copy ? shr__load_add_pending(L, d->dest, copy, &pos, d->record, d->record_kind,
                                          d->target,
                                          d->field)
                  : shr__load_oom(L);
    }
    L->dref.count = L->dbound = L->dnames.count = 0;
    return rc;
}

/* Queue a reference read before its target (id: its copy from read_ref), resolved at commit. */
int shr__load_add_pending(loader *L, uint32_t *index, const char *id, const shr_posref *pos,
                       void *record, int record_kind, int target, const char *name)
{
    if (id == deferred_id) { /* bind the next deferred reference to where its index goes */
        struct deferred_ref *d = &L->dref.items[L->dbound++];
        d->dest = index;
        d->record = record;
        d->record_kind = (uint8_t)record_kind;
        d->field = name;
        return SHR_OK;
    }
    if (*index != SHR_NO_INDEX)
        return SHR_OK;
    shr_batch *b = L->batch;
    if (shr__grow(&L->cat->alloc, (void **)&b->pending.items, &b->pending.cap,
                  b->pending.count + 1, sizeof *b->pending.items))
        return shr__load_oom(L);
    shr_pending_ref *p = &b->pending.items[b->pending.count++];
    p->index = index;
    p->id = id;
    p->line = pos->line;
    p->column = pos->column;
    p->record = record;
    p->field = name;
    p->record_kind = (uint8_t)record_kind;
    p->target = (uint8_t)target;
    return SHR_OK;
}

/* A list of references, to the arena as shr_posref items (with_pos) or shr_ref items; a list of
 * one shr_ref goes to *single instead when it is not NULL (a slot in the record itself). */
static int ref_item(loader *L, const char *name, size_t i, void *ctx)
{
    int rc;
    if ((rc = shr__load_push_scratch(L, (void **)&L->refs.items, &L->refs.cap, i,
                                     sizeof *L->refs.items)) ||
        (rc = shr__load_push_scratch(L, (void **)&L->ids.items, &L->ids.cap, i,
                                     sizeof *L->ids.items)) ||
        (rc = shr__load_read_ref(L, name, *(const int *)ctx, &L->refs.items[i],
                                 &L->ids.items[i])))
        return rc;
    L->refs.count = i + 1;
    return SHR_OK;
}

int shr__load_read_ref_list(loader *L, const char *name, int target, void *record, int record_kind,
                         bool with_pos, shr_ref *single, void **out, uint32_t *count)
{
    L->refs.count = 0;
    size_t n = 0;
    int rc = shr__load_read_list(L, name, "a list of ids", ref_item, &target, &n);
    if (rc)
        return rc;
    *count = (uint32_t)n;
    *out = NULL;
    if (!n)
        return SHR_OK;
    size_t size = with_pos ? sizeof(shr_posref) : sizeof(shr_ref);
    unsigned char *copy = !with_pos && single && n == 1
                              ? (unsigned char *)single
                              : shr__arena_alloc(&L->cat->arena, n * size);
    if (!copy)
        return shr__load_oom(L);
    *out = copy;
    if (with_pos) {
        memcpy(copy, L->refs.items, n * size);
    } else {
        shr_ref *r = (shr_ref *)copy;
        for (size_t i = 0; i < n; i++)
            r[i].index = L->refs.items[i].index;
    }
    for (size_t i = 0; rc == SHR_OK && i < n; i++)
        rc = shr__load_add_pending(L, (uint32_t *)(copy + i * size), L->ids.items[i],
                                   &L->refs.items[i],
                                   record, record_kind, target, name);
    return rc;
}

/* [latitude, longitude] in range. */
int shr__load_read_location(loader *L, double *lat, double *lon)
{
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return shr__load_wrong_type(L, "location", "[latitude, longitude]");
    yaml_mark_t start = EV.start_mark;
    double v[2];
    int n = 0;
    for (;;) {
        int rc = shr__load_next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            break;
        if (n == 2)
            return shr__load_fail_at(
                L, SHR_EFORMAT, start,
                "'location' must be 2 numbers [latitude, longitude], got more");
        if ((rc = shr__load_want_number(L, "location", &v[n])))
            return rc;
        double limit = n == 0 ? 90.0 : 180.0;
        if (v[n] < -limit || v[n] > limit)
            return shr__load_fail(L, SHR_EFORMAT, "%s %g out of range (expected -%g to %g)",
                                  shr__w(n == 0 ? "latitude" : "longitude"), v[n], limit, limit);
        n++;
    }
    if (n != 2)
        return shr__load_fail_at(L, SHR_EFORMAT, start,
                                 "'location' must be 2 numbers [latitude, longitude], got %d", n);
    *lat = v[0];
    *lon = v[1];
    return SHR_OK;
}

/* A list of axis ids, each at most once. */
int shr__load_read_axes(loader *L, uint8_t axes[SHR_AXIS_COUNT], uint8_t *naxes, uint8_t *mask)
{
    char buf[80];
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return shr__load_wrong_type(L, "axes", "a list of axis ids");
    *naxes = 0;
    *mask = 0;
    for (;;) {
        int rc = shr__load_next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            return SHR_OK;
        const char *s = NULL;
        size_t len = 0;
        if ((rc = want_text(L, "axes", &s, &len)))
            return rc;
        int code = shr__axis_from_id(s, len);
        if (code < 0)
            return shr__load_fail(L, SHR_EFORMAT,
                                  "unknown axis '%s' (expected one of: contributors, public_actor, "
                                  "solidarity, co_production, shared_resources)",
                                  shr__load_excerpt(buf, sizeof buf, s, len));
        if (*mask & BIT(code))
            return shr__load_fail(L, SHR_EFORMAT, "axis '%s' listed twice", s);
        *mask |= (uint8_t)BIT(code);
        axes[(*naxes)++] = (uint8_t)code;
    }
}

/* An enum value by name; the accepted names are listed in the message. */
int shr__load_read_enum(loader *L, const char *name, const char *(*name_of)(int), int count,
                     int *out)
{
    char buf[80], names[256];
    const char *s = NULL;
    size_t len = 0;
    int rc = want_text(L, name, &s, &len);
    if (rc)
        return rc;
    for (int i = 0; i < count; i++) {
        if (shr__enum_name_eq(name_of(i), s, len)) {
            *out = i;
            return SHR_OK;
        }
    }
    size_t used = 0;
    names[0] = '\0';
    for (int i = 0; i < count && used < sizeof names; i++) {
        int k = snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", name_of(i));
        if (k < 0)
            break;
        used += (size_t)k;
    }
    return shr__load_fail(L, SHR_EFORMAT, "unknown %s '%s' (expected one of: %s)", name,
                          shr__load_excerpt(buf, sizeof buf, s, len), names);
}

/* A year: any int32 but the "no year" sentinel. */
int shr__load_read_year(loader *L, const char *name, int32_t *out)
{
    int64_t v;
    int rc = shr__load_want_int(L, name, &v);
    if (rc)
        return rc;
    if (v <= INT32_MIN || v > INT32_MAX)
        return shr__load_fail(L, SHR_EFORMAT, "'%s' is out of range (expected a year)", name);
    *out = (int32_t)v;
    return SHR_OK;
}

