#!/usr/bin/env bash
# bench/run-echo.sh — the TCP echo benchmark: `ginet echo-server` side by
# side with the reference peers of ../shared/bench (raw epoll, libuv, OTP's
# gen_tcp in its modes and backends), same load generator, same CPU
# pinning, same run.  A wrapper around ../shared/bench/run_peers.sh: it
# copies that folder (which may be read-only) to a work directory, builds
# it there, adds ginet's peers and runs the matrix.  Prints the markdown
# table docs/performance.md records.  `make bench-echo` runs it.
#
# ginet's peers (all bind 127.0.0.1, {backlog,1024}, {nodelay,true},
# {reuseaddr,true}, as the Erlang peer does; {packet,4}, or {packet,raw}
# with MODE=raw):
#   ginet           echo-server, a thread per connection in passive mode
#                   (recv, send)
#   ginet-delay     the same with {delay_send,true}
#   ginet-poolN     --threads N: N threads sweeping their connections with
#                   recv(timeout 0)        (ginet-pool1 is in the default PEERS)
#   ginet-poolN-delay  the same with {delay_send,true}
#   ginet-cbN       active mode {active,N}, the owner a callback on the
#                   loop thread (--owner callback --active N)
#   ginet-mbN       active mode {active,N}, the owner a mailbox that one
#                   thread of its own waits on (--owner mailbox)
# Any of them with @BACKEND appended (ginet-cb100@uring, ginet-pool1@socket)
# runs on that backend (--backend BACKEND, i.e. {inet_backend, BACKEND});
# without it, on the default one (GINET_BACKEND, else epoll on Linux).
#
# Environment: everything run_peers.sh takes (PEERS, CELLS, CONNS, DEPTHS,
# SIZES, DURATION, WARMUP, REPEAT, MODE, SERVER_CPU, CLIENT_CPU, QUICK,
# OUT, ...; see ../shared/bench/README.md), and
#   top_builddir, top_srcdir  build and source trees (default: .)
#   GINET_BENCH_DIR           the shared bench folder (default:
#                             $top_srcdir/../shared/bench)
#   GINET_BENCH_WORK          where to copy and build it (default:
#                             $top_builddir/bench/echo-peers)
#   GINET_ECHO_OPTS           extra options appended to ginet's list
set -u

builddir=$(cd "${top_builddir:-.}" && pwd) || exit 2
srcdir=$(cd "${top_srcdir:-.}" && pwd) || exit 2
shared=${GINET_BENCH_DIR:-$srcdir/../shared/bench}
work=${GINET_BENCH_WORK:-$builddir/bench/echo-peers}
ginet=$builddir/tools/ginet

if [ ! -x "$ginet" ]; then
    echo "run-echo: $ginet is not built (make)" >&2
    exit 2
fi
if [ ! -f "$shared/run_peers.sh" ]; then
    echo "run-echo: no run_peers.sh in $shared (set GINET_BENCH_DIR)" >&2
    exit 2
fi
mkdir -p "$work" || exit 2
# A fresh copy of the sources, keeping what was built and the results.
(cd "$shared" && tar cf - --exclude=results --exclude=loadgen \
    --exclude=peers/epoll_echo --exclude=peers/libuv_echo \
    --exclude='*.beam' .) | (cd "$work" && tar xf -) || exit 2
chmod -R u+w "$work"
if ! make -s -C "$work" >"$work/build.log" 2>&1; then
    echo "run-echo: building $work failed (libuv1-dev and erlang-nox are" \
         "needed for every peer; see docs/dependencies.md):" >&2
    tail -n 5 "$work/build.log" >&2
    exit 2
fi

export GINET_BACKEND_PATH=${GINET_BACKEND_PATH:-$builddir/backends}
packet=4
[ "${MODE:-packet4}" = raw ] && packet=raw
opts="binary,{packet,$packet},{ip,{127,0,0,1}},{backlog,1024},{nodelay,true},{reuseaddr,true}"
[ -n "${GINET_ECHO_OPTS:-}" ] && opts="$opts,$GINET_ECHO_OPTS"

# The command template of each ginet peer named in PEERS ({port} is
# substituted by run_peers.sh, which starts it with exec).
PEERS=${PEERS:-"ginet-cb100 ginet-mb100 ginet ginet-delay ginet-pool1 epoll libuv erl-once-inet erl-once-socket \
erl-passive-inet erl-passive-socket erl-active100-inet erl-active100-socket"}
export PEERS
for p in $PEERS; do
    base=${p%@*} be=
    case "$p" in *@*) be="--backend ${p#*@} " ;; esac
    case "$base" in
        ginet|ginet-delay|ginet-pool[0-9]*) ;;
        ginet-cb[0-9]*|ginet-mb[0-9]*)
            n=${base#ginet-??}
            owner=callback
            case "$base" in ginet-mb*) owner=mailbox ;; esac
            var="PEER_${p//[^A-Za-z0-9_]/_}"
            export "$var=$ginet echo-server --port {port} ${be}--threads 1 --owner $owner --active $n --opts '[$opts]'"
            continue ;;
        *) continue ;;
    esac
    o=$opts threads=0
    case "$base" in *-delay) o="$o,{delay_send,true}" ;; esac
    case "$base" in ginet-pool*)
        threads=${base#ginet-pool}
        threads=${threads%-delay} ;;
    esac
    var="PEER_${p//[^A-Za-z0-9_]/_}"
    export "$var=$ginet echo-server --port {port} ${be}--threads $threads --opts '[$o]'"
done

exec "$work/run_peers.sh"
