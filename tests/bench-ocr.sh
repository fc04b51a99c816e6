#!/bin/sh
# bench-ocr: pages per minute of ink-ocr against the tesseract CLI over the
# same pages in one run, and peak memory per worker (/usr/bin/time %M).
# The pages are our own bulletin text rendered at 2 and 3 columns, clean,
# mild and heavy (the first page of each),
# when the shared render-page is there, else copies of the fixture page.
# The CLI is timed twice: as people run it (one page after another, its own
# OpenMP threads on) and with the same parallelism as ink-ocr (one
# single-threaded process per core). The CPU ratio is ink-ocr's CPU seconds
# over the single-threaded CLI's on the same pages (issue 12's measure: at
# most 1).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
INKBIN=${INKBIN:-$TOP/bin}
SHARED=${SHARED:-$TOP/../shared}
command -v tesseract > /dev/null || { echo "no tesseract CLI: skipped"; exit 0; }
[ -x /usr/bin/time ] || { echo "no /usr/bin/time (Debian: time): skipped"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=$(nproc)

if [ -x "$SHARED/eval/render-page" ] && /usr/bin/python3 -c 'import PIL, numpy' 2>/dev/null; then
	for i in 1 2 3; do cat "$TOP/fixtures/scans/bulletin.txt"; done > "$tmp/text"
	for cols in 2 3; do
		for lvl in clean mild heavy; do
			/usr/bin/python3 "$SHARED/eval/render-page" "$tmp/text" "$tmp/$lvl$cols" \
				--cols $cols --level $lvl --masthead "社区报" > /dev/null
			cp "$tmp/$lvl$cols/page01.png" "$tmp/$lvl-$cols.png"
		done
	done
else
	for i in 1 2 3 4 5 6; do cp "$TOP/fixtures/scans/front.png" "$tmp/front$i.png"; done
fi
ls "$tmp"/*.png > "$tmp/list"
pages=$(wc -l < "$tmp/list")

now() { date +%s.%N; }

s=$(now)
/usr/bin/time -o "$tmp/ink.mem" -f "%M %U %S" "$INKBIN/ink-ocr" -q -j "$n" $(cat "$tmp/list") > /dev/null
e=$(now); ink=$(echo "$e - $s" | bc)

s=$(now)
while read -r p; do
	/usr/bin/time -a -o "$tmp/cli.mem" -f "%M %U %S" tesseract "$p" - -l chi_sim > /dev/null 2>&1
done < "$tmp/list"
e=$(now); cli=$(echo "$e - $s" | bc)

s=$(now)
xargs -P "$n" -I{} /usr/bin/time -a -o "$tmp/clip.mem" -f "%M %U %S" \
	env OMP_THREAD_LIMIT=1 tesseract {} - -l chi_sim < "$tmp/list" > /dev/null 2>&1
e=$(now); clip=$(echo "$e - $s" | bc)

inkmem=$(tail -1 "$tmp/ink.mem" | awk '{ print $1 }')
inkcpu=$(tail -1 "$tmp/ink.mem" | awk '{ print $2 + $3 }')
climem=$(grep -hE '^[0-9]+ ' "$tmp/cli.mem" "$tmp/clip.mem" | sort -n | tail -1 | awk '{ print $1 }')
clicpu=$(grep -hE '^[0-9]+ ' "$tmp/cli.mem" | awk '{ s += $2 + $3 } END { print s }')
clipcpu=$(grep -hE '^[0-9]+ ' "$tmp/clip.mem" | awk '{ s += $2 + $3 } END { print s }')
awk -v p="$pages" -v n="$n" -v ink="$ink" -v cli="$cli" -v clip="$clip" \
    -v im="$inkmem" -v cm="$climem" -v ic="$inkcpu" -v cc="$clicpu" -v cpc="$clipcpu" 'BEGIN {
	printf "pages %d, workers %d\n", p, n
	printf "ink-ocr -j %d            %6.1f pages/min  (%.1f s, CPU %.1f s a page)\n", n, p * 60 / ink, ink, ic / p
	printf "tesseract, page by page  %6.1f pages/min  (%.1f s, CPU %.1f s a page)\n", p * 60 / cli, cli, cc / p
	printf "tesseract, %d at a time   %6.1f pages/min  (%.1f s, CPU %.1f s a page)\n", n, p * 60 / clip, clip, cpc / p
	printf "speed ratio ink-ocr/tesseract: %.2fx (page by page), %.2fx (same parallelism)\n", cli / ink, clip / ink
	printf "CPU ratio ink-ocr/tesseract: %.2f (CPU seconds on the same pages, tesseract one thread per process)\n", cpc ? ic / cpc : 0
	printf "peak memory per worker: ink-ocr %.0f MB (%.0f MB / %d), tesseract %.0f MB\n", im / n / 1024, im / 1024, n, cm / 1024
}'
