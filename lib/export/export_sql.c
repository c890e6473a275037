/*
 * SQL export for PostgreSQL/PostGIS (export.h: shr_result_write_sql).
 *
 * One script: session settings, BEGIN, the schema and its tables, multi-row INSERTs, then the
 * keys, indexes and comments (added after the data, as pg_dump does, so that rows can come in
 * catalog order whatever the references), COMMIT. Streams to the FILE * like the other writers;
 * only the sets of territories and actors to write are allocated (before anything is written).
 */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sharitories/export.h"
#include "textfold.h"
#include "wstream.h"

/* Rows per INSERT statement: large enough to load fast, small enough for any server. */
#define ROWS_PER_INSERT 500

/* ------------------------------------------------------------------ literals */

/* A string literal ('...' with quotes doubled; NULL as NULL). With standard_conforming_strings
 * on, nothing else is special: backslashes are written as they are. Invalid UTF-8 becomes
 * U+FFFD (the server would refuse the whole script). */
static void w_sql(FILE *out, const char *s)
{
    if (!s) {
        fputs("NULL", out);
        return;
    }
    size_t len = strlen(s);
    putc('\'', out);
    for (size_t i = 0; i < len;) {
        size_t start = i;
        int32_t cp = shr__utf8_decode(s, len, &i);
        if (cp < 0)
            fputs("\xEF\xBF\xBD", out);
        else if (cp == '\'')
            fputs("''", out);
        else
            fwrite(s + start, 1, i - start, out);
    }
    putc('\'', out);
}

/* A double-quoted identifier ("" doubled). */
static void w_ident(FILE *out, const char *s)
{
    putc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
}

static void w_year(FILE *out, int32_t y)
{
    if (y == SHR_NO_YEAR)
        fputs("NULL", out);
    else
        fprintf(out, "%ld", (long)y);
}

static void w_number(FILE *out, double v)
{
    char buf[40];
    shr__fmt_shortest(v, buf, sizeof buf);
    fputs(buf[0] ? buf : "NULL", out);
}

/* A point as EWKT (SRID=4326;POINT(lon lat)), or NULL. */
static void w_point(FILE *out, int has, double lat, double lon)
{
    if (!has) {
        fputs("NULL", out);
        return;
    }
    char a[40], b[40];
    fprintf(out, "'SRID=4326;POINT(%s %s)'", shr__fmt_shortest(lon, a, sizeof a),
            shr__fmt_shortest(lat, b, sizeof b));
}

/* ------------------------------------------------------------------ multi-row INSERTs */

/* One INSERT statement per ROWS_PER_INSERT rows: call ins_row before each row's values. */
typedef struct inserter {
    FILE *out;
    const char *schema;
    const char *head; /* table(columns) */
    size_t rows;
} inserter;

static void ins_row(inserter *in)
{
    if (in->rows % ROWS_PER_INSERT == 0) {
        if (in->rows)
            fputs(";\n", in->out);
        fputs("INSERT INTO ", in->out);
        w_ident(in->out, in->schema);
        fprintf(in->out, ".%s VALUES\n(", in->head);
    } else {
        fputs(",\n(", in->out);
    }
    in->rows++;
}

static void ins_end(inserter *in)
{
    if (in->rows)
        fputs(";\n", in->out);
}

/* ------------------------------------------------------------------ schema */

/* Tables: name, columns (SQL), comment; then one line per column: name, comment. The keys and
 * indexes come after the data (constraints below). */
typedef struct column_doc {
    const char *name, *comment;
} column_doc;

typedef struct table_doc {
    const char *name, *columns, *comment;
    column_doc cols[12];
} table_doc;

static const table_doc tables[] = {
    {"territories",
     "id text NOT NULL, name text NOT NULL, kind text NOT NULL, code text, population bigint, "
     "parent_id text, geom geometry(Point, 4326)",
     "Territories (communes, EPCI, departments, regions...) of the exported practices and actors, "
     "and every territory containing them",
     {{"id", "Identifier in the catalog (fr-com-56121)"},
      {"name", "Name"},
      {"kind", "Kind: country, region, department, epci, commune, district or other"},
      {"code", "Official code (INSEE, SIREN), if any"},
      {"population", "Population, if given"},
      {"parent_id", "The one territory that contains it (a commune's department), if any"},
      {"geom", "Location (WGS 84 point), if given"},
      {NULL, NULL}}},
    {"territory_groups", "territory_id text NOT NULL, group_id text NOT NULL, position integer NOT NULL",
     "Further territories containing a territory besides its parent (a commune's EPCI)",
     {{"territory_id", "The contained territory"},
      {"group_id", "A territory containing it"},
      {"position", "Order in the catalog file (0-based)"},
      {NULL, NULL}}},
    {"territory_ancestors", "territory_id text NOT NULL, ancestor_id text NOT NULL",
     "Every territory containing a territory, along parent and groups edges (the closure: "
     "practices within a territory are those of its descendants and itself)",
     {{"territory_id", "The contained territory"},
      {"ancestor_id", "A territory containing it (directly or not)"},
      {NULL, NULL}}},
    {"actors",
     "id text NOT NULL, name text NOT NULL, kind text NOT NULL, sector text NOT NULL, "
     "territory_id text",
     "Actors (local authorities, associations, companies...) of the exported practices",
     {{"id", "Identifier in the catalog"},
      {"name", "Name"},
      {"kind", "Kind: public_authority, state_service, public_body, company, startup, association, "
                   "cooperative, citizen_collective, network, research or other"},
      {"sector", "Sector of its kind: public, private, citizen or other"},
      {"territory_id", "Territory where it is based, if given"},
      {NULL, NULL}}},
    {"actor_links", "actor_id text NOT NULL, position integer NOT NULL, url text NOT NULL",
     "Web links of an actor",
     {{"actor_id", "The actor"},
      {"position", "Order in the catalog (0-based)"},
      {"url", "Address (URL)"},
      {NULL, NULL}}},
    {"practices",
     "id text NOT NULL, name text NOT NULL, category text, family text, status text NOT NULL, "
     "started integer, ended integer, address text, description text, "
     "geom geometry(Point, 4326)",
     "Collaborative practices (car-sharing, third places, repair cafés...) the query selected",
     {{"id", "Identifier in the catalog"},
      {"name", "Name"},
      {"category", "Category identifier (fablab, repair-cafe...)"},
      {"family", "Family of the category: consumption, production, finance or governance"},
      {"status", "Status: planned, active or ended"},
      {"started", "Year it started, if given"},
      {"ended", "Year it ended, if given"},
      {"address", "Postal address, if given"},
      {"description", "Description, if given"},
      {"geom", "Its own location (WGS 84 point), if given; see its territories otherwise"},
      {NULL, NULL}}},
    {"practice_territories",
     "practice_id text NOT NULL, territory_id text NOT NULL, position integer NOT NULL",
     "Territories a practice lists (its own; those containing them are in territory_ancestors)",
     {{"practice_id", "The practice"},
      {"territory_id", "A territory it lists"},
      {"position", "Order in the catalog (0-based)"},
      {NULL, NULL}}},
    {"practice_actors",
     "practice_id text NOT NULL, actor_id text NOT NULL, role text NOT NULL, "
     "position integer NOT NULL",
     "Actors of a practice and their roles",
     {{"practice_id", "The practice"},
      {"actor_id", "The actor"},
      {"role", "Role: carrier, funder, partner, operator or user"},
      {"position", "Order in the catalog (0-based)"},
      {NULL, NULL}}},
    {"practice_axes", "practice_id text NOT NULL, axis text NOT NULL",
     "Axes (dimensions of the Sharitories study) a practice belongs to",
     {{"practice_id", "The practice"}, {"axis", "Axis identifier"}, {NULL, NULL}}},
    {"practice_tags", "practice_id text NOT NULL, tag text NOT NULL, position integer NOT NULL",
     "Free tags of a practice",
     {{"practice_id", "The practice"},
      {"tag", "Tag"},
      {"position", "Order in the catalog (0-based)"},
      {NULL, NULL}}},
    {"practice_links", "practice_id text NOT NULL, position integer NOT NULL, url text NOT NULL",
     "Web links of a practice",
     {{"practice_id", "The practice"},
      {"position", "Order in the catalog (0-based)"},
      {"url", "Address (URL)"},
      {NULL, NULL}}},
    {"practice_figures", "practice_id text NOT NULL, name text NOT NULL, value double precision NOT NULL",
     "Figures of a practice (a name and a number each)",
     {{"practice_id", "The practice"}, {"name", "Figure"}, {"value", "Value"}, {NULL, NULL}}},
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* Keys and indexes, added after the data; the writer puts the quoted schema at every "@". */
static const char *const constraints[] = {
    "ALTER TABLE @.territories ADD PRIMARY KEY (id)",
    "ALTER TABLE @.territories ADD FOREIGN KEY (parent_id) REFERENCES @.territories (id)",
    "ALTER TABLE @.territory_groups ADD PRIMARY KEY (territory_id, group_id)",
    "ALTER TABLE @.territory_groups ADD FOREIGN KEY (territory_id) REFERENCES @.territories (id)",
    "ALTER TABLE @.territory_groups ADD FOREIGN KEY (group_id) REFERENCES @.territories (id)",
    "ALTER TABLE @.territory_ancestors ADD PRIMARY KEY (territory_id, ancestor_id)",
    "ALTER TABLE @.territory_ancestors ADD FOREIGN KEY (territory_id) REFERENCES @.territories (id)",
    "ALTER TABLE @.territory_ancestors ADD FOREIGN KEY (ancestor_id) REFERENCES @.territories (id)",
    "ALTER TABLE @.actors ADD PRIMARY KEY (id)",
    "ALTER TABLE @.actors ADD FOREIGN KEY (territory_id) REFERENCES @.territories (id)",
    "ALTER TABLE @.actor_links ADD PRIMARY KEY (actor_id, position)",
    "ALTER TABLE @.actor_links ADD FOREIGN KEY (actor_id) REFERENCES @.actors (id)",
    "ALTER TABLE @.practices ADD PRIMARY KEY (id)",
    "ALTER TABLE @.practice_territories ADD PRIMARY KEY (practice_id, territory_id)",
    "ALTER TABLE @.practice_territories ADD FOREIGN KEY (practice_id) REFERENCES @.practices (id)",
    "ALTER TABLE @.practice_territories ADD FOREIGN KEY (territory_id) REFERENCES @.territories (id)",
    "ALTER TABLE @.practice_actors ADD PRIMARY KEY (practice_id, position)",
    "ALTER TABLE @.practice_actors ADD FOREIGN KEY (practice_id) REFERENCES @.practices (id)",
    "ALTER TABLE @.practice_actors ADD FOREIGN KEY (actor_id) REFERENCES @.actors (id)",
    "ALTER TABLE @.practice_axes ADD PRIMARY KEY (practice_id, axis)",
    "ALTER TABLE @.practice_axes ADD FOREIGN KEY (practice_id) REFERENCES @.practices (id)",
    "ALTER TABLE @.practice_tags ADD PRIMARY KEY (practice_id, position)",
    "ALTER TABLE @.practice_tags ADD FOREIGN KEY (practice_id) REFERENCES @.practices (id)",
    "ALTER TABLE @.practice_links ADD PRIMARY KEY (practice_id, position)",
    "ALTER TABLE @.practice_links ADD FOREIGN KEY (practice_id) REFERENCES @.practices (id)",
    "ALTER TABLE @.practice_figures ADD FOREIGN KEY (practice_id) REFERENCES @.practices (id)",
    "CREATE INDEX ON @.territories USING gist (geom)",
    "CREATE INDEX ON @.territories (parent_id)",
    "CREATE INDEX ON @.territory_ancestors (ancestor_id)",
    "CREATE INDEX ON @.practices USING gist (geom)",
    "CREATE INDEX ON @.practices (category)",
    "CREATE INDEX ON @.practice_territories (territory_id)",
    "CREATE INDEX ON @.practice_actors (actor_id)",
    "CREATE INDEX ON @.practice_figures (practice_id)",
};
#define NCONSTRAINTS (sizeof constraints / sizeof constraints[0])

static void w_template(FILE *out, const char *t, const char *schema)
{
    for (; *t; t++) {
        if (*t == '@')
            w_ident(out, schema);
        else
            putc(*t, out);
    }
}

static void w_tables(FILE *out, const char *schema)
{
    for (size_t i = 0; i < NTABLES; i++) {
        fputs("CREATE TABLE ", out);
        w_ident(out, schema);
        fprintf(out, ".%s (%s);\n", tables[i].name, tables[i].columns);
    }
}

static void w_comments(FILE *out, const char *schema)
{
    fputs("COMMENT ON SCHEMA ", out);
    w_ident(out, schema);
    fprintf(out, " IS 'Collaborative practices exported by libsharitories %s';\n", shr_version());
    for (size_t i = 0; i < NTABLES; i++) {
        fputs("COMMENT ON TABLE ", out);
        w_ident(out, schema);
        fprintf(out, ".%s IS ", tables[i].name);
        w_sql(out, tables[i].comment);
        fputs(";\n", out);
        for (const column_doc *c = tables[i].cols; c->name; c++) {
            fputs("COMMENT ON COLUMN ", out);
            w_ident(out, schema);
            fprintf(out, ".%s.%s IS ", tables[i].name, c->name);
            w_sql(out, c->comment);
            fputs(";\n", out);
        }
    }
}

/* ------------------------------------------------------------------ data */

/* Mark t and every territory containing it. */
static void mark_territory(unsigned char *seen, const shr_territory *t)
{
    if (!t || seen[shr_territory_index(t)])
        return;
    seen[shr_territory_index(t)] = 1;
    for (size_t k = 0; k < shr_territory_ancestor_count(t); k++)
        seen[shr_territory_index(shr_territory_ancestor_at(t, k))] = 1;
}

static void w_territories(FILE *out, const char *schema, const shr_catalog *cat,
                          const unsigned char *seen)
{
    size_t n = shr_catalog_territory_count(cat);
    inserter ti = {out, schema, "territories (id, name, kind, code, population, parent_id, geom)", 0};
    for (size_t i = 0; i < n; i++) {
        if (!seen[i])
            continue;
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        const shr_territory *parent = shr_territory_parent(t);
        int64_t pop = shr_territory_population(t);
        double lat = 0, lon = 0;
        int has = shr_territory_location(t, &lat, &lon);
        ins_row(&ti);
        w_sql(out, shr_territory_id(t));
        putc(',', out);
        w_sql(out, shr_territory_name(t));
        putc(',', out);
        w_sql(out, shr_territory_kind_name(shr_territory_kind_of(t)));
        putc(',', out);
        w_sql(out, shr_territory_code(t));
        if (pop == SHR_NO_POPULATION)
            fputs(",NULL,", out);
        else
            fprintf(out, ",%lld,", (long long)pop);
        w_sql(out, parent ? shr_territory_id(parent) : NULL);
        putc(',', out);
        w_point(out, has, lat, lon);
        putc(')', out);
    }
    ins_end(&ti);

    inserter gi = {out, schema, "territory_groups (territory_id, group_id, position)", 0};
    for (size_t i = 0; i < n; i++) {
        if (!seen[i])
            continue;
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        for (size_t k = 0; k < shr_territory_group_count(t); k++) {
            ins_row(&gi);
            w_sql(out, shr_territory_id(t));
            putc(',', out);
            w_sql(out, shr_territory_id(shr_territory_group_at(t, k)));
            fprintf(out, ",%zu)", k);
        }
    }
    ins_end(&gi);

    inserter ai = {out, schema, "territory_ancestors (territory_id, ancestor_id)", 0};
    for (size_t i = 0; i < n; i++) {
        if (!seen[i])
            continue;
        const shr_territory *t = shr_catalog_territory_at(cat, i);
        for (size_t k = 0; k < shr_territory_ancestor_count(t); k++) {
            ins_row(&ai);
            w_sql(out, shr_territory_id(t));
            putc(',', out);
            w_sql(out, shr_territory_id(shr_territory_ancestor_at(t, k)));
            putc(')', out);
        }
    }
    ins_end(&ai);
}

static void w_actors(FILE *out, const char *schema, const shr_catalog *cat,
                     const unsigned char *seen)
{
    size_t n = shr_catalog_actor_count(cat);
    inserter ai = {out, schema, "actors (id, name, kind, sector, territory_id)", 0};
    for (size_t i = 0; i < n; i++) {
        if (!seen[i])
            continue;
        const shr_actor *a = shr_catalog_actor_at(cat, i);
        const shr_territory *t = shr_actor_territory(a);
        ins_row(&ai);
        w_sql(out, shr_actor_id(a));
        putc(',', out);
        w_sql(out, shr_actor_name(a));
        putc(',', out);
        w_sql(out, shr_actor_kind_name(shr_actor_kind_of(a)));
        putc(',', out);
        w_sql(out, shr_sector_name(shr_actor_sector(a)));
        putc(',', out);
        w_sql(out, t ? shr_territory_id(t) : NULL);
        putc(')', out);
    }
    ins_end(&ai);

    inserter li = {out, schema, "actor_links (actor_id, position, url)", 0};
    for (size_t i = 0; i < n; i++) {
        if (!seen[i])
            continue;
        const shr_actor *a = shr_catalog_actor_at(cat, i);
        for (size_t k = 0; k < shr_actor_link_count(a); k++) {
            ins_row(&li);
            w_sql(out, shr_actor_id(a));
            fprintf(out, ",%zu,", k);
            w_sql(out, shr_actor_link_at(a, k));
            putc(')', out);
        }
    }
    ins_end(&li);
}

static int w_practices(FILE *out, const char *schema, const shr_result *r)
{
    const shr_allocator *al = shr_catalog_allocator(shr_result_catalog(r));
    size_t n = shr_result_count(r);
    char *dbuf = NULL;
    size_t dcap = 0;
    inserter pi = {out, schema,
                   "practices (id, name, category, family, status, started, ended, address, "
                   "description, geom)",
                   0};
    for (size_t i = 0; i < n; i++) {
        const shr_practice *p = shr_result_at(r, i);
        const shr_category *c = shr_practice_category(p);
        const char *desc = NULL;
        if (shr__practice_description_text(p, &dbuf, &dcap, &desc) != SHR_OK) {
            shr__free(al, dbuf);
            return SHR_ENOMEM;
        }
        double lat = 0, lon = 0;
        int has = shr_practice_location(p, &lat, &lon);
        ins_row(&pi);
        w_sql(out, shr_practice_id(p));
        putc(',', out);
        w_sql(out, shr_practice_name(p));
        putc(',', out);
        w_sql(out, c ? shr_category_id(c) : NULL);
        putc(',', out);
        w_sql(out, c ? shr_family_name(shr_category_family(c)) : NULL);
        putc(',', out);
        w_sql(out, shr_status_name(shr_practice_status(p)));
        putc(',', out);
        w_year(out, shr_practice_started(p));
        putc(',', out);
        w_year(out, shr_practice_ended(p));
        putc(',', out);
        w_sql(out, shr_practice_address(p));
        putc(',', out);
        w_sql(out, desc);
        putc(',', out);
        w_point(out, has, lat, lon);
        putc(')', out);
    }
    ins_end(&pi);
    shr__free(al, dbuf);

    inserter ti = {out, schema, "practice_territories (practice_id, territory_id, position)", 0};
    inserter ai = {out, schema, "practice_actors (practice_id, actor_id, role, position)", 0};
    inserter xi = {out, schema, "practice_axes (practice_id, axis)", 0};
    inserter gi = {out, schema, "practice_tags (practice_id, tag, position)", 0};
    inserter li = {out, schema, "practice_links (practice_id, position, url)", 0};
    inserter fi = {out, schema, "practice_figures (practice_id, name, value)", 0};
    /* One table at a time (an INSERT statement cannot interleave with another). */
    for (int table = 0; table < 6; table++) {
        for (size_t i = 0; i < n; i++) {
            const shr_practice *p = shr_result_at(r, i);
            const char *id = shr_practice_id(p);
            size_t count = table == 0   ? shr_practice_territory_count(p)
                           : table == 1 ? shr_practice_actor_count(p)
                           : table == 2 ? shr_practice_axis_count(p)
                           : table == 3 ? shr_practice_tag_count(p)
                           : table == 4 ? shr_practice_link_count(p)
                                        : shr_practice_figure_count(p);
            for (size_t k = 0; k < count; k++) {
                switch (table) {
                case 0:
                    ins_row(&ti);
                    w_sql(out, id);
                    putc(',', out);
                    w_sql(out, shr_territory_id(shr_practice_territory_at(p, k)));
                    fprintf(out, ",%zu)", k);
                    break;
                case 1:
                    ins_row(&ai);
                    w_sql(out, id);
                    putc(',', out);
                    w_sql(out, shr_actor_id(shr_practice_actor_at(p, k)));
                    putc(',', out);
                    w_sql(out, shr_role_name((shr_role)shr_practice_actor_role(p, k)));
                    fprintf(out, ",%zu)", k);
                    break;
                case 2:
                    ins_row(&xi);
                    w_sql(out, id);
                    putc(',', out);
                    w_sql(out, shr_axis_id(shr_practice_axis_at(p, k)));
                    putc(')', out);
                    break;
                case 3:
                    ins_row(&gi);
                    w_sql(out, id);
                    putc(',', out);
                    w_sql(out, shr_practice_tag_at(p, k));
                    fprintf(out, ",%zu)", k);
                    break;
                case 4:
                    ins_row(&li);
                    w_sql(out, id);
                    fprintf(out, ",%zu,", k);
                    w_sql(out, shr_practice_link_at(p, k));
                    putc(')', out);
                    break;
                default:
                    ins_row(&fi);
                    w_sql(out, id);
                    putc(',', out);
                    w_sql(out, shr_practice_figure_name(p, k));
                    putc(',', out);
                    w_number(out, shr_practice_figure_value(p, k));
                    putc(')', out);
                }
            }
        }
        inserter *ends[] = {&ti, &ai, &xi, &gi, &li, &fi};
        ins_end(ends[table]);
    }
    return SHR_OK;
}

/* ------------------------------------------------------------------ entry point */

static int check_schema(const char *schema, shr_error *err)
{
    size_t len = strlen(schema);
    if (len == 0 || len > SHR_SQL_SCHEMA_MAX)
        return shr__error_set(err, SHR_EINVAL, "schema name must have 1 to %d bytes (has %zu)",
                              SHR_SQL_SCHEMA_MAX, len);
    for (size_t i = 0; i < len;) {
        int32_t cp = shr__utf8_decode(schema, len, &i);
        if (cp < 0)
            return shr__error_set(err, SHR_EINVAL, "schema name is not valid UTF-8");
        if (cp < 0x20 || cp == 0x7F)
            return shr__error_set(err, SHR_EINVAL, "schema name has a control character");
    }
    return SHR_OK;
}

int shr_result_write_sql(const shr_result *r, const shr_writer *w, const char *schema,
                         unsigned flags, shr_error *err)
{
    SHR__WRITE_VIA(w, err, f, shr_result_write_sql_file(r, f, schema, flags, err));
}

int shr_result_write_sql_file(const shr_result *r, FILE *out, const char *schema,
                              unsigned flags, shr_error *err)
{
    if (!r || !out)
        return shr__error_set(err, SHR_EINVAL, "no result or no output stream");
    if (!schema)
        schema = "sharitories";
    int rc = check_schema(schema, err);
    if (rc)
        return rc;
    const shr_catalog *cat = shr_result_catalog(r);
    const shr_allocator *al = shr_catalog_allocator(cat);
    size_t nt = shr_catalog_territory_count(cat), na = shr_catalog_actor_count(cat);
    unsigned char *tseen = shr__calloc(al, nt + 1, 1);
    unsigned char *aseen = shr__calloc(al, na + 1, 1);
    if (!tseen || !aseen) {
        shr__free(al, tseen);
        shr__free(al, aseen);
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < shr_result_count(r); i++) {
        const shr_practice *p = shr_result_at(r, i);
        for (size_t k = 0; k < shr_practice_territory_count(p); k++)
            mark_territory(tseen, shr_practice_territory_at(p, k));
        for (size_t k = 0; k < shr_practice_actor_count(p); k++) {
            const shr_actor *a = shr_practice_actor_at(p, k);
            aseen[shr_actor_index(a)] = 1;
            mark_territory(tseen, shr_actor_territory(a));
        }
    }
    if (flags & SHR_SQL_ALL_TERRITORIES)
        memset(tseen, 1, nt);

    fprintf(out, "-- libsharitories %s: %zu practices as PostgreSQL/PostGIS tables.\n"
                 "-- Load with: psql -v ON_ERROR_STOP=1 -f FILE (one transaction).\n"
                 "SET client_encoding = 'UTF8';\n"
                 "SET standard_conforming_strings = on;\n"
                 "BEGIN;\n"
                 "CREATE EXTENSION IF NOT EXISTS postgis;\n"
                 "CREATE SCHEMA ",
            shr_version(), shr_result_count(r));
    w_ident(out, schema);
    fputs(";\n", out);
    w_tables(out, schema);
    w_territories(out, schema, cat, tseen);
    w_actors(out, schema, cat, aseen);
    shr__free(al, tseen);
    shr__free(al, aseen);
    if (w_practices(out, schema, r) != SHR_OK)
        return shr__error_set(err, SHR_ENOMEM, "out of memory");
    for (size_t i = 0; i < NCONSTRAINTS; i++) {
        w_template(out, constraints[i], schema);
        fputs(";\n", out);
    }
    w_comments(out, schema);
    fputs("COMMIT;\n", out);
    return shr__w_finish(out, err);
}
