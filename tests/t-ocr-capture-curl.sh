#!/bin/bash
# ink-ocr on a phone photo of a curled page: our own two-article page, its
# lines bowed (the sheet curls, most in the middle, more towards its foot),
# lit unevenly, photographed at a slant on a dark table. Squaring leaves
# the bow, and bowed lines of a column run into each other: the layout
# took the lower article's first column for one tall line and read nothing
# of it. Leptonica's dewarper straightens the lines. Checks:
#  - the lower article is read, its columns down, one after the other;
#  - the box of a line in the lower article lies where the curled,
#    slanted page put that line in the photo.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image
from ocrpage import W, H, two_articles, dark_table, photograph, in_photo
out = sys.argv[1]
rnd = np.random.RandomState(7)
a = np.array(two_articles())
# the curl: each point moves down by a parabola across the page, deeper towards the foot
AMP = 40
def bow(x, y):
    return AMP * (1 - ((x - W / 2) / (W / 2)) ** 2) * (0.5 + 0.5 * y / H)
yy, xx = np.mgrid[0:H, 0:W]
dy = bow(xx, yy)
curled = a[np.clip(yy - dy, 0, H - 1).astype(int), xx]
curled[yy - dy < 0] = 0
page = Image.fromarray(curled)
edge = Image.fromarray(((yy - dy >= 0) * 255).astype(np.uint8))
back = photograph(page, [(230, 170), (1300, 215), (1390, 1800), (120, 1740)], dark_table(rnd), rnd,
                  os.path.join(out, "curl.jpg"), mask=edge)
# where the middle of a line of the lower article's first column falls in the photo
x, y = 70 + 165, 880 + 5 * 48 + 15
open(os.path.join(out, "line.xy"), "w").write("%d %d\n" % in_photo(back, x, y + bow(x, y)))
PY

"$ocr" -q -j 1 "$tmp/curl.jpg" > "$tmp/curl.csv" 2> "$tmp/curl.err" ||
	{ echo "ink-ocr failed on curl.jpg: $(cat "$tmp/curl.err")"; exit 1; }

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
tmp = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(tmp, "curl.csv"), encoding="utf-8")))
text = [r["text"] for r in rows]
bad = []
def at(s):
    i = next((i for i, t in enumerate(text) if s in t), -1)
    if i < 0:
        bad.append("no line holds %s" % s)
    return i
order = ["居民议事会", "南苑小区", "四十多位居民代表", "临时车位", "先登记先使用", "监督车位",
         "向居民公布", "敬老食堂", "营养师", "填写问卷"]
idx = [at(s) for s in order]
if -1 not in idx and idx != sorted(idx):
    bad.append("reading order %s" % list(zip(order, idx)))
for t in text:
    if "南苑" in t and "敬老" in t:
        bad.append("read across the gutter: %s" % t)
lx, ly = map(int, open(os.path.join(tmp, "line.xy")).read().split())
for r in rows:
    if "先登记先使用" in r["text"]:
        x, y, w, h = (int(r[k]) for k in "xywh")
        if not (x <= lx <= x + w and abs(y + h / 2 - ly) <= 20):
            bad.append("line box %d,%d %dx%d misses its place in the photo %d,%d" % (x, y, w, h, lx, ly))
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
