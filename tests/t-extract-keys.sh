#!/bin/bash
# Every key of the rule language (the key table of lib/extract/rules.c)
# is documented in rules/README and in ink-extract(1), and the loader
# knows every key the README shows.
set -u
top=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
keys=$(sed -n '/^} keys\[\] = {/,/^};/s/^[[:space:]]*{ "\([a-z-]*\)",.*/\1/p' "$top/lib/extract/rules.c")
[ "$(printf '%s\n' "$keys" | wc -l)" -ge 20 ] || { echo "cannot read the key table: $keys"; exit 1; }
fail=0
for k in $keys; do
	grep -q "^  $k " "$top/rules/README" || grep -q "^  $k\$" "$top/rules/README" ||
		{ echo "rules/README: key $k undocumented"; fail=1; }
	grep -q "^\.B[I]* $(printf '%s' "$k" | sed 's/-/\\\\-/g')\b" "$top/tools/ink-extract.1" ||
		{ echo "ink-extract.1: key $k undocumented"; fail=1; }
done
# the README's format lines name no key the loader lacks
for k in $(sed -n '/^The format/,/^Check a change/s/^  \([a-z][a-z-]*\) .*/\1/p' "$top/rules/README" | sort -u); do
	printf '%s\n' "$keys" | grep -qx "$k" || { echo "rules/README: $k is no key"; fail=1; }
done
[ $fail = 0 ] && echo "$(printf '%s\n' "$keys" | wc -l) keys documented"
exit $fail
