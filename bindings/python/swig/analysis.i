/* Analyses, report, map, fiches-actions and roadmaps (part of sharitories.i); the C is
 * src/analysis.c and src/actions.c. */

SHR_PY_OWNED(shr_py_inspiration, shr_inspiration, shr_inspiration_free, "An owned shr_inspiration (analysis.h): frees it, then releases its catalog.")
SHR_PY_OWNED(shr_py_comparison, shr_comparison, shr_comparison_free, "An owned shr_comparison (analysis.h): frees it, then releases its catalog.")
SHR_PY_OWNED(shr_py_network, shr_network, shr_network_free, "An owned shr_network (analysis.h): frees it, then releases its catalog.")

%ignore shr_inspire_options;
%ignore shr_inspiration_compute;
%ignore shr_inspiration_free;
%ignore shr_comparison_compute;
%ignore shr_comparison_free;
%ignore shr_network_compute;
%ignore shr_network_free;
%ignore shr_report_options;
%ignore shr_report_write_file;
%ignore shr_report_save;
%ignore SHR_INSPIRE_OPTIONS_INIT;
%ignore SHR_REPORT_OPTIONS_INIT;

%include <sharitories/inspiration.h>
%include <sharitories/comparison.h>
%include <sharitories/network.h>
%include <sharitories/export.h>
%include <sharitories/report.h>

/* ---------------------------------------------------------------- inspire */

%newobject shr_py_inspire;
SHR_PY_CHECKED(shr_py_inspire)
SHR_PY_CHECKED(shr_py_inspiration_data)
%feature("docstring") shr_py_inspire "shr_py_inspire(catalog, territory, peers, band_low, band_high, examples, query, by_distance) -> an owned inspiration.\n\npeers: None (find them by kind and population band) or a sequence of territory ids; query: None or a query expression whose practices alone count; by_distance: nonzero to take the peers' practices nearest to the territory as examples. Raises Error (ENOTFOUND, EINVAL), QueryError, TypeError.";
%feature("docstring") shr_py_inspiration_data "shr_py_inspiration_data(inspiration) -> (territory, [peer], lacks, has), each list of (category, peers_with, share, own, [(practice, territory)]) with borrowed pointers.";

/* ---------------------------------------------------------------- compare */

%newobject shr_py_compare;
SHR_PY_CHECKED(shr_py_compare)
SHR_PY_CHECKED(shr_py_comparison_data)
%feature("docstring") shr_py_compare "shr_py_compare(catalog, territories, dimension, query) -> an owned comparison.\n\nterritories: a sequence of territory ids; query: None or an expression whose practices alone count. Raises Error (ENOTFOUND, EINVAL), QueryError, ValueError for an unknown dimension.";
%feature("docstring") shr_py_comparison_data "shr_py_comparison_data(comparison, per) -> (dimension, territories, keys): territories a list of (territory, total, total per `per` inhabitants or None), keys a list of (key, label_fr, label_en, [count per territory], [per `per` inhabitants or None]).";

/* ---------------------------------------------------------------- network */

%newobject shr_py_network_build;
SHR_PY_CHECKED(shr_py_network_build)
SHR_PY_CHECKED(shr_py_network_data)
%feature("docstring") shr_py_network_build "shr_py_network_build(catalog, result) -> an owned network of the practices of result (an owned result of the same catalog), or of every practice when result is None. Raises Error (EINVAL for a result of another catalog).";
%feature("docstring") shr_py_network_data "shr_py_network_data(network) -> (nodes, edges, spanning, multi_department): nodes a list of (actor, practices, [department]), edges of (source node index, target node index, weight), spanning a list of practices, multi_department a list of node indices.";

/* ---------------------------------------------------------------- report */

SHR_PY_CHECKED(shr_py_report)
%feature("docstring") shr_py_report "shr_py_report(catalog, territory, path, lang, peers, band_low, band_high, max_peers_shown, max_inspirations, examples, generated) -> None after saving the report to path atomically (shr_report_save), or, when path is None, the HTML page as str (shr_report_write_file). Counts < 0 mean all (SHR_NONE). Raises Error (ENOTFOUND, EINVAL, EIO).";

/* ---------------------------------------------------------------- map (map.h) */

SHR_PY_CHECKED(shr_py_map)
%feature("docstring") shr_py_map "shr_py_map(catalog, query, by, per, classes, lang, title, outlines, path) -> None after saving the SVG map to path atomically (shr_map_save), or, when path is None, the SVG document as str (shr_map_write_file). Raises QueryError, Error (EINVAL, EIO, EFORMAT).";

/* ================================================================ fiches-actions and roadmap
 * (action.h, roadmap.h; issue 12). The Python layer is bindings/python/sharitories/_actions.py. */

%ignore shr_action_filter;
%ignore SHR_ACTION_FILTER_INIT;
%ignore SHR_ACTION_FILTER_VERSION;
%ignore shr_action_matches; /* the filter is applied in Python (Catalog.actions) */
%include <sharitories/action.h>

SHR_PY_OWNED(shr_py_roadmap, shr_roadmap, shr_roadmap_free, "An owned shr_roadmap (roadmap.h): frees it, then releases its catalog.")

%ignore shr_roadmap_options;
%ignore shr_roadmap_compute;
%ignore shr_roadmap_free;
%ignore SHR_ROADMAP_OPTIONS_INIT;
%ignore SHR_ROADMAP_OPTIONS_VERSION;
%include <sharitories/roadmap.h>

SHR_PY_CHECKED(shr_py_catalog_actions)
%feature("docstring") shr_py_catalog_actions "shr_py_catalog_actions(catalog) -> the fiches-actions of a catalog, as a list of borrowed pointers, in catalog order.";
SHR_PY_CHECKED(shr_py_action_data)
%feature("docstring") shr_py_action_data "shr_py_action_data(action) -> (axes, categories, audience, lead, partners, {list name: [(fr, en)]}, links, sources): axis and category ids, names of the enumerations.";
%newobject shr_py_roadmap_compute;
SHR_PY_CHECKED(shr_py_roadmap_compute)
%feature("docstring") shr_py_roadmap_compute "shr_py_roadmap_compute(catalog, territory, peers, band_low, band_high, top, examples, lang) -> an owned roadmap (shr_roadmap_compute). peers: None or a sequence of territory ids. Raises Error (ENOTFOUND, EINVAL).";
SHR_PY_CHECKED(shr_py_roadmap_data)
%feature("docstring") shr_py_roadmap_data "shr_py_roadmap_data(roadmap) -> (territory, [peer], [(action, score, gap, weakness, lead, category, peers_having, own, local, weak_axis or -1, why_fr, why_en, lead_total, [actor], [(practice, territory, km)])]) with borrowed pointers.";
