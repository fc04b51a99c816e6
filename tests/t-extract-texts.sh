#!/bin/sh
# ink-extract over newsletter texts that twenty-six other writers made for this
# project without seeing the rules (tests/texts/README): entity micro-F1 per
# text and over all of them, keyed as the record contract says (count and
# ordinal by value and unit, metric by name and value, the rest by value).
# Fails when a text falls below FLOOR or the whole set below ALL. The
# floors sit under the scores measured when they were set (see README);
# raise them as the rules improve, never lower them to get green.
FLOOR=0.95
ALL=0.98
# texts/ holds reflowed text, fed to ink-extract; texts-ocr/ holds text laid
# out as OCR leaves a printed page (column lines, mastheads, stray spaces),
# fed through ink-reflow first, as a user's pipeline does.
dir=$TOP/tests/texts
ocr=$TOP/tests/texts-ocr
for t in ink-extract ink-reflow; do
	[ -x "$INKBIN/$t" ] || { echo "no $INKBIN/$t"; exit 77; }
done
command -v python3 > /dev/null || { echo "no python3"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
while read -r name date; do
	"$INKBIN/ink-extract" --issue-date "$date" --doc "$name" "$dir/$name.txt" > "$tmp/$name.csv" ||
		{ echo "$name: ink-extract failed"; exit 1; }
	echo "$dir $name"
done < "$dir/issue-dates.tsv" > "$tmp/list"
while read -r name date; do
	# a file between the two, not a pipe, so that either one's failure shows
	"$INKBIN/ink-reflow" --to csv --doc "$name" "$ocr/$name.txt" > "$tmp/$name.paras.csv" ||
		{ echo "$name: ink-reflow failed"; exit 1; }
	"$INKBIN/ink-extract" --issue-date "$date" < "$tmp/$name.paras.csv" > "$tmp/$name.csv" ||
		{ echo "$name: ink-extract (after ink-reflow) failed"; exit 1; }
	echo "$ocr $name"
done < "$ocr/issue-dates.tsv" >> "$tmp/list"
python3 - "$tmp" "$FLOOR" "$ALL" <<'PY'
import csv, sys
from collections import Counter
out, floor, want = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])

def key(r):
    t, v = r['type'], ''.join(r['value'].split())
    if t in ('count', 'ordinal'):
        return (t, v, r['unit'])
    if t == 'metric':
        return (t, r['subject'], v)
    return (t, v)

def rows(path):
    with open(path, encoding='utf-8', newline='') as f:
        return Counter(key(r) for r in csv.DictReader(f))

def f1(tp, ng, no):
    p, r = (tp / no if no else 0), (tp / ng if ng else 0)
    return 2 * p * r / (p + r) if p + r else 0

TP = G = O = 0
bad = 0
for line in open(out + '/list', encoding='utf-8'):
    src, name = line.split()
    gold, got = rows(f'{src}/{name}.entities.csv'), rows(f'{out}/{name}.csv')
    tp, ng, no = sum((gold & got).values()), sum(gold.values()), sum(got.values())
    TP, G, O = TP + tp, G + ng, O + no
    f = f1(tp, ng, no)
    flag = '' if f >= floor else f'  BELOW {floor}'
    bad += f < floor
    via = ' (ink-reflow | ink-extract)' if src.endswith('-ocr') else ''
    print(f'{name:4s} F1 {f:.3f}  gold {ng:3d} got {no:3d}{flag}{via}')
    for k, n in sorted((gold - got).items()):
        print('      missed', '|'.join(k), f'x{n}' if n > 1 else '')
    for k, n in sorted((got - gold).items()):
        print('      extra ', '|'.join(k), f'x{n}' if n > 1 else '')
f = f1(TP, G, O)
print(f'all  F1 {f:.3f}  gold {G} got {O}' + ('' if f >= want else f'  BELOW {want}'))
sys.exit(1 if bad or f < want else 0)
PY
