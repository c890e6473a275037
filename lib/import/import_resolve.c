/*
 * Commune resolution of the spreadsheet importer: tables built once per import from the catalog
 * (code -> commune, former and postal codes -> communes), normalised commune names computed
 * when first needed.
 */
#include "import_resolve.h"
#include "textfold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>



static int cmp_code_entry(const void *x, const void *y)
{
    const code_entry *a = x, *b = y;
    int c = strcmp(a->code, b->code);
    if (c)
        return c;
    return a->territory < b->territory ? -1 : a->territory > b->territory;
}

void shr__imp_resolver_free(const shr_allocator *a, resolver *r)
{
    shr__idmap_free(&r->communes);
    shr__idmap_free(&r->districts);
    shr__idmap_free(&r->epcis);
    shr__free(a, r->former);
    shr__free(a, r->postal);
    shr__free(a, r->norm);
    shr__free(a, r->dep);
}

int shr__imp_resolver_init(resolver *r, const shr_catalog *cat, shr_arena *arena, shr_error *err)
{
    const shr_allocator *a = &cat->alloc;
    memset(r, 0, sizeof *r);
    r->cat = cat;
    r->arena = arena;
    shr__idmap_init(&r->communes, a);
    shr__idmap_init(&r->districts, a);
    shr__idmap_init(&r->epcis, a);
    size_t nt = shr_catalog_territory_count(cat), nf = 0, np = 0;
    for (size_t i = 0; i < nt; i++) {
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        if (shr_territory_kind_of(t) == SHR_TERRITORY_COMMUNE) {
            nf += shr_territory_former_code_count(t);
            np += shr_territory_postal_code_count(t);
        }
    }
    r->former = shr__malloc(a, (nf ? nf : 1) * sizeof *r->former);
    r->postal = shr__malloc(a, (np ? np : 1) * sizeof *r->postal);
    r->norm = shr__calloc(a, nt ? nt : 1, sizeof *r->norm);
    if (!r->former || !r->postal || !r->norm || shr__idmap_reserve(&r->communes, nt) ||
        shr__idmap_reserve(&r->districts, 64))
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    for (size_t i = 0; i < nt; i++) {
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        const char *code = shr_territory_code(t);
        shr_territory_kind kind = shr_territory_kind_of(t);
        if (kind == SHR_TERRITORY_COMMUNE) {
            if (code && shr__idmap_find(&r->communes, code, strlen(code)) == SHR_NO_INDEX &&
                shr__idmap_insert(&r->communes, code, (uint32_t)i))
                return shr__error_set(err, SHR_ENOMEM, "out of memory");
            for (size_t k = 0; k < shr_territory_former_code_count(t); k++)
                r->former[r->nformer++] = (code_entry){shr_territory_former_code_at(t, k),
                                                       (uint32_t)i};
            for (size_t k = 0; k < shr_territory_postal_code_count(t); k++)
                r->postal[r->npostal++] = (code_entry){shr_territory_postal_code_at(t, k),
                                                       (uint32_t)i};
        } else if ((kind == SHR_TERRITORY_DISTRICT || kind == SHR_TERRITORY_EPCI) && code) {
            shr_idmap *m = kind == SHR_TERRITORY_DISTRICT ? &r->districts : &r->epcis;
            if (shr__idmap_find(m, code, strlen(code)) == SHR_NO_INDEX &&
                (shr__idmap_reserve(m, 1) || shr__idmap_insert(m, code, (uint32_t)i)))
                return shr__error_set(err, SHR_ENOMEM, "out of memory");
        }
    }
    qsort(r->former, r->nformer, sizeof *r->former, cmp_code_entry);
    qsort(r->postal, r->npostal, sizeof *r->postal, cmp_code_entry);
    return SHR_OK;
}

/* Range [*lo, *hi) of entries with that code. */
static void code_range(const code_entry *v, size_t n, const char *code, size_t *lo, size_t *hi)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (strcmp(v[m].code, code) < 0)
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    while (a < n && strcmp(v[a].code, code) == 0)
        a++;
    *hi = a;
}

static const char *commune_norm(resolver *r, uint32_t t)
{
    if (!r->norm[t])
        r->norm[t] = shr__imp_norm_name(r->arena,
                                        shr_territory_name(shr_catalog_territory_at(r->cat, t)));
    return r->norm[t];
}

static int is_arrondissement_code(const char *c)
{
    size_t n = strlen(c);
    if (n != 5 || !shr__imp_is_digits(c, 5))
        return 0;
    return strncmp(c, "751", 3) == 0 || strncmp(c, "6938", 4) == 0 || strncmp(c, "132", 3) == 0;
}


static void note(notes *n, const char *fmt, ...) SHR_PRINTF(2, 3);
static void note(notes *n, const char *fmt, ...)
{
    if (n->len >= sizeof n->text - 1)
        return;
    if (n->len) {
        snprintf(n->text + n->len, sizeof n->text - n->len, "; ");
        n->len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(n->text + n->len, sizeof n->text - n->len, fmt, ap);
    va_end(ap);
    if (w > 0)
        n->len += (size_t)w;
    if (n->len >= sizeof n->text)
        n->len = sizeof n->text - 1;
}


/* A normalised name without its leading article ("le puy en velay" -> "puy en velay"); the
 * name itself when it has none. */
static const char *without_article(const char *norm)
{
    static const char *const articles[] = {"le ", "la ", "les ", "l "};
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++) {
        size_t n = strlen(articles[i]);
        if (strncmp(norm, articles[i], n) == 0 && norm[n])
            return norm + n;
    }
    return norm;
}

/* One of the row's names equals norm; with `loose`, once both lose their leading article. */
static int wanted(const row_names *rn, const char *norm, int loose)
{
    for (size_t i = 0; i < rn->n; i++)
        if (strcmp(rn->norm[i], norm) == 0 ||
            (loose && strcmp(without_article(rn->norm[i]), without_article(norm)) == 0))
            return 1;
    return 0;
}

/* "A / B": the distinct raw names, sorted (as the build script writes them). */
static void names_text(const row_names *rn, char *buf, size_t size)
{
    const char *v[8];
    size_t n = 0;
    for (size_t i = 0; i < rn->n; i++) {
        int dup = 0;
        for (size_t j = 0; j < n; j++)
            dup |= strcmp(v[j], rn->raw[i]) == 0;
        if (!dup)
            v[n++] = rn->raw[i];
    }
    for (size_t i = 1; i < n; i++) /* insertion sort by bytes */
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            const char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " / " : "", v[i]);
}

/* Ids of matching communes, space-separated, for "several communes match" notes. */
static void ids_text(const shr_catalog *cat, const uint32_t *v, size_t n, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " " : "",
                                shr_territory_id(shr_catalog_territory_at(cat, v[i])));
}

/* Add t to a sorted set of at most cap territory indices; returns the new count. */
static size_t set_add(uint32_t *v, size_t n, size_t cap, uint32_t t)
{
    size_t i = 0;
    while (i < n && v[i] < t)
        i++;
    if (i < n && v[i] == t)
        return n;
    if (n == cap)
        return n; /* the set only needs to tell 0, 1 or several */
    memmove(v + i + 1, v + i, (n - i) * sizeof *v);
    v[i] = t;
    return n + 1;
}

static int build_departments(resolver *r)
{
    size_t nt = shr_catalog_territory_count(r->cat);
    r->dep = shr__malloc(&r->cat->alloc, (nt ? nt : 1) * sizeof *r->dep);
    if (!r->dep)
        return SHR_ENOMEM;
    for (size_t i = 0; i < nt; i++) {
        const shr_territory *t = shr_catalog_territory_at(r->cat, i);
        r->dep[i] = SHR_NO_INDEX;
        for (size_t k = 0; k < shr_territory_ancestor_count(t); k++) {
            const shr_territory *u = shr_territory_ancestor_at(t, k);
            if (shr_territory_kind_of(u) == SHR_TERRITORY_DEPARTMENT) {
                r->dep[i] = (uint32_t)shr_territory_index(u);
                break;
            }
        }
    }
    r->dep_ready = 1;
    return SHR_OK;
}

/* Same department code, case-insensitively, with "1" read as "01". */
static int same_department(const char *code, const char *cell)
{
    char want[16];
    size_t n = strlen(cell);
    if (n == 0 || n >= sizeof want - 1)
        return 0;
    if (n == 1) {
        want[0] = '0';
        want[1] = cell[0];
        want[2] = '\0';
    } else {
        memcpy(want, cell, n + 1);
    }
    size_t m = strlen(code);
    if (m != strlen(want))
        return 0;
    for (size_t i = 0; i < m; i++) {
        char a = code[i], b = want[i];
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 32);
        if (b >= 'a' && b <= 'z')
            b = (char)(b - 32);
        if (a != b)
            return 0;
    }
    return 1;
}

/* The department of commune t (computed for every territory on first use); SHR_NO_INDEX on
 * OOM is told apart by *oom. */
static uint32_t department_of(resolver *r, uint32_t t, int *oom)
{
    if (!r->dep_ready && build_departments(r)) {
        *oom = 1;
        return SHR_NO_INDEX;
    }
    return r->dep[t];
}

/* Commune t is in the department written dep_cell. */
static int in_department(resolver *r, uint32_t t, const char *dep_cell, int *oom)
{
    uint32_t d = department_of(r, t, oom);
    if (d == SHR_NO_INDEX)
        return 0;
    const char *dcode = shr_territory_code(shr_catalog_territory_at(r->cat, d));
    return dcode && same_department(dcode, dep_cell);
}

/* The commune (or district) of an outline's code: current code, former code of exactly one
 * commune, or district code; SHR_NO_INDEX otherwise. */
static uint32_t outline_commune(resolver *r, const char *code)
{
    uint32_t t = shr__idmap_find(&r->communes, code, strlen(code));
    if (t != SHR_NO_INDEX)
        return t;
    size_t lo, hi;
    code_range(r->former, r->nformer, code, &lo, &hi);
    uint32_t set[2];
    size_t ns = 0;
    for (size_t i = lo; i < hi; i++)
        ns = set_add(set, ns, 2, r->former[i].territory);
    if (ns == 1)
        return set[0];
    return shr__idmap_find(&r->districts, code, strlen(code));
}

/* The `outline` method: the point lies in exactly one commune's outline, which agrees with the
 * row's names (exactly or without their article) and department when the row gives them. */
static int resolve_outline(resolver *r, const shr__outlines *outlines, const row_input *in,
                           uint32_t *territory, notes *n)
{
    const char *codes[8];
    size_t nc = shr__outlines_find(outlines, in->latitude, in->longitude, codes, 8);
    uint32_t set[8];
    size_t ns = 0;
    for (size_t i = 0; i < nc && i < 8; i++) {
        uint32_t t = outline_commune(r, codes[i]);
        if (t == SHR_NO_INDEX) {
            note(n, "point in the outline of %s, not a commune of the catalog", codes[i]);
            return SHR_IMPORT_REJECTED;
        }
        ns = set_add(set, ns, 8, t);
    }
    char buf[512];
    if (ns == 0) {
        note(n, "point (%.6g, %.6g) in no commune outline", in->latitude, in->longitude);
        return SHR_IMPORT_REJECTED;
    }
    if (ns > 1 || nc > 8) {
        ids_text(r->cat, set, ns, buf, sizeof buf);
        note(n, "point in the outlines of several communes: %s", buf);
        return SHR_IMPORT_REJECTED;
    }
    const shr_territory *t = shr_catalog_territory_at(r->cat, set[0]);
    if (in->names->n) {
        const char *nn = commune_norm(r, set[0]);
        if (!nn)
            return -1;
        if (!wanted(in->names, nn, 1)) {
            names_text(in->names, buf, sizeof buf);
            note(n, "point in %s (%s), not named %s", shr_territory_id(t), shr_territory_name(t),
                 buf);
            return SHR_IMPORT_REJECTED;
        }
    }
    if (*in->department) {
        int oom = 0;
        int same = in_department(r, set[0], in->department, &oom);
        if (oom)
            return -1;
        if (!same) {
            note(n, "point in %s (%s), not in department %s", shr_territory_id(t),
                 shr_territory_name(t), in->department);
            return SHR_IMPORT_REJECTED;
        }
    }
    *territory = set[0];
    return SHR_IMPORT_OUTLINE;
}

/*
 * Resolve a row's territory. Returns the method and sets *territory, or SHR_IMPORT_REJECTED
 * with the reason in *n. SHR_ENOMEM is returned as -1.
 */
int shr__imp_resolve(resolver *r, const row_input *in, int use_department,
                     const shr__outlines *outlines, uint32_t *territory, notes *n)
{
    const shr_catalog *cat = r->cat;
    const char *code = in->code, *postal = in->postal, *dep_cell = in->department;
    const row_names *rn = in->names;
    int zero_code = 1;
    for (const char *c = code; *c; c++)
        zero_code &= *c == '0';
    if (*code && !zero_code) {
        uint32_t t = shr__idmap_find(&r->communes, code, strlen(code));
        if (t != SHR_NO_INDEX) {
            *territory = t;
            return SHR_IMPORT_CODE;
        }
        size_t lo, hi;
        uint32_t set[16];
        size_t ns = 0;
        code_range(r->former, r->nformer, code, &lo, &hi);
        for (size_t i = lo; i < hi; i++)
            ns = set_add(set, ns, 16, r->former[i].territory);
        if (ns == 1) {
            *territory = set[0];
            return SHR_IMPORT_FORMER;
        }
        if (ns > 1) {
            char ids[512];
            ids_text(cat, set, ns, ids, sizeof ids);
            note(n, "former code %s shared by %s", code, ids);
        } else if (is_arrondissement_code(code)) {
            t = shr__idmap_find(&r->districts, code, strlen(code));
            if (t != SHR_NO_INDEX) {
                *territory = t;
                return SHR_IMPORT_DISTRICT;
            }
            note(n, "arrondissement code %s not a district of the catalog", code);
        } else if ((t = shr__idmap_find(&r->epcis, code, strlen(code))) != SHR_NO_INDEX) {
            *territory = t;
            return SHR_IMPORT_EPCI;
        } else {
            note(n, "INSEE code %s unknown", code);
        }
    } else {
        note(n, "no INSEE code");
    }

    /* postal code + name */
    if (!(strlen(postal) == 5 && shr__imp_is_digits(postal, 5)) || strcmp(postal, "00000") == 0) {
        note(n, "no postal code");
    } else if (rn->n == 0) {
        note(n, "no commune name");
    } else {
        size_t lo, hi;
        code_range(r->postal, r->npostal, postal, &lo, &hi);
        if (lo == hi) {
            note(n, "postal code %s not used by any commune", postal);
        } else {
            uint32_t set[16];
            size_t ns = 0;
            for (int loose = 0; loose < 2 && ns == 0; loose++)
                for (size_t i = lo; i < hi; i++) {
                    const char *nn = commune_norm(r, r->postal[i].territory);
                    if (!nn)
                        return -1;
                    if (wanted(rn, nn, loose))
                        ns = set_add(set, ns, 16, r->postal[i].territory);
                }
            if (ns == 1) {
                *territory = set[0];
                return SHR_IMPORT_POSTAL_NAME;
            }
            char buf[512];
            if (ns > 1) {
                ids_text(cat, set, ns, buf, sizeof buf);
                note(n, "several communes match postal code %s and name: %s", postal, buf);
            } else {
                names_text(rn, buf, sizeof buf);
                note(n, "no commune with postal code %s named %s", postal, buf);
            }
        }
    }

    /* department + name */
    if (use_department && !*dep_cell) {
        note(n, "no department");
    } else if (use_department && rn->n) {
        int oom = 0;
        uint32_t set[16];
        size_t ns = 0;
        size_t nt = shr_catalog_territory_count(cat);
        for (int loose = 0; loose < 2 && ns == 0; loose++)
            for (size_t i = 0; i < nt; i++) {
                const shr_territory *t = shr_catalog_territory_at(cat, i);
                if (shr_territory_kind_of(t) != SHR_TERRITORY_COMMUNE ||
                    !in_department(r, (uint32_t)i, dep_cell, &oom))
                    continue;
                const char *nn = commune_norm(r, (uint32_t)i);
                if (!nn)
                    return -1;
                if (wanted(rn, nn, loose))
                    ns = set_add(set, ns, 16, (uint32_t)i);
            }
        if (oom)
            return -1;
        if (ns == 1) {
            *territory = set[0];
            return SHR_IMPORT_DEPARTMENT_NAME;
        }
        char buf[512];
        if (ns > 1) {
            ids_text(cat, set, ns, buf, sizeof buf);
            note(n, "several communes of department %s match the name: %s", dep_cell, buf);
        } else {
            names_text(rn, buf, sizeof buf);
            note(n, "no commune of department %s named %s", dep_cell, buf);
        }
    }

    /* the point in a commune outline */
    if (outlines && in->has_location)
        return resolve_outline(r, outlines, in, territory, n);
    return SHR_IMPORT_REJECTED;
}
