#!/bin/bash
# ink-ocr on a dusty scan: our own two columns, with dark specks a few
# pixels across in the margins, under the text and down the gutter, each
# well clear of any glyph. Checks:
#  - the specks are not read: at most one line is left out as garbage (each
#    speck sent to recognition comes back as a line of 、 or . to drop);
#  - the text is read, each column down in turn.
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
W, H = 1240, 1000
im = Image.new("L", (W, H), 245)
d = ImageDraw.Draw(im)
col1 = ["本报讯 入冬以来，东湖街道", "为辖区独居老人送去暖心包，", "包里有棉拖鞋、热水袋和", "一份冬季用电安全须知。",
        "社工和志愿者分成六组，", "三天里走访了二百多户，", "顺带检查了老人家中的", "电线和燃气灶。"]
col2 = ["东湖小学的图书漂流站", "本月在三个小区落地，", "居民可以把看过的书放进", "书柜，也可以免费借走。",
        "站点由楼组长轮流照看，", "每月清点一次书目，", "破损的图书由学校的", "小志愿者负责修补。"]
x1, x2, lh, y0 = 80, 640, 50, 120
for i, ln in enumerate(col1):
    d.text((x1, y0 + i * lh), ln, font=body, fill=30)
for i, ln in enumerate(col2):
    d.text((x2, y0 + i * lh), ln, font=body, fill=30)
pts = [(rnd.randint(20, W - 20), rnd.randint(y0 + 8 * lh + 60, H - 20)) for _ in range(25)]
pts += [(rnd.randint(20, x1 - 30), rnd.randint(20, H - 20)) for _ in range(10)]
pts += [(x2 - 48 + rnd.randint(-4, 4), y) for y in range(y0, y0 + 8 * lh, 45)]
for x, y in pts:
    r = rnd.randint(2, 5)
    d.ellipse((x - r, y - r, x + r, y + r), fill=rnd.randint(20, 70))
scanned(im, rnd, os.path.join(out, "dust.png"), grain=8)
PY

"$ocr" -j 1 --to text "$tmp/dust.png" > "$tmp/dust.txt" 2> "$tmp/dust.err" ||
	{ echo "ink-ocr failed on dust.png: $(cat "$tmp/dust.err")"; exit 1; }
fail=0
n=$(sed -n 's/.*: \([0-9]*\) garbage lines\{0,1\} left out.*/\1/p' "$tmp/dust.err")
if [ "${n:-0}" -gt 1 ]; then
	echo "FAIL $n lines of dust read and left out: $(cat "$tmp/dust.err")"; fail=1
fi
/usr/bin/python3 - "$tmp/dust.txt" <<'PY' || fail=1
import sys
text = open(sys.argv[1], encoding="utf-8").read()
marks = ["本报讯", "暖心包", "燃气灶", "图书漂流站", "免费借走", "负责修补"]
at = [text.find(m) for m in marks]
bad = ["no %s" % m for m, i in zip(marks, at) if i < 0]
if not bad and at != sorted(at):
    bad.append("reading order %s" % list(zip(marks, at)))
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
exit $fail
