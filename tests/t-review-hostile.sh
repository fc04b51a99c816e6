#!/bin/bash
# ink-review on hostile input (made by tests/hostile/gen, and broken page
# images): every message names the file and line (or image and page); a
# bad row or image never takes the rest of the page with it; the figures
# whose image is bad still appear, with the reason in place of the crop.
set -u -o pipefail
[ -x /usr/bin/python3 ] || { echo "no /usr/bin/python3 for tests/hostile/gen"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$TOP/tests/hostile/gen" "$tmp/in" > /dev/null || { echo "FAIL: tests/hostile/gen"; exit 1; }
cd "$tmp/in" || exit 1
D=$TOP/tests/data/ink-review
R=$INKBIN/ink-review
fails=0
# check NAME WANT_RC ERR_ERE OUT_ERE -- command: the status, a line of
# stderr and a line of stdout must match; a sanitizer report fails
check() {
	local name=$1 rc_re=$2 err_re=$3 out_re=$4 rc
	shift 5
	timeout 120 "$@" > out 2> err
	rc=$?
	if ! [[ $rc =~ ^($rc_re)$ ]]; then
		echo "FAIL $name: exit $rc, want $rc_re"; fails=$((fails + 1))
	elif [ -n "$err_re" ] && ! grep -Eq -- "$err_re" err; then
		echo "FAIL $name: stderr lacks /$err_re/"; fails=$((fails + 1))
	elif [ -n "$out_re" ] && ! grep -Eq -- "$out_re" out; then
		echo "FAIL $name: output lacks /$out_re/"; fails=$((fails + 1))
	elif grep -Eq 'Sanitizer|runtime error' err; then
		echo "FAIL $name: sanitizer"; fails=$((fails + 1))
	else
		echo "ok   $name"; return
	fi
	head -5 err | sed 's/^/     /'
}
GOOD='data-value="12"'	# a row of prov.entities.csv after the bad spot

check lines-unbalanced 1 'lines-unbalanced\.csv:3: .*(malformed|quote)' '<html' -- \
	"$R" "$D/prov.entities.csv" lines-unbalanced.csv
check lines-short-row 1 'lines-short-row\.csv:2: ' '<html' -- \
	"$R" "$D/prov.entities.csv" lines-short-row.csv
check lines-bignum 1 'lines-bignum\.csv:2: .*lines-bignum\.csv:3: |lines-bignum\.csv:3: ' '<html' -- \
	"$R" "$D/prov.entities.csv" lines-bignum.csv
check ent-unbalanced 1 'ent-unbalanced\.csv:[0-9]+: .*(malformed|quote)' '' -- \
	"$R" -a ent-unbalanced.csv "$D/front.lines.csv"
check ent-badutf8 0 'ent-badutf8\.csv:[0-9]+: invalid UTF-8' '' -- \
	"$R" -a ent-badutf8.csv "$D/front.lines.csv"
check ent-short-row 1 'ent-short-row\.csv:2: 6 fields, want 12' 'data-value="4"' -- \
	"$R" -a ent-short-row.csv "$D/front.lines.csv"
check ent-plain-text-big 0 '' 'data-value="199999"' -- \
	"$R" -a ent-big.csv "$D/front.lines.csv"
check closed-pipe '0|141' '' '' -- \
	bash -c "'$R' -a ent-big.csv '$D/front.lines.csv' | head -1 > /dev/null; exit \${PIPESTATUS[0]}"
for f in zero.png truncated.png huge.png notimage.png garbage.pdf; do
	rm -rf img; mkdir img; cp "$f" img/front."${f##*.}"
	check image-$f 0 "img/front\.${f##*.}: page 1: " "$GOOD" -- \
		"$R" "$D/prov.entities.csv" "$D/front.lines.csv" img
	grep -q 'img class="crop"' out && { echo "FAIL image-$f: a crop from a bad image"; fails=$((fails + 1)); }
	[ "$(grep -c 'class="missing"' out)" = 3 ] ||
		{ echo "FAIL image-$f: not every figure says why it has no crop"; fails=$((fails + 1)); }
done
# one bad image among good ones: the good document is still cropped
rm -rf img; mkdir img; cp truncated.png img/front.png; cp "$TOP/fixtures/scans/two.tif" img/
{ cat "$D/prov.entities.csv"; sed 1d "$D/two.entities.csv" | awk -F, -v OFS=, '{ print $0, "", "", "", "", "", "", "" }'; } > mixed.csv
check bad-among-good 0 'img/front\.png: page 1: truncated' 'data-doc="two"' -- \
	"$R" mixed.csv "$D/two.lines.csv" img
n=$(grep -o 'img class="crop"' out | wc -l)
[ "$n" -ge 6 ] || { echo "FAIL bad-among-good: $n crops, want the 6 of two.tif"; fails=$((fails + 1)); }
# a PDF beside its rendered page: the image is taken, whatever the order
rm -rf img; mkdir img; cp "$TOP/fixtures/scans/layer.pdf" img/front.pdf; cp "$TOP/fixtures/scans/front.png" img/
check pdf-beside-image 0 '' "$GOOD" -- "$R" "$D/prov.entities.csv" "$D/front.lines.csv" img
[ -s err ] && { echo "FAIL pdf-beside-image: warned $(cat err)"; fails=$((fails + 1)); }
[ "$(grep -c 'img class="crop"' out)" = 3 ] || { echo "FAIL pdf-beside-image: not 3 crops"; fails=$((fails + 1)); }
check pdf-named-last 0 '' "$GOOD" -- "$R" "$D/prov.entities.csv" "$D/front.lines.csv" img/front.png img/front.pdf
[ "$(grep -c 'img class="crop"' out)" = 3 ] || { echo "FAIL pdf-named-last: not 3 crops"; fails=$((fails + 1)); }

# markup in the input is text on the page, never markup
printf '%s\n' 'doc,type,text,value,unit,subject,rule,page,first_line,last_line' \
	'front,metric,"<script>alert(1)</script>9台",9,"台""><img src=x onerror=alert(2)>",a&b,r</td>,1,5,11' > markup.csv
check markup 0 '' '&lt;script&gt;alert\(1\)&lt;/script&gt;9台' -- "$R" markup.csv "$D/front.lines.csv" img
if grep -q '<script\|<img src=x' out || ! xmllint --noout out 2> /dev/null; then
	echo "FAIL markup: input markup reached the page as markup"; fails=$((fails + 1))
fi
[ $fails = 0 ] || exit 1
echo "all passed"
