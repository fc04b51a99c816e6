#!/bin/bash
# Reading order of ink-ocr on multi-column pages: renders our own bulletin
# text (fixtures/scans/bulletin.txt) with the shared render-page at 2, 3 and
# 4 columns, serif and sans, clean to heavy, and checks:
#  - the line boxes: after the masthead (read first), lines never jump back
#    to an earlier column, and every column is visited, left to right;
#  - 2 columns (whole page): the character error rate against the
#    renderer's ground truth (a column read in the wrong place costs hundreds
#    of edits, a misread glyph one);
#  - 4 columns: a full page is 7000 characters, too slow for a test, so the
#    clean page is cut below the first ~15 lines of every column; every line
#    read must then be one line of the text (a line merged across a gutter,
#    or two lines interleaved, matches none). 3 columns: the whole page.
# Under ASan this runs the plain ink-ocr (tests/ocr-render.sh); the golden
# cases run the sanitized tool on small pages.
set -u
render=$SHARED/eval/render-page
score=$SHARED/eval/score-ocr
[ -x "$render" ] && [ -x "$score" ] || { echo "no $render"; exit 77; }
. "$TOP/tests/ocr-render.sh"
txt=$TOP/fixtures/scans/bulletin.txt

# name cols font level copies-of-the-text crop-fraction max-cer
cases="c2-sans-clean 2 sans clean 1 1 0.02
c2-serif-heavy 2 serif heavy 1 1 0.03
c3-serif-mild 3 serif mild 3 1 0.02
c4-sans-clean 4 sans clean 7 0.22 -"

pages=
while read -r name cols font level copies crop max; do
	for i in $(seq "$copies"); do cat "$txt"; done > "$tmp/$name.txt"
	/usr/bin/python3 "$render" "$tmp/$name.txt" "$tmp/r-$name" --cols "$cols" \
		--font "$font" --level "$level" --masthead "社区报 2021年第4期" > /dev/null || exit 1
	/usr/bin/python3 -c '
import sys
from PIL import Image
im = Image.open(sys.argv[1]); f = float(sys.argv[3])
y = int(im.size[1] * f)
# cut in the white between two lines, not through one
while f < 1 and sum(1 for v in im.crop((0, y, im.size[0], y + 1)).getdata() if v < 128) > 2:
    y -= 1
im.crop((0, 0, im.size[0], y)).save(sys.argv[2])
' "$tmp/r-$name/page01.png" "$tmp/$name.png" "$crop"
	cp "$tmp/r-$name/page01.gt.txt" "$tmp/$name.gt.txt"
	pages="$pages $tmp/$name.png"
done <<EOF
$cases
EOF

# one run over all pages: also exercises the workers and the output order
"$ocr" -q -j 2 $pages > "$tmp/all.csv" || { echo "ink-ocr failed"; exit 1; }

fail=0
while read -r name cols font level copies crop max; do
	/usr/bin/python3 - "$tmp/all.csv" "$name" "$cols" "$tmp/$name.png" "$txt" \
		> "$tmp/$name.ocr.txt" 2> "$tmp/$name.check" <<'PY'
import csv, sys, difflib
from PIL import Image
path, name, cols, png, txt = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
rows = [r for r in csv.DictReader(open(path, encoding="utf-8")) if r["doc"] == name]
for r in rows:
    print(r["text"])
colw = Image.open(png).size[0] / cols
xs = [int(r["x"]) for r in rows[1:]]
if not rows or rows[0]["text"].replace(" ", "")[:3] != "社区报":
    print("FAIL masthead not read first:", rows[:1], file=sys.stderr)
back = [rows[i + 1]["text"] for i in range(1, len(xs)) if xs[i] < xs[i - 1] - colw / 2]
if back:
    print("FAIL lines jump back to an earlier column:", back[:3], file=sys.stderr)
seen = 1 + sum(1 for i in range(1, len(xs)) if xs[i] > xs[i - 1] + colw / 2)
if seen != cols:
    print("FAIL columns visited: %d of %d" % (seen, cols), file=sys.stderr)
src = ["".join(l.split()) for l in open(txt, encoding="utf-8") if l.strip()]
bad = []
for r in rows[1:]:
    t = "".join(r["text"].split())
    if max(difflib.SequenceMatcher(None, t, s).ratio() for s in src) < 0.75:
        bad.append(t)
if len(bad) > len(rows) // 20:
    print("FAIL lines that are no line of the text:", len(bad), bad[:3], file=sys.stderr)
print("%d lines, %d columns, %d unmatched" % (len(rows), seen, len(bad)), file=sys.stderr)
PY
	msg=$(tail -1 "$tmp/$name.check")
	if [ "$max" != - ]; then
		"$score" "$tmp/$name.gt.txt" "$tmp/$name.ocr.txt" > "$tmp/$name.score" ||
			{ echo "  $name: score-ocr exit $?"; fail=1; }
		res=$(tail -1 "$tmp/$name.score")
		msg="$msg; $res (max $max)"
		cer=$(echo "$res" | awk '{ print $2 }')
		awk -v c="$cer" -v m="$max" 'BEGIN { exit !(c <= m) }' ||
			{ echo "  $name: CER over the limit"; fail=1; }
	fi
	echo "$name: $msg"
	grep FAIL "$tmp/$name.check" && fail=1
done <<EOF
$cases
EOF

# headlines across the columns (render-page draws none, so two are pasted
# in): masthead, headline, the 3 columns under it, a headline over only 2 of
# the 3 columns, the 3 columns under that, in this order
/usr/bin/python3 "$render" "$tmp/c3-serif-mild.txt" "$tmp/r-span" --cols 3 --level clean \
	--masthead "社区报" > /dev/null || exit 1
/usr/bin/python3 - "$tmp/r-span/page01.png" "$tmp/span.png" <<'PY' || exit 1
import sys, subprocess
from PIL import Image, ImageDraw, ImageFont
im = Image.open(sys.argv[1]); W = im.size[0]
bold = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC:style=Bold"],
                      capture_output=True, text=True).stdout
font = ImageFont.truetype(bold, 80, index=2)
top = 260   # just under the masthead rule
out = Image.new("L", (W, top + 1800), 255)
out.paste(im.crop((0, 0, W, top)), (0, 0))
d = ImageDraw.Draw(out)
d.text((150, top + 40), "加装电梯惠民生 楼组议事聚人心 共建美好家园", font=font, fill=0)
out.paste(im.crop((0, top, W, top + 690)), (0, top + 200))
d.text((150, top + 930), "换届选举圆满完成新班子亮相", font=font, fill=0)
out.paste(im.crop((0, top + 690, W, top + 1380)), (0, top + 1090))
out.save(sys.argv[2])
PY
"$ocr" -q "$tmp/span.png" > "$tmp/span.csv" || { echo "ink-ocr failed on span.png"; exit 1; }
/usr/bin/python3 - "$tmp/span.csv" <<'PY' || fail=1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
# zone of each line from its place on the page: 0 masthead, 1 headline,
# 2 columns, 3 headline, 4 columns; columns from x
def zone(r):
    y = int(r["y"]) + int(r["h"]) // 2
    return 0 if y < 260 else 1 if y < 460 else 2 if y < 1180 else 3 if y < 1350 else 4
seq = [(zone(r), (int(r["x"]) - 100) // 747 if zone(r) in (2, 4) else 0) for r in rows]
print("zones/columns in reading order:", [k for i, k in enumerate(seq) if i == 0 or seq[i - 1] != k])
if seq != sorted(seq) or {k for k in seq} != {(0, 0), (1, 0), (2, 0), (2, 1), (2, 2), (3, 0), (4, 0), (4, 1), (4, 2)}:
    sys.exit("FAIL spanning headlines: wrong reading order")
PY
exit $fail
