#!/bin/bash
# make run's own run (tests/run-fixtures) from the bundled fixtures: the
# texts into OUT, the bundled scans through ink-ocr into OUT/scans, each
# issue's figures among the entities, named and dated from the file names;
# a second run redoes nothing and prints nothing.
set -u
for t in ink-ocr ink-reflow ink-extract ink-stats; do
	[ -x "$INKBIN/$t" ] || { echo "$t not built yet: make bin/$t"; exit 77; }
done
command -v parallel > /dev/null || { echo "GNU parallel not installed"; exit 77; }
tesseract --list-langs 2> /dev/null | grep -qx chi_sim || { echo "no chi_sim traineddata (tesseract-ocr-chi-sim)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
"$TOP/tests/run-fixtures" "$tmp/out" > "$tmp/o1" 2> "$tmp/e1" || { bad "run-fixtures: exit $?: $(cat "$tmp/e1")"; exit 1; }
grep -qx "ink-batch: 4 documents: 4 done, 0 unchanged, 0 failed ($tmp/out)" "$tmp/o1" || bad "texts: $(cat "$tmp/o1")"
grep -qx "ink-batch: 2 documents: 2 done, 0 unchanged, 0 failed ($tmp/out/scans)" "$tmp/o1" || bad "scans: $(cat "$tmp/o1")"
s=$tmp/out/scans
grep -qxF $'枫林湾街道_2021-03-25\t2021-03-25\t枫林湾街道' "$s/meta.tsv" || bad "folder issue metadata: $(cat "$s/meta.tsv")"
grep -qxF $'柳塘镇街道_20210515\t2021-05-15\t柳塘镇街道' "$s/meta.tsv" || bad "suffix issue metadata: $(cat "$s/meta.tsv")"
# the lines came from ink-ocr: pixel boxes and confidences
sed -n 2p "$s/枫林湾街道_2021-03-25.lines.csv" | grep -qE '^枫林湾街道_2021-03-25,1,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]' ||
	bad "no OCR geometry: $(sed -n 2p "$s/枫林湾街道_2021-03-25.lines.csv")"
# each issue's lead figures, as printed
grep -q '^枫林湾街道_2021-03-25,.*,metric,[^,]*,23,台,.*,elevator.completed,' "$s/entities.csv" || bad "枫林湾: no 23 elevators completed"
grep -q '^柳塘镇街道_20210515,.*,metric,[^,]*,2876,名,.*,election.voters,' "$s/entities.csv" || bad "柳塘镇: no 2876 voters"
grep -q '^elevator.completed,枫林湾街道,2021-03,' "$s/stats.csv" || bad "stats.csv: $(cat "$s/stats.csv")"
"$TOP/tests/run-fixtures" "$tmp/out" > "$tmp/o2" 2>&1 || bad "second run failed"
[ -s "$tmp/o2" ] && bad "a second run printed: $(cat "$tmp/o2")"
exit $fail
