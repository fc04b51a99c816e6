#!/bin/bash
# ink-ocr --to alto validates against the ALTO 4.2 schema, --to hocr is
# well-formed, and ink-reflow reads both back to the paragraphs it makes
# from the lines CSV of the same page.
set -eu -o pipefail
command -v xmllint >/dev/null || { echo "no xmllint (Debian libxml2-utils)"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
page=$TOP/fixtures/scans/front.png
ink-ocr -q "$page" > "$t/front.csv"
ink-ocr -q --to alto "$page" > "$t/front.alto"
ink-ocr -q --to hocr "$page" > "$t/front.hocr"
xmllint --nonet --noout --schema "$TOP/tests/xml/schema/alto-4-2.xsd" "$t/front.alto" 2> "$t/lint" || { cat "$t/lint"; exit 1; }
xmllint --nonet --noout "$t/front.hocr"
# the markup holds every line of the CSV, with its box
lines=$(($(wc -l < "$t/front.csv") - 1))
[ "$(grep -c '<TextLine ' "$t/front.alto")" = "$lines" ] || { echo "ALTO lines differ from the CSV's $lines"; exit 1; }
[ "$(grep -c "class=\"ocr_line\"" "$t/front.hocr")" = "$lines" ] || { echo "hOCR lines differ from the CSV's $lines"; exit 1; }
# and the words of the lines, boxed apart (the masthead line holds two)
grep -q '<SP/>' "$t/front.alto" || { echo "ALTO without words apart"; exit 1; }
[ "$(grep -c 'class="ocrx_word"' "$t/front.hocr")" -gt "$lines" ] || { echo "hOCR without words apart"; exit 1; }
ink-reflow --doc front "$t/front.csv" > "$t/from-csv"
ink-reflow --doc front "$t/front.alto" > "$t/from-alto"
ink-reflow --doc front "$t/front.hocr" > "$t/from-hocr"
[ -s "$t/from-csv" ] && [ "$(wc -l < "$t/from-csv")" -gt 3 ]
diff -u "$t/from-csv" "$t/from-alto"
diff -u "$t/from-csv" "$t/from-hocr"
echo "ALTO valid, hOCR well-formed, $lines lines, same paragraphs from all three"
