#!/bin/bash
# ink-stats streams: memory holds one document and the groups, so four
# times the input (more documents, same groups) must not need much more
# memory; and the totals must be right.
set -u
[ -x "$INKBIN/ink-stats" ] || { echo "ink-stats not built"; exit 77; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not installed (Debian: time)"; exit 77; }
gen() {	# $1 documents of 50 rows: an org, a date and 48 metrics each
	awk -v n="$1" 'BEGIN {
		print "doc,article,para,start,end,type,text,value,unit,qualifier,subject,rule"
		for (d = 1; d <= n; d++) {
			printf "d%d,1,1,0,4,org,街道%d街道,街道%d街道,,,,r\n", d, d % 7, d % 7
			printf "d%d,1,1,0,4,date,x,2021-%02d-01,,,,r\n", d, d % 12 + 1
			for (i = 0; i < 48; i++)
				printf "d%d,%d,2,0,4,metric,%d台,%d,台,,elevator.completed,r\n", d, 1 + (i >= 24), i, i
		}
	}'
}
rss() {
	/usr/bin/time -f %M -o "$tmp/rss" "$INKBIN/ink-stats" -t metric -b street,month -a sum,count > "$tmp/out" ||
		{ echo "FAIL: ink-stats exit $?" >&2; return 1; }
	tail -1 "$tmp/rss"
}
# under ASan, freed memory waits in a quarantine: measure live memory
export ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
small=$(gen 2000 | rss) || exit 1
big=$(gen 8000 | rss) || exit 1
echo "max RSS: 2000 documents ${small} KiB, 8000 documents ${big} KiB"
# the second article has no date: its month is empty
rows=$(grep -c . "$tmp/out")
[ "$rows" = $((1 + 7 * 12 + 7)) ] || { echo "FAIL: $rows rows, not 92"; exit 1; }
total=$(awk -F, 'NR > 1 { s += $3; c += $4 } END { print s, c }' "$tmp/out")
[ "$total" = "$((8000 * 1128)) $((8000 * 48))" ] || { echo "FAIL: totals $total"; exit 1; }
[ "$big" -lt $((small * 3 / 2 + 2048)) ] || { echo "FAIL: memory grows with the input"; exit 1; }
