#!/bin/bash
# ink-ocr on QR codes: renders our own page with a masthead printed white
# on a dark red banner, a QR code on a white tile in the banner, and two
# articles, the second with a QR code beside its text on the paper; the
# same page as a heavy capture (smaller, blurred, JPEG). A code's finder
# squares are a glyph in size and read as 口, its modules as strokes.
# Checks:
#  - the masthead's title and the articles are read;
#  - no line is read from either code, and no 口 anywhere (the text has none).
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(53)
body, title, big, small = serif(30), serif(44, "Bold"), serif(84, "Bold"), serif(26)
W, H, lh = 1240, 1200, 46
im = Image.new("RGB", (W, H), (246, 244, 238))
d = ImageDraw.Draw(im)
def qr(x, y, m, name):
    """a QR code of 25 modules of m pixels at x, y: three finders, each set
    apart by a blank module, and random modules"""
    code = rnd.rand(25, 25) > 0.5
    for (cy, cx) in ((0, 0), (0, 18), (18, 0)):
        code[max(cy - 1, 0):cy + 8, max(cx - 1, 0):cx + 8] = False
        code[cy:cy + 7, cx:cx + 7] = True
        code[cy + 1:cy + 6, cx + 1:cx + 6] = False
        code[cy + 2:cy + 5, cx + 2:cx + 5] = True
    for r in range(25):
        for c in range(25):
            if code[r, c]:
                d.rectangle((x + m * c, y + m * r, x + m * c + m - 1, y + m * r + m - 1), fill=(0, 0, 0))
    open(os.path.join(out, name + ".box"), "w").write("%d %d %d %d\n" % (x, y, x + 25 * m, y + 25 * m))
# the masthead: white print on a red banner, the code on a white tile in it
d.rectangle((60, 40, W - 60, 230), fill=(170, 28, 34))
d.text((100, 80), "松林社区报", font=big, fill=(255, 255, 255))
d.text((620, 80), "二〇二二年三月 第四期", font=small, fill=(255, 255, 255))
d.text((620, 125), "街道党工委主办 内部交流", font=small, fill=(255, 255, 255))
d.rectangle((1010, 52, 1170, 212), fill=(255, 255, 255))
qr(1015, 57, 6, "qr1")
# two articles
d.text((80, 270), "松林街道启动垃圾分类督导", font=title, fill=(20, 20, 20))
for i, ln in enumerate(["甲一 本月起，松林街道的志愿者每天早晚在各小区的投放点值守，",
                        "甲二 指导居民把湿垃圾和干垃圾分开投放，街道还为每户发放了",
                        "甲三 分类垃圾袋和宣传手册，居民参与率已经超过九成。"]):
    d.text((80, 350 + i * lh), ln, font=body, fill=(25, 25, 25))
d.text((80, 560), "社区图书室延长开放时间", font=title, fill=(20, 20, 20))
for i, ln in enumerate(["乙一 社区图书室从下周起每晚", "乙二 开放到九点，周末全天开放。",
                        "乙三 居民可扫描右侧的二维码", "乙四 查询新到图书和借阅规则，",
                        "乙五 也可以在线预约借书。"]):
    d.text((80, 640 + i * lh), ln, font=body, fill=(25, 25, 25))
qr(760, 640, 8, "qr2")
scanned(im.convert("L"), rnd, os.path.join(out, "page.png"))
hv = im.resize((W * 7 // 10, H * 7 // 10), Image.BILINEAR).filter(ImageFilter.GaussianBlur(0.8))
a = np.array(hv, float) + rnd.normal(0, 6, (hv.height, hv.width, 3))
Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(os.path.join(out, "heavy.jpg"), quality=60)
PY

for p in page.png heavy.jpg; do
	"$ocr" -q -j 1 "$tmp/$p" > "$tmp/$p.csv" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p: $(cat "$tmp/$p.err")"; exit 1; }
done

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
tmp = sys.argv[1]
codes = [list(map(int, open(os.path.join(tmp, n + ".box")).read().split())) for n in ("qr1", "qr2")]
bad = []
def check(name, scale):
    rows = list(csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8")))
    text = "\n".join(r["text"] for r in rows)
    for s in ("社区报", "甲一", "甲三", "图书室延长", "乙一", "乙五"):
        if s not in text:
            bad.append("%s: nothing holds %s" % (name, s))
    for r in rows:
        x, y, w, h = (int(r[k]) / scale for k in "xywh")
        cx, cy = x + w / 2, y + h / 2
        if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in codes) or "口" in r["text"]:
            bad.append("%s: line read from a QR code: %s" % (name, r["text"]))
check("page.png", 1)
check("heavy.jpg", 0.7)
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
