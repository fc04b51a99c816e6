#!/bin/bash
# ink-ocr on a phone photo of a page lying on a busy surface: our own
# two-article page, lit unevenly (a shadow across its lower left), on a
# wood-grain table whose light streaks reach the page and are as light as
# its shaded paper. No hole in the surround holds the page, and what the
# surround leaves is the page with streaks joined to it and its shaded
# corner bitten off; the page is the quadrilateral most of each of its
# sides lies on. Checks:
#  - the masthead and a line of each column are read, the columns down,
#    the upper article before the lower;
#  - no line runs across the gutter.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from ocrpage import PHOTO, two_articles, photograph
out = sys.argv[1]
rnd = np.random.RandomState(5)
page = two_articles()
# a wood-grain table, its light streaks as light as the shaded paper
CW, CH = PHOTO
Y, X = np.mgrid[0:CH, 0:CW]
table = 110 + 50 * np.sin(X / 23.0 + 3 * np.sin(Y / 150.0)) + rnd.normal(0, 12, (CH, CW))
photograph(page, [(230, 170), (1300, 215), (1390, 1800), (120, 1740)], table, rnd,
           os.path.join(out, "busy.jpg"))
PY

fail=0
for p in busy; do
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
