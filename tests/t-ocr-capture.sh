#!/bin/bash
# ink-ocr on a phone photo of a page: our own two-article page, lit
# unevenly (a shadow across its lower left, darker corners), photographed
# at a slant (the page a quadrilateral, narrower at the top) lying on a dark
# table, saved as JPEG. Checks:
#  - the lower article, in the shadow, is read (not taken for a picture);
#  - each column is read down, not across the gutter, the articles in order;
#  - the boxes are those of the photo: a line's box lies where the slanted
#    page put that line.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from ocrpage import W, COLUMNS, two_articles, dark_table, photograph, in_photo
out = sys.argv[1]
rnd = np.random.RandomState(11)
# the lower article runs on from its first column into the second, no rule between
page = two_articles(COLUMNS[:2] + [COLUMNS[2][:5], COLUMNS[2][5:]], lower_gutter=False)
back = photograph(page, [(230, 170), (1300, 215), (1390, 1800), (120, 1740)], dark_table(rnd), rnd,
                  os.path.join(out, "capture.jpg"))
# the masthead's centre, on the page and so in the photo
open(os.path.join(out, "mast.xy"), "w").write("%d %d\n" % in_photo(back, W / 2, 90))
PY

"$ocr" -q -j 1 "$tmp/capture.jpg" > "$tmp/capture.csv" 2> "$tmp/capture.err" ||
	{ echo "ink-ocr failed on capture.jpg: $(cat "$tmp/capture.err")"; exit 1; }

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
tmp = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(tmp, "capture.csv"), encoding="utf-8")))
text = [r["text"] for r in rows]
bad = []
def at(s):
    i = next((i for i, t in enumerate(text) if s in t), -1)
    if i < 0:
        bad.append("no line holds %s" % s)
    return i
# down each column, the upper article before the lower; no line across the gutter
order = ["江宁社区报", "本报讯", "投放点值守", "图书室重新开放", "出示居民卡",
         "居民议事会", "南苑小区", "临时车位", "先登记先使用", "监督车位", "向居民公布"]
idx = [at(s) for s in order]
if -1 not in idx and idx != sorted(idx):
    bad.append("reading order %s" % list(zip(order, idx)))
for t in text:
    if ("江宁街道" in t and "图书室" in t) or ("南苑" in t and "先登记" in t):
        bad.append("read across the gutter: %s" % t)
mx, my = map(int, open(os.path.join(tmp, "mast.xy")).read().split())
for r in rows:
    if "江宁社区报" in r["text"]:
        x, y, w, h = (int(r[k]) for k in "xywh")
        if not (x <= mx <= x + w and y <= my <= y + h):
            bad.append("masthead box %d,%d %dx%d misses its place in the photo %d,%d" % (x, y, w, h, mx, my))
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
