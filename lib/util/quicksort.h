/* An inline quicksort generator (no model type). Not installed. */
#ifndef SHR_QUICKSORT_H
#define SHR_QUICKSORT_H

#include <stddef.h>

/*
 * static void NAME(CTX ctx, T *v, size_t n): sort v by LESS(ctx, &a, &b), all keys distinct.
 * Quicksort (median of three), insertion sort for small ranges; the comparisons are inline
 * (qsort's indirect calls cost more than the sort itself). One definition for every sort
 * that qsort would make slow (the index's keyed orders and tokens).
 */
#define DEFINE_QUICKSORT(NAME, T, CTX, LESS)                                                      \
    static void NAME(CTX ctx, T *v, size_t n)                                                    \
    {                                                                                            \
        while (n > 16) {                                                                         \
            size_t m = n / 2;                                                                    \
            T t;                                                                                 \
            if (LESS(ctx, &v[m], &v[0])) {                                                       \
                t = v[m]; v[m] = v[0]; v[0] = t;                                                 \
            }                                                                                    \
            if (LESS(ctx, &v[n - 1], &v[m])) {                                                   \
                t = v[n - 1]; v[n - 1] = v[m]; v[m] = t;                                         \
                if (LESS(ctx, &v[m], &v[0])) {                                                   \
                    t = v[m]; v[m] = v[0]; v[0] = t;                                             \
                }                                                                                \
            }                                                                                    \
            T pivot = v[m];                                                                      \
            size_t i = 0, j = n - 1;                                                             \
            for (;;) {                                                                           \
                while (LESS(ctx, &v[i], &pivot))                                                 \
                    i++;                                                                         \
                while (LESS(ctx, &pivot, &v[j]))                                                 \
                    j--;                                                                         \
                if (i >= j)                                                                      \
                    break;                                                                       \
                t = v[i]; v[i] = v[j]; v[j] = t;                                                 \
                i++;                                                                             \
                j--;                                                                             \
            }                                                                                    \
            /* [0, j] <= pivot <= [j + 1, n): recurse on the smaller part */                     \
            if (j + 1 < n - j - 1) {                                                             \
                NAME(ctx, v, j + 1);                                                             \
                v += j + 1;                                                                      \
                n -= j + 1;                                                                      \
            } else {                                                                             \
                NAME(ctx, v + j + 1, n - j - 1);                                                 \
                n = j + 1;                                                                       \
            }                                                                                    \
        }                                                                                        \
        for (size_t i = 1; i < n; i++) {                                                         \
            T x = v[i];                                                                          \
            size_t j = i;                                                                        \
            for (; j > 0 && LESS(ctx, &x, &v[j - 1]); j--)                                       \
                v[j] = v[j - 1];                                                                 \
            v[j] = x;                                                                            \
        }                                                                                        \
    }

#endif
