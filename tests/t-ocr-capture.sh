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
from PIL import Image, ImageDraw, ImageFilter
from ocrpage import serif
out = sys.argv[1]
rnd = np.random.RandomState(11)
body, head = serif(30), serif(58, "Bold")
W, H = 1240, 1660
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
d.text((W // 2, 60), "江宁社区报 第五期", font=head, fill=20, anchor="mt")
d.line((60, 150, W - 60, 150), fill=30, width=4)
col1 = ["本报讯 入夏以来，江宁街道", "在三个小区试行垃圾分类", "积分兑换，居民投放一次", "可得两分，满百分换一袋米。",
        "试点一个月，湿垃圾分出量", "比上月多了四成，误投的", "情况明显减少。", "街道表示，下月起将在全部",
        "二十个小区推开这一做法，", "并请志愿者在投放点值守。"]
col2 = ["社区图书室重新开放。图书室", "位于活动中心二楼，藏书", "八千余册，每周二至周日", "上午九点开门，下午五点闭馆。",
        "开放首日来了一百多位居民，", "不少老人带着孙辈来借书。", "馆员介绍，今年还将添置", "少儿读物和大字本图书，",
        "方便老人和孩子阅读。", "借书只需出示居民卡。"]
col3 = ["上周六晚，南苑小区召开居民", "议事会，四十多位居民代表", "讨论了小区停车难的问题。", "会上大家同意把闲置的",
        "绿化边角改成临时车位，"]
col4 = ["并按先登记先使用的办法", "分配。物业公司将在两周内", "完成划线，业委会负责", "监督车位的使用情况，", "每季度向居民公布一次。"]
x1, x2, lh = 70, 650, 48
for col, x, y0 in ((col1, x1, 200), (col2, x2, 200), (col3, x1, 880), (col4, x2, 880)):
    for i, ln in enumerate(col):
        d.text((x, y0 + i * lh), ln, font=body, fill=25)
d.line((620, 200, 620, 200 + len(col1) * lh), fill=60, width=2)
d.line((60, 720, W - 60, 720), fill=30, width=3)
d.text((W // 2, 760), "居民议事会商定停车方案", font=head, fill=20, anchor="mt")
im = im.filter(ImageFilter.GaussianBlur(0.7))
# a shadow across the lower left, darker corners
yy, xx = np.mgrid[0:H, 0:W]
light = 1 - 0.35 * np.clip(yy / H - 0.6 * xx / W, 0, 1) - 0.5 * (((xx - W / 2) / W) ** 2 + ((yy - H / 2) / H) ** 2)
page = Image.fromarray(np.clip(np.array(im, float) * light, 0, 255).astype(np.uint8))
# where the page's corners fall in the photo; PIL maps the photo back to the page
CW, CH = 1500, 1900
corners = [(230, 170), (1300, 215), (1390, 1800), (120, 1740)]
A, b = [], []
for (X, Y), (x, y) in zip(corners, [(0, 0), (W, 0), (W, H), (0, H)]):
    A += [[X, Y, 1, 0, 0, 0, -x * X, -x * Y], [0, 0, 0, X, Y, 1, -y * X, -y * Y]]
    b += [x, y]
back = np.linalg.solve(np.array(A, float), np.array(b, float))
photo = page.transform((CW, CH), Image.PERSPECTIVE, tuple(back), Image.BILINEAR, fillcolor=0)
inside = np.array(Image.new("L", (W, H), 255).transform((CW, CH), Image.PERSPECTIVE, tuple(back),
                                                        Image.BILINEAR, fillcolor=0), float) / 255
table = rnd.normal(60, 8, (CH, CW)) - 20 * np.mgrid[0:CH, 0:CW][0] / CH
a = np.array(photo, float) * inside + table * (1 - inside) + rnd.normal(0, 5, (CH, CW))
Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5)).save(
    os.path.join(out, "capture.jpg"), quality=80)
# the masthead's centre, on the page and so in the photo (the forward map)
fw = np.linalg.inv(np.array(list(back) + [1]).reshape(3, 3))
p = fw @ np.array([W / 2, 90, 1])
open(os.path.join(out, "mast.xy"), "w").write("%d %d\n" % (p[0] / p[2], p[1] / p[2]))
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
