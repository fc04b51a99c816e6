#!/bin/bash
# The review page in a real browser: headless Chromium (Debian's chromium)
# opens the file from disk, offline. Through the DOM after load: one entry
# per metric and one image in each, decoded at its stated size, laid out
# visibly, its pixels a text crop (ink on paper), not blank. Through a
# screenshot of the page as written: the screen is not blank where each
# crop is, and shows ink there.
set -u -o pipefail
py=/usr/bin/python3
chromium=$(command -v chromium || command -v chromium-browser) ||
	{ echo "chromium not installed"; exit 77; }
$py -c 'import PIL' 2> /dev/null || { echo "python3-pil not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

"$INKBIN/ink-ocr" -q "$TOP/fixtures/scans/front.png" > lines.csv || fail "ink-ocr exit $?"
"$INKBIN/ink-reflow" lines.csv > paras.csv || fail "ink-reflow exit $?"
"$INKBIN/ink-extract" paras.csv > ents.csv || fail "ink-extract exit $?"
"$INKBIN/ink-review" -o review.html ents.csv lines.csv "$TOP/fixtures/scans/front.png" ||
	fail "ink-review exit $?"
metrics=$($py -c 'import csv,sys; print(sum(r["type"] == "metric" for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))))' ents.csv) ||
	fail "cannot count the metrics"
[ "$metrics" -ge 3 ] || fail "only $metrics metrics came through the pipeline"

# a copy with a probe that reads what the browser made of each image; it
# adds nothing visible, so the layout it reports is the page's own
sed 's#</body>#<script>\
addEventListener("load", function () {\
  var out = ["entries=" + document.querySelectorAll("div.entry").length];\
  document.querySelectorAll("div.entry").forEach(function (e, i) {\
    var im = e.querySelector("img.crop");\
    if (!im) { out.push(i + ",none"); return; }\
    var r = im.getBoundingClientRect(), c = document.createElement("canvas");\
    c.width = im.naturalWidth; c.height = im.naturalHeight;\
    var g = c.getContext("2d"), dark = 0, light = 0;\
    g.drawImage(im, 0, 0);\
    var d = c.width ? g.getImageData(0, 0, c.width, c.height).data : [];\
    for (var k = 0; k < d.length; k += 4) {\
      var v = (d[k] + d[k + 1] + d[k + 2]) / 3;\
      if (v < 100) dark++; else if (v > 200) light++;\
    }\
    var s = getComputedStyle(im);\
    out.push([i, im.complete ? 1 : 0, im.naturalWidth, im.naturalHeight,\
      im.getAttribute("width"), im.getAttribute("height"),\
      Math.round(r.left + scrollX), Math.round(r.top + scrollY),\
      Math.round(r.width), Math.round(r.height), dark, light,\
      s.display, s.visibility].join(","));\
  });\
  var p = document.createElement("pre");\
  p.id = "probe"; p.style.display = "none"; p.textContent = out.join("\\n");\
  document.body.appendChild(p);\
});\
</script></body>#' review.html > probe.html
grep -q 'id = "probe"\|p.id = "probe"' probe.html || fail "probe not added"

run() {
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$tmp/profile" --force-device-scale-factor=1 --hide-scrollbars \
		--virtual-time-budget=10000 "$@" 2> chromium.err
}
run --window-size=1280,1000 --dump-dom "file://$tmp/probe.html" > dom.html ||
	fail "chromium --dump-dom exit $?: $(tail -3 chromium.err)"
$py - "$metrics" dom.html > rects << 'PY' || fail "the DOM after load: see above"
import html, re, sys
metrics, dom = int(sys.argv[1]), open(sys.argv[2], encoding="utf-8").read()
m = re.search(r'<pre id="probe"[^>]*>(.*?)</pre>', dom, re.S)
if not m:
    print("no probe in the DOM: the page did not load", file=sys.stderr); sys.exit(1)
rows = html.unescape(m.group(1)).split("\n")
bad, n = [], int(rows[0].split("=")[1])
if n != metrics:
    bad.append("%d entries in the DOM, want %d metrics" % (n, metrics))
for r in rows[1:]:
    f = r.split(",")
    if f[1] == "none":
        bad.append("entry %s: no image" % f[0]); continue
    i, done, nw, nh, aw, ah, x, y, w, h, dark, light = map(int, f[:12])
    disp, vis = f[12], f[13]
    if not done or nw == 0 or nh == 0:
        bad.append("entry %d: image not decoded" % i)
    if (nw, nh) != (aw, ah):
        bad.append("entry %d: decoded %dx%d, the page says %dx%d" % (i, nw, nh, aw, ah))
    if w < 50 or h < 20 or disp == "none" or vis != "visible":
        bad.append("entry %d: laid out %dx%d, display %s, visibility %s" % (i, w, h, disp, vis))
    px = max(1, nw * nh)
    if dark < px * 0.01 or light < px * 0.3:
        bad.append("entry %d: blank or not a text crop: %d dark, %d light of %d pixels"
                   % (i, dark, light, px))
    print(i, x, y, w, h)
for b in bad:
    print(b, file=sys.stderr)
if len(rows) - 1 != n:
    print("%d images probed, %d entries" % (len(rows) - 1, n), file=sys.stderr); sys.exit(1)
sys.exit(1 if bad else 0)
PY

# the page as written, on screen: ink where each crop is
height=$(awk '{ b = $3 + $5; if (b > m) m = b } END { print m + 50 }' rects)
[ "$height" -le 16000 ] || height=16000
run --window-size=1280,"$height" --screenshot="$tmp/shot.png" "file://$tmp/review.html" > /dev/null ||
	fail "chromium --screenshot exit $?: $(tail -3 chromium.err)"
[ -s shot.png ] || fail "no screenshot"
$py - shot.png rects << 'PY' || fail "the screenshot: see above"
import sys
from PIL import Image
shot = Image.open(sys.argv[1]).convert("L")
bad, n = [], 0
for line in open(sys.argv[2]):
    i, x, y, w, h = map(int, line.split())
    if y + h > shot.height:
        continue
    n += 1
    area = shot.crop((x + 2, y + 2, x + w - 2, y + h - 2))
    px = list(area.getdata())
    dark = sum(v < 100 for v in px)
    if max(px) - min(px) < 100 or dark < len(px) * 0.01:
        bad.append("crop %d at %d,%d %dx%d is blank on screen (%d dark of %d)"
                   % (i, x, y, w, h, dark, len(px)))
# and the page is not all crops: around them it is the white page
if n == 0:
    bad.append("no crop within the screenshot")
for b in bad:
    print(b, file=sys.stderr)
print("%d crops seen on screen" % n)
sys.exit(1 if bad else 0)
PY
echo "ok: $metrics metrics, each shown in the browser"
exit 0
