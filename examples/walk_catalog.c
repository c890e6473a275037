/* walk_catalog: walk the bundled default catalog from one town.
 *
 * Prints the town, the territories that contain it up to the country (its parent and its
 * groups, recursively), the practices that name it, and the practices within it (in:TOWN).
 *
 *     walk_catalog [TERRITORY-ID]        (default: fr-com-88160, Épinal)
 *
 * Set SHARITORIES_DATA_DIR to use another copy of the bundled data.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sharitories/sharitories.h>

/* Print @p t and, indented below it, its parent and groups, recursively. */
static void print_containers(const shr_territory *t, int depth)
{
    if (depth > SHR_LIMIT_DEPTH * 4) /* the graph is acyclic; this only bounds the output */
        return;
    int64_t pop = shr_territory_population(t);
    printf("%*s%s %s (%s", depth * 2, "", depth ? "<" : "*", shr_territory_name(t),
           shr_territory_kind_name(shr_territory_kind_of(t)));
    if (pop != SHR_NO_POPULATION)
        printf(", %lld inhabitants", (long long)pop);
    printf(") [%s]\n", shr_territory_id(t));
    const shr_territory *parent = shr_territory_parent(t);
    if (parent)
        print_containers(parent, depth + 1);
    for (size_t i = 0; i < shr_territory_group_count(t); i++)
        print_containers(shr_territory_group_at(t, i), depth + 1);
}

static void print_practice(const shr_practice *p)
{
    const shr_category *c = shr_practice_category(p);
    printf("  - %s: %s (%s, %s", shr_practice_id(p), shr_practice_name(p),
           c ? shr_category_label(c, "fr") : "?", shr_status_name(shr_practice_status(p)));
    if (shr_practice_started(p) != SHR_NO_YEAR)
        printf(", since %ld", (long)shr_practice_started(p));
    printf(")\n");
    for (size_t i = 0; i < shr_practice_actor_count(p); i++)
        printf("      %s: %s\n", shr_role_name((shr_role)shr_practice_actor_role(p, i)),
               shr_actor_name(shr_practice_actor_at(p, i)));
}

int main(int argc, char **argv)
{
    const char *town_id = argc > 1 ? argv[1] : "fr-com-88160";
    shr_error err;
    shr_error_clear(&err);

    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat) {
        fprintf(stderr, "walk_catalog: out of memory\n");
        return 1;
    }
    if (shr_catalog_load_default(cat, &err) != SHR_OK) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", err.file, err.line, err.column, err.message);
        shr_catalog_free(cat);
        return 1;
    }
    const shr_territory *town = shr_catalog_territory(cat, town_id);
    if (!town) {
        fprintf(stderr, "walk_catalog: no territory '%s'\n", town_id);
        shr_catalog_free(cat);
        return 1;
    }

    printf("Territories containing %s (parent and groups, up to the country):\n",
           shr_territory_name(town));
    print_containers(town, 0);

    printf("\nAll %zu territories it is within:\n", shr_territory_ancestor_count(town));
    for (size_t i = 0; i < shr_territory_ancestor_count(town); i++) {
        const shr_territory *a = shr_territory_ancestor_at(town, i);
        printf("  %-10s %s\n", shr_territory_kind_name(shr_territory_kind_of(a)),
               shr_territory_name(a));
    }

    size_t n = shr_territory_practice_count(town);
    printf("\nPractices that name %s (%zu):\n", shr_territory_name(town), n);
    for (size_t i = 0; i < n; i++)
        print_practice(shr_territory_practice_at(town, i));

    /* The same filter as the expression "in:ID", built with a call. */
    shr_query *q = shr_query_field(cat, SHR_FIELD_IN, town_id, &err);
    shr_result *r = NULL;
    if (!q || shr_query_run(q, &r, &err) != SHR_OK) {
        fprintf(stderr, "walk_catalog: %s\n", err.message);
        shr_query_free(q);
        shr_catalog_free(cat);
        return 1;
    }
    printf("\nPractices within %s, in:%s (%zu):\n", shr_territory_name(town), town_id,
           shr_result_count(r));
    for (size_t i = 0; i < shr_result_count(r); i++)
        print_practice(shr_result_at(r, i));

    shr_result_free(r);
    shr_query_free(q);
    shr_catalog_free(cat);
    return 0;
}
