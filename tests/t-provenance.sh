#!/bin/bash
# A metric from a fixture scan traced to its pixels (ink-extract --lines):
# its box lies inside the printed line it names, cropping that box and
# OCR-ing it again gives the same digits, and its confidence is the lowest
# character confidence of the line within the box.
set -eu -o pipefail
py=/usr/bin/python3
$py -c 'import PIL' 2>/dev/null || { echo "no python3-pil"; exit 77; }
command -v tesseract >/dev/null || { echo "no tesseract"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
page=$TOP/fixtures/scans/front.png
ink-ocr -q "$page" > "$t/lines.csv"
ink-reflow "$t/lines.csv" > "$t/paras.csv"
ink-extract --issue-date 2021-04-01 --lines "$t/lines.csv" "$t/paras.csv" > "$t/ents.csv"
# lines without character boxes (hOCR, ALTO, an older CSV): boxes shared out along the line
/usr/bin/python3 -c '
import csv, sys
r = csv.DictReader(open(sys.argv[1])); f = [c for c in r.fieldnames if c != "chars"]
w = csv.DictWriter(sys.stdout, f, extrasaction="ignore", lineterminator="\n"); w.writeheader(); w.writerows(r)' \
	"$t/lines.csv" > "$t/nochars.csv"
ink-extract --issue-date 2021-04-01 --lines "$t/nochars.csv" "$t/paras.csv" > "$t/ents-nochars.csv"
# without --lines the columns are there and empty
ink-extract --issue-date 2021-04-01 "$t/paras.csv" > "$t/bare.csv"
head -1 "$t/bare.csv" | grep -q ',page,first_line,last_line,line,x,y,w,h,conf,last_page,line_page$'
! grep -q ',[0-9][0-9]*,[0-9][0-9]*,[0-9][0-9]*,[0-9][0-9]*,[0-9][0-9]*,[0-9][0-9]*,[0-9]*,[0-9][0-9]*$' <(tail -n +2 "$t/bare.csv")
for run in lines:ents nochars:ents-nochars; do
$py - "$t" "$page" "${run%%:*}" "${run#*:}" << 'PY'
import csv, subprocess, sys
from PIL import Image
t, page, lname, ename = sys.argv[1:5]
lines = {(r["page"], r["line"]): r for r in csv.DictReader(open(f"{t}/{lname}.csv"))}
ents = [r for r in csv.DictReader(open(f"{t}/{ename}.csv")) if r["type"] == "metric"]
assert len(ents) >= 3, f"only {len(ents)} metrics"
img = Image.open(page)
bad = 0
for i, e in enumerate(ents):
    x, y, w, h, conf = (int(e[k]) for k in ("x", "y", "w", "h", "conf"))
    # line names a line of line_page (the paragraph may have begun on an earlier page)
    l = lines[(e["line_page"], e["line"])]
    if lname == "lines" and not l.get("chars"):
        print(f"{e['text']}: line {l['line']} has no character boxes"); bad += 1
    lx, ly, lw, lh = (int(l[k]) for k in ("x", "y", "w", "h"))
    # inside the printed line (a pixel of slack for rounding)
    if not (lx - 1 <= x and x + w <= lx + lw + 1 and ly - 1 <= y and y + h <= ly + lh + 1):
        print(f"{e['text']}: box {x},{y} {w}x{h} outside line {l['line']} {lx},{ly} {lw}x{lh}"); bad += 1
    # the lowest character confidence within the box (the line's own when it has no character boxes)
    if l.get("chars"):
        cs = [c.split(":") for c in l["chars"].split()]
        inside = [int(c[4]) for c in cs if int(c[0]) >= x - 1 and int(c[0]) + int(c[2]) <= x + w + 1
                  and int(c[1]) >= y - 1 and int(c[1]) + int(c[3]) <= y + h + 1]
        want = min(inside) if inside else None
    else:
        want = int(l["conf"])
    if conf != want:
        print(f"{e['text']}: conf {conf}, the line's lowest within the box is {want}"); bad += 1
    # the crop, OCR'd again, reads the same digits
    m = max(4, h // 6)
    crop = img.crop((x - m, y - m, x + w + m, y + h + m))
    crop = crop.resize((crop.width * 3, crop.height * 3))
    crop.save(f"{t}/crop{i}.png")
    got = subprocess.run(["tesseract", f"{t}/crop{i}.png", "-", "-l", "chi_sim", "--psm", "7"],
                         capture_output=True, text=True).stdout
    digits = "".join(ch for ch in e["text"] if ch.isdigit())
    if digits and digits not in "".join(ch for ch in got if ch.isdigit()):
        print(f"{e['text']}: the crop reads {got.strip()!r}"); bad += 1
    if not (int(e["page"]) <= int(e["line_page"]) <= int(e["last_page"] or e["page"])):
        print(f"{e['text']}: line_page {e['line_page']} outside its paragraph's pages"); bad += 1
print(f"{lname}: {len(ents)} metrics traced to their boxes, {bad} problems")
sys.exit(1 if bad else 0)
PY
done
