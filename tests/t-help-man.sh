#!/bin/bash
# Every tool's --help and its man page agree: the usage lines are the man
# page's SYNOPSIS, every option --help names is documented in the man page,
# --help exits 0 and a bad option exits 2 with the usage on stderr. Every
# man page renders whole (tests/man-whole.py: no line lost to a leading
# dot). The tools in $versioned print the suite's version (lib/version.c)
# with --version and their help with -h.
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

# every page whole
command -v python3 > /dev/null || { echo "python3 not installed"; exit 77; }
python3 tests/man-whole.py tools/ink-*.1 || fail=1

# --version and -h on every tool
versioned="ink-ocr ink-reflow ink-extract ink-stats ink-batch ink-review"
want=$(sed -n 's/^const char inkpipe_version\[\] = "\(.*\)";/\1/p' lib/version.c)
[ -n "$want" ] || { echo "no version in lib/version.c"; fail=1; }
for tool in $versioned; do
	exe=$INKBIN/$tool
	[ -x "$exe" ] || exe=tools/$tool
	v=$("$exe" --version 2>&1); rc=$?
	[ $rc = 0 ] || { echo "$tool --version: exit $rc"; fail=1; }
	[ "$v" = "$tool (inkpipe) $want" ] || { echo "$tool --version: '$v', not '$tool (inkpipe) $want'"; fail=1; }
	h=$("$exe" -h 2>&1); rc=$?
	[ $rc = 0 ] || { echo "$tool -h: exit $rc"; fail=1; }
	[ "$h" = "$("$exe" --help 2>&1)" ] || { echo "$tool: -h is not --help"; fail=1; }
	# a help or version that could not be written is no success
	for o in --help --version; do
		"$exe" $o > /dev/full 2> /dev/null && { echo "$tool $o > /dev/full: exit 0"; fail=1; }
	done
	MANWIDTH=2000 man -l "tools/$tool.1" 2> /dev/null | col -b | grep -q -- '--version' ||
		{ echo "$tool: --version not in the man page"; fail=1; }
done
echo "$n tools checked"
exit $fail
