#!/usr/bin/env bash
# bench/run-idle.sh — what an idle connection costs ginet's echo server:
# starts `ginet echo-server` in active mode (callback owner, {active,100},
# {packet,4}), reads its resident set size, opens N idle connections
# (bench/idle_client), waits until the server has accepted them all and
# reads the RSS again.  Prints the bytes per connection.  Kernel socket
# buffers are not in a process's RSS and are not counted.
#
# Environment: top_builddir (default .), N (default 10000),
# GINET_IDLE_OPTS (the server's --owner/--active arguments).
set -u
builddir=$(cd "${top_builddir:-.}" && pwd) || exit 2
n=${N:-10000}
ginet=$builddir/tools/ginet
client=$builddir/bench/idle_client
export GINET_BACKEND_PATH=${GINET_BACKEND_PATH:-$builddir/backends}
ulimit -n "$(ulimit -Hn)" 2>/dev/null

tmp=$(mktemp -d) || exit 2
trap 'exec 3>&- 2>/dev/null; kill $spid $cpid 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
"$ginet" echo-server --port 0 ${GINET_IDLE_OPTS:---owner callback --active 100} \
    --opts '[binary,{packet,4},{ip,{127,0,0,1}},{backlog,4096}]' > "$tmp/server" 2>&1 &
spid=$!
for _ in $(seq 100); do grep -q '^PORT ' "$tmp/server" && break; sleep 0.05; done
port=$(sed -n 's/^PORT //p' "$tmp/server")
[ -n "$port" ] || { echo "run-idle: the server did not start" >&2; cat "$tmp/server" >&2; exit 1; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$spid/status"; }
sleep 0.3
before=$(rss)
mkfifo "$tmp/hold"
"$client" "$port" "$n" < "$tmp/hold" > "$tmp/client" &
cpid=$!
exec 3> "$tmp/hold"
for _ in $(seq 600); do grep -q '^connected' "$tmp/client" && break; sleep 0.1; done
got=$(sed -n 's/^connected //p' "$tmp/client")
[ "${got:-0}" -gt 0 ] || { echo "run-idle: no connection" >&2; exit 1; }
# Wait for the server to have accepted them (its descriptor count).
for _ in $(seq 300); do
    fds=$(ls "/proc/$spid/fd" | wc -l)
    [ "$fds" -ge "$got" ] && break
    sleep 0.1
done
sleep 1
after=$(rss)
echo "connections: $got; server RSS before: ${before} KB, after: ${after} KB"
awk -v b="$before" -v a="$after" -v n="$got" \
    'BEGIN { printf "per idle connection: %.2f KB (%d bytes)\n", (a - b) / n, (a - b) * 1024 / n }'
