#!/bin/bash
# tests/run itself, on a .test file of its own: a case whose expected
# stdout, stderr or exit status is wrong FAILS (down to a missing final
# newline or a carriage return), right ones pass (inputs with NUL, invalid
# UTF-8, "#" and CR lines; another case's file; ../data), a malformed .test
# file and a golden folder of the old layout fail, and -u rewrites exactly
# the wrong expectations, after which every case passes.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
run() { INKTESTS=$tmp/t "$TOP/tests/run" "$@" > "$tmp/log" 2>&1; }

mkdir -p "$tmp/t/data/self"
printf 'shared\n' > "$tmp/t/data/self/s.txt"
cat > "$tmp/t/self.test" <<'EOF'
# the runner's own cases; the wrong-* ones expect what the command does not do

=== right
$ printf 'a\n\nb'; printf 'x\r\n' >&2
$ echo "$INKBIN/tool: the sanitizer's path goes" >&2; exit 3
--- file r.txt
| another case's file
--- stdout
| a
|
| b
\ no newline at end
--- stderr
~ x\r
| tool: the sanitizer's path goes
--- exit 3

=== input
$ cat in.txt ../right/r.txt ../data/s.txt; od -An -tx1 bin | tr -d ' \n'; echo
--- file in.txt
~ \x00\xff\tend\x20
| # not a comment
|
~ crlf\r
--- file bin
~ \x00\x01\\
\ no newline at end
--- stdout
~ \x00\xff\tend\x20
| # not a comment
|
~ crlf\r
| another case's file
| shared
| 00015c

=== wrong-out
$ echo a
--- stdout
| b

=== wrong-eol
$ printf a
--- stdout
| a

=== wrong-cr
$ printf 'a\r\n'
--- stdout
| a

=== wrong-err
$ echo oops >&2
--- stdout

=== wrong-rc
$ exit 1
--- stdout
EOF
cp "$tmp/t/self.test" "$tmp/orig.test"

run self/; rc=$?
[ $rc = 1 ] || bad "wrong expectations: runner exit $rc"
for want in "ok    self/right" "ok    self/input" "FAIL  self/wrong-out: out" \
    "FAIL  self/wrong-eol: out" "FAIL  self/wrong-cr: out" "FAIL  self/wrong-err: err" \
    "FAIL  self/wrong-rc: rc" "2 passed, 5 failed, 0 skipped"; do
	grep -qxF "$want" "$tmp/log" || bad "no line '$want'"
done
[ $fail = 0 ] || cat "$tmp/log"
# a pattern picks cases
run self/right; rc=$?
[ $rc = 0 ] && grep -qx '1 passed, 0 failed, 0 skipped' "$tmp/log" || bad "PATTERN self/right: $(tail -1 "$tmp/log")"

run -u self/ > /dev/null
cmp -s "$tmp/t/self.test" "$tmp/orig.test" && bad "-u changed nothing"
run self/; rc=$?
[ $rc = 0 ] && grep -qx '7 passed, 0 failed, 0 skipped' "$tmp/log" || { bad "after -u: $(tail -1 "$tmp/log")"; cat "$tmp/log"; }
# -u rewrote the wrong expectations, nothing else
sed -e '/^=== wrong-out/,/^$/s/^| b$/| a/' \
    -e '/^=== wrong-eol/,/^$/s/^| a$/| a\n\\ no newline at end/' \
    -e '/^=== wrong-cr/,/^$/s/^| a$/~ a\\r/' \
    -e '/^=== wrong-err/,/^$/s/^--- stdout$/--- stdout\n--- stderr\n| oops/' \
    -e '/^=== wrong-rc/,$s/^--- stdout$/--- stdout\n--- exit 1/' \
    "$tmp/orig.test" > "$tmp/want.test"
diff -u "$tmp/want.test" "$tmp/t/self.test" || bad "-u wrote something else"
# and a second -u has nothing to do
cp "$tmp/t/self.test" "$tmp/fixed.test"
run -u self/
cmp -s "$tmp/t/self.test" "$tmp/fixed.test" || bad "a second -u changed the file"

# a malformed .test file fails, it is not skipped
printf '=== x\n$ true\n| stray content\n' > "$tmp/t/broken.test"
run self/; rc=$?
[ $rc = 1 ] && grep -q '^FAIL  broken.test: .*broken.test:3: ' "$tmp/log" || bad "a malformed .test file: $(cat "$tmp/log")"
rm "$tmp/t/broken.test"

# so is a golden folder of the old layout
mkdir -p "$tmp/t/golden/self/old" && echo true > "$tmp/t/golden/self/old/cmd"
run self/; rc=$?
[ $rc = 1 ] && grep -q '^FAIL  self/old: a golden folder' "$tmp/log" || bad "an old golden folder: $(cat "$tmp/log")"
exit $fail
