#!/bin/bash
# ink-ocr on columns set apart by vertical rules, as newsletters print
# them, and a sidebar in a ruled box. A rule left in the layout inks every
# row of the column beside it (the column was read as one line and dropped
# as garbage) and bridges the gutter (two columns read across as one line).
# Renders our own page; every line of a column must come out on its own,
# the columns left to right, the box's text after them.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(5)
body = serif(30)
lh = 46
W, H = 1700, 700
# paper with a faint print-through texture, as a thin newsprint scan has
im = Image.new("L", (W, H), 236)
d = ImageDraw.Draw(im)
cols = [["甲栏一 街道召开加装电梯推进会", "甲栏二 各居民区书记参加会议", "甲栏三 会上通报今年的进展",
         "甲栏四 已有四十六个门栋签约", "甲栏五 其中十九台投入使用", "甲栏六 另有九台正在施工"],
        ["乙栏一 换届选举工作同步推进", "乙栏二 各居民区完成选民登记", "乙栏三 共登记选民一万余人",
         "乙栏四 参选率超过九成以上", "乙栏五 新一届居委会成员中", "乙栏六 年轻人的比例有所提高"]]
x = 70
for c in cols:
    y = 90
    for ln in c:
        d.text((x, y), ln, font=body, fill=25)
        y += lh + 14
    x += 520
# the rules between the columns and before the box, from the top to the bottom of the text
for rx in (550, 1070):
    d.line((rx, 80, rx, 90 + 6 * (lh + 14)), fill=40, width=3)
# the sidebar: a box ruled on four sides
d.rectangle((1100, 80, 1640, 420), outline=40, width=3)
box = ["框内一 线上课堂不停课", "框内二 书法太极等课程", "框内三 累计吸引居民参与"]
y = 110
for ln in box:
    d.text((1130, y), ln, font=body, fill=25)
    y += lh + 14
scanned(im, rnd, os.path.join(out, "ruled.png"), grain=6)
PY

"$ocr" -q -j 1 "$tmp/ruled.png" > "$tmp/ruled.csv" 2> "$tmp/ruled.err" ||
	{ echo "ink-ocr failed on ruled.png: $(cat "$tmp/ruled.err")"; exit 1; }

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
rows = list(csv.DictReader(open(os.path.join(sys.argv[1], "ruled.csv"), encoding="utf-8")))
text = [r["text"] for r in rows]
bad = []
def at(s):
    hits = [i for i, t in enumerate(text) if s in t]
    if not hits:
        bad.append("no line holds %s" % s)
        return None
    return hits[0]
nums = "一二三四五六"
seq = [at(k + "栏" + n) for k in "甲乙" for n in nums] + [at("框内" + n) for n in "一二三"]
got = [i for i in seq if i is not None]
if got != sorted(got):
    bad.append("reading order: %s" % seq)
for t in text:
    marks = sum(k in t for k in ("甲栏", "乙栏", "框内"))
    if marks > 1:
        bad.append("columns read across as one line: %s" % t)
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
