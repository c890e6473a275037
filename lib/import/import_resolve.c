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
        } else if (kind == SHR_TERRITORY_DISTRICT && code &&
                   shr__idmap_find(&r->districts, code, strlen(code)) == SHR_NO_INDEX) {
            if (shr__idmap_reserve(&r->districts, 1) ||
                shr__idmap_insert(&r->districts, code, (uint32_t)i))
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


static int wanted(const row_names *rn, const char *norm)
{
    for (size_t i = 0; i < rn->n; i++)
        if (strcmp(rn->norm[i], norm) == 0)
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

/*
 * Resolve a row's commune. Returns the method and sets *territory, or SHR_IMPORT_REJECTED with
 * the reason in *n. SHR_ENOMEM is returned as -1.
 */
int shr__imp_resolve(resolver *r, const char *code, const char *postal, const row_names *rn,
                   const char *dep_cell, int use_department, uint32_t *territory, notes *n)
{
    const shr_catalog *cat = r->cat;
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
            for (size_t i = lo; i < hi; i++) {
                const char *nn = commune_norm(r, r->postal[i].territory);
                if (!nn)
                    return -1;
                if (wanted(rn, nn))
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
    if (!use_department)
        return SHR_IMPORT_REJECTED;

    /* department + name */
    if (!*dep_cell) {
        note(n, "no department");
        return SHR_IMPORT_REJECTED;
    }
    if (rn->n == 0)
        return SHR_IMPORT_REJECTED; /* already noted */
    if (!r->dep_ready && build_departments(r))
        return -1;
    uint32_t set[16];
    size_t ns = 0;
    size_t nt = shr_catalog_territory_count(cat);
    for (size_t i = 0; i < nt; i++) {
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        if (shr_territory_kind_of(t) != SHR_TERRITORY_COMMUNE || r->dep[i] == SHR_NO_INDEX)
            continue;
        const char *dcode = shr_territory_code(shr_catalog_territory_at(cat, r->dep[i]));
        if (!dcode || !same_department(dcode, dep_cell))
            continue;
        const char *nn = commune_norm(r, (uint32_t)i);
        if (!nn)
            return -1;
        if (wanted(rn, nn))
            ns = set_add(set, ns, 16, (uint32_t)i);
    }
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
    return SHR_IMPORT_REJECTED;
}

