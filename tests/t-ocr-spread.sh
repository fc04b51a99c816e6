#!/bin/bash
# ink-ocr on layouts an XY-cut of the whole page reads across: renders our
# own pages and checks the reading order.
#  - spread: two pages side by side on one landscape image (a book on the
#    scanner). The left page has a ruled box across it, which as a rule of
#    the whole image would cut both pages into bands read across the fold.
#    Every line of the left page must come before every line of the right.
#  - chart: a chart of flat grey fills (a pie) set in the left column with
#    its caption under it, text beside it on the right, and the text then
#    running on at full width under both. Nothing is read from the chart;
#    the order is the text above, the caption, the text beside, the text
#    under (not the caption's lines interleaved with the text beside it).
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(11)
body = serif(30)
lh = 46

def finish(im, name):
    scanned(im, rnd, os.path.join(out, name))

# the spread: two pages of 900 x 1200
left = ["左页一 街道召开加装电梯推进会，", "左页二 各居民区书记参加会议。", "左页三 会上通报了今年的进展，",
        "左页四 已有四十六个门栋签约。", None, "左页五 其中十九台已投入使用，", "左页六 另有九台正在施工。",
        "左页七 街道将继续做好协调，", "左页八 帮助居民解决资金问题。", "左页九 年底前完成全部验收。"]
right = ["右页一 换届选举工作同步推进，", "右页二 各居民区完成选民登记，", "右页三 共登记选民一万余人，",
         "右页四 参选率超过九成以上。", "右页五 新一届居委会成员中，", "右页六 年轻人的比例有所提高。",
         "右页七 街道将组织新任委员", "右页八 参加履职能力培训，", "右页九 提高为民服务的水平。"]
W, H = 1800, 1200
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
y = 90
for ln in left:
    if ln is None:
        # a ruled box across the page: its rules are wider than 40% of the image
        d.rectangle((60, y, 840, y + 110), outline=30, width=3)
        d.text((90, y + 38), "提示：签约以门栋为单位", font=body, fill=25)
        y += 140
        continue
    d.text((80, y), ln, font=body, fill=25)
    y += lh + 20
y = 90
for ln in right:
    d.text((980, y), ln, font=body, fill=25)
    y += lh + 20
d.text((120, H - 70), "12", font=body, fill=25)
d.text((W - 150, H - 70), "13", font=body, fill=25)
finish(im, "spread.png")

# the chart in a column
W, H = 1240, 1300
im = Image.new("L", (W, H), 250)
d = ImageDraw.Draw(im)
top = ["上文一 本区今年共有三十二个门栋完成签约，覆盖居民一千余户，",
       "上文二 其中已完工九台，各居民区的进度如下图所示。"]
beside = ["旁文一 从分布看，虹桥一村", "旁文二 签约最多，共十二个", "旁文三 门栋；二村九个，三村",
          "旁文四 十一个。已完工的", "旁文五 电梯主要集中在一村", "旁文六 和二村，三村因管线", "旁文七 迁移进度较慢。",
          "旁文八 街道已协调有关单位", "旁文九 加快推进管线搬迁。"]
under = ["下文一 下一步，街道将在七月召开总结会，表彰先进楼组和志愿者，",
         "下文二 并把经验推广到全部居民区。"]
y = 80
for ln in top:
    d.text((80, y), ln, font=body, fill=25)
    y += lh
y += 20
ytop = y
cx, cy, r = 80 + 200, y + 200, 190
a0 = 0
for frac, g in ((0.37, 120), (0.29, 175), (0.19, 215), (0.15, 150)):
    d.pieslice((cx - r, cy - r, cx + r, cy + r), a0, a0 + 360 * frac, fill=g, outline=250, width=3)
    a0 += 360 * frac
chart = (cx - r, cy - r, cx + r, cy + r)
d.text((cx - 40, cy - 90), "一村", font=body, fill=25)
d.text((cx + 40, cy + 50), "二村", font=body, fill=25)
d.text((110, cy + r + 20), "图：各村签约门栋数", font=body, fill=25)
yb = ytop
for ln in beside:
    d.text((560, yb), ln, font=body, fill=25)
    yb += lh
y = max(yb, cy + r + 20 + lh)
for ln in under:
    d.text((80, y), ln, font=body, fill=25)
    y += lh
finish(im, "chart.png")
open(os.path.join(out, "chart.box"), "w").write("%d %d %d %d\n" % chart)
PY

fail=0
for p in spread chart; do
	"$ocr" -q -j 1 "$tmp/$p.png" > "$tmp/$p.csv" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p.png: $(cat "$tmp/$p.err")"; exit 1; }
done

/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import csv, sys, os
tmp = sys.argv[1]
bad = []
def rows(name):
    return list(csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8")))
def at(text, name, s):
    for i, t in enumerate(text):
        if s in t:
            return i
    bad.append("%s: no line holds %s" % (name, s))
    return None

text = [r["text"] for r in rows("spread")]
nums = "一二三四五六七八九"
li = [at(text, "spread", "左页" + n) for n in nums]
ri = [at(text, "spread", "右页" + n) for n in nums]
li = [i for i in li if i is not None]
ri = [i for i in ri if i is not None]
if li != sorted(li) or ri != sorted(ri):
    bad.append("spread: a page not read from the top: %s %s" % (li, ri))
if li and ri and max(li) > min(ri):
    bad.append("spread: the right page read before the left one ends: %s %s" % (li, ri))

rs = rows("chart")
text = [r["text"] for r in rs]
order = ["上文二", "签约门栋数", "旁文一", "旁文九", "下文一"]
idx = [at(text, "chart", s) for s in order]
if None not in idx and idx != sorted(idx):
    bad.append("chart: reading order %s" % list(zip(order, idx)))
x0, y0, x1, y1 = map(int, open(os.path.join(tmp, "chart.box")).read().split())
for r in rs:
    x, y, w, h = (int(r[k]) for k in "xywh")
    if x0 <= x + w // 2 <= x1 and y0 <= y + h // 2 <= y1:
        bad.append("chart: line read from the chart: %s" % r["text"])
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
exit $fail
