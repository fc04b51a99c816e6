#!/bin/bash
# ink-ocr on a photo that runs off the page (full bleed) and on a QR code
# beside text. Renders our own page: a photo bleeding off the top and left
# edges, most of it a flat dark sky and a flat wall (the image finders see
# only its busy patch), with a two-line caption printed white over its
# foot, a column of text beside it, and a second article under both with a
# QR code at its side; the same page as a heavy capture (smaller, blurred,
# JPEG). Checks:
#  - the caption is read, after the text beside its photo (the article it
#    sits in) and before the next article;
#  - nothing else is read from the photo (no line box over it but the
#    caption's);
#  - the QR code gives no glyph (its finder squares read as 口).
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os
import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from ocrpage import serif, scanned
out = sys.argv[1]
rnd = np.random.RandomState(47)
body, title, small = serif(30), serif(44, "Bold"), serif(26, "Bold")
W, H, lh = 1240, 1500, 48
im = Image.new("L", (W, H), 244)
# the photo, from the page's top left corner: a flat night sky with a few
# sparks, a flat wall under it, a busy patch (a crowd) in the middle
pw, ph = 580, 960
f = np.full((ph, pw), 34.0)
f[520:, :] = 92
yy, xx = np.mgrid[0:ph, 0:pw]
f[520:, :] += 6 * np.sin(xx[520:, :] / 9.0)
for _ in range(90):
    x, y = rnd.randint(0, pw - 12), rnd.randint(0, 480)
    f[y:y + rnd.randint(3, 10), x:x + rnd.randint(3, 10)] = rnd.randint(150, 250)
patch = np.array(Image.fromarray((rnd.rand(9, 12) * 255).astype(np.uint8)).resize((420, 300), Image.BICUBIC), float)
f[560:860, 90:510] = 0.6 * patch + 0.4 * f[560:860, 90:510] + rnd.normal(0, 25, (300, 420))
f += rnd.normal(0, 3, f.shape)
im.paste(Image.fromarray(np.clip(f, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1)), (0, 0))
open(os.path.join(out, "photo.box"), "w").write("%d %d %d %d\n" % (0, 0, pw, ph))
d = ImageDraw.Draw(im)
# its caption, white over its foot
d.text((70, 878), "图为元宵夜的灯会，居民在广场上", font=small, fill=255)
d.text((70, 916), "观看烟火表演，现场秩序井然。", font=small, fill=255)
open(os.path.join(out, "caption.box"), "w").write("%d %d %d %d\n" % (60, 870, 520, 955))
# the text beside it
d.text((640, 60), "元宵灯会点亮社区", font=title, fill=20)
right = ["甲一 正月十五晚上，街道在中心", "甲二 广场举办元宵灯会，各居委", "甲三 会的志愿者提前一周布置了",
         "甲四 灯笼和展板，还准备了两百", "甲五 条灯谜供居民竞猜。", "甲六 晚上七点，灯会正式开始，",
         "甲七 广场上人头攒动，老人带着", "甲八 孙辈边走边看，不少居民", "甲九 猜中灯谜领到了小礼品。",
         "甲十 八点整，烟火表演开始，", "乙一 烟花在夜空中绽放，引来", "乙二 阵阵欢呼。活动由街道文化",
         "乙三 中心和派出所共同保障，", "乙四 全程秩序良好，没有发生", "乙五 安全事故。负责人表示，",
         "乙六 明年还将继续举办。"]
y = 140
for ln in right:
    d.text((640, y), ln, font=body, fill=25)
    y += lh
# the next article, under both, a QR code at its side
d.text((80, 1030), "社区长者食堂推出扫码点餐服务", font=title, fill=20)
for i, ln in enumerate(["社区长者食堂本月起推出扫码点餐服务，居民", "扫描右侧二维码即可查看每日菜单，提前一天",
                        "预订午餐，到店后直接取餐，不会使用手机的", "老人仍可到柜台点餐。"]):
    d.text((80, 1110 + i * lh), ln, font=body, fill=25)
code = rnd.rand(25, 25) > 0.5
for (cy, cx) in ((0, 0), (0, 18), (18, 0)):
    code[max(cy - 1, 0):cy + 8, max(cx - 1, 0):cx + 8] = False   # the blank round a finder
    code[cy:cy + 7, cx:cx + 7] = True
    code[cy + 1:cy + 6, cx + 1:cx + 6] = False
    code[cy + 2:cy + 5, cx + 2:cx + 5] = True
qx, qy, m = 900, 1100, 7
for r in range(25):
    for c in range(25):
        if code[r, c]:
            d.rectangle((qx + m * c, qy + m * r, qx + m * c + m - 1, qy + m * r + m - 1), fill=0)
open(os.path.join(out, "qr.box"), "w").write("%d %d %d %d\n" % (qx, qy, qx + 25 * m, qy + 25 * m))
scanned(im, rnd, os.path.join(out, "page.png"))
# a heavy capture: 70% of the size, blurred, grainy, JPEG
hv = im.resize((W * 7 // 10, H * 7 // 10), Image.BILINEAR).filter(ImageFilter.GaussianBlur(0.8))
a = np.array(hv, float) + rnd.normal(0, 6, (hv.height, hv.width))
Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(os.path.join(out, "heavy.jpg"), quality=60)
PY

for p in page.png heavy.jpg; do
	"$ocr" -q -j 1 "$tmp/$p" > "$tmp/$p.csv" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p: $(cat "$tmp/$p.err")"; exit 1; }
done

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
tmp = sys.argv[1]
def box(name):
    return list(map(int, open(os.path.join(tmp, name + ".box")).read().split()))
photo, caption, qr = box("photo"), box("caption"), box("qr")
bad = []
def inside(b, cx, cy):
    return b[0] <= cx <= b[2] and b[1] <= cy <= b[3]
def check(name, scale):
    rows = list(csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8")))
    text = [r["text"] for r in rows]
    def at(s):
        for i, t in enumerate(text):
            if s in t:
                return i
        bad.append("%s: no line holds %s" % (name, s))
        return None
    order = [at(s) for s in ("甲一", "乙六", "元宵夜的灯会", "现场秩序", "推出扫码点餐", "柜台点餐")]
    if None not in order:
        if not order[1] < order[2] < order[3] < order[4]:
            bad.append("%s: the caption is not read after the text beside its photo: %s" % (name, order))
    for r in rows:
        x, y, w, h = (int(r[k]) / scale for k in "xywh")
        cx, cy = x + w / 2, y + h / 2
        if inside(photo, cx, cy) and not inside(caption, cx, cy):
            bad.append("%s: line read from the photo: %s" % (name, r["text"]))
        if inside(qr, cx, cy) or "口" in r["text"]:
            bad.append("%s: line read from the QR code: %s" % (name, r["text"]))
check("page.png", 1)
check("heavy.jpg", 0.7)
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
