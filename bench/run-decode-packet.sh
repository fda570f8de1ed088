#!/bin/sh
# bench/run-decode-packet.sh — the decode_packet benchmark, side by side:
# ginet (one-shot loop and streaming framer), OTP's erlang:decode_packet/3
# (bench/decode_packet_otp.escript, same bytes), libhttp-parser for HTTP
# heads and memchr/memcpy for {packet,4}.  Prints markdown tables with the
# ratios (docs/performance.md records them).  `make bench` runs it.
#
# Environment:
#   top_builddir, top_srcdir   build and source trees (default: .)
#   GINET_BENCH_CPU            the CPU everything is pinned to (default:
#                              the last one)
#   GINET_BENCH_REPS           runs per measurement, median taken (7)
#   GINET_BENCH_MIN_TIME       seconds per run at least (0.1)
#   GINET_BENCH_RAW            a file to keep the raw measurements in
set -eu

builddir=${top_builddir:-.}
srcdir=${top_srcdir:-.}
bench=$builddir/bench/decode_packet
reps=${GINET_BENCH_REPS:-7}
min=${GINET_BENCH_MIN_TIME:-0.1}
ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
cpu=${GINET_BENCH_CPU:-$((ncpu - 1))}

if [ ! -x "$bench" ]; then
    echo "run-decode-packet: $bench is not built (make bench/decode_packet)" >&2
    exit 1
fi
pin=
if command -v taskset >/dev/null 2>&1; then
    pin="taskset -c $cpu"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ginet-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

"$bench" --heads "$srcdir/bench/http-heads.txt" --write-inputs "$tmp"
echo "ginet: measuring (pinned to CPU $cpu, median of $reps runs of >= $min s)..." >&2
$pin "$bench" --heads "$srcdir/bench/http-heads.txt" --reps "$reps" \
    --min-time "$min" >"$tmp/c.tsv"
if command -v escript >/dev/null 2>&1; then
    echo "OTP: measuring..." >&2
    otp_version=$(erl -noshell -eval 'io:format("~s (erts-~s)", [erlang:system_info(otp_release), erlang:system_info(version)]), halt().')
    # One scheduler, like the one C thread.
    ERL_FLAGS="+S 1:1" $pin escript "$srcdir/bench/decode_packet_otp.escript" \
        "$tmp" "$reps" "$min" >"$tmp/otp.tsv"
else
    echo "run-decode-packet: no escript (apt-get install erlang-nox): OTP column empty" >&2
    otp_version=none
    : >"$tmp/otp.tsv"
fi
if [ -n "${GINET_BENCH_RAW:-}" ]; then
    cat "$tmp/c.tsv" "$tmp/otp.tsv" >"$GINET_BENCH_RAW"
fi

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "Machine: ${cpu_model:-unknown CPU}, $ncpu CPUs, pinned to CPU $cpu; OTP $otp_version."
echo "Median of $reps runs, each >= $min s of passes over a ~256 KB stream."
echo

awk -F '\t' '
function rate(c, i) { return (c SUBSEP i) in secs ? pk[c, i] / secs[c, i] : 0 }
function brate(c, i) { return (c SUBSEP i) in secs ? by[c, i] / secs[c, i] : 0 }
function m(x) { return x >= 1e9 ? sprintf("%.2f G", x / 1e9) : x >= 1e6 ? sprintf("%.2f M", x / 1e6) : x >= 1e3 ? sprintf("%.1f k", x / 1e3) : sprintf("%.0f", x) }
function mb(x) { return x > 0 ? sprintf("%.0f", x / 1e6) : "—" }
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.1f×", a / b) : "—" }
FILENAME ~ /cases.tsv$/ { if ($0 !~ /^#/) { order[++n] = $1; what[$1] = $5; pkts[$1] = $3; size[$1] = $4 } next }
/^#/ { next }
{ pk[$1, $2] = $3; by[$1, $2] = $4; secs[$1, $2] = $5 }
END {
    print "| input | avg packet | ginet packets/s | ginet MB/s | framer packets/s | OTP packets/s | ginet ÷ OTP | framer ÷ OTP |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|"
    for (k = 1; k <= n; k++) {
        c = order[k]
        g = rate(c, "ginet"); f = rate(c, "ginet-framer"); o = rate(c, "otp")
        printf "| %s | %.0f B | %s | %s | %s | %s | %s | %s |\n", what[c], size[c] / pkts[c], m(g), mb(brate(c, "ginet")), m(f), (o > 0 ? m(o) : "—"), ratio(g, o), ratio(f, o)
    }
    print ""
    print "| input | baseline | baseline MB/s | ginet MB/s | ginet ÷ baseline | framer ÷ baseline |"
    print "|---|---|---:|---:|---:|---:|"
    for (k = 1; k <= n; k++) {
        c = order[k]
        split("memchr memcpy http-parser", bases, " ")
        for (j = 1; j <= 3; j++) {
            b = bases[j]
            if (!((c SUBSEP b) in secs)) continue
            printf "| %s | %s | %s | %s | %s | %s |\n", what[c], b, mb(brate(c, b)), mb(brate(c, "ginet")), ratio(brate(c, "ginet"), brate(c, b)), ratio(brate(c, "ginet-framer"), brate(c, b))
        }
    }
}' "$tmp/cases.tsv" "$tmp/c.tsv" "$tmp/otp.tsv"
