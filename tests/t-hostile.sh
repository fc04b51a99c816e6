#!/bin/bash
# Hostile input for every tool: tests/hostile/gen writes the inputs into a
# temp dir (big ones are made here, never kept in git), tests/hostile/cases
# says what each tool must do with them. A case names its tool; it is
# skipped while that tool is not built. Options of a case (t NAME TOOL ...):
#   -r ERE   the exit status must match (e.g. 1, '0|141'); required
#   -e ERE   stderr must match (repeatable; file and line belong in it)
#   -E       stderr must be empty
#   -o ERE   stdout must match (repeatable): the rest of the input got through
#   -O ERE   stdout must not match
#   -N       stdout holds no NUL byte
#   -t SECS  time limit (default 60); hitting it fails the case
#   -x WHY   known failure: reported as XFAIL and not counted, XPASS when fixed
# then -- and one shell command, run in the inputs' dir with the tools on PATH.
# Whatever the case, a sanitizer report or a crash (signal other than
# SIGPIPE) fails it.
set -u
top=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
bin=${INKBIN:-$top/bin}
export PATH=$bin:$top/tools:$PATH LC_ALL=C.UTF-8
H=$(mktemp -d); trap 'rm -rf "$H"' EXIT
[ -x /usr/bin/python3 ] || { echo "no /usr/bin/python3 for tests/hostile/gen"; exit 77; }
"$top/tests/hostile/gen" "$H/in" || { echo "FAIL: tests/hostile/gen"; exit 1; }
pass=0 fail=0 skip=0 xfail=0 xpass=0

t() {
	local name=$1 tool=$2 rc_re= tmo=60 why= empty=0 nonul=0 e o O cmd rc bad=
	local -a errs=() outs=() nouts=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		case $1 in
		-r) rc_re=$2; shift 2 ;;
		-e) errs+=("$2"); shift 2 ;;
		-E) empty=1; shift ;;
		-N) nonul=1; shift ;;
		-o) outs+=("$2"); shift 2 ;;
		-O) nouts+=("$2"); shift 2 ;;
		-t) tmo=$2; shift 2 ;;
		-x) why=$2; shift 2 ;;
		*) echo "cases: $name: bad option $1"; fail=$((fail + 1)); return ;;
		esac
	done
	shift
	cmd=$*
	if ! command -v "$tool" > /dev/null; then
		skip=$((skip + 1)); echo "skip  $name ($tool not built)"; return
	fi
	(cd "$H/in" && timeout -k 5 "$tmo" bash -c "$cmd" > "$H/out" 2> "$H/err" < /dev/null)
	rc=$?
	# the sanitizer build prints its own path; messages are checked by tool name
	sed -i "s#$bin/##g" "$H/err"
	[ $rc = 124 ] || [ $rc = 137 ] && bad="$bad timeout(${tmo}s)"
	grep -qE 'Sanitizer|runtime error:|^==[0-9]+==' "$H/err" && bad="$bad sanitizer"
	if [ $rc -gt 128 ] && [ $rc != 141 ] && [ $rc != 137 ]; then bad="$bad signal$((rc - 128))"; fi
	[[ $rc =~ ^($rc_re)$ ]] || bad="$bad rc=$rc(want $rc_re)"
	[ $empty = 1 ] && [ -s "$H/err" ] && bad="$bad stderr-not-empty"
	[ $nonul = 1 ] && ! tr -d '\000' < "$H/out" | cmp -s - "$H/out" && bad="$bad NUL-in-stdout"
	for e in ${errs[@]+"${errs[@]}"}; do grep -aqE -- "$e" "$H/err" || bad="$bad stderr!~/$e/"; done
	for o in ${outs[@]+"${outs[@]}"}; do grep -aqE -- "$o" "$H/out" || bad="$bad stdout!~/$o/"; done
	for O in ${nouts[@]+"${nouts[@]}"}; do grep -aqE -- "$O" "$H/out" && bad="$bad stdout~/$O/"; done
	if [ -z "$bad" ] && [ -z "$why" ]; then
		pass=$((pass + 1)); echo "ok    $name"
	elif [ -z "$bad" ]; then
		xpass=$((xpass + 1)); echo "XPASS $name (was: $why; drop the -x)"
	elif [ -n "$why" ]; then
		xfail=$((xfail + 1)); echo "XFAIL $name:$bad ($why)"
	else
		fail=$((fail + 1)); echo "FAIL  $name:$bad"
		echo "      \$ $cmd"
		head -c 1500 "$H/err" | head -12 | sed 's/^/      err: /'
		head -c 600 "$H/out" | head -4 | sed 's/^/      out: /'
	fi
}

. "$top/tests/hostile/cases"

echo "hostile: $pass passed, $fail failed, $skip skipped, $xfail known failures, $xpass fixed"
[ $((pass + fail + xfail + xpass)) = 0 ] && { echo "no tool built"; exit 77; }
[ $fail = 0 ]
