"""What the t-ocr-*.sh scripts that draw their own pages share: the CJK
face they set text in, the scanner's blur and grain over a finished
page, and for the t-ocr-capture*.sh scripts our own two-article page and
a phone photo of it on a table (noise drawn from the script's own random
state, so each page stays the same from run to run)."""
import os
import subprocess

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# the two-article page, and the phone photo of it
W, H = 1240, 1660
PHOTO = 1500, 1900
# its columns: the upper article's two, then the lower article's and the
# one beside it
COLUMNS = [
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


def serif(size, style="Regular"):
    face = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC:style=" + style],
                          capture_output=True, text=True).stdout
    return ImageFont.truetype(face, size, index=2)


def scanned(im, rnd, path, grain=5):
    """Save im as a scan: a slight blur, then Gaussian grain of sigma grain."""
    im = im.filter(ImageFilter.GaussianBlur(0.6))
    a = np.array(im, float) + rnd.normal(0, grain, (im.height, im.width))
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(path)


def two_articles(cols=COLUMNS, lower_gutter=True):
    """Our own two-article page, W x H: the masthead 江宁社区报 over a rule,
    cols[0] and cols[1] side by side with a rule in their gutter, a rule and
    the second headline, cols[2] and cols[3] side by side (their gutter
    ruled when lower_gutter); slightly blurred, then lit unevenly (a shadow
    across its lower left, darker corners)."""
    body, head = serif(30), serif(58, "Bold")
    im = Image.new("L", (W, H), 248)
    d = ImageDraw.Draw(im)
    d.text((W // 2, 60), "江宁社区报 第五期", font=head, fill=20, anchor="mt")
    d.line((60, 150, W - 60, 150), fill=30, width=4)
    for col, (x, y0) in zip(cols, ((70, 200), (650, 200), (70, 880), (650, 880))):
        for i, ln in enumerate(col):
            d.text((x, y0 + i * 48), ln, font=body, fill=25)
    d.line((620, 200, 620, 680), fill=60, width=2)
    if lower_gutter:
        d.line((620, 880, 620, 1360), fill=60, width=2)
    d.line((60, 720, W - 60, 720), fill=30, width=3)
    d.text((W // 2, 760), "居民议事会商定停车方案", font=head, fill=20, anchor="mt")
    im = im.filter(ImageFilter.GaussianBlur(0.7))
    yy, xx = np.mgrid[0:H, 0:W]
    light = 1 - 0.35 * np.clip(yy / H - 0.6 * xx / W, 0, 1) - 0.5 * (((xx - W / 2) / W) ** 2 + ((yy - H / 2) / H) ** 2)
    return Image.fromarray(np.clip(np.array(im, float) * light, 0, 255).astype(np.uint8))


def dark_table(rnd, size=PHOTO):
    """A dark table the size of the photo: grey 60 with grain of sigma 8,
    darker towards the foot."""
    cw, ch = size
    return rnd.normal(60, 8, (ch, cw)) - 20 * np.mgrid[0:ch, 0:cw][0] / ch


def photograph(page, corners, table, rnd, path, mask=None, size=PHOTO, quality=80):
    """Save to path a phone photo of page, of size, as JPEG: the page's
    corners (top left, top right, bottom right, bottom left) where corners
    put them, table (an array of the photo's shape) wherever the page's mask
    (by default all of the page) is not, grain of sigma 5 over all, and a
    slight blur. Returns the perspective coefficients that map the photo
    back to the page."""
    cw, ch = size
    w, h = page.size
    A, b = [], []
    for (X, Y), (x, y) in zip(corners, [(0, 0), (w, 0), (w, h), (0, h)]):
        A += [[X, Y, 1, 0, 0, 0, -x * X, -x * Y], [0, 0, 0, X, Y, 1, -y * X, -y * Y]]
        b += [x, y]
    back = tuple(np.linalg.solve(np.array(A, float), np.array(b, float)))
    if mask is None:
        mask = Image.new("L", (w, h), 255)
    photo = page.transform(size, Image.PERSPECTIVE, back, Image.BILINEAR, fillcolor=0)
    inside = np.array(mask.transform(size, Image.PERSPECTIVE, back, Image.BILINEAR, fillcolor=0), float) / 255
    a = np.array(photo, float) * inside + table * (1 - inside) + rnd.normal(0, 5, (ch, cw))
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5)).save(
        path, quality=quality)
    return back


def in_photo(back, x, y):
    """Where the point x, y of the page lies in the photo that back maps to
    the page (the forward map)."""
    p = np.linalg.inv(np.array(list(back) + [1]).reshape(3, 3)) @ np.array([x, y, 1])
    return p[0] / p[2], p[1] / p[2]
