#!/bin/bash
# ink-ocr on phone photos of a page cut by the photo's edge: our own
# two-article page, lit unevenly, photographed at a slant on a dark table
# so that one corner (cut1.jpg) or the whole top edge with both its corners
# (cut2.jpg) lies outside the frame. No hole in the surround holds such a
# page; it is what the surround leaves, squared with the side the frame
# cut taken as the frame's. Checks, on each photo:
#  - the masthead and a line of each column are read, the columns down,
#    the upper article before the lower;
#  - no line runs across the gutter.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from ocrpage import two_articles, dark_table, photograph
out = sys.argv[1]
rnd = np.random.RandomState(5)
page = two_articles()
# where the page's corners fall in the photo: outside it for some
for name, corners in (("cut1", [(200, 150), (1330, 190), (1560, 1960), (110, 1750)]),
                      ("cut2", [(180, -45), (1320, -25), (1400, 1780), (110, 1730)])):
    photograph(page, corners, dark_table(rnd), rnd, os.path.join(out, name + ".jpg"))
PY

fail=0
for p in cut1 cut2; do
	"$ocr" -q -j 1 --to text "$tmp/$p.jpg" > "$tmp/$p.txt" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p.jpg: $(cat "$tmp/$p.err")"; exit 1; }
	/usr/bin/python3 - "$tmp/$p.txt" "$p" <<'PY' || fail=1
import sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
bad = []
def at(s):
    i = next((i for i, t in enumerate(text) if s in t), -1)
    if i < 0:
        bad.append("no line holds %s" % s)
    return i
order = ["江宁社区报", "本报讯", "投放点值守", "图书室重新开放", "出示居民卡",
         "居民议事会", "南苑小区", "向居民公布", "敬老食堂", "填写问卷"]
idx = [at(s) for s in order]
if -1 not in idx and idx != sorted(idx):
    bad.append("reading order %s" % list(zip(order, idx)))
for t in text:
    if ("江宁街道" in t and "图书室" in t) or ("南苑" in t and "敬老" in t):
        bad.append("read across the gutter: %s" % t)
for m in bad:
    print("FAIL %s: %s" % (sys.argv[2], m))
sys.exit(1 if bad else 0)
PY
done
exit $fail
