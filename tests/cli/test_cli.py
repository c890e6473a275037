#!/usr/bin/python3
"""Tests of the `sharitories` command-line tool (tools/cli/).

Run by Meson (`meson test -C build cli`) with Debian's /usr/bin/python3:

    /usr/bin/python3 tests/cli/test_cli.py PATH/TO/sharitories [--valgrind] [unittest args]

The tool may also be given with the environment variable SHARITORIES_CLI (then the script runs
under pytest too: `SHARITORIES_CLI=build/tools/cli/sharitories /usr/bin/python3 -m pytest
tests/cli`). SHARITORIES_DATA_DIR selects the bundled catalog (default: the source tree's
data/).

With --valgrind, every run of the tool is wrapped in valgrind (errors and definite or indirect
leaks fail the run), and only the tests on the small catalogs of tests/cli/data run (the
bundled catalog is too large to load many times under valgrind); the suite
ValgrindDefaultCatalogTest then loads the bundled catalog once.
"""

import csv
import functools
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import unicodedata
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get("SHARITORIES_SOURCE_ROOT") or os.path.dirname(os.path.dirname(HERE))
DATA_DIR = os.environ.get("SHARITORIES_DATA_DIR") or os.path.join(SOURCE_ROOT, "data")
TEST_DATA = os.path.join(HERE, "data")
SMALL = os.path.join(TEST_DATA, "small.yaml")
EXTRA = os.path.join(TEST_DATA, "extra.yaml")

CLI = os.environ.get("SHARITORIES_CLI")
WRAPPER = shlex.split(os.environ.get("SHARITORIES_CLI_WRAPPER", ""))
VALGRIND = [
    "valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
    "--show-leak-kinds=definite,indirect", "--errors-for-leak-kinds=definite,indirect",
]

CSV_FIELDS = [
    "id", "name", "category", "family", "axes", "territories", "actors", "status", "started",
    "ended", "description", "tags", "figures", "links", "address", "latitude", "longitude",
]
COMMANDS = ["validate", "save", "query", "panorama"]
LAST_LINE = re.compile(r"^(\d+) territories, (\d+) actors, (\d+) practices$")
LOAD_ERROR = re.compile(r"^(.+):(\d+):(\d+): error: (.+)$")


LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def run(*args, expect=None, locale=None):
    """Run the tool; returns (returncode, stdout, stderr) as text. With @p expect, check the
    exit status. The locale variables are removed (messages in English) unless @p locale
    gives some ({"LANG": "fr_FR.UTF-8"})."""
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    env.update(locale or {})
    env["SHARITORIES_DATA_DIR"] = DATA_DIR
    proc = subprocess.run(WRAPPER + [CLI] + [str(a) for a in args], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1800)
    out = proc.stdout.decode("utf-8")
    err = proc.stderr.decode("utf-8")
    if proc.returncode == 99 and WRAPPER:
        raise AssertionError("valgrind reported errors for %r:\n%s" % (args, err))
    if proc.returncode < 0:
        raise AssertionError("the tool died of signal %d for %r:\n%s"
                             % (-proc.returncode, args, err))
    if expect is not None and proc.returncode != expect:
        raise AssertionError("exit %d (expected %d) for %r\nstdout:\n%s\nstderr:\n%s"
                             % (proc.returncode, expect, args, out[:3000], err[:3000]))
    return proc.returncode, out, err


@functools.lru_cache(maxsize=None)
def run_cached(*args):
    """run() with exit 0 expected and an empty stderr, memoised (the bundled catalog is big)."""
    _, out, err = run(*args, expect=0)
    assert err == "", err
    return out


def default_files():
    """Paths of the bundled catalog, from its manifest."""
    with open(os.path.join(DATA_DIR, "default.catalog"), encoding="utf-8") as f:
        names = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    return [os.path.join(DATA_DIR, n) for n in names]


def count_records(paths):
    """Count the `- id:` records of the territories, actors and practices sections (block
    style, as the data files are written: items indented by two spaces, or by none as
    `sharitories import` writes them)."""
    counts = {"territories": 0, "actors": 0, "practices": 0}
    for path in paths:
        section = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^([A-Za-z_]+):", line)
                if m:
                    section = m.group(1)
                elif section in counts and re.match(r"^(  )?- id:", line):
                    counts[section] += 1
    return counts


def fold(text):
    """Lower case, accents removed: for checking name order loosely."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def first_alnum(text):
    for c in fold(text):
        if c.isalnum():
            return c
    return ""


def last_line(text):
    lines = text.rstrip("\n").split("\n")
    return lines[-1]


def csv_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_dicts(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


class ToolTestCase(unittest.TestCase):
    maxDiff = None

    def assert_usage_error(self, *args):
        rc, out, err = run(*args)
        self.assertEqual(rc, 2, "exit status of %r (stderr: %s)" % (args, err))
        self.assertEqual(out, "", "a usage error prints nothing on stdout: %r" % (args,))
        self.assertTrue(err.strip(), "a usage error explains itself on stderr: %r" % (args,))
        return err

    def write_temp(self, name, text):
        d = tempfile.mkdtemp(prefix="shr-cli-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", d]))
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def temp_dir(self):
        d = tempfile.mkdtemp(prefix="shr-cli-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", d]))
        return d


# ---- Language of the messages (docs/errors.md, "The tool") -------------------------------------

FR = {"LANG": "fr_FR.UTF-8"}


class LanguageTest(ToolTestCase):
    BAD = ("sharitories: 1\nterritories:\n  - {id: t1, name: \"T1\", kind: commune}\n"
           "practices:\n  - id: p1\n    name: \"P1\"\n    colour: red\n")

    def test_load_error_in_french_with_lang(self):
        path = self.write_temp("bad.yaml", self.BAD)
        for args, locale in ((["--lang", "fr", "validate", path], None),
                             (["validate", "--lang", "fr", path], None),
                             (["validate", "-l", "fr", path], None),
                             (["validate", "--lang=fr", path], None),
                             (["validate", path], FR),
                             (["validate", path], {"LC_ALL": "fr_CA.UTF-8", "LANG": "C"}),
                             (["validate", path], {"LC_MESSAGES": "fr_FR", "LANG": "en_US"})):
            rc, out, err = run(*args, locale=locale)
            self.assertEqual(rc, 1, err)
            first = err.splitlines()[0]
            m = LOAD_ERROR.match(first)
            self.assertIsNotNone(m, first)
            # same place and prefix as in English, the message in French
            self.assertEqual((m.group(1), m.group(2), m.group(3)), (path, "7", "5"))
            self.assertIn("pratique 'p1' : champ 'colour' : valeur inconnue", m.group(4),
                          (args, locale))

    def test_english_wins_over_a_french_locale(self):
        path = self.write_temp("bad.yaml", self.BAD)
        for args in (["--lang", "en", "validate", path], ["validate", "--lang", "en", path]):
            _, _, err = run(*args, locale=FR, expect=1)
            self.assertIn(":7:5: error: practice 'p1': unknown field 'colour'", err)
        # LC_ALL before LANG: an English LC_ALL wins over a French LANG
        _, _, err = run("validate", path, locale={"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR"},
                        expect=1)
        self.assertIn("unknown field 'colour'", err)
        # no locale at all: English
        _, _, err = run("validate", path, expect=1)
        self.assertIn("unknown field 'colour'", err)

    def test_query_error_and_warning_in_french(self):
        expr = "fablab category:nosuch"
        rc, _, err = run("query", expr, SMALL, locale=FR)
        self.assertEqual(rc, 1)
        lines = err.split("\n")
        self.assertEqual(lines[0], expr)
        self.assertEqual(lines[1], " " * 16 + "^")
        self.assertEqual(lines[2], "sharitories: error: requête invalide : "
                                   "catégorie 'nosuch' introuvable")
        expr = "axis:solidarity or axis:contributors"
        _, _, err = run("--lang", "fr", "query", "--count", expr, SMALL, expect=0)
        lines = err.split("\n")
        self.assertEqual(lines[1], " " * 16 + "^")
        self.assertTrue(lines[2].startswith("sharitories: warning: 'or' est cherché comme un mot"),
                        lines[2])
        _, _, err = run("query", "--lang", "en", "--count", expr, SMALL, locale=FR, expect=0)
        self.assertIn("warning: 'or' is searched as a word", err)

    def test_tool_messages_in_french(self):
        _, _, err = run("nosuchcommand", locale=FR, expect=2)
        self.assertIn("sharitories: commande 'nosuchcommand' inconnue", err)
        self.assertIn("Essayez 'sharitories --help' pour plus d'informations.", err)
        _, _, err = run("--lang", "fr", "query", "--nosuch", expect=2)
        self.assertIn("sharitories query: option '--nosuch' inconnue", err)
        _, _, err = run("validate", "/nonexistent/x.yaml", locale=FR, expect=1)
        self.assertIn("/nonexistent/x.yaml: error: impossible d'ouvrir : fichier ou dossier "
                      "introuvable", err)
        _, _, err = run("panorama", SMALL, locale=FR, expect=2)
        self.assertIn("--by DIM manquant", err)

    def test_unknown_language_is_a_usage_error(self):
        for args in (["--lang", "xx", "validate"], ["validate", "--lang", "xx"],
                     ["panorama", "--by", "axis", "-l", "de"], ["--lang"], ["query", "--lang"]):
            err = self.assert_usage_error(*args)
            self.assertTrue("unknown language" in err or "needs a value" in err, err)
        err = self.assert_usage_error("--lang", "xx", "validate")
        self.assertIn("unknown language 'xx' (fr or en)", err)

    def test_lang_sets_the_documents_too(self):
        # one option: --lang en gives English labels, and the locale does not change them
        fr = run_cached("panorama", "--by", "axis", SMALL)
        en = run_cached("panorama", "--by", "axis", "--lang", "en", SMALL)
        self.assertNotEqual(fr, en)
        self.assertEqual(run("--lang", "en", "panorama", "--by", "axis", SMALL, expect=0)[1], en)
        self.assertEqual(run("panorama", "--by", "axis", SMALL, locale={"LANG": "en_US.UTF-8"},
                             expect=0)[1], fr)


# ---- Global options and usage errors (no catalog needed) ------------------------------------

class UsageTest(ToolTestCase):
    def test_version(self):
        _, out, err = run("--version", expect=0)
        self.assertRegex(out, r"^sharitories \d+\.\d+\.\d+")
        self.assertEqual(err, "")

    def test_global_help(self):
        _, out, err = run("--help", expect=0)
        self.assertTrue(out.startswith("usage: sharitories"))
        for cmd in COMMANDS:
            self.assertIn(cmd, out)
        self.assertEqual(err, "")

    def test_help_of_each_command(self):
        for cmd in COMMANDS:
            with self.subTest(cmd=cmd):
                _, out, err = run(cmd, "--help", expect=0)
                self.assertTrue(out.startswith("usage: sharitories " + cmd), out)
                self.assertEqual(err, "")
                _, out2, _ = run(cmd, "-h", expect=0)
                self.assertEqual(out, out2)

    def test_help_wins_over_other_arguments(self):
        _, out, _ = run("query", "--help", "axis:nope", expect=0)
        self.assertTrue(out.startswith("usage: sharitories query"))

    def test_no_command(self):
        err = self.assert_usage_error()
        self.assertIn("usage:", err)

    def test_unknown_command(self):
        err = self.assert_usage_error("frobnicate")
        self.assertIn("frobnicate", err)
        self.assertIn("usage:", err)

    def test_unknown_global_option(self):
        self.assert_usage_error("--frobnicate")

    def test_unknown_options(self):
        for cmd in COMMANDS:
            with self.subTest(cmd=cmd):
                err = self.assert_usage_error(cmd, "--frobnicate", SMALL)
                self.assertIn("--frobnicate", err)

    def test_option_without_value(self):
        self.assert_usage_error("query", "", SMALL, "--limit")
        self.assert_usage_error("save", SMALL, "-o")

    def test_query_usage_errors(self):
        self.assert_usage_error("query")
        self.assert_usage_error("query", "-f", "xml", "", SMALL)
        self.assert_usage_error("query", "--limit", "abc", "", SMALL)
        self.assert_usage_error("query", "--limit", "-1", "", SMALL)
        self.assert_usage_error("query", "--offset", "1x", "", SMALL)
        self.assert_usage_error("query", "--sort", "colour", "", SMALL)
        self.assert_usage_error("query", "--count=yes", "", SMALL)

    def test_panorama_usage_errors(self):
        self.assert_usage_error("panorama", SMALL)
        err = self.assert_usage_error("panorama", "--by", "colour", SMALL)
        self.assertIn("colour", err)
        self.assert_usage_error("panorama", "--by", "axis", "--by", "family", "--by", "status",
                                SMALL)
        self.assert_usage_error("panorama", "--by", "axis", "--by", "axis", SMALL)
        self.assert_usage_error("panorama", "--by", "axis", "-f", "ids", SMALL)
        self.assert_usage_error("panorama", "--by", "department", "--per", "0", SMALL)
        self.assert_usage_error("panorama", "--by", "department", "--per", "many", SMALL)
        for bad in ("-1", "nan", "NaN", "inf", "-10000", "1e400"):
            err = self.assert_usage_error("panorama", "--by", "department", "--per", bad, SMALL)
            self.assertIn("--per needs a number > 0", err)
        self.assert_usage_error("panorama", "--by", "axis", "--per", "1000", SMALL)
        self.assert_usage_error("panorama", "--by", "axis", "--lang", "de", SMALL)

    def test_save_usage_errors(self):
        self.assert_usage_error("save", SMALL)
        self.assert_usage_error("save", "-o", "", SMALL)

    def test_validate_usage_error(self):
        self.assert_usage_error("validate", "-x")


# ---- The small catalogs of tests/cli/data --------------------------------------------------

class SmallCatalogTest(ToolTestCase):
    def test_validate(self):
        _, out, err = run("validate", SMALL, expect=0)
        self.assertEqual(err, "")
        self.assertEqual(last_line(out), "7 territories, 3 actors, 5 practices")
        self.assertIn(SMALL, out)
        self.assertIn("Small test catalog", out)
        # Practices per family add up to the practices.
        self.assertRegex(out, r"(?m)^  consumption +2$")
        self.assertRegex(out, r"(?m)^  production +2$")
        self.assertRegex(out, r"(?m)^  governance +1$")
        self.assertRegex(out, r"(?m)^categories: \d+ \(\d+ built in, 1 added\)$")

    def test_validate_quiet(self):
        _, out, _ = run("validate", "--quiet", SMALL, expect=0)
        self.assertEqual(out, "7 territories, 3 actors, 5 practices\n")

    def test_validate_two_files_any_order(self):
        for files in ([SMALL, EXTRA], [EXTRA, SMALL]):
            with self.subTest(files=files):
                _, out, err = run("validate", *files, expect=0)
                self.assertEqual(last_line(out), "7 territories, 3 actors, 6 practices")
                self.assertEqual(err, "")

    def test_validate_file_alone_with_missing_references(self):
        rc, out, err = run("validate", EXTRA)
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        m = LOAD_ERROR.match(err.splitlines()[0])
        self.assertIsNotNone(m, err)
        self.assertEqual(m.group(1), EXTRA)
        # The first unknown reference: xx-com-1 on line 7 (`territories: [xx-com-1]`).
        self.assertEqual((m.group(2), m.group(3)), ("7", "19"))
        self.assertIn("xx-com-1", m.group(4))

    def test_query_ids(self):
        _, out, _ = run("query", "-f", "ids", "", SMALL, expect=0)
        self.assertEqual(out.split(), ["p-garden", "p-fablab", "p-budget", "p-swap", "p-energy"])
        _, out, _ = run("query", "-f", "ids", "in:xx-dep-1", SMALL, expect=0)
        self.assertEqual(out.split(), ["p-garden", "p-budget", "p-swap"])

    def test_query_expression_starting_with_dash(self):
        _, out, _ = run("query", "-f", "ids", "-status:ended", SMALL, expect=0)
        self.assertEqual(out.split(), ["p-garden", "p-fablab", "p-swap", "p-energy"])
        _, out2, _ = run("query", "-f", "ids", "--", "-status:ended", SMALL, expect=0)
        self.assertEqual(out, out2)

    def test_query_csv_fields_and_quoting(self):
        _, out, _ = run("query", "-f", "csv", "id:p-garden", SMALL, expect=0)
        rows = csv_rows(out)
        self.assertEqual(rows[0], CSV_FIELDS)
        self.assertEqual(len(rows), 2)
        row = dict(zip(CSV_FIELDS, rows[1]))
        self.assertEqual(row, {
            "id": "p-garden",
            "name": "Jardin partagé des Lilas",
            "category": "shared_garden",
            "family": "consumption",
            "axes": "shared_resources;solidarity",
            "territories": "xx-com-1",
            "actors": "mairie-1:funder;asso-1:carrier",
            "status": "active",
            "started": "2015",
            "ended": "",
            "description": 'Un jardin, des "parcelles" et\nune ligne de plus\\fin',
            "tags": "jardin;quartier",
            "figures": "plots=24;area_m2=1250.5",
            "links": "https://example.org/jardin?a=1&b=2",
            "address": "3 rue des Lilas, 00001 Ville-Une",
            "latitude": "46.501",
            "longitude": "3.2501",
        })

    def test_query_json_fields_and_escaping(self):
        _, out, _ = run("query", "-f", "json", "", SMALL, expect=0)
        data = json.loads(out)
        self.assertEqual([p["id"] for p in data],
                         ["p-garden", "p-fablab", "p-budget", "p-swap", "p-energy"])
        garden = data[0]
        self.assertEqual(sorted(garden), sorted(CSV_FIELDS))
        self.assertEqual(garden["description"],
                         'Un jardin, des "parcelles" et\nune ligne de plus\\fin')
        self.assertEqual(garden["axes"], ["shared_resources", "solidarity"])
        self.assertEqual(garden["actors"], [{"actor": "mairie-1", "role": "funder"},
                                            {"actor": "asso-1", "role": "carrier"}])
        self.assertEqual(garden["figures"], {"plots": 24, "area_m2": 1250.5})
        self.assertEqual(garden["started"], 2015)
        self.assertIsNone(garden["ended"])
        self.assertEqual(garden["latitude"], 46.501)
        self.assertEqual(garden["longitude"], 3.2501)
        budget = data[2]
        self.assertEqual(budget["territories"], ["xx-epci-1", "xx-com-2"])
        self.assertEqual((budget["status"], budget["started"], budget["ended"]),
                         ("ended", 2016, 2019))
        energy = data[4]
        self.assertEqual((energy["actors"], energy["tags"], energy["figures"], energy["links"]),
                         ([], [], {}, []))
        self.assertIsNone(energy["description"])
        self.assertIsNone(energy["address"])
        self.assertIsNone(energy["latitude"])
        swap = data[3]
        self.assertEqual((swap["category"], swap["family"], swap["axes"], swap["status"]),
                         ("test_swap", "consumption", ["solidarity"], "planned"))
        self.assertEqual(swap["tags"], ["troc", "vêtements"])

    def test_query_formats_agree(self):
        _, ids, _ = run("query", "-f", "ids", "", SMALL, expect=0)
        _, csv_out, _ = run("query", "-f", "csv", "", SMALL, expect=0)
        _, json_out, _ = run("query", "-f", "json", "", SMALL, expect=0)
        check_formats_agree(self, ids, csv_out, json_out)

    def test_query_empty_result(self):
        _, out, _ = run("query", "-f", "json", "tag:no-such-tag", SMALL, expect=0)
        self.assertEqual(json.loads(out), [])
        _, out, _ = run("query", "-f", "csv", "tag:no-such-tag", SMALL, expect=0)
        self.assertEqual(csv_rows(out), [CSV_FIELDS])
        _, out, _ = run("query", "-f", "ids", "tag:no-such-tag", SMALL, expect=0)
        self.assertEqual(out, "")
        _, out, _ = run("query", "--count", "tag:no-such-tag", SMALL, expect=0)
        self.assertEqual(out, "0\n")

    def test_query_table(self):
        _, out, err = run("query", "", SMALL, expect=0)
        self.assertEqual(err, "")
        lines = out.rstrip("\n").split("\n")
        for word in ("ID", "NAME", "CATEGORY", "TERRITORIES", "STATUS", "STARTED"):
            self.assertIn(word, lines[0])
        self.assertIn("Jardin partagé des Lilas", out)
        self.assertIn("Ville-Une", out)
        self.assertEqual(lines[-1], "5 practices")
        self.assertEqual(len(lines), 2 + 5 + 1)

    def test_query_count_sort_limit_offset(self):
        _, out, _ = run("query", "--count", "", SMALL, expect=0)
        self.assertEqual(out, "5\n")
        _, out, _ = run("query", "--count", "family:production OR status:planned", SMALL,
                        expect=0)
        self.assertEqual(out, "3\n")
        _, out, _ = run("query", "-f", "ids", "--sort", "id", "", SMALL, expect=0)
        self.assertEqual(out.split(), ["p-budget", "p-energy", "p-fablab", "p-garden", "p-swap"])
        _, out, _ = run("query", "-f", "ids", "--sort", "started", "", SMALL, expect=0)
        self.assertEqual(out.split(), ["p-garden", "p-budget", "p-fablab", "p-swap", "p-energy"])
        _, out, _ = run("query", "-f", "ids", "--sort=name", "", SMALL, expect=0)
        self.assertEqual(out.split(), ["p-budget", "p-swap", "p-energy", "p-fablab", "p-garden"])
        _, out, _ = run("query", "-f", "ids", "--sort", "id", "--reverse", "", SMALL, expect=0)
        self.assertEqual(out.split(), ["p-swap", "p-garden", "p-fablab", "p-energy", "p-budget"])
        _, out, _ = run("query", "-f", "ids", "--sort", "id", "--limit", "2", "--offset", "1",
                        "", SMALL, expect=0)
        self.assertEqual(out.split(), ["p-energy", "p-fablab"])
        _, out, _ = run("query", "-f", "ids", "--offset", "10", "", SMALL, expect=0)
        self.assertEqual(out, "")
        _, out, _ = run("query", "--count", "--limit", "2", "", SMALL, expect=0)
        self.assertEqual(out, "2\n")
        _, out, _ = run("query", "--limit", "2", "", SMALL, expect=0)
        self.assertEqual(last_line(out), "2 of 5 practices")

    def test_query_bad_expressions(self):
        cases = [
            ("axis:solidarity colour:red", 16, 26),   # unknown field
            ("axis:nope", 0, 9),                       # unknown value
            ("category:", 0, 9),                       # missing value
            ("started>=abc", 0, 12),                   # not a number
            ("(axis:solidarity", 0, 16),               # unclosed parenthesis
            ("in:no-such-place", 0, 16),               # unknown territory
        ]
        for expr, lo, hi in cases:
            with self.subTest(expr=expr):
                rc, out, err = run("query", expr, SMALL)
                self.assertEqual(rc, 1, err)
                self.assertEqual(out, "")
                check_caret(self, expr, err, lo, hi)

    def test_query_bad_expression_with_accents(self):
        # The caret counts characters, not bytes: é is one column.
        expr = "\"été\" colour:red"
        rc, _, err = run("query", expr, SMALL)
        self.assertEqual(rc, 1)
        lines = err.split("\n")
        self.assertEqual(lines[0], expr)
        self.assertEqual(lines[1], " " * 6 + "^")

    def test_query_warnings_on_stderr(self):
        # a lower-case or is searched as a word: the query runs, with a warning and a caret
        expr = "axis:solidarity or axis:contributors"
        rc, out, err = run("query", "--count", expr, SMALL)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.strip(), "0")
        lines = err.split("\n")
        self.assertEqual(lines[0], expr)
        self.assertEqual(lines[1], " " * 16 + "^")
        self.assertIn("warning: 'or' is searched as a word", lines[2])
        rc, out, err = run("query", "--count", "tag:no-such-tag", SMALL, expect=0)
        self.assertIn("no practice has the tag 'no-such-tag'", err)
        # AND, NOT and spaces around operators are no warning
        _, out, err = run("query", "--count", "NOT axis:solidarity AND started >= 2000", SMALL,
                          expect=0)
        self.assertEqual(err, "")

    def test_csv_injection_neutralised(self):
        # CSV injection (OWASP): formulas in text cells get a quote; --raw-csv writes them as is
        yaml = ("sharitories: 1\n"
                "territories:\n"
                "  - {id: t, name: \"=1+1\", kind: commune, population: 10}\n"
                "practices:\n"
                "  - id: p1\n"
                "    name: '=HYPERLINK(\"http://evil.example\",\"click\")'\n"
                "    category: fablab\n"
                "    territories: [t]\n"
                "    tags: [\"@SUM(1+1)\"]\n"
                "    location: [-33.5, -151.25]\n")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "evil.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(yaml)
            for args in (("query", "-f", "csv", ""), ("export", "-f", "csv", ""),
                         ("panorama", "-f", "csv", "--by", "tag")):
                with self.subTest(args=args):
                    _, out, _ = run(*args, path, expect=0)
                    self.assertNotIn(",=", out)
                    self.assertNotIn("\n=", out)
                    self.assertNotIn("\n@", out)
                    self.assertNotIn(",@", out)
                    self.assertTrue("'=HYPERLINK" in out or "'@SUM" in out, out)
                    _, raw, _ = run(*args, "--raw-csv", path, expect=0)
                    self.assertTrue("\"=HYPERLINK" in raw or "\n@SUM" in raw, raw)
            _, out, _ = run("query", "-f", "csv", "", path, expect=0)
            row = list(csv.reader(io.StringIO(out)))[1]
            self.assertIn("-33.5", row)  # coordinates keep their sign
            self.assertIn("'@SUM(1+1)", row)

    def test_panorama_csv_one_dimension(self):
        _, out, err = run("panorama", "-f", "csv", "--by", "axis", SMALL, expect=0)
        self.assertEqual(err, "")
        self.assertEqual(out, "axis,practices\npublic_actor,1\nsolidarity,2\n"
                              "co_production,2\nshared_resources,1\n")
        _, out, _ = run("panorama", "-f", "csv", "--by", "family", SMALL, expect=0)
        self.assertEqual(out, "family,practices\nconsumption,2\nproduction,2\ngovernance,1\n")

    def test_panorama_csv_per_capita(self):
        _, out, _ = run("panorama", "-f", "csv", "--by", "department", "--per", "10000", SMALL,
                        expect=0)
        self.assertEqual(out, "department,practices,per_10000\nxx-dep-1,3,0.15\nxx-dep-2,2,0.2\n")
        _, out, _ = run("panorama", "-f", "csv", "--by", "family", "--by", "department",
                        "--per", "1000", SMALL, expect=0)
        self.assertEqual(csv_rows(out), [
            ["family", "department", "practices", "per_1000"],
            ["consumption", "xx-dep-1", "2", "0.01"],
            ["production", "xx-dep-2", "1", "0.01"],
            ["governance", "xx-dep-1", "1", "0.005"],
            ["governance", "xx-dep-2", "1", "0.01"],
        ])

    def test_panorama_csv_two_dimensions_with_query(self):
        _, out, _ = run("panorama", "-f", "csv", "--query", "-status:ended", "--by", "family",
                        "--by", "status", SMALL, expect=0)
        self.assertEqual(csv_rows(out), [
            ["family", "status", "practices"],
            ["consumption", "planned", "1"],
            ["consumption", "active", "1"],
            ["production", "active", "2"],
        ])

    def test_panorama_json(self):
        _, out, _ = run("panorama", "-f", "json", "--by", "department", "--per", "10000", SMALL,
                        expect=0)
        self.assertEqual(json.loads(out), [
            {"department": "xx-dep-1", "practices": 3, "per_10000": 0.15},
            {"department": "xx-dep-2", "practices": 2, "per_10000": 0.2},
        ])
        _, out, _ = run("panorama", "-f", "json", "--by", "axis", "--by", "family", SMALL,
                        expect=0)
        data = json.loads(out)
        self.assertIn({"axis": "solidarity", "family": "consumption", "practices": 2}, data)
        self.assertEqual(sum(d["practices"] for d in data), 6)
        _, out, _ = run("panorama", "-f", "json", "--query", "tag:none", "--by", "axis", SMALL,
                        expect=0)
        self.assertEqual(json.loads(out), [])

    def test_panorama_table(self):
        _, out, err = run("panorama", "--by", "family", SMALL, expect=0)
        self.assertEqual(err, "")
        self.assertIn("famille", out)
        self.assertIn("consommation collaborative", out)
        self.assertRegex(out, r"(?m)^Total +5$")
        _, out, _ = run("panorama", "--lang", "en", "--by", "family", SMALL, expect=0)
        self.assertIn("family", out)
        self.assertRegex(out, r"(?m)^Total +5$")

    def test_panorama_table_two_dimensions(self):
        _, out, _ = run("panorama", "--by", "axis", "--by", "family", SMALL, expect=0)
        lines = out.split("\n")
        # Row totals: practices with that axis (each once); the grand total: all practices.
        solidarity = [l for l in lines if l.startswith("Les pratiques collaboratives")]
        self.assertEqual(len(solidarity), 1)
        self.assertEqual(solidarity[0].split()[-1], "2")
        total = [l for l in lines if l.startswith("Total")]
        self.assertEqual(len(total), 1)
        self.assertEqual(total[0].split(), ["Total", "2", "2", "1", "5"])

    def test_panorama_bad_query(self):
        rc, out, err = run("panorama", "--query", "axis:nope", "--by", "axis", SMALL)
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        check_caret(self, "axis:nope", err, 0, 9)

    def test_save_round_trip(self):
        d = self.temp_dir()
        one, two = os.path.join(d, "one.yaml"), os.path.join(d, "two.yaml")
        _, out, err = run("save", "-o", one, SMALL, EXTRA, expect=0)
        self.assertEqual((out, err), ("", ""))
        _, out, _ = run("validate", "--quiet", one, expect=0)
        self.assertEqual(out, "7 territories, 3 actors, 6 practices\n")
        _, out, _ = run("save", "--output", two, one, expect=0)
        with open(one, "rb") as f1, open(two, "rb") as f2:
            self.assertEqual(f1.read(), f2.read())
        # The saved file gives the same practices, field for field.
        _, before, _ = run("query", "-f", "json", "", SMALL, EXTRA, expect=0)
        _, after, _ = run("query", "-f", "json", "", one, expect=0)
        self.assertEqual(json.loads(before), json.loads(after))

    def test_save_failure_leaves_output_alone(self):
        d = self.temp_dir()
        out_path = os.path.join(d, "out.yaml")
        with open(out_path, "w") as f:
            f.write("precious\n")
        rc, out, err = run("save", "-o", out_path, EXTRA)  # unknown references
        self.assertEqual(rc, 1)
        self.assertRegex(err.splitlines()[0], LOAD_ERROR)
        with open(out_path) as f:
            self.assertEqual(f.read(), "precious\n")
        self.assertEqual(os.listdir(d), ["out.yaml"])
        rc, _, err = run("save", "-o", os.path.join(d, "no", "such", "dir.yaml"), SMALL)
        self.assertEqual(rc, 1)
        self.assertIn("error", err)


def check_caret(test, expr, err, lo, hi):
    """The error output is: the expression, a caret line, the reason. The caret is under a byte
    of expr[lo:hi] (or just past its end) for an ASCII expression."""
    lines = err.rstrip("\n").split("\n")
    test.assertGreaterEqual(len(lines), 3, err)
    test.assertEqual(lines[0], expr)
    test.assertRegex(lines[1], r"^ *\^$")
    col = lines[1].index("^")
    test.assertTrue(lo <= col <= hi, "caret at %d, expected in [%d, %d]:\n%s" % (col, lo, hi, err))
    test.assertIn("error", lines[2])


def check_formats_agree(test, ids, csv_out, json_out):
    ids = ids.split()
    rows = csv_dicts(csv_out)
    data = json.loads(json_out)
    test.assertEqual([r["id"] for r in rows], ids)
    test.assertEqual([p["id"] for p in data], ids)

    def year(v):
        return "" if v is None else str(v)

    for row, p in zip(rows, data):
        test.assertEqual(row["name"], p["name"])
        test.assertEqual(row["category"], p["category"])
        test.assertEqual(row["family"], p["family"])
        test.assertEqual(row["axes"], ";".join(p["axes"]))
        test.assertEqual(row["territories"], ";".join(p["territories"]))
        test.assertEqual(row["actors"], ";".join("%s:%s" % (a["actor"], a["role"])
                                                for a in p["actors"]))
        test.assertEqual(row["status"], p["status"])
        test.assertEqual(row["started"], year(p["started"]))
        test.assertEqual(row["ended"], year(p["ended"]))
        test.assertEqual(row["description"], p["description"] or "")
        test.assertEqual(row["tags"], ";".join(p["tags"]))
        test.assertEqual(row["links"], ";".join(p["links"]))
        test.assertEqual(row["address"], p["address"] or "")
        figures = dict(kv.split("=", 1) for kv in row["figures"].split(";")) if row["figures"] else {}
        test.assertEqual({k: float(v) for k, v in figures.items()},
                         {k: float(v) for k, v in p["figures"].items()})
        for key in ("latitude", "longitude"):
            if p[key] is None:
                test.assertEqual(row[key], "")
            else:
                test.assertEqual(float(row[key]), p[key])


# ---- Invalid files: FILE:LINE:COL: error: MESSAGE ----------------------------------------------

BAD_HEADER = """sharitories: 1
territories:
  - id: t1
    name: "T"
    kind: commune
practices:
  - id: p1
    name: "P"
    category: fablab
"""


class BadFileTest(ToolTestCase):
    def check_error(self, text, line, column, *words):
        path = self.write_temp("bad.yaml", text)
        rc, out, err = run("validate", path)
        self.assertEqual(rc, 1, err)
        self.assertEqual(out, "")
        first = err.splitlines()[0]
        m = LOAD_ERROR.match(first)
        self.assertIsNotNone(m, "not FILE:LINE:COL: error: MESSAGE: %r" % first)
        self.assertEqual(m.group(1), path)
        if line is not None:
            self.assertEqual(int(m.group(2)), line, first)
        if column is not None:
            self.assertEqual(int(m.group(3)), column, first)
        for w in words:
            self.assertIn(w, m.group(4))
        return first

    def test_unknown_field(self):
        self.check_error(BAD_HEADER + "    territories: [t1]\n    colour: red\n",
                         11, 5, "colour", "p1")

    def test_bad_value(self):
        self.check_error(BAD_HEADER.replace("kind: commune", "kind: village")
                         + "    territories: [t1]\n", 5, 11, "village")

    def test_unknown_reference(self):
        self.check_error(BAD_HEADER + "    territories: [t9]\n", 10, 19, "t9")

    def test_unknown_category(self):
        self.check_error(BAD_HEADER.replace("category: fablab", "category: knitting")
                         + "    territories: [t1]\n", 9, 15, "knitting")

    def test_duplicate_id(self):
        text = ("sharitories: 1\nterritories:\n"
                "  - id: t1\n    name: \"T\"\n    kind: commune\n"
                "  - id: t1\n    name: \"U\"\n    kind: commune\n")
        self.check_error(text, 6, None, "t1")

    def test_duplicate_practice_id(self):
        text = BAD_HEADER + "    territories: [t1]\n" + BAD_HEADER.split("practices:\n")[1] \
            + "    territories: [t1]\n"
        self.check_error(text, 11, None, "p1")

    def test_missing_required_field(self):
        self.check_error(BAD_HEADER, 7, None, "territories")

    def test_yaml_syntax_error(self):
        self.check_error("sharitories: 1\npractices: [\n  - id: x\n", None, None)

    def test_wrong_version(self):
        self.check_error("sharitories: 2\n", 1, 14)

    def test_record_id_named(self):
        self.check_error(BAD_HEADER + "    territories: [t1]\n    started: soon\n", 11, 14, "p1")

    def test_missing_file(self):
        missing = os.path.join(self.temp_dir(), "missing.yaml")
        rc, out, err = run("validate", missing)
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        self.assertIn(missing, err)
        self.assertIn("error", err)

    def test_bad_file_with_every_command(self):
        path = self.write_temp("bad.yaml", BAD_HEADER + "    territories: [t9]\n")
        for args in (["query", ""], ["panorama", "--by", "axis"],
                     ["save", "-o", os.path.join(self.temp_dir(), "o.yaml")]):
            with self.subTest(args=args):
                rc, out, err = run(*(args + [path]))
                self.assertEqual(rc, 1)
                self.assertEqual(out, "")
                self.assertRegex(err.splitlines()[0], r"^%s:10:19: error: " % re.escape(path))


# ---- The bundled default catalog ---------------------------------------------------------------

class DefaultCatalogTest(ToolTestCase):
    def test_validate_counts_match_the_data_files(self):
        out = run_cached("validate")
        m = LAST_LINE.match(last_line(out))
        self.assertIsNotNone(m, out)
        counts = count_records(default_files())
        self.assertEqual(tuple(int(x) for x in m.groups()),
                         (counts["territories"], counts["actors"], counts["practices"]))
        for path in default_files():
            self.assertIn(os.path.basename(path), out)

    def test_validate_explicit_files_same_as_default(self):
        out = run_cached("validate", *default_files())
        self.assertEqual(last_line(out), last_line(run_cached("validate")))

    def test_save_round_trip(self):
        d = self.temp_dir()
        one, two = os.path.join(d, "all.yaml"), os.path.join(d, "again.yaml")
        _, out, err = run("save", "-o", one, expect=0)
        self.assertEqual((out, err), ("", ""))
        _, out, _ = run("validate", one, expect=0)
        self.assertEqual(last_line(out), last_line(run_cached("validate")))
        run("save", "-o", two, one, expect=0)
        with open(one, "rb") as f1, open(two, "rb") as f2:
            self.assertTrue(f1.read() == f2.read(), "saving a saved file changes it")

    def test_territory_by_name(self):
        # issue 13: in: takes a unique name; an ambiguous one is an error listing ids
        self.assertEqual(run_cached("query", "-f", "ids", "in:Épinal"),
                         run_cached("query", "-f", "ids", "in:fr-com-88160"))
        self.assertNotEqual(run_cached("query", "-c", "in:epinal"), "0\n")
        _, out, err = run("query", "-c", 'fablab in:"Saint-Denis"', expect=1)
        self.assertIn("territory name 'Saint-Denis' is ambiguous", err)
        self.assertIn("fr-com-93066", err)
        self.assertIn("fablab in:\"Saint-Denis\"\n          ^", err)
        _, _, err = run("query", "-c", "in:nowhere-at-all", expect=1)
        self.assertIn("unknown territory 'nowhere-at-all'", err)

    def test_panorama_within(self):
        # issue 13: practices partly in Morbihan put EPCIs elsewhere (CA d'Epinal, Grand
        # Narbonne) in a panorama of in:fr-dep-56; --within keeps those of Morbihan's communes
        args = ("panorama", "-f", "csv", "-q", "in:fr-dep-56", "--by", "epci")
        plain = [r[0] for r in csv_rows(run_cached(*args))[1:]]
        within = [r[0] for r in csv_rows(run_cached(*args, "--within"))[1:]]
        for epci in ("fr-epci-200068757", "fr-epci-241100593"):
            self.assertIn(epci, plain)
            self.assertNotIn(epci, within)
        for epci in ("fr-epci-200042174", "fr-epci-243500741"):
            self.assertIn(epci, within)
        self.assertEqual(set(within) - set(plain), set())
        rows = csv_rows(run_cached("panorama", "-f", "csv", "-q", "in:fr-dep-56", "--by",
                                   "region", "--by", "axis", "-w"))
        self.assertEqual({r[0] for r in rows[1:]}, {"fr-reg-53"})
        # without in:, --within changes nothing
        args = ("panorama", "-f", "csv", "-q", "category:fablab", "--by", "department")
        self.assertEqual(run_cached(*args, "--within"), run_cached(*args))
        self.assertIn("--within", run_cached("panorama", "--help"))

    def test_query_formats_agree(self):
        expr = "in:fr-dep-44 OR tag:sharitories OR actor:ouishare"
        ids = run_cached("query", "-f", "ids", expr)
        self.assertGreater(len(ids.split()), 3)
        check_formats_agree(self, ids, run_cached("query", "-f", "csv", expr),
                            run_cached("query", "-f", "json", expr))

    def test_query_all_json_parses(self):
        data = json.loads(run_cached("query", "-f", "json", ""))
        total = int(LAST_LINE.match(last_line(run_cached("validate"))).group(3))
        self.assertEqual(len(data), total)
        self.assertEqual(run_cached("query", "--count", ""), "%d\n" % total)
        self.assertEqual(len(csv_dicts(run_cached("query", "-f", "csv", ""))), total)
        ids = [p["id"] for p in data]
        self.assertEqual(len(set(ids)), total)
        self.assertEqual(run_cached("query", "-f", "ids", "").split(), ids)

    def test_query_count_matches_ids(self):
        for expr in ("in:fr-dep-44", "category:fablab", "-status:ended", "started>=2015",
                     "\"tiers lieu\" OR coworking"):
            with self.subTest(expr=expr):
                ids = run_cached("query", "-f", "ids", expr).split()
                self.assertEqual(run_cached("query", "--count", expr), "%d\n" % len(ids))

    def test_query_sort(self):
        data = json.loads(run_cached("query", "-f", "json", "--sort", "started", "in:fr-reg-53 OR started>=1"))
        years = [p["started"] for p in data]
        known = [y for y in years if y is not None]
        self.assertEqual(known, sorted(known))
        self.assertEqual(years[:len(known)], known, "practices without a year come last")
        ids = run_cached("query", "-f", "ids", "--sort", "id", "in:fr-reg-53").split()
        self.assertEqual(ids, sorted(ids, key=lambda s: s.encode()))
        names = [p["name"] for p in json.loads(
            run_cached("query", "-f", "json", "--sort", "name", "in:fr-reg-53"))]
        initials = [first_alnum(n) for n in names]
        self.assertEqual(initials, sorted(initials))

    def test_query_limit_offset(self):
        full = run_cached("query", "-f", "ids", "--sort", "id", "category:coworking").split()
        part = run_cached("query", "-f", "ids", "--sort", "id", "--limit", "7", "--offset", "5",
                          "category:coworking").split()
        self.assertEqual(part, full[5:12])

    def test_query_table(self):
        out = run_cached("query", "at:fr-com-88160")
        self.assertIn("sharitories", out)
        self.assertIn("Épinal", out)

    def test_query_bad_expression(self):
        rc, out, err = run("query", "in:fr-dep-44 colour:red")
        self.assertEqual(rc, 1)
        self.assertEqual(out, "")
        check_caret(self, "in:fr-dep-44 colour:red", err, 13, 23)

    def test_panorama_axis_matches_query_counts(self):
        out = run_cached("panorama", "-f", "csv", "--by", "axis")
        rows = csv_rows(out)
        self.assertEqual(rows[0], ["axis", "practices"])
        self.assertGreaterEqual(len(rows) - 1, 4)
        for key, n in rows[1:]:
            with self.subTest(axis=key):
                self.assertEqual(run_cached("query", "--count", "axis:" + key), n + "\n")

    def test_default_catalog_figures(self):
        # data/README.md: at least 15,000 practices, 100 in each of three families
        self.assertEqual(last_line(run_cached("validate")),
                         "36416 territories, 107 actors, 17402 practices")
        fam = dict((r[0], int(r[1])) for r in csv_rows(run_cached("panorama", "-f", "csv",
                                                                   "--by", "family"))[1:])
        self.assertEqual(fam, {"consumption": 15090, "production": 2100, "finance": 3,
                               "governance": 209})
        for expr, n in (("tag:cget-2019", 1503), ("tag:bnlc-2024", 15074),
                        ("tag:Auto-stop", 11927), ("tag:fabrique-de-territoire", 380),
                        ("tag:manufacture-de-proximite", 107), ("tag:engagement-citoyen", 196),
                        ("tag:osm-2020", 90), ("in:fr-prog-acv", 2887),
                        ("in:fr-prog-pvd", 3344), ("in:fr-epci-200042174", 25)):
            self.assertEqual(run_cached("query", "--count", expr).strip(), str(n), expr)

    def test_panorama_family_matches_query_counts(self):
        rows = csv_rows(run_cached("panorama", "-f", "csv", "--by", "family"))
        self.assertEqual(rows[0], ["family", "practices"])
        total = 0
        for key, n in rows[1:]:
            with self.subTest(family=key):
                self.assertEqual(run_cached("query", "--count", "family:" + key), n + "\n")
            total += int(n)
        # Each practice has one family: the counts add up to all practices.
        self.assertEqual("%d\n" % total, run_cached("query", "--count", ""))

    def test_panorama_axis_family_matches_query_counts(self):
        rows = csv_dicts(run_cached("panorama", "-f", "csv", "--by", "axis", "--by", "family"))
        self.assertTrue(rows)
        for row in rows:
            self.assertEqual(sorted(row), ["axis", "family", "practices"])
        # Every cell against query --count (cells of the big tiers-lieux families, and all
        # the others).
        for row in rows:
            with self.subTest(**row):
                expr = "axis:%s family:%s" % (row["axis"], row["family"])
                self.assertEqual(run_cached("query", "--count", expr), row["practices"] + "\n")

    def test_panorama_department_per_capita(self):
        rows = csv_dicts(run_cached("panorama", "-f", "csv", "--query", "in:fr-reg-53",
                                    "--by", "department", "--per", "10000"))
        # Bretagne's four departments, and those of the other territories of practices that
        # also have one in Bretagne (the Sharitories study: Lorient, Épinal...).
        self.assertTrue({"fr-dep-22", "fr-dep-29", "fr-dep-35", "fr-dep-56"}
                        <= {r["department"] for r in rows})
        self.assertIn("fr-dep-88", {r["department"] for r in rows})
        populations = territory_populations({r["department"] for r in rows})
        for row in rows:
            with self.subTest(**row):
                n = int(row["practices"])
                self.assertEqual(run_cached("query", "--count",
                                            "in:fr-reg-53 in:" + row["department"]), "%d\n" % n)
                expected = n * 10000 / populations[row["department"]]
                self.assertAlmostEqual(float(row["per_10000"]) / expected, 1.0, places=3)

    def test_panorama_table(self):
        out = run_cached("panorama", "--by", "axis", "--by", "family")
        total = run_cached("query", "--count", "").strip()
        self.assertRegex(out, r"(?m)^Total( +\d+)+ +%s$" % total)
        self.assertIn("consommation", out)
        self.assertIn("Vers un usage partagé des ressources territoriales", out)
        out = run_cached("panorama", "--by", "region", "--per", "100000", "--lang", "en")
        self.assertIn("Bretagne", out)
        self.assertIn("per 100000 inh.", out)


class QueryDocExamplesTest(ToolTestCase):
    """docs/query.md is the contract: its examples are run on the bundled catalog."""

    DOC = os.path.join(os.environ.get("SHARITORIES_SOURCE_ROOT", "."), "docs", "query.md")

    def text(self):
        with open(self.DOC, encoding="utf-8") as f:
            return f.read()

    def test_terms_table_counts(self):
        # every row of the "Terms" table: one count per expression of its first cell
        text = self.text()
        table = text[text.index("\n## Terms"):]
        table = table[:table.index("\n\n", table.index("| ---"))]
        rows = [r for r in table.splitlines() if r.startswith("| `")]
        self.assertGreater(len(rows), 10)
        for row in rows:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
            exprs = [e.replace("\\|", "|") for e in re.findall(r"`([^`]+)`", cells[0])]
            counts = [c.strip() for c in cells[-1].split(",")]
            self.assertEqual(len(exprs), len(counts), row)
            for expr, count in zip(exprs, counts):
                self.assertEqual(run_cached("query", "--count", expr).strip(), count,
                                 "docs/query.md: %s" % expr)

    def test_command_examples(self):
        # each "$ sharitories ..." line of a code block: its output (or its error's last line)
        lines = self.text().splitlines()
        seen = 0
        for i, line in enumerate(lines):
            if not line.startswith("$ sharitories "):
                continue
            expected = []
            for nxt in lines[i + 1:]:
                if nxt.startswith("$ ") or nxt.startswith("```"):
                    break
                expected.append(nxt)
            args = shlex.split(line[len("$ sharitories "):])
            code, out, err = run(*args)
            if code == 0:
                self.assertEqual(out.splitlines(), expected, line)
            else:
                self.assertEqual(err.splitlines()[-1], expected[-1], line)
            seen += 1
        self.assertGreaterEqual(seen, 3)


def territory_populations(ids):
    """Populations of the given territory ids, read from the bundled YAML files."""
    found = {}
    for path in default_files():
        current = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^  - id: (\S+)", line)
                if m:
                    current = m.group(1)
                    continue
                m = re.match(r"^    population: (\d+)", line)
                if m and current in ids:
                    found[current] = int(m.group(1))
    return found


# ---- Analysis, import, export and report commands, on the bundled catalog --------------------

LORIENT, EPINAL = "fr-com-56121", "fr-com-88160"


def files_in(d):
    return sorted(os.listdir(d))


class AnalysisCommandsTest(ToolTestCase):
    def check_output_option(self, *args, fmt_check=None):
        """-o FILE writes what stdout would have, and nothing is left beside it."""
        stdout_text = run_cached(*args)
        d = self.temp_dir()
        path = os.path.join(d, "out")
        cmd, rest = args[0], args[1:]
        _, out, err = run(cmd, "-o", path, *rest, expect=0)
        self.assertEqual((out, err), ("", ""))
        with open(path, encoding="utf-8") as f:
            self.assertEqual(f.read(), stdout_text)
        self.assertEqual(files_in(d), ["out"])
        return stdout_text

    def check_failed_output_keeps_file(self, *args):
        """A failed run leaves an existing -o FILE as it was, with no temporary beside it."""
        d = self.temp_dir()
        path = os.path.join(d, "keep.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("before\n")
        cmd, rest = args[0], args[1:]
        rc, out, err = run(cmd, "-o", path, *rest)
        self.assertEqual(rc, 1, err)
        self.assertIn("error", err)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(f.read(), "before\n")
        self.assertEqual(files_in(d), ["keep.csv"])

    def test_inspire(self):
        out = self.check_output_option("inspire", "-f", "csv", LORIENT)
        rows = csv_dicts(out)
        self.assertTrue(rows)
        self.assertEqual(list(rows[0])[:5], ["category", "family", "peers_with", "peers", "share"])
        for r in rows:
            self.assertLessEqual(int(r["peers_with"]), int(r["peers"]))
            self.assertEqual(r["own"], "0")  # the default list: what Lorient lacks
        data = json.loads(run_cached("inspire", "-f", "json", LORIENT))
        self.assertIsInstance(data, dict)
        self.check_failed_output_keeps_file("inspire", "-f", "csv", "fr-com-00000")

    def test_near_query(self):
        counts = [int(run_cached("query", "--count", "near:%s@%d" % (LORIENT, km)))
                  for km in (5, 20, 100)]
        self.assertEqual(counts, sorted(counts))
        self.assertGreaterEqual(counts[1], 10)
        both = int(run_cached("query", "--count", "near:%s@20,%s@20" % (LORIENT, EPINAL)))
        self.assertGreater(both, counts[1])
        rc, out, err = run("query", "--count", "category:fablab near:%s" % LORIENT)
        self.assertEqual(rc, 1)
        self.assertIn("expected '@' and a radius in km", err)
        self.assertIn("^", err)
        rc, out, err = run("query", "--count", "near:%s@-3" % LORIENT)
        self.assertEqual(rc, 1)
        self.assertIn("expected a radius in km", err)

    def test_inspire_by_distance(self):
        cat = self.write_temp("near.yaml", (
            "sharitories: 1\nterritories:\n"
            "  - {id: lorient, name: Lorient, kind: commune, population: 57000, location: [47.7483, -3.37]}\n"
            "  - {id: paris, name: Paris, kind: commune, population: 60000, location: [48.8566, 2.3522]}\n"
            "  - {id: vannes, name: Vannes, kind: commune, population: 54000, location: [47.6582, -2.7608]}\n"
            "  - {id: nowhere, name: Nowhere, kind: commune, population: 56000}\n"
            "practices:\n"
            "  - {id: f-paris, name: Fab Paris, category: fablab, territories: [paris]}\n"
            "  - {id: f-vannes, name: Fab Vannes, category: fablab, territories: [vannes]}\n"))
        _, out, _ = run("inspire", "-f", "csv", "-n", "1", "lorient", cat, expect=0)
        self.assertIn("Fab Paris (Paris)", out)
        _, out, _ = run("inspire", "-f", "csv", "-n", "1", "--by-distance", "lorient", cat, expect=0)
        self.assertIn("Fab Vannes (Vannes)", out)
        rc, _, err = run("inspire", "--by-distance", "nowhere", cat)
        self.assertEqual(rc, 1)
        self.assertIn("has no location", err)
        _, out, _ = run("inspire", "--help", expect=0)
        self.assertIn("--by-distance", out)

    def test_compare(self):
        out = self.check_output_option("compare", "-f", "csv", "--by", "axis", LORIENT, EPINAL)
        rows = csv_rows(out)
        self.assertGreater(len(rows), 1)
        self.assertIn(LORIENT, ",".join(rows[0]) + ",".join(r[0] for r in rows))
        self.check_failed_output_keeps_file("compare", "--by", "axis", LORIENT, "nowhere")

    def test_network(self):
        out = self.check_output_option("network", "-f", "graphml")
        import xml.etree.ElementTree as ET
        root = ET.fromstring(out.encode("utf-8"))
        self.assertTrue(root.tag.endswith("graphml"))
        nodes = csv_rows(run_cached("network", "--table", "nodes"))
        self.assertGreater(len(nodes), 1)
        self.check_failed_output_keeps_file("network", "--query", "axis:nowhere")

    def test_export_agrees_with_query(self):
        expr = "tag:sharitories OR in:fr-dep-88"
        ids = run_cached("query", "-f", "ids", expr).split()
        self.assertTrue(ids)
        rows = csv_dicts(run_cached("export", "-f", "csv", expr))
        self.assertEqual([r["id"] for r in rows], ids)
        geo = json.loads(run_cached("export", "-f", "geojson", expr))
        self.assertEqual(geo["type"], "FeatureCollection")
        self.assertLessEqual(len(geo["features"]), len(ids))
        for f in geo["features"]:
            self.assertIn(f["id"], ids)

    def test_export_sql(self):
        """-f sql: the schema as a quoted identifier, one transaction; --schema and
        --all-territories only with sql (the server round trip: tests/postgis/run.sh)."""
        out = run_cached("export", "-f", "sql", "--schema", 'a"b', "in:fr-dep-88")
        self.assertIn('CREATE SCHEMA "a""b";', out)
        self.assertTrue(out.endswith("COMMIT;\n"))
        self.assertIn("BEGIN;", out)
        _, _, err = run("export", "--schema", "s", "", expect=2)
        self.assertIn("need -f sql", err)
        _, _, err = run("export", "-f", "sql", "--territory-location", "", expect=2)
        self.assertIn("needs -f geojson", err)
        _, _, err = run("export", "-f", "sql", "--schema", "", "", expect=1)
        self.assertIn("schema name", err)

    def test_import_cget_then_validate(self):
        d = self.temp_dir()
        out_yaml, rejected = os.path.join(d, "tl.yaml"), os.path.join(d, "rejected.csv")
        csv_path = os.path.join(TEST_DATA, "..", "..", "data", "cget-tiers-lieux-2019",
                                "tiers-lieux.csv")
        mapping = os.path.join(SOURCE_ROOT, "examples", "import",
                               "cget-tiers-lieux-2019.mapping.yaml")
        territories = os.path.join(DATA_DIR, "fr-territories-2026.yaml")
        # the outlines of Lozère, Paris and Seine-Saint-Denis place 25 rows by their point
        outlines = os.path.join(TEST_DATA, "..", "..", "data", "france-geojson-2018")
        _, out, _ = run("import", "--map", mapping, "--outlines", outlines, "--rejected",
                        rejected, "-q", csv_path, "-o", out_yaml, territories, expect=0)
        self.assertIn("1512 rows, 1482 imported, 30 left out", out)
        self.assertRegex(out, r"\n  outline +25\n")
        with open(rejected, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 30)
        self.assertTrue(all(r["reason"] for r in rows))
        _, out, _ = run("validate", territories, out_yaml, expect=0)
        self.assertEqual(last_line(out), "36407 territories, 0 actors, 1482 practices")
        _, _, err = run("import", "--map", mapping, "--outlines", "/nonexistent", csv_path,
                        "-o", out_yaml, territories, expect=1)
        self.assertIn("/nonexistent", err)

    def test_every_output_is_an_atomic_replace(self):
        """Every file the tool writes (-o of save, export, inspire, compare, network, report,
        import and its --rejected) follows the library's one rule (atomic_file.h): a new file
        gets 0666 less the umask, a replaced one keeps its mode, nothing is left beside it."""
        d = self.temp_dir()
        mapping = os.path.join(SOURCE_ROOT, "examples", "import",
                               "cget-tiers-lieux-2019.mapping.yaml")
        csv_path = os.path.join(TEST_DATA, "..", "..", "data", "cget-tiers-lieux-2019",
                                "tiers-lieux.csv")
        territories = os.path.join(DATA_DIR, "fr-territories-2026.yaml")
        commands = {
            "saved.yaml": ["save", "-o", None, SMALL],
            "export.csv": ["export", "-f", "csv", "-o", None, "in:fr-dep-88"],
            "inspire.csv": ["inspire", "-f", "csv", "-o", None, LORIENT],
            "compare.csv": ["compare", "-f", "csv", "--by", "axis", "-o", None, LORIENT, EPINAL],
            "network.csv": ["network", "-o", None],
            "report.html": ["report", "-o", None, LORIENT],
            "import.yaml": ["import", "--map", mapping, "-q", "--rejected",
                            os.path.join(d, "rejected.csv"), csv_path, "-o", None, territories],
        }
        old = os.umask(0o027)
        try:
            for name, args in commands.items():
                path = os.path.join(d, name)
                run(*[path if a is None else a for a in args], expect=0)
                self.assertEqual(os.stat(path).st_mode & 0o7777, 0o640, name)
            self.assertEqual(os.stat(os.path.join(d, "rejected.csv")).st_mode & 0o7777, 0o640)
            for name, args in commands.items():
                path = os.path.join(d, name)
                os.chmod(path, 0o604)
                run(*[path if a is None else a for a in args], expect=0)
                self.assertEqual(os.stat(path).st_mode & 0o7777, 0o604, name)
        finally:
            os.umask(old)
        self.assertEqual(files_in(d), sorted(list(commands) + ["rejected.csv"]))

    def test_report(self):
        d = self.temp_dir()
        page = os.path.join(d, "lorient.html")
        _, out, err = run("report", "-o", page, LORIENT, expect=0)
        self.assertEqual(err, "")
        with open(page, encoding="utf-8") as f:
            html = f.read()
        self.assertTrue(html.lstrip().lower().startswith("<!doctype html>"))
        self.assertIn("Lorient", html)
        self.assertNotIn("<script", html.lower())
        self.assertEqual(files_in(d), ["lorient.html"])

    def test_map(self):
        import xml.etree.ElementTree as ET
        d = self.temp_dir()
        svg_path = os.path.join(d, "map.svg")
        _, out, err = run("map", "--query", "category:repair_cafe", "--by", "department",
                          "-o", svg_path, expect=0)
        self.assertEqual((out, err), ("", ""))
        self.assertEqual(files_in(d), ["map.svg"])
        with open(svg_path, encoding="utf-8") as f:
            text = f.read()
        root = ET.fromstring(text.encode("utf-8"))  # well-formed XML
        ns = "{http://www.w3.org/2000/svg}"
        self.assertEqual(root.tag, ns + "svg")
        self.assertEqual(root.get("role"), "img")
        paths = root.findall(".//%spath" % ns)
        self.assertEqual(len(paths), 101)
        self.assertEqual(len({p.get("id") for p in paths}), 101)
        for p in paths:
            self.assertTrue(p.get("id").startswith("fr-dep-"))
            self.assertTrue(p.find(ns + "title").text)
        self.assertIn("Requête : category:repair_cafe.", root.find(ns + "desc").text)
        self.assertNotIn("href", text)
        # stdout, regions, English, and the same bytes as the file for the same options
        stdout_svg = run_cached("map", "--query", "category:repair_cafe", "-o", "-")
        self.assertEqual(stdout_svg, text)
        regions = ET.fromstring(run_cached("map", "--by", "region", "--lang", "en", "--per",
                                           "100000", "--classes", "4", "-o", "-").encode("utf-8"))
        self.assertEqual(len(regions.findall(".//%spath" % ns)), 18)
        self.assertIn("per 100,000 inhabitants", regions.find(ns + "title").text)
        # errors: usage (exit 2), a bad query with its caret (exit 1, file kept)
        for bad in (["--by", "commune"], ["--classes", "9"], ["--per", "0"], ["--per", "nan"],
                    ["--lang", "de"], []):
            self.assert_usage_error("map", *(bad + (["-o", "-"] if bad else [])))
        self.check_failed_output_keeps_file("map", "--query", "category:fablab colour:red")
        rc, out, err = run("map", "--query", "colour:red", "-o", "-")
        self.assertEqual(rc, 1)
        self.assertIn("^", err)
        rc, out, err = run("map", "--outlines", os.path.join(d, "none.yaml"), "-o", "-")
        self.assertEqual(rc, 1)
        self.assertIn("none.yaml", err)
        _, out, _ = run("map", "--help", expect=0)
        self.assertIn("--by LEVEL", out)
        _, out, _ = run("--help", expect=0)
        self.assertIn("map ", out)


# ---- roadmap and actions (the référentiel d'actions, docs/roadmap.md) ------------------------

ROADMAP_DATA = os.path.join(SOURCE_ROOT, "tests", "data", "roadmap")
ROADMAP_TOWNS = os.path.join(ROADMAP_DATA, "towns.yaml")
FIXTURE_ACTIONS = os.path.join(ROADMAP_DATA, "actions.yaml")
ROADMAP_HEAD = ["rank", "action", "title", "score", "peers_having", "peers", "local_count",
                "examples"]


def referentiel_bundled():
    """Whether the bundled catalog has the référentiel (data/referentiel-actions.yaml)."""
    return any(p.endswith("referentiel-actions.yaml") for p in default_files())


def real_roadmap_files():
    """Operands for the real catalog with fiches: none (the bundled catalog) once the
    référentiel is in it, else the bundled files and the test fiches."""
    return [] if referentiel_bundled() else default_files() + [FIXTURE_ACTIONS]


class RoadmapCommandsTest(ToolTestCase):
    def test_fixture_obvious_answer(self):
        _, out, err = run("roadmap", "-f", "csv", "--examples", "6", "t", ROADMAP_TOWNS, FIXTURE_ACTIONS,
                          expect=0)
        self.assertEqual(err, "")
        rows = csv_dicts(out)
        self.assertEqual(list(rows[0])[:8], ROADMAP_HEAD)
        self.assertEqual([r["rank"] for r in rows], [str(i + 1) for i in range(len(rows))])
        # every peer has a fablab, Villeville none: that fiche first, the nearest peer's first
        self.assertEqual(rows[0]["action"], "open-fablab")
        self.assertEqual((rows[0]["peers_having"], rows[0]["peers"]), ("5", "5"))
        self.assertEqual(rows[0]["examples"].split(";"),
                         ["fab-p1", "fab-p2", "fab-p3", "fab-p4", "fab-p5", "fab-p1b"])
        self.assertNotIn("open-data", [r["action"] for r in rows])
        scores = [float(r["score"]) for r in rows]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertIn("Villeville n'en a aucune", rows[0]["why"])

    def test_fixture_formats_and_options(self):
        files = ["t", ROADMAP_TOWNS, FIXTURE_ACTIONS]
        data = json.loads(run("roadmap", "-f", "json", "--lang", "en", *files, expect=0)[1])
        self.assertEqual(data["lang"], "en")
        self.assertEqual(data["recommendations"][0]["action"], "open-fablab")
        self.assertIn("Villeville has none", data["recommendations"][0]["why"])
        md = run("roadmap", "-f", "md", *files, expect=0)[1]
        self.assertIn("# Feuille de route : Villeville", md)
        self.assertLess(md.index("## Sensibiliser"), md.index("## Construire"))
        table = run("roadmap", *files, expect=0)[1]
        self.assertIn("open-fablab", table)
        top = csv_dicts(run("roadmap", "-f", "csv", "--top", "2", *files, expect=0)[1])
        self.assertEqual(len(top), 2)
        peers = csv_dicts(run("roadmap", "-f", "csv", "--peers", "p2", *files, expect=0)[1])
        self.assertTrue(all(r["peers"] == "1" for r in peers))
        band = csv_dicts(run("roadmap", "-f", "csv", "--band", "1.03,1.05", *files, expect=0)[1])
        self.assertTrue(all(r["peers"] == "1" for r in band))  # only Pair-Cinq (52,000)
        d = self.temp_dir()
        path = os.path.join(d, "rm.md")
        run("roadmap", "-f", "md", "-o", path, *files, expect=0)
        with open(path, encoding="utf-8") as f:
            self.assertEqual(f.read(), md)

    def test_roadmap_errors(self):
        self.assert_usage_error("roadmap")
        self.assert_usage_error("roadmap", "-f", "xml", "t", ROADMAP_TOWNS)
        self.assert_usage_error("roadmap", "--lang", "de", "t", ROADMAP_TOWNS)
        self.assert_usage_error("roadmap", "--top", "x", "t", ROADMAP_TOWNS)
        rc, _, err = run("roadmap", "nowhere", ROADMAP_TOWNS, FIXTURE_ACTIONS)
        self.assertEqual(rc, 1)
        self.assertIn("nowhere", err)
        _, out, _ = run("roadmap", "--help", expect=0)
        self.assertIn("docs/roadmap.md", out)

    def test_actions_list_and_show(self):
        rows = csv_dicts(run("actions", "-f", "csv", FIXTURE_ACTIONS, expect=0)[1])
        self.assertEqual([r["id"] for r in rows],
                         ["open-fablab", "repair", "cowork", "carpool", "open-data"])
        by_axis = csv_dicts(run("actions", "-f", "csv", "--axis", "public_actor", FIXTURE_ACTIONS,
                                expect=0)[1])
        self.assertEqual([r["id"] for r in by_axis], ["carpool", "open-data"])
        by_cat = json.loads(run("actions", "-f", "json", "--category", "third_place",
                                FIXTURE_ACTIONS, expect=0)[1])
        self.assertEqual([a["id"] for a in by_cat], ["cowork"])
        by_lead = csv_dicts(run("actions", "-f", "csv", "--lead", "citizen", FIXTURE_ACTIONS,
                                expect=0)[1])
        self.assertEqual([r["id"] for r in by_lead], ["open-fablab", "repair"])
        md = run("actions", "show", "open-fablab", "-f", "md", FIXTURE_ACTIONS, expect=0)[1]
        self.assertTrue(md.startswith("# Ouvrir un fablab\n"))
        self.assertIn("1. Réunir les makers\n2. Trouver un local", md)
        en = run("actions", "show", "--lang", "en", "open-fablab", FIXTURE_ACTIONS, expect=0)[1]
        self.assertIn("# Open a fablab", en)
        rc, _, err = run("actions", "show", "nope", FIXTURE_ACTIONS)
        self.assertEqual(rc, 1)
        self.assertIn("nope", err)
        self.assert_usage_error("actions", "-f", "md", FIXTURE_ACTIONS)
        self.assert_usage_error("actions", "show")
        self.assert_usage_error("actions", "--lead", "other", FIXTURE_ACTIONS)
        self.assert_usage_error("actions", "--axis", "nowhere", FIXTURE_ACTIONS)

    def test_lorient_real_catalog(self):
        files = real_roadmap_files()
        out = run_cached("roadmap", "-f", "csv", LORIENT, *files)
        rows = csv_dicts(out)
        # with the bundled référentiel, at least 5 recommendations (the test fiches give fewer)
        self.assertGreaterEqual(len(rows), 5 if referentiel_bundled() else 1)
        self.assertEqual([r["rank"] for r in rows], [str(i + 1) for i in range(len(rows))])
        scores = [float(r["score"]) for r in rows]
        self.assertEqual(scores, sorted(scores, reverse=True))
        inspire = csv_dicts(run_cached("inspire", "-f", "csv", LORIENT))
        self.assertTrue(inspire)
        self.assertTrue(all(r["peers"] == inspire[0]["peers"] for r in rows))
        # every example is a practice of one of the fiche's categories, not within Lorient
        data = json.loads(run_cached("roadmap", "-f", "json", "--top", "0", LORIENT, *files))
        within = set(run_cached("query", "-f", "ids", "in:" + LORIENT).split())
        for rec in data["recommendations"]:
            fiche = json.loads(run_cached("actions", "-f", "json", *files))
            cats = [a["categories"] for a in fiche if a["id"] == rec["action"]][0]
            ids = [e["id"] for e in rec["examples"]]
            for pid in ids:
                self.assertNotIn(pid, within)
            if ids:
                expr = "(" + " OR ".join("category:" + c for c in cats) + ")"
                selected = set(run("query", "-f", "ids", expr, *files, expect=0)[1].split())
                self.assertTrue(set(ids) <= selected, (rec["action"], ids))


# ---- Under valgrind ----------------------------------------------------------------------------

# ---- The eight towns of the study (data/sharitories-towns.yaml, hand-curated) --------------

TOWNS = ["fr-com-56121", "fr-com-88160", "fr-com-40192", "fr-com-11262",
         "pt-aveiro", "be-genk", "nl-hilversum", "se-kristianstad"]
EUROPEAN_TOWNS = ["pt-aveiro", "be-genk", "nl-hilversum", "se-kristianstad"]
TOWNS_FILE = os.path.join(DATA_DIR, "sharitories-towns.yaml")


def block_records(text, section):
    """{id: {key: raw value text}} of the block-style records of one section of a catalog
    file as the build (items indented) or the tool's save (items not indented) writes it."""
    records, cur, current = {}, None, None
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z_]+):", line)
        if m:
            current = m.group(1)
            continue
        if current != section:
            continue
        m = re.match(r"^ *- id: (\S+)$", line)
        if m:
            cur = records.setdefault(m.group(1), {})
            continue
        m = re.match(r"^ +([a-z_]+): (.*)$", line)
        if m and cur is not None:
            cur[m.group(1)] = m.group(2)
    return records


class TownsDataTest(ToolTestCase):
    def test_towns_file_is_in_the_default_catalog(self):
        self.assertIn(TOWNS_FILE, default_files())
        self.assertIn("sharitories-towns.yaml", run_cached("validate"))

    def test_each_town_has_a_practice_from_the_towns_file(self):
        with open(TOWNS_FILE, encoding="utf-8") as f:
            in_file = set(block_records(f.read(), "practices"))
        tagged = set(run_cached("query", "-f", "ids", "tag:sharitories-towns").split())
        # Every practice of the file carries the tag, and only they do.
        self.assertEqual(tagged, in_file)
        for town in TOWNS:
            with self.subTest(town=town):
                ids = run_cached("query", "-f", "ids", "in:%s" % town).split()
                self.assertTrue(set(ids) & in_file, "no practice of the towns file in %s" % town)

    def test_every_practice_of_the_towns_file_has_links(self):
        with open(TOWNS_FILE, encoding="utf-8") as f:
            in_file = block_records(f.read(), "practices")
        self.assertGreaterEqual(len(in_file), 8)
        for pid, rec in in_file.items():
            with self.subTest(practice=pid):
                self.assertRegex(rec.get("links", ""), r'^\["https?://')
        rows = csv_dicts(run_cached("query", "-f", "csv", "tag:sharitories-towns"))
        self.assertEqual(len(rows), len(in_file))
        for row in rows:
            with self.subTest(practice=row["id"]):
                self.assertTrue(row["links"].startswith("http"), row["links"])

    def test_european_towns_have_population_and_location(self):
        d = self.temp_dir()
        out = os.path.join(d, "seeds.yaml")
        run("save", "-o", out, os.path.join(DATA_DIR, "fr-territories-2026.yaml"),
            os.path.join(DATA_DIR, "sharitories-seeds.yaml"), expect=0)
        with open(out, encoding="utf-8") as f:
            territories = block_records(f.read(), "territories")
        for town in EUROPEAN_TOWNS:
            with self.subTest(town=town):
                rec = territories[town]
                self.assertRegex(rec.get("population", ""), r"^[1-9]\d{4,5}$")
                m = re.match(r"^\[(-?\d+(?:\.\d+)?), (-?\d+(?:\.\d+)?)\]$",
                             rec.get("location", ""))
                self.assertIsNotNone(m, rec)
                lat, lon = float(m.group(1)), float(m.group(2))
                # Europe, between Portugal and Sweden.
                self.assertTrue(35 < lat < 60 and -10 < lon < 20, (lat, lon))
                # The population is the one queries see.
                pop = int(rec["population"])
                ids = run_cached("query", "-f", "ids",
                                 "in:%s population>=%d population<%d" % (town, pop, pop + 1))
                self.assertTrue(ids.split(), town)


class ValgrindDefaultCatalogTest(ToolTestCase):
    """Run only with --valgrind: one load of the bundled catalog, a query and a cross-tab."""

    def test_panorama_default_catalog(self):
        _, out, err = run("panorama", "-f", "csv", "--query", "in:fr-dep-44",
                          "--by", "axis", "--by", "family", expect=0)
        self.assertEqual(err, "")
        self.assertEqual(csv_rows(out)[0], ["axis", "family", "practices"])


def main():
    global CLI, WRAPPER
    argv = sys.argv[1:]
    valgrind = "--valgrind" in argv
    argv = [a for a in argv if a != "--valgrind"]
    if argv and not argv[0].startswith("-"):
        CLI = os.path.abspath(argv.pop(0))
    if not CLI:
        sys.exit("usage: test_cli.py PATH/TO/sharitories [--valgrind] [unittest options]")
    loader = unittest.TestLoader()
    if valgrind:
        WRAPPER = VALGRIND + WRAPPER
        classes = [UsageTest, SmallCatalogTest, BadFileTest, ValgrindDefaultCatalogTest]
    else:
        classes = [UsageTest, SmallCatalogTest, BadFileTest, DefaultCatalogTest,
                   AnalysisCommandsTest, RoadmapCommandsTest]
    names = [a for a in argv if not a.startswith("-")]
    options = [a for a in argv if a.startswith("-")]
    if names:
        suite = loader.loadTestsFromNames(names, sys.modules[__name__])
    else:
        suite = unittest.TestSuite(loader.loadTestsFromTestCase(c) for c in classes)
    verbosity = 2 if "-v" in options else 1
    result = unittest.TextTestRunner(verbosity=verbosity, stream=sys.stdout).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
