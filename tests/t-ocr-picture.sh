#!/bin/bash
# ink-ocr on the pictures of a newsletter page: renders our own page with
# a masthead printed white on a red banner (a QR code on it), an article
# with a photo beside its text and a caption under the photo, and a second
# article under both; the same page as a heavy capture (smaller, blurred,
# JPEG). Checks:
#  - the banner is read, not left out as a picture: its title and its
#    issue line, before the first article;
#  - the caption is read, after the text beside its photo (the article it
#    sits in) and before the next article;
#  - nothing is read from the photo (no line box over it).
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(31)
body, title, big, small = serif(30), serif(44, "Bold"), serif(84, "Bold"), serif(26)
W, H, lh = 1240, 1300, 46
im = Image.new("RGB", (W, H), (246, 244, 238))
d = ImageDraw.Draw(im)
# the masthead: white print on a red banner, a QR-like code on white in it
d.rectangle((60, 40, W - 60, 210), fill=(178, 24, 30))
d.text((100, 70), "枫林社区报", font=big, fill=(255, 255, 255))
d.text((640, 80), "二〇二一年七月 第九期", font=small, fill=(255, 255, 255))
d.text((640, 125), "街道党工委主办 内部交流", font=small, fill=(255, 255, 255))
d.rectangle((1030, 60, 1160, 190), fill=(255, 255, 255))
code = rnd.rand(21, 21) > 0.5
for (cy, cx) in ((0, 0), (0, 14), (14, 0)):
    code[cy:cy + 7, cx:cx + 7] = True
    code[cy + 1:cy + 6, cx + 1:cx + 6] = False
    code[cy + 2:cy + 5, cx + 2:cx + 5] = True
for r in range(21):
    for c in range(21):
        if code[r, c]:
            d.rectangle((1043 + 5 * c, 73 + 5 * r, 1047 + 5 * c, 77 + 5 * r), fill=(0, 0, 0))
# the first article: its photo on the left, its text on the right
d.text((80, 250), "老旧小区完成综合改造", font=title, fill=(20, 20, 20))
left = ["甲一 今年春天，枫林街道启动", "甲二 六个老旧小区的综合改造，",
        "甲三 屋顶、管线和道路一并翻新，", "甲四 居民在施工前参加了三次", "甲五 听证会，提出意见一百余条。",
        "甲六 改造期间，居委会每周公布", "甲七 施工进度，到六月底全部", "甲八 完工并通过验收。"]
y = 330
for ln in left:
    d.text((680, y), ln, font=body, fill=(25, 25, 25))
    y += lh
pw, ph = 540, 320
f = np.array(Image.fromarray((rnd.rand(10, 14) * 255).astype(np.uint8)).resize((pw, ph), Image.BICUBIC), float)
f = 0.5 * f + 0.5 * (70 + 140 * np.mgrid[0:ph, 0:pw][0] / ph)
for _ in range(40):
    rx, ry = rnd.randint(0, pw - 40), rnd.randint(0, ph - 40)
    f[ry:ry + rnd.randint(8, 40), rx:rx + rnd.randint(8, 40)] = rnd.randint(10, 90)
f += rnd.normal(0, 18, f.shape)
g = np.clip(f, 0, 255).astype(np.uint8)
photo = Image.merge("RGB", [Image.fromarray(g), Image.fromarray((g * 0.9).astype(np.uint8)),
                            Image.fromarray((g * 0.7).astype(np.uint8))])
px, py = 80, 335
im.paste(photo.filter(ImageFilter.GaussianBlur(1)), (px, py))
open(os.path.join(out, "photo.box"), "w").write("%d %d %d %d\n" % (px, py, px + pw, py + ph))
d.text((px + 110, py + ph + 14), "图为改造后的小区花园", font=small, fill=(25, 25, 25))
# the second article, under both
d.text((80, 760), "社区长者食堂在枫林路正式开业", font=title, fill=(20, 20, 20))
for i, ln in enumerate(["乙一 位于枫林路的社区长者食堂本周开业，每天供应早餐和午餐，",
                        "乙二 六十岁以上的老人就餐可享受优惠，开业当天就有两百多人",
                        "乙三 前来就餐，居民说饭菜清淡可口，价格也实惠。"]):
    d.text((80, 840 + i * lh), ln, font=body, fill=(25, 25, 25))
scanned(im.convert("L"), rnd, os.path.join(out, "page.png"))
# a heavy capture: 70% of the size, blurred, grainy, JPEG
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
px0, py0, px1, py1 = map(int, open(os.path.join(tmp, "photo.box")).read().split())
bad = []
def check(name, scale):
    rows = list(csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8")))
    text = [r["text"] for r in rows]
    def at(s):
        for i, t in enumerate(text):
            if s in t:
                return i
        bad.append("%s: no line holds %s" % (name, s))
        return None
    order = [at(s) for s in ("社区报", "第九期", "党工委主办", "综合改造", "甲八", "小区花园", "枫林路正式开业", "乙三")]
    if None not in order:
        if max(order[:3]) > order[3]:
            bad.append("%s: the banner is not read before the first article: %s" % (name, order))
        if not order[4] < order[5] < order[6]:
            bad.append("%s: the caption is not read after the text beside its photo: %s" % (name, order))
    for r in rows:
        x, y, w, h = (int(r[k]) / scale for k in "xywh")
        cx, cy = x + w / 2, y + h / 2
        if px0 <= cx <= px1 and py0 <= cy <= py1:
            bad.append("%s: line read from the photo: %s" % (name, r["text"]))
check("page.png", 1)
check("heavy.jpg", 0.7)
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
