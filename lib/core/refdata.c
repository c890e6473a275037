/*
 * Built-in reference data: the five thematic axes of the Sharitories study (labels from
 * format.md; descriptions and key questions from the study's "Cinq axes thématiques", seed
 * 001_313ab9ee67fda5b0.txt, English by the project) and the category taxonomy of format.md.
 */
#include "model.h"

#include <string.h>

static const char *const q_contributors_fr[] = {
    "Pour quelles raisons une personne décide-t-elle d’échanger, de partager quelque chose ? Pourquoi d’autres ne le font pas ?",
    "Comment diffuser cette culture du partage et rendre accessibles ces usages à l’ensemble des acteurs d’un territoire ?",
    "Ces pratiques collaboratives sont-elles seulement une évolution des formes de consommation ou esquissent-elles de nouvelles formes d’implication, renforçant les capacités d’agir individuelles et collectives ?",
    NULL};
static const char *const q_contributors_en[] = {
    "Why does a person decide to exchange or share something? Why do others not?",
    "How can this culture of sharing spread, and these uses be made accessible to all the actors of a territory?",
    "Are collaborative practices only a change in forms of consumption, or do they sketch new forms of involvement that strengthen individual and collective capacity to act?",
    NULL};
static const char *const q_public_actor_fr[] = {
    "Ne peut-on pas imaginer un service public local collaboratif, qui permette à la collectivité d’innover dans son organisation interne et dans sa façon de concevoir des politiques ?",
    "Les pratiques collaboratives peuvent-elles renouveler les mécanismes de la démocratie locale en repensant les relations entre acteur public et société civile (citoyens, organisations) ?",
    NULL};
static const char *const q_public_actor_en[] = {
    "Can we imagine a collaborative local public service that lets the local authority innovate in its internal organisation and in the way it designs policies?",
    "Can collaborative practices renew the mechanisms of local democracy by rethinking the relations between the public actor and civil society (citizens, organisations)?",
    NULL};
static const char *const q_solidarity_fr[] = {
    "En favorisant la réutilisation et le partage de biens, de services et de connaissances, les pratiques collaboratives peuvent-elles contribuer à renforcer le mieux vivre ensemble sur les territoires ?",
    "Comment favoriser des espaces de vie inclusifs et solidaires ?",
    "Dans quelle mesure les pratiques collaboratives peuvent-elles répondre à des besoins peu ou mal pris en charge par le marché et l’acteur public ?",
    "Comment associer initiatives publiques et privées tout en évitant une marchandisation des solidarités ?",
    NULL};
static const char *const q_solidarity_en[] = {
    "By encouraging the reuse and sharing of goods, services and knowledge, can collaborative practices help people live better together in their territories?",
    "How can inclusive and caring living spaces be fostered?",
    "To what extent can collaborative practices meet needs that the market and the public actor cover poorly or not at all?",
    "How can public and private initiatives be combined while avoiding the commodification of solidarity?",
    NULL};
static const char *const q_co_production_fr[] = {
    "Comment faciliter le passage à l’échelle de ces pratiques tout en gardant une cohérence avec les activités existantes, sans les affecter ?",
    "Comment imaginer une répartition des richesses créées qui soit favorable au territoire et à ses citoyens ?",
    "Dans quelle mesure les pratiques collaboratives peuvent-elles permettre aux territoires de tirer profit des évolutions des formes du travail, de l’emploi salarié au bénévolat ?",
    NULL};
static const char *const q_co_production_en[] = {
    "How can these practices scale up while staying consistent with existing activities, without harming them?",
    "How can the wealth created be shared in a way that benefits the territory and its citizens?",
    "To what extent can collaborative practices let territories benefit from the changing forms of work, from salaried employment to volunteering?",
    NULL};
static const char *const q_shared_resources_fr[] = {
    "Comment les pratiques collaboratives peuvent-elles aider les territoires à tendre vers une meilleure optimisation de leurs ressources, matérielles et immatérielles ?",
    "Comment imaginer des biens et des espaces plus facilement partageables ?",
    "Comment fluidifier les formes de partage, notamment entre organisations publiques et privées ?",
    "Comment organiser les autorisations d’accès, les responsabilités assurantielles et personnelles ?",
    NULL};
static const char *const q_shared_resources_en[] = {
    "How can collaborative practices help territories make better use of their resources, material and immaterial?",
    "How can goods and spaces be made easier to share?",
    "How can sharing be made smoother, especially between public and private organisations?",
    "How should access rights and insurance and personal liabilities be organised?",
    NULL};

const shr_axis_text shr__axis_texts[SHR_AXIS_COUNT] = {
    {"contributors",
     {"De l'individu au collectif, devenir contributeurs",
      "From individuals to a collective: becoming contributors"},
     {"Covoiturage, revente et achat de biens d’occasion, dons, partage d’information et de connaissances : de nouveaux usages apparaissent, d’autres se démocratisent, esquissant pour certains une société plus contributive.",
      "Carpooling, buying and selling second-hand goods, donations, sharing information and knowledge: new uses appear, others become widespread, sketching for some a more contributive society."},
     {q_contributors_fr, q_contributors_en}},
    {"public_actor",
     {"Quelle place pour l'acteur public local dans une société collaborative",
      "The local public actor in a collaborative society"},
     {"Fondées sur des échanges entre pairs, les pratiques collaboratives bouleversent nos façons de nous informer, de consommer, de produire et de travailler ; de nouveaux services émergent sans que les collectivités, habituées à un fonctionnement centralisé et hiérarchique, puissent toujours les repérer ou les accompagner.",
      "Built on exchanges between peers, collaborative practices are changing how we find information, consume, produce and work; new services emerge that local authorities, used to centralised and hierarchical ways, cannot always detect or support."},
     {q_public_actor_fr, q_public_actor_en}},
    {"solidarity",
     {"Les pratiques collaboratives, vecteur de solidarités sur le territoire",
      "Collaborative practices as a vector of solidarity"},
     {"Alors que les financements publics se réduisent et que les difficultés sociales persistent, la question de la solidarité sur les territoires est d’autant plus cruciale.",
      "As public funding shrinks and social hardship persists, solidarity within territories matters all the more."},
     {q_solidarity_fr, q_solidarity_en}},
    {"co_production",
     {"Le territoire, espace de co-production", "The territory as a space of co-production"},
     {"Circuits courts alimentaires, coopératives d’énergie citoyenne, réseaux d’échanges de savoirs, valorisation du patrimoine, services collaboratifs où l’usager est tantôt demandeur, tantôt offreur : ces pratiques permettent de co-produire un service, un bien ou des savoirs entre acteurs d’un même territoire.",
      "Short food circuits, citizen energy co-operatives, knowledge exchange networks, heritage initiatives, collaborative services where users are sometimes customers and sometimes providers: these practices let the actors of one territory co-produce a service, a good or knowledge."},
     {q_co_production_fr, q_co_production_en}},
    {"shared_resources",
     {"Vers un usage partagé des ressources territoriales",
      "Towards a shared use of territorial resources"},
     {"Bricothèque, ateliers et jardins partagés, recyclerie et surcyclage, flotte de véhicules partagés, espace de coworking : ces pratiques conduisent à repenser la manière de fabriquer et d’habiter son territoire, avec plus de services et moins d’infrastructures, en réduisant les actifs dormants et le gaspillage.",
      "Tool libraries, shared workshops and gardens, recycling and upcycling, shared vehicle fleets, coworking spaces: these practices rethink how a territory is made and lived in, with more services and less infrastructure, fewer idle assets and less waste."},
     {q_shared_resources_fr, q_shared_resources_en}},
};

#define CO SHR_AXIS_CONTRIBUTORS
#define PA SHR_AXIS_PUBLIC_ACTOR
#define SO SHR_AXIS_SOLIDARITY
#define CP SHR_AXIS_CO_PRODUCTION
#define SR SHR_AXIS_SHARED_RESOURCES
#define CONS SHR_FAMILY_CONSUMPTION
#define PROD SHR_FAMILY_PRODUCTION
#define FIN SHR_FAMILY_FINANCE
#define GOV SHR_FAMILY_GOVERNANCE

const shr_builtin_category shr__builtin_categories[] = {
    {"carpooling", "covoiturage", "carpooling", CONS, 2, {SR, CO}},
    {"carsharing", "autopartage", "car-sharing", CONS, 1, {SR}},
    {"bike_sharing", "vélos partagés", "bike sharing", CONS, 1, {SR}},
    {"on_demand_transport", "transport solidaire à la demande", "on-demand community transport", CONS, 2, {SO, SR}},
    {"coworking", "espace de coworking", "coworking space", PROD, 2, {SR, CP}},
    {"third_place", "tiers-lieu", "third place", PROD, 3, {SR, CP, CO}},
    {"telecentre", "télécentre", "telecentre", PROD, 1, {SR}},
    {"fablab", "fablab", "fablab", PROD, 2, {CP, CO}},
    {"repair_cafe", "repair café", "repair café", PROD, 2, {SR, SO}},
    {"tool_library", "bricothèque, outilthèque", "tool library", CONS, 1, {SR}},
    {"recycling_centre", "recyclerie, ressourcerie", "recycling and reuse centre", PROD, 2, {SR, SO}},
    {"upcycling", "surcyclage", "upcycling", PROD, 2, {SR, CP}},
    {"second_hand", "revente, troc et dons entre particuliers", "resale, swaps and donations between individuals", CONS, 2, {SR, CO}},
    {"shared_garden", "jardin partagé", "shared garden", CONS, 2, {SR, SO}},
    {"amap", "AMAP", "community-supported agriculture (AMAP)", CONS, 1, {CP}},
    {"short_food_circuit", "circuit court alimentaire", "short food supply chain", CONS, 1, {CP}},
    {"food_coop", "supermarché coopératif", "co-operative supermarket", CONS, 2, {CP, CO}},
    {"citizen_energy", "coopérative d'énergie citoyenne", "citizen energy co-operative", PROD, 1, {CP}},
    {"knowledge_exchange", "réseau d'échange de savoirs", "knowledge exchange network", CONS, 2, {CO, SO}},
    {"knowledge_platform", "plateforme de partage de connaissances", "knowledge-sharing platform", PROD, 1, {CO}},
    {"open_data", "données ouvertes, cartographie contributive", "open data, collaborative mapping", GOV, 2, {PA, CO}},
    {"crowdfunding", "financement participatif", "crowdfunding", FIN, 2, {CP, CO}},
    {"participatory_budget", "budget participatif", "participatory budget", GOV, 1, {PA}},
    {"local_currency", "monnaie locale", "local currency", FIN, 1, {CP}},
    {"civic_participation", "démocratie participative, consultation citoyenne", "participatory democracy, citizen consultation", GOV, 1, {PA}},
    {"public_innovation_lab", "laboratoire d'innovation publique", "public innovation lab", GOV, 1, {PA}},
    {"mutual_aid", "réseau de voisinage, entraide", "neighbourhood network, mutual aid", CONS, 1, {SO}},
    {"time_bank", "banque de temps, SEL", "time bank, local exchange trading system", CONS, 2, {SO, CO}},
    {"shared_housing", "habitat partagé", "shared housing", CONS, 2, {SO, SR}},
    {"heritage", "valorisation du patrimoine", "heritage promotion", PROD, 1, {CP}},
    {"community_network", "réseau d'animateurs, communauté en ligne", "network of facilitators, online community", GOV, 1, {CO}},
    {"innovation_workshop", "atelier de créativité et d'innovation", "creativity and innovation workshop", PROD, 1, {CP}},
};

const size_t shr__builtin_category_count =
    sizeof shr__builtin_categories / sizeof shr__builtin_categories[0];

int shr__lang_index(const char *lang)
{
    if (!lang)
        return -1;
    if (strcmp(lang, "fr") == 0)
        return 0;
    if (strcmp(lang, "en") == 0)
        return 1;
    return -1;
}

int shr__axis_from_id(const char *id, size_t len)
{
    for (int i = 0; i < SHR_AXIS_COUNT; i++)
        if (strlen(shr__axis_texts[i].id) == len && memcmp(shr__axis_texts[i].id, id, len) == 0)
            return i;
    return -1;
}
