# tests/cli/harness.sh — what the CLI test scripts (test-cli.sh,
# test-cli-resolver.sh) share: the ginet binary check, a temporary
# directory, and the checks that run a command and count passes and
# failures.  Sourced, not run: `. "$(dirname "$0")/harness.sh"`.
#
# Sets G (the ginet binary), tmp (removed at exit; a script with more to
# clean sets cli_cleanup to a function name), pass and fail.  Provides:
#   run CMD...               run CMD, stdin $tmp/in, output in $tmp/out
#                            and $tmp/err, status in $rc
#   bad NAME [LINE...]       count a failure, print why and the output
#   expect_ok NAME           after run: exit 0, stdout equal to $tmp/want,
#                            nothing on stderr
#   expect_err NAME STATUS   after run: exit STATUS, one line on stderr
#                            starting "ginet: "
#   has NAME PATTERN CMD...  exit 0 and a line of stdout matches PATTERN
#   summary                  "N passed, N failed[, N skipped]"; status 0
#                            when nothing failed

G=${top_builddir:-.}/tools/ginet
if [ ! -x "$G" ]; then
    echo "FAIL $G not built"
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ginet-cli.XXXXXX") || exit 1
cli_cleanup=
cli_exit() {
    [ -n "$cli_cleanup" ] && "$cli_cleanup"
    rm -rf "$tmp"
}
trap cli_exit EXIT
trap 'exit 1' INT TERM
: >"$tmp/in"
pass=0 fail=0 skipped=0

run() {
    "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

bad() {
    fail=$((fail + 1))
    echo "FAIL $1"
    shift
    for line in "$@"; do echo "     $line"; done
    sed 's/^/     stdout| /' "$tmp/out"
    sed 's/^/     stderr| /' "$tmp/err"
}

expect_ok() {
    if [ "$rc" -ne 0 ]; then
        bad "$1" "exit $rc, expected 0"
    elif ! cmp -s "$tmp/out" "$tmp/want"; then
        bad "$1" "stdout differs; expected:" "$(cat "$tmp/want")"
    elif [ -s "$tmp/err" ]; then
        bad "$1" "unexpected stderr"
    else
        pass=$((pass + 1))
    fi
}

expect_err() {
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne "$2" ]; then
        bad "$1" "exit $rc, expected $2"
    elif [ "$lines" -ne 1 ] || ! grep -q '^ginet: ' "$tmp/err"; then
        bad "$1" "expected one line on stderr starting 'ginet: ', got $lines"
    else
        pass=$((pass + 1))
    fi
}

has() {
    name=$1 pattern=$2
    shift 2
    run "$@"
    if [ "$rc" -ne 0 ]; then
        bad "$name" "exit $rc, expected 0"
    elif ! grep -Eq "$pattern" "$tmp/out"; then
        bad "$name" "no line matches /$pattern/"
    else
        pass=$((pass + 1))
    fi
}

summary() {
    if [ "$skipped" -gt 0 ]; then
        echo "$pass passed, $fail failed, $skipped skipped"
    else
        echo "$pass passed, $fail failed"
    fi
    [ "$fail" -eq 0 ]
}
