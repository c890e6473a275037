/*
 * Catalog files -> records: the actions (the `actions:` section of spec/format.md), read like
 * the other records (loader.c: one function per node of the schema). See loader.c for how the
 * reader works.
 */
#include "loader_state.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ tables */

enum {
    AC_ID, AC_TITLE, AC_SUMMARY, AC_CHALLENGE, AC_AXES, AC_CATEGORIES, AC_AUDIENCE, AC_LEAD,
    AC_PARTNERS, AC_STANCE, AC_PHASE, AC_EFFORT, AC_HORIZON, AC_STEPS, AC_LEVERS, AC_RISKS,
    AC_GOOD_PRACTICES, AC_INDICATORS, AC_LINKS, AC_SOURCES
};
static const field action_fields[] = {
    F("id"),       F("title"),    F("summary"),    F("challenge"),      F("axes"),
    F("categories"), F("audience"), F("lead"),     F("partners"),       F("stance"),
    F("phase"),    F("effort"),   F("horizon"),    F("steps"),          F("levers"),
    F("risks"),    F("good_practices"), F("indicators"), F("links"),    F("sources")};
#define ACTION_REQUIRED                                                                      \
    (BIT(AC_ID) | BIT(AC_TITLE) | BIT(AC_SUMMARY) | BIT(AC_CHALLENGE) | BIT(AC_AXES) |       \
     BIT(AC_CATEGORIES) | BIT(AC_AUDIENCE) | BIT(AC_LEAD) | BIT(AC_PHASE) | BIT(AC_EFFORT) | \
     BIT(AC_HORIZON) | BIT(AC_STEPS))
#define ACTION_HORIZON_MAX 120 /* months */
#define ACTION_MIN_STEPS 2

/* ------------------------------------------------------------------ actions */

/* A text in both languages: {fr: ..., en: ...}, both given and non-empty. */
static int read_btext(loader *L, const char *name, shr_btext *out)
{
    char field_name[64];
    if (EV.type != YAML_MAPPING_START_EVENT)
        return shr__load_wrong_type(L, name, "a mapping {fr, en}");
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    for (;;) {
        int f, rc = shr__load_next_key(L, shr__load_label_fields,
                                       COUNT(shr__load_label_fields), &seen, "language", &f);
        if (rc)
            return rc;
        if (f < 0)
            return shr__load_check_required(L, shr__load_label_fields, BIT(L_FR) | BIT(L_EN),
                                            seen, start);
        snprintf(field_name, sizeof field_name, "%s.%s", name, shr__load_label_fields[f].name);
        if ((rc = shr__load_copy_text(L, field_name, &out->text[f])))
            return rc;
        if (!out->text[f][0])
            return shr__load_fail(L, SHR_EFORMAT, "'%s' is empty", field_name);
    }
}

/* A list of texts in both languages, in order, with at least `min` items. */
static int read_btext_list(loader *L, const char *name, size_t min, shr_btext **out,
                           uint32_t *count)
{
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return shr__load_wrong_type(L, name, "a list of {fr, en} texts");
    yaml_mark_t start = EV.start_mark;
    L->btexts.count = 0;
    for (;;) {
        int rc = shr__load_next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            break;
        if ((rc = shr__load_list_limit(L, name, L->btexts.count)) ||
            (rc = shr__load_push_scratch(L, (void **)&L->btexts.items, &L->btexts.cap, L->btexts.count,
                               sizeof *L->btexts.items)) ||
            (rc = read_btext(L, name, &L->btexts.items[L->btexts.count])))
            return rc;
        L->btexts.count++;
    }
    if (L->btexts.count < min)
        return shr__load_fail_at(L, SHR_EFORMAT, start, "'%s' needs at least %zu items, got %zu", name,
                       min, L->btexts.count);
    *count = (uint32_t)L->btexts.count;
    return shr__load_to_arena(L, L->btexts.items, L->btexts.count, sizeof *L->btexts.items,
                    (void **)out);
}

/* A list of enumeration values, each at most once, at least `min` of them, at most `max`
 * (the number of values the field accepts). */
static int read_enum_list(loader *L, const char *name, const char *(*name_of)(int), int count,
                          size_t min, uint8_t *items, uint8_t *n)
{
    char buf[80];
    if (EV.type != YAML_SEQUENCE_START_EVENT)
        return shr__load_wrong_type(L, name, "a list of names");
    yaml_mark_t start = EV.start_mark;
    *n = 0;
    for (;;) {
        int v, rc = shr__load_next(L);
        if (rc)
            return rc;
        if (EV.type == YAML_SEQUENCE_END_EVENT)
            break;
        if ((rc = shr__load_read_enum(L, name, name_of, count, &v)))
            return rc;
        if (memchr(items, v, *n))
            return shr__load_fail(L, SHR_EFORMAT, "'%s' lists '%s' twice", name,
                        shr__load_excerpt(buf, sizeof buf, SVAL(L), SLEN(L)));
        items[(*n)++] = (uint8_t)v;
    }
    if (*n < min)
        return shr__load_fail_at(L, SHR_EFORMAT, start, "'%s' needs at least %zu item, got none", name,
                       min);
    return SHR_OK;
}

static const char *audience_name(int i) { return shr_audience_name((shr_audience)i); }
/* The sectors an action names: public, private, citizen (not "other"). */
static const char *action_sector_name(int i) { return shr_sector_name((shr_sector)i); }
static const char *stance_name(int i) { return shr_action_stance_name((shr_action_stance)i); }
static const char *phase_name(int i) { return shr_action_phase_name((shr_action_phase)i); }
static const char *effort_name(int i) { return shr_action_effort_name((shr_action_effort)i); }

int shr__load_parse_action(loader *L)
{
    shr_catalog *cat = L->cat;
    shr_action *a;
    int rc = shr__load_new_record(L, (void ***)&cat->actions.items, &cat->actions.count,
                        &cat->actions.cap, sizeof *a, (void **)&a);
    if (rc)
        return rc;
    a->cat = cat;
    a->index = (uint32_t)(cat->actions.count - 1);
    a->origin = shr__load_origin_here(L);
    a->stance = SHR_STANCE_FACILITATE;
    yaml_mark_t start = EV.start_mark;
    uint32_t seen = 0;
    for (;;) {
        int f, v;
        int64_t months;
        uint8_t mask;
        void *list;
        if ((rc = shr__load_next_key(L, action_fields, COUNT(action_fields), &seen, "field", &f)))
            return rc;
        const char *name = f >= 0 ? action_fields[f].name : NULL;
        switch (f) {
        case -1:
            return shr__load_check_required(L, action_fields, ACTION_REQUIRED, seen, start);
        case AC_ID:
            rc = shr__load_record_id(L, SHR_REC_ACTION, a->index, &a->id);
            break;
        case AC_TITLE:
            rc = read_btext(L, name, &a->title);
            break;
        case AC_SUMMARY:
            rc = read_btext(L, name, &a->summary);
            break;
        case AC_CHALLENGE:
            rc = read_btext(L, name, &a->challenge);
            break;
        case AC_AXES: {
            yaml_mark_t m = EV.start_mark;
            rc = shr__load_read_axes(L, a->axes, &a->naxes, &mask);
            if (rc == SHR_OK && a->naxes == 0)
                rc = shr__load_fail_at(L, SHR_EFORMAT, m, "'axes' needs at least 1 item, got none");
            break;
        }
        case AC_CATEGORIES: {
            yaml_mark_t m = EV.start_mark;
            rc = shr__load_read_ref_list(L, name, SHR_REC_CATEGORY, a, SHR_REC_ACTION, false, NULL, &list,
                               &a->ncategories);
            a->categories = list;
            if (rc == SHR_OK && a->ncategories == 0)
                rc = shr__load_fail_at(L, SHR_EFORMAT, m, "'categories' needs at least 1 item, got none");
            break;
        }
        case AC_AUDIENCE:
            rc = read_enum_list(L, name, audience_name, SHR_AUDIENCE_COUNT, 1, a->audience,
                                &a->naudience);
            break;
        case AC_LEAD:
            rc = read_enum_list(L, name, action_sector_name, SHR_SECTOR_OTHER, 1, a->lead,
                                &a->nlead);
            break;
        case AC_PARTNERS:
            rc = read_enum_list(L, name, action_sector_name, SHR_SECTOR_OTHER, 0, a->partners,
                                &a->npartners);
            break;
        case AC_STANCE:
            rc = shr__load_read_enum(L, name, stance_name, SHR_STANCE_COUNT, &v);
            a->stance = (uint8_t)v;
            a->stance_given = true;
            break;
        case AC_PHASE:
            rc = shr__load_read_enum(L, name, phase_name, SHR_PHASE_COUNT, &v);
            a->phase = (uint8_t)v;
            break;
        case AC_EFFORT:
            rc = shr__load_read_enum(L, name, effort_name, SHR_EFFORT_COUNT, &v);
            a->effort = (uint8_t)v;
            break;
        case AC_HORIZON:
            rc = shr__load_want_int(L, name, &months);
            if (rc == SHR_OK && (months < 1 || months > ACTION_HORIZON_MAX))
                rc = shr__load_fail(L, SHR_EFORMAT, "'horizon' is %lld months (expected 1 to %d)",
                          (long long)months, ACTION_HORIZON_MAX);
            a->horizon = (uint16_t)months;
            break;
        case AC_STEPS:
        case AC_LEVERS:
        case AC_RISKS:
        case AC_GOOD_PRACTICES:
        case AC_INDICATORS: {
            int l = SHR_ACTION_STEPS + (f - AC_STEPS);
            rc = read_btext_list(L, name, f == AC_STEPS ? ACTION_MIN_STEPS : 0, &a->items[l],
                                 &a->nitems[l]);
            break;
        }
        case AC_LINKS:
            rc = shr__load_read_text_list(L, name, false, &a->links, &a->nlinks);
            break;
        case AC_SOURCES:
            rc = shr__load_read_text_list(L, name, false, &a->sources, &a->nsources);
            break;
        }
        if (rc)
            return rc;
    }
}
