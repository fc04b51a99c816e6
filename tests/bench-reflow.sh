#!/bin/sh
# ink-reflow throughput on one core and peak memory, over inputs made by
# repeating the bundled fixtures: two sizes, so a flat RSS shows streaming.
# BENCH_REFLOW_MB overrides the larger size (default 200).
set -u
big=${BENCH_REFLOW_MB:-200}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
: > "$tmp/mib"
while [ "$(wc -c < "$tmp/mib")" -lt 1048576 ]; do
	cat "$TOP"/fixtures/*[!w].txt >> "$tmp/mib" || exit 1	# not *.reflow.txt
done
one=""; command -v taskset > /dev/null && one="taskset -c 0"
for mb in 20 "$big"; do
	: > "$tmp/in.txt"
	for i in $(seq "$mb"); do cat "$tmp/mib"; done > "$tmp/in.txt"
	bytes=$(wc -c < "$tmp/in.txt")
	# MiB/s by CPU time (user + system): the machine may be shared
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" $one "$INKBIN/ink-reflow" "$tmp/in.txt" > /dev/null
		read -r secs user sys kb < "$tmp/time"
		cpu=$(echo "$user + $sys" | bc)
	else
		s=$(date +%s.%N)
		$one "$INKBIN/ink-reflow" "$tmp/in.txt" > /dev/null
		secs=$(echo "$(date +%s.%N) - $s" | bc)
		cpu=$secs
		kb="? (install time)"
	fi
	echo "ink-reflow: $(echo "scale=1; $bytes / 1048576" | bc) MiB in ${cpu}s CPU (${secs}s wall):" \
		"$(echo "scale=1; $bytes / 1048576 / ($cpu + 0.01)" | bc) MiB/s on one core, peak RSS $kb KiB"
	rm -f "$tmp/in.txt"
done
