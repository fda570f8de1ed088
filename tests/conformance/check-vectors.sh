#!/bin/sh
# tests/conformance/check-vectors.sh — runs the OTP conformance vectors
# through tests/conformance/conform.  The vectors come from
# $GINET_CONFORMANCE_DIR (make check sets it from configure's
# --with-conformance-dir, default ../shared/conformance next to the source).
set -u
dir=${GINET_CONFORMANCE_DIR:-${top_srcdir:-.}/../shared/conformance}
files="address.tsv format_error.tsv decode_packet.tsv"
args=
for f in $files; do
    if [ ! -f "$dir/$f" ]; then
        echo "conformance vectors not found: $dir/$f"
        echo "(set GINET_CONFORMANCE_DIR or configure --with-conformance-dir)"
        echo "0 passed, 1 failed"
        exit 1
    fi
    args="$args $dir/$f"
done
exec ./tests/conformance/conform $args
