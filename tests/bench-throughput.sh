#!/bin/sh
# bench-throughput: ink-reflow and ink-extract side by side on one core,
# over one corpus made by tests/bench-gen from the fixtures, at two sizes:
# MiB/s (from CPU time, steadier than wall time on a shared machine), the
# ratio to `wc -m` on the same file (a bare UTF-8 pass: the ratio is what
# to compare between machines), and peak RSS, which must not grow with
# the input. BENCH_MB sets the large size (default 200; the small one is
# a quarter of it).
set -u
big=${BENCH_MB:-200}
small=$((big / 4))
[ "$small" -ge 1 ] || small=1
[ -x /usr/bin/time ] || { echo "bench-throughput: skipped, needs /usr/bin/time (Debian: time)"; exit 0; }
for t in ink-reflow ink-extract; do
	[ -x "$INKBIN/$t" ] || { echo "bench-throughput: skipped, $INKBIN/$t not built"; exit 0; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$TOP/tests/bench-gen" -s "$big" "$tmp" > /dev/null || exit 1
for k in text reflow; do
	# whole lines only: a cut UTF-8 sequence would be a repaired line, not a benchmark
	head -c $((small * 1048576)) "$tmp/$k-$big.txt" | head -n -1 > "$tmp/$k-$small.txt"
done
one=; command -v taskset > /dev/null && one="taskset -c 0"

# run LABEL FILE CMD...: prints "LABEL MIB CPUSECS RSSKIB"
run() {
	label=$1 file=$2; shift 2
	/usr/bin/time -f '%U %S %M' -o "$tmp/time" $one "$@" < "$file" > /dev/null 2> "$tmp/err" ||
		{ echo "bench-throughput: $label failed:" >&2; tail -3 "$tmp/err" >&2; }
	# a non-zero exit adds a line before the figures
	read -r u s kb <<-EOT
	$(tail -1 "$tmp/time")
	EOT
	echo "$label $(wc -c < "$file") $u $s $kb"
}
for mb in "$small" "$big"; do
	run "wc-m@$mb" "$tmp/text-$mb.txt" wc -m
	run "ink-reflow@$mb" "$tmp/text-$mb.txt" "$INKBIN/ink-reflow"
	run "ink-extract@$mb" "$tmp/reflow-$mb.txt" "$INKBIN/ink-extract" --issue-date 2021-03-15
done > "$tmp/res"
awk -v small="$small" -v big="$big" '
	{ split($1, a, "@"); t = a[1]; mb = a[2]
	  cpu = $3 + $4; if (cpu < 0.01) cpu = 0.01
	  rate[t, mb] = $2 / 1048576 / cpu; rss[t, mb] = $5 / 1024 }
	END {
		printf "%-12s %12s %12s %10s %10s %11s\n", "tool", "MiB/s@" small, "MiB/s@" big, \
			"RSS@" small, "RSS@" big, "x wc -m"
		n = split("ink-reflow ink-extract", tools, " ")
		for (i = 1; i <= n; i++) {
			t = tools[i]
			printf "%-12s %12.1f %12.1f %8.1fMB %8.1fMB %10.1fx\n", t, rate[t, small], rate[t, big], \
				rss[t, small], rss[t, big], rate["wc-m", big] / rate[t, big]
		}
		printf "%-12s %12.1f %12.1f\n", "(wc -m)", rate["wc-m", small], rate["wc-m", big]
		for (i = 1; i <= n; i++) {
			t = tools[i]
			if (rss[t, big] > 1.5 * rss[t, small] + 8)
				printf "WARNING: %s peak RSS grows with the input (%.1f -> %.1f MB): not streaming\n", \
					t, rss[t, small], rss[t, big]
		}
	}' "$tmp/res"
echo "(one core, CPU time; \"x wc -m\": how many times slower than counting the characters of the same file)"
