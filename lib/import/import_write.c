/*
 * The spreadsheet importer's results: getters of rows and warnings, and the output as a catalog
 * file (libyaml's emitter).
 */
#include "../export/export_internal.h"
#include "import_internal.h"
#include "wstream.h"


#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ------------------------------------------------------------------ getters */

static const imp_row *row_at(const shr_import *imp, size_t i)
{
    return imp && i < imp->rows.count ? &imp->rows.items[i] : NULL;
}

size_t shr_import_row_count(const shr_import *imp)
{
    return imp ? imp->rows.count : 0;
}

size_t shr_import_resolved_count(const shr_import *imp)
{
    return imp ? imp->rows.count - imp->method_counts[SHR_IMPORT_REJECTED] : 0;
}

size_t shr_import_method_count(const shr_import *imp, shr_import_method method)
{
    return imp && (unsigned)method < SHR_IMPORT_METHOD_COUNT ? imp->method_counts[method] : 0;
}

unsigned shr_import_row_line(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r ? r->line : 0;
}

shr_import_method shr_import_row_method(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r ? r->method : SHR_IMPORT_REJECTED;
}

const char *shr_import_row_reason(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r ? r->reason : NULL;
}

const char *shr_import_row_id(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r ? r->id : NULL;
}

const char *shr_import_row_name(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r ? r->name : NULL;
}

const shr_category *shr_import_row_category(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r && r->category != SHR_NO_INDEX ? shr_catalog_category_at(imp->cat, r->category)
                                            : NULL;
}

const shr_territory *shr_import_row_territory(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r && r->territory != SHR_NO_INDEX ? shr_catalog_territory_at(imp->cat, r->territory)
                                             : NULL;
}

int shr_import_row_location(const shr_import *imp, size_t i, double *latitude, double *longitude)
{
    const imp_row *r = row_at(imp, i);
    if (!r || !r->has_location)
        return 0;
    if (latitude)
        *latitude = r->latitude;
    if (longitude)
        *longitude = r->longitude;
    return 1;
}

const char *shr_import_row_link(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r ? r->link : NULL;
}

const char *shr_import_row_address(const shr_import *imp, size_t i)
{
    const imp_row *r = row_at(imp, i);
    return r ? r->address : NULL;
}

size_t shr_import_warning_count(const shr_import *imp)
{
    return imp ? imp->warnings.count : 0;
}

unsigned shr_import_warning_line(const shr_import *imp, size_t i)
{
    return imp && i < imp->warnings.count ? imp->warnings.items[i].line : 0;
}

const char *shr_import_warning_text(const shr_import *imp, size_t i)
{
    return imp && i < imp->warnings.count ? imp->warnings.items[i].text : NULL;
}

/* ------------------------------------------------------------------ writing */

typedef struct emit {
    yaml_emitter_t e;
    int failed;
} emit;

static void ev_scalar(emit *m, const char *text, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    if (m->failed)
        return;
    if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text),
                                      style == YAML_PLAIN_SCALAR_STYLE,
                                      /* quoted_implicit: if the emitter must quote a value asked
                                       * plain (an id like "x-:"), no '!' tag is written */
                                      1, style) ||
        !yaml_emitter_emit(&m->e, &ev))
        m->failed = 1;
}

static void ev_plain(emit *m, const char *text)
{
    ev_scalar(m, text, YAML_PLAIN_SCALAR_STYLE);
}

static void ev_quoted(emit *m, const char *text)
{
    ev_scalar(m, text, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

static void ev_simple(emit *m, int kind, int flow)
{
    yaml_event_t ev;
    int ok;
    if (m->failed)
        return;
    switch (kind) {
    case 0: ok = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                                     flow ? YAML_FLOW_MAPPING_STYLE
                                                          : YAML_BLOCK_MAPPING_STYLE);
        break;
    case 1: ok = yaml_mapping_end_event_initialize(&ev); break;
    case 2: ok = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
                                                      flow ? YAML_FLOW_SEQUENCE_STYLE
                                                           : YAML_BLOCK_SEQUENCE_STYLE);
        break;
    default: ok = yaml_sequence_end_event_initialize(&ev); break;
    }
    if (!ok || !yaml_emitter_emit(&m->e, &ev))
        m->failed = 1;
}

#define MAP_START(m) ev_simple(m, 0, 0)
#define MAP_END(m) ev_simple(m, 1, 0)
#define SEQ_START(m, flow) ev_simple(m, 2, flow)
#define SEQ_END(m) ev_simple(m, 3, 0)

/* The id of the actor standing for EPCI t: "actor-" and the territory's id. */
static const char *operator_id(const shr_import *imp, uint32_t t, char *buf, size_t size)
{
    snprintf(buf, size, "actor-%s", shr_territory_id(shr_catalog_territory_at(imp->cat, t)));
    return buf;
}

static void emit_row(emit *m, const shr_import *imp, const imp_row *row)
{
    char buf[64];
    MAP_START(m);
    ev_plain(m, "id");
    ev_plain(m, row->id);
    ev_plain(m, "name");
    ev_quoted(m, row->name);
    ev_plain(m, "category");
    ev_plain(m, shr_category_id(shr_catalog_category_at(imp->cat, row->category)));
    ev_plain(m, "territories");
    SEQ_START(m, 1);
    ev_plain(m, shr_territory_id(shr_catalog_territory_at(imp->cat, row->territory)));
    SEQ_END(m);
    if (imp->nactors || row->operator != SHR_NO_INDEX) {
        ev_plain(m, "actors");
        SEQ_START(m, 0);
        for (size_t i = 0; i < imp->nactors; i++) {
            ev_simple(m, 0, 1);
            ev_plain(m, "actor");
            ev_plain(m, imp->actors[i].id);
            ev_plain(m, "role");
            ev_plain(m, shr_role_name(imp->actors[i].role));
            MAP_END(m);
        }
        if (row->operator != SHR_NO_INDEX) {
            char id[SHR_LIMIT_ID_LENGTH + 16];
            ev_simple(m, 0, 1);
            ev_plain(m, "actor");
            ev_plain(m, operator_id(imp, row->operator, id, sizeof id));
            ev_plain(m, "role");
            ev_plain(m, shr_role_name(imp->operator_role));
            MAP_END(m);
        }
        SEQ_END(m);
    }
    if (imp->has_status) {
        ev_plain(m, "status");
        ev_plain(m, shr_status_name(imp->status));
    }
    if (row->started != SHR_NO_YEAR) {
        snprintf(buf, sizeof buf, "%ld", (long)row->started);
        ev_plain(m, "started");
        ev_plain(m, buf);
    }
    if (row->description) {
        ev_plain(m, "description");
        ev_quoted(m, row->description);
    }
    if (imp->ntags || row->tag) {
        ev_plain(m, "tags");
        SEQ_START(m, 1);
        for (size_t i = 0; i < imp->ntags; i++)
            ev_quoted(m, imp->tags[i]);
        if (row->tag)
            ev_quoted(m, row->tag);
        SEQ_END(m);
    }
    if (row->link) {
        ev_plain(m, "links");
        SEQ_START(m, 1);
        ev_quoted(m, row->link);
        SEQ_END(m);
    }
    if (row->address) {
        ev_plain(m, "address");
        ev_quoted(m, row->address);
    }
    if (row->has_location) {
        ev_plain(m, "location");
        SEQ_START(m, 1);
        ev_plain(m, shr__fmt_shortest(row->latitude, buf, sizeof buf));
        ev_plain(m, shr__fmt_shortest(row->longitude, buf, sizeof buf));
        SEQ_END(m);
    }
    MAP_END(m);
}

int shr_import_write_yaml_file(const shr_import *imp, FILE *out, shr_error *err)
{
    if (!imp || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_import_write_yaml_file: bad argument");
    emit m;
    memset(&m, 0, sizeof m);
    if (!yaml_emitter_initialize(&m.e))
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    yaml_emitter_set_output_file(&m.e, out);
    yaml_emitter_set_unicode(&m.e, 1);
    yaml_emitter_set_width(&m.e, -1);
    yaml_emitter_set_indent(&m.e, 2);
    yaml_event_t ev;
    if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
        !yaml_emitter_emit(&m.e, &ev) ||
        !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
        !yaml_emitter_emit(&m.e, &ev))
        m.failed = 1;
    MAP_START(&m);
    ev_plain(&m, "sharitories");
    ev_plain(&m, "1");
    int any_meta = 0;
    for (int i = 0; i < 4; i++)
        any_meta |= imp->meta[i] != NULL;
    if (any_meta) {
        ev_plain(&m, "meta");
        MAP_START(&m);
        for (int i = 0; i < 4; i++) {
            if (!imp->meta[i])
                continue;
            ev_plain(&m, shr__imp_meta_keys[i]);
            ev_quoted(&m, imp->meta[i]);
        }
        MAP_END(&m);
    }
    /* The EPCI named by the operator column, once each, in catalog order. */
    size_t nt = shr_catalog_territory_count(imp->cat), nops = 0;
    unsigned char *ops = shr__calloc(&imp->cat->alloc, nt ? nt : 1, 1);
    if (!ops) {
        yaml_emitter_delete(&m.e);
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < imp->rows.count; i++) {
        const imp_row *row = &imp->rows.items[i];
        if (row->method != SHR_IMPORT_REJECTED && row->operator != SHR_NO_INDEX &&
            !ops[row->operator]) {
            ops[row->operator] = 1;
            nops++;
        }
    }
    if (imp->nactor_decls || nops) {
        ev_plain(&m, "actors");
        SEQ_START(&m, 0);
        for (size_t i = 0; i < imp->nactor_decls; i++) {
            const imp_actor_decl *d = &imp->actor_decls[i];
            MAP_START(&m);
            ev_plain(&m, "id");
            ev_plain(&m, d->id);
            ev_plain(&m, "name");
            ev_quoted(&m, d->name);
            ev_plain(&m, "kind");
            ev_plain(&m, shr_actor_kind_name(d->kind));
            if (d->link) {
                ev_plain(&m, "links");
                SEQ_START(&m, 1);
                ev_quoted(&m, d->link);
                SEQ_END(&m);
            }
            MAP_END(&m);
        }
        for (size_t t = 0; t < nt; t++) {
            if (!ops[t])
                continue;
            const shr_territory *ter = shr_catalog_territory_at(imp->cat, t);
            char id[SHR_LIMIT_ID_LENGTH + 16];
            MAP_START(&m);
            ev_plain(&m, "id");
            ev_plain(&m, operator_id(imp, (uint32_t)t, id, sizeof id));
            ev_plain(&m, "name");
            ev_quoted(&m, shr_territory_name(ter));
            ev_plain(&m, "kind");
            ev_plain(&m, shr_actor_kind_name(SHR_ACTOR_PUBLIC_AUTHORITY));
            ev_plain(&m, "territory");
            ev_plain(&m, shr_territory_id(ter));
            MAP_END(&m);
        }
        SEQ_END(&m);
    }
    shr__free(&imp->cat->alloc, ops);
    ev_plain(&m, "practices");
    size_t n = 0;
    for (size_t i = 0; i < imp->rows.count; i++)
        n += imp->rows.items[i].method != SHR_IMPORT_REJECTED;
    SEQ_START(&m, n == 0);
    for (size_t i = 0; i < imp->rows.count; i++)
        if (imp->rows.items[i].method != SHR_IMPORT_REJECTED)
            emit_row(&m, imp, &imp->rows.items[i]);
    SEQ_END(&m);
    MAP_END(&m);
    if (!m.failed &&
        (!yaml_document_end_event_initialize(&ev, 1) || !yaml_emitter_emit(&m.e, &ev) ||
         !yaml_stream_end_event_initialize(&ev) || !yaml_emitter_emit(&m.e, &ev) ||
         !yaml_emitter_flush(&m.e)))
        m.failed = 1;
    int memory = m.e.error == YAML_MEMORY_ERROR;
    yaml_emitter_delete(&m.e);
    if (m.failed && memory)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    if (m.failed || ferror(out))
        return shr__error_set(err, SHR_EIO, "write error");
    return SHR_OK;
}

static int write_yaml(const void *imp, FILE *out, shr_error *err)
{
    return shr_import_write_yaml_file(imp, out, err);
}

int shr_import_save(const shr_import *imp, const char *path, shr_error *err)
{
    if (!imp || !path)
        return shr__error_set(err, SHR_EINVAL, "shr_import_save: bad argument");
    return shr__atomic_save(path, &imp->cat->alloc, write_yaml, imp, err);
}

int shr_import_write_rejected_csv_file(const shr_import *imp, FILE *out, shr_error *err)
{
    if (!imp || !out)
        return shr__error_set(err, SHR_EINVAL, "shr_import_write_rejected_csv_file: bad argument");
    unsigned flags = shr_catalog_csv_flags(imp->cat);
    fputs("line,id,name,reason\n", out);
    for (size_t i = 0; i < imp->rows.count; i++) {
        const imp_row *r = &imp->rows.items[i];
        if (r->method != SHR_IMPORT_REJECTED)
            continue;
        fprintf(out, "%u,", r->line);
        shr_csv_write_text(out, r->id, flags);
        putc(',', out);
        shr_csv_write_text(out, r->name, flags);
        putc(',', out);
        shr_csv_write_text(out, r->reason, flags);
        putc('\n', out);
    }
    return shr__w_finish(out, err);
}

/* ------------------------------------------------------------------ to a shr_writer */

int shr_import_write_yaml(const shr_import *imp, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_import_write_yaml_file(imp, f, err));
}

int shr_import_write_rejected_csv(const shr_import *imp, const shr_writer *w, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_import_write_rejected_csv_file(imp, f, err));
}
