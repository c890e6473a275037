/*
 * The one CSV writer (csv.h): quoting and spreadsheet-formula neutralising, and the reading
 * back of neutralised cells (the importer).
 */
#include <string.h>

#include "sharitories/csv.h"

/* A first character that makes a spreadsheet read the cell as a formula (OWASP). */
static int formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Does the cell need a quote in front: a formula start, after any single quotes (so that
 * text that already looks neutralised reads back as itself)? */
static int needs_neutralising(const char *s)
{
    while (*s == '\'')
        s++;
    return formula_start(*s);
}

static void write_cell(FILE *out, const char *s, int neutralise)
{
    if (!s)
        return;
    size_t n = strlen(s);
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote)
        putc('"', out);
    if (neutralise && needs_neutralising(s))
        putc('\'', out);
    if (!quote) {
        fputs(s, out);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            putc('"', out);
        putc(s[i], out);
    }
    putc('"', out);
}

void shr_csv_write_text(FILE *out, const char *text, unsigned flags)
{
    if (out)
        write_cell(out, text, !(flags & SHR_CSV_RAW));
}

void shr_csv_write_number(FILE *out, const char *number)
{
    if (out)
        write_cell(out, number, 0);
}

const char *shr_csv_read_text(const char *cell)
{
    if (cell && cell[0] == '\'' && needs_neutralising(cell + 1))
        return cell + 1;
    return cell;
}
