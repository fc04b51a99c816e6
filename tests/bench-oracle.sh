#!/bin/sh
# bench-oracle: the fastest ink-extract could be with a perfect prefilter.
# A copy of ink-extract, patched with tests/bench-oracle.patch, first
# records where each rule matched on a generated corpus (OREC), then runs
# again trying each rule only at those starts (OUSE): the same rows with
# not one failed attempt, which no prefilter can beat. Prints the CPU time
# of the tool as it is and of the replay, and what the replay is in MB/s.
set -eu
MB=${BENCH_MB:-20}
lib=$TOP/build/plain/libink.a
[ -f "$lib" ] || { echo "bench-oracle: no $lib (make first)"; exit 0; }
command -v patch > /dev/null || { echo "bench-oracle: no patch(1), skipped"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$TOP/tools/ink-extract.c" "$tmp/ink-extract.c"
patch -s "$tmp/ink-extract.c" < "$TOP/tests/bench-oracle.patch" || {
	echo "bench-oracle: tests/bench-oracle.patch no longer applies to tools/ink-extract.c (redo it)"
	exit 1
}
# shellcheck disable=SC2046
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -DDATADIR='"/nonexistent"' -I"$TOP/lib" \
	$(pkg-config --cflags libpcre2-8 libutf8proc) -o "$tmp/oracle" "$tmp/ink-extract.c" \
	"$lib" $(pkg-config --libs libpcre2-8 libutf8proc) -lcsv
python3 "$TOP/tests/bench-gen" -s "$MB" "$tmp" > /dev/null
in=$tmp/reflow-$MB.txt
pin=; command -v taskset > /dev/null && pin="taskset -c 0"
cpu() {	# best of three, CPU seconds
	for i in 1 2 3; do
		{ /usr/bin/time -f '%U %S' env "$@" > "$tmp/out.csv"; } 2>&1 | tail -1 | awk '{ print $1 + $2 }'
	done | sort -n | head -1
}
args="-r $TOP/rules --issue-date 2021-03-15 $in"
# shellcheck disable=SC2086
full=$(cpu $pin "$INKBIN/ink-extract" $args); cp "$tmp/out.csv" "$tmp/full.csv"
# shellcheck disable=SC2086
OREC=$tmp/rec.bin "$tmp/oracle" $args > "$tmp/rec.csv"
# shellcheck disable=SC2086
best=$(cpu OUSE="$tmp/rec.bin" $pin "$tmp/oracle" $args)
cmp -s "$tmp/full.csv" "$tmp/out.csv" || { echo "bench-oracle: the replay's rows differ"; exit 1; }
# the floor: reading, repairing and decoding, with one rule that never fires
mkdir "$tmp/none"
printf 'rule none\ntype count\nanchor 龘\npattern 龘(?<n>[0-9]+)\nvalue num(n)\n' > "$tmp/none/none.rules"
# shellcheck disable=SC2086
floor=$(cpu $pin "$INKBIN/ink-extract" -r "$tmp/none" --issue-date 2021-03-15 "$in")
size=$(wc -c < "$in")
echo "$size $full $best $floor $(($(wc -l < "$tmp/full.csv") - 1))" | awk '{ mb = $1 / 1048576
	printf "ink-extract: %.1f MiB, %d rows, one core, CPU seconds (MiB/s):\n", mb, $5
	printf "  as it is                       %.2fs (%.1f)\n", $2, mb / $2
	printf "  told where each rule matches   %.2fs (%.1f), the same rows\n", $3, mb / $3
	printf "  no rule firing (reading only)  %.2fs (%.1f)\n", $4, mb / $4
	printf "  50 MB/s would be               %.2fs\n", $1 / 50e6 }'
