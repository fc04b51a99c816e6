#!/bin/bash
# Every tool's --help and its man page agree: the usage lines are the man
# page's SYNOPSIS, every option --help names is documented in the man page,
# --help exits 0 and a bad option exits 2 with the usage on stderr.
set -u
cd "$TOP"
command -v man > /dev/null || { echo "man not installed"; exit 77; }
norm() { sed -e 's/\x1b\[[0-9;]*m//g' -e 's/.\x08//g' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//'; }
fail=0 n=0
for page in tools/ink-*.1; do
	tool=$(basename "$page" .1)
	exe=$INKBIN/$tool
	[ -x "$exe" ] || exe=tools/$tool	# scripts such as ink-batch
	[ -x "$exe" ] || { echo "$tool: no executable"; fail=1; continue; }
	n=$((n + 1))
	help=$("$exe" --help 2>&1); rc=$?
	[ $rc = 0 ] || { echo "$tool --help: exit $rc"; fail=1; }
	# usage lines: "usage: tool ..." and continuation lines "       tool ..."
	printf '%s\n' "$help" | awk -v t="$tool" '
		/^usage: / { sub(/^usage: /, ""); print; u = 1; next }
		u && $1 == t { print; next }
		{ u = 0 }' | norm | sort > /tmp/help.$$
	MANWIDTH=2000 man -l "$page" 2> /dev/null | col -b | awk -v t="$tool" '
		/^[A-Z][A-Z ]+$/ { s = ($0 == "SYNOPSIS"); next }
		s && NF { line = $0; sub(/^[ \t]+/, "", line)
			if (line ~ "^" t "( |$)") { if (cur != "") print cur; cur = line }
			else cur = cur " " line }
		END { if (cur != "") print cur }' | norm | sort > /tmp/syn.$$
	if [ ! -s /tmp/help.$$ ] || ! cmp -s /tmp/help.$$ /tmp/syn.$$; then
		echo "$tool: --help usage and man SYNOPSIS differ:"; diff /tmp/help.$$ /tmp/syn.$$; fail=1
	fi
	mantext=$(MANWIDTH=2000 man -l "$page" 2> /dev/null | col -b)
	for opt in $(printf '%s\n' "$help" | grep -oE '(^|[[ ,|])--?[A-Za-z][-A-Za-z0-9]*' | sed 's/^[[ ,|]*//' | sort -u); do
		printf '%s\n' "$mantext" | grep -qF -- "$opt" || { echo "$tool: option $opt in --help but not in the man page"; fail=1; }
	done
	"$exe" --no-such-option > /dev/null 2> /tmp/err.$$; rc=$?
	[ $rc = 2 ] || { echo "$tool: bad option exits $rc, not 2"; fail=1; }
	grep -q "usage: $tool" /tmp/err.$$ || { echo "$tool: bad option does not print usage on stderr"; fail=1; }
done
rm -f /tmp/help.$$ /tmp/syn.$$ /tmp/err.$$
[ $n -gt 0 ] || { echo "no man pages"; exit 1; }
echo "$n tools checked"
exit $fail
