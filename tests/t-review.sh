#!/bin/bash
# ink-review after the whole pipeline on the project's own scans (front.png,
# and page 2 of the two-page two.tif): the page is well-formed HTML (and
# XML); it holds one crop per metric row, least confident first; each crop
# is a PNG whose size and place on the page follow from the lines CSV (the
# paragraph's lines per column, 40 pixels around), whose pixels are the
# page's own (within one gray level) except for the outlines, and whose
# confidence is the lowest line confidence of the paragraph. -a adds the
# counts that are not twins of a metric; a paragraph over a page break is
# cropped from both pages. The output appears whole or not at all.
set -u -o pipefail
py=/usr/bin/python3
$py -c 'import PIL' 2> /dev/null || { echo "python3-pil not installed"; exit 77; }
command -v xmllint > /dev/null || { echo "xmllint not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

mkdir scans
cp "$TOP/fixtures/scans/front.png" "$TOP/fixtures/scans/two.tif" scans/
"$INKBIN/ink-ocr" -q scans/front.png scans/two.tif > lines.csv || fail "ink-ocr exit $?"
"$INKBIN/ink-reflow" lines.csv > paras.csv || fail "ink-reflow exit $?"
"$INKBIN/ink-extract" paras.csv > ents.csv || fail "ink-extract exit $?"

# the pipeline's metrics, all its numbers, and a paragraph that runs over a
# page break; and with each figure's own box when ink-extract gives it
D=$TOP/tests/data/ink-review
runs=("metrics ents.csv lines.csv" "all ents.csv lines.csv"
	"pagebreak $D/pagebreak.entities.csv $D/two.lines.csv")
if "$INKBIN/ink-extract" --help 2>&1 | grep -q -- '--lines'; then
	"$INKBIN/ink-extract" --lines lines.csv paras.csv > boxes.csv || fail "ink-extract --lines exit $?"
	runs+=("boxes boxes.csv lines.csv")
else
	echo "ink-extract has no --lines: the figures' own boxes are not tried"
fi
for run in "${runs[@]}"; do
	set -- $run
	mode=$1 ents=$2 lines=$3
	opt=; [ $mode = all ] && opt=-a
	"$INKBIN/ink-review" $opt -o $mode.html "$ents" "$lines" scans 2> err ||
		fail "ink-review $opt exit $?: $(cat err)"
	[ -s err ] && fail "ink-review $opt warned: $(cat err)"
	xmllint --html --noout $mode.html 2> xerr || fail "xmllint --html exit $?"
	[ -s xerr ] && fail "not well-formed HTML: $(head -5 xerr)"
	xmllint --noout $mode.html 2> xerr || fail "not well-formed XML: $(head -5 xerr)"
	grep -q 'http' $mode.html && fail "$mode.html refers to the network"
	$py - $mode "$lines" "$ents" $mode.html << 'PY' || fail "$mode.html: checks above"
import base64, csv, io, re, sys
from html.parser import HTMLParser
from PIL import Image

mode, linesf, entsf, htmlf = sys.argv[1:]
MARGIN, GAP = 40, 12
OUTLINE = {(220, 0, 0), (40, 90, 220)}
bad = []

lines = {}
for r in csv.DictReader(open(linesf, encoding="utf-8")):
    lines.setdefault((r["doc"], int(r["page"])), []).append(r)
pages = {}
def page(doc, n):
    if (doc, n) not in pages:
        im = Image.open("scans/%s.%s" % (doc, "png" if doc == "front" else "tif"))
        im.seek(n - 1)
        pages[doc, n] = im.convert("RGB")
    return pages[doc, n]

rows = list(csv.DictReader(open(entsf, encoding="utf-8")))
metric_spans = {(r["doc"], r["article"], r["para"], r["start"], r["end"])
                for r in rows if r["type"] == "metric"}
want = []
for i, r in enumerate(rows):
    if r["type"] == "metric" or (mode == "all" and r["type"] in ("count", "ordinal") and
            (r["doc"], r["article"], r["para"], r["start"], r["end"]) not in metric_spans):
        want.append((i, r))
metrics = sum(r["type"] == "metric" for r in rows)
if mode in ("metrics", "all", "boxes") and metrics < 5:
    bad.append("only %d metrics came through the pipeline" % metrics)

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.entries = []
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "div" and a.get("class") == "entry":
            self.entries.append({"attrs": a, "img": None})
        elif tag == "img" and a.get("class") == "crop":
            self.entries[-1]["img"] = a
p = P()
p.feed(open(htmlf, encoding="utf-8").read())
got = p.entries
if len(got) != len(want):
    bad.append("%d entries, want %d" % (len(got), len(want)))

# expected evidence of each row, from the lines CSV alone
exp = []
for i, r in want:
    doc, pg, a, b = r["doc"], int(r["page"]), int(r["first_line"]), int(r["last_line"])
    # a last line before the first: the paragraph goes on to the next page
    ls = [l for l in lines[doc, pg] if int(l["line"]) >= a and (b < a or int(l["line"]) <= b)]
    if b < a:
        ls += [l for l in lines.get((doc, pg + 1), []) if int(l["line"]) <= b]
    runs = []
    for l in ls:
        x, y, w, h = (int(l[k]) for k in "xywh")
        key = (int(l["page"]), l["block"])
        if not runs or key != runs[-1][0]:
            runs.append([key, x, y, x + w, y + h])
        else:
            u = runs[-1]
            u[1:] = [min(u[1], x), min(u[2], y), max(u[3], x + w), max(u[4], y + h)]
    if r.get("x"):
        # the row's own box, 3 margins left and right, 1 above and below, and its line
        x, y, w, h = (int(r[k]) for k in "xywh")
        runs = [[(pg, 0), x - 2 * MARGIN, y, x + w + 2 * MARGIN, y + h]]
        for l in lines[doc, pg]:
            if l["line"] == r.get("line"):
                u, lx, ly, lw, lh = runs[0], *(int(l[k]) for k in "xywh")
                u[1:] = [min(u[1], lx), min(u[2], ly), max(u[3], lx + lw), max(u[4], ly + lh)]
    regs = []
    for (p, _), x0, y0, x1, y1 in runs:
        im = page(doc, p)
        x0, y0 = max(0, x0 - MARGIN), max(0, y0 - MARGIN)
        x1, y1 = min(im.width, x1 + MARGIN), min(im.height, y1 + MARGIN)
        regs.append((p, (x0, y0, x1 - x0, y1 - y0)))
    conf = int(r["conf"]) if r.get("conf") else min(int(l["conf"]) for l in ls)
    exp.append((conf, i, r, regs))
exp.sort(key=lambda e: (e[0], e[1]))

prev = -1
for (conf, i, r, regs), g in zip(exp, got):
    a, img = g["attrs"], g["img"]
    name = "%s p%s %s %s" % (r["doc"], r["page"], r["type"], r["text"])
    if (a["data-doc"], a["data-page"], a["data-value"], a["data-type"]) != \
            (r["doc"], r["page"], r["value"], r["type"]):
        bad.append("%s: entry says %s" % (name, a))
        continue
    if int(a["data-conf"]) != conf:
        bad.append("%s: confidence %s, want the paragraph's lowest line conf %d"
                   % (name, a["data-conf"], conf))
    if int(a["data-conf"]) < prev:
        bad.append("%s: not least confident first" % name)
    prev = int(a["data-conf"])
    if img is None:
        bad.append("%s: no crop" % name)
        continue
    greg = list(zip((int(v) for v in img["data-pages"].split(";")),
                    (tuple(int(v) for v in s.split(",")) for s in img["data-regions"].split(";"))))
    if greg != regs:
        bad.append("%s: crop of %s, want %s" % (name, greg, regs))
        continue
    m = re.fullmatch(r"data:image/png;base64,([A-Za-z0-9+/=]+)", img["src"])
    if not m:
        bad.append("%s: src is not a PNG data: URI" % name)
        continue
    data = base64.b64decode(m.group(1), validate=True)
    crop = Image.open(io.BytesIO(data))
    crop.verify()
    crop = Image.open(io.BytesIO(data)).convert("RGB")
    W = max(w for _, (_, _, w, _) in regs)
    H = sum(h for _, (_, _, _, h) in regs) + GAP * (len(regs) - 1)
    if crop.size != (W, H) or (int(img["width"]), int(img["height"])) != (W, H):
        bad.append("%s: crop %s, attributes %sx%s, want %dx%d"
                   % (name, crop.size, img["width"], img["height"], W, H))
        continue
    # every pixel is the page's own (a gray page in 254 levels: one off at
    # most), or an outline drawn on it
    top, drawn = 0, 0
    for p, (x0, y0, w, h) in regs:
        im = page(r["doc"], p)
        part = crop.crop((0, top, w, top + h)).tobytes()
        src = im.crop((x0, y0, x0 + w, y0 + h)).tobytes()
        for k in range(0, len(part), 3):
            if part[k:k + 3] != src[k:k + 3] and \
                    max(abs(part[k + c] - src[k + c]) for c in range(3)) > 1:
                if tuple(part[k:k + 3]) not in OUTLINE:
                    bad.append("%s: pixel %d of part at %d,%d is neither the page's nor an outline"
                               % (name, k // 3, x0, y0))
                    break
                drawn += 1
        top += h + GAP
    if drawn < 100:
        bad.append("%s: no outline drawn (%d pixels)" % (name, drawn))
for b in bad:
    print(b)
print("%s: %d entries checked" % (mode, len(got)))
sys.exit(1 if bad else 0)
PY
done

# the output appears whole or not at all
ls | grep -q tmp && fail "temporary files left: $(ls)"
"$INKBIN/ink-review" -o new.html ents.csv nosuch.csv 2> /dev/null && fail "missing lines file: exit 0"
[ -e new.html ] && fail "new.html written though the lines file is missing"
ls | grep -q tmp && fail "temporary file left after a failure"
echo "ok"
exit 0
