/* Fiches-actions: getters and the filter (action.h; the enumerations' names are in enums.c). */
#include "model.h"

#include <string.h>

/* ------------------------------------------------------------------ getters */

static const char *btext(const shr_btext *t, const char *lang)
{
    int l = shr__lang_index(lang);
    return l < 0 ? NULL : t->text[l];
}

const char *shr_action_id(const shr_action *a)
{
    if (!a)
        return NULL;
    return a->id;
}
size_t shr_action_index(const shr_action *a)
{
    if (!a)
        return 0;
    return a->index;
}
const char *shr_action_title(const shr_action *a, const char *lang)
{
    if (!a)
        return NULL;
    return btext(&a->title, lang);
}
const char *shr_action_summary(const shr_action *a, const char *lang)
{
    if (!a)
        return NULL;
    return btext(&a->summary, lang);
}
const char *shr_action_challenge(const shr_action *a, const char *lang)
{
    if (!a)
        return NULL;
    return btext(&a->challenge, lang);
}
shr_action_phase shr_action_phase_of(const shr_action *a)
{
    if (!a)
        return (shr_action_phase)0;
    return (shr_action_phase)a->phase;
}
shr_action_effort shr_action_effort_of(const shr_action *a)
{
    if (!a)
        return (shr_action_effort)0;
    return (shr_action_effort)a->effort;
}
shr_action_stance shr_action_stance_of(const shr_action *a)
{
    if (!a)
        return (shr_action_stance)0;
    return (shr_action_stance)a->stance;
}
int shr_action_horizon(const shr_action *a)
{
    if (!a)
        return 0;
    return a->horizon;
}

size_t shr_action_axis_count(const shr_action *a)
{
    if (!a)
        return 0;
    return a->naxes;
}
const shr_axis *shr_action_axis_at(const shr_action *a, size_t index)
{
    if (!a)
        return NULL;
    return index < a->naxes ? &a->cat->axes[a->axes[index]] : NULL;
}
int shr_action_has_axis(const shr_action *a, shr_axis_code code)
{
    if (!a)
        return 0;
    for (size_t i = 0; i < a->naxes; i++)
        if (a->axes[i] == code)
            return 1;
    return 0;
}

size_t shr_action_category_count(const shr_action *a)
{
    if (!a)
        return 0;
    return a->ncategories;
}
const shr_category *shr_action_category_at(const shr_action *a, size_t index)
{
    if (!a)
        return NULL;
    if (index >= a->ncategories || a->categories[index].index == SHR_NO_INDEX)
        return NULL;
    return a->cat->categories.items[a->categories[index].index];
}
int shr_action_has_category(const shr_action *a, const shr_category *c)
{
    if (!c || c->cat != a->cat)
        return 0;
    for (size_t i = 0; i < a->ncategories; i++)
        if (a->categories[i].index == c->index)
            return 1;
    return 0;
}

static int byte_at(const uint8_t *items, size_t n, size_t index)
{
    return index < n ? items[index] : -1;
}
size_t shr_action_audience_count(const shr_action *a)
{
    if (!a)
        return 0;
    return a->naudience;
}
int shr_action_audience_at(const shr_action *a, size_t index)
{
    if (!a)
        return 0;
    return byte_at(a->audience, a->naudience, index);
}
size_t shr_action_lead_count(const shr_action *a)
{
    if (!a)
        return 0;
    return a->nlead;
}
int shr_action_lead_at(const shr_action *a, size_t index)
{
    if (!a)
        return 0;
    return byte_at(a->lead, a->nlead, index);
}
int shr_action_has_lead(const shr_action *a, shr_sector sector)
{
    if (!a)
        return 0;
    return memchr(a->lead, (int)sector, a->nlead) != NULL;
}
size_t shr_action_partner_count(const shr_action *a)
{
    if (!a)
        return 0;
    return a->npartners;
}
int shr_action_partner_at(const shr_action *a, size_t index)
{
    if (!a)
        return 0;
    return byte_at(a->partners, a->npartners, index);
}

size_t shr_action_item_count(const shr_action *a, shr_action_list list)
{
    if (!a)
        return 0;
    return (unsigned)list < SHR_ACTION_LIST_COUNT ? a->nitems[list] : 0;
}
const char *shr_action_item_at(const shr_action *a, shr_action_list list, size_t index,
                               const char *lang)
{
    if (!a)
        return NULL;
    if ((unsigned)list >= SHR_ACTION_LIST_COUNT || index >= a->nitems[list])
        return NULL;
    return btext(&a->items[list][index], lang);
}

size_t shr_action_link_count(const shr_action *a)
{
    if (!a)
        return 0;
    return a->nlinks;
}
const char *shr_action_link_at(const shr_action *a, size_t index)
{
    if (!a)
        return NULL;
    return index < a->nlinks ? a->links[index] : NULL;
}
size_t shr_action_source_count(const shr_action *a)
{
    if (!a)
        return 0;
    return a->nsources;
}
const char *shr_action_source_at(const shr_action *a, size_t index)
{
    if (!a)
        return NULL;
    return index < a->nsources ? a->sources[index] : NULL;
}

int shr_action_matches(const shr_action *a, const shr_action_filter *f)
{
    if (!a)
        return 0;
    if (!f)
        return 1;
    if (f->version != SHR_ACTION_FILTER_VERSION)
        return 0;
    if ((int)f->axis >= 0 && !shr_action_has_axis(a, f->axis))
        return 0;
    if (f->category && !shr_action_has_category(a, f->category))
        return 0;
    if ((int)f->lead >= 0 && !shr_action_has_lead(a, f->lead))
        return 0;
    return 1;
}
