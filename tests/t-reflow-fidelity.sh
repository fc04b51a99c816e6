#!/bin/bash
# ink-reflow never drops or alters a character: on every golden input,
# fixture and test text (UTF-8 ones), the paragraphs CSV holds exactly the
# characters of the input, counted one by one, after the contract's
# normalisations (spaces go, half-width ,:;?!() become full-width,
# full-width letters and digits become ASCII, a hyphen at a line end may
# go); and the text output holds exactly the CSV's rows less furniture
# and captions.
# A lines CSV counts the characters of its text column.
set -u
command -v python3 > /dev/null || { echo "no python3"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# the golden inputs, written out of tests/ink-reflow.test
mkdir "$tmp/golden" && "$TOP/tests/testfile" extract "$tmp/golden" "$tmp" "$TOP/tests/ink-reflow.test" ||
	{ echo "tests/ink-reflow.test unreadable"; exit 1; }
n=0 fail=0
for f in "$tmp"/golden/ink-reflow/*/in.* "$TOP"/fixtures/*.txt "$TOP"/tests/texts/*.txt \
    "$TOP"/tests/texts-ocr/*.txt; do
	[ -f "$f" ] || continue
	case "$f" in *.reflow.txt) continue ;; esac
	# only UTF-8 input: a replaced byte is no character of the text
	iconv -f UTF-8 -t UTF-8 "$f" > /dev/null 2>&1 || continue
	grep -qaP '\x00' "$f" && continue
	n=$((n + 1))
	"$INKBIN/ink-reflow" --to csv "$f" > "$tmp/csv" 2> /dev/null
	rc=$?
	"$INKBIN/ink-reflow" --to text "$f" > "$tmp/txt" 2> /dev/null
	rc2=$?
	# a bad lines CSV (missing column, bad rows) is refused in part, on purpose
	[ $rc = 0 ] && [ $rc2 = 0 ] || { [ $rc = $rc2 ] && continue; }
	if ! python3 - "$f" "$tmp/csv" "$tmp/txt" <<'EOF'
import csv, sys, unicodedata
from collections import Counter
src, outcsv, outtxt = sys.argv[1:4]
FW = str.maketrans(",:;?!()", "，：；？！（）")
def norm(s):
    out = []
    for c in s.translate(FW):
        if c.isspace() or c in "-\u00ad" or ord(c) < 0x20:
            continue
        if unicodedata.category(c) in ("Nd", "Lu", "Ll"):
            k = unicodedata.normalize("NFKC", c)
            if len(k) == 1 and ord(k) < 0x80:
                c = k
        out.append(c)
    return Counter(out)
raw = open(src, encoding="utf-8-sig").read()
if raw.startswith("doc,") and ",text" in raw.split("\n", 1)[0]:
    rows = list(csv.DictReader(open(src, encoding="utf-8-sig", newline="")))
    want = norm("".join(r.get("text") or "" for r in rows if r.get("text") is not None))
else:
    want = norm(raw)
rows = list(csv.DictReader(open(outcsv, encoding="utf-8", newline="")))
got = norm("".join(r["text"] for r in rows))
kept = norm("".join(r["text"] for r in rows if r["kind"] not in ("furniture", "caption")))
text = norm("".join(l[2:] if l.startswith("# ") else l
                    for l in open(outtxt, encoding="utf-8").read().splitlines()))
bad = 0
if got != want:
    print("csv: lost %s, added %s" % (dict(want - got), dict(got - want)))
    bad = 1
if text != kept:
    print("text: lost %s, added %s" % (dict(kept - text), dict(text - kept)))
    bad = 1
sys.exit(bad)
EOF
	then
		f=${f#"$tmp"/golden/}; echo "FAIL ${f#"$TOP"/}"
		fail=1
	fi
done
[ $n -gt 0 ] || { echo "no inputs"; exit 1; }
echo "$n inputs checked"
exit $fail
