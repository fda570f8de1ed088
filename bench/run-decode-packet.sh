#!/bin/sh
# bench/run-decode-packet.sh — the decode_packet benchmark, side by side:
# ginet (one-shot loop and streaming framer; and the batch API,
# ginet_decode_packets and ginet_framer_next_batch), OTP's
# erlang:decode_packet/3 (bench/decode_packet_otp.escript, same bytes),
# libhttp-parser for HTTP heads and memchr/memcpy for {packet,4}.  Prints
# markdown tables with the ratios (docs/performance.md records them).
# `make bench` runs it.
#
# Environment:
#   top_builddir, top_srcdir   build and source trees (default: .)
#   GINET_BENCH_CPU            the CPU everything is pinned to (default:
#                              the last one)
#   GINET_BENCH_REPS           rounds (each measurement once per round,
#                              C and OTP in turn), median taken (7)
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
if command -v escript >/dev/null 2>&1; then
    otp_version=$(erl -noshell -eval 'io:format("~s (erts-~s)", [erlang:system_info(otp_release), erlang:system_info(version)]), halt().')
else
    echo "run-decode-packet: no escript (apt-get install erlang-nox): OTP column empty" >&2
    otp_version=none
fi

# Rounds, each one run of everything in C and then one in OTP: load from
# other processes on a shared machine (it can halve a core's speed for
# minutes) then lands on both sides alike, and the median over the rounds
# of each measurement's rate drops the spoiled ones.
: >"$tmp/c.tsv"
: >"$tmp/otp.tsv"
r=1
while [ "$r" -le "$reps" ]; do
    echo "round $r of $reps (pinned to CPU $cpu, runs of >= $min s): ginet..." >&2
    $pin "$bench" --heads "$srcdir/bench/http-heads.txt" --reps 1 \
        --min-time "$min" | sed -e '/^#/d' -e "s/^/$r	/" >>"$tmp/c.tsv"
    if [ "$otp_version" != none ]; then
        echo "round $r of $reps: OTP..." >&2
        # One scheduler, like the one C thread.
        ERL_FLAGS="+S 1:1" $pin escript "$srcdir/bench/decode_packet_otp.escript" \
            "$tmp" 1 "$min" | sed "s/^/$r	/" >>"$tmp/otp.tsv"
    fi
    r=$((r + 1))
done
if [ -n "${GINET_BENCH_RAW:-}" ]; then
    cat "$tmp/c.tsv" "$tmp/otp.tsv" >"$GINET_BENCH_RAW"
fi

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "Machine: ${cpu_model:-unknown CPU}, $ncpu CPUs, pinned to CPU $cpu; OTP $otp_version."
echo "Median over $reps rounds (C, then OTP, in turn) of runs >= $min s of passes over a ~256 KB stream."
echo

awk -F '\t' '
function median(c, i, what,    k, j, t, cnt, v) {
    cnt = nr[c, i]
    for (k = 1; k <= cnt; k++) v[k] = (what == "p" ? rp[c, i, k] : rb[c, i, k])
    for (k = 2; k <= cnt; k++) { t = v[k]; for (j = k - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return cnt % 2 ? v[(cnt + 1) / 2] : (v[cnt / 2] + v[cnt / 2 + 1]) / 2
}
function rate(c, i) { return (c SUBSEP i) in nr ? median(c, i, "p") : 0 }
function brate(c, i) { return (c SUBSEP i) in nr ? median(c, i, "b") : 0 }
function m(x) { return x >= 1e9 ? sprintf("%.2f G", x / 1e9) : x >= 1e6 ? sprintf("%.2f M", x / 1e6) : x >= 1e3 ? sprintf("%.1f k", x / 1e3) : sprintf("%.0f", x) }
function mb(x) { return x > 0 ? sprintf("%.0f", x / 1e6) : "—" }
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.1f×", a / b) : "—" }
FILENAME ~ /cases.tsv$/ { if ($0 !~ /^#/) { order[++n] = $1; what[$1] = $5; pkts[$1] = $3; size[$1] = $4 } next }
/^#/ { next }
$6 > 0 { k = ++nr[$2, $3]; rp[$2, $3, k] = $4 / $6; rb[$2, $3, k] = $5 / $6 }
END {
    print "| input | avg packet | ginet packets/s | ginet MB/s | framer packets/s | OTP packets/s | ginet ÷ OTP | framer ÷ OTP |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|"
    for (k = 1; k <= n; k++) {
        c = order[k]
        g = rate(c, "ginet"); f = rate(c, "ginet-framer"); o = rate(c, "otp")
        printf "| %s | %.0f B | %s | %s | %s | %s | %s | %s |\n", what[c], size[c] / pkts[c], m(g), mb(brate(c, "ginet")), m(f), (o > 0 ? m(o) : "—"), ratio(g, o), ratio(f, o)
    }
    print ""
    print "Batch API (ginet_decode_packets, ginet_framer_next_batch):"
    print ""
    print "| input | batch packets/s | batch ns/packet | batch MB/s | framer-batch packets/s | batch ÷ OTP | framer-batch ÷ OTP | batch ÷ one-shot |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|"
    for (k = 1; k <= n; k++) {
        c = order[k]
        g = rate(c, "ginet"); b = rate(c, "ginet-batch"); f = rate(c, "framer-batch"); o = rate(c, "otp")
        printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", what[c], m(b), (b > 0 ? sprintf("%.2f", 1e9 / b) : "—"), mb(brate(c, "ginet-batch")), m(f), ratio(b, o), ratio(f, o), ratio(b, g)
    }
    print ""
    print "| input | baseline | baseline MB/s | ginet MB/s | batch MB/s | ginet ÷ baseline | batch ÷ baseline | framer-batch ÷ baseline |"
    print "|---|---|---:|---:|---:|---:|---:|---:|"
    for (k = 1; k <= n; k++) {
        c = order[k]
        split("inline-loop memchr memcpy http-parser", bases, " ")
        for (j = 1; j <= 4; j++) {
            b = bases[j]
            if (!((c SUBSEP b) in nr)) continue
            printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", what[c], b, mb(brate(c, b)), mb(brate(c, "ginet")), mb(brate(c, "ginet-batch")), ratio(brate(c, "ginet"), brate(c, b)), ratio(brate(c, "ginet-batch"), brate(c, b)), ratio(brate(c, "framer-batch"), brate(c, b))
        }
    }
}' "$tmp/cases.tsv" "$tmp/c.tsv" "$tmp/otp.tsv"
