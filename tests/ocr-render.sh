# Sourced by the t-ocr-*.sh scripts that render their own pages with
# python3-pil and numpy (skipped, 77, without them). Sets ocr, the ink-ocr
# to run, and tmp, a folder removed on exit (kept when KEEP names one, to
# look at a failing page).
# OCR under ASan takes minutes per page, so when INKBIN is the sanitized
# build ocr is the plain build in $TOP/bin if there is one.
/usr/bin/python3 -c 'import PIL, numpy' 2>/dev/null || { echo "no python3-pil/numpy"; exit 77; }
ocr=$INKBIN/ink-ocr
case "$INKBIN" in */san/*) [ -x "$TOP/bin/ink-ocr" ] && ocr=$TOP/bin/ink-ocr ;; esac
if [ -n "${KEEP:-}" ]; then
	tmp=$KEEP
	mkdir -p "$tmp"
else
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi

# the pages are set in Noto Serif CJK
need_cjk_font() {
	fc-list :lang=zh | grep -q "Noto Serif CJK" || { echo "no fonts-noto-cjk"; exit 77; }
}

# the page scripts import tests/ocrpage.py
export PYTHONPATH="$TOP/tests${PYTHONPATH:+:$PYTHONPATH}"
