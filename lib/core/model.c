/* Getters of the records: territories, actors, practices, axes, categories. */
#include "model.h"

#include <stdatomic.h>
#include <string.h>

/* Items of node i in a CSR list; empty when the graph is not built yet. */
static size_t csr_count(const shr_csr *csr, const shr_graph *g, uint32_t i, size_t n)
{
    if (!g || i >= n)
        return 0;
    return csr->offsets[i + 1] - csr->offsets[i];
}

static uint32_t csr_item(const shr_csr *csr, uint32_t i, size_t k)
{
    return csr->items[csr->offsets[i] + k];
}

/* ------------------------------------------------------------------ territory */

#define T_GRAPH(t) ((t)->cat->graph)
#define T_N(t) (T_GRAPH(t) ? T_GRAPH(t)->nterritories : 0)

const char *shr_territory_id(const shr_territory *t)
{
    return t ? shr__territory_id(t) : NULL;
}
const char *shr_territory_name(const shr_territory *t)
{
    return t ? t->name : NULL;
}
shr_territory_kind shr_territory_kind_of(const shr_territory *t)
{
    return t ? t->kind : (shr_territory_kind)0;
}
const char *shr_territory_code(const shr_territory *t)
{
    return t ? t->code : NULL;
}
int64_t shr_territory_population(const shr_territory *t)
{
    return t ? t->population : 0;
}
size_t shr_territory_index(const shr_territory *t)
{
    return t ? t->index : 0;
}

int shr_territory_location(const shr_territory *t, double *latitude, double *longitude)
{
    if (!t || !t->has_location)
        return 0;
    if (latitude)
        *latitude = t->latitude;
    if (longitude)
        *longitude = t->longitude;
    return 1;
}

size_t shr_territory_former_code_count(const shr_territory *t)
{
    return t ? t->nformer_codes : 0;
}

const char *shr_territory_former_code_at(const shr_territory *t, size_t index)
{
    return t && index < t->nformer_codes ? t->former_codes[index] : NULL;
}

size_t shr_territory_postal_code_count(const shr_territory *t)
{
    return t ? t->npostal_codes : 0;
}

const char *shr_territory_postal_code_at(const shr_territory *t, size_t index)
{
    return t && index < t->npostal_codes ? t->postal_codes[index] : NULL;
}

static const shr_territory *territory_by_index(const shr_catalog *cat, uint32_t i)
{
    return i < cat->territories.count ? cat->territories.items[i] : NULL;
}

const shr_territory *shr_territory_parent(const shr_territory *t)
{
    if (!t)
        return NULL;
    return t->has_parent ? territory_by_index(t->cat, t->parent.index) : NULL;
}

size_t shr_territory_group_count(const shr_territory *t)
{
    return t ? t->ngroups : 0;
}

const shr_territory *shr_territory_group_at(const shr_territory *t, size_t index)
{
    return t && index < t->ngroups ? territory_by_index(t->cat, t->groups[index].index) : NULL;
}

/* The k-th territory of a territory's CSR list, NULL when out of range. */
static const shr_territory *territory_csr_at(const shr_territory *t, const shr_csr *csr, size_t k)
{
    if (k >= csr_count(csr, T_GRAPH(t), t->index, T_N(t)))
        return NULL;
    return territory_by_index(t->cat, csr_item(csr, t->index, k));
}

size_t shr_territory_child_count(const shr_territory *t)
{
    if (!t)
        return 0;
    return T_GRAPH(t) ? csr_count(&T_GRAPH(t)->children, T_GRAPH(t), t->index, T_N(t)) : 0;
}

const shr_territory *shr_territory_child_at(const shr_territory *t, size_t index)
{
    if (!t)
        return NULL;
    return T_GRAPH(t) ? territory_csr_at(t, &T_GRAPH(t)->children, index) : NULL;
}

size_t shr_territory_member_count(const shr_territory *t)
{
    if (!t)
        return 0;
    return T_GRAPH(t) ? csr_count(&T_GRAPH(t)->members, T_GRAPH(t), t->index, T_N(t)) : 0;
}

const shr_territory *shr_territory_member_at(const shr_territory *t, size_t index)
{
    if (!t)
        return NULL;
    return T_GRAPH(t) ? territory_csr_at(t, &T_GRAPH(t)->members, index) : NULL;
}

size_t shr_territory_ancestor_count(const shr_territory *t)
{
    if (!t)
        return 0;
    return T_GRAPH(t) ? csr_count(&T_GRAPH(t)->ancestors, T_GRAPH(t), t->index, T_N(t)) : 0;
}

const shr_territory *shr_territory_ancestor_at(const shr_territory *t, size_t index)
{
    if (!t)
        return NULL;
    return T_GRAPH(t) ? territory_csr_at(t, &T_GRAPH(t)->ancestors, index) : NULL;
}

const shr_territory *shr_territory_ancestor_of_kind(const shr_territory *t,
                                                    shr_territory_kind kind)
{
    if (!t)
        return NULL;
    for (const shr_territory *p = shr_territory_parent(t); p; p = shr_territory_parent(p))
        if (shr_territory_kind_of(p) == kind)
            return p;
    for (size_t i = 0; i < t->ngroups; i++) {
        const shr_territory *g = shr_territory_group_at(t, i);
        if (shr_territory_kind_of(g) == kind)
            return g;
    }
    const shr_territory *a;
    for (size_t i = 0; (a = shr_territory_ancestor_at(t, i)) != NULL; i++)
        if (shr_territory_kind_of(a) == kind)
            return a;
    return NULL;
}

int shr_territory_within(const shr_territory *a, const shr_territory *b)
{
    if (!a || !b)
        return 0;
    if (a == b)
        return 1;
    const shr_graph *g = T_GRAPH(a);
    if (!g || a->cat != b->cat || a->index >= g->nterritories)
        return 0;
    /* The closure is sorted: binary search for b. */
    size_t lo = g->ancestors.offsets[a->index], hi = g->ancestors.offsets[a->index + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t v = g->ancestors.items[mid];
        if (v == b->index)
            return 1;
        if (v < b->index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

size_t shr_territory_practice_count(const shr_territory *t)
{
    if (!t)
        return 0;
    return T_GRAPH(t) ? csr_count(&T_GRAPH(t)->territory_practices, T_GRAPH(t), t->index, T_N(t)) : 0;
}

const shr_practice *shr_territory_practice_at(const shr_territory *t, size_t index)
{
    if (!t)
        return NULL;
    if (index >= shr_territory_practice_count(t))
        return NULL;
    return t->cat->practices.items[csr_item(&T_GRAPH(t)->territory_practices, t->index, index)];
}

/* ------------------------------------------------------------------ actor */

const char *shr_actor_id(const shr_actor *a)
{
    return a ? shr__actor_id(a) : NULL;
}
const char *shr_actor_name(const shr_actor *a)
{
    return a ? a->name : NULL;
}
shr_actor_kind shr_actor_kind_of(const shr_actor *a)
{
    return a ? a->kind : (shr_actor_kind)0;
}
shr_sector shr_actor_sector(const shr_actor *a)
{
    return a ? shr_actor_kind_sector(a->kind) : (shr_sector)0;
}
size_t shr_actor_index(const shr_actor *a)
{
    return a ? a->index : 0;
}

const shr_territory *shr_actor_territory(const shr_actor *a)
{
    if (!a)
        return NULL;
    return a->has_territory ? territory_by_index(a->cat, a->territory.index) : NULL;
}

size_t shr_actor_link_count(const shr_actor *a)
{
    return a ? a->nlinks : 0;
}

const char *shr_actor_link_at(const shr_actor *a, size_t index)
{
    return a && index < a->nlinks ? a->links[index] : NULL;
}

size_t shr_actor_practice_count(const shr_actor *a)
{
    if (!a)
        return 0;
    const shr_graph *g = a->cat->graph;
    return g ? csr_count(&g->actor_practices, g, a->index, g->nactors) : 0;
}

const shr_practice *shr_actor_practice_at(const shr_actor *a, size_t index)
{
    if (!a)
        return NULL;
    if (index >= shr_actor_practice_count(a))
        return NULL;
    return a->cat->practices.items[csr_item(&a->cat->graph->actor_practices, a->index, index)];
}

shr_role shr_actor_practice_role(const shr_actor *a, size_t index)
{
    if (!a)
        return 0;
    if (index >= shr_actor_practice_count(a))
        return SHR_ROLE_CARRIER;
    const shr_graph *g = a->cat->graph;
    return (shr_role)g->actor_practice_roles[g->actor_practices.offsets[a->index] + index];
}

/* ------------------------------------------------------------------ practice */

const char *shr_practice_id(const shr_practice *p)
{
    return p ? shr__practice_id(p) : NULL;
}
const char *shr_practice_name(const shr_practice *p)
{
    return p ? p->name : NULL;
}
shr_status shr_practice_status(const shr_practice *p)
{
    return p ? p->status : (shr_status)0;
}
int32_t shr_practice_started(const shr_practice *p)
{
    return p ? p->started : 0;
}
int32_t shr_practice_ended(const shr_practice *p)
{
    return p ? p->ended : 0;
}

/*
 * Descriptions are kept coded (textstore.c). The first call decodes one into its own
 * allocation and publishes it in the record with a compare-and-swap, so threads that race
 * agree on one copy (the losers free theirs) and the pointer stays valid until the catalog is
 * freed.
 */
const char *shr_practice_description(const shr_practice *p)
{
    if (!p)
        return NULL;
    _Atomic uintptr_t *slot = (_Atomic uintptr_t *)&p->description;
    uintptr_t v = atomic_load_explicit(slot, memory_order_acquire);
    if (!v || (v & 1))
        return (const char *)(v & ~(uintptr_t)1);
    const uint8_t *blob = (const uint8_t *)v;
    char *text = shr__malloc(&p->cat->alloc, shr__textstore_length(blob) + 1);
    if (!text)
        return NULL;
    shr__textstore_decode(&p->cat->texts, blob, text);
    if (atomic_compare_exchange_strong_explicit(slot, &v, (uintptr_t)text | 1,
                                                memory_order_acq_rel, memory_order_acquire))
        return text;
    shr__free(&p->cat->alloc, text); /* another thread was first: v is its copy */
    return (const char *)(v & ~(uintptr_t)1);
}

size_t shr__practice_description_length(const shr_practice *p)
{
    uintptr_t v = atomic_load_explicit(&p->description, memory_order_acquire);
    if (!v)
        return 0;
    return (v & 1) ? strlen((const char *)(v & ~(uintptr_t)1))
                   : shr__textstore_length((const uint8_t *)v);
}

const char *shr__practice_description_into(const shr_practice *p, char *buf)
{
    uintptr_t v = atomic_load_explicit(&p->description, memory_order_acquire);
    if (!v || (v & 1))
        return (const char *)(v & ~(uintptr_t)1);
    shr__textstore_decode(&p->cat->texts, (const uint8_t *)v, buf);
    return buf;
}

int64_t shr_practice_description_copy(const shr_practice *p, char *buf, size_t size)
{
    if (!p)
        return 0;
    uintptr_t v = atomic_load_explicit(&p->description, memory_order_acquire);
    if (!v)
        return -1;
    size_t len;
    if (v & 1) {
        const char *text = (const char *)(v & ~(uintptr_t)1);
        len = strlen(text);
        if (size) {
            size_t n = len < size - 1 ? len : size - 1;
            memcpy(buf, text, n);
            buf[n] = '\0';
        }
    } else {
        len = shr__textstore_length((const uint8_t *)v);
        if (size)
            shr__textstore_decode_prefix(&p->cat->texts, (const uint8_t *)v, buf, size - 1);
    }
    return (int64_t)len;
}

int shr__practice_description_text(const shr_practice *p, char **buf, size_t *cap,
                                   const char **text)
{
    if (shr__grow(&p->cat->alloc, (void **)buf, cap, shr__practice_description_length(p) + 1, 1))
        return SHR_ENOMEM;
    *text = shr__practice_description_into(p, *buf);
    return SHR_OK;
}

void shr__practice_description_release(shr_practice *p)
{
    uintptr_t v = atomic_load_explicit(&p->description, memory_order_relaxed);
    if (v & 1)
        shr__free(&p->cat->alloc, (void *)(v & ~(uintptr_t)1));
}
const shr_practice_extra *shr__practice_extra(const shr_practice *p)
{
    if (!p->has_extra)
        return NULL;
    shr_practice_extra *const *v = p->cat->extras.items;
    size_t lo = 0, hi = p->cat->extras.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid]->practice < p->index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->cat->extras.count && v[lo]->practice == p->index ? v[lo] : NULL;
}

const char *shr_practice_address(const shr_practice *p)
{
    if (!p)
        return NULL;
    const shr_practice_extra *x = shr__practice_extra(p);
    return x ? x->address : NULL;
}
size_t shr_practice_index(const shr_practice *p)
{
    return p ? p->index : 0;
}

const shr_category *shr_practice_category(const shr_practice *p)
{
    if (!p)
        return NULL;
    uint32_t i = p->category.index;
    return i < p->cat->categories.count ? p->cat->categories.items[i] : NULL;
}

int shr_practice_location(const shr_practice *p, double *latitude, double *longitude)
{
    if (!p || !p->has_location)
        return 0;
    const shr_practice_extra *x = shr__practice_extra(p);
    if (latitude)
        *latitude = x->latitude;
    if (longitude)
        *longitude = x->longitude;
    return 1;
}

size_t shr_practice_axis_count(const shr_practice *p)
{
    return p ? p->naxes : 0;
}

const shr_axis *shr_practice_axis_at(const shr_practice *p, size_t index)
{
    return p && index < p->naxes ? &p->cat->axes[p->axes[index]] : NULL;
}

int shr_practice_has_axis(const shr_practice *p, shr_axis_code code)
{
    if (!p)
        return 0;
    if ((int)code < 0 || code >= SHR_AXIS_COUNT)
        return 0;
    return (p->axis_mask >> code) & 1;
}

size_t shr_practice_territory_count(const shr_practice *p)
{
    return p ? p->nterritories : 0;
}

const shr_territory *shr_practice_territory_at(const shr_practice *p, size_t index)
{
    return p && index < p->nterritories ? territory_by_index(p->cat, p->territories[index].index) : NULL;
}

size_t shr_practice_actor_count(const shr_practice *p)
{
    return p ? p->nactors : 0;
}

const shr_actor *shr_practice_actor_at(const shr_practice *p, size_t index)
{
    if (!p)
        return NULL;
    if (index >= p->nactors)
        return NULL;
    uint32_t i = p->actors[index].actor.index;
    return i < p->cat->actors.count ? p->cat->actors.items[i] : NULL;
}

shr_role shr_practice_actor_role(const shr_practice *p, size_t index)
{
    return p && index < p->nactors ? (shr_role)p->actors[index].role : SHR_ROLE_CARRIER;
}

size_t shr_practice_tag_count(const shr_practice *p)
{
    return p ? p->ntags : 0;
}

const char *shr_practice_tag_at(const shr_practice *p, size_t index)
{
    return p && index < p->ntags ? p->tags[index] : NULL;
}

size_t shr_practice_figure_count(const shr_practice *p)
{
    if (!p)
        return 0;
    const shr_practice_extra *x = shr__practice_extra(p);
    return x ? x->nfigures : 0;
}

const char *shr_practice_figure_name(const shr_practice *p, size_t index)
{
    if (!p)
        return NULL;
    return index < shr_practice_figure_count(p) ? shr__practice_extra(p)->figures[index].name : NULL;
}

double shr_practice_figure_value(const shr_practice *p, size_t index)
{
    if (!p)
        return 0;
    return index < shr_practice_figure_count(p) ? shr__practice_extra(p)->figures[index].value
                                                : 0.0;
}

size_t shr_practice_link_count(const shr_practice *p)
{
    if (!p)
        return 0;
    const shr_practice_extra *x = shr__practice_extra(p);
    return x ? x->nlinks : 0;
}

const char *shr_practice_link_at(const shr_practice *p, size_t index)
{
    if (!p)
        return NULL;
    return index < shr_practice_link_count(p) ? shr__practice_extra(p)->links[index] : NULL;
}

/* ------------------------------------------------------------------ axis */

const char *shr_axis_id(const shr_axis *axis)
{
    return axis ? shr__axis_texts[axis->code].id : NULL;
}
shr_axis_code shr_axis_code_of(const shr_axis *axis)
{
    return axis ? axis->code : (shr_axis_code)0;
}

const char *shr_axis_label(const shr_axis *axis, const char *lang)
{
    if (!axis)
        return NULL;
    int l = shr__lang_index(lang);
    return l < 0 ? NULL : shr__axis_texts[axis->code].label[l];
}

const char *shr_axis_description(const shr_axis *axis, const char *lang)
{
    if (!axis)
        return NULL;
    int l = shr__lang_index(lang);
    return l < 0 ? NULL : shr__axis_texts[axis->code].description[l];
}

size_t shr_axis_question_count(const shr_axis *axis, const char *lang)
{
    if (!axis)
        return 0;
    int l = shr__lang_index(lang);
    if (l < 0)
        return 0;
    size_t n = 0;
    while (shr__axis_texts[axis->code].questions[l][n])
        n++;
    return n;
}

const char *shr_axis_question_at(const shr_axis *axis, const char *lang, size_t index)
{
    if (!axis)
        return NULL;
    if (index >= shr_axis_question_count(axis, lang))
        return NULL;
    return shr__axis_texts[axis->code].questions[shr__lang_index(lang)][index];
}

/* ------------------------------------------------------------------ category */

const char *shr_category_id(const shr_category *c)
{
    return c ? c->id : NULL;
}
shr_family shr_category_family(const shr_category *c)
{
    return c ? c->family : (shr_family)0;
}
int shr_category_is_builtin(const shr_category *c)
{
    return c ? c->builtin : 0;
}
size_t shr_category_index(const shr_category *c)
{
    return c ? c->index : 0;
}
size_t shr_category_axis_count(const shr_category *c)
{
    return c ? c->naxes : 0;
}

const char *shr_category_label(const shr_category *c, const char *lang)
{
    if (!c)
        return NULL;
    int l = shr__lang_index(lang);
    if (l < 0)
        return NULL;
    return l == 0 ? c->label_fr : c->label_en;
}

const shr_axis *shr_category_axis_at(const shr_category *c, size_t index)
{
    return c && index < c->naxes ? &c->cat->axes[c->axes[index]] : NULL;
}

size_t shr__practice_values(const shr_practice *p, shr_dimension dim,
                            int64_t out[SHR_PRACTICE_VALUES_MAX])
{
    const shr_catalog *cat = p->cat;
    uint32_t mask = 0;
    switch (dim) {
    case SHR_DIM_AXIS:
        mask = p->axis_mask;
        break;
    case SHR_DIM_CATEGORY:
        out[0] = p->category.index;
        return 1;
    case SHR_DIM_FAMILY:
        if (p->category.index >= cat->categories.count)
            return 0;
        out[0] = cat->categories.items[p->category.index]->family;
        return 1;
    case SHR_DIM_STATUS:
        out[0] = p->status;
        return 1;
    case SHR_DIM_ACTORKIND:
    case SHR_DIM_ACTORSECTOR:
    case SHR_DIM_ROLE:
        for (uint32_t i = 0; i < p->nactors; i++) {
            uint32_t ai = p->actors[i].actor.index;
            if (dim == SHR_DIM_ROLE)
                mask |= 1u << p->actors[i].role;
            else if (ai < cat->actors.count) {
                shr_actor_kind k = (shr_actor_kind)cat->actors.items[ai]->kind;
                mask |= 1u << (dim == SHR_DIM_ACTORKIND ? (uint32_t)k
                                                        : (uint32_t)shr_actor_kind_sector(k));
            }
        }
        break;
    case SHR_DIM_STARTED:
        if (p->started == SHR_NO_YEAR)
            return 0;
        out[0] = p->started;
        return 1;
    default:
        return 0;
    }
    size_t n = 0;
    for (uint32_t v = 0; v < 32; v++)
        if (mask & (1u << v))
            out[n++] = v;
    return n;
}
