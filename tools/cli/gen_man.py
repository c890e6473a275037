#!/usr/bin/env python3
"""Man pages of the `sharitories` tool, made from its own --help texts (so they cannot drift).

    gen_man.py TOOL OUTDIR COMMAND...
    gen_man.py --list MAIN_C

The second form prints the command names of the `commands[]` table of tools/cli/main.c, one a
line: tools/cli/meson.build takes its list of pages from it at configure time (and reconfigures
when main.c changes), so a new command gets its page without another list to edit.
The first runs `TOOL --help` and `TOOL COMMAND --help` for each COMMAND and writes OUTDIR/sharitories.1 and OUTDIR/sharitories-COMMAND.1: NAME
(the summary `sharitories --help` gives), SYNOPSIS (the usage line), DESCRIPTION (the rest of the
help, as written), ENVIRONMENT, SEE ALSO. Fails when the commands `sharitories --help` lists
differ from COMMAND... (the table in main.c and what --help prints must agree).
The date in the header is the tool's version, never the build's date (reproducible builds).
"""
import os
import re
import subprocess
import sys


def roff(text):
    """Text as roff, kept line by line (no filling): backslashes and hyphens escaped, lines
    that would start a request protected."""
    out = []
    for line in text.split("\n"):
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def page(name, version, summary, usage, body, see_also):
    parts = [
        f'.TH {name.upper()} 1 "" "sharitories {version}" "User Commands"',
        ".SH NAME", f"{roff(name)} \\- {roff(summary)}",
        ".SH SYNOPSIS", ".nf", roff(usage), ".fi",
        ".SH DESCRIPTION", ".nf", roff(body.strip("\n")), ".fi",
        ".SH ENVIRONMENT", ".TP", ".B SHARITORIES_DATA_DIR",
        "Directory of the default catalog (default.catalog and its files), instead of the "
        "installed one.",
        ".SH SEE ALSO", ", ".join(f"\\fB{roff(s)}\\fR(1)" for s in see_also),
        "",
    ]
    return "\n".join(parts)


def split_help(text):
    """(usage, body): the usage line(s) without 'usage: ', and the text after them."""
    lines = text.rstrip("\n").split("\n")
    if not lines or not lines[0].startswith("usage: "):
        raise SystemExit(f"gen_man.py: help does not start with 'usage: ': {lines[:1]}")
    usage = [lines[0][len("usage: "):]]
    i = 1
    while i < len(lines) and lines[i].startswith(" ") and lines[i].strip():
        usage.append(lines[i].strip())
        i += 1
    return "\n".join(usage), "\n".join(lines[i:])


def list_commands(main_c):
    """The names of the commands[] table of main.c: its `{"NAME", cli_cmd_...` entries."""
    with open(main_c, encoding="utf-8") as f:
        names = re.findall(r'^\s*\{"([a-z][a-z-]*)",\s*cli_cmd_\w+,', f.read(), re.M)
    if not names:
        raise SystemExit(f"gen_man.py: no command table in {main_c}")
    return names


def main():
    if sys.argv[1] == "--list":
        print("\n".join(list_commands(sys.argv[2])))
        return
    tool, outdir, commands = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = dict(os.environ, LC_ALL="C")
    # The data directory printed by --help is the installed one, not the build's.
    env.pop("SHARITORIES_DATA_DIR", None)

    def helptext(*args):
        return subprocess.run([tool, *args, "--help"], check=True, capture_output=True,
                              text=True, env=env).stdout

    main_help = helptext()
    version = subprocess.run([tool, "--version"], check=True, capture_output=True, text=True,
                             env=env).stdout.split()[1]
    listed = re.findall(r"^  (\S+) +(.+)$", main_help.split("Commands:\n", 1)[1].split("\n\n")[0],
                        re.M)
    summaries = dict(listed)
    if sorted(summaries) != sorted(commands):
        raise SystemExit("gen_man.py: `sharitories --help` lists " + " ".join(sorted(summaries)) +
                         "; tools/cli/meson.build lists " + " ".join(sorted(commands)) +
                         ": the commands[] table of tools/cli/main.c and --help disagree")
    os.makedirs(outdir, exist_ok=True)
    usage, body = split_help(main_help)
    pages = {"sharitories": page("sharitories", version,
                                 "territories, actors and collaborative practices", usage, body,
                                 [f"sharitories-{c}" for c in commands])}
    for c in commands:
        usage, body = split_help(helptext(c))
        pages[f"sharitories-{c}"] = page(f"sharitories-{c}", version, summaries[c], usage, body,
                                         ["sharitories"])
    for name, text in pages.items():
        with open(os.path.join(outdir, name + ".1"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
