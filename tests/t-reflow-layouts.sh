#!/bin/sh
# ink-reflow on the layouts archives hold (tests/reflow/: texts of ours set
# born-digital, wide, wide with blank lines, narrow, headlines after their
# article by mk-layouts; and lines CSVs that ink-ocr read from pages of
# ours rendered in 2 to 5 columns), scored against their gold with the
# project's scorer.  Each must reach paragraph F1 >= 0.95, article and
# headline F1 >= 0.9; text input fidelity >= 0.999 (a scan's fidelity
# counts the OCR's misreadings).  And on every input, as t-reflow-fidelity
# does on its own: the paragraphs CSV holds every character of the input,
# none added, after the contract's normalisations.  Last, the mean per
# layout.
set -u
score=$SHARED/eval/score-reflow
[ -x "$score" ] || { echo "no $score"; exit 77; }
command -v python3 > /dev/null || { echo "no python3"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for f in "$TOP"/tests/reflow/layouts/*.txt "$TOP"/tests/reflow/scans/*.csv; do
	[ -f "$f" ] || continue
	case "$f" in *.gold.txt) continue ;; esac
	gold=${f%.*}.gold.txt
	[ -f "$gold" ] || { echo "FAIL $(basename "$f"): no gold"; fail=1; continue; }
	n=$((n + 1))
	if ! "$INKBIN/ink-reflow" --to text "$f" > "$tmp/out" 2> "$tmp/err"; then
		echo "FAIL $(basename "$f"): ink-reflow exit $?: $(head -c 300 "$tmp/err")"
		fail=1; continue
	fi
	case "$f" in *.csv) fid=0 ;; *) fid=0.999 ;; esac
	if ! "$INKBIN/ink-reflow" --to csv "$f" > "$tmp/csv" 2> /dev/null ||
	    ! python3 - "$f" "$tmp/csv" <<'EOF'
import csv, sys, unicodedata
from collections import Counter
FW = str.maketrans(",:;?!()", "，：；？！（）")
def norm(s):
    out = []
    for c in s.translate(FW):
        if c.isspace() or c in "-\u00ad":
            continue
        if unicodedata.category(c) in ("Nd", "Lu", "Ll"):
            k = unicodedata.normalize("NFKC", c)
            c = k if len(k) == 1 and ord(k) < 0x80 else c
        out.append(c)
    return Counter(out)
src, out = sys.argv[1:3]
if src.endswith(".csv"):
    want = norm("".join(r["text"] for r in csv.DictReader(open(src, encoding="utf-8"))))
else:
    want = norm(open(src, encoding="utf-8").read())
got = norm("".join(r["text"] for r in csv.DictReader(open(out, encoding="utf-8"))))
if got != want:
    print("lost %s, added %s" % (dict(want - got), dict(got - want)))
    sys.exit(1)
EOF
	then
		echo "FAIL $(basename "$f"): characters lost or added"
		fail=1; continue
	fi
	last=$("$score" "$gold" "$tmp/out" | tail -1)
	# reflow F1 <p> article-F1 <a> headline-F1 <h> fidelity <f>
	if echo "$last" | awk -v fid=$fid '{ exit !($3 >= 0.95 && $5 >= 0.9 && $7 >= 0.9 && $9 >= fid) }'; then
		echo "ok   $(basename "$f"): $last"
	else
		echo "FAIL $(basename "$f"): $last"
		"$score" "$gold" "$tmp/out" -v | grep -E 'missed|extra' | head -10
		fail=1
	fi
done | tee "$tmp/log"
grep -q '^FAIL' "$tmp/log" && fail=1
[ -s "$tmp/log" ] || { echo "no layout fixtures"; exit 1; }
# the mean of each layout (the file name up to its text's name)
awk '$1 == "ok" || $1 == "FAIL" { l = $2; sub(/-[^-]*$/, "", l); sub(/\.csv:$/, "", l)
	P[l] += $5; A[l] += $7; H[l] += $9; F[l] += $11; N[l]++ }
    END { for (l in N) printf "layout %-16s n %d paragraph %.3f article %.3f headline %.3f fidelity %.4f\n",
	l, N[l], P[l] / N[l], A[l] / N[l], H[l] / N[l], F[l] / N[l] }' "$tmp/log" | sort
exit $fail
