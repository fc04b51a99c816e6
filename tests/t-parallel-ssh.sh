#!/bin/bash
# ink-batch spread with GNU parallel over ssh: a private sshd on 127.0.0.1
# (generated host and user keys in a temp folder, a free port) plays the
# remote hosts; the distributed run must produce the same products as a
# local run, and sshd must have seen the logins.
set -u
for t in ink-reflow ink-extract ink-stats; do
	[ -x "$INKBIN/$t" ] || { echo "$t not built yet: make bin/$t"; exit 77; }
done
sshd=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$sshd" ] || { echo "sshd not installed (Debian: openssh-server)"; exit 77; }
for c in ssh ssh-keygen parallel python3; do
	command -v $c > /dev/null || { echo "$c not installed"; exit 77; }
done
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2> /dev/null; wait 2> /dev/null; rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
cp "$INKBIN"/ink-* "$tmp/bin/" && export INKBIN=$tmp/bin PATH=$tmp/bin:$TOP/tools:$PATH
[ -d "$TOP/rules" ] && cp -r "$TOP/rules" "$tmp/rules" && export INKPIPE_RULES=$tmp/rules
mkdir "$tmp/in" && cp "$TOP/tests/data/ink-batch/"* "$tmp/in/"

ssh-keygen -q -t ed25519 -N '' -f "$tmp/hostkey" || exit 1
ssh-keygen -q -t ed25519 -N '' -f "$tmp/userkey" || exit 1
cp "$tmp/userkey.pub" "$tmp/authorized_keys"
chmod 700 "$tmp"
# privilege separation wants its folder when sshd starts as root
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$tmp/sshd_config" << CONF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/hostkey
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers $(id -un)
LogLevel INFO
CONF
"$sshd" -t -f "$tmp/sshd_config" 2> "$tmp/sshd.log" || { echo "sshd cannot run here: $(tail -1 "$tmp/sshd.log")"; exit 77; }
"$sshd" -D -e -f "$tmp/sshd_config" 2> "$tmp/sshd.log" &
pid=$!
sshcmd="ssh -p $port -i $tmp/userkey -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR"
up=0
for i in $(seq 50); do
	$sshcmd 127.0.0.1 true 2> /dev/null && { up=1; break; }
	kill -0 $pid 2> /dev/null || break
	sleep 0.2
done
[ $up = 1 ] || { echo "sshd did not come up on 127.0.0.1:$port: $(tail -2 "$tmp/sshd.log")"; exit 77; }

# two "hosts", both this one over ssh
printf '2/%s %s\n1/%s %s\n' "$sshcmd" 127.0.0.1 "$sshcmd" localhost > "$tmp/hosts"
fail=0
ink-batch -j 2 "$tmp/in" "$tmp/local" > "$tmp/o1" 2>&1 || { echo "local run failed:"; cat "$tmp/o1"; fail=1; }
n0=$(grep -c 'Accepted publickey' "$tmp/sshd.log")
ink-batch -S "$tmp/hosts" "$tmp/in" "$tmp/remote" > "$tmp/o2" 2>&1 || { echo "ssh run failed:"; cat "$tmp/o2" "$tmp/remote/batch.log"; fail=1; }
n1=$(grep -c 'Accepted publickey' "$tmp/sshd.log")
echo "ssh logins during the distributed run: $((n1 - n0))"
[ $((n1 - n0)) -ge 5 ] || { echo "FAIL: the documents did not go over ssh"; fail=1; }
grep -q "5 documents: 5 done" "$tmp/o2" || { echo "FAIL: ssh summary: $(cat "$tmp/o2")"; fail=1; }
diff -r -x batch.log -x .lock "$tmp/local" "$tmp/remote" || { echo "FAIL: the ssh run's products differ from the local run's"; fail=1; }

# a host that cannot be reached: every document counted failed, exit 1
printf '1/ssh -o ConnectTimeout=3 -o BatchMode=yes -p 1 127.0.0.1\n' > "$tmp/deadhost"
ink-batch -S "$tmp/deadhost" "$tmp/in" "$tmp/dead" > "$tmp/o3" 2>&1; rc=$?
[ $rc = 1 ] || { echo "FAIL: unreachable host gives exit $rc"; fail=1; }
grep -q "5 documents: 0 done, 0 unchanged, 5 failed" "$tmp/o3" || { echo "FAIL: unreachable host summary: $(cat "$tmp/o3")"; fail=1; }
exit $fail
