#!/bin/sh
# fuzz/run-bounded.sh — runs every libFuzzer target for a bounded time,
# two at a time, on the seeds fuzz/make-seeds writes from the conformance
# vectors.  It is the fuzzing suite of `make check` (a few seconds per
# target) and, with GINET_FUZZ_SECONDS=600, the long run of
# docs/fuzzing.md (`make fuzz-long`).
#
# Environment (make check sets the first three):
#   top_builddir, top_srcdir   the build and source trees (default: .)
#   GINET_CONFORMANCE_DIR      the vectors the seeds come from
#   GINET_FUZZ_SECONDS         time per target (default 8)
#   GINET_FUZZ_JOBS            targets run at once (default 2)
#   GINET_FUZZ_TARGETS         which targets (default: all)
#   GINET_FUZZ_WORK            where each target's new corpus, log and any
#                              crash-* file go (default fuzz/corpus-work)
#   GINET_FUZZ_KEEP            1: keep the corpus of an earlier run in
#                              GINET_FUZZ_WORK (default: start afresh)
#
# Prints one line per target (runs, coverage, result), a markdown table
# of the same, and "N passed, N failed"; when the targets were not built
# (no clang with libFuzzer) a SKIP line and "0 passed, 0 failed, 1 skipped".
set -u

builddir=${top_builddir:-.}
srcdir=${top_srcdir:-.}
secs=${GINET_FUZZ_SECONDS:-8}
jobs=${GINET_FUZZ_JOBS:-2}
work=${GINET_FUZZ_WORK:-$builddir/fuzz/corpus-work}
keep=${GINET_FUZZ_KEEP:-0}
vectors=${GINET_CONFORMANCE_DIR:-$srcdir/../shared/conformance}
targets=${GINET_FUZZ_TARGETS:-"packet-length packet-line packet-http framer term address"}
seeds=$builddir/fuzz/corpus

built=0 missing=
for t in $targets; do
    if [ -x "$builddir/fuzz/fuzz-$t" ]; then built=$((built + 1)); else missing="$missing fuzz-$t"; fi
done
if [ "$built" -eq 0 ]; then
    echo "SKIP fuzz: the libFuzzer targets are not built (configure found no clang with -fsanitize=fuzzer, or --disable-fuzz)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
if [ -n "$missing" ]; then
    echo "FAIL some fuzz targets are not built:$missing"
    echo "0 passed, 1 failed"
    exit 1
fi

# Seeds: regenerated every time, so they follow the vectors.
rm -rf "$seeds"
if [ -f "$vectors/decode_packet.tsv" ] && [ -x "$builddir/fuzz/make-seeds" ]; then
    if ! "$builddir/fuzz/make-seeds" "$vectors" "$seeds" >/dev/null; then
        echo "FAIL fuzz/make-seeds could not write the seeds from $vectors"
        echo "0 passed, 1 failed"
        exit 1
    fi
else
    echo "note: no conformance vectors in $vectors: fuzzing without seeds"
fi

mkdir -p "$work"
max_len() {
    case $1 in
        term) echo 2048 ;;
        address) echo 256 ;;
        *) echo 4096 ;;
    esac
}
dict_of() {
    case $1 in
        packet-http|framer) echo http ;;
        term) echo term ;;
        address) echo address ;;
        *) echo "" ;;
    esac
}

run_one() {
    t=$1
    dir=$work/$t
    [ "$keep" = 1 ] || rm -rf "$dir"
    mkdir -p "$dir/corpus" "$seeds/$t"
    rm -f "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-*
    d=$(dict_of "$t")
    if [ -n "$d" ] && [ -f "$srcdir/fuzz/$d.dict" ]; then
        set -- "-dict=$srcdir/fuzz/$d.dict"
    else
        set --
    fi
    "$builddir/fuzz/fuzz-$t" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -max_len="$(max_len "$t")" -print_final_stats=1 \
        -artifact_prefix="$dir/" "$@" "$dir/corpus" "$seeds/$t" \
        >"$dir.log" 2>&1
    echo $? >"$dir.status"
}

started=$(date +%s)
set -- $targets
while [ $# -gt 0 ]; do
    i=0
    while [ "$i" -lt "$jobs" ] && [ $# -gt 0 ]; do
        run_one "$1" &
        i=$((i + 1))
        shift
    done
    wait
done
elapsed=$(( $(date +%s) - started ))

stat() {   # stat NAME LOG: a stat:: line's value
    sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

pass=0 fail=0
table="| target | runs | runs/s | coverage (edges) | features | corpus | result |
|---|---:|---:|---:|---:|---:|---|"
for t in $targets; do
    dir=$work/$t
    log=$dir.log
    rc=$(cat "$dir.status" 2>/dev/null || echo 1)
    runs=$(stat number_of_executed_units "$log")
    rate=$(stat average_exec_per_sec "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    if [ "$rc" -eq 0 ]; then
        pass=$((pass + 1))
        result=ok
        printf 'PASS  fuzz-%-14s %10s runs (%s/s), cov %s, ft %s, corpus %s\n' \
            "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
    else
        fail=$((fail + 1))
        result="FAILED (exit $rc)"
        art=$(ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* 2>/dev/null | head -n 1)
        printf 'FAIL  fuzz-%s: exit %s after %s runs; log: %s\n' "$t" "$rc" "${runs:-?}" "$log"
        grep -E 'ERROR|property failed|SUMMARY|runtime error|==[0-9]+==' "$log" | head -n 8 | sed 's/^/      | /'
        if [ -n "$art" ]; then
            echo "      input: $art"
            echo "      replay: $builddir/fuzz/fuzz-$t $art"
        fi
    fi
    table="$table
| fuzz-$t | ${runs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | $result |"
done
echo
echo "$secs s per target, $jobs at a time, $elapsed s in all:"
echo
echo "$table"
echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
