#!/usr/bin/python3
"""Check a file of fiches-actions (the `actions` list) and the référentiel's coverage.

Usage:
    /usr/bin/python3 tools/check_referentiel.py [FILE] [--schema-only] [--report]

FILE defaults to data/referentiel-actions.yaml (next to this script's tools/).
Needs PyYAML (Debian: python3-yaml).  Schema rules (docs: ACTIONS schema, an
addition to the catalog format v1):
  - one document, `sharitories: 1`, meta keys among title/source/licence/updated;
  - each action: required keys id, title, summary, challenge, axes, categories,
    audience, lead, phase, effort, horizon, steps; optional partners, stance,
    levers, risks, good_practices, indicators, links, sources; no other key,
    no key twice; ids valid and unique (case-insensitively);
  - bilingual texts `{fr: "...", en: "..."}`: exactly fr and en, both
    non-empty double-quoted strings;
  - enumerations: axes, audience, lead, partners, stance, phase, effort;
    horizon an integer 1..120 months; steps 2 items or more;
  - categories built-in (lib/refdata.c) or defined by the file's `categories`.
Unless --schema-only, also the référentiel's rules: at least 40 actions, each
axis in at least 5 actions, each built-in category in at least one, and each
fiche complete (steps 4-6, levers 2-4, risks 2-3, good practices 2-3,
indicators 2-4, at least one source).
Messages are `file:line:column: message` on stderr; --report prints the
coverage tables (actions per axis, category, phase) on stdout.
Exit status: 0 fine, 1 rule broken, 2 file unreadable or not YAML.
"""

import argparse
import collections
import glob
import os
import re
import sys

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # marks and styles as in check_data
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from check_data import AXES, CATEGORIES_V1, ID_RE  # noqa: E402  (one rule in one place)

AUDIENCES = ("public_decision_makers", "companies", "funders", "social_innovation", "citizens")
SECTORS = ("public", "private", "citizen")
STANCES = ("forbid", "regulate", "facilitate")
PHASES = ("awareness", "facilitation", "construction")
EFFORTS = ("low", "medium", "high")
AXIS_ORDER = ("contributors", "public_actor", "solidarity", "co_production", "shared_resources")
TOP_KEYS = ("sharitories", "meta", "categories", "territories", "actors", "practices", "actions")
META_KEYS = ("title", "source", "licence", "updated")

# key -> (required, kind); kind: text, texts, enum list name, ...
FIELDS = collections.OrderedDict([
    ("id", (True, "id")),
    ("title", (True, "text")),
    ("summary", (True, "text")),
    ("challenge", (True, "text")),
    ("axes", (True, ("enums", tuple(sorted(AXES))))),
    ("categories", (True, "categories")),
    ("audience", (True, ("enums", AUDIENCES))),
    ("lead", (True, ("enums", SECTORS))),
    ("partners", (False, ("enums", SECTORS))),
    ("stance", (False, ("enum", STANCES))),
    ("phase", (True, ("enum", PHASES))),
    ("effort", (True, ("enum", EFFORTS))),
    ("horizon", (True, "horizon")),
    ("steps", (True, "texts")),
    ("levers", (False, "texts")),
    ("risks", (False, "texts")),
    ("good_practices", (False, "texts")),
    ("indicators", (False, "texts")),
    ("links", (False, "links")),
    ("sources", (False, "strings")),
])

# Référentiel completeness: (key, min items, max items)
COMPLETE = (("steps", 4, 6), ("levers", 2, 4), ("risks", 2, 3), ("good_practices", 2, 3),
            ("indicators", 2, 4), ("sources", 1, None))
MIN_ACTIONS = 40
MIN_PER_AXIS = 5


class Checker:
    def __init__(self, path):
        self.path = path
        self.errors = []

    def err(self, node, msg):
        if node is None:
            self.errors.append("%s: %s" % (self.path, msg))
        else:
            m = node.start_mark
            self.errors.append("%s:%d:%d: %s" % (self.path, m.line + 1, m.column + 1, msg))

    # -- node helpers ------------------------------------------------------
    def pairs(self, node, what):
        """Key/value pairs of a mapping node; reports keys given twice."""
        if not isinstance(node, yaml.MappingNode):
            self.err(node, "%s must be a mapping" % what)
            return []
        seen = set()
        out = []
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            if key is None:
                self.err(k, "%s: keys must be plain scalars" % what)
                continue
            if key in seen:
                self.err(k, "%s: key %s given twice" % (what, key))
                continue
            seen.add(key)
            out.append((key, k, v))
        return out

    def string(self, node, what, quoted=True):
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            self.err(node, "%s must be a string" % what)
            return None
        if quoted and node.style != '"':
            self.err(node, "%s must be a double-quoted string" % what)
        return node.value

    def text(self, node, what):
        """A bilingual text {fr: "...", en: "..."}; returns (fr, en) or None."""
        got = {}
        for key, knode, v in self.pairs(node, what):
            if key not in ("fr", "en"):
                self.err(knode, "%s: unknown language %s (only fr and en)" % (what, key))
                continue
            s = self.string(v, "%s.%s" % (what, key))
            if s is not None and not s.strip():
                self.err(v, "%s.%s is empty" % (what, key))
            got[key] = s
        if isinstance(node, yaml.MappingNode):
            for lang in ("fr", "en"):
                if lang not in got:
                    self.err(node, "%s: %s text missing (both fr and en are required)"
                             % (what, lang))
        return (got.get("fr"), got.get("en"))

    def seq(self, node, what):
        if not isinstance(node, yaml.SequenceNode):
            self.err(node, "%s must be a list" % what)
            return []
        return node.value

    # -- checks --------------------------------------------------------------
    def check(self, root, builtin):
        """Returns the list of actions as dicts of plain values (for coverage)."""
        top = self.pairs(root, "top level")
        keys = {k: v for k, _, v in top}
        for key, knode, _ in top:
            if key not in TOP_KEYS:
                self.err(knode, "unknown top-level key %s" % key)
        s = keys.get("sharitories")
        if s is None or not (isinstance(s, yaml.ScalarNode) and s.value == "1"
                             and s.tag == "tag:yaml.org,2002:int"):
            self.err(s if s is not None else root, "sharitories: 1 required")
        if "meta" in keys:
            for key, knode, v in self.pairs(keys["meta"], "meta"):
                if key not in META_KEYS:
                    self.err(knode, "unknown meta key %s" % key)
                else:
                    self.string(v, "meta.%s" % key)
        categories = set(builtin)
        for c in self.seq(keys["categories"], "categories") if "categories" in keys else []:
            for key, _, v in self.pairs(c, "category"):
                if key == "id" and isinstance(v, yaml.ScalarNode):
                    categories.add(v.value.lower())
        if "actions" not in keys:
            self.err(root, "no actions list")
            return []
        actions = []
        ids = {}
        for anode in self.seq(keys["actions"], "actions"):
            a = self.action(anode, categories)
            if a is None:
                continue
            rid = a.get("id")
            if rid is not None:
                low = rid.lower()
                if low in ids:
                    self.err(anode, "duplicate action id %s (first at line %d)" % (rid, ids[low]))
                else:
                    ids[low] = anode.start_mark.line + 1
            actions.append(a)
        return actions

    def action(self, node, categories):
        pairs = self.pairs(node, "action")
        if not pairs:
            return None
        a = {"_node": node, "_nodes": {}}
        for key, knode, v in pairs:
            if key not in FIELDS:
                self.err(knode, "unknown action key %s" % key)
                continue
            a["_nodes"][key] = v
            kind = FIELDS[key][1]
            what = key
            if kind == "id":
                rid = self.string(v, "id", quoted=False)
                if rid is not None and not ID_RE.fullmatch(rid.lower()):
                    self.err(v, "bad id %r (1-128 characters of a-z 0-9 - _ . :)" % rid)
                a[key] = rid
            elif kind == "text":
                a[key] = self.text(v, what)
            elif kind == "texts":
                items = self.seq(v, what)
                a[key] = [self.text(t, "%s[%d]" % (what, i + 1)) for i, t in enumerate(items)]
                if key == "steps" and isinstance(v, yaml.SequenceNode) and len(items) < 2:
                    self.err(v, "steps needs at least 2 items")
            elif kind == "categories":
                vals = []
                for c in self.seq(v, what):
                    cid = self.string(c, "category", quoted=False)
                    if cid is not None and cid.lower() not in categories:
                        self.err(c, "unknown category %s (neither built-in nor defined in the file)"
                                 % cid)
                    vals.append(cid)
                self.nonempty_unique(v, vals, what)
                a[key] = vals
            elif kind == "horizon":
                if (not isinstance(v, yaml.ScalarNode) or v.tag != "tag:yaml.org,2002:int"
                        or v.style not in (None, "") or not re.fullmatch(r"[0-9]{1,3}", v.value)
                        or not 1 <= int(v.value) <= 120):
                    self.err(v, "horizon must be a plain integer number of months, 1 to 120")
                else:
                    a[key] = int(v.value)
            elif kind == "links":
                a[key] = []
                for u in self.seq(v, what):
                    s = self.string(u, "link")
                    if s is not None and not re.match(r"https?://\S+$", s):
                        self.err(u, "link must be an http(s) address: %r" % s)
                    a[key].append(s)
            elif kind == "strings":
                a[key] = [self.string(u, what) for u in self.seq(v, what)]
            elif kind[0] == "enum":
                s = self.string(v, what, quoted=False)
                if s is not None and s not in kind[1]:
                    self.err(v, "bad %s %r (one of: %s)" % (what, s, " ".join(kind[1])))
                a[key] = s
            elif kind[0] == "enums":
                vals = []
                for e in self.seq(v, what):
                    s = self.string(e, what, quoted=False)
                    if s is not None and s not in kind[1]:
                        self.err(e, "bad %s %r (one of: %s)" % (what, s, " ".join(kind[1])))
                    vals.append(s)
                self.nonempty_unique(v, vals, what)
                a[key] = vals
        for key, (required, _) in FIELDS.items():
            if required and key not in a["_nodes"]:
                self.err(node, "action %s: required key %s missing" % (a.get("id"), key))
        return a

    def nonempty_unique(self, node, vals, what):
        if isinstance(node, yaml.SequenceNode):
            if not vals:
                self.err(node, "%s needs at least one item" % what)
            elif len(set(vals)) != len(vals):
                self.err(node, "%s lists an item twice" % what)

    def coverage(self, root, actions, builtin):
        if len(actions) < MIN_ACTIONS:
            self.err(root, "%d actions; the référentiel needs at least %d"
                     % (len(actions), MIN_ACTIONS))
        per_axis = collections.Counter(x for a in actions for x in a.get("axes") or [])
        for axis in AXIS_ORDER:
            if per_axis[axis] < MIN_PER_AXIS:
                self.err(root, "axis %s in %d actions; at least %d needed"
                         % (axis, per_axis[axis], MIN_PER_AXIS))
        per_cat = collections.Counter(c for a in actions for c in a.get("categories") or [])
        for cat in sorted(builtin):
            if per_cat[cat] == 0:
                self.err(root, "built-in category %s is in no action" % cat)
        for a in actions:
            for key, lo, hi in COMPLETE:
                n = len(a.get(key) or [])
                node = a["_nodes"].get(key, a["_node"])
                if n < lo or (hi is not None and n > hi):
                    want = "%d to %d" % (lo, hi) if hi is not None else "at least %d" % lo
                    self.err(node, "action %s: %d %s, the référentiel wants %s"
                             % (a.get("id"), n, key, want))


def builtin_categories():
    """The built-in category ids, read from the library's table (lib/**/refdata.c) when the
    source tree is there, else check_data's v1 list."""
    root = os.path.dirname(HERE)
    for path in sorted(glob.glob(os.path.join(root, "lib", "**", "*.c"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        m = re.search(r"shr__builtin_categories\[\]\s*=\s*\{(.*?)\n\};", text, re.S)
        if m:
            return set(re.findall(r'^\s*\{"([a-z_]+)"', m.group(1), re.M))
    return set(CATEGORIES_V1)


def report(actions, builtin):
    def table(title, counter, order):
        print("%s" % title)
        for k in order:
            print("  %-24s %3d" % (k, counter[k]))
    print("actions: %d" % len(actions))
    table("per axis:", collections.Counter(x for a in actions for x in a.get("axes") or []),
          AXIS_ORDER)
    table("per phase:", collections.Counter(a.get("phase") for a in actions), PHASES)
    table("per stance:", collections.Counter(a.get("stance") or "facilitate" for a in actions),
          STANCES)
    table("per effort:", collections.Counter(a.get("effort") for a in actions), EFFORTS)
    table("per audience:", collections.Counter(x for a in actions
                                               for x in a.get("audience") or []), AUDIENCES)
    table("per lead:", collections.Counter(x for a in actions for x in a.get("lead") or []),
          SECTORS)
    table("per category:", collections.Counter(c for a in actions
                                               for c in a.get("categories") or []),
          sorted(builtin))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?",
                    default=os.path.join(os.path.dirname(HERE), "data", "referentiel-actions.yaml"))
    ap.add_argument("--schema-only", action="store_true",
                    help="check the actions schema only, not the référentiel's coverage")
    ap.add_argument("--report", action="store_true", help="print the coverage tables")
    args = ap.parse_args()
    try:
        with open(args.file, encoding="utf-8") as f:
            docs = list(yaml.compose_all(f, Loader=LOADER))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        print("%s: %s" % (args.file, e), file=sys.stderr)
        return 2
    if len(docs) != 1 or docs[0] is None:
        print("%s: exactly one YAML document expected" % args.file, file=sys.stderr)
        return 2
    root = docs[0]
    builtin = builtin_categories()
    c = Checker(os.path.relpath(args.file))
    actions = c.check(root, builtin)
    if not args.schema_only:
        c.coverage(root, actions, builtin)
    for e in c.errors:
        print(e, file=sys.stderr)
    if args.report:
        report(actions, builtin)
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main())
