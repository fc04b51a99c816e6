#!/bin/bash
# ink-ocr on a ruled table, read cell by cell along its grid: renders our
# own page (a paragraph, the table, a paragraph) and checks that
#  - a head of two lines (东部 over 山地区) comes out whole, on the line
#    of the other heads of its row;
#  - a head spanning columns comes before the heads under it;
#  - a cell spanning rows comes with the first of its rows, before the
#    next row;
#  - every row of figures is one line, its cells in order.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(31)
body = serif(30)
cell = serif(26)
W, H = 1400, 1100
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
y = 70
for ln in ["上文一 街道今年各居民区加装电梯的进度如下表所示，其中", "上文二 一村和二村签约最多，三村因管线迁移进度较慢。"]:
    d.text((90, y), ln, font=body, fill=25)
    y += 48
# the grid: x of the column lines, y of the row lines
xs = [90, 330, 500, 680, 860, 1040, 1220]
top = y + 40
ys = [top, top + 60, top + 150, top + 210, top + 270, top + 330, top + 390]
def ctext(x0, x1, y0, y1, t):
    w = d.textlength(t, font=cell)
    d.text(((x0 + x1 - w) / 2, (y0 + y1) / 2 - 17), t, font=cell, fill=25)
for yy in (ys[0], ys[2], ys[-1]):
    d.line((xs[0], yy, xs[-1], yy), fill=30, width=3)
d.line((xs[1], ys[1], xs[-1], ys[1]), fill=30, width=2)
for yy in ys[3:-1]:
    d.line((xs[1], yy, xs[-1], yy), fill=30, width=2)
d.line((xs[0], ys[4], xs[-1], ys[4]), fill=30, width=2)
for xx in xs[1:-1]:
    d.line((xx, ys[1] if xx not in (xs[1], xs[4]) else ys[0], xx, ys[-1]), fill=30, width=2)
ctext(xs[0], xs[1], ys[0], ys[2], "地区名称")
ctext(xs[1], xs[4], ys[0], ys[1], "签约门栋数")
ctext(xs[4], xs[6], ys[0], ys[1], "完工台数")
for i, (a, b) in enumerate((("东部", "山地区"), ("高原", "村宅区"), ("平原", "新建区"), ("水网", "老城区"), ("滨海", "旧区"))):
    ctext(xs[1 + i], xs[2 + i], ys[1] + 2, ys[1] + 45, a)
    ctext(xs[1 + i], xs[2 + i], ys[1] + 44, ys[2] - 2, b)
ctext(xs[0], xs[1], ys[2], ys[4], "甲街道")
ctext(xs[0], xs[1], ys[4], ys[6], "乙街道")
rows = [["26", "27", "28", "29", "30"], ["36", "37", "38", "39", "40"],
        ["46", "47", "48", "49", "50"], ["56", "57", "58", "59", "60"]]
for r, vals in enumerate(rows):
    for c, v in enumerate(vals):
        ctext(xs[1 + c], xs[2 + c], ys[2 + r], ys[3 + r], v)
y = ys[-1] + 50
for ln in ["下文一 下一步，街道将在七月召开总结会，表彰先进楼组。"]:
    d.text((90, y), ln, font=body, fill=25)
scanned(im, rnd, os.path.join(out, "table.png"))
PY

"$ocr" -q -j 1 "$tmp/table.png" > "$tmp/table.csv" 2> "$tmp/table.err" ||
	{ echo "ink-ocr failed on table.png: $(cat "$tmp/table.err")"; exit 1; }

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
text = [r["text"].replace(" ", "") for r in
        csv.DictReader(open(os.path.join(sys.argv[1], "table.csv"), encoding="utf-8"))]
bad = []
def at(s):
    hits = [i for i, t in enumerate(text) if s in t]
    if not hits:
        bad.append("no line holds %s" % s)
        return None
    return hits[0]
heads = [at(s) for s in ("东部山地区", "高原村宅区", "平原新建区", "水网老城区")]
if None not in heads and len(set(heads)) != 1:
    bad.append("the heads of one row on lines %s" % heads)
span, sub = at("签约门栋数"), at("新建区")
if None not in (span, sub) and span > sub:
    bad.append("the spanning head after the heads under it")
for k, row in (("甲街道", "2627282930"), ("乙街道", "4647484950")):
    a, b = at(k), at(row)
    if None not in (a, b) and a != b:
        bad.append("%s not on the line of its first row %s" % (k, row))
order = [at(s) for s in ("上文二", "2627282930", "3637383940", "4647484950", "5657585960", "下文一")]
if None not in order and order != sorted(order):
    bad.append("reading order %s" % order)
for m in bad:
    print("FAIL", m)
if bad:
    print("read:", text)
sys.exit(1 if bad else 0)
PY
