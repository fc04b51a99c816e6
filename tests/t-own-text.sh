#!/bin/sh
# The shared corpus is for measuring, not for shipping: no file of the
# project (tracked, or new and not ignored, so that it is caught before
# its commit) may carry a run of 12 characters (whitespace ignored, at
# least 4 of them Han) from a corpus text. Fixtures and test inputs are
# text we wrote ourselves.
[ -d "$SHARED/corpus" ] || { echo "no $SHARED/corpus"; exit 77; }
cd "$TOP" || exit 1
git -c core.quotepath=off ls-files -z --cached --others --exclude-standard 2>/dev/null > /tmp/own-text.$$ || { echo "not a git checkout"; exit 77; }
python3 - "$SHARED/corpus" /tmp/own-text.$$ <<'PY'
import glob, re, sys
K = 12
corpus, listing = sys.argv[1], sys.argv[2]
han = re.compile(r'[\u3400-\u9fff]')
grams = set()
for f in glob.glob(corpus + '/*.txt'):
    t = re.sub(r'\s', '', open(f, encoding='utf-8', errors='replace').read())
    grams.update(t[i:i + K] for i in range(len(t) - K + 1))
bad = 0
for f in open(listing, 'rb').read().decode().split('\0'):
    if not f:
        continue
    try:
        t = re.sub(r'\s', '', open(f, encoding='utf-8').read())
    except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
        continue
    hits = [t[i:i + K] for i in range(len(t) - K + 1)
            if t[i:i + K] in grams and len(han.findall(t[i:i + K])) >= 4]
    if hits:
        bad += 1
        print(f'{f}: {len(hits)} runs shared with the corpus, e.g. {hits[0]}')
sys.exit(1 if bad else 0)
PY
rc=$?
rm -f /tmp/own-text.$$
exit $rc
