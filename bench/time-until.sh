# bench/time-until.sh: sourced by the boot-time benchmarks (bash): the
# wall-clock time until a line of a command's output; $limit is the most
# seconds to wait.

# time_until MARKER KILL CMD...: seconds until MARKER appears on CMD's
# standard output; CMD is then stopped if KILL is 1, else waited for.
time_until() {
    local want=$1 stop=$2 start end pid line
    shift 2
    start=$(date +%s.%N)
    coproc RUN { "$@"; }
    pid=$RUN_PID
    while IFS= read -r -t "$limit" line <&"${RUN[0]}"; do
        case $line in
        *"$want"*)
            end=$(date +%s.%N)
            if [ "$stop" = 1 ]; then kill "$pid" 2>/dev/null; else cat <&"${RUN[0]}" >/dev/null; fi
            wait "$pid" 2>/dev/null
            awk -v a="$end" -v b="$start" 'BEGIN { printf "%.3f", a - b }'
            return
            ;;
        esac
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    printf -- "-"
}

