#!/usr/bin/python3
"""The territory report in a real browser (Debian's headless Chromium).

usage: test_report_browser.py SHARITORIES CHROMIUM OUTDIR

For a few towns of the Sharitories study in the bundled catalog, writes the report with
`sharitories report`, has Chromium load the page (no network: resolver rules map every host
to nothing), dumps the DOM and checks it: one h1, the lang attribute, no script or external
resource, accessible charts, and the key figures equal to what the tool itself computes
(`sharitories query --count in:ID`, `query -f json`, `panorama`). Then writes screenshots
(desktop 1200x3000 and phone 390x2400) and an A4 PDF to OUTDIR (or $SHARITORIES_REPORT_OUT)
for people to look at: report-ID-LANG.png, report-ID-LANG-phone.png, report-ID-LANG.pdf.

Exit status: 0 pass, 1 fail, 77 skip (meson's code) when the tool has no `report` command.
Only the Python standard library; run it with Debian's /usr/bin/python3.
"""
import csv
import html.parser
import io
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

# (territory id, language): Lorient in French, Épinal in English.
TOWNS = [("fr-com-56121", "fr"), ("fr-com-88160", "en")]
CHROMIUM_TIMEOUT = 120
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)
    return cond


def run(args, timeout=120, check_rc=True):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if check_rc and p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        raise SystemExit("command failed (%d): %s" % (p.returncode, " ".join(args)))
    return p


def chromium(browser, url, *extra):
    """Run headless Chromium on url; returns stdout (bytes). Any network access fails."""
    with tempfile.TemporaryDirectory(prefix="shr-chromium-") as profile:
        args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
                "--user-data-dir=" + profile] + list(extra) + [url]
        p = run(args, timeout=CHROMIUM_TIMEOUT, check_rc=False)
        if p.returncode != 0:
            sys.stderr.write(p.stderr.decode("utf-8", "replace")[-4000:])
            raise SystemExit("chromium failed (%d)" % p.returncode)
        return p.stdout


class Dom(html.parser.HTMLParser):
    """What the checks need from the DOM that Chromium serialised."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.counts = {}
        self.resources = []  # (tag, attribute, value) that would load something
        self.hrefs = []
        self.figures = {}    # kf-* id -> value of its <data>, or its text
        self._figure = None
        self.section = None
        self.practice_names = []
        self._h3 = None
        self.svgs = []       # per svg: [role, has title, has desc]
        self._svg = None
        self.ids = set()     # every id attribute
        self.roadmap = []    # per <li id="rm-N">: {"id", "href" (its first link), "text"}
        self._rm = None
        self._rm_depth = 0
        self.fiches = []     # ids of the <article class="fiche"> of the appendix
        # the map section: its paths' ids, circles (data-count, has a title), caption text
        self.map_paths, self.map_circles, self.map_caption = [], [], None
        self._circle = None
        self._caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "html":
            self.lang = a.get("lang")
        for name in ("src", "srcset", "poster", "data", "xlink:href"):
            if name in a and not (tag == "data" and name == "data"):
                self.resources.append((tag, name, a[name]))
        if tag == "link":
            self.resources.append((tag, "href", a.get("href")))
        if "href" in a:
            if tag != "a":
                self.resources.append((tag, "href", a["href"]))
            self.hrefs.append(a["href"])
        if any(k.startswith("on") for k in a):
            self.resources.append((tag, "on*", str(a)))
        if tag == "section":
            self.section = a.get("id")
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "li" and self._rm is not None:
            self._rm_depth += 1
        if tag == "li" and self.section == "roadmap" and (a.get("id") or "").startswith("rm-"):
            self._rm = {"id": a["id"], "href": None, "text": ""}
            self._rm_depth = 1
            self.roadmap.append(self._rm)
        if tag == "a" and self._rm is not None and self._rm["href"] is None:
            self._rm["href"] = a.get("href")
        if tag == "article" and self.section == "fiches" and "fiche" in (a.get("class") or ""):
            self.fiches.append(a.get("id"))
        if tag == "dd" and (a.get("id") or "").startswith("kf-"):
            self._figure = a["id"]
            self.figures[self._figure] = ""
        if tag == "data" and self._figure:
            self.figures[self._figure] = a.get("value")
            self._figure = None
        if tag == "h3" and self.section == "practices":
            self._h3 = ""
        if tag == "svg":
            self._svg = [a.get("role"), False, False]
            self.svgs.append(self._svg)
        if self._svg is not None and tag in ("title", "desc") and self._circle is None:
            self._svg[1 if tag == "title" else 2] = True
        if self.section == "map":
            if tag == "path":
                self.map_paths.append(a.get("id"))
            if tag == "circle":
                self._circle = [int(a.get("data-count", "0")), a.get("class"), ""]
                self.map_circles.append(self._circle)
            if tag == "title" and self._circle is not None:
                self._circle[2] = None  # collecting the tooltip text
            if tag == "figcaption":
                self.map_caption, self._caption = "", True

    def handle_endtag(self, tag):
        if tag == "li" and self._rm is not None:
            self._rm_depth -= 1
            if self._rm_depth == 0:
                self._rm = None
        if tag == "circle":
            self._circle = None
        if tag == "figcaption":
            self._caption = False
        if tag == "dd":
            self._figure = None
        if tag == "h3" and self._h3 is not None:
            self.practice_names.append(self._h3.strip())
            self._h3 = None
        if tag == "svg":
            self._svg = None
        if tag == "section":
            self.section = None

    def handle_data(self, data):
        if self._rm is not None:
            self._rm["text"] += data
        if self._circle is not None and self._circle[2] is None:
            self._circle[2] = data
        if self._caption:
            self.map_caption += data
        if self._figure:
            self.figures[self._figure] += data.strip()
        if self._h3 is not None:
            self._h3 += data


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def expected_figures(tool, territory):
    """Key figures computed by the tool itself (not by the report code)."""
    count = int(run([tool, "query", "--count", "in:" + territory]).stdout)
    practices = json.loads(run([tool, "query", "-f", "json", "in:" + territory]).stdout)
    actors = {a["actor"] for p in practices for a in p["actors"]}
    categories = {p["category"] for p in practices}
    rows = json.loads(run([tool, "panorama", "-f", "json", "--by", "commune", "--per", "10000",
                           "-q", "in:" + territory]).stdout)
    per = next((r["per_10000"] for r in rows if r["commune"] == territory), None)
    own = next((r["practices"] for r in rows if r["commune"] == territory), None)
    fig = {"kf-practices": str(count), "kf-actors": str(len(actors)),
           "kf-categories": str(len(categories))}
    if per:
        fig["kf-rate"] = "%.2f" % per
        fig["kf-population"] = str(round(own * 10000 / per))
    return fig, sorted(p["name"] for p in practices)


def check_town(tool, browser, outdir, territory, lang):
    print("== %s (%s)" % (territory, lang), flush=True)
    page = os.path.join(outdir, "report-%s-%s.html" % (territory, lang))
    run([tool, "report", "--lang", lang, "-o", page, territory])
    url = "file://" + os.path.abspath(page)

    # The page as written: self-contained.
    with open(page, encoding="utf-8") as f:
        source = f.read()
    check(not re.search(r"<script|<link|<img|<iframe|@import|url\(", source, re.I),
          "%s: the page loads or runs nothing" % territory)
    check(not re.search(r"""(src|srcset)\s*=""", re.sub(r"&lt;.*?&gt;", "", source), re.I),
          "%s: no src attribute" % territory)

    # The page as Chromium built it.
    dom_text = chromium(browser, url, "--dump-dom").decode("utf-8")
    dom = Dom()
    dom.feed(dom_text)
    check(dom.lang == lang, "%s: <html lang=%r>, expected %r" % (territory, dom.lang, lang))
    check(dom.counts.get("h1") == 1, "%s: one h1 (got %s)" % (territory, dom.counts.get("h1")))
    check(dom.counts.get("h2", 0) >= 7, "%s: the sections have h2 headings" % territory)
    for tag in ("script", "iframe", "img", "link", "object", "embed"):
        check(tag not in dom.counts, "%s: no <%s> in the DOM" % (territory, tag))
    check(not dom.resources, "%s: no resource loaded: %s" % (territory, dom.resources))
    for href in dom.hrefs:
        check(href.startswith("#") or re.match(r"https?://", href),
              "%s: href %r is an anchor or a web link" % (territory, href))
    check(dom.svgs, "%s: charts are drawn" % territory)
    for svg in dom.svgs:
        check(svg == ["img", True, True],
              "%s: chart with role=img, title and desc (%s)" % (territory, svg))
    check(dom.counts.get("table", 0) >= len(dom.svgs), "%s: each chart has a table" % territory)

    fig, names = expected_figures(tool, territory)
    for key, value in sorted(fig.items()):
        check(dom.figures.get(key) == value,
              "%s: %s is %r in the page, %r by the tool" % (territory, key,
                                                            dom.figures.get(key), value))
    check(sorted(dom.practice_names) == names,
          "%s: practices listed %s, expected %s" % (territory, sorted(dom.practice_names), names))
    print("key figures:", {k: dom.figures.get(k) for k in sorted(dom.figures)}, flush=True)

    # The feuille de route: the tool's first 5 recommendations, in order, each with its why,
    # linked to its fiche in the appendix of the same page.
    rows = list(csv.DictReader(io.StringIO(run([tool, "roadmap", "-f", "csv", "--top", "5",
                                                 "--lang", lang, territory]).stdout.decode(
                                                     "utf-8"), newline="")))
    check(rows, "%s: the tool gives a roadmap" % territory)
    check([r["id"] for r in dom.roadmap] == ["rm-%d" % (i + 1) for i in range(len(rows))],
          "%s: the roadmap section lists %d recommendations (%s)"
          % (territory, len(rows), [r["id"] for r in dom.roadmap]))
    check([r["href"] for r in dom.roadmap] == ["#fiche-" + r["action"] for r in rows],
          "%s: the recommendations are the tool's, in its order" % territory)
    for item, row in zip(dom.roadmap, rows):
        check(" ".join(row["why"].split()) in " ".join(item["text"].split()),
              "%s: %s says why (%r)" % (territory, item["id"], row["why"][:60]))
    check(dom.fiches == ["fiche-" + r["action"] for r in rows],
          "%s: the appendix has each fiche once (%s)" % (territory, dom.fiches))
    for href in dom.hrefs:
        if href.startswith("#"):
            check(href[1:] in dom.ids, "%s: the anchor %s exists in the page" % (territory, href))
    # The map of the department: its outline, the practices as points with tooltips, a caption
    # whose count of the territory's practices is the key figure.
    check(dom.map_paths == ["map-department"], "%s: one department outline on the map (%s)"
          % (territory, dom.map_paths))
    check("#map" in dom.hrefs, "%s: the contents link to the map" % territory)
    check(dom.map_circles, "%s: practices drawn as points" % territory)
    for count, cls, tip in dom.map_circles:
        check(cls in ("own", "epci") and count >= 1 and tip and re.match(r"\d+ pra", tip),
              "%s: point %r with its tooltip" % (territory, (count, cls, tip)))
    m = re.search(r"\((\d+)\)", dom.map_caption or "")
    check(m and m.group(1) == fig["kf-practices"],
          "%s: the map's caption counts %s practices of the territory, the key figure %s"
          % (territory, m and m.group(1), fig["kf-practices"]))
    drawn = sum(c for c, cls, _ in dom.map_circles if cls == "own")
    check(drawn <= int(fig["kf-practices"]), "%s: no more points than practices" % territory)
    print("map: %d points, %d practices drawn, caption %r" % (len(dom.map_circles),
          sum(c for c, _, _ in dom.map_circles), dom.map_caption), flush=True)

    # For people to look at: desktop and phone screenshots, and the page printed on A4.
    base = os.path.join(outdir, "report-%s-%s" % (territory, lang))
    chromium(browser, url, "--screenshot=" + base + ".png", "--window-size=1200,3000")
    check(png_size(base + ".png") == (1200, 3000), "%s: desktop screenshot" % territory)
    chromium(browser, url, "--screenshot=" + base + "-phone.png", "--window-size=390,2400")
    check(png_size(base + "-phone.png") == (390, 2400), "%s: phone screenshot" % territory)
    chromium(browser, url, "--print-to-pdf=" + base + ".pdf", "--no-pdf-header-footer")
    with open(base + ".pdf", "rb") as f:
        pdf = f.read()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf)
    check(pdf.startswith(b"%PDF") and boxes, "%s: printed to PDF" % territory)
    # A4 is 595.28 x 841.89 points.
    check(all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes),
          "%s: printed on A4 (%s)" % (territory, boxes[:1]))
    print("pages: %d; screenshots: %s.png, %s-phone.png" % (len(boxes), base, base), flush=True)


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    tool, browser, outdir = sys.argv[1:4]
    outdir = os.environ.get("SHARITORIES_REPORT_OUT") or outdir
    os.makedirs(outdir, exist_ok=True)
    probe = run([tool, "report", "--help"], check_rc=False)
    if probe.returncode != 0:
        print("SKIP: the tool has no 'report' command yet (tools/cli/cmd_report.c not wired)")
        return 77
    for territory, lang in TOWNS:
        check_town(tool, browser, outdir, territory, lang)
    if FAILURES:
        print("%d check(s) failed" % len(FAILURES))
        return 1
    print("all checks passed; files in", os.path.abspath(outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
