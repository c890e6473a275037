/* sharitories panorama: count the practices of a query by one dimension, or cross-tabulate
 * them by two (the panorama of the Sharitories study). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                  \
    CLI_PROGRAM " panorama [-f table|csv|json] [--query EXPR] --by DIM [--by DIM2] [--per N]" \
                " [--within] [--lang fr|en] [FILE...]"

enum { OPT_HELP = 1, OPT_FORMAT, OPT_QUERY, OPT_BY, OPT_PER, OPT_WITHIN };

static const cli_option options[] = {
    {"help", 'h', 0, OPT_HELP},
    {"format", 'f', 1, OPT_FORMAT},
    {"query", 'q', 1, OPT_QUERY},
    {"by", 'b', 1, OPT_BY},
    {"per", 0, 1, OPT_PER},
    {"within", 'w', 0, OPT_WITHIN},
    {NULL, 0, 0, 0},
};

typedef enum { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON } format;

/* Names of the dimensions for people, in French and English (table headers). */
static const char *const dim_labels[SHR_DIM_COUNT][2] = {
    [SHR_DIM_AXIS] = {"axe", "axis"},
    [SHR_DIM_CATEGORY] = {"catégorie", "category"},
    [SHR_DIM_FAMILY] = {"famille", "family"},
    [SHR_DIM_STATUS] = {"statut", "status"},
    [SHR_DIM_ACTORKIND] = {"type d'acteur", "actor kind"},
    [SHR_DIM_ACTORSECTOR] = {"secteur", "sector"},
    [SHR_DIM_ROLE] = {"rôle", "role"},
    [SHR_DIM_TAG] = {"mot-clé", "tag"},
    [SHR_DIM_STARTED] = {"année de début", "year started"},
    [SHR_DIM_COUNTRY] = {"pays", "country"},
    [SHR_DIM_REGION] = {"région", "region"},
    [SHR_DIM_DEPARTMENT] = {"département", "department"},
    [SHR_DIM_EPCI] = {"EPCI", "EPCI"},
    [SHR_DIM_COMMUNE] = {"commune", "commune"},
};

typedef struct panorama {
    format fmt;
    const char *expr;
    shr_dimension dims[2];
    int ndims;
    size_t per; /* 0: no per-capita column */
    const char *lang;
    int within; /* --within: territorial values restricted to the queried territory */
} panorama;

/* The facet of r along dim, restricted to the queried territory with --within. */
static int compute_facet(const panorama *pa, const shr_result *r, shr_dimension dim,
                         shr_facet **out, shr_error *err)
{
    return pa->within ? shr_facet_compute_within(r, dim, out, err)
                      : shr_facet_compute(r, dim, out, err);
}

static void print_help(void)
{
    printf("usage: %s\n\n", USAGE);
    printf("Count the practices selected by EXPR (default: all) under each value of DIM, or\n"
           "cross-tabulate them by DIM and DIM2. A practice counts once under each value it\n"
           "has (a practice with two axes counts under both). Without FILE, the bundled\n"
           "default catalog.\n\n");
    printf("Dimensions: ");
    for (int d = 0; d < SHR_DIM_COUNT; d++)
        printf("%s%s", d ? ", " : "", shr_dimension_name((shr_dimension)d));
    printf("\n\n");
    printf("Options:\n"
           "  -f, --format FMT   table (default: for people, labels, totals), csv (tidy:\n"
           "                     DIM1[,DIM2],practices[,per_N], values as ids), json (a\n"
           "                     list of objects)\n"
           "  -q, --query EXPR   the practices to count (query language; default: all)\n"
           "  -b, --by DIM       a dimension; give it twice for a cross-tab\n"
           "      --per N        add practices per N inhabitants (territorial dimensions:\n"
           "                     country, region, department, epci, commune)\n"
           "  -w, --within       under territorial dimensions, count a practice only through\n"
           "                     its territories within the query's in:/at: territory (a\n"
           "                     panorama of in:fr-dep-56 by epci then lists only the EPCIs\n"
           "                     of Morbihan; without in:/at:, no change)\n"
           "  -l, --lang LANG    labels of the table: fr (default) or en; also the messages\n"
           "  -h, --help         show this help\n");
}

static const char *dim_label(shr_dimension d, const char *lang)
{
    const char *s = ((int)d >= 0 && d < SHR_DIM_COUNT) ? dim_labels[d][strcmp(lang, "en") == 0]
                                                       : NULL;
    return s ? s : shr_dimension_name(d);
}

/* Practices per @p per inhabitants, or a negative number when the population is unknown. */
static double per_capita(size_t value, int64_t population, size_t per)
{
    if (population <= 0 || population == SHR_NO_POPULATION)
        return -1.0;
    return (double)value * (double)per / (double)population;
}

static void format_per(double v, char *buf, size_t size)
{
    if (v < 0)
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.4g", v);
}

/* ---- One dimension -------------------------------------------------------------------------- */

static void facet_csv(const panorama *pa, const shr_facet *f)
{
    char num[40];
    cli_csv_field(stdout, shr_dimension_name(pa->dims[0]));
    fputs(",practices", stdout);
    if (pa->per)
        printf(",per_%zu", pa->per);
    putchar('\n');
    for (size_t i = 0, n = shr_facet_count(f); i < n && !ferror(stdout); i++) {
        cli_csv_field(stdout, shr_facet_key(f, i));
        printf(",%zu", shr_facet_value(f, i));
        if (pa->per) {
            format_per(shr_facet_per_capita(f, i, (double)pa->per), num, sizeof num);
            printf(",%s", num);
        }
        putchar('\n');
    }
}

static void json_per(double v)
{
    char num[40];
    if (v < 0) {
        fputs("null", stdout);
        return;
    }
    const char *s = cli_format_double(v, num, sizeof num);
    fputs(*s ? s : "null", stdout);
}

static void facet_json(const panorama *pa, const shr_facet *f)
{
    size_t n = shr_facet_count(f);
    fputs(n ? "[\n" : "[", stdout);
    for (size_t i = 0; i < n && !ferror(stdout); i++) {
        fputs("  {", stdout);
        cli_json_string(stdout, shr_dimension_name(pa->dims[0]));
        fputs(": ", stdout);
        cli_json_string(stdout, shr_facet_key(f, i));
        printf(", \"practices\": %zu", shr_facet_value(f, i));
        if (pa->per) {
            printf(", \"per_%zu\": ", pa->per);
            json_per(shr_facet_per_capita(f, i, (double)pa->per));
        }
        fputs(i + 1 < n ? "},\n" : "}\n", stdout);
    }
    fputs("]\n", stdout);
}

#define LABEL_CAP 56

static int facet_table(const panorama *pa, const shr_facet *f, size_t total)
{
    const int en = strcmp(pa->lang, "en") == 0;
    const char *head = dim_label(pa->dims[0], pa->lang);
    const char *count_head = en ? "practices" : "pratiques";
    const char *total_label = "Total";
    char per_head[48], num[48];
    snprintf(per_head, sizeof per_head, en ? "per %zu inh." : "pour %zu hab.", pa->per);

    size_t n = shr_facet_count(f), sum = 0;
    size_t wl = cli_text_width(head), wc = cli_text_width(count_head), wp = 0;
    if (cli_text_width(total_label) > wl)
        wl = cli_text_width(total_label);
    if (pa->per)
        wp = cli_text_width(per_head);
    for (size_t i = 0; i < n; i++) {
        size_t w = cli_text_width(shr_facet_label(f, i, pa->lang));
        if (w > wl)
            wl = w;
        sum += shr_facet_value(f, i);
        if (pa->per) {
            format_per(shr_facet_per_capita(f, i, (double)pa->per), num, sizeof num);
            if (strlen(num) > wp)
                wp = strlen(num);
        }
    }
    if (wl > LABEL_CAP)
        wl = LABEL_CAP;
    snprintf(num, sizeof num, "%zu", total);
    if (strlen(num) > wc)
        wc = strlen(num);

    cli_buf line = {0};
    cli_write_cell(&line, head, wl, 0);
    cli_buf_add(&line, "  ");
    cli_write_cell(&line, count_head, wc, 1);
    if (pa->per) {
        cli_buf_add(&line, "  ");
        cli_write_cell(&line, per_head, wp, 1);
    }
    cli_emit_line(&line);
    cli_write_rule(&line, wl);
    cli_buf_add(&line, "  ");
    cli_write_rule(&line, wc);
    if (pa->per) {
        cli_buf_add(&line, "  ");
        cli_write_rule(&line, wp);
    }
    cli_emit_line(&line);
    for (size_t i = 0; i < n && !ferror(stdout); i++) {
        cli_write_cell(&line, shr_facet_label(f, i, pa->lang), wl, 0);
        cli_buf_addf(&line, "  %*zu", (int)wc, shr_facet_value(f, i));
        if (pa->per) {
            format_per(shr_facet_per_capita(f, i, (double)pa->per), num, sizeof num);
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, num, wp, 1);
        }
        cli_emit_line(&line);
    }
    cli_write_rule(&line, wl);
    cli_buf_add(&line, "  ");
    cli_write_rule(&line, wc);
    cli_emit_line(&line);
    cli_write_cell(&line, total_label, wl, 0);
    cli_buf_addf(&line, "  %*zu", (int)wc, total);
    cli_emit_line(&line);
    int status = line.failed ? CLI_FAIL : CLI_OK;
    cli_buf_free(&line);
    if (status != CLI_OK)
        cli_error("out of memory");
    if (sum != total)
        printf(en ? "(%zu practices; a practice counts under each value it has, the total counts "
                    "it once)\n"
                  : "(%zu pratiques ; une pratique compte sous chacune de ses valeurs, le total "
                    "la compte une fois)\n",
               total);
    return status;
}

/* ---- Two dimensions ------------------------------------------------------------------------- */

/* For each value of facet @p f, its index among the @p n keys given by @p key_at (SHR_NONE when
 * absent). Both lists are in the dimension's natural order: a merge, with a search as fallback. */
static size_t *match_keys(const shr_facet *f, const shr_crosstab *x, size_t n,
                          const char *(*key_at)(const shr_crosstab *, size_t))
{
    size_t nf = shr_facet_count(f);
    size_t *map = malloc((nf ? nf : 1) * sizeof *map);
    if (!map)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < nf; i++) {
        const char *key = shr_facet_key(f, i);
        map[i] = SHR_NONE;
        if (!key)
            continue;
        if (j < n && strcmp(key_at(x, j), key) == 0) {
            map[i] = j++;
            continue;
        }
        for (size_t k = 0; k < n; k++)
            if (strcmp(key_at(x, k), key) == 0) {
                map[i] = k;
                j = k + 1;
                break;
            }
    }
    return map;
}

/* The territorial dimension used for per-capita figures: the finer of the two (commune is
 * finer than department); -1 when neither is territorial. */
static int per_dimension(const panorama *pa)
{
    int best = -1;
    for (int i = 0; i < pa->ndims; i++)
        if (shr_dimension_is_territorial(pa->dims[i]) && (best < 0 || pa->dims[i] > pa->dims[best]))
            best = i;
    return best;
}

static double cell_per_capita(const panorama *pa, const shr_crosstab *x, size_t r, size_t c,
                              size_t value)
{
    int d = per_dimension(pa);
    int64_t pop = d == 0 ? shr_crosstab_row_population(x, r) : shr_crosstab_col_population(x, c);
    return per_capita(value, pop, pa->per);
}

static void crosstab_csv(const panorama *pa, const shr_crosstab *x)
{
    char num[40];
    cli_csv_field(stdout, shr_dimension_name(pa->dims[0]));
    putchar(',');
    cli_csv_field(stdout, shr_dimension_name(pa->dims[1]));
    fputs(",practices", stdout);
    if (pa->per)
        printf(",per_%zu", pa->per);
    putchar('\n');
    size_t nr = shr_crosstab_row_count(x), nc = shr_crosstab_col_count(x);
    for (size_t r = 0; r < nr && !ferror(stdout); r++)
        for (size_t c = 0; c < nc; c++) {
            size_t v = shr_crosstab_value(x, r, c);
            if (!v)
                continue;
            cli_csv_field(stdout, shr_crosstab_row_key(x, r));
            putchar(',');
            cli_csv_field(stdout, shr_crosstab_col_key(x, c));
            printf(",%zu", v);
            if (pa->per) {
                format_per(cell_per_capita(pa, x, r, c, v), num, sizeof num);
                printf(",%s", num);
            }
            putchar('\n');
        }
}

static void crosstab_json(const panorama *pa, const shr_crosstab *x)
{
    size_t nr = shr_crosstab_row_count(x), nc = shr_crosstab_col_count(x);
    int first = 1;
    fputs("[", stdout);
    for (size_t r = 0; r < nr && !ferror(stdout); r++)
        for (size_t c = 0; c < nc; c++) {
            size_t v = shr_crosstab_value(x, r, c);
            if (!v)
                continue;
            fputs(first ? "\n  {" : ",\n  {", stdout);
            first = 0;
            cli_json_string(stdout, shr_dimension_name(pa->dims[0]));
            fputs(": ", stdout);
            cli_json_string(stdout, shr_crosstab_row_key(x, r));
            fputs(", ", stdout);
            cli_json_string(stdout, shr_dimension_name(pa->dims[1]));
            fputs(": ", stdout);
            cli_json_string(stdout, shr_crosstab_col_key(x, c));
            printf(", \"practices\": %zu", v);
            if (pa->per) {
                printf(", \"per_%zu\": ", pa->per);
                json_per(cell_per_capita(pa, x, r, c, v));
            }
            fputs("}", stdout);
        }
    fputs(first ? "]\n" : "\n]\n", stdout);
}

#define HEAD_LINES 3
#define COL_CAP 14
#define COL_MIN 5

/* End of the token that starts at @p p: up to a space, or just after a hyphen inside a word
 * ("Bourgogne-" "Franche-" "Comté"). */
static const char *token_end(const char *p)
{
    const char *q = p;
    while (*q && *q != ' ') {
        if (*q == '-' && q > p && q[1] && q[1] != ' ')
            return q + 1;
        q++;
    }
    return q;
}

/* Wrap @p label at spaces and hyphens into lines of @p width columns, at most HEAD_LINES (the
 * last one takes the rest, cut when shown). Returns the number of lines. */
static int wrap_label(const char *label, size_t width, cli_buf out[HEAD_LINES])
{
    int l = 0, space = 0;
    size_t w = 0;
    for (int i = 0; i < HEAD_LINES; i++)
        cli_buf_clear(&out[i]);
    const char *p = label ? label : "";
    while (*p) {
        if (*p == ' ') {
            while (*p == ' ')
                p++;
            space = 1;
            continue;
        }
        const char *end = token_end(p);
        size_t ww = cli_text_width_n(p, (size_t)(end - p));
        size_t sep = out[l].len && space ? 1 : 0;
        if (out[l].len && w + sep + ww > width && l + 1 < HEAD_LINES) {
            l++;
            w = 0;
            sep = 0;
        }
        if (sep) {
            cli_buf_add(&out[l], " ");
            w++;
        }
        cli_buf_addn(&out[l], p, (size_t)(end - p));
        w += ww;
        space = 0;
        p = end;
    }
    return l + 1;
}

static size_t longest_word(const char *s)
{
    size_t best = 0;
    while (s && *s) {
        if (*s == ' ') {
            s++;
            continue;
        }
        const char *end = token_end(s);
        size_t ww = cli_text_width_n(s, (size_t)(end - s));
        if (ww > best)
            best = ww;
        s = end;
    }
    return best;
}

static int crosstab_table(const panorama *pa, const shr_result *r, const shr_crosstab *x)
{
    const int en = strcmp(pa->lang, "en") == 0;
    shr_facet *fr = NULL, *fc = NULL;
    size_t *rmap = NULL, *cmap = NULL, *cwidth = NULL;
    cli_buf *wrapped = NULL; /* HEAD_LINES lines per value column and the total column */
    shr_error err;
    shr_error_clear(&err);
    int rc = compute_facet(pa, r, pa->dims[0], &fr, &err);
    if (rc == SHR_OK)
        rc = compute_facet(pa, r, pa->dims[1], &fc, &err);
    if (rc != SHR_OK) {
        if (err.code == SHR_OK)
            err.code = rc;
        cli_print_shr_error(&err);
        shr_facet_free(fr);
        shr_facet_free(fc);
        return CLI_FAIL;
    }
    size_t nr = shr_facet_count(fr), nc = shr_facet_count(fc), total = shr_result_count(r);
    rmap = match_keys(fr, x, shr_crosstab_row_count(x), shr_crosstab_row_key);
    cmap = match_keys(fc, x, shr_crosstab_col_count(x), shr_crosstab_col_key);
    cwidth = malloc((nc + 1) * sizeof *cwidth);
    wrapped = calloc((nc + 1) * HEAD_LINES, sizeof *wrapped);
    cli_buf head = {0}, line = {0};
    int status = CLI_OK, failed = 0;
    if (!rmap || !cmap || !cwidth || !wrapped) {
        cli_error("out of memory");
        status = CLI_FAIL;
        goto done;
    }

    /* Per-capita figures for the totals of a territorial dimension. */
    int rows_per = pa->per && shr_dimension_is_territorial(pa->dims[0]);
    int cols_per = pa->per && shr_dimension_is_territorial(pa->dims[1]);
    char num[48], per_head[48];
    snprintf(per_head, sizeof per_head, en ? "per %zu inh." : "pour %zu hab.", pa->per);

    /* Widths: the label column, each value column (header wrapped on up to 3 lines), the
     * total column, the per-capita column. */
    cli_buf_addf(&head, "%s \\ %s", dim_label(pa->dims[0], pa->lang),
                 dim_label(pa->dims[1], pa->lang));
    size_t wl = cli_text_width(cli_buf_str(&head));
    if (wl > LABEL_CAP)
        wl = LABEL_CAP;
    for (size_t i = 0; i < nr; i++) {
        size_t w = cli_text_width(shr_facet_label(fr, i, pa->lang));
        if (w > wl)
            wl = w > LABEL_CAP ? LABEL_CAP : w;
    }
    snprintf(num, sizeof num, "%zu", total);
    size_t wnum = strlen(num);
    int hlines = 1;
    for (size_t c = 0; c <= nc; c++) {
        const char *label = c < nc ? shr_facet_label(fc, c, pa->lang) : "Total";
        size_t w = longest_word(label);
        if (w > COL_CAP)
            w = COL_CAP;
        if (w < COL_MIN)
            w = COL_MIN;
        if (w < wnum)
            w = wnum;
        cwidth[c] = w;
        int lines = wrap_label(label, w, &wrapped[c * HEAD_LINES]);
        if (lines > hlines)
            hlines = lines;
    }
    size_t wp = 0;
    if (rows_per) {
        wp = cli_text_width(per_head);
        for (size_t i = 0; i < nr; i++) {
            format_per(per_capita(shr_facet_value(fr, i), shr_facet_population(fr, i), pa->per),
                       num, sizeof num);
            if (strlen(num) > wp)
                wp = strlen(num);
        }
    }

    /* Header. */
    /* Header: wrapped column labels aligned on their last line. */
    for (int l = 0; l < hlines; l++) {
        cli_write_cell(&line, l == hlines - 1 ? cli_buf_str(&head) : "", wl, 0);
        for (size_t c = 0; c <= nc; c++) {
            const cli_buf *lines = &wrapped[c * HEAD_LINES];
            int used = 0;
            while (used < HEAD_LINES && lines[used].len)
                used++;
            int k = l - (hlines - used);
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, k >= 0 ? cli_buf_str(&lines[k]) : "", cwidth[c], 1);
        }
        if (rows_per) {
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, l == hlines - 1 ? per_head : "", wp, 1);
        }
        cli_emit_line(&line);
    }
    cli_write_rule(&line, wl);
    for (size_t c = 0; c <= nc; c++) {
        cli_buf_add(&line, "  ");
        cli_write_rule(&line, cwidth[c]);
    }
    if (rows_per) {
        cli_buf_add(&line, "  ");
        cli_write_rule(&line, wp);
    }
    cli_emit_line(&line);

    /* Rows. */
    for (size_t i = 0; i < nr && !ferror(stdout); i++) {
        cli_write_cell(&line, shr_facet_label(fr, i, pa->lang), wl, 0);
        for (size_t c = 0; c < nc; c++) {
            size_t v = rmap[i] != SHR_NONE && cmap[c] != SHR_NONE
                           ? shr_crosstab_value(x, rmap[i], cmap[c])
                           : 0;
            cli_buf_addf(&line, "  %*zu", (int)cwidth[c], v);
        }
        cli_buf_addf(&line, "  %*zu", (int)cwidth[nc], shr_facet_value(fr, i));
        if (rows_per) {
            format_per(per_capita(shr_facet_value(fr, i), shr_facet_population(fr, i), pa->per),
                       num, sizeof num);
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, num, wp, 1);
        }
        cli_emit_line(&line);
    }
    cli_write_rule(&line, wl);
    for (size_t c = 0; c <= nc; c++) {
        cli_buf_add(&line, "  ");
        cli_write_rule(&line, cwidth[c]);
    }
    cli_emit_line(&line);
    cli_write_cell(&line, "Total", wl, 0);
    for (size_t c = 0; c < nc; c++)
        cli_buf_addf(&line, "  %*zu", (int)cwidth[c], shr_facet_value(fc, c));
    cli_buf_addf(&line, "  %*zu", (int)cwidth[nc], total);
    cli_emit_line(&line);
    if (cols_per) {
        cli_write_cell(&line, per_head, wl, 0);
        for (size_t c = 0; c < nc; c++) {
            format_per(per_capita(shr_facet_value(fc, c), shr_facet_population(fc, c), pa->per),
                       num, sizeof num);
            cli_buf_add(&line, "  ");
            cli_write_cell(&line, num, cwidth[c], 1);
        }
        cli_emit_line(&line);
    }
    printf(en ? "(%zu practices; a practice counts under each value it has, totals count it "
                "once)\n"
              : "(%zu pratiques ; une pratique compte sous chacune de ses valeurs, les totaux la "
                "comptent une fois)\n",
           total);

done:
    failed = head.failed || line.failed;
    if (wrapped)
        for (size_t i = 0; i < (nc + 1) * HEAD_LINES; i++) {
            failed |= wrapped[i].failed;
            cli_buf_free(&wrapped[i]);
        }
    free(wrapped);
    if (failed && status == CLI_OK) {
        cli_error("out of memory");
        status = CLI_FAIL;
    }
    cli_buf_free(&head);
    cli_buf_free(&line);
    free(rmap);
    free(cmap);
    free(cwidth);
    shr_facet_free(fr);
    shr_facet_free(fc);
    return status;
}

/* ---- The command ---------------------------------------------------------------------------- */

static int run(const panorama *pa, const shr_catalog *cat)
{
    shr_query *q = NULL;
    shr_result *r = NULL;
    shr_facet *f = NULL;
    shr_crosstab *x = NULL;
    shr_error err;
    shr_error_clear(&err);
    int status = cli_compile_query(cat, pa->expr, &q);
    if (status != CLI_OK)
        return status;
    int rc = shr_query_run(q, &r, &err);
    if (rc == SHR_OK) {
        if (pa->ndims == 1)
            rc = compute_facet(pa, r, pa->dims[0], &f, &err);
        else if (pa->within)
            rc = shr_crosstab_compute_within(r, pa->dims[0], pa->dims[1], &x, &err);
        else
            rc = shr_crosstab_compute(r, pa->dims[0], pa->dims[1], &x, &err);
    }
    if (rc != SHR_OK) {
        if (err.code == SHR_OK)
            err.code = rc;
        cli_print_shr_error(&err);
        status = CLI_FAIL;
    } else if (pa->ndims == 1) {
        switch (pa->fmt) {
        case FORMAT_CSV: facet_csv(pa, f); break;
        case FORMAT_JSON: facet_json(pa, f); break;
        default: status = facet_table(pa, f, shr_result_count(r)); break;
        }
    } else {
        switch (pa->fmt) {
        case FORMAT_CSV: crosstab_csv(pa, x); break;
        case FORMAT_JSON: crosstab_json(pa, x); break;
        default: status = crosstab_table(pa, r, x); break;
        }
    }
    shr_crosstab_free(x);
    shr_facet_free(f);
    shr_result_free(r);
    shr_query_free(q);
    return status;
}

static int dimension_list_error(const char *value)
{
    char list[512] = "";
    size_t len = 0;
    for (int d = 0; d < SHR_DIM_COUNT && len < sizeof list; d++) {
        int n = snprintf(list + len, sizeof list - len, "%s%s", d ? ", " : "",
                         shr_dimension_name((shr_dimension)d));
        if (n < 0)
            break;
        len += (size_t)n;
    }
    return cli_usage_error("panorama", USAGE, "unknown dimension '%s' (one of: %s)", value, list);
}

int cli_cmd_panorama(int argc, char **argv)
{
    cli_args args;
    cli_strv files = {0};
    panorama pa = {.fmt = FORMAT_TABLE, .expr = "", .ndims = 0, .per = 0};
    const char *value;
    int id, status = CLI_OK;

    cli_args_init(&args, "panorama", argc, argv, 0);
    while ((id = cli_args_next(&args, options, &value)) != CLI_ARG_END) {
        switch (id) {
        case OPT_HELP:
            cli_strv_free(&files);
            print_help();
            return cli_finish_output(CLI_OK);
        case OPT_FORMAT:
            if (strcmp(value, "table") == 0)
                pa.fmt = FORMAT_TABLE;
            else if (strcmp(value, "csv") == 0)
                pa.fmt = FORMAT_CSV;
            else if (strcmp(value, "json") == 0)
                pa.fmt = FORMAT_JSON;
            else
                status = cli_usage_error("panorama", USAGE,
                                         "unknown format '%s' (table, csv or json)", value);
            break;
        case OPT_QUERY:
            pa.expr = value;
            break;
        case OPT_BY: {
            shr_dimension d;
            if (shr_dimension_from_name(value, &d) != SHR_OK)
                status = dimension_list_error(value);
            else if (pa.ndims == 2)
                status = cli_usage_error("panorama", USAGE, "at most two --by dimensions");
            else if (pa.ndims == 1 && pa.dims[0] == d)
                status = cli_usage_error("panorama", USAGE, "the two dimensions must differ");
            else
                pa.dims[pa.ndims++] = d;
            break;
        }
        case OPT_PER:
            if (cli_parse_size(value, &pa.per) || pa.per == 0)
                status = cli_usage_error("panorama", USAGE, "--per needs a number > 0, not '%s'",
                                         value);
            break;
        case OPT_WITHIN:
            pa.within = 1;
            break;
        case CLI_ARG_OPERAND:
            if (cli_strv_push(&files, value)) {
                cli_error("out of memory");
                status = CLI_FAIL;
            }
            break;
        default:
            status = CLI_USAGE;
            break;
        }
        if (status != CLI_OK) {
            cli_strv_free(&files);
            return status;
        }
    }
    pa.lang = cli_output_lang();
    if (pa.ndims == 0)
        status = cli_usage_error("panorama", USAGE, "missing --by DIM");
    else if (pa.per && per_dimension(&pa) < 0)
        status = cli_usage_error("panorama", USAGE,
                                 "--per needs a territorial dimension (country, region, "
                                 "department, epci or commune)");
    if (status != CLI_OK) {
        cli_strv_free(&files);
        return status;
    }

    shr_catalog *cat = NULL;
    status = cli_load(files.items, files.count, &cat);
    cli_strv_free(&files);
    if (status != CLI_OK)
        return status;
    status = run(&pa, cat);
    shr_catalog_free(cat);
    return cli_finish_output(status);
}
