#!/bin/sh
# tests/run-tests.sh — the single test entry behind `make check`.
#
# Runs every test program and script given as arguments, one after the
# other, each under a time limit, with its output in tests/logs/NAME.log.
# Every suite ends its output with the line "N passed, N failed" (optionally
# ", N skipped"); this script adds them up and ends with the same line for
# the whole run.  Exit status is non-zero if any suite failed, crashed,
# timed out or did not print its summary line.
set -u

limit=${GINET_TEST_TIMEOUT:-600}
logdir=${top_builddir:-.}/tests/logs
mkdir -p "$logdir"

total_pass=0 total_fail=0 total_skip=0 bad=0

for t in "$@"; do
    name=$(basename "$t" | sed 's/\.sh$//')
    log="$logdir/$name.log"
    case "$t" in
        *.sh) if [ -f "$t" ]; then cmd="$t"; else cmd="${top_srcdir:-.}/$t"; fi
              set -- sh "$cmd" ;;
        *)    set -- "./$t" ;;
    esac
    if command -v timeout >/dev/null 2>&1; then
        timeout -k 10 "$limit" "$@" >"$log" 2>&1
    else
        "$@" >"$log" 2>&1
    fi
    rc=$?
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        printf 'FAIL  %-28s no summary line (exit %s); log: %s\n' "$name" "$rc" "$log"
        tail -n 20 "$log" | sed 's/^/      | /'
        bad=$((bad + 1)); total_fail=$((total_fail + 1))
        continue
    fi
    p=$(echo "$summary" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$summary" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    s=$(echo "$summary" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p'); s=${s:-0}
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
    if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
        printf 'FAIL  %-28s %s (exit %s); log: %s\n' "$name" "$summary" "$rc" "$log"
        grep -E 'FAIL|got .*expected|Assertion|ERROR|error:' "$log" | head -n 30 | sed 's/^/      | /'
        bad=$((bad + 1))
        [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && total_fail=$((total_fail + 1))
    else
        printf 'PASS  %-28s %s\n' "$name" "$summary"
    fi
    grep -E '^SKIP' "$log" | sed 's/^/      /'
done

if [ "$total_skip" -gt 0 ]; then
    echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
    echo "$total_pass passed, $total_fail failed"
fi
[ "$bad" -eq 0 ]
