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
from PIL import Image, ImageDraw, ImageFilter
from ocrpage import serif
out = sys.argv[1]
rnd = np.random.RandomState(5)
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
page = Image.fromarray(np.clip(np.array(im, float) * light, 0, 255).astype(np.uint8))
CW, CH = 1500, 1900
corners = [(230, 170), (1300, 215), (1390, 1800), (120, 1740)]
A, b = [], []
for (X, Y), (x, y) in zip(corners, [(0, 0), (W, 0), (W, H), (0, H)]):
    A += [[X, Y, 1, 0, 0, 0, -x * X, -x * Y], [0, 0, 0, X, Y, 1, -y * X, -y * Y]]
    b += [x, y]
back = tuple(np.linalg.solve(np.array(A, float), np.array(b, float)))
photo = page.transform((CW, CH), Image.PERSPECTIVE, back, Image.BILINEAR, fillcolor=0)
inside = np.array(Image.new("L", (W, H), 255).transform((CW, CH), Image.PERSPECTIVE, back,
                                                        Image.BILINEAR, fillcolor=0), float) / 255
Y, X = np.mgrid[0:CH, 0:CW]
table = 110 + 50 * np.sin(X / 23.0 + 3 * np.sin(Y / 150.0)) + rnd.normal(0, 12, (CH, CW))
a = np.array(photo, float) * inside + table * (1 - inside) + rnd.normal(0, 5, (CH, CW))
Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5)).save(
    os.path.join(out, "busy.jpg"), quality=80)
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
