#!/bin/bash
# ink-ocr's reading order where a headline heads only some columns, and
# where a gutter is narrow or ruled. Renders our own pages;
# each line opens with a tag naming its column and place.
#  - span: a headline over two of three columns, and another article with
#    its own headline in the third column beside them. The headline, its
#    two columns one after the other, then the other article.
#  - ruled: two articles side by side, each a headline over two columns of
#    two lines, with rules between the columns. Each column read whole.
#  - narrow: three sections of two columns of three or four lines, each
#    under a headline over its first column only, gutters a glyph wide, on
#    a heavy capture (150 dpi, JPEG, specks, the back showing through).
#    Section by section, column by column.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(12)
fs = 30
body = serif(fs)
bold = serif(60, "Bold")
mid = serif(44, "Bold")
lh = 46
nums = "１２３４５６７８９"
fill = "街道召开加装电梯推进会各居民区书记参加会议会上通报了今年的进展多个门栋已经签约" \
       "其中部分电梯已投入使用另有多台正在施工街道将继续做好协调帮助居民解决资金问题"

def line(tag, n):
    """a line of n glyphs opening with tag: set solid, it fills its column"""
    k = (len(tag) * 7 + n * 3) % len(fill)
    return tag + (fill[k:] + fill)[:n - len(tag)]

def col(d, x, y, tags, n):
    for t in tags:
        d.text((x, y), line(t, n), font=body, fill=25)
        y += lh
    return y

def captured(im, path):
    """a heavy capture: the back showing through, specks, 150 dpi, JPEG"""
    a = np.array(im, float)
    back = np.array(im.transpose(Image.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(2)), float)
    a = a - (255 - back) * 0.12
    h, w = a.shape
    for _ in range(160):
        y, x, r = rnd.randint(0, h), rnd.randint(0, w), rnd.randint(1, 4)
        a[max(0, y - r):y + r, max(0, x - r):x + r] = rnd.randint(20, 90)
    a += rnd.normal(0, 8, a.shape)
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).rotate(0.3, fillcolor=235)
    im.resize((w // 2, h // 2), Image.BILINEAR).save(path, quality=35)

# span: a headline over two of three columns, another article beside them
im = Image.new("L", (1500, 1000), 248)
d = ImageDraw.Draw(im)
cw, gut = 13 * fs, 36
xs = [80, 80 + cw + gut, 80 + 2 * (cw + gut)]
d.text((80, 60), "社区长者食堂开张迎客", font=bold, fill=20)
col(d, xs[0], 170, ["春" + n for n in nums[:4]], 13)
col(d, xs[1], 170, ["夏" + n for n in nums[:4]], 13)
d.text((xs[2], 70), "报名开始", font=mid, fill=20)
col(d, xs[2], 170, ["秋" + n for n in nums[:5]], 13)
scanned(im, rnd, os.path.join(out, "span.png"))

# ruled: two articles side by side, each two columns of two lines, column rules
im = Image.new("L", (1600, 600), 248)
d = ImageDraw.Draw(im)
cw, gut = 11 * fs, 40
xs = [80, 80 + cw + gut, 90 + 2 * (cw + gut), 90 + 3 * (cw + gut)]
d.text((xs[0], 60), "东区换届", font=mid, fill=20)
d.text((xs[2], 60), "西区加梯", font=mid, fill=20)
for x, t in zip(xs, "金木水火"):
    col(d, x, 160, [t + n for n in nums[:2]], 11)
for i in (1, 2, 3):
    x = xs[i] - gut // 2 - (5 if i == 2 else 0)
    d.line((x, 50 if i == 2 else 150, x, 160 + 2 * lh), fill=20, width=2)
scanned(im, rnd, os.path.join(out, "ruled.png"))

# narrow: short sections, gutters a glyph wide, headlines over one column
im = Image.new("L", (1500, 1600), 248)
d = ImageDraw.Draw(im)
cw, gut = 21 * fs, fs + 4
xs = [80, 80 + cw + gut]
y = 60
for head, (a, b), n in (("金桥召开推进会", "日月", 4), ("百岁老人生日", "山川", 3), ("社区食堂开张", "田林", 4)):
    d.text((80, y), head, font=bold, fill=20)
    y += 110
    col(d, xs[0], y, [a + m for m in nums[:n]], 21)
    col(d, xs[1], y, [b + m for m in nums[:n]], 21)
    y += n * lh + 90
captured(im, os.path.join(out, "narrow.jpg"))

PY

for p in span.png ruled.png narrow.jpg; do
	"$ocr" -q -j 1 "$tmp/$p" > "$tmp/${p%.*}.csv" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p: $(cat "$tmp/$p.err")"; exit 1; }
done

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
from itertools import groupby
tmp = sys.argv[1]
bad = []

def text(name):
    """the lines read, from their first glyph on (a speck may be read before it)"""
    rows = csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8"))
    out = []
    for r in rows:
        t = "".join(r["text"].split())
        out.append(t[next((i for i, c in enumerate(t) if "\u4e00" <= c <= "\u9fff"), len(t)):])
    return out

def columns(name, order, least):
    """the lines open with their column's glyph (OCR may misread the digit
    after it): read column by column in order, least lines at least"""
    t = text(name)
    seq = [s[0] for s in t if s and s[0] in order]
    runs = [c for c, g in groupby(seq)]
    if runs != list(order):
        bad.append("%s: columns read in the order %s, not %s" % (name, "".join(runs), order))
    if len(seq) < least:
        bad.append("%s: %d lines of the columns read, not %d" % (name, len(seq), least))
    return t

def head_first(name, t, words, c):
    """the headline (some of its glyphs) is read before column c"""
    i = next((i for i, s in enumerate(t) if s.startswith(c)), None)
    if i is None or not any(g in "".join(t[:i]) for g in words):
        bad.append("%s: %s is not read before column %s" % (name, words, c))

t = columns("span", "春夏秋", 13)
head_first("span", t, "食堂开张", "春")
head_first("span", t, "报名开始", "秋")
t = columns("ruled", "金木水火", 8)
head_first("ruled", t, "西区加梯", "水")
# a heavy capture: OCR may miss a line or two
t = columns("narrow", "日月山川田林", 20)
head_first("narrow", t, "百岁老人", "山")
head_first("narrow", t, "食堂开张", "田")

for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
