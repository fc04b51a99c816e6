#!/bin/bash
# ink-batch's setup errors are named and have their own status, change
# nothing and never read as a failed document: no space (a small tmpfs,
# full at the start and full in the middle of a run: 74), no permission (a
# read-only output folder: 73; an unreadable input folder: 66), a read-only
# file system (73). No shell line numbers, no stray "write error".
set -u
for t in ink-reflow ink-extract ink-stats; do
	[ -x "$INKBIN/$t" ] || { echo "$t not built yet: make bin/$t"; exit 77; }
done
command -v parallel > /dev/null || { echo "GNU parallel not installed"; exit 77; }
tmp=$(mktemp -d)
mnt=
trap '[ -n "$mnt" ] && umount "$mnt" 2> /dev/null; umount "$tmp/rofs" 2> /dev/null; rm -rf "$tmp"' EXIT
mkdir "$tmp/mnt" "$tmp/rofs" "$tmp/bin"
mount -t tmpfs -o size=1m tmpfs "$tmp/mnt" 2> /dev/null || { echo "cannot mount a tmpfs (not root, or no CAP_SYS_ADMIN)"; exit 77; }
mnt=$tmp/mnt
cp "$INKBIN"/ink-* "$tmp/bin/" && export INKBIN=$tmp/bin PATH=$tmp/bin:$TOP/tools:$PATH
[ -d "$TOP/rules" ] && cp -r "$TOP/rules" "$tmp/rules" && export INKPIPE_RULES=$tmp/rules
fail=0
bad() { echo "FAIL: $*"; fail=1; }
noshell() { grep -qE 'line [0-9]+:|write error' "$1" && bad "$2: a shell message: $(cat "$1")"; }
mkdir "$tmp/in" && cp "$TOP/tests/data/ink-batch/"* "$tmp/in/"
out=$mnt/out
ink-batch "$tmp/in" "$out" > /dev/null 2> "$tmp/e0" || { bad "first run on the tmpfs: $(cat "$tmp/e0")"; exit 1; }
snap() { (cd "$out" && find . -type f ! -name batch.log ! -name .lock -printf '%p %s\n' | sort; cat ./*.csv | sha256sum); }
snap > "$tmp/s0"

# full at the start: 74, nothing touched
dd if=/dev/zero of="$mnt/fill" bs=4k 2> /dev/null
sed -i 's/电梯17台/电梯18台/' "$tmp/in/虹桥_2021-02.txt"
ink-batch "$tmp/in" "$out" > "$tmp/o1" 2> "$tmp/e1"; rc=$?
[ $rc = 74 ] || bad "full disk: exit $rc, not 74 (EX_IOERR): $(cat "$tmp/e1")"
grep -q "$out: No space left on device" "$tmp/e1" || bad "full disk message: $(cat "$tmp/e1")"
noshell "$tmp/e1" "full disk"
grep -q 'FAIL' "$tmp/e1" && bad "full disk reads as a failed document"
snap | cmp -s - "$tmp/s0" || bad "a run on a full disk changed the results"

# full in the middle: a document too big for the space left; the others stay
rm -f "$mnt/fill"
for i in $(seq 600); do echo "第${i}段 本街道已加装电梯${i}台，惠及居民${i}户。"; done > "$tmp/in/大_2021-05.txt"
avail=$(df -k --output=avail "$mnt" | tail -1)
dd if=/dev/zero of="$mnt/fill" bs=1k count=$((avail - 200)) 2> /dev/null
ink-batch "$tmp/in" "$out" > "$tmp/o2" 2> "$tmp/e2"; rc=$?
[ $rc = 74 ] || bad "disk full mid-run: exit $rc, not 74: $(cat "$tmp/e2")"
grep -q 'no space left on device' "$tmp/e2" || bad "disk full mid-run message: $(cat "$tmp/e2")"
noshell "$tmp/e2" "disk full mid-run"
[ -f "$out/notes.entities.csv" ] || bad "disk full mid-run removed results"
ls -A "$out" | grep -q '^\.tmp\.' && bad "disk full mid-run left temporary files"
rm -f "$mnt/fill"
ink-batch "$tmp/in" "$out" > "$tmp/o3" 2> "$tmp/e3" || bad "run with room again failed: $(cat "$tmp/e3")"
grep -q ',18,台,' "$out/entities.csv" || bad "the changed document was not redone once there was room"

# a read-only file system: 73
mount -t tmpfs -o ro,size=64k tmpfs "$tmp/rofs" 2> /dev/null || bad "cannot mount a read-only tmpfs"
ink-batch "$tmp/in" "$tmp/rofs/out" > /dev/null 2> "$tmp/e4"; rc=$?
[ $rc = 73 ] || bad "read-only file system: exit $rc, not 73 (EX_CANTCREAT)"
grep -q "$tmp/rofs/out: cannot create: Read-only file system" "$tmp/e4" || bad "read-only file system message: $(cat "$tmp/e4")"
noshell "$tmp/e4" "read-only file system"

# no permission: as an ordinary user, for root passes every mode check
asuser=()
if [ "$(id -u)" = 0 ]; then
	command -v setpriv > /dev/null || { echo "setpriv missing: permission cases not run"; exit $fail; }
	asuser=(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp)
	chmod 755 "$tmp"
fi
cp -r "$out" "$tmp/ro" && chmod -R a+rX "$tmp/ro" "$tmp/in" && chmod 555 "$tmp/ro"
"${asuser[@]}" ink-batch "$tmp/in" "$tmp/ro" > /dev/null 2> "$tmp/e5"; rc=$?
[ $rc = 73 ] || bad "read-only output folder: exit $rc, not 73: $(cat "$tmp/e5")"
grep -q "$tmp/ro: cannot write: Permission denied" "$tmp/e5" || bad "read-only output folder message: $(cat "$tmp/e5")"
noshell "$tmp/e5" "read-only output folder"
chmod 000 "$tmp/in"
"${asuser[@]}" ink-batch "$tmp/in" "$tmp/ro2" > /dev/null 2> "$tmp/e6"; rc=$?
[ $rc = 66 ] || bad "unreadable input folder: exit $rc, not 66: $(cat "$tmp/e6")"
grep -q "$tmp/in: cannot read: Permission denied" "$tmp/e6" || bad "unreadable input folder message: $(cat "$tmp/e6")"
chmod 755 "$tmp/in"
exit $fail
