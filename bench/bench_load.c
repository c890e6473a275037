/* bench_load: load catalog files into one catalog as `sharitories validate` does, and print the
 * wall time and the peak resident memory of the process (MB: 10^6 bytes, as the files' size).
 * usage: bench_load FILE...   prints: load_seconds S  peak_rss_mb M  territories N practices N */
#include <sharitories/sharitories.h>

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_load FILE...\n");
        return 2;
    }
    shr_error err;
    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat)
        return 1;
    double t0 = now();
    int rc = shr_catalog_load_files(cat, (const char *const *)argv + 1, (size_t)argc - 1, &err);
    double t1 = now();
    if (rc != SHR_OK) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", err.file, err.line, err.column, err.message);
        shr_catalog_free(cat);
        return 1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("load_seconds %.3f\npeak_rss_mb %.1f\nterritories %zu\nactors %zu\npractices %zu\n",
           t1 - t0, (double)ru.ru_maxrss * 1024.0 / 1e6, shr_catalog_territory_count(cat),
           shr_catalog_actor_count(cat), shr_catalog_practice_count(cat));
    shr_catalog_free(cat);
    return 0;
}
