#!/bin/bash
# ink-batch over an archive as it is kept: issues in subfolders, the pages
# of one issue as one document in page order (a folder of pages, or names
# that differ in a page suffix), the common name forms giving issue date and
# street, an undated document warned about and counted; stages cached apart
# (a rule change re-runs ink-extract, not ink-ocr; a new issue date too);
# -j bounds the Tesseract engines in all; -q; --excel; an empty input folder
# is an error that removes nothing. A stand-in ink-ocr (one text line naming
# its page file) records its calls and how many engines run at once.
set -u
for t in ink-reflow ink-extract ink-stats; do
	[ -x "$INKBIN/$t" ] || { echo "$t not built yet: make bin/$t"; exit 77; }
done
command -v parallel > /dev/null || { echo "GNU parallel not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/state"
cp "$INKBIN"/ink-reflow "$INKBIN"/ink-extract "$INKBIN"/ink-stats "$tmp/bin/"
export INKBIN=$tmp/bin PATH=$tmp/bin:$TOP/tools:$PATH STATE=$tmp/state
[ -d "$TOP/rules" ] && cp -r "$TOP/rules" "$tmp/rules" && export INKPIPE_RULES=$tmp/rules
cat > "$tmp/bin/ink-ocr" << 'SH'
#!/bin/bash
j=1
while [ $# -gt 1 ]; do case $1 in -j) j=$2; shift ;; esac; shift; done
f=$1 b=${1##*/}
# engines running now, and the most ever
exec 7>> "$STATE/lock"
flock 7; n=$(($(cat "$STATE/now" 2> /dev/null || echo 0) + j)); echo $n > "$STATE/now"
[ $n -gt "$(cat "$STATE/max" 2> /dev/null || echo 0)" ] && echo $n > "$STATE/max"
echo "$j $f" >> "$STATE/calls"; flock -u 7
echo 'doc,page,block,line,x,y,w,h,conf,text'
echo "${b%.*},1,1,1,10,10,300,20,95,$b 本期已加装电梯3台"
sleep "${OCRSLEEP:-0.2}"
flock 7; echo $(($(cat "$STATE/now") - j)) > "$STATE/now"; flock -u 7
SH
chmod +x "$tmp/bin/ink-ocr"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
in=$tmp/in out=$tmp/out
mk() { mkdir -p "$(dirname "$in/$1")"; echo "page $1" > "$in/$1"; }
mk 2021/03/虹桥_2021-03_p1.png
mk 2021/03/虹桥_2021-03_p2.png
mk 2021/03/虹桥_2021-03_p10.png
mk 2021/03/虹桥_20210315.jpg
mk 2021/03/虹桥街道_2021年3月.png
mk 2021/03/田林_2021年3月15日.tif
mk 2021/04/2021-04_长风.png
mk 2021/05/曹杨_202105.png
mk 2021/06/江湾_2021.06.pdf
mk 2021/07/凉城-2021-07-08.png
mk 2021/08/五角场_2021_08.png
mk 2021/09/四平_2021-09/01.png
mk 2021/09/四平_2021-09/02.png
mk 殷行/2021-10/p1.png
mk 殷行/2021-10/p2.png
mk 2021/11/新江湾_20211101-1.png
mk 2021/11/新江湾_20211101-2.png
mk 2021/12/长白_2021-12.png
mk misc/notes.png

ink-batch -j 2 "$in" "$out" > "$tmp/o1" 2> "$tmp/e1"; rc=$?
[ $rc = 0 ] || bad "first run exit $rc: $(cat "$tmp/e1")"
want() { grep -qxF "$1" "$out/meta.tsv" || bad "meta.tsv lacks: $1"; }
want $'虹桥_2021-03\t2021-03-01\t虹桥'
want $'虹桥_20210315\t2021-03-15\t虹桥'
want $'虹桥街道_2021年3月\t2021-03-01\t虹桥街道'
want $'田林_2021年3月15日\t2021-03-15\t田林'
want $'2021-04_长风\t2021-04-01\t长风'
want $'曹杨_202105\t2021-05-01\t曹杨'
want $'江湾_2021.06\t2021-06-01\t江湾'
want $'凉城-2021-07-08\t2021-07-08\t凉城'
want $'五角场_2021_08\t2021-08-01\t五角场'
want $'四平_2021-09\t2021-09-01\t四平'
want $'殷行_2021-10\t2021-10-01\t殷行'
want $'新江湾_20211101\t2021-11-01\t新江湾'
want $'长白_2021-12\t2021-12-01\t长白'
want $'notes\t\t'
[ "$(($(wc -l < "$out/meta.tsv") - 1))" = 14 ] || bad "$(($(wc -l < "$out/meta.tsv") - 1)) documents, not 14: $(cat "$out/meta.tsv")"
grep -qx "ink-batch: 14 documents: 14 done, 0 unchanged, 0 failed, 1 without issue date ($out)" "$tmp/o1" || bad "summary: $(cat "$tmp/o1")"
grep -q 'notes: no issue date' "$tmp/e1" || bad "undated document not warned about: $(cat "$tmp/e1")"
# the pages of one issue: one document, pages numbered in page order
pages() { sed 1d "$out/$1.lines.csv" | cut -d, -f1,2,10 | sed 's/ 本期.*//' | tr '\n' ' '; }
[ "$(pages 虹桥_2021-03)" = "虹桥_2021-03,1,虹桥_2021-03_p1.png 虹桥_2021-03,2,虹桥_2021-03_p2.png 虹桥_2021-03,3,虹桥_2021-03_p10.png " ] ||
	bad "虹桥_2021-03 pages: $(pages 虹桥_2021-03)"
[ "$(pages 四平_2021-09)" = "四平_2021-09,1,01.png 四平_2021-09,2,02.png " ] || bad "四平 pages: $(pages 四平_2021-09)"
[ "$(pages 殷行_2021-10)" = "殷行_2021-10,1,p1.png 殷行_2021-10,2,p2.png " ] || bad "殷行 pages: $(pages 殷行_2021-10)"
[ "$(pages 新江湾_20211101)" = "新江湾_20211101,1,新江湾_20211101-1.png 新江湾_20211101,2,新江湾_20211101-2.png " ] ||
	bad "新江湾 pages: $(pages 新江湾_20211101)"
grep -q '^虹桥_2021-03,.*,metric,.*elevator' "$out/entities.csv" || bad "no entities from the multi-page issue"
# -j 2 over 14 documents: two at a time, one engine each
[ "$(cat "$tmp/state/max")" -le 2 ] || bad "-j 2 ran $(cat "$tmp/state/max") engines at once"
grep -qv '^1 ' "$tmp/state/calls" && bad "-j 2 over many documents gave ink-ocr more than one engine"

# unchanged: nothing run, nothing said
: > "$tmp/state/calls"
ink-batch -j 2 "$in" "$out" > "$tmp/o2" 2>&1 || bad "second run failed"
[ -s "$tmp/o2" ] && bad "an unchanged run printed: $(cat "$tmp/o2")"
[ -s "$tmp/state/calls" ] && bad "an unchanged run ran ink-ocr"

# a rule change re-runs ink-extract on every document, ink-ocr on none
[ -d "$tmp/rules" ] || { echo "no rules folder"; exit 1; }
stat -c '%i %Y' "$out/虹桥_2021-03.lines.csv" > "$tmp/lines-before"
sleep 1.1
printf '\n# a comment is a change of the rule set\n' >> "$(find "$tmp/rules" -type f | head -1)"
ink-batch -j 2 "$in" "$out" > "$tmp/o3" 2> "$tmp/e3" || bad "run after a rule change failed: $(cat "$tmp/e3")"
[ -s "$tmp/state/calls" ] && bad "a rule change re-ran ink-ocr: $(cat "$tmp/state/calls")"
[ "$(grep -c ': extract$' "$out/batch.log")" = 14 ] || bad "a rule change did not re-run ink-extract alone: $(tail -16 "$out/batch.log")"
stat -c '%i %Y' "$out/虹桥_2021-03.lines.csv" | cmp -s - "$tmp/lines-before" || bad "the lines CSV was rewritten"
grep -qx "ink-batch: 14 documents: 14 done, 0 unchanged, 0 failed, 1 without issue date ($out)" "$tmp/o3" || bad "summary: $(cat "$tmp/o3")"
# an issue date in metadata: that document's extraction alone; a street: the tables alone
printf 'notes\t2021-02-01\t新港街道\n' > "$in/misc/meta.tsv"
ink-batch -q -j 2 "$in" "$out" > "$tmp/o4" 2>&1 || bad "run after a metadata change failed"
[ -s "$tmp/o4" ] && bad "-q printed: $(cat "$tmp/o4")"
[ -s "$tmp/state/calls" ] && bad "a metadata change re-ran ink-ocr"
tail -2 "$out/batch.log" | head -1 | grep -q 'ok notes: extract$' || bad "notes' new issue date: $(tail -3 "$out/batch.log")"
grep -qxF $'notes\t2021-02-01\t新港街道' "$out/meta.tsv" || bad "meta.tsv misses the new metadata"
# a new page of an issue: that issue's OCR again, of its pages only
mk 2021/03/虹桥_2021-03_p3.png
ink-batch -j 4 "$in" "$out" > "$tmp/o5" 2>&1 || bad "run with a new page failed"
[ "$(cut -d' ' -f2- "$tmp/state/calls" | sed 's|.*/||' | tr '\n' ' ')" = "虹桥_2021-03_p1.png 虹桥_2021-03_p2.png 虹桥_2021-03_p3.png 虹桥_2021-03_p10.png " ] ||
	bad "a new page ran ink-ocr on: $(cat "$tmp/state/calls")"
# one document and -j 4: its ink-ocr gets the four engines
grep -qv '^4 ' "$tmp/state/calls" && bad "one document with -j 4 did not give ink-ocr 4 engines: $(cat "$tmp/state/calls")"
[ "$(cat "$tmp/state/max")" -le 4 ] || bad "-j 4 ran $(cat "$tmp/state/max") engines"

# -j 3 over many documents (-f): never more than three engines at once
: > "$tmp/state/calls"; echo 0 > "$tmp/state/max"
OCRSLEEP=0.4 ink-batch -f -j 3 "$in" "$out" > /dev/null 2>&1 || bad "forced run failed"
[ "$(cat "$tmp/state/max")" -le 3 ] || bad "-j 3 ran $(cat "$tmp/state/max") engines at once"
[ "$(wc -l < "$tmp/state/calls")" = 20 ] || bad "-f did not redo every page: $(wc -l < "$tmp/state/calls") calls"

# --excel: stats.csv for a spreadsheet, and only the tables are redone
ink-batch --excel "$in" "$out" > /dev/null 2>&1 || bad "--excel run failed"
head -c 3 "$out/stats.csv" | od -An -tx1 | grep -q 'ef bb bf' || bad "--excel: no byte-order mark"
[ "$(tr -cd '\r' < "$out/stats.csv" | wc -c)" = "$(wc -l < "$out/stats.csv")" ] || bad "--excel: not CRLF"

# an empty input folder (a share not mounted): an error, and nothing removed
(cd "$out" && find . -type f ! -name batch.log ! -name .lock -printf '%p %T@ %s\n' | sort) > "$tmp/snap1"
mkdir "$tmp/empty"
for p in '' --prune; do
	ink-batch $p "$tmp/empty" "$out" > "$tmp/o6" 2> "$tmp/e6"; rc=$?
	[ $rc = 66 ] || bad "empty input folder $p: exit $rc, not 66 (EX_NOINPUT)"
	grep -q "$tmp/empty: no documents" "$tmp/e6" || bad "empty input folder $p: $(cat "$tmp/e6")"
done
(cd "$out" && find . -type f ! -name batch.log ! -name .lock -printf '%p %T@ %s\n' | sort) | cmp -s - "$tmp/snap1" ||
	bad "a run over an empty input folder changed the results"
ink-batch "$tmp/nonesuch" "$out" > /dev/null 2> "$tmp/e7"; rc=$?
[ $rc = 66 ] || bad "missing input folder: exit $rc, not 66"

# progress on a terminal only
grep -q $'\r' "$tmp/e1" && bad "progress written to a file"
if command -v script > /dev/null; then
	mkdir "$tmp/in2" && echo a > "$tmp/in2/甲_2021-01.png" && echo b > "$tmp/in2/乙_2021-02_p1.txt"
	script -qec "ink-batch -j 1 '$tmp/in2' '$tmp/out2'" /dev/null > "$tmp/tty" 2>&1 || bad "run on a terminal failed: $(cat "$tmp/tty")"
	grep -q $'\r''ink-batch: 2/2 ' "$tmp/tty" || bad "no progress on a terminal: $(cat -A "$tmp/tty")"
	# a text's page suffix is no part of its street
	grep -qxF $'乙_2021-02_p1\t2021-02-01\t乙' "$tmp/out2/meta.tsv" || bad "a text's page suffix in its street: $(cat "$tmp/out2/meta.tsv")"
fi

# an interrupted run is logged, and the next run goes on
touch -d '2020-01-01' "$in"/2021/0[3-9]/*.png
(OCRSLEEP=3 exec ink-batch -f -j 2 "$in" "$out" > /dev/null 2> "$tmp/e8") &
bp=$!
sleep 1.5
kill -TERM $bp
wait $bp; rc=$?
[ $rc = 143 ] || bad "SIGTERM: exit $rc, not 143"
grep -q 'interrupted by SIGTERM' "$out/batch.log" || bad "interruption not logged: $(tail -3 "$out/batch.log")"
grep -q 'interrupted by SIGTERM' "$tmp/e8" || bad "interruption not said"
sleep 3.5	# the workers of the killed run finish their pages
ink-batch -w "$in" "$out" > /dev/null 2>&1 || bad "run after the interruption failed"
exit $fail
