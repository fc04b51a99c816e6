#!/bin/bash
# ink-ocr reads the furniture of a page after its body: the running head,
# the footnotes under their short rule and the page number. Renders our own
# pages and checks the reading order.
#  - spread: two book pages on one image, the left page's last sentence
#    running on to the right page. Each page has a running head and a
#    page number in small type, the left one two footnotes set close under
#    the body. Every line of the two bodies must come before any furniture
#    (which would break the sentence across the fold), and the furniture
#    must still be read.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(23)
body = serif(30)
small = serif(22)
lh = 46

def finish(im, name):
    scanned(im, rnd, os.path.join(out, name))

nums = "一二三四五六七八九十"
left = ["左页%s 街道今年推进加装电梯工作，" % n for n in nums]
right = ["右页%s 各居民区完成了签约和公示，" % n for n in nums]
W, H = 1800, 1200
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
for x0, head in ((80, "书眉甲 社区工作手册"), (980, "书眉乙 第二章 加装电梯")):
    d.text((x0, 60), head, font=small, fill=25)
for x0, lines in ((80, left), (980, right)):
    y = 150
    for ln in lines:
        d.text((x0, y), ln, font=body, fill=25)
        y += lh + 14
# footnotes set close under the body, under a short rule
y += 4
d.line((80, y, 330, y), fill=30, width=2)
y += 12
for n in "12":
    d.text((80, y), "注%s 数据来自街道自治办的统计" % n, font=small, fill=25)
    y += 34
d.text((420, H - 70), "页码甲 18", font=small, fill=25)
d.text((1320, H - 70), "页码乙 19", font=small, fill=25)
finish(im, "spread.png")
PY

for p in spread; do
	"$ocr" -q -j 1 "$tmp/$p.png" > "$tmp/$p.csv" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p.png: $(cat "$tmp/$p.err")"; exit 1; }
done

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
tmp = sys.argv[1]
bad = []
def rows(name):
    return [r["text"] for r in csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8"))]
def at(text, name, s):
    for i, t in enumerate(text):
        if s in t:
            return i
    bad.append("%s: no line holds %s" % (name, s))
    return None

nums = "一二三四五六七八九十"
text = rows("spread")
body = [at(text, "spread", p + n) for p in ("左页", "右页") for n in nums]
furn = [at(text, "spread", s) for s in ("书眉甲", "书眉乙", "注1", "注2", "页码甲", "页码乙")]
body = [i for i in body if i is not None]
furn = [i for i in furn if i is not None]
if body != sorted(body):
    bad.append("spread: the bodies out of order: %s" % body)
if body and furn and min(furn) < max(body):
    bad.append("spread: furniture read inside the body: body %s, furniture %s" % (body, furn))

for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
