/*
 * Scalar typing of the YAML core schema (plain scalars that read as null, booleans, integers,
 * floats or strings), shared by the loader (what a value is), the saver (whether a string may
 * be written plain) and the mapping reader. No model type: libyaml's rules only.
 */
#include "scalar.h"

#include <string.h>

bool shr__all_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* [-+]?[0-9]+ */
bool shr__is_int_text(const char *s, size_t len)
{
    if (len && (s[0] == '-' || s[0] == '+'))
        s++, len--;
    return shr__all_digits(s, len);
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? (finite floats of the core schema) */
bool shr__is_float_text(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (!digits)
        return false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            i++;
        if (!shr__all_digits(s + i, len - i))
            return false;
        return true;
    }
    return i == len;
}

/* [-+]?.inf and .nan in their three spellings. */
static bool is_special_float(const char *s, size_t len)
{
    if (len && (s[0] == '-' || s[0] == '+') && len == 5)
        s++, len--;
    if (len != 4)
        return false;
    return !strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF") ||
           !strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN");
}

/* Core-schema resolution of an untagged plain scalar. */
shr_vtype shr__plain_type(const char *s, size_t len)
{
    switch (len) {
    case 0:
        return SHR_V_NULL;
    case 1:
        if (s[0] == '~')
            return SHR_V_NULL;
        break;
    case 4:
        if (!strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
            return SHR_V_NULL;
        if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
            return SHR_V_BOOL;
        break;
    case 5:
        if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
            return SHR_V_BOOL;
        break;
    }
    unsigned char c = (unsigned char)s[0];
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'))
        return SHR_V_STR;
    if (shr__is_int_text(s, len))
        return SHR_V_INT;
    if (shr__is_float_text(s, len) || is_special_float(s, len))
        return SHR_V_FLOAT;
    return SHR_V_STR;
}

int shr__plain_is_string(const char *s, size_t len)
{
    return shr__plain_type(s, len) == SHR_V_STR;
}
