#!/bin/bash
# ink-batch over texts: products per document and combined; an unchanged
# second run does no work and prints nothing (a touched file neither); a
# changed input is redone alone; a corrupt input fails alone; a removed
# input's products stay until --prune; metadata from sidecar, meta.tsv and
# file name reaches the tables; the lock keeps a second run out and names
# its holder.
set -u
for t in ink-reflow ink-extract ink-stats; do
	[ -x "$INKBIN/$t" ] || { echo "$t not built yet: make bin/$t"; exit 77; }
done
command -v parallel > /dev/null || { echo "GNU parallel not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# a snapshot of the tools and rules: the test compares runs, and a tool
# rebuilt in between would rightly make every document stale
mkdir "$tmp/bin"
cp "$INKBIN"/ink-* "$tmp/bin/" && export INKBIN=$tmp/bin PATH=$tmp/bin:$TOP/tools:$PATH
[ -d "$TOP/rules" ] && cp -r "$TOP/rules" "$tmp/rules" && export INKPIPE_RULES=$tmp/rules
fail=0
bad() { echo "FAIL: $*"; fail=1; }
cp -p "$TOP/tests/data/ink-batch/"* "$tmp/" && mkdir "$tmp/in" && mv "$tmp"/*.txt "$tmp"/*.meta "$tmp"/*.tsv "$tmp/in/"
in=$tmp/in out=$tmp/out
docs="notes 凉城 江湾_2021-03-15 田林 虹桥_2021-02"

ink-batch -j 2 "$in" "$out" > "$tmp/o1" 2> "$tmp/e1"; rc=$?
[ $rc = 0 ] || bad "first run exit $rc: $(cat "$tmp/e1")"
grep -qx "ink-batch: 5 documents: 5 done, 0 unchanged, 0 failed, 1 without issue date ($out)" "$tmp/o1" || bad "first summary: $(cat "$tmp/o1")"
grep -q 'notes: no issue date' "$tmp/e1" || bad "no warning for the undated document: $(cat "$tmp/e1")"
for d in $docs; do
	for k in lines paras entities; do
		[ -s "$out/$d.$k.csv" ] || bad "no $d.$k.csv"
	done
	head -1 "$out/$d.lines.csv" | grep -qx 'doc,page,block,line,x,y,w,h,conf,text' || bad "$d.lines.csv header"
	head -1 "$out/$d.paras.csv" | grep -q '^doc,article,para,kind,' || bad "$d.paras.csv header"
	head -1 "$out/$d.entities.csv" | grep -q '^doc,article,para,start,end,type,' || bad "$d.entities.csv header"
	cut -d, -f1 "$out/$d.entities.csv" | sed 1d | grep -vqx "$d" && bad "$d.entities.csv names another doc"
done
# combined: one header, every document's rows in name order
[ "$(grep -c '^doc,article,' "$out/entities.csv")" = 1 ] || bad "entities.csv headers"
n=0; for d in $docs; do n=$((n + $(wc -l < "$out/$d.entities.csv") - 1)); done
[ "$(($(wc -l < "$out/entities.csv") - 1))" = $n ] || bad "entities.csv rows != sum of documents"
# metadata: sidecar (田林), meta.tsv with extension (凉城), file name with and without day
grep -qx $'田林\t2021-03-10\t田林街道' "$out/meta.tsv" || bad "sidecar metadata"
grep -qx $'凉城\t2020-07-15\t凉城新村街道' "$out/meta.tsv" || bad "meta.tsv metadata"
grep -qx $'虹桥_2021-02\t2021-02-01\t虹桥' "$out/meta.tsv" || bad "file-name metadata"
grep -qx $'江湾_2021-03-15\t2021-03-15\t江湾' "$out/meta.tsv" || bad "file-name metadata with day"
grep -qx $'notes\t\t' "$out/meta.tsv" || bad "no metadata"
# the issue date reached ink-extract: 7月3日 in a 2020 issue is 2020-07-03
grep -q '^凉城,.*,date,7月3日,2020-07-03,' "$out/凉城.entities.csv" || bad "issue date did not reach ink-extract"
head -1 "$out/stats.csv" | grep -qx 'subject,street,month,sum,total,count' || bad "stats.csv header"
# the stats table is ink-stats over the combined entities, nothing else
ink-stats --meta "$out/meta.tsv" --issue-fallback --type metric --by subject,street,month -a sum,total,count \
	"$out/entities.csv" 2> /dev/null | cmp -s - "$out/stats.csv" || bad "stats.csv is not ink-stats of entities.csv"
grep -q 'ok 田林' "$out/batch.log" || bad "batch.log lacks the documents"

# unchanged: no work, no file rewritten, nothing said (cron mails what is said)
snap() { (cd "$out" && find . -type f ! -name batch.log ! -name .lock -printf '%p %T@ %s\n' | sort); }
snap > "$tmp/s1"
sleep 1.1
touch "$in/notes.txt"	# same content, new mtime
ink-batch -j 2 "$in" "$out" > "$tmp/o2" 2>&1 || bad "second run failed: $(cat "$tmp/o2")"
[ -s "$tmp/o2" ] && bad "an unchanged run printed: $(cat "$tmp/o2")"
tail -1 "$out/batch.log" | grep -q "5 documents: 0 done, 5 unchanged, 0 failed, 1 without issue date ($out)" ||
	bad "second summary not logged: $(tail -1 "$out/batch.log")"
snap > "$tmp/s2"
# only the input hash cache may change (notes' new mtime is recorded)
diff "$tmp/s1" "$tmp/s2" | grep '^[<>]' | grep -v './.stamp/.files ' && bad "unchanged run rewrote files"

# a changed input is redone alone, and the tables follow
cp -p "$out/虹桥_2021-02.entities.csv" "$tmp/old-hq"
sed -i 's/电梯17台/电梯19台/' "$in/虹桥_2021-02.txt"
ink-batch "$in" "$out" > "$tmp/o3" 2>&1 || bad "third run failed"
grep -qx "ink-batch: 5 documents: 1 done, 4 unchanged, 0 failed, 1 without issue date ($out)" "$tmp/o3" || bad "third summary: $(cat "$tmp/o3")"
grep -q ',19,台,' "$out/entities.csv" || bad "entities.csv not rebuilt"
grep -q ',19,' "$out/stats.csv" || bad "stats.csv not rebuilt"

# a corrupt input fails alone: the others are unchanged and counted
: > "$in/broken.txt"
if [ -x "$INKBIN/ink-ocr" ]; then
	printf '\x89PNG\r\n\x1a\n truncated' > "$in/torn.png"
	printf '%%PDF-1.4\n%%broken\n' > "$in/empty.pdf"
	nbad=3
else
	nbad=1
fi
ink-batch -j 2 "$in" "$out" > "$tmp/o4" 2> "$tmp/e4"; rc=$?
[ $rc = 1 ] || bad "a failed document gives exit $rc, not 1"
grep -qx "ink-batch: $((5 + nbad)) documents: 0 done, 5 unchanged, $nbad failed, $((1 + nbad)) without issue date ($out)" "$tmp/o4" ||
	bad "summary with failure: $(cat "$tmp/o4")"
grep -q 'broken' "$tmp/e4" || bad "failure not on stderr"
grep -q 'FAIL broken' "$out/batch.log" || bad "failure not logged"
ls "$out" | grep -q '^broken\.' && bad "products of a failed document"
ls -A "$out" | grep -q '^\.tmp\.' && bad "temporary files left"
cut -d, -f1 "$out/entities.csv" | sort -u | grep -c -v '^doc$' | grep -qx 5 || bad "entities.csv lost documents"
rm -f "$in/broken.txt" "$in/torn.png" "$in/empty.pdf"

# a removed input keeps its products (a share not mounted is no reason to
# lose them), said once; --prune removes them
grep -q '^notes,' "$out/entities.csv" || bad "notes not in entities.csv"
rm "$in/notes.txt"
ink-batch "$in" "$out" > "$tmp/o5" 2> "$tmp/e5" || bad "run after removal failed"
for k in lines paras entities; do [ -f "$out/notes.$k.csv" ] || bad "notes.$k.csv removed with its input"; done
grep -q '^notes,' "$out/entities.csv" || bad "entities.csv lost a removed input's rows"
grep -q 'notes: its input is gone; its results are kept (--prune removes them)' "$tmp/e5" || bad "removal not said: $(cat "$tmp/e5")"
grep -qx "ink-batch: 4 documents: 0 done, 4 unchanged, 0 failed, 1 kept without input ($out)" "$tmp/o5" || bad "removal summary: $(cat "$tmp/o5")"
ink-batch "$in" "$out" > "$tmp/o6" 2>&1 || bad "second run after removal failed"
[ -s "$tmp/o6" ] && bad "a removal is said again: $(cat "$tmp/o6")"
ink-batch --prune "$in" "$out" > "$tmp/o6" 2>&1 || bad "--prune run failed"
grep -qx "ink-batch: 4 documents: 0 done, 4 unchanged, 0 failed, 1 pruned ($out)" "$tmp/o6" || bad "prune summary: $(cat "$tmp/o6")"
ls "$out" | grep -q '^notes\.' && bad "products of a removed input remain after --prune"
grep -q '^notes,' "$out/entities.csv" && bad "entities.csv still has a pruned input"

# the lock: a second run on the same folder exits 75, touches nothing and
# names the run that holds it; exec: the process that holds the lock is the
# one killed below
(exec 8>> "$out/.lock"; flock 8; truncate -s 0 "$out/.lock"; echo "PID $BASHPID since 2026-12-01T02:00:00Z" >&8; exec sleep 5) &
lp=$!
sleep 0.5
ink-batch "$in" "$out" > /dev/null 2> "$tmp/e5"; rc=$?
[ $rc = 75 ] || bad "locked run exit $rc, not 75"
grep -q "locked by PID $lp since 2026-12-01T02:00:00Z" "$tmp/e5" || bad "locked run message: $(cat "$tmp/e5")"
kill $lp 2> /dev/null; wait $lp 2> /dev/null
# and a run writes its own PID for the next one to name
grep -q "^PID [0-9]* since 20" "$out/.lock" || bad "the lock does not name its holder: $(cat "$out/.lock")"

# --force redoes everything to the same bytes
snap > "$tmp/s6"; (cd "$out" && cat *.csv meta.tsv | sha256sum) > "$tmp/h6"
ink-batch -f "$in" "$out" > "$tmp/o7" 2>&1 || bad "forced run failed"
grep -qx "ink-batch: 4 documents: 4 done, 0 unchanged, 0 failed ($out)" "$tmp/o7" || bad "forced summary: $(cat "$tmp/o7")"
(cd "$out" && cat *.csv meta.tsv | sha256sum) | cmp -s - "$tmp/h6" || bad "forced run changed the products"
exit $fail
