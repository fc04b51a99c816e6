#!/bin/bash
# ink-batch --review: one crop per metric of the run, each entity row from a
# scan carrying its line and box, and the page made again only with the tables.
set -eu -o pipefail
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
mkdir "$t/in"
cp "$TOP/fixtures/scans/front.png" "$t/in/长白_2021-04.png"
ink-batch -q --review "$t/in" "$t/out"
[ -s "$t/out/review.html" ] || { echo "no review.html"; exit 1; }
metrics=$(awk -F, '$6 == "metric"' "$t/out/entities.csv" | wc -l)
crops=$(grep -o '<img' "$t/out/review.html" | wc -l)
[ "$metrics" -gt 0 ] && [ "$crops" = "$metrics" ] || { echo "$metrics metrics, $crops crops"; exit 1; }
# every metric has its box: line,x,y,w,h,conf are the last six columns
bare=$(awk -F, '$6 == "metric" && $NF == ""' "$t/out/entities.csv" | wc -l)
[ "$bare" = 0 ] || { echo "$bare metrics without a box"; exit 1; }
before=$(stat -c %Y "$t/out/review.html")
sleep 1
ink-batch -q --review "$t/in" "$t/out"
[ "$(stat -c %Y "$t/out/review.html")" = "$before" ] || { echo "review.html made again with nothing changed"; exit 1; }
echo "$metrics metrics, $crops crops"
