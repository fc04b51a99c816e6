#!/bin/bash
# ink-stats --plot: gnuplot draws an SVG and a PNG of a metric over months,
# with the Chinese series names in the SVG text, a real PNG of the size
# asked, one point per dated group, and nothing left when gnuplot fails.
set -u
[ -x "$INKBIN/ink-stats" ] || { echo "ink-stats not built"; exit 77; }
command -v gnuplot > /dev/null || { echo "gnuplot not installed (Debian: gnuplot-nox)"; exit 77; }
gnuplot -e 'set terminal' 2>&1 | grep -qw pngcairo || { echo "gnuplot has no pngcairo terminal"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
data=$TOP/tests/data/ink-stats
cd "$tmp"
"$INKBIN/ink-stats" -t metric -s elevator.completed -b street,month -a sum -m "$data/meta.tsv" \
	-p chart.svg "$data/hq.entities.csv" "$data/tl.entities.csv" > table.csv 2> err || bad "svg: exit $?: $(cat err)"
grep -q 'month' table.csv || bad "the table still goes to standard output"
[ -s chart.svg ] || bad "no chart.svg"
grep -q '<svg' chart.svg || bad "chart.svg is not SVG"
grep -q '虹桥街道' chart.svg || bad "series 虹桥街道 not in the SVG"
grep -q '田林街道' chart.svg || bad "series 田林街道 not in the SVG"
grep -q '2021-01' chart.svg || bad "month label 2021-01 not in the SVG"
grep -q 'sum of elevator.completed by month' chart.svg || bad "title"
grep -q 'without a known month left out' err || bad "undated groups not reported: $(cat err)"
"$INKBIN/ink-stats" -t metric -b street,month -a sum -m "$data/meta.tsv" -p chart.png \
	"$data/hq.entities.csv" "$data/tl.entities.csv" > /dev/null 2> err || bad "png: exit $?: $(cat err)"
python3 - chart.png << 'PY' || bad "chart.png is not a 1200x675 PNG"
import struct, sys
b = open(sys.argv[1], 'rb').read(32)
assert b[:8] == b'\x89PNG\r\n\x1a\n'
assert struct.unpack('>II', b[16:24]) == (1200, 675)
PY
# gnuplot missing: exit 1, no chart, no temporary file
mkdir nognuplot && ln -s "$(command -v sh)" nognuplot/sh
PATH=$tmp/nognuplot "$INKBIN/ink-stats" -b month -p none.svg "$data/hq.entities.csv" > /dev/null 2> err
[ $? = 1 ] || bad "without gnuplot the exit is not 1"
ls -A | grep -q -e '^none.svg$' -e '^\.ink-stats' && bad "a chart or temporary file left without gnuplot"
exit $fail
