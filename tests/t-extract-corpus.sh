#!/bin/bash
# ink-extract on the shared gold corpus (from its gold reflow): entity
# micro-F1 must stay >= 0.90 on every text, dates and metrics >= 0.95 / 0.90.
# The corpus is research material outside the project: skipped when absent.
set -u
C=$SHARED/corpus
S=$SHARED/eval/score-entities
[ -d "$C" ] && [ -x "$S" ] || { echo "no shared corpus at $C"; exit 77; }
command -v python3 > /dev/null || { echo "python3 missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for g in "$C"/*.reflow.txt; do
	name=$(basename "$g" .reflow.txt)
	[ -f "$C/$name.entities.csv" ] || continue
	date=$(awk -v n="$name" '$1 == n { print $2 }' "$C/issue-dates.tsv" 2> /dev/null)
	"$INKBIN/ink-extract" -r "$TOP/rules" ${date:+--issue-date "$date"} "$g" > "$tmp/e.csv" || { echo "$name: exit $?"; fail=1; continue; }
	"$S" "$C/$name.entities.csv" "$tmp/e.csv" > "$tmp/score"
	n=$((n + 1))
	awk -v name="$name" '
		$1 == "entities" && $3 < 0.90 { print name ": entities F1 " $3 " < 0.90"; bad = 1 }
		$1 == "date" && $7 < 0.95 { print name ": date F1 " $7 " < 0.95"; bad = 1 }
		$1 == "metric" && $7 < 0.90 { print name ": metric F1 " $7 " < 0.90"; bad = 1 }
		END { exit bad }' "$tmp/score" || { cat "$tmp/score"; fail=1; }
done
[ $n -gt 0 ] || { echo "no gold texts in $C"; exit 77; }
exit $fail
