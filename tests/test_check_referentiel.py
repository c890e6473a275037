#!/usr/bin/python3
"""tools/check_referentiel.py on the bundled référentiel (passes) and on broken copies of it
(each fails with a file:line:column message naming the rule).

Usage: /usr/bin/python3 tests/test_check_referentiel.py [SOURCE_ROOT]
"""

import os
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = (sys.argv.pop(1) if len(sys.argv) > 1
        else os.environ.get("SHARITORIES_SOURCE_ROOT",
                            os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CHECKER = os.path.join(ROOT, "tools", "check_referentiel.py")
BUNDLED = os.path.join(ROOT, "data", "referentiel-actions.yaml")


def run(path, *opts):
    p = subprocess.run([sys.executable, CHECKER, path] + list(opts),
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class Referentiel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(BUNDLED, encoding="utf-8") as f:
            cls.text = f.read()

    def broken(self, old, new, count=1, *opts):
        """Run the checker on a copy of the bundled file with OLD replaced by NEW."""
        self.assertIn(old, self.text)
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False,
                                         encoding="utf-8") as f:
            f.write(self.text.replace(old, new, count))
        try:
            return run(f.name, *opts)
        finally:
            os.unlink(f.name)

    def assertFails(self, result, pattern):
        rc, _, err = result
        self.assertEqual(rc, 1, err)
        self.assertRegex(err, r"(?m)^\S+\.yaml:\d+:\d+: .*" + pattern)

    def test_bundled_file_passes_with_full_coverage(self):
        rc, out, err = run(BUNDLED, "--report")
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "")
        n = int(re.search(r"^actions: (\d+)$", out, re.M).group(1))
        self.assertGreaterEqual(n, 40)
        # every axis at least 5, every built-in category (32) at least once
        axes = dict(re.findall(r"^  (contributors|public_actor|solidarity|co_production|"
                               r"shared_resources) +(\d+)$", out, re.M))
        self.assertEqual(len(axes), 5)
        self.assertTrue(all(int(v) >= 5 for v in axes.values()), axes)
        cats = out.split("per category:\n", 1)[1].splitlines()
        self.assertEqual(len(cats), 32)
        self.assertTrue(all(int(line.split()[1]) >= 1 for line in cats), cats)

    def test_missing_english_text(self):
        self.assertFails(self.broken('en: "Map the territory\'s collaborative practices and open the data"}',
                                     '}'), "en text missing")

    def test_empty_french_text(self):
        self.assertFails(self.broken('{fr: "Cartographier les pratiques collaboratives du territoire et ouvrir les données",',
                                     '{fr: " ",'), "title.fr is empty")

    def test_unknown_key(self):
        self.assertFails(self.broken("    phase: awareness\n", "    phase: awareness\n    budget: 3\n"),
                         "unknown action key budget")

    def test_bad_enumeration(self):
        self.assertFails(self.broken("    effort: low\n", "    effort: tiny\n"), "bad effort 'tiny'")

    def test_horizon_out_of_range(self):
        self.assertFails(self.broken("    horizon: 9\n", "    horizon: 121\n"), "horizon")

    def test_duplicate_id(self):
        self.assertFails(self.broken("  - id: participatory-budget\n", "  - id: Map-Practices-Open-Data\n"),
                         "duplicate action id")

    def test_unknown_category(self):
        self.assertFails(self.broken("categories: [open_data, community_network]",
                                     "categories: [open_data, hackerspace]"), "unknown category hackerspace")

    def test_unquoted_text(self):
        self.assertFails(self.broken('title: {fr: "Lancer un budget participatif",',
                                     'title: {fr: Lancer un budget participatif,'),
                         "double-quoted")

    def test_missing_required_key(self):
        self.assertFails(self.broken("    phase: awareness\n", "\n"), "required key phase missing")

    def test_coverage_of_a_category(self):
        # the only fiche of category heritage loses it: coverage fails, the schema alone passes
        old = "categories: [heritage, knowledge_platform, crowdfunding]"
        new = "categories: [knowledge_platform, crowdfunding]"
        self.assertFails(self.broken(old, new), "built-in category heritage is in no action")
        rc, _, err = self.broken(old, new, 1, "--schema-only")
        self.assertEqual(rc, 0, err)

    def test_fiche_completeness(self):
        # collaborative-discovery-day has 2 indicators; with 1 it is incomplete (schema still fine)
        old = ('      - {fr: "Nombre d\'idées de projets reprises dans les mois suivants.",\n'
               '         en: "Number of project ideas taken up in the following months."}\n')
        self.assertFails(self.broken(old, ""), "1 indicators, the référentiel wants 2 to 4")
        rc, _, err = self.broken(old, "", 1, "--schema-only")
        self.assertEqual(rc, 0, err)

    def test_not_yaml(self):
        rc, _, _ = self.broken("actions:\n", "actions: [\n")
        self.assertEqual(rc, 2)


if __name__ == "__main__":
    unittest.main(verbosity=1)
