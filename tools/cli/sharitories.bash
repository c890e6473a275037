# bash completion for sharitories (installed as
# share/bash-completion/completions/sharitories).
#
# Commands come from `sharitories --help`, options and formats from `sharitories COMMAND
# --help` (so they follow the tool), territory ids from `sharitories complete-ids PREFIX`
# (the installed default catalog): after in: and at: in a query expression, and for the
# TERRITORY operands of inspire, compare, report and roadmap.

_sharitories()
{
    local cur prev words cword
    _init_completion -n : || return
    local tool=${words[0]}

    if [[ $cword -eq 1 ]]; then
        local cmds
        cmds=$("$tool" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
        COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
        return
    fi
    local cmd=${words[1]} help
    help=$("$tool" "$cmd" --help 2>/dev/null) || return

    # The value of an option.
    case $prev in
        -f | --format)
            # The choices the usage line gives: [-f csv|json|geojson|sql]
            local fmts
            fmts=$(sed -n 's/.*\[-f \([a-z|]*\)\].*/\1/p' <<<"$help" | head -n 1 | tr '|' ' ')
            COMPREPLY=($(compgen -W "$fmts" -- "$cur"))
            return
            ;;
        -o | --output | --map | --rejected)
            _filedir
            return
            ;;
        --*)
            # An option whose usage gives its choices: --by department|region, --lang fr|en
            local choices
            choices=$(grep -oE -- "$prev [a-z_]+(\|[a-z_]+)+" <<<"$help" | head -n 1)
            if [[ -n $choices ]]; then
                COMPREPLY=($(compgen -W "$(tr '|' ' ' <<<"${choices#"$prev" }")" -- "$cur"))
                return
            fi
            ;;
    esac

    case $cur in
        -*)
            local opts
            opts=$(grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z-]*' <<<"$help" | grep -oE -- '--[a-z-]+')
            COMPREPLY=($(compgen -W "$opts" -- "$cur"))
            return
            ;;
        in:* | at:* | -in:* | -at:*)
            local key=${cur%%:*}: ids
            ids=$("$tool" complete-ids "${cur#*:}" 2>/dev/null)
            COMPREPLY=($(compgen -P "$key" -W "$ids" -- "${cur#*:}"))
            __ltrim_colon_completions "$cur"
            return
            ;;
    esac

    case $cmd in
        inspire | compare | report | roadmap)
            if [[ $cur == fr-* || $cur == [a-z]* && $cur != */* && $cur != *.* ]]; then
                COMPREPLY=($("$tool" complete-ids "$cur" 2>/dev/null))
                [[ ${#COMPREPLY[@]} -gt 0 ]] && return
            fi
            ;;
    esac
    _filedir '@(yaml|yml|catalog|csv)'
} &&
    complete -F _sharitories sharitories
