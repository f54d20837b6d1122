# tests/tap.sh: what the shell test scripts that boot real firmware and
# kernels share (sourced, not run): TAP results numbered from $n, the
# skip that CI turns into a failure ($tap_require = 1: a file the test
# needs is missing), checks of a log, and --stats values.

ok() {          # ok STATUS NAME
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

skip_or_fail() {  # skip_or_fail NAME REASON
    n=$((n + 1))
    if [ "${tap_require:-0}" = 1 ]; then
        echo "not ok $n - $1: $2"
    else
        echo "ok $n - $1 # SKIP $2"
    fi
}

# in_order FILE NAME LIST: every line of LIST appears in FILE, in order.
in_order() {
    rest=$(cat "$1")
    missing=
    while IFS= read -r want; do
        case $rest in
        *"$want"*) rest=${rest#*"$want"} ;;
        *) missing=$want; break ;;
        esac
    done <<LIST
$3
LIST
    if [ -n "$missing" ]; then
        echo "# missing, in order: $missing"
        ok 1 "$2"
    else
        ok 0 "$2"
    fi
}

# none_of FILE NAME LIST: no line of LIST appears in FILE.
none_of() {
    found=$(printf '%s\n' "$3" | grep -F -f - "$1" | head -n 3)
    [ -n "$found" ] && printf '%s\n' "$found" | sed 's/^/# found: /'
    ok "$([ -z "$found" ] && echo 0 || echo 1)" "$2"
}

stat() {        # stat FILE KEY
    sed -n "s/^$2: //p" "$1"
}

