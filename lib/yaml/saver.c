/*
 * Catalog -> one format-v1 file, through libyaml's emitter (events, no document tree).
 *
 * Output is deterministic, so that save(load(save(c))) is byte-identical to save(c):
 *  - records in catalog order; built-in categories left out, added ones written;
 *  - every field the record has, in the order of spec/format.md; a practice's axes always
 *    (what the file gave or the category's defaults), its status always;
 *  - ids and enum values plain, quoted only when a plain scalar would read back as something
 *    other than a string (an id "2016" or "null"); free text double-quoted;
 *  - numbers: integers as such, other values with the fewest digits (15 to 17) that read back
 *    as the same double, so every figure and coordinate round-trips exactly;
 *  - `meta` of the first loaded file that had one.
 *
 * The write is atomic (lib/util/atomicfile.c): a temporary file in the target's directory,
 * written, fsync'ed, then renamed over the target; on any failure it is removed and the target
 * is left untouched. The new file keeps the mode of the file it replaces (a new file gets 0666
 * less the umask).
 *
 * Numbers are formatted with snprintf, so like the loader this assumes the "C" LC_NUMERIC.
 */
#include "loader_internal.h"
#include "numfmt.h"
#include "scalar.h"

#include "sharitories/atomic_file.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

typedef struct saver {
    const shr_catalog *cat;
    yaml_emitter_t em;
    yaml_event_t ev;
    int fd;
    int write_errno;
    char *desc; /* a practice's description, decoded */
    size_t desc_cap;
} saver;

/* ------------------------------------------------------------------ output */

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
    saver *S = data;
    while (size > 0) {
        ssize_t n = write(S->fd, buffer, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            S->write_errno = errno;
            return 0;
        }
        buffer += n;
        size -= (size_t)n;
    }
    return 1;
}

/* Emit the prepared event (the emitter frees it, even on failure). Returns 1 or 0. */
static int emit(saver *S, int initialized)
{
    return initialized && yaml_emitter_emit(&S->em, &S->ev);
}

static int scalar_styled(saver *S, const char *s, yaml_scalar_style_t style)
{
    return emit(S, yaml_scalar_event_initialize(&S->ev, NULL, NULL, (yaml_char_t *)s,
                                                (int)strlen(s), 1, 1, style));
}

/* Free text. */
static int text(saver *S, const char *s)
{
    return scalar_styled(S, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* Ids, enum values, keys: plain unless that would read back as a non-string. */
static int word(saver *S, const char *s)
{
    return scalar_styled(S, s, shr__plain_is_string(s, strlen(s)) ? YAML_PLAIN_SCALAR_STYLE
                                                                 : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

static int integer(saver *S, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    return scalar_styled(S, buf, YAML_PLAIN_SCALAR_STYLE);
}

/* The shortest text that reads back as exactly v (v finite: the loader refuses others);
 * integers below 10^15 written out in full ("100000", not "1e+05"). */
static void format_number(double v, char buf[40])
{
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, 40, "%.0f", v);
    else
        shr__fmt_shortest(v, buf, 40);
}

static int number(saver *S, double v)
{
    char buf[40];
    format_number(v, buf);
    return scalar_styled(S, buf, YAML_PLAIN_SCALAR_STYLE);
}

static int seq_start(saver *S, yaml_sequence_style_t style)
{
    return emit(S, yaml_sequence_start_event_initialize(&S->ev, NULL, NULL, 1, style));
}

static int seq_end(saver *S)
{
    return emit(S, yaml_sequence_end_event_initialize(&S->ev));
}

static int map_start(saver *S, yaml_mapping_style_t style)
{
    return emit(S, yaml_mapping_start_event_initialize(&S->ev, NULL, NULL, 1, style));
}

static int map_end(saver *S)
{
    return emit(S, yaml_mapping_end_event_initialize(&S->ev));
}

/* key: "text" when the text is given. */
static int text_field(saver *S, const char *key, const char *value)
{
    return !value || (word(S, key) && text(S, value));
}

static int text_list(saver *S, const char *key, const char *const *items, uint32_t n)
{
    if (!n)
        return 1;
    if (!word(S, key) || !seq_start(S, YAML_FLOW_SEQUENCE_STYLE))
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (!text(S, items[i]))
            return 0;
    return seq_end(S);
}

static const char *territory_id(const shr_catalog *cat, const shr_ref *r)
{
    return shr__territory_id(cat->territories.items[r->index]);
}

/* refs: shr_ref or shr_posref items (stride bytes apart), both starting with the index. */
static int territory_list(saver *S, const char *key, const void *refs, size_t stride, uint32_t n)
{
    if (!n)
        return 1;
    if (!word(S, key) || !seq_start(S, YAML_FLOW_SEQUENCE_STYLE))
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (!word(S, territory_id(S->cat, (const shr_ref *)((const char *)refs + i * stride))))
            return 0;
    return seq_end(S);
}

static int axes(saver *S, const uint8_t *codes, uint8_t n)
{
    if (!word(S, "axes") || !seq_start(S, YAML_FLOW_SEQUENCE_STYLE))
        return 0;
    for (uint8_t i = 0; i < n; i++)
        if (!word(S, shr__axis_texts[codes[i]].id))
            return 0;
    return seq_end(S);
}

static int location(saver *S, bool has, double lat, double lon)
{
    return !has || (word(S, "location") && seq_start(S, YAML_FLOW_SEQUENCE_STYLE) &&
                    number(S, lat) && number(S, lon) && seq_end(S));
}

/* ------------------------------------------------------------------ records */

static int save_meta(saver *S)
{
    const shr_catalog *cat = S->cat;
    for (size_t i = 0; i < cat->files.count; i++) {
        const shr_file_info *f = &cat->files.items[i];
        if (!f->title && !f->source && !f->licence && !f->updated)
            continue;
        return word(S, "meta") && map_start(S, YAML_BLOCK_MAPPING_STYLE) &&
               text_field(S, "title", f->title) && text_field(S, "source", f->source) &&
               text_field(S, "licence", f->licence) && text_field(S, "updated", f->updated) &&
               map_end(S);
    }
    return 1;
}

static int save_category(saver *S, const shr_category *c)
{
    if (!map_start(S, YAML_BLOCK_MAPPING_STYLE) || !word(S, "id") || !word(S, c->id))
        return 0;
    if (c->label_fr || c->label_en) {
        if (!word(S, "label") || !map_start(S, YAML_FLOW_MAPPING_STYLE) ||
            !text_field(S, "fr", c->label_fr) || !text_field(S, "en", c->label_en) ||
            !map_end(S))
            return 0;
    }
    return word(S, "family") && word(S, shr_family_name(c->family)) && axes(S, c->axes, c->naxes) &&
           map_end(S);
}

static int save_territory(saver *S, const shr_territory *t)
{
    if (!map_start(S, YAML_BLOCK_MAPPING_STYLE) || !word(S, "id") || !word(S, shr__territory_id(t)) ||
        !text_field(S, "name", t->name) || !word(S, "kind") ||
        !word(S, shr_territory_kind_name(t->kind)) || !text_field(S, "code", t->code) ||
        !text_list(S, "former_codes", t->former_codes, t->nformer_codes) ||
        !text_list(S, "postal_codes", t->postal_codes, t->npostal_codes))
        return 0;
    if (t->has_parent && (!word(S, "parent") || !word(S, territory_id(S->cat, (const shr_ref *)&t->parent))))
        return 0;
    if (!territory_list(S, "groups", t->groups, sizeof *t->groups, t->ngroups))
        return 0;
    if (t->population != SHR_NO_POPULATION &&
        (!word(S, "population") || !integer(S, (long long)t->population)))
        return 0;
    return location(S, t->has_location, t->latitude, t->longitude) && map_end(S);
}

static int save_actor(saver *S, const shr_actor *a)
{
    if (!map_start(S, YAML_BLOCK_MAPPING_STYLE) || !word(S, "id") || !word(S, shr__actor_id(a)) ||
        !text_field(S, "name", a->name) || !word(S, "kind") ||
        !word(S, shr_actor_kind_name(a->kind)))
        return 0;
    if (a->has_territory &&
        (!word(S, "territory") || !word(S, territory_id(S->cat, &a->territory))))
        return 0;
    return text_list(S, "links", a->links, a->nlinks) && map_end(S);
}

static int practice_actors(saver *S, const shr_practice *p)
{
    if (!p->nactors)
        return 1;
    if (!word(S, "actors") || !seq_start(S, YAML_BLOCK_SEQUENCE_STYLE))
        return 0;
    for (uint32_t i = 0; i < p->nactors; i++) {
        const shr_practice_actor *pa = &p->actors[i];
        if (!map_start(S, YAML_FLOW_MAPPING_STYLE) || !word(S, "actor") ||
            !word(S, shr__actor_id(S->cat->actors.items[pa->actor.index])) || !word(S, "role") ||
            !word(S, shr_role_name(pa->role)) || !map_end(S))
            return 0;
    }
    return seq_end(S);
}

static int figures(saver *S, const shr_practice_extra *x)
{
    if (!x->nfigures)
        return 1;
    if (!word(S, "figures") || !map_start(S, YAML_FLOW_MAPPING_STYLE))
        return 0;
    for (uint32_t i = 0; i < x->nfigures; i++)
        if (!word(S, x->figures[i].name) || !number(S, x->figures[i].value))
            return 0;
    return map_end(S);
}

static int save_practice(saver *S, const shr_practice *p)
{
    const shr_catalog *cat = S->cat;
    if (!map_start(S, YAML_BLOCK_MAPPING_STYLE) || !word(S, "id") || !word(S, shr__practice_id(p)) ||
        !text_field(S, "name", p->name) || !word(S, "category") ||
        !word(S, cat->categories.items[p->category.index]->id) || !axes(S, p->axes, p->naxes) ||
        !territory_list(S, "territories", p->territories, sizeof *p->territories, p->nterritories) ||
        !practice_actors(S, p) || !word(S, "status") || !word(S, shr_status_name(p->status)))
        return 0;
    if (p->started != SHR_NO_YEAR && (!word(S, "started") || !integer(S, p->started)))
        return 0;
    if (p->ended != SHR_NO_YEAR && (!word(S, "ended") || !integer(S, p->ended)))
        return 0;
    static const shr_practice_extra none = {0};
    const shr_practice_extra *x = shr__practice_extra(p);
    if (!x)
        x = &none;
    const char *desc;
    if (shr__practice_description_text(p, &S->desc, &S->desc_cap, &desc))
        return 0; /* out of memory: reported as such (no write or emitter error) */
    return text_field(S, "description", desc) &&
           text_list(S, "tags", p->tags, p->ntags) && figures(S, x) &&
           text_list(S, "links", x->links, x->nlinks) && text_field(S, "address", x->address) &&
           location(S, p->has_location, x->latitude, x->longitude) && map_end(S);
}

/* A top-level section: key and block list, left out when empty. */
static int save_categories(saver *S)
{
    const shr_catalog *cat = S->cat;
    size_t first = 0;
    while (first < cat->categories.count && cat->categories.items[first]->builtin)
        first++;
    if (first == cat->categories.count)
        return 1;
    if (!word(S, "categories") || !seq_start(S, YAML_BLOCK_SEQUENCE_STYLE))
        return 0;
    for (size_t i = first; i < cat->categories.count; i++)
        if (!cat->categories.items[i]->builtin && !save_category(S, cat->categories.items[i]))
            return 0;
    return seq_end(S);
}

/* key: {fr: "...", en: "..."} */
static int btext(saver *S, const char *key, const shr_btext *t)
{
    return word(S, key) && map_start(S, YAML_FLOW_MAPPING_STYLE) &&
           text_field(S, "fr", t->text[0]) && text_field(S, "en", t->text[1]) && map_end(S);
}

static int btext_list(saver *S, const char *key, const shr_btext *items, uint32_t n)
{
    if (!n)
        return 1;
    if (!word(S, key) || !seq_start(S, YAML_BLOCK_SEQUENCE_STYLE))
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (!map_start(S, YAML_FLOW_MAPPING_STYLE) || !text_field(S, "fr", items[i].text[0]) ||
            !text_field(S, "en", items[i].text[1]) || !map_end(S))
            return 0;
    return seq_end(S);
}

/* key: [names] of enumeration values (nothing when empty). */
static int name_list(saver *S, const char *key, const uint8_t *v, uint8_t n,
                     const char *(*name_of)(int))
{
    if (!n)
        return 1;
    if (!word(S, key) || !seq_start(S, YAML_FLOW_SEQUENCE_STYLE))
        return 0;
    for (uint8_t i = 0; i < n; i++)
        if (!word(S, name_of(v[i])))
            return 0;
    return seq_end(S);
}

static const char *audience_name(int i) { return shr_audience_name((shr_audience)i); }
static const char *sector_name(int i) { return shr_sector_name((shr_sector)i); }

static int save_action(saver *S, const shr_action *a)
{
    const shr_catalog *cat = S->cat;
    if (!map_start(S, YAML_BLOCK_MAPPING_STYLE) || !word(S, "id") || !word(S, a->id) ||
        !btext(S, "title", &a->title) || !btext(S, "summary", &a->summary) ||
        !btext(S, "challenge", &a->challenge) || !axes(S, a->axes, a->naxes) ||
        !word(S, "categories") || !seq_start(S, YAML_FLOW_SEQUENCE_STYLE))
        return 0;
    for (uint32_t i = 0; i < a->ncategories; i++)
        if (!word(S, cat->categories.items[a->categories[i].index]->id))
            return 0;
    if (!seq_end(S) || !name_list(S, "audience", a->audience, a->naudience, audience_name) ||
        !name_list(S, "lead", a->lead, a->nlead, sector_name) ||
        !name_list(S, "partners", a->partners, a->npartners, sector_name))
        return 0;
    if (a->stance_given &&
        (!word(S, "stance") || !word(S, shr_action_stance_name((shr_action_stance)a->stance))))
        return 0;
    if (!word(S, "phase") || !word(S, shr_action_phase_name((shr_action_phase)a->phase)) ||
        !word(S, "effort") || !word(S, shr_action_effort_name((shr_action_effort)a->effort)) ||
        !word(S, "horizon") || !integer(S, a->horizon))
        return 0;
    for (int l = 0; l < SHR_ACTION_LIST_COUNT; l++)
        if (!btext_list(S, shr_action_list_name((shr_action_list)l), a->items[l], a->nitems[l]))
            return 0;
    return text_list(S, "links", a->links, a->nlinks) &&
           text_list(S, "sources", a->sources, a->nsources) && map_end(S);
}

static int save_records(saver *S)
{
    const shr_catalog *cat = S->cat;
    if (!save_categories(S))
        return 0;
    if (cat->territories.count) {
        if (!word(S, "territories") || !seq_start(S, YAML_BLOCK_SEQUENCE_STYLE))
            return 0;
        for (size_t i = 0; i < cat->territories.count; i++)
            if (!save_territory(S, cat->territories.items[i]))
                return 0;
        if (!seq_end(S))
            return 0;
    }
    if (cat->actors.count) {
        if (!word(S, "actors") || !seq_start(S, YAML_BLOCK_SEQUENCE_STYLE))
            return 0;
        for (size_t i = 0; i < cat->actors.count; i++)
            if (!save_actor(S, cat->actors.items[i]))
                return 0;
        if (!seq_end(S))
            return 0;
    }
    if (cat->practices.count) {
        if (!word(S, "practices") || !seq_start(S, YAML_BLOCK_SEQUENCE_STYLE))
            return 0;
        for (size_t i = 0; i < cat->practices.count; i++)
            if (!save_practice(S, cat->practices.items[i]))
                return 0;
        if (!seq_end(S))
            return 0;
    }
    if (cat->actions.count) {
        if (!word(S, "actions") || !seq_start(S, YAML_BLOCK_SEQUENCE_STYLE))
            return 0;
        for (size_t i = 0; i < cat->actions.count; i++)
            if (!save_action(S, cat->actions.items[i]))
                return 0;
        if (!seq_end(S))
            return 0;
    }
    return 1;
}

static int save_document(saver *S)
{
    return emit(S, yaml_stream_start_event_initialize(&S->ev, YAML_UTF8_ENCODING)) &&
           emit(S, yaml_document_start_event_initialize(&S->ev, NULL, NULL, NULL, 1)) &&
           map_start(S, YAML_BLOCK_MAPPING_STYLE) && word(S, "sharitories") &&
           integer(S, SHR_FORMAT_VERSION) && save_meta(S) && save_records(S) && map_end(S) &&
           emit(S, yaml_document_end_event_initialize(&S->ev, 1)) &&
           emit(S, yaml_stream_end_event_initialize(&S->ev)) && yaml_emitter_flush(&S->em);
}

/* Emit the catalog to fd. */
static int write_catalog(const shr_catalog *cat, int fd, const char *path, shr_error *err)
{
    saver S;
    memset(&S, 0, sizeof S);
    S.cat = cat;
    S.fd = fd;
    if (!yaml_emitter_initialize(&S.em))
        return shr__error_set_at(err, SHR_ENOMEM, path, 0, 0, NULL, "out of memory");
    yaml_emitter_set_output(&S.em, write_handler, &S);
    yaml_emitter_set_unicode(&S.em, 1);
    yaml_emitter_set_width(&S.em, -1);
    yaml_emitter_set_indent(&S.em, 2);
    int rc = SHR_OK;
    if (!save_document(&S)) {
        if (S.write_errno)
            rc = shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "cannot write: %s",
                                   shr__strerror(S.write_errno));
        else if (S.em.error == YAML_EMITTER_ERROR && S.em.problem)
            rc = shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "YAML emitter: %s",
                                   S.em.problem);
        else
            rc = shr__error_set_at(err, SHR_ENOMEM, path, 0, 0, NULL, "out of memory");
    }
    yaml_emitter_delete(&S.em);
    shr__free(&cat->alloc, S.desc);
    return rc;
}

int shr_catalog_save(const shr_catalog *cat, const char *path, shr_error *err)
{
    shr_error_clear(err);
    if (!cat || !path || !*path)
        return shr__error_set(err, SHR_EINVAL, "NULL catalog or empty path");
    shr_atomic_file *f;
    int rc = shr_atomic_file_open(path, &cat->alloc, &f, err);
    if (rc != SHR_OK)
        return rc;
    if ((rc = write_catalog(cat, shr_atomic_file_descriptor(f), path, err)) != SHR_OK) {
        shr_atomic_file_abort(f);
        return rc;
    }
    return shr_atomic_file_commit(f, err);
}
