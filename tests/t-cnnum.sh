#!/bin/bash
# lib/cnnum.c against the table tests/unit/cnnum.tsv (values, rejections,
# prefixes, every truncation of every input), built with ASan and UBSan.
set -u
top=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
cc=${CC:-cc}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

$cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Wshadow -Werror \
	-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-I"$top/lib" -o "$tmp/cnnum-test" "$top/tests/unit/cnnum-test.c" \
	"$top"/lib/cnnum.c "$top"/lib/lexicon.c "$top"/lib/utf8.c "$top"/lib/buf.c "$top"/lib/xmalloc.c \
	"$top"/lib/fshut.c || { echo "build failed"; exit 1; }

# the driver itself must notice a wrong row, or a green run means nothing
printf 'n\t十五\t16\nn\t十五\t-\np\t三个\t三个\t3\n' > "$tmp/wrong.tsv"
out=$("$tmp/cnnum-test" "$tmp/wrong.tsv"); rc=$?
if [ $rc != 1 ] || [ "$(printf '%s\n' "$out" | tail -1)" != "3 cases, 3 failed" ]; then
	echo "driver did not flag wrong rows (exit $rc): $out"; exit 1
fi

"$tmp/cnnum-test" "$top/tests/unit/cnnum.tsv" || exit 1

# -p: one value or one empty line per input line, shortest exact form
printf '三万五\n零点一\n一一\n负零点一零\n' | "$tmp/cnnum-test" -p > "$tmp/p.out" ||
	{ echo "-p: exit $?"; exit 1; }
got=$(tr '\n' '|' < "$tmp/p.out")
[ "$got" = "35000|0.1||-0.1|" ] || { echo "-p printed: $got"; exit 1; }
echo "cnnum ok"
