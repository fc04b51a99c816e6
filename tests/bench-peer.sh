#!/bin/sh
# bench-peer: dates and numbers, ink-extract against a peer, Microsoft
# Recognizers-Text (npm @microsoft/recognizers-text-suite, Chinese culture,
# tests/peer-recognizers.js), over the same reflowed text from
# tests/bench-gen. The peer is installed with npm into a cache outside the
# repo ($INKPIPE_BENCH_CACHE, default ~/.cache/inkpipe-bench); without node
# or npm, or offline, the bench says so and skips. ink-extract runs with
# only its date rules, only its number rules, and all rules. Ratios are
# the figures to compare: both sides run on one core of the same machine.
# BENCH_PEER_KB sets the text size (default 256 KiB; the peer is slow);
# ink-extract reads that text 40 times over, so its CPU time is measurable.
set -u
kb=${BENCH_PEER_KB:-256}
cache=${INKPIPE_BENCH_CACHE:-$HOME/.cache/inkpipe-bench}
skip() { echo "bench-peer: skipped: $*"; exit 0; }
command -v node > /dev/null || skip "no node (Debian: nodejs)"
[ -x "$INKBIN/ink-extract" ] || skip "ink-extract not built"
[ -x /usr/bin/time ] || skip "needs /usr/bin/time (Debian: time)"
if [ ! -d "$cache/node_modules/@microsoft/recognizers-text-suite" ]; then
	command -v npm > /dev/null || skip "no npm to install @microsoft/recognizers-text-suite"
	mkdir -p "$cache" && [ -f "$cache/package.json" ] ||
		echo '{"name":"inkpipe-bench","private":true}' > "$cache/package.json"
	(cd "$cache" && npm install --no-audit --no-fund @microsoft/recognizers-text-suite) \
		> "$cache/npm.log" 2>&1 || skip "npm install failed (see $cache/npm.log)"
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$TOP/tests/bench-gen" -s 1 "$tmp" > /dev/null || exit 1
head -c $((kb * 1024)) "$tmp/reflow-1.txt" | head -n -1 > "$tmp/in.txt"
while [ "$(wc -c < "$tmp/in.txt")" -lt $((kb * 1024 * 9 / 10)) ]; do	# more than 1 MiB asked
	cat "$tmp/reflow-1.txt" >> "$tmp/in.txt"
done
for i in $(seq 40); do cat "$tmp/in.txt"; done > "$tmp/in40.txt"
one=; command -v taskset > /dev/null && one="taskset -c 0"

# the rule subsets: the definitions file plus one topic
rules=$TOP/rules
for set in dates numbers; do
	mkdir -p "$tmp/$set"
	for f in "$rules"/00-*.rules "$rules/$set.rules"; do [ -f "$f" ] && cp "$f" "$tmp/$set/"; done
done

NODE_PATH=$cache/node_modules $one node "$TOP/tests/peer-recognizers.js" "$tmp/in.txt" > "$tmp/res" ||
	skip "the peer script failed"
for set in dates numbers all; do
	r=$tmp/$set; [ $set = all ] && r=$rules
	/usr/bin/time -f '%U %S' -o "$tmp/time" $one "$INKBIN/ink-extract" -r "$r" \
		--issue-date 2021-03-15 "$tmp/in40.txt" > "$tmp/out" 2> "$tmp/err" ||
		{ echo "bench-peer: ink-extract -r $set failed:"; tail -3 "$tmp/err"; }
	read -r u s <<-EOT
	$(tail -1 "$tmp/time")
	EOT
	echo "ink-$set $(wc -c < "$tmp/in40.txt") $(echo "$u + $s" | bc) $((($(wc -l < "$tmp/out") - 1) / 40))"
done >> "$tmp/res"
awk '
	{ mbs[$1] = $2 / 1048576 / ($3 < 0.005 ? 0.005 : $3); n[$1] = $4; if ($1 == "peer-date") kib = $2 / 1024 }
	END {
		printf "%.0f KiB of reflowed text, one core\n", kib
		printf "%-34s %10s %9s\n", "", "MiB/s", "entities (per copy)"
		printf "%-34s %10.3f %9d\n", "Recognizers-Text DateTime (zh)", mbs["peer-date"], n["peer-date"]
		printf "%-34s %10.3f %9d\n", "ink-extract, date rules only", mbs["ink-dates"], n["ink-dates"]
		printf "%-34s %10.3f %9d\n", "Recognizers-Text Number (zh)", mbs["peer-number"], n["peer-number"]
		printf "%-34s %10.3f %9d\n", "ink-extract, number rules only", mbs["ink-numbers"], n["ink-numbers"]
		printf "%-34s %10.3f %9d\n", "ink-extract, all rules", mbs["ink-all"], n["ink-all"]
		printf "speed ratio, dates:   ink-extract %.1fx the peer\n", mbs["ink-dates"] / mbs["peer-date"]
		printf "speed ratio, numbers: ink-extract %.1fx the peer\n", mbs["ink-numbers"] / mbs["peer-number"]
		printf "all of ink-extract vs both peer models in turn: %.1fx\n", \
			mbs["ink-all"] * (1 / mbs["peer-date"] + 1 / mbs["peer-number"])
	}' "$tmp/res"
