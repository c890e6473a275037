/*
 * Locale-free number formats of the files the library writes (numfmt.h): the one shortest
 * round-trip formatter (exports, analyses, the saver) and fixed decimals.
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const char *shr__fmt_shortest(double v, char *buf, size_t size)
{
    if (!isfinite(v)) {
        buf[0] = '\0';
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    /* A locale may use ',' as the decimal point: the output format always uses '.'. */
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    return buf;
}

const char *shr__fmt_fixed(double v, int decimals, char *buf, size_t size)
{
    snprintf(buf, size, "%.*f", decimals, v);
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    return buf;
}
