/* Names of the enumerations as written in files, and back. */
#include "model.h"

#include <string.h>

bool shr__enum_name_eq(const char *name, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (name[i] != c) /* also stops at name's NUL */
            return false;
    }
    return name[len] == '\0';
}

/* Index of `name` in a table of n names (ASCII case ignored), or -1. */
static int name_index(const char *const *names, int n, const char *name)
{
    if (!name)
        return -1;
    size_t len = strlen(name);
    for (int i = 0; i < n; i++)
        if (shr__enum_name_eq(names[i], name, len))
            return i;
    return -1;
}

#define NAME_AT(table, count, value) \
    ((int)(value) >= 0 && (int)(value) < (count) ? (table)[(value)] : NULL)

static const char *const territory_kinds[SHR_TERRITORY_KIND_COUNT] = {
    "country", "region", "department", "epci", "commune", "district", "other"};

const char *shr_territory_kind_name(shr_territory_kind kind)
{
    return NAME_AT(territory_kinds, SHR_TERRITORY_KIND_COUNT, kind);
}

int shr_territory_kind_from_name(const char *name, shr_territory_kind *out)
{
    int i = name_index(territory_kinds, SHR_TERRITORY_KIND_COUNT, name);
    if (i < 0)
        return SHR_ENOTFOUND;
    *out = (shr_territory_kind)i;
    return SHR_OK;
}

static const char *const actor_kinds[SHR_ACTOR_KIND_COUNT] = {
    "public_authority", "state_service", "public_body", "company", "startup", "association",
    "cooperative", "citizen_collective", "network", "research", "other"};

static const shr_sector actor_kind_sectors[SHR_ACTOR_KIND_COUNT] = {
    SHR_SECTOR_PUBLIC,  SHR_SECTOR_PUBLIC,  SHR_SECTOR_PUBLIC,  SHR_SECTOR_PRIVATE,
    SHR_SECTOR_PRIVATE, SHR_SECTOR_CITIZEN, SHR_SECTOR_PRIVATE, SHR_SECTOR_CITIZEN,
    SHR_SECTOR_CITIZEN, SHR_SECTOR_OTHER,   SHR_SECTOR_OTHER};

const char *shr_actor_kind_name(shr_actor_kind kind)
{
    return NAME_AT(actor_kinds, SHR_ACTOR_KIND_COUNT, kind);
}

int shr_actor_kind_from_name(const char *name, shr_actor_kind *out)
{
    int i = name_index(actor_kinds, SHR_ACTOR_KIND_COUNT, name);
    if (i < 0)
        return SHR_ENOTFOUND;
    *out = (shr_actor_kind)i;
    return SHR_OK;
}

shr_sector shr_actor_kind_sector(shr_actor_kind kind)
{
    if ((int)kind < 0 || kind >= SHR_ACTOR_KIND_COUNT)
        return SHR_SECTOR_OTHER;
    return actor_kind_sectors[kind];
}

static const char *const sectors[SHR_SECTOR_COUNT] = {"public", "private", "citizen", "other"};

const char *shr_sector_name(shr_sector sector)
{
    return NAME_AT(sectors, SHR_SECTOR_COUNT, sector);
}

int shr_sector_from_name(const char *name, shr_sector *out)
{
    int i = name_index(sectors, SHR_SECTOR_COUNT, name);
    if (i < 0)
        return SHR_ENOTFOUND;
    *out = (shr_sector)i;
    return SHR_OK;
}

static const char *const statuses[SHR_STATUS_COUNT] = {"planned", "active", "ended"};

const char *shr_status_name(shr_status status)
{
    return NAME_AT(statuses, SHR_STATUS_COUNT, status);
}

int shr_status_from_name(const char *name, shr_status *out)
{
    int i = name_index(statuses, SHR_STATUS_COUNT, name);
    if (i < 0)
        return SHR_ENOTFOUND;
    *out = (shr_status)i;
    return SHR_OK;
}

static const char *const roles[SHR_ROLE_COUNT] = {"carrier", "funder", "partner", "operator", "user"};

const char *shr_role_name(shr_role role)
{
    return NAME_AT(roles, SHR_ROLE_COUNT, role);
}

int shr_role_from_name(const char *name, shr_role *out)
{
    int i = name_index(roles, SHR_ROLE_COUNT, name);
    if (i < 0)
        return SHR_ENOTFOUND;
    *out = (shr_role)i;
    return SHR_OK;
}

static const char *const families[SHR_FAMILY_COUNT] = {"consumption", "production", "finance",
                                                        "governance"};
static const char *const family_labels[2][SHR_FAMILY_COUNT] = {
    {"consommation collaborative", "production distribuée", "financement participatif",
     "gouvernance partagée"},
    {"collaborative consumption", "distributed production", "participatory finance",
     "shared governance"}};

const char *shr_family_name(shr_family family)
{
    return NAME_AT(families, SHR_FAMILY_COUNT, family);
}

const char *shr_family_label(shr_family family, const char *lang)
{
    int l = shr__lang_index(lang);
    if (l < 0)
        return NULL;
    return NAME_AT(family_labels[l], SHR_FAMILY_COUNT, family);
}

int shr_family_from_name(const char *name, shr_family *out)
{
    int i = name_index(families, SHR_FAMILY_COUNT, name);
    if (i < 0)
        return SHR_ENOTFOUND;
    *out = (shr_family)i;
    return SHR_OK;
}

const char *shr__record_kind_name(int kind)
{
    switch (kind) {
    case SHR_REC_CATEGORY:
        return "category";
    case SHR_REC_TERRITORY:
        return "territory";
    case SHR_REC_ACTOR:
        return "actor";
    case SHR_REC_PRACTICE:
        return "practice";
    case SHR_REC_ACTION:
        return "action";
    }
    return "record";
}

/* Labels of the enumerations that have no public label function, {fr, en}: the facets and the
 * report show them (model.h). */
const char *const shr__status_labels[SHR_STATUS_COUNT][2] = {
    {"en projet", "planned"}, {"active", "active"}, {"terminée", "ended"}};
const char *const shr__role_labels[SHR_ROLE_COUNT][2] = {
    {"porteur", "carrier"}, {"financeur", "funder"}, {"partenaire", "partner"},
    {"opérateur", "operator"}, {"usager", "user"}};
const char *const shr__actor_kind_labels[SHR_ACTOR_KIND_COUNT][2] = {
    {"collectivité territoriale", "public authority"}, {"service de l'État", "state service"},
    {"établissement public", "public body"}, {"entreprise", "company"},
    {"start-up", "startup"}, {"association", "association"}, {"coopérative", "cooperative"},
    {"collectif citoyen", "citizen collective"}, {"réseau", "network"},
    {"recherche", "research"}, {"autre", "other"}};
const char *const shr__sector_labels[SHR_SECTOR_COUNT][2] = {
    {"public", "public"}, {"privé", "private"}, {"citoyen", "citizen"}, {"autre", "other"}};
const char *const shr__territory_kind_labels[SHR_TERRITORY_KIND_COUNT][2] = {
    {"pays", "country"}, {"région", "region"}, {"département", "department"}, {"EPCI", "EPCI"},
    {"commune", "commune"}, {"arrondissement municipal", "municipal district"},
    {"autre territoire", "other territory"}};

/* ------------------------------------------------------------------ fiches-actions */

/* name -> enum value through a table: 0 and *out set, or SHR_ENOTFOUND. */
#define FROM_NAME(table, count, type, name, out)            \
    do {                                                     \
        int i_ = name_index((table), (count), (name));       \
        if (i_ < 0)                                          \
            return SHR_ENOTFOUND;                            \
        *(out) = (type)i_;                                   \
        return SHR_OK;                                       \
    } while (0)

static const char *const phases[SHR_PHASE_COUNT] = {"awareness", "facilitation",
                                                     "construction"};
static const char *const efforts[SHR_EFFORT_COUNT] = {"low", "medium", "high"};
static const char *const stances[SHR_STANCE_COUNT] = {"forbid", "regulate", "facilitate"};
static const char *const audiences[SHR_AUDIENCE_COUNT] = {
    "public_decision_makers", "companies", "funders", "social_innovation", "citizens"};
static const char *const lists[SHR_ACTION_LIST_COUNT] = {"steps", "levers", "risks",
                                                        "good_practices", "indicators"};

static const char *const phase_labels[SHR_PHASE_COUNT][2] = {
    {"Sensibiliser", "Awareness"},
    {"Faciliter", "Facilitation"},
    {"Construire", "Construction"}};
static const char *const effort_labels[SHR_EFFORT_COUNT][2] = {
    {"faible", "low"}, {"moyen", "medium"}, {"élevé", "high"}};
static const char *const list_labels[SHR_ACTION_LIST_COUNT][2] = {
    {"Étapes", "Steps"},
    {"Leviers", "Levers"},
    {"Risques", "Risks"},
    {"Bonnes pratiques", "Good practices"},
    {"Indicateurs", "Indicators"}};

const char *shr_action_phase_name(shr_action_phase phase)
{
    return NAME_AT(phases, SHR_PHASE_COUNT, phase);
}
const char *shr_action_effort_name(shr_action_effort effort)
{
    return NAME_AT(efforts, SHR_EFFORT_COUNT, effort);
}
const char *shr_action_stance_name(shr_action_stance stance)
{
    return NAME_AT(stances, SHR_STANCE_COUNT, stance);
}
const char *shr_audience_name(shr_audience audience)
{
    return NAME_AT(audiences, SHR_AUDIENCE_COUNT, audience);
}
const char *shr_action_list_name(shr_action_list list)
{
    return NAME_AT(lists, SHR_ACTION_LIST_COUNT, list);
}

static const char *label_of(const char *const (*table)[2], int count, int value,
                            const char *lang)
{
    int l = shr__lang_index(lang);
    if (l < 0 || value < 0 || value >= count)
        return NULL;
    return table[value][l];
}

const char *shr_action_phase_label(shr_action_phase phase, const char *lang)
{
    return label_of(phase_labels, SHR_PHASE_COUNT, (int)phase, lang);
}
const char *shr_action_effort_label(shr_action_effort effort, const char *lang)
{
    return label_of(effort_labels, SHR_EFFORT_COUNT, (int)effort, lang);
}
const char *shr_action_list_label(shr_action_list list, const char *lang)
{
    return label_of(list_labels, SHR_ACTION_LIST_COUNT, (int)list, lang);
}

int shr_action_phase_from_name(const char *name, shr_action_phase *out)
{
    FROM_NAME(phases, SHR_PHASE_COUNT, shr_action_phase, name, out);
}
int shr_action_effort_from_name(const char *name, shr_action_effort *out)
{
    FROM_NAME(efforts, SHR_EFFORT_COUNT, shr_action_effort, name, out);
}
int shr_action_stance_from_name(const char *name, shr_action_stance *out)
{
    FROM_NAME(stances, SHR_STANCE_COUNT, shr_action_stance, name, out);
}
int shr_audience_from_name(const char *name, shr_audience *out)
{
    FROM_NAME(audiences, SHR_AUDIENCE_COUNT, shr_audience, name, out);
}
int shr_action_list_from_name(const char *name, shr_action_list *out)
{
    FROM_NAME(lists, SHR_ACTION_LIST_COUNT, shr_action_list, name, out);
}
