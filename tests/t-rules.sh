#!/bin/bash
# Every rule file is its own test: each rule's example/nomatch lines must
# hold, run through the whole rule set (so rules that steal each other's
# matches show up here), and a broken example must make the check fail.
set -u
cd "$TOP"
"$INKBIN/ink-extract" --check-rules -r rules || { echo "rule examples fail"; exit 1; }
# one file alone, as an analyst checks the file being edited: the
# directory's definitions ({CNT}) are there, its other rules are not
for f in rules/*.rules; do
	"$INKBIN/ink-extract" --check-rules -r rules "$f" > /dev/null || { echo "$f alone fails"; exit 1; }
done
# a check that cannot fail proves nothing: a wrong example must be caught
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp rules/*.rules "$tmp/"
# the first example of numbers.rules (a count.measure one) gets a wrong
# value, whatever its sentence: the examples are rewritten now and then
sed -i '0,/^example .* => [0-9]/s/^\(example .* => \)\([0-9]\)/\19\2/' "$tmp/numbers.rules"
cmp -s rules/numbers.rules "$tmp/numbers.rules" && { echo "no numeric example found in numbers.rules"; exit 1; }
if "$INKBIN/ink-extract" --check-rules -r "$tmp" > "$tmp/out" 2> "$tmp/err"; then
	echo "a wrong example passed"; exit 1
fi
grep -q 'numbers.rules:[0-9]*: rule count.measure: example' "$tmp/err" || { cat "$tmp/err"; exit 1; }
exit 0
