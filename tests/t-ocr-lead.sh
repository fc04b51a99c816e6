#!/bin/bash
# ink-ocr on a newsletter article whose lead runs at full width over its two
# columns, with no blank row between lead and columns (the lines are set
# evenly all down the article). No gutter crosses the article, as the lead
# spans it; below the lead the columns must still be read one after the
# other, not line by line across. Renders our own page.
set -u
. "$TOP/tests/ocr-render.sh"
need_cjk_font

/usr/bin/python3 - "$tmp" <<'PY' || { echo "render failed"; exit 1; }
import sys, os, subprocess
import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageFilter
out = sys.argv[1]
rnd = np.random.RandomState(41)
face = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC:style=Regular"],
                      capture_output=True, text=True).stdout
body = ImageFont.truetype(face, 30, index=2)
big = ImageFont.truetype(face, 64, index=2)
lh = 46
W, H = 1500, 760
im = Image.new("L", (W, H), 248)
d = ImageDraw.Draw(im)
d.text((80, 50), "街道再添六台加装电梯", font=big, fill=25)
y = 160
for ln in ["导语一 本报讯 五月十八日上午，街道在白玉小区举行加装电梯集中开工仪式，六台",
           "导语二 电梯同日开工，预计年底前全部投入使用，居民们早早来到现场。"]:
    d.text((80, y), ln, font=body, fill=25)
    y += lh
for x0, k in ((80, "左栏"), (790, "右栏")):
    yy = y
    for n in "一二三四五":
        d.text((x0, yy), "%s%s 居民区党总支牵头成立小组，" % (k, n), font=body, fill=25)
        yy += lh
im = im.filter(ImageFilter.GaussianBlur(0.6))
a = np.array(im, float) + rnd.normal(0, 5, (H, W))
Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(os.path.join(out, "lead.png"))
PY

"$ocr" -q -j 1 "$tmp/lead.png" > "$tmp/lead.csv" 2> "$tmp/lead.err" ||
	{ echo "ink-ocr failed on lead.png: $(cat "$tmp/lead.err")"; exit 1; }

/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys, os
text = [r["text"] for r in csv.DictReader(open(os.path.join(sys.argv[1], "lead.csv"), encoding="utf-8"))]
bad = []
def at(s):
    hits = [i for i, t in enumerate(text) if s in t]
    if not hits:
        bad.append("no line holds %s" % s)
        return None
    return hits[0]
seq = [at(s) for s in ["导语一", "导语二"] + ["%s%s" % (k, n) for k in ("左栏", "右栏") for n in "一二三四五"]]
got = [i for i in seq if i is not None]
if got != sorted(got):
    bad.append("reading order %s" % seq)
for t in text:
    if "左栏" in t and "右栏" in t:
        bad.append("columns read across as one line: %s" % t)
for m in bad:
    print("FAIL", m)
sys.exit(1 if bad else 0)
PY
