#!/bin/bash
# Bash completion (tools/cli/sharitories.bash) and man pages (tools/cli/gen_man.py):
#   test_completion.sh TOOL COMPLETION_SCRIPT MAN_DIR
# Completes commands, options, formats and territory ids through the real tool, and checks that
# every command's man page renders without warnings and holds its --help text.
set -u
TOOL=$(readlink -f "$1")
COMPLETION=$2
MANDIR=$3
fail=0
if [ ! -f /usr/share/bash-completion/bash_completion ]; then
    echo "bash-completion is not installed (tools/debian-packages.txt)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$TOOL" "$tmp/sharitories"
export PATH="$tmp:$PATH"
# shellcheck disable=SC1091
. /usr/share/bash-completion/bash_completion
# shellcheck disable=SC1090
. "$COMPLETION"

# complete LINE: the completions of the last word of LINE.
complete_line() {
    read -ra COMP_WORDS <<<"$1"
    [[ $1 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$1
    COMP_POINT=${#1}
    COMPREPLY=()
    _sharitories sharitories "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}"
}

expect() { # LINE EXPECTED-WORD: EXPECTED-WORD is among the completions
    if complete_line "$1" | grep -qxF -- "$2"; then
        echo "ok   '$1' -> $2"
    else
        echo "FAIL '$1' does not complete to $2 (got: $(complete_line "$1" | tr '\n' ' '))"
        fail=1
    fi
}

expect "sharitories ex" export
expect "sharitories " query
expect "sharitories export --sch" --schema
expect "sharitories export -f " sql
expect "sharitories export -f g" geojson
expect "sharitories query --cou" --count
# Readline completes the part after the colon (':' is in COMP_WORDBREAKS), so the replies are
# the ids without "in:" (__ltrim_colon_completions).
expect "sharitories query in:fr-reg-5" fr-reg-53
expect "sharitories query at:fr-com-5612" fr-com-56121
expect "sharitories report fr-com-8816" fr-com-88160
expect "sharitories road" roadmap
expect "sharitories act" actions
expect "sharitories m" map
expect "sharitories roadmap fr-com-5612" fr-com-56121
expect "sharitories roadmap -f " md
expect "sharitories roadmap --lang " en
expect "sharitories map --by " region
expect "sharitories map --b" --by
expect "sharitories panorama --lang " fr

for page in "$MANDIR"/sharitories*.1; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then
        echo "FAIL $page: $warnings"
        fail=1
    fi
done
for cmd in query export; do
    rendered=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$MANDIR/sharitories-$cmd.1" 2>/dev/null)
    line=$("$TOOL" "$cmd" --help | grep -m1 -- '-h, --help' | sed 's/^ *//')
    if grep -qF -- "$line" <<<"$rendered"; then
        echo "ok   sharitories-$cmd.1 has the --help text"
    else
        echo "FAIL sharitories-$cmd.1 lacks '$line'"
        fail=1
    fi
done
exit $fail
