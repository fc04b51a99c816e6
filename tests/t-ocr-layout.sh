#!/bin/bash
# Reading order of ink-ocr on multi-column pages: renders our own bulletin
# text (fixtures/scans/bulletin.txt) with the shared render-page at 2, 3 and
# 4 columns, serif and sans, clean to heavy, and checks each page twice:
#  - the character error rate against the renderer's ground truth (a column
#    read in the wrong place costs hundreds of edits, a misread glyph one);
#  - the line boxes: after the masthead, lines never jump back to an earlier
#    column, and every column that has text is visited.
# OCR under ASan takes minutes per page, so when INKBIN is the sanitized
# build this uses the plain build in $TOP/bin if there is one (the golden
# cases run the sanitized tool on small pages).
set -u
render=$SHARED/eval/render-page
score=$SHARED/eval/score-ocr
[ -x "$render" ] && [ -x "$score" ] || { echo "no $render"; exit 77; }
/usr/bin/python3 -c 'import PIL, numpy' 2>/dev/null || { echo "no python3-pil/numpy"; exit 77; }
ocr=$INKBIN/ink-ocr
case "$INKBIN" in */san/*) [ -x "$TOP/bin/ink-ocr" ] && ocr=$TOP/bin/ink-ocr ;; esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
txt=$TOP/fixtures/scans/bulletin.txt

# name cols font level copies-of-the-text max-cer
cases="c2-serif-clean 2 serif clean 1 0.02
c3-sans-mild 3 sans mild 2 0.02
c4-sans-clean 4 sans clean 3 0.02
c4-serif-mild 4 serif mild 3 0.025
c2-sans-heavy 2 sans heavy 1 0.04"

pages=
while read -r name cols font level copies max; do
	for i in $(seq "$copies"); do cat "$txt"; done > "$tmp/$name.txt"
	/usr/bin/python3 "$render" "$tmp/$name.txt" "$tmp/r-$name" --cols "$cols" \
		--font "$font" --level "$level" --masthead "社区报 2021年第4期" > /dev/null || exit 1
	cp "$tmp/r-$name/page01.png" "$tmp/$name.png"
	cp "$tmp/r-$name/page01.gt.txt" "$tmp/$name.gt.txt"
	pages="$pages $tmp/$name.png"
done <<EOF
$cases
EOF

# one run over all pages: also exercises the workers and the output order
"$ocr" -q -j 2 $pages > "$tmp/all.csv" || { echo "ink-ocr failed"; exit 1; }

fail=0
while read -r name cols font level copies max; do
	/usr/bin/python3 - "$tmp/all.csv" "$name" "$cols" "$tmp/$name.png" > "$tmp/$name.ocr.txt" 2> "$tmp/$name.order" <<'PY'
import csv, sys
from PIL import Image
path, name, cols, png = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [r for r in csv.DictReader(open(path, encoding="utf-8")) if r["doc"] == name]
for r in rows:
    print(r["text"])
W = Image.open(png).size[0]
colw = W / cols
# line starts, masthead excluded: a big step left means a column read out of order
xs = [int(r["x"]) for r in rows[1:]]
back = [(rows[i + 1]["text"], xs[i - 1], xs[i]) for i in range(1, len(xs)) if xs[i] < xs[i - 1] - colw / 2]
seen = sorted({min(cols - 1, int(x // colw)) for x in xs})
if back:
    print("lines jump back to an earlier column:", back[:3], file=sys.stderr)
if not rows or rows[0]["text"].replace(" ", "")[:3] != "社区报":
    print("masthead not read first:", rows[:1], file=sys.stderr)
print("columns visited:", seen, file=sys.stderr)
PY
	res=$("$score" "$tmp/$name.gt.txt" "$tmp/$name.ocr.txt" | tail -1)
	cer=$(echo "$res" | awk '{ print $2 }')
	echo "$name: $res (max $max); $(tail -1 "$tmp/$name.order")"
	if grep -q "jump back\|masthead not" "$tmp/$name.order"; then
		cat "$tmp/$name.order"; fail=1
	fi
	if ! awk -v c="$cer" -v m="$max" 'BEGIN { exit !(c <= m) }'; then
		echo "  CER over the limit"; fail=1
	fi
	# every column the renderer filled must show up in the boxes
	want=$(seq 0 $((cols - 1)) | paste -sd, | sed 's/,/, /g')
	if [ "$copies" -gt 1 ] && ! grep -q "columns visited: \[$want\]" "$tmp/$name.order"; then
		echo "  not every column was read"; fail=1
	fi
done <<EOF
$cases
EOF
exit $fail
