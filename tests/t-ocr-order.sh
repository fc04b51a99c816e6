#!/bin/bash
# ink-ocr's reading order on newspaper layouts: renders our own pages and
# checks the order of the lines read (each line opens with a tag naming its
# column and place).
#  - grey: a page of grey newsprint with a black banner and a black photo:
#    the layout's threshold must keep the grey print, or its lines break
#    into specks and blanks line up down a column. Two columns, read one
#    after the other.
#  - rule: an article in two columns over another, parted by a rule, and a
#    third column running down the right of both. The rule cuts only the
#    columns it spans: the right column is read whole, after both articles.
#  - upright: a headline set upright at the right of its text, the text
#    running on under it at full width. The headline is read first, then
#    every line of the text in order.
#  - short: three columns of three lines under a headline, their gutters
#    narrower than two glyphs, under a section whose columns (of many lines)
#    show the page's grid. Read column by column, not line by line across.
#  - pair: two such sections, one of two columns of four lines, one of a
#    column of three lines and one of one, with no column of many lines on
#    the page: the two make the grid between them.
#  - lead: an article's lead at full width, its columns set close under it.
#    The lead, then each column.
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
fs = 30
body = serif(fs)
bold = serif(64, "Bold")
lh = 46
nums = "一二三四五六七八九十"
fill = "街道召开加装电梯推进会各居民区书记参加会议会上通报了今年的进展多个门栋已经签约" \
       "其中部分电梯已投入使用另有多台正在施工街道将继续做好协调帮助居民解决资金问题"

def line(tag, n):
    """a line of n glyphs opening with tag: set solid, it fills its column"""
    k = (len(tag) * 7 + n * 3) % len(fill)
    return tag + (fill[k:] + fill)[:n - len(tag)]

def col(d, x, y, tags, n, f=body, ink=25):
    for t in tags:
        d.text((x, y), line(t, n), font=f, fill=ink)
        y += lh
    return y

def finish(im, name):
    scanned(im, rnd, os.path.join(out, name))

# grey: newsprint, grey print under a black banner and beside a black photo
W, H = 1240, 1400
im = Image.new("L", (W, H), 235)
d = ImageDraw.Draw(im)
d.rectangle((60, 40, 460, 140), fill=20)
d.text((90, 50), "社区新闻", font=bold, fill=235)
d.text((80, 180), "加装电梯进展", font=bold, fill=15)
a = ["甲" + n for n in nums] + ["甲十" + n for n in nums[:9]] + ["甲二十"]
b = ["乙" + n for n in nums] + ["乙十" + n for n in nums[:9]] + ["乙二十"]
small = serif(24)
for tags, x in ((a, 80), (b, 660)):
    y = 290
    for t in tags:
        d.text((x, y), line(t, 20), font=small, fill=150)
        y += 36
photo = rnd.randint(0, 90, (200, 300)).astype(np.uint8)
im.paste(Image.fromarray(photo), (80, 1040))
finish(im, "grey.png")

# rule: articles in two columns over each other at the left, parted by a rule
W, H = 1500, 1100
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
d.text((80, 60), "上篇标题", font=bold, fill=20)
col(d, 80, 160, ["东" + n for n in nums[:6]], 13)
col(d, 520, 160, ["南" + n for n in nums[:6]], 13)
d.line((80, 460, 910, 460), fill=20, width=4)
d.text((80, 490), "下篇标题", font=bold, fill=20)
col(d, 80, 590, ["西" + n for n in nums[:6]], 13)
col(d, 520, 590, ["北" + n for n in nums[:6]], 13)
col(d, 1000, 70, ["中" + n for n in nums] + ["中十" + n for n in nums[:9]], 13)
finish(im, "rule.png")

# upright: a headline set upright at the right of its text
W, H = 900, 1150
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
head = serif(84, "Bold")
y = 80
for g in "社区电梯全面完工":
    d.text((700, y), g, font=head, fill=20)
    y += 92
y = col(d, 80, 80, ["左" + n for n in nums] + ["左十" + n for n in nums[:8]], 19)
col(d, 80, y, ["下" + n for n in nums[:3]], 25)
finish(im, "upright.png")

# short: the grid of three columns, then three short columns under a headline
W, H = 1400, 1300
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
gut = 38
cw = 13 * fs
xs = [80, 80 + cw + gut, 80 + 2 * (cw + gut)]
d.text((80, 60), "上方栏目", font=bold, fill=20)
for x, t in zip(xs, "天地人"):
    col(d, x, 160, [t + n for n in nums], 13)
d.text((80, 700), "社区长者食堂今天正式开张迎客", font=bold, fill=20)
for x, t in zip(xs, "春夏秋"):
    col(d, x, 800, [t + n for n in nums[:3]], 13)
finish(im, "short.png")

# pair: two short sections on one grid, and no column of many lines on the page
W, H = 1000, 1000
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
gut = 44
xs = [80, 80 + 13 * fs + gut]
d.text((80, 60), "青年突击队助力改造", font=bold, fill=20)
for x, t in zip(xs, "金木"):
    col(d, x, 160, [t + n for n in nums[:4]], 13)
d.text((80, 420), "社区长者食堂开张了", font=bold, fill=20)
col(d, xs[0], 520, ["水" + n for n in nums[:3]], 13)
col(d, xs[1], 520, ["火一"], 13)
finish(im, "pair.png")

# lead: a lead at full width, the columns close under it
W, H = 1240, 900
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
d.text((80, 60), "绿叶完成换届", font=bold, fill=20)
y = col(d, 80, 170, ["导一", "导二"], 36)
col(d, 80, y, ["左" + n for n in nums[:6]], 17)
col(d, 650, y, ["右" + n for n in nums[:6]], 17)
finish(im, "lead.png")
PY

for p in grey rule upright short pair lead; do
	"$ocr" -q -j 1 "$tmp/$p.png" > "$tmp/$p.csv" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p.png: $(cat "$tmp/$p.err")"; exit 1; }
done

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
tmp = sys.argv[1]
nums = "一二三四五六七八九十"
bad = []

def text(name):
    rows = csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8"))
    return ["".join(r["text"].split()) for r in rows]

def find(t, tag):
    return next((i for i, s in enumerate(t) if s.startswith(tag)), None)

def in_order(name, tags, least=None):
    """the lines opening with tags come in this order; least of them at least are read"""
    t = text(name)
    got = [(g, find(t, g)) for g in tags]
    lost = [g for g, i in got if i is None]
    got = [(g, i) for g, i in got if i is not None]
    if len(got) < (len(tags) if least is None else least):
        bad.append("%s: no line opens with %s" % (name, " ".join(lost)))
    if [i for g, i in got] != sorted(i for g, i in got):
        bad.append("%s: reading order %s" % (name, got))
    return t

ten = lambda c: [c + n for n in nums] + [c + "十" + n for n in nums[:8]]
twenty = lambda c: [c + n for n in nums] + [c + "十" + n for n in nums[:9]] + [c + "二十"]
# grey print: both columns, one after the other (OCR of grey print may miss a tag)
in_order("grey", twenty("甲") + twenty("乙"), least=32)

in_order("rule", ["东" + n for n in nums[:6]] + ["南" + n for n in nums[:6]] +
         ["西" + n for n in nums[:6]] + ["北" + n for n in nums[:6]] +
         ["中" + n for n in nums] + ["中十" + n for n in nums[:9]])

t = in_order("upright", ten("左") + ["下" + n for n in nums[:3]])
first = find(t, "左一")
if first is None or not any(g in "".join(t[:first]) for g in "社区电梯工程"):
    bad.append("upright: the headline is not read before its text: %s" % t[:3])

in_order("short", [c + n for c in "天地人" for n in nums] +
         [c + n for c in "春夏秋" for n in nums[:3]])

in_order("pair", [c + n for c in "金木" for n in nums[:4]] + ["水" + n for n in nums[:3]] + ["火一"])

in_order("lead", ["导一", "导二"] + ["左" + n for n in nums[:6]] + ["右" + n for n in nums[:6]])

for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
