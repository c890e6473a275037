/* roadmap: a town's application printing its feuille de route: the fiches-actions of the
 * référentiel ranked for the town (docs/roadmap.md), each with why, the first steps, who could
 * lead it and the nearest peer examples.
 *
 *     roadmap [TERRITORY-ID [fr|en]]     (default: fr-com-56121, Lorient, in French)
 */
#include <stdio.h>

#include <sharitories/sharitories.h>

int main(int argc, char **argv)
{
    const char *territory_id = argc > 1 ? argv[1] : "fr-com-56121";
    const char *lang = argc > 2 ? argv[2] : "fr";
    shr_error err;
    shr_error_clear(&err);

    shr_catalog *cat = shr_catalog_new(NULL);
    if (!cat) {
        fprintf(stderr, "roadmap: out of memory\n");
        return 1;
    }
    if (shr_catalog_load_default(cat, &err) != SHR_OK) {
        fprintf(stderr, "%s:%u:%u: error: %s\n", err.file, err.line, err.column, err.message);
        shr_catalog_free(cat);
        return 1;
    }

    /* The options struct is versioned: start from the defaults, change what you need. */
    shr_roadmap_options opts = SHR_ROADMAP_OPTIONS_INIT;
    opts.top = 5;
    opts.lang = lang;
    shr_roadmap *rm = NULL;
    if (shr_roadmap_compute(cat, territory_id, &opts, &rm, &err) != SHR_OK) {
        fprintf(stderr, "roadmap: %s\n", err.message);
        shr_catalog_free(cat);
        return 1;
    }

    const shr_territory *t = shr_roadmap_territory(rm);
    printf("%s — %zu peers, %zu fiches in the référentiel\n\n", shr_territory_name(t),
           shr_roadmap_peer_count(rm), shr_catalog_action_count(cat));
    for (size_t i = 0; i < shr_roadmap_count(rm); i++) {
        const shr_action *a = shr_roadmap_action(rm, i);
        printf("%zu. %s [%s, %s, %d months] score %.4f\n", i + 1, shr_action_title(a, lang),
               shr_action_phase_label(shr_action_phase_of(a), lang),
               shr_action_effort_label(shr_action_effort_of(a), lang), shr_action_horizon(a),
               shr_roadmap_score(rm, i));
        printf("   %s\n", shr_roadmap_why(rm, i, lang));
        size_t nsteps = shr_action_item_count(a, SHR_ACTION_STEPS);
        for (size_t k = 0; k < nsteps && k < 2; k++)
            printf("   step %zu: %s\n", k + 1, shr_action_item_at(a, SHR_ACTION_STEPS, k, lang));
        for (size_t k = 0; k < shr_roadmap_example_count(rm, i); k++) {
            double km = shr_roadmap_example_distance_km(rm, i, k);
            printf("   learn from: %s (%s", shr_practice_name(shr_roadmap_example_at(rm, i, k)),
                   shr_territory_name(shr_roadmap_example_territory(rm, i, k)));
            if (km >= 0)
                printf(", %.0f km", km);
            printf(")\n");
        }
        printf("\n");
    }
    int status = shr_roadmap_count(rm) > 0 ? 0 : 1; /* a town with no recommendation: say so */
    if (status)
        fprintf(stderr, "roadmap: no recommendation for %s\n", territory_id);
    shr_roadmap_free(rm);
    shr_catalog_free(cat);
    return status;
}
