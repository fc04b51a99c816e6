#!/bin/bash
# ink-ocr reads a shaded panel (a sidebar set on a tint, with no frame, or
# a rule on one side only) as a unit of its own, as it does a framed box.
# Renders our own pages and checks:
#  - right.png: a headline, two columns and, on their right and level with
#    them, a sidebar on a light grey tint with no frame; a paragraph across
#    the page under all three; the article's headline over its columns is
#    level with the panel's title. Newsprint tone, light falling off across
#    the page. The headline is read whole, no line of the panel holds text
#    of a column; the panel is read after the columns beside it and before
#    the paragraph under them.
#  - left.png: the same with a cream tint on the left, a rule over it only,
#    and its title printed white on a red bar across the top of the panel.
#    The panel is read first, as the first column of its band, as one unit:
#    its title, read from the bar, then its text, nothing between.
#  - wide.png: a panel across the page between two articles, its title
#    white on a blue bar a glyph and a half tall across its top: the title
#    is read, after the article above and before the panel's text.
#  - plain.png: the right page without its tint: the tint finder takes
#    nothing of its columns for a panel (each column reads as before).
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(53)
body = serif(30)
head = serif(40, "Bold")
lh = 48
nums = "一二三四五六七八"
cola = ["甲%s 楼组长上门收集意见" % n for n in nums]
colb = ["乙%s 物业公司修缮了车棚" % n for n in nums]
side = ["板%s 夏令营开始报名了" % n for n in nums[:6]]
under = ["下文一 八月起，各居民区将陆续开放共享活动室，欢迎居民在工作日的白天前来",
         "下文二 使用，活动室里配有图书、棋牌和健身器材，使用前请先到居委会登记，",
         "下文三 并请爱护室内设施，离开时随手关灯关门，保持室内整洁。"]

def page(name, left, tint, bar, lit):
    W, H = 1800, 1250
    paper = (236, 232, 222)
    im = Image.new("RGB", (W, H), paper)
    d = ImageDraw.Draw(im)
    d.text((80, 40), "报头 第七版 社区生活", font=head, fill=(25, 25, 25))
    px0 = 80 if left else 980
    cx = [700, 1120] if left else [80, 520]
    # the article's headline over its two columns, level with the panel's title
    d.text((cx[0], 160), "标题乙 居民议事会议定三件实事", font=head, fill=(25, 25, 25))
    top = 240
    for x0, lines in zip(cx, (cola, colb)):
        y = top
        for ln in lines:
            d.text((x0, y), ln, font=body, fill=(25, 25, 25))
            y += lh
    box = (px0, 136, px0 + 560, top + 8 * lh + 4)
    if tint:
        d.rectangle(box, fill=tint)
    y = 160
    if bar:
        d.rectangle((box[0], box[1], box[2], box[1] + 70), fill=bar)
        d.text((px0 + 30, box[1] + 12), "板题 暑期夏令营", font=head, fill=(255, 255, 255))
        d.line((box[0], box[1] - 14, box[2], box[1] - 14), fill=(30, 30, 30), width=3)
        y = box[1] + 96
    else:
        d.text((px0 + 30, y), "板题 暑期夏令营", font=head, fill=(25, 25, 25))
        y += 80
    # the panel's lines are set at their own pitch, not level with the columns'
    for ln in side:
        d.text((px0 + 30, y), ln, font=body, fill=(25, 25, 25))
        y += lh + 12
    y = box[3] + 24
    for ln in under:
        d.text((80, y), ln, font=body, fill=(25, 25, 25))
        y += lh
    g = np.array(im.convert("L"), float)
    if lit:
        # light falling off to one side and to the foot, as under a lamp
        yy, xx = np.mgrid[0:H, 0:W]
        g *= 1 - 0.16 * xx / W - 0.06 * yy / H
    scanned(Image.fromarray(np.clip(g, 0, 255).astype(np.uint8)), rnd, os.path.join(out, name + ".png"))

# a panel across the page between two articles, its title white on a
# blue bar across its top, a glyph and a half tall
W, H = 1800, 1000
im = Image.new("RGB", (W, H), (240, 238, 232))
d = ImageDraw.Draw(im)
y = 60
for ln in under:
    d.text((80, y), ln.replace("下文", "上文"), font=body, fill=(25, 25, 25))
    y += lh
d.rectangle((70, 250, 1730, 470), fill=(226, 228, 232))
d.rectangle((70, 250, 1730, 300), fill=(20, 40, 130))
d.text((110, 258), "横题 假期托管服务开始报名", font=serif(32, "Bold"), fill=(255, 255, 255))
y = 320
for ln in ["横文一 今年暑假，街道为双职工家庭的小学生提供托管服务，每天上午八点到下午",
           "横文二 五点，有老师看护，并安排午餐和午休，家长可到社区学校报名。"]:
    d.text((110, y), ln, font=body, fill=(25, 25, 25))
    y += lh + 4
y = 520
for ln in under:
    d.text((80, y), ln.replace("下文", "后文"), font=body, fill=(25, 25, 25))
    y += lh
scanned(im.convert("L"), rnd, os.path.join(out, "wide.png"))

page("right", False, (214, 214, 214), None, True)
page("left", True, (240, 216, 180), (176, 28, 34), False)
page("plain", False, None, None, True)
PY

for p in right left plain wide; do
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
for name in ("right", "left", "plain"):
    text = rows(name)
    cols = [at(text, name, p + n) for p in "甲乙" for n in nums]
    panel = [at(text, name, "板" + n) for n in nums[:6]]
    title = at(text, name, "板题")
    under = [at(text, name, "下文" + n) for n in nums[:3]]
    cols, panel, under = ([i for i in v if i is not None] for v in (cols, panel, under))
    if name == "plain":
        # no tint: each column is read whole, the one beside the other
        for i in sorted(set(cols)):
            if "甲" in text[i] and "乙" in text[i]:
                bad.append("plain: a line read across the columns: %s" % text[i])
        continue
    head = at(text, name, "标题乙")
    if head is not None and "三件实事" not in text[head]:
        bad.append("%s: the headline beside the panel split: %s" % (name, text[head]))
    for i in sorted(set(panel + ([title] if title is not None else []))):
        t = text[i]
        if "甲" in t or "乙" in t:
            bad.append("%s: a line of the panel read with what is beside it: %s" % (name, t))
    if not (cols and panel and under) or title is None:
        continue
    # the panel is one unit: its title, then its lines, nothing between
    unit = range(min([title] + panel), max([title] + panel) + 1)
    if any("板" not in text[i] for i in unit):
        bad.append("%s: the panel read in pieces: %s" % (name, [text[i] for i in unit]))
    if name == "right" and not max(cols) < min(panel) < max(panel) < min(under):
        bad.append("right: the panel not after the columns beside it: columns %s, panel %s, under %s"
                   % (cols, panel, under))
    if name == "left" and not (title < min(panel) < max(panel) < min(cols) <= max(cols) < min(under)):
        bad.append("left: the panel not first in its band, its title first: title %s, panel %s, "
                   "columns %s, under %s" % (title, panel, cols, under))

text = rows("wide")
seq = [at(text, "wide", s) for s in ("上文三", "横题", "横文一", "横文二", "后文一")]
if None not in seq and seq != sorted(seq):
    bad.append("wide: the panel and its title bar not read in order: %s" % seq)
i = seq[1]
if i is not None and "横文" in text[i]:
    bad.append("wide: the title bar read with the panel's text: %s" % text[i])

for m in bad:
    print("FAIL", m)
if bad:
    for name in ("right", "left", "plain", "wide"):
        print(name, rows(name))
sys.exit(1 if bad else 0)
PY
