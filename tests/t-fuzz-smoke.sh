#!/bin/bash
# Fuzz smoke pass: build every libFuzzer harness in fuzz/, replay the seeds
# and every input in fuzz/regress/<harness>/ (each one crashed once), then
# fuzz each harness for FUZZ_SMOKE seconds (default 15) from its seeds.
# Skips (77) when clang-14's libFuzzer is not installed.
set -u
top=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
secs=${FUZZ_SMOKE:-15}
command -v clang-14 >/dev/null || { echo "clang-14 not installed"; exit 77; }
ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
	{ echo "libfuzzer-14-dev not installed"; exit 77; }
# the tests run with exitcode=99 etc.; libFuzzer wants its own defaults
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
nice make -s -C "$top/fuzz" all || { echo "FAIL: harnesses do not build"; exit 1; }
rc=0
nice make -s -C "$top/fuzz" regress || { echo "FAIL: a seed or regression input crashes (above)"; rc=1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for h in "$top"/build/fuzz/fuzz-*; do
	[ -x "$h" ] || continue
	name=${h##*/fuzz-}
	mkdir -p "$work/$name"
	dict=; [ -f "$top/fuzz/$name.dict" ] && dict=-dict=$top/fuzz/$name.dict
	if ! nice "$h" $dict -close_fd_mask=3 -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
		-max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$work/crash-" \
		"$work/$name" "$top/fuzz/seeds/$name" $([ "$name" = rules ] && echo "$top/rules") \
		> "$work/log" 2>&1; then
		echo "FAIL: fuzz-$name crashed; the input is below, keep it in fuzz/regress/$name/"
		grep -E 'ERROR|SUMMARY|#[0-9]+ .* in |Test unit' "$work/log" | head -30
		for c in "$work"/crash-* "$work"/timeout-* "$work"/oom-*; do
			[ -f "$c" ] && base64 -w0 "$c" && echo
		done
		rc=1
		continue
	fi
	echo "fuzz-$name: $(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log") runs in ${secs}s, no crash"
done
exit $rc
