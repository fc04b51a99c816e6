#!/bin/bash
# ink-extract on hostile input: a 10 MB paragraph, many paragraphs (memory
# must stay flat), CRLF + BOM, an empty file, a full disk, a closed pipe.
set -u
X=$INKBIN/ink-extract
R=$TOP/rules
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# one 10 MB paragraph: processed, entities found at its far end, offsets in code points
awk 'BEGIN { s = "楼组长坚持上门走访居民，把意见记进台账。"; for (i = 0; i < 180000; i++) printf "%s", s; print "目前共有17个门栋。" }' > "$tmp/big.txt"
"$X" -r "$R" "$tmp/big.txt" > "$tmp/big.csv" 2> "$tmp/big.err" || fail "10 MB paragraph: exit $?: $(head -c 300 "$tmp/big.err")"
grep -q ',count,17个,17,个,' "$tmp/big.csv" || fail "10 MB paragraph: the count at its end is missing"
want=$((180000 * 20 + 4))
grep -q "^big,1,1,$want,$((want + 3)),count," "$tmp/big.csv" || fail "10 MB paragraph: wrong code point offset (want $want): $(grep count "$tmp/big.csv" | head -2)"

# a paragraph of 400000 matches must stay linear (overlaps found by marking, not pairwise)
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "3个2021年5月6日，"; print "" }' > "$tmp/dense.txt"
timeout 120 "$X" -r "$R" "$tmp/dense.txt" > "$tmp/dense.csv" || fail "dense paragraph: exit $? (timeout 124: quadratic?)"
[ "$(grep -c ',count,3个,' "$tmp/dense.csv")" = 200000 ] || fail "dense paragraph: want 200000 counts"
[ "$(grep -c ',date,2021年5月6日,2021-05-06,' "$tmp/dense.csv")" = 200000 ] || fail "dense paragraph: want 200000 dates"

# memory stays flat: 8x more paragraphs must not need much more memory
gen() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) { print "3月" (i % 28 + 1) "日，街道党工委书记王建华来到晨曦小区，已完成加装电梯" (i % 90 + 1) "台。"; if (i % 5 == 0) print "" } }'; }
gen 2000 > "$tmp/s.txt"; gen 16000 > "$tmp/l.txt"
# ASan keeps freed memory in quarantine: make it small, or the figure is its, not ours
# (time exits with the tool's status, which must be 0: no pipe may hide it)
rss() {
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:quarantine_size_mb=1 /usr/bin/time -o "$tmp/rss" -f %M \
		"$X" -r "$R" --issue-date 2021-03-15 "$1" > /dev/null 2> "$tmp/rss.err" ||
		fail "memory run on $(basename "$1"): exit $?: $(head -c 300 "$tmp/rss.err")"
	tail -1 "$tmp/rss" > "$tmp/rss.$(basename "$1")"
}
if [ -x /usr/bin/time ]; then
	rss "$tmp/s.txt"; rss "$tmp/l.txt"
	a=$(cat "$tmp/rss.s.txt") b=$(cat "$tmp/rss.l.txt")
	[ "$b" -lt $((a * 2 + 4096)) ] || fail "memory grows with input: ${a} KB for 2000 paragraphs, ${b} KB for 16000"
fi
"$X" -r "$R" "$tmp/l.txt" > "$tmp/l.csv" || fail "16000 paragraphs: exit $?"
n=$(grep -c ',metric,' "$tmp/l.csv")
[ "$n" = 16000 ] || fail "want 16000 metric rows, got $n"

# CRLF line ends and a byte-order mark change nothing
printf '\xef\xbb\xbf3月4日，共有12名党员参加。\r\n\r\n第二篇有5个小区。\r\n' > "$tmp/crlf.txt"
printf '3月4日，共有12名党员参加。\n\n第二篇有5个小区。\n' > "$tmp/lf.txt"
"$X" -r "$R" --doc d "$tmp/crlf.txt" > "$tmp/a.csv" && "$X" -r "$R" --doc d "$tmp/lf.txt" > "$tmp/b.csv" || fail "CRLF/LF run failed"
cmp -s "$tmp/a.csv" "$tmp/b.csv" || { diff "$tmp/a.csv" "$tmp/b.csv"; fail "CRLF + BOM input differs from LF"; }
grep -q '^d,2,1,.*,count,5个,' "$tmp/a.csv" || fail "blank line did not start article 2"

# empty input is unusable: named, exit 1, the header still written, the next file processed
: > "$tmp/empty.txt"
out=$("$X" -r "$R" "$tmp/empty.txt" "$tmp/lf.txt" 2> "$tmp/e.err"); rc=$?
[ $rc = 1 ] || fail "empty file: exit $rc"
grep -q 'empty.txt: empty input' "$tmp/e.err" || fail "empty file not named: $(cat "$tmp/e.err")"
[ "$(printf '%s\n' "$out" | head -1)" = "doc,article,para,start,end,type,text,value,unit,qualifier,subject,rule,scope" ] || fail "empty file: no header"
printf '%s\n' "$out" | grep -q ',count,12名,' || fail "file after an empty one not processed"

# a missing file is reported, the next one still processed, exit 1
"$X" -r "$R" "$tmp/nonexistent.txt" "$tmp/lf.txt" > "$tmp/m.csv" 2> "$tmp/m.err"; rc=$?
[ $rc = 1 ] || fail "missing file: exit $rc"
grep -q 'nonexistent.txt' "$tmp/m.err" || fail "missing file not named"
grep -q ',count,12名,' "$tmp/m.csv" || fail "file after a missing one not processed"

# a full disk is an error, a closed pipe ends quietly
if [ -w /dev/full ]; then
	"$X" -r "$R" "$tmp/l.txt" > /dev/full 2> "$tmp/full.err"; rc=$?
	[ $rc = 1 ] || fail "> /dev/full: exit $rc"
	grep -q 'write error' "$tmp/full.err" || fail "> /dev/full: no message"
fi
"$X" -r "$R" "$tmp/l.txt" 2> "$tmp/pipe.err" | head -1 > /dev/null
[ -s "$tmp/pipe.err" ] && fail "closed pipe printed: $(head -3 "$tmp/pipe.err")"

# no usable rules: a clear error, exit 1
mkdir "$tmp/norules"
"$X" -r "$tmp/norules" "$tmp/lf.txt" > /dev/null 2> "$tmp/nr.err"; rc=$?
[ $rc = 1 ] || fail "empty rules dir: exit $rc"
grep -q 'no \*.rules' "$tmp/nr.err" || fail "empty rules dir: $(cat "$tmp/nr.err")"
exit 0
