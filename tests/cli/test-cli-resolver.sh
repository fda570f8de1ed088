#!/bin/sh
# tests/cli/test-cli-resolver.sh — `ginet resolve`, `ginet reverse` and
# `ginet rc` (issue 8) against a dnsmasq this script starts on a loopback
# port with its own zone; the expected texts are what OTP 25 prints for
# the same calls against the same dnsmasq.  dnsmasq missing is a failure
# (./quickstart installs dnsmasq-base).  Run by `make check` from the
# build tree; ends with "N passed, N failed".
set -u

. "$(dirname "$0")/harness.sh"

unset GINET_INETRC                  # each case says which inetrc it uses
dns_pid=
stop_dns() {
    if [ -n "$dns_pid" ]; then
        kill "$dns_pid" 2>/dev/null
        wait "$dns_pid" 2>/dev/null
    fi
}
cli_cleanup=stop_dns

# ok NAME EXPECTED CMD...: exit 0, stdout is EXPECTED, nothing on stderr.
ok() {
    name=$1 want=$2
    shift 2
    run "$@"
    printf '%s\n' "$want" >"$tmp/want"
    expect_ok "$name"
}

# err NAME STATUS EXPECTED CMD...: exit STATUS, stdout EXPECTED, one line
# on stderr starting "ginet: ".
err() {
    name=$1 want=$2 wantout=$3
    shift 3
    run "$@"
    if [ "$(cat "$tmp/out")" != "$wantout" ]; then
        bad "$name" "stdout differs; expected:" "$wantout"
    else
        expect_err "$name" "$want"
    fi
}

# has NAME PATTERN CMD...: harness.sh.

# ------------------------------------------------------ without dnsmasq
# The default configuration ({lookup,[native]}): the system knows localhost.
ok "resolve localhost" '{ok,{127,0,0,1}}' "$G" resolve localhost
ok "resolve 3232235521 (address text, no lookup)" '{ok,{192,168,0,1}}' \
    "$G" resolve 3232235521
ok "resolve --family inet6 ::1" '{ok,{0,0,0,0,0,0,0,1}}' "$G" resolve ::1 --family inet6
err "resolve --family local" 1 '{error,einval}' "$G" resolve localhost --family local
err "reverse of a name" 1 '{error,einval}' "$G" reverse not-an-address
has "rc: defaults" '^\[\{resolv_conf,"/etc/resolv.conf"\},\{hosts_file,"/etc/hosts"\},\{lookup,\[native\]\}\]$' \
    env -u GINET_INETRC "$G" rc

# --------------------------------------------------------------- dnsmasq
dnsmasq=
for d in /usr/sbin/dnsmasq /usr/bin/dnsmasq /usr/local/sbin/dnsmasq; do
    [ -x "$d" ] && dnsmasq=$d && break
done
cat >"$tmp/zone" <<'ZONE'
10.0.1.1 www.test
fd00::1 www.test
10.0.1.11 many.test
10.0.1.12 many.test
10.0.1.13 many.test
ZONE
port=
if [ -n "$dnsmasq" ]; then
    base=$(( ($$ % 20000) + 30000 ))
    for try in 0 1 2 3 4; do
        p=$((base + try * 97))
        printf '{resolv_conf,""}.\n{hosts_file,""}.\n{nameserver,{127,0,0,1},%s}.\n{lookup,[dns]}.\n' \
            "$p" >"$tmp/inetrc"
        "$dnsmasq" --no-daemon --conf-file=/dev/null --no-resolv --no-hosts \
            --addn-hosts="$tmp/zone" --local=/test/ --port="$p" \
            --listen-address=127.0.0.1 --bind-interfaces --pid-file="$tmp/pid" \
            --cname=alias.test,www.test --cname=alias2.test,alias.test \
            >"$tmp/dnsmasq.log" 2>&1 &
        dns_pid=$!
        n=0
        while [ $n -lt 50 ] && kill -0 "$dns_pid" 2>/dev/null; do
            if "$G" resolve www.test --inetrc "$tmp/inetrc" --timeout 500 >/dev/null 2>&1; then
                port=$p
                break
            fi
            sleep 0.1
            n=$((n + 1))
        done
        [ -n "$port" ] && break
        kill "$dns_pid" 2>/dev/null
        wait "$dns_pid" 2>/dev/null
        dns_pid=
    done
fi

if [ -z "$port" ]; then
    fail=$((fail + 1))
    echo "FAIL dnsmasq did not start (${dnsmasq:-not installed: ./quickstart installs dnsmasq-base})"
else
    R="--inetrc $tmp/inetrc"
    # shellcheck disable=SC2086
    {
    ok "resolve www.test" '{ok,{10,0,1,1}}' "$G" resolve www.test $R
    ok "resolve --family inet6" '{ok,{64768,0,0,0,0,0,0,1}}' \
        "$G" resolve www.test --family inet6 $R
    ok "resolve --all" '{ok,[{10,0,1,1}]}' "$G" resolve www.test --all $R
    has "resolve --all many.test: three addresses" \
        '^\{ok,\[\{10,0,1,1[123]\},\{10,0,1,1[123]\},\{10,0,1,1[123]\}\]\}$' \
        "$G" resolve many.test --all $R
    ok "resolve --hostent through CNAMEs" \
        '{ok,{hostent,"www.test",["alias.test","alias2.test"],inet,4,[{10,0,1,1}]}}' \
        "$G" resolve alias2.test --hostent $R
    ok "resolve --json" '{"addresses":["10.0.1.1"]}' "$G" resolve www.test --json $R
    ok "resolve --all --family inet6 --json" '{"addresses":["fd00::1"]}' \
        "$G" resolve www.test --all --family inet6 --json $R
    err "resolve nxdomain" 1 '{error,nxdomain}' "$G" resolve nope.test $R
    err "resolve nxdomain --json" 1 '{"error":"nxdomain","text":"non-existing domain"}' \
        "$G" resolve nope.test --json $R
    ok "reverse 10.0.1.1" '{ok,{hostent,"www.test",[],inet,4,[{10,0,1,1}]}}' \
        "$G" reverse 10.0.1.1 $R
    ok "reverse fd00::1" '{ok,{hostent,"www.test",[],inet6,16,[{64768,0,0,0,0,0,0,1}]}}' \
        "$G" reverse fd00::1 $R
    ok "reverse --json" \
        '{"name":"www.test","aliases":[],"addrtype":"inet","length":4,"addresses":["10.0.1.1"]}' \
        "$G" reverse 10.0.1.1 --json $R
    err "reverse nxdomain" 1 '{error,nxdomain}' "$G" reverse 10.9.9.9 $R
    ok "rc --inetrc" \
        "[{nameservers,{127,0,0,1},$port},{resolv_conf,[]},{hosts_file,[]},{lookup,[dns]}]" \
        env -u GINET_INETRC "$G" rc $R
    ok "rc --w" \
        "[{nameservers,{127,0,0,1},$port},{resolv_conf,[]},{hosts_file,[]},{lookup,[dns]}]" \
        env -u GINET_INETRC "$G" rc --w $R
    has "rc --json" "\"nameservers\":\\[\\{\"ip\":\"127.0.0.1\",\"port\":$port\\}\\].*\"lookup\":\\[\"dns\"\\]" \
        env -u GINET_INETRC "$G" rc --json $R
    ok "GINET_INETRC" '{ok,{10,0,1,1}}' env GINET_INETRC="$tmp/inetrc" "$G" resolve www.test
    }
fi

# ------------------------------------------------------- a bad inetrc
printf '{lookup,[dns]}.\n{timeout,700}.\n{retry,zero}.\n' >"$tmp/bad"
run env -u GINET_INETRC "$G" rc --inetrc "$tmp/bad"
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] \
    && grep -q "$tmp/bad:3:.*{retry,zero}" "$tmp/err" \
    && grep -q '^\[{timeout,700},.*{lookup,\[dns\]}\]$' "$tmp/out"; then
    pass=$((pass + 1))
else
    bad "rc with a bad inetrc: file:line and term on stderr, what applied on stdout" "exit $rc"
fi

summary
