#!/bin/sh
# ink-reflow on every bundled fixture (and the shared corpus when present),
# scored against the gold reflow with the project's scorer: each text must
# reach the acceptance bar (paragraph F1 >= 0.97, article and headline
# F1 >= 0.9, fidelity >= 0.999).
set -u
score=$SHARED/eval/score-reflow
[ -x "$score" ] || { echo "no $score"; exit 77; }
command -v python3 > /dev/null || { echo "no python3"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for f in "$TOP"/fixtures/*.txt "$SHARED"/corpus/*.txt; do
	[ -f "$f" ] || continue
	case "$f" in *.reflow.txt) continue ;; esac
	gold=${f%.txt}.reflow.txt
	[ -f "$gold" ] || continue
	n=$((n + 1))
	if ! "$INKBIN/ink-reflow" --to text "$f" > "$tmp/out" 2> "$tmp/err"; then
		echo "FAIL $(basename "$f"): ink-reflow exit $?: $(head -c 300 "$tmp/err")"
		fail=1; continue
	fi
	last=$("$score" "$gold" "$tmp/out" | tail -1)
	# reflow F1 <p> article-F1 <a> headline-F1 <h> fidelity <f>
	if echo "$last" | awk '{ exit !($3 >= 0.97 && $5 >= 0.9 && $7 >= 0.9 && $9 >= 0.999) }'; then
		echo "ok   $(basename "$f"): $last"
	else
		echo "FAIL $(basename "$f"): $last"
		"$score" "$gold" "$tmp/out" -v | grep -E 'missed|extra' | head -10
		fail=1
	fi
done
[ $n -gt 0 ] || { echo "no fixtures"; exit 1; }
exit $fail
