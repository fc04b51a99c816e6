#!/bin/bash
# ink-ocr reads a boxed sidebar (an article inside a frame of four rules,
# beside the columns of another) as a unit of its own. Renders our own
# pages and checks:
#  - right.png: two columns and a framed sidebar on their right, level
#    with them, a paragraph across the page under all three. No line of
#    the box holds text of a column, or the frame's side read as a bar;
#    the box is read after the columns beside it, before the paragraph
#    under them.
#  - left.png: the same with a double frame on the left. The box is read
#    first, as the first column of its band.
#  - table.png: a ruled table in a frame beside a column is no box: each
#    row of its cells is still one line.
#  - figures.png: figures set in rows in a frame without rules, beside a
#    column: each row is read across the frame, without the column.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(41)
body = serif(30)
head = serif(40, "Bold")
lh = 48
nums = "一二三四五六七八"
cola = ["甲%s 街道今年推进加装电梯" % n for n in nums]
colb = ["乙%s 居民区完成签约公示" % n for n in nums]
boxt = ["框%s 社区学校线上课程" % n for n in nums[:6]]
under = ["下文一 下一步，街道将在七月召开总结会，表彰先进楼组和热心志愿者，并请各居民区",
         "下文二 交流加装电梯的做法和经验。会上还将通报各小区签约、公示、施工和验收的",
         "下文三 进度，对进度较慢的小区逐一分析原因，提出改进措施，确保年底前全部完成。"]

def page(name, box_left, double):
    W, H = 1800, 1250
    im = Image.new("L", (W, H), 248)
    d = ImageDraw.Draw(im)
    d.text((80, 60), "标题甲 加装电梯进展顺利", font=head, fill=25)
    bx0 = 80 if box_left else 960
    cx = [680, 1080] if box_left else [80, 520]
    top = 160
    for x0, lines in zip(cx, (cola, colb)):
        y = top
        for ln in lines:
            d.text((x0, y), ln, font=body, fill=25)
            y += lh
    # the frame, its title and text, level with the columns
    d.rectangle((bx0, top - 20, bx0 + 540, top + 8 * lh), outline=30, width=3)
    if double:
        d.rectangle((bx0 + 8, top - 12, bx0 + 532, top + 8 * lh - 8), outline=30, width=2)
    d.text((bx0 + 30, top + 4), "框题 暑期课程报名", font=head, fill=25)
    # a rule under the title, from side to side
    d.line((bx0, top + 58, bx0 + 540, top + 58), fill=30, width=2)
    y = top + 70
    for ln in boxt:
        d.text((bx0 + 30, y), ln, font=body, fill=25)
        y += lh
    # what follows under the band, set close under the frame
    y = top + 8 * lh + 14
    for ln in under:
        d.text((80, y), ln, font=body, fill=25)
        y += lh
    scanned(im, rnd, os.path.join(out, name + ".png"))

page("right", False, False)
page("left", True, True)

# a ruled table in a frame, beside a column of text
W, H = 1800, 900
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
y = 100
for ln in cola:
    d.text((80, y), ln, font=body, fill=25)
    y += lh
xs = [700, 960, 1220, 1480, 1740]
ys = [90, 170, 250, 330, 410, 490]
for xx in xs:
    d.line((xx, ys[0], xx, ys[-1]), fill=30, width=3)
for yy in ys:
    d.line((xs[0], yy, xs[-1], yy), fill=30, width=3)
for r in range(5):
    for c in range(4):
        t = "%d%d" % (r + 1, c + 6) if r else "项%s" % "一二三四"[c]
        d.text((xs[c] + 90, ys[r] + 22), t, font=body, fill=25)
scanned(im, rnd, os.path.join(out, "table.png"))

# a table of figures in a frame with no rules inside, beside a column
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
y = 100
for ln in colb:
    d.text((80, y), ln, font=body, fill=25)
    y += lh
d.rectangle((700, 90, 1740, 400), outline=30, width=3)
for r in range(4):
    for c in range(4):
        d.text((790 + 260 * c, 120 + 64 * r), "%d%d" % (r + 6, c + 1), font=body, fill=25)
scanned(im, rnd, os.path.join(out, "figures.png"))
PY

for p in right left table figures; do
	"$ocr" -q -j 1 "$tmp/$p.png" > "$tmp/$p.csv" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p.png: $(cat "$tmp/$p.err")"; exit 1; }
done

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
tmp = sys.argv[1]
bad = []
def rows(name):
    return [r["text"].replace(" ", "") for r in
            csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8"))]
def at(text, name, s):
    for i, t in enumerate(text):
        if s in t:
            return i
    bad.append("%s: no line holds %s" % (name, s))
    return None

nums = "一二三四五六七八"
for name in ("right", "left"):
    text = rows(name)
    cols = [at(text, name, p + n) for p in "甲乙" for n in nums]
    box = [at(text, name, "框" + n) for n in nums[:6]] + [at(text, name, "框题")]
    under = [at(text, name, "下文" + n) for n in nums[:3]]
    cols, box, under = ([i for i in v if i is not None] for v in (cols, box, under))
    for i in sorted(set(box)):
        t = text[i]
        if "甲" in t or "乙" in t or "|" in t or "｜" in t:
            bad.append("%s: a line of the box read with what is beside it: %s" % (name, t))
    if not (cols and box and under):
        continue
    if name == "right" and not max(cols) < min(box) < max(box) < min(under):
        bad.append("%s: the box not after the columns beside it: columns %s, box %s, under %s"
                   % (name, cols, box, under))
    if name == "left" and not max(box) < min(cols) <= max(cols) < min(under):
        bad.append("%s: the box not first in its band: box %s, columns %s, under %s"
                   % (name, box, cols, under))

text = rows("table")
for r in range(2, 6):
    cells = ["%d%d" % (r, c) for c in range(6, 10)]
    lines = set(at(text, "table", s) for s in cells)
    if len(lines) != 1:
        bad.append("table: the cells of row %d on lines %s" % (r, sorted(x for x in lines if x is not None)))

text = rows("figures")
for r in range(6, 10):
    a = at(text, "figures", "%d2%d3%d4" % (r, r, r))
    if a is not None and ("居民" in text[a] or "公示" in text[a]):
        bad.append("figures: row %d read with the column beside the frame: %s" % (r, text[a]))

for m in bad:
    print("FAIL", m)
if bad:
    for name in ("right", "left", "table", "figures"):
        print(name, rows(name))
sys.exit(1 if bad else 0)
PY
