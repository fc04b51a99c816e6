#!/bin/sh
# ink-reflow on every bundled fixture (and the shared corpus when present),
# scored against the gold reflow: each text must reach the acceptance bar
# (paragraph F1 >= 0.97, article and headline F1 >= 0.9, fidelity >= 0.999).
# The fixtures and their gold are in the repository, and so is a scorer
# (tests/score-reflow), so this runs without ../shared; when the shared
# scorer is there it is the one used, and the two must agree.
set -u
command -v python3 > /dev/null || { echo "no python3"; exit 77; }
own=$TOP/tests/score-reflow
score=$SHARED/eval/score-reflow
[ -x "$score" ] || score=$own
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
	"$score" "$gold" "$tmp/out" > "$tmp/score" || { echo "FAIL $(basename "$f"): $score exit $?"; fail=1; continue; }
	last=$(tail -1 "$tmp/score")
	if [ "$score" != "$own" ]; then
		mine=$("$own" "$gold" "$tmp/out") || { echo "FAIL $(basename "$f"): $own exit $?"; fail=1; }
		[ "$mine" = "$last" ] || { echo "FAIL $(basename "$f"): tests/score-reflow says '$mine'"; fail=1; }
	fi
	# reflow F1 <p> article-F1 <a> headline-F1 <h> fidelity <f>
	if echo "$last" | awk '{ exit !($3 >= 0.97 && $5 >= 0.9 && $7 >= 0.9 && $9 >= 0.999) }'; then
		echo "ok   $(basename "$f"): $last"
	else
		echo "FAIL $(basename "$f"): $last"
		[ "$score" = "$own" ] || "$score" "$gold" "$tmp/out" -v | grep -E 'missed|extra' | head -10
		fail=1
	fi
done
[ $n -gt 0 ] || { echo "no fixtures"; exit 1; }
exit $fail
