#!/bin/sh
# tests/cli/test-cli.sh — the `ginet` command-line program: each command's
# output on good input (the expected texts were printed by OTP 25 for the
# same calls), and on bad input a non-zero exit with one line on stderr.
# Run by `make check` from the build tree; ends with "N passed, N failed".
set -u

. "$(dirname "$0")/harness.sh"

# input FORMAT [ARGS]: what the next commands read on stdin (printf).
input() {
    # shellcheck disable=SC2059
    printf "$@" >"$tmp/in"
}

# ok NAME EXPECTED CMD...: exit 0, stdout is EXPECTED (lines joined by
# "\n" in printf form), nothing on stderr.
ok() {
    name=$1 want=$2
    shift 2
    run "$@"
    # shellcheck disable=SC2059
    printf "$want\n" >"$tmp/want"
    expect_ok "$name"
}

# err NAME STATUS CMD...: exit STATUS, one line on stderr starting
# "ginet: ".
err() {
    name=$1 want=$2
    shift 2
    run "$@"
    expect_err "$name" "$want"
}

# has NAME PATTERN CMD...: harness.sh.

# ------------------------------------------------------------ the program
has "--version" '^ginet [0-9]+\.[0-9]+\.[0-9]+' "$G" --version
has "--help lists decode-packet" '^  decode-packet TYPE' "$G" --help
has "--help lists parse-address" '^  parse-address ' "$G" --help
has "help COMMAND" '^usage: ginet ntoa TUPLE' "$G" help ntoa
run "$G"
if [ "$rc" -eq 2 ] && grep -q '^usage: ginet COMMAND' "$tmp/err"; then
    pass=$((pass + 1))
else
    bad "no arguments: usage on stderr, exit 2" "exit $rc"
fi
err "unknown command" 2 "$G" no-such-command

# --------------------------------------------------------- parse-address
ok "parse-address 127.1" '{127,0,0,1}' "$G" parse-address 127.1
ok "parse-address 0x7f000001" '{127,0,0,1}' "$G" parse-address 0x7f000001
ok "parse-address --ipv6 10.1.2.3" '{0,0,0,0,0,65535,2561,515}' \
    "$G" parse-address --ipv6 10.1.2.3
ok "parse-address fe80::1%eth0" '{65152,0,0,0,0,0,0,1}' \
    "$G" parse-address 'fe80::1%eth0'
ok "parse-address -- ::1" '{0,0,0,0,0,0,0,1}' "$G" parse-address -- ::1
err "parse-address 1.2.3.256" 1 "$G" parse-address 1.2.3.256
err "parse-address --strict 127.1" 1 "$G" parse-address --strict 127.1
err "parse-address --ipv6-strict 10.1.2.3" 1 "$G" parse-address --ipv6-strict 10.1.2.3

# ------------------------------------------------------------------ ntoa
ok "ntoa IPv4" '127.0.0.1' "$G" ntoa '{127,0,0,1}'
ok "ntoa IPv6" '2001:db8::1:0:0:1' "$G" ntoa '{8193,3512,0,0,1,0,0,1}'
ok "ntoa IPv4-mapped" '::ffff:192.168.42.2' "$G" ntoa '{0,0,0,0,0,65535,49320,10754}'
err "ntoa out of range" 1 "$G" ntoa '{256,0,0,1}'
err "ntoa not a tuple" 1 "$G" ntoa '[1,2,3,4]'
err "ntoa bad syntax" 1 "$G" ntoa '{1,2'

# ---------------------------------------------------------- format-error
ok "format-error eaddrinuse" 'address already in use' "$G" format-error eaddrinuse
ok "format-error unknown atom" 'unknown POSIX error' "$G" format-error no_such_error

# --------------------------------------------------------- decode-packet
input '\0\0\0\3abc\0\0\0\1'
ok "decode-packet 4, stdin" '<<97,98,99>>\n%% 4 bytes left: <<0,0,0,1>>\n{more,5}' \
    "$G" decode-packet 4
input '00 00 00 02 68 69\n 00 00 00 01 FF\n'
ok "decode-packet 4 --hex" '<<104,105>>\n<<255>>\n{more,undefined}' \
    "$G" decode-packet 4 --hex
input 'GET /a?b HTTP/1.1\r\nHost: x\r\nX-Foo:  bar\r\n\r\nHTTP/1.0 404 Not Found\r\ncontent-length: 0\r\n\r\nHTT'
ok "decode-packet http_bin: request, response, keep-alive" \
'{http_request,'"'GET'"',{abs_path,<<47,97,63,98>>},{1,1}}
{http_header,14,'"'Host'"',<<72,111,115,116>>,<<120>>}
{http_header,0,<<88,45,70,111,111>>,<<88,45,70,111,111>>,<<98,97,114>>}
http_eoh
{http_response,{1,0},404,<<78,111,116,32,70,111,117,110,100>>}
{http_header,38,'"'Content-Length'"',<<99,111,110,116,101,110,116,45,108,101,110,103,116,104>>,<<48>>}
http_eoh
%% 3 bytes left: <<72,84,84>>
{more,undefined}' "$G" decode-packet http_bin
input 'OPTIONS * HTTP/1.1\r\nAccept: */*\r\nbad line\r\n\r\n'
ok "decode-packet http: strings as lists, http_error" \
'{http_request,'"'OPTIONS'"','"'*'"',{1,1}}
{http_header,8,'"'Accept'"',[65,99,99,101,112,116],[42,47,42]}
{http_error,[98,97,100,32,108,105,110,101,13,10]}
http_eoh
{more,undefined}' "$G" decode-packet http
input '4f 50 54 49 4f 4e 53 20 2a 20 48 54 54 50 2f 31 2e 31 0d 0a 0d 0a'
ok "decode-packet http --hex" \
'{http_request,'"'OPTIONS'"','"'*'"',{1,1}}\nhttp_eoh\n{more,undefined}' \
    "$G" decode-packet http --hex
input 'abcdefg\n'
ok "decode-packet line --line-length 3" '<<97,98,99>>\n<<100,101,102>>\n<<103,10>>\n{more,undefined}' \
    "$G" decode-packet line --line-length 3
input 'a;b;c'
ok "decode-packet line --line-delimiter ;" '<<97,59>>\n<<98,59>>\n%% 1 byte left: <<99>>\n{more,undefined}' \
    "$G" decode-packet line --line-delimiter ';'
ok "decode-packet line --line-delimiter=59" '<<97,59>>\n<<98,59>>\n%% 1 byte left: <<99>>\n{more,undefined}' \
    "$G" decode-packet line --line-delimiter=59
ok "decode-packet line --line-delimiter '\\x3b'" '<<97,59>>\n<<98,59>>\n%% 1 byte left: <<99>>\n{more,undefined}' \
    "$G" decode-packet line --line-delimiter '\x3b'
input '\3\0\0\6\252\273'
ok "decode-packet tpkt" '<<3,0,0,6,170,187>>\n{more,undefined}' "$G" decode-packet tpkt
input 'xyz'
ok "decode-packet raw" '<<120,121,122>>\n{more,undefined}' "$G" decode-packet raw
ok "decode-packet 0 is raw" '<<120,121,122>>\n{more,undefined}' "$G" decode-packet 0
: >"$tmp/in"
ok "decode-packet 2, empty stdin" '{more,undefined}' "$G" decode-packet 2

input '\3abc'
err "decode-packet invalid packet: exit 1" 1 "$G" decode-packet 1 --packet-size 2
if [ "$(cat "$tmp/out")" = "{error,invalid}" ]; then
    pass=$((pass + 1))
else
    bad "decode-packet invalid packet prints {error,invalid}"
fi
input 'ok\n'
err "decode-packet unknown type" 1 "$G" decode-packet http2
err "decode-packet --packet-size -1" 1 "$G" decode-packet 4 --packet-size -1
err "decode-packet --packet-size 4294967296" 1 "$G" decode-packet 4 --packet-size 4294967296
err "decode-packet --line-length x" 1 "$G" decode-packet line --line-length x
err "decode-packet --line-delimiter with type 4" 1 "$G" decode-packet 4 --line-delimiter ';'
err "decode-packet --line-delimiter 256" 1 "$G" decode-packet line --line-delimiter 256
err "decode-packet --packet-size without value" 1 "$G" decode-packet 4 --packet-size
input '00 0g'
err "decode-packet --hex bad digit" 1 "$G" decode-packet 4 --hex
input '000'
err "decode-packet --hex odd digits" 1 "$G" decode-packet 4 --hex
run "$G" decode-packet
if [ "$rc" -eq 2 ] && grep -q '^usage: ginet decode-packet TYPE' "$tmp/err"; then
    pass=$((pass + 1))
else
    bad "decode-packet without TYPE: usage, exit 2" "exit $rc"
fi

# ------------------------------------------------- echo-server/echo-client
# start_echo OPTS: an echo server on port 0 in the background; sets
# srv_pid and srv_port (empty if it did not print PORT within 5 s).
start_echo() {
    "$G" echo-server --port 0 --opts "$1" >"$tmp/srv.out" 2>"$tmp/srv.err" &
    srv_pid=$! srv_port=
    for _ in $(seq 1 50); do
        srv_port=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$tmp/srv.out")
        [ -n "$srv_port" ] && break
        kill -0 "$srv_pid" 2>/dev/null || break
        sleep 0.1
    done
}
# stop_echo NAME: SIGTERM; the server must exit 0 after printing STOPPED.
stop_echo() {
    kill -TERM "$srv_pid" 2>/dev/null
    wait "$srv_pid"
    src=$?
    if [ "$src" -eq 0 ] && grep -q '^STOPPED ' "$tmp/srv.out"; then
        pass=$((pass + 1))
    else
        cp "$tmp/srv.out" "$tmp/out"; cp "$tmp/srv.err" "$tmp/err"
        bad "$1: SIGTERM stops the server cleanly" "exit $src"
    fi
}
for mode in '[binary,{packet,4}]' '[binary]'; do
    start_echo "$mode"
    if [ -z "$srv_port" ]; then
        cp "$tmp/srv.out" "$tmp/out"; cp "$tmp/srv.err" "$tmp/err"
        bad "echo-server $mode prints PORT"
        kill -KILL "$srv_pid" 2>/dev/null; wait "$srv_pid" 2>/dev/null
        continue
    fi
    has "echo-client $mode" '^messages=300 errors=0 mismatches=0 ' \
        "$G" echo-client --host 127.0.0.1 --port "$srv_port" --opts "$mode" \
        --count 300 --size 100
    stop_echo "echo-server $mode"
done
GINET_BACKEND=nope run "$G" echo-server --port 0
if [ "$rc" -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
    && grep -q "^ginet: echo-server: backend 'nope' .*searched: " "$tmp/err"; then
    pass=$((pass + 1))
else
    bad "GINET_BACKEND=nope echo-server: one line naming it and the paths" "exit $rc"
fi
err "echo-server --backend nope" 1 "$G" echo-server --port 0 --backend nope
err "echo-server bad --opts" 1 "$G" echo-server --port 0 --opts '[binary,{packet,3}]'
if grep -q 'line 1, column 9: ' "$tmp/err"; then
    pass=$((pass + 1))
else
    bad "echo-server bad --opts names line and column"
fi
err "echo-server --port 65536" 1 "$G" echo-server --port 65536
run "$G" echo-server
if [ "$rc" -eq 2 ] && grep -q '^usage: ginet echo-server --port P' "$tmp/err"; then
    pass=$((pass + 1))
else
    bad "echo-server without --port: usage, exit 2" "exit $rc"
fi
err "echo-client to a closed port" 1 "$G" echo-client --port 1 --count 1

# --local PATH: the same echo over a unix socket ({local, Path}, port 0);
# "@NAME" is a Linux abstract name.  The server prints LOCAL PATH, and the
# socket file stays after it stops (OTP does not unlink it either).
# start_local ARGS...: sets srv_pid and srv_local (empty without a LOCAL line).
start_local() {
    "$G" echo-server "$@" >"$tmp/srv.out" 2>"$tmp/srv.err" &
    srv_pid=$! srv_local=
    for _ in $(seq 1 50); do
        srv_local=$(sed -n 's/^LOCAL \(.*\)$/\1/p' "$tmp/srv.out")
        [ -n "$srv_local" ] && break
        kill -0 "$srv_pid" 2>/dev/null || break
        sleep 0.1
    done
}
sock=$tmp/echo.sock
start_local --local "$sock" --opts '[binary,{packet,2}]'
if [ "$srv_local" = "$sock" ]; then
    pass=$((pass + 1))
    has "echo-client --local" '^messages=300 errors=0 mismatches=0 ' \
        "$G" echo-client --local "$sock" --opts '[binary,{packet,2}]' --count 300 --size 100
    err "echo-client --local with --port 7" 1 \
        "$G" echo-client --local "$sock" --port 7 --count 1
    err "echo-server --local on a file in use" 1 "$G" echo-server --local "$sock"
    stop_echo "echo-server --local"
    if [ -S "$sock" ]; then
        pass=$((pass + 1))
    else
        bad "echo-server --local leaves the socket file"
    fi
    err "echo-client --local, nobody listening" 1 \
        "$G" echo-client --local "$sock" --count 1
else
    cp "$tmp/srv.out" "$tmp/out"; cp "$tmp/srv.err" "$tmp/err"
    bad "echo-server --local prints LOCAL PATH"
    kill -KILL "$srv_pid" 2>/dev/null; wait "$srv_pid" 2>/dev/null
fi
if [ "$(uname -s)" = Linux ]; then
    name=@ginet-cli-$$
    start_local --local "$name" --owner mailbox --active 3 --opts '[{packet,4}]'
    if [ "$srv_local" = "$name" ]; then
        pass=$((pass + 1))
        has "echo-client --local @abstract" '^messages=200 errors=0 mismatches=0 ' \
            "$G" echo-client --local "$name" --opts '[{packet,4}]' --count 200 --size 33
        stop_echo "echo-server --local @abstract"
    else
        cp "$tmp/srv.out" "$tmp/out"; cp "$tmp/srv.err" "$tmp/err"
        bad "echo-server --local @abstract prints LOCAL @NAME"
        kill -KILL "$srv_pid" 2>/dev/null; wait "$srv_pid" 2>/dev/null
    fi
fi
long=/tmp/$(printf '%0103d' 0)
err "echo-server --local, 108-byte path: einval" 1 "$G" echo-server --local "$long"
if grep -q 'at most 107' "$tmp/err"; then
    pass=$((pass + 1))
else
    bad "echo-server --local, 108-byte path: the reason names the limit"
fi
err "echo-server --local with --port 5" 1 "$G" echo-server --local "$tmp/x.sock" --port 5

# ----------------------------------------------------- udp-echo/send-udp
# The answers are gen_udp:recv/3's as OTP 25 prints them with ~w.
"$G" udp-echo --port 0 >"$tmp/udp.out" 2>"$tmp/udp.err" &
udp_pid=$! udp_port=
for _ in $(seq 1 50); do
    udp_port=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$tmp/udp.out")
    [ -n "$udp_port" ] && break
    kill -0 "$udp_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$udp_port" ]; then
    cp "$tmp/udp.out" "$tmp/out"; cp "$tmp/udp.err" "$tmp/err"
    bad "udp-echo prints PORT"
    kill -KILL "$udp_pid" 2>/dev/null; wait "$udp_pid" 2>/dev/null
else
    ok "send-udp --reply" "{ok,{{127,0,0,1},$udp_port,<<104,101,108,108,111>>}}" \
        "$G" send-udp 127.0.0.1 "$udp_port" hello --reply 5000
    ok "send-udp --reply with recvttl,recvtos" \
        "{ok,{{127,0,0,1},$udp_port,[{ttl,64},{tos,0}],<<104,105>>}}" \
        "$G" send-udp 127.0.0.1 "$udp_port" hi --reply 5000 --opts '[{recvttl,true},{recvtos,true}]'
    run "$G" send-udp localhost "$udp_port" x
    if [ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
        pass=$((pass + 1))
    else
        bad "send-udp localhost, no reply asked: exit 0, silent" "exit $rc"
    fi
    kill -TERM "$udp_pid" 2>/dev/null
    wait "$udp_pid"
    src=$?
    if [ "$src" -eq 0 ] && grep -q '^STOPPED 3$' "$tmp/udp.out"; then
        pass=$((pass + 1))
    else
        cp "$tmp/udp.out" "$tmp/out"; cp "$tmp/udp.err" "$tmp/err"
        bad "udp-echo: SIGTERM stops it after 3 echoes" "exit $src"
    fi
fi
err "send-udp to a name that is no address" 1 "$G" send-udp nosuch.invalid 5 x
err "send-udp port 0" 1 "$G" send-udp 127.0.0.1 0 x
err "send-udp no reply" 1 "$G" send-udp 127.0.0.1 1 x --reply 200
err "send-udp bad --opts" 1 "$G" send-udp 127.0.0.1 9 x --opts '[{recvttl,maybe}]'
err "udp-echo --port 65536" 1 "$G" udp-echo --port 65536
run "$G" send-udp 127.0.0.1
if [ "$rc" -eq 2 ] && grep -q '^usage: ginet send-udp HOST PORT TEXT' "$tmp/err"; then
    pass=$((pass + 1))
else
    bad "send-udp without TEXT: usage, exit 2" "exit $rc"
fi

# Local (unix) datagram sockets: udp-echo --local, send-udp --local; the
# reply's source is OTP's {local,Path} with port 0.
lpath="$tmp/udp.sock"
"$G" udp-echo --local "$lpath" >"$tmp/udpl.out" 2>"$tmp/udpl.err" &
udpl_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    grep -q '^LOCAL ' "$tmp/udpl.out" 2>/dev/null && break
    kill -0 "$udpl_pid" 2>/dev/null || break
    sleep 0.1
done
if grep -q "^LOCAL $lpath\$" "$tmp/udpl.out"; then
    pass=$((pass + 1))
    lbytes=$(printf '%s' "$lpath" | od -An -tu1 | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
    ok "send-udp --local --reply" "{ok,{{local,<<$lbytes>>},0,<<104,105>>}}" \
        "$G" send-udp --local "$lpath" hi --reply 5000
else
    cp "$tmp/udpl.out" "$tmp/out"; cp "$tmp/udpl.err" "$tmp/err"
    bad "udp-echo --local prints LOCAL PATH"
fi
kill -TERM "$udpl_pid" 2>/dev/null
wait "$udpl_pid" 2>/dev/null
err "send-udp --local to no socket" 1 "$G" send-udp --local "$tmp/none.sock" x
run "$G" udp-echo --port 0 --local "$lpath"
if [ "$rc" -eq 2 ]; then
    pass=$((pass + 1))
else
    bad "udp-echo with both --port and --local: usage, exit 2" "exit $rc"
fi

# --------------------------------------------------------------- ifaddrs
# skip NAME REASON: a case that cannot run here; counted, never passed.
skip() {
    skipped=$((skipped + 1))
    echo "SKIP $1: $2"
}
has "ifaddrs: one-line ~p, lo first" '^\{ok,\[\{"lo",\[\{flags,\[' "$G" ifaddrs
has "ifaddrs --w: names as lists" '^\{ok,\[\{\[108,111\],\[\{flags,\[' "$G" ifaddrs --w
has "ifaddrs --json" '^\{"interfaces":\[\{"name":"lo","ifopts":\[\{"flags":\[' "$G" ifaddrs --json
err "ifaddrs --netns missing path: exit 1" 1 "$G" ifaddrs --netns /nonexistent/ginet-cli
if [ "$(cat "$tmp/out")" = "{error,enoent}" ]; then
    pass=$((pass + 1))
else
    bad "ifaddrs --netns missing path prints {error,enoent} as OTP"
fi
err "ifaddrs --netns / --json: exit 1" 1 "$G" ifaddrs --netns / --json
if [ "$(cat "$tmp/out")" = '{"error":"einval","text":"invalid argument"}' ]; then
    pass=$((pass + 1))
else
    bad "ifaddrs --netns / --json prints the einval object"
fi
for args in "--netns" "--bogus" "--json --w" "extra"; do
    # shellcheck disable=SC2086
    run "$G" ifaddrs $args
    if [ "$rc" -eq 2 ] && grep -q '^usage: ginet ifaddrs ' "$tmp/err"; then
        pass=$((pass + 1))
    else
        bad "ifaddrs $args: usage, exit 2" "exit $rc"
    fi
done

# The same text as a live OTP on this machine, in both forms.
if command -v erl >/dev/null 2>&1; then
    for form in '~999999p' '~w'; do
        flag=; [ "$form" = '~w' ] && flag=--w
        # Up to three tries: an address may change between the two reads.
        for _ in 1 2 3; do
            erl -noshell -eval "io:format(\"$form~n\", [inet:getifaddrs()]), halt()." \
                >"$tmp/erl" 2>/dev/null
            # shellcheck disable=SC2086
            run "$G" ifaddrs $flag
            [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/erl" && break
        done
        if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/erl"; then
            pass=$((pass + 1))
        else
            bad "ifaddrs $flag equals OTP's io:format(\"$form\", [inet:getifaddrs()])" \
                "OTP printed:" "$(cat "$tmp/erl")"
        fi
    done
else
    skip "ifaddrs equals OTP" "no erl on the PATH"
fi

# A namespace made here, with fixed hardware addresses so the expected
# texts are exact; they are what OTP 25 printed for
# inet:getifaddrs([{netns, Path}]) in the same namespace.
ns=ginet-cli-$$
ns_ok="" ns_made=""
if [ "$(id -u)" -ne 0 ]; then
    # Entering even our own namespace needs CAP_SYS_ADMIN: OTP says eperm.
    err "ifaddrs --netns without root: exit 1" 1 "$G" ifaddrs --netns /proc/self/ns/net
    if [ "$(cat "$tmp/out")" = "{error,eperm}" ]; then
        pass=$((pass + 1))
    else
        bad "ifaddrs --netns without root prints {error,eperm} as OTP"
    fi
    skip "ifaddrs --netns" "not root: making a network namespace needs CAP_SYS_ADMIN"
elif ! command -v ip >/dev/null 2>&1; then
    skip "ifaddrs --netns" "no ip (iproute2) on the PATH"
elif ! ip netns add "$ns" 2>/dev/null; then
    skip "ifaddrs --netns" "ip netns add was refused"
else
    ns_made=1
    trap 'ip netns delete "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
    if ip -n "$ns" link set lo up \
        && ip -n "$ns" link add gia address 02:00:00:00:0a:01 type veth \
               peer name gib address 02:00:00:00:0a:02 \
        && ip -n "$ns" link set gia addrgenmode none \
        && ip -n "$ns" addr add 10.78.1.1/24 brd + dev gia \
        && ip -n "$ns" addr add 10.78.2.1/24 dev gia label gia:2 \
        && ip -n "$ns" link set gia up \
        && ip -n "$ns" addr add 2001:db8:78::1/64 nodad dev gia 2>/dev/null; then
        ns_ok=1
    else
        skip "ifaddrs --netns" "could not make a veth pair with IPv4 and IPv6 addresses here"
    fi
fi
if [ -n "$ns_ok" ]; then
    p=/var/run/netns/$ns
    lo6='{addr,{0,0,0,0,0,0,0,1}},{netmask,{65535,65535,65535,65535,65535,65535,65535,65535}}'
    gia='{flags,[up,broadcast,running,multicast]},{addr,{10,78,1,1}},{netmask,{255,255,255,0}},{broadaddr,{10,78,1,255}},{addr,{8193,3512,120,0,0,0,0,1}},{netmask,{65535,65535,65535,65535,0,0,0,0}},{hwaddr,[2,0,0,0,10,1]}'
    gia2='{flags,[up,broadcast,running,multicast]},{addr,{10,78,2,1}},{netmask,{255,255,255,0}},{broadaddr,{10,78,2,1}}'
    ok "ifaddrs --netns: OTP's ~p text" \
"{ok,[{\"lo\",[{flags,[up,loopback,running]},{addr,{127,0,0,1}},{netmask,{255,0,0,0}},$lo6,{hwaddr,[0,0,0,0,0,0]}]},{\"gib\",[{flags,[broadcast,multicast]},{hwaddr,[2,0,0,0,10,2]}]},{\"gia\",[$gia]},{\"gia:2\",[$gia2]}]}" \
        "$G" ifaddrs --netns "$p"
    ok "ifaddrs --netns --w: OTP's ~w text" \
"{ok,[{[108,111],[{flags,[up,loopback,running]},{addr,{127,0,0,1}},{netmask,{255,0,0,0}},$lo6,{hwaddr,[0,0,0,0,0,0]}]},{[103,105,98],[{flags,[broadcast,multicast]},{hwaddr,[2,0,0,0,10,2]}]},{[103,105,97],[$gia]},{[103,105,97,58,50],[$gia2]}]}" \
        "$G" ifaddrs --netns "$p" --w
    ok "ifaddrs --netns --json" \
'{"interfaces":[{"name":"lo","ifopts":[{"flags":["up","loopback","running"]},{"addr":"127.0.0.1"},{"netmask":"255.0.0.0"},{"addr":"::1"},{"netmask":"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},{"hwaddr":"00:00:00:00:00:00"}]},{"name":"gib","ifopts":[{"flags":["broadcast","multicast"]},{"hwaddr":"02:00:00:00:0a:02"}]},{"name":"gia","ifopts":[{"flags":["up","broadcast","running","multicast"]},{"addr":"10.78.1.1"},{"netmask":"255.255.255.0"},{"broadaddr":"10.78.1.255"},{"addr":"2001:db8:78::1"},{"netmask":"ffff:ffff:ffff:ffff::"},{"hwaddr":"02:00:00:00:0a:01"}]},{"name":"gia:2","ifopts":[{"flags":["up","broadcast","running","multicast"]},{"addr":"10.78.2.1"},{"netmask":"255.255.255.0"},{"broadaddr":"10.78.2.1"}]}]}' \
        "$G" ifaddrs --json --netns "$p"
    # The caller's own namespace through a path: the same as no --netns.
    "$G" ifaddrs >"$tmp/here" 2>/dev/null
    run "$G" ifaddrs --netns /proc/self/ns/net
    if [ "$rc" -eq 0 ] && cmp -s "$tmp/out" "$tmp/here"; then
        pass=$((pass + 1))
    else
        bad "ifaddrs --netns /proc/self/ns/net equals ifaddrs" "exit $rc"
    fi
fi
[ -n "$ns_made" ] && ip netns delete "$ns" 2>/dev/null

summary
