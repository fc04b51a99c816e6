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
from PIL import Image, ImageDraw, ImageFilter
from ocrpage import serif
out = sys.argv[1]
rnd = np.random.RandomState(7)
body, head = serif(30), serif(58, "Bold")
W, H = 1240, 1660
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
d.text((W // 2, 60), "江宁社区报 第五期", font=head, fill=20, anchor="mt")
d.line((60, 150, W - 60, 150), fill=30, width=4)
cols = [
    ["本报讯 入夏以来，江宁街道", "在三个小区试行垃圾分类", "积分兑换，居民投放一次", "可得两分，满百分换一袋米。",
     "试点一个月，湿垃圾分出量", "比上月多了四成，误投的", "情况明显减少。", "街道表示，下月起将在全部",
     "二十个小区推开这一做法，", "并请志愿者在投放点值守。"],
    ["社区图书室重新开放。图书室", "位于活动中心二楼，藏书", "八千余册，每周二至周日", "上午九点开门，下午五点闭馆。",
     "开放首日来了一百多位居民，", "不少老人带着孙辈来借书。", "馆员介绍，今年还将添置", "少儿读物和大字本图书，",
     "方便老人和孩子阅读。", "借书只需出示居民卡。"],
    ["上周六晚，南苑小区召开居民", "议事会，四十多位居民代表", "讨论了小区停车难的问题。", "会上大家同意把闲置的",
     "绿化边角改成临时车位，", "并按先登记先使用的办法", "分配。物业公司将在两周内", "完成划线，业委会负责",
     "监督车位的使用情况，", "每季度向居民公布一次。"],
    ["敬老食堂下月开张。食堂设在", "文化站一楼，可坐六十人，", "七十岁以上老人用餐每顿", "补贴三元，独居老人可以",
     "请志愿者送餐上门。街道", "还请来营养师搭配菜单，", "每周公布一次菜谱，", "欢迎居民提出意见。",
     "开张前一周先试营业，", "试吃的居民可以填写问卷。"]]
for col, (x, y0) in zip(cols, ((70, 200), (650, 200), (70, 880), (650, 880))):
    for i, ln in enumerate(col):
        d.text((x, y0 + i * 48), ln, font=body, fill=25)
d.line((620, 200, 620, 680), fill=60, width=2)
d.line((620, 880, 620, 1360), fill=60, width=2)
d.line((60, 720, W - 60, 720), fill=30, width=3)
d.text((W // 2, 760), "居民议事会商定停车方案", font=head, fill=20, anchor="mt")
im = im.filter(ImageFilter.GaussianBlur(0.7))
yy, xx = np.mgrid[0:H, 0:W]
light = 1 - 0.35 * np.clip(yy / H - 0.6 * xx / W, 0, 1) - 0.5 * (((xx - W / 2) / W) ** 2 + ((yy - H / 2) / H) ** 2)
a = np.array(im, float) * light
# the curl: each point moves down by a parabola across the page, deeper towards the foot
AMP = 40
def bow(x, y):
    return AMP * (1 - ((x - W / 2) / (W / 2)) ** 2) * (0.5 + 0.5 * y / H)
dy = bow(xx, yy)
curled = a[np.clip(yy - dy, 0, H - 1).astype(int), xx]
curled[yy - dy < 0] = 0
page = Image.fromarray(np.clip(curled, 0, 255).astype(np.uint8))
edge = Image.fromarray(((yy - dy >= 0) * 255).astype(np.uint8))
CW, CH = 1500, 1900
corners = [(230, 170), (1300, 215), (1390, 1800), (120, 1740)]
A, b = [], []
for (X, Y), (x, y) in zip(corners, [(0, 0), (W, 0), (W, H), (0, H)]):
    A += [[X, Y, 1, 0, 0, 0, -x * X, -x * Y], [0, 0, 0, X, Y, 1, -y * X, -y * Y]]
    b += [x, y]
back = tuple(np.linalg.solve(np.array(A, float), np.array(b, float)))
photo = page.transform((CW, CH), Image.PERSPECTIVE, back, Image.BILINEAR, fillcolor=0)
inside = np.array(edge.transform((CW, CH), Image.PERSPECTIVE, back, Image.BILINEAR, fillcolor=0), float) / 255
table = rnd.normal(60, 8, (CH, CW)) - 20 * np.mgrid[0:CH, 0:CW][0] / CH
a = np.array(photo, float) * inside + table * (1 - inside) + rnd.normal(0, 5, (CH, CW))
Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5)).save(
    os.path.join(out, "curl.jpg"), quality=80)
# where the middle of a line of the lower article's first column falls in the photo
fw = np.linalg.inv(np.array(list(back) + [1]).reshape(3, 3))
x, y = 70 + 165, 880 + 5 * 48 + 15
p = fw @ np.array([x, y + bow(x, y), 1])
open(os.path.join(out, "line.xy"), "w").write("%d %d\n" % (p[0] / p[2], p[1] / p[2]))
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
