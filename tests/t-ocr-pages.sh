#!/bin/bash
# ink-ocr on pages that are not all text. Renders our own two-column
# bulletin page (masthead, a photo-like picture in the first column, a
# shaded box in the second, a ruled table below) and checks:
#  - nothing is read from the picture (no line box over it);
#  - the reading order: masthead, each column from the top with the shaded
#    box in its place, then the table (which column first is not checked:
#    the void a picture leaves cuts the columns beside it into bands);
#  - the table's cells stay in rows (a row is one line);
#  - the same page fed sideways is turned upright (same order; the boxes
#    are those of the sideways image);
#  - the same page photographed lying on a dark table (the table more of
#    the image than the paper) is read, in order, without a warning;
#  - and photographed close up in dim light (grey paper filling most of the
#    image, a dark rim round it) is read, not taken for light print on dark;
#  - a page drowned in blur and noise gets the low-confidence warning
#    naming file and page, and the clean page does not.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os, subprocess
import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageFilter
out = sys.argv[1]
rnd = np.random.RandomState(7)
def face(style):
    return subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC:style=" + style],
                          capture_output=True, text=True).stdout
body = ImageFont.truetype(face("Regular"), 30, index=2)
head = ImageFont.truetype(face("Bold"), 60, index=2)
W, H = 1240, 1400
im = Image.new("L", (W, H), 250)
d = ImageDraw.Draw(im)
d.text((W // 2, 50), "虹桥社区报 第十二期", font=head, fill=20, anchor="mt")
d.line((60, 140, W - 60, 140), fill=30, width=4)
col1 = ["本报讯 五月以来，虹桥街道", "把老旧小区加装电梯列为为民", "办实事的头号项目，由街道",
        "党工委牵头，居委会和业主", "代表逐栋上门听取意见。", None, "图：新装电梯的井道已封顶",
        "截至月底，全街道已有三十", "二个门栋签约，九台电梯", "完成验收，剩余的将在年内", "陆续开工建设。"]
col2 = ["换届选举工作同步推进。各居", "民区在六月上旬完成选民登记，", "共登记选民一万二千余人，",
        "参选率超过九成。", "[", "居民代表说，楼里老人多，", "有了电梯下楼买菜看病",
        "方便多了，大家都很满意。", "]", "街道将在七月召开总结会，", "表彰先进楼组和志愿者。"]
x1, x2, lh = 80, 660, 46
y = 180
for ln in col1:
    if ln is None:
        # a photo: smooth shading, dark shapes, grain
        pw, ph = 500, 330
        f = np.array(Image.fromarray((rnd.rand(12, 16) * 255).astype(np.uint8)).resize((pw, ph), Image.BICUBIC), float)
        yy = np.mgrid[0:ph, 0:pw][0]
        f = 0.5 * f + 0.5 * (60 + 150 * yy / ph)
        for _ in range(40):
            rx, ry = rnd.randint(0, pw - 40), rnd.randint(0, ph - 40)
            f[ry:ry + rnd.randint(8, 40), rx:rx + rnd.randint(8, 40)] = rnd.randint(10, 90)
        f += rnd.normal(0, 18, f.shape)
        im.paste(Image.fromarray(np.clip(f, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1)), (x1, y + 10))
        photo = (x1, y + 10, x1 + pw, y + 10 + ph)
        y += ph + 30
        continue
    d.text((x1, y), ln, font=body, fill=25)
    y += lh
y = 180
for ln in col2:
    if ln == "[":
        y += 16
        sy = y
    elif ln == "]":
        shade = (x2 - 16, sy - 16, x2 + 500, y + 6)
    else:
        d.text((x2, y), ln, font=body, fill=25)
        y += lh
region = np.array(im.crop(shade))
im.paste(Image.fromarray(np.minimum(region, 200).astype(np.uint8)), shade[:2])
ty = 1040
d.text((80, ty), "表：各居民区加装电梯进度", font=body, fill=25)
ty += 60
rows = [["居民区", "签约门栋", "已完工"], ["虹桥一村", "12", "4"], ["虹桥二村", "9", "3"], ["虹桥三村", "11", "2"]]
d.line((80, ty, W - 80, ty), fill=30, width=3)
for i, r in enumerate(rows):
    for j, c in enumerate(r):
        d.text(([100, 520, 900][j], ty + 12 + i * 56), c, font=body, fill=25)
d.line((80, ty + 58, W - 80, ty + 58), fill=30, width=2)
d.line((80, ty + 236, W - 80, ty + 236), fill=30, width=3)
im = im.filter(ImageFilter.GaussianBlur(0.6))
im = Image.fromarray(np.clip(np.array(im, float) + rnd.normal(0, 6, (H, W)), 0, 255).astype(np.uint8))
im.save(os.path.join(out, "page.png"))
im.rotate(-90, expand=True, fillcolor=250).save(os.path.join(out, "turned.png"))
bad = im.resize((W // 3, H // 3), Image.BILINEAR).filter(ImageFilter.GaussianBlur(1)).resize((W, H))
a = np.array(bad, float) * 0.5 + 100 + rnd.normal(0, 30, (H, W))
Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(os.path.join(out, "smudge.png"))
open(os.path.join(out, "photo.box"), "w").write("%d %d %d %d\n" % photo)
# a phone photo of the page: smaller, lying on a dark table that takes more
# of the image than the paper does
lying = np.clip(rnd.normal(55, 12, (1700, 1500)), 0, 255).astype(np.uint8)
lying = Image.fromarray(lying)
lying.paste(im.resize((W * 3 // 4, H * 3 // 4), Image.BILINEAR), (260, 330))
lying.save(os.path.join(out, "lying.png"))
# close up in dim light: the paper grey and most of the image
dim = np.clip(rnd.normal(40, 10, (1560, 1400)), 0, 255).astype(np.uint8)
dim = Image.fromarray(dim)
dim.paste(Image.fromarray((np.array(im, float) * 0.72).astype(np.uint8)), (80, 80))
dim.save(os.path.join(out, "dim.png"))
PY

fail=0
for p in page turned smudge lying dim; do
	"$ocr" -q -j 1 "$tmp/$p.png" > "$tmp/$p.csv" 2> "$tmp/$p.err" ||
		{ echo "ink-ocr failed on $p.png: $(cat "$tmp/$p.err")"; exit 1; }
done

/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import csv, sys, os
tmp = sys.argv[1]
W, H = 1240, 1400
px0, py0, px1, py1 = map(int, open(os.path.join(tmp, "photo.box")).read().split())
bad = []
def check(name, upright):
    rows = list(csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8")))
    text = [r["text"] for r in rows]
    def at(s):
        for i, t in enumerate(text):
            if s in t:
                return i
        bad.append("%s: no line holds %s" % (name, s))
        return -1
    # each column from the top, the shaded box in its place, then the table
    for order in (["虹桥社区报", "本报讯", "开工建设", "虹桥一村", "虹桥三村"],
                  ["虹桥社区报", "换届选举", "楼里老人多", "志愿者", "虹桥一村"]):
        idx = [at(s) for s in order]
        if -1 not in idx and idx != sorted(idx):
            bad.append("%s: reading order %s" % (name, list(zip(order, idx))))
    for r in rows:
        x, y, w, h = (int(r[k]) for k in "xywh")
        if not upright:     # back to the page as drawn: it was turned clockwise
            x, y, w, h = y, H - x - w, h, w
        cx, cy = x + w // 2, y + h // 2
        if px0 <= cx <= px1 and py0 <= cy <= py1:
            bad.append("%s: line read from the photo: %s" % (name, r["text"]))
        if not upright and r["text"].startswith("本报讯") and not int(r["h"]) > int(r["w"]):
            bad.append("%s: boxes are not those of the sideways page" % name)
    for t in text:
        if "虹桥三村" in t and len(t.split()) < 2:
            bad.append("%s: table row split from its cells: %s" % (name, t))
check("page", True)
check("turned", False)
def in_order(name, marks):
    """each mark on some line of NAME.csv, the first three in reading order"""
    text = [r["text"] for r in csv.DictReader(open(os.path.join(tmp, name + ".csv"), encoding="utf-8"))]
    idx = []
    for s in marks:
        i = next((i for i, t in enumerate(text) if s in t), -1)
        if i < 0:
            bad.append("%s: no line holds %s" % (name, s))
        idx.append(i)
    if -1 not in idx and idx[:3] != sorted(idx[:3]):
        bad.append("%s: reading order %s" % (name, idx))
# the page on the table and the dim one on grey paper: read, in order
# (their boxes are those of the photo)
in_order("lying", ["虹桥社区报", "本报讯", "开工建设", "楼里老人多"])
in_order("dim", ["虹桥社区报", "本报讯", "开工建设", "换届选举", "楼里老人多"])
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY

grep -q "smudge.png: page 1: mean confidence [0-9]*, under" "$tmp/smudge.err" ||
	{ echo "FAIL no low-confidence warning for smudge.png: $(cat "$tmp/smudge.err")"; fail=1; }
if grep -q "mean confidence" "$tmp/page.err" "$tmp/turned.err" "$tmp/lying.err" "$tmp/dim.err"; then
	echo "FAIL low-confidence warning on a clean page"; fail=1
fi
exit $fail
