#!/usr/bin/python3
"""Every message has a French translation (docs/errors.md): each format string that lib/ passes
to an error or query-warning function, and each one that tools/cli/ passes to its message
functions, has an entry in the French table of its side (lib/util/messages_fr.def,
tools/cli/cli_messages_fr.def) with the same printf conversions in the same order (otherwise
formatting the French text would be undefined behaviour). A function of lib/ or tools/cli/
declared with a printf format attribute must be listed below, as a message function or as one
that writes no message. Table entries no source uses are reported too.
usage: check_messages.py SOURCE_ROOT [--missing]   (--missing: print the untranslated formats)"""
import os, re, sys

# function -> index of its format argument (0-based), per side.
SIDES = {
    "lib": {
        "table": "lib/util/messages_fr.def",
        "functions": {"shr__error_set": 2, "shr__error_set_at": 6, "shr__error_vset_at": 6,
                      "shr__load_fail": 2, "shr__load_fail_at": 3, "fail": 3, "warn": 2},
        # printf-like functions whose output is not a message (HTML, roadmap text, import
        # report notes and warnings, which are data written into the report files).
        "not_messages": {"shr__html_rawf", "tb_printf", "add_warning", "note",
                         # snapshot_read.c: the detail inside "invalid snapshot: %s" (English)
                         "corrupt"},
        # function -> index of an argument that is a word of a message (W entries)
        "words": {"shr__w": 0, "io_error": 2, "shr__load_wrong_type": 2, "shr__load_next_key": 4,
                  "want_mapping": 1, "shr__catalog_check_unborrowed": 1, "o_error": 2, "bad": 2},
    },
    "tools/cli": {
        "table": "tools/cli/cli_messages_fr.def",
        "functions": {"cli_error": 0, "cli_usage_error": 2, "cli_warning": 0, "cli_notice": 0,
                      "cli_tr": 0},
        "not_messages": {"cli_buf_addf"},
        "words": {"cli_w": 0},
    },
}
# files whose `fail`/`warn` are the message functions above (other files' may be unrelated)
LOCAL_FUNCTIONS = {"fail": {"lib/query/query_parse.c"}, "warn": {"lib/query/query_parse.c"}}

CONV = re.compile(r"%(?:%|[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|j|z|t|L)?[diouxXeEfFgGaAcspn])")


def conversions(fmt):
    return [c for c in CONV.findall(fmt) if c != "%%"]


def strip_comments(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            out.append(" " * (j + 2 - i) if j >= 0 else "")
            i = j + 2 if j >= 0 else n
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = j if j >= 0 else n
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def unescape(body):
    return bytes(body, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


LIT = re.compile(r'"((?:[^"\\\n]|\\.)*)"|([A-Z_][A-Z0-9_]*)')
MACROS = {}  # NAME -> text of `#define NAME "literal"` in the sources


def literal(arg):
    """The text of an argument made only of adjacent string literals (and macros that are
    string literals), or None."""
    arg = arg.strip()
    parts, pos = [], 0
    for m in LIT.finditer(arg):
        if arg[pos:m.start()].strip():
            return None
        if m.group(2) is not None:
            if m.group(2) not in MACROS:
                return None
            parts.append(MACROS[m.group(2)])
        else:
            parts.append(unescape(m.group(1)))
        pos = m.end()
    if not parts or arg[pos:].strip():
        return None
    return "".join(parts)


def call_args(text, start):
    """Arguments of the call whose '(' is at text[start]; None if unbalanced."""
    depth, args, cur, i = 0, [], [], start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(cur))
                return args
        elif c == "," and depth == 1:
            args.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return None


def read_table(path, kind="M"):
    text = strip_comments(open(path, encoding="utf-8").read())
    table = {}
    for m in re.finditer(r"\b" + kind + r"\s*\(", text):
        args = call_args(text, m.end() - 1)
        en, fr = (literal(a) for a in args) if args and len(args) == 2 else (None, None)
        line = text.count("\n", 0, m.start()) + 1
        if en is None or fr is None:
            sys.exit(f"{path}:{line}: M() needs two string literals")
        table[en] = (fr, line)
    return table


def self_test():
    """The checker fails on a tree with a format without French, a French with other
    conversions, and an unknown printf-like function; it passes on the fixed tree."""
    import subprocess, tempfile
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "lib", "util"))
        os.makedirs(os.path.join(d, "tools", "cli"))
        src = os.path.join(d, "lib", "a.c")
        table = os.path.join(d, "lib", "util", "messages_fr.def")
        def check(code, defs):
            with open(src, "w") as f:
                f.write(code)
            with open(table, "w") as f:
                f.write(defs)
            return subprocess.run([sys.executable, __file__, d], capture_output=True).returncode
        call = 'int f(shr_error *e) { return shr__error_set(e, 1, "bad %s at %zu", "x", (size_t)1); }\n'
        assert check(call, 'M("bad %s at %zu", "mauvais %s à %zu")\n') == 0
        assert check(call, "") == 1, "a format without French"
        assert check(call, 'M("bad %s at %zu", "mauvais %zu à %s")\n') == 1, "conversions swapped"
        assert check(call, 'M("bad %s at %zu", "mauvais %s")\n') == 1, "a conversion missing"
        assert check(call + 'int g(const char *fmt, ...) SHR_PRINTF(1, 2);\n',
                     'M("bad %s at %zu", "mauvais %s à %zu")\n') == 1, "unknown printf-like"
        assert check(call, 'M("bad %s at %zu", "mauvais %s à %zu")\nM("unused", "inutile")\n') == 1
    print("self-test passed")
    return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1]
    errors, missing = [], []
    for side in SIDES:
        for dirpath, _, files in os.walk(os.path.join(root, side)):
            for name in files:
                if name.endswith((".c", ".h")):
                    text = open(os.path.join(dirpath, name), encoding="utf-8").read()
                    for m in re.finditer(r'^#define ([A-Z_][A-Z0-9_]*) ("(?:[^"\\\n]|\\.)*")\s*$', text, re.M):
                        MACROS[m.group(1)] = literal(m.group(2))
    for side, spec in SIDES.items():
        table_path = os.path.join(root, spec["table"])
        table = read_table(table_path) if os.path.exists(table_path) else {}
        words = read_table(table_path, "W") if os.path.exists(table_path) else {}
        used = set()
        wnames = "|".join(sorted(spec["words"]))
        for w, (fr, line) in words.items():
            if len(w.encode()) >= 72 or len(fr.encode()) >= 72:
                errors.append(f"{spec['table']}:{line}: a word has at most 71 bytes")
            if "%" in w or "%" in fr:
                errors.append(f"{spec['table']}:{line}: a word has no %")
        names = "|".join(sorted(spec["functions"]))
        for dirpath, _, files in os.walk(os.path.join(root, side)):
            for name in sorted(files):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                text = strip_comments(open(path, encoding="utf-8").read())
                for m in re.finditer(r"\b(\w+)\s*\([^;{]*\)\s*(?:SHR_PRINTF|__attribute__\s*\(\(\s*format)", text):
                    fn = m.group(1)
                    if fn == "defined":
                        continue
                    if fn not in spec["functions"] and fn not in spec["not_messages"]:
                        errors.append(f"{rel}: printf-like function {fn}() is neither a message "
                                      "function nor listed as not_messages in tests/check_messages.py")
                for m in re.finditer(r"(?<![\w.>])(" + wnames + r")\s*\(", text):
                    fn = m.group(1)
                    before = text[max(0, m.start() - 40):m.start()]
                    if re.search(r"\b(int|void|char|static)\s*\*?\s*$", before):
                        continue
                    args = call_args(text, m.end() - 1)
                    k = spec["words"][fn]
                    if args is None or len(args) <= k:
                        continue
                    for alt in re.split(r"[?:]", args[k]):  # a ? "x" : "y"
                        w = literal(alt)
                        if w is not None and w not in words:
                            line = text.count("\n", 0, m.start()) + 1
                            missing.append("W " + w)
                            errors.append(f"{rel}:{line}: no French for the word {w!r} ({spec['table']})")
                for m in re.finditer(r"(?<![\w.>])(" + names + r")\s*\(", text):
                    fn = m.group(1)
                    if fn in LOCAL_FUNCTIONS and rel not in LOCAL_FUNCTIONS[fn]:
                        continue
                    line = text.count("\n", 0, m.start()) + 1
                    before = text[max(0, m.start() - 40):m.start()]
                    if re.search(r"\b(int|void|q_node|static)\s*\*?\s*$", before):
                        continue  # the declaration or definition itself
                    args = call_args(text, m.end() - 1)
                    k = spec["functions"][fn]
                    if args is None or len(args) <= k:
                        errors.append(f"{rel}:{line}: cannot read the call of {fn}()")
                        continue
                    fmt = literal(args[k])
                    if fmt is None and fn == "cli_tr":
                        continue  # cli_tr(kind): words of the table, checked by the CLI tests
                    if fmt is None:
                        if args[k].strip() != "fmt":
                            errors.append(f"{rel}:{line}: {fn}() with a format that is not a "
                                          f"string literal: {args[k].strip()}")
                        continue
                    used.add(fmt)
                    if fmt not in table:
                        missing.append(fmt)
                        errors.append(f"{rel}:{line}: no French for {fmt!r} ({spec['table']})")
                    elif conversions(fmt) != conversions(table[fmt][0]):
                        errors.append(f"{spec['table']}:{table[fmt][1]}: the French of {fmt!r} has "
                                      f"conversions {conversions(table[fmt][0])}, not {conversions(fmt)}")
        for en, (fr, line) in table.items():
            if en not in used and side == "lib":
                errors.append(f"{spec['table']}:{line}: {en!r} is used by no source")
            if conversions(en) != conversions(fr):
                errors.append(f"{spec['table']}:{line}: conversions differ: {en!r} / {fr!r}")
    if "--missing" in sys.argv:
        for fmt in sorted(set(missing)):
            print(fmt)
        return 0
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
