#!/bin/bash
# kill -9 in the middle of ink-batch, again and again at growing delays, then
# let it finish: after every kill each product present is complete (the same
# bytes as an uninterrupted run's), and the final outputs are byte-identical
# to the uninterrupted run's with no temporary file left.
set -u
for t in ink-reflow ink-extract ink-stats; do
	[ -x "$INKBIN/$t" ] || { echo "$t not built yet: make bin/$t"; exit 77; }
done
command -v parallel > /dev/null || { echo "GNU parallel not installed"; exit 77; }
command -v setsid > /dev/null || { echo "setsid not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
cp "$INKBIN"/ink-* "$tmp/bin/" && export INKBIN=$tmp/bin PATH=$tmp/bin:$TOP/tools:$PATH
[ -d "$TOP/rules" ] && cp -r "$TOP/rules" "$tmp/rules" && export INKPIPE_RULES=$tmp/rules
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# 24 documents: the hand-written texts under other streets and months, each
# with its own figures so that no two products are alike
data=$TOP/tests/data/ink-batch
mkdir "$tmp/in"
n=0
for s in 虹桥 田林 凉城 江湾 长风 曹杨; do
	for m in 01 04 07 10; do
		n=$((n + 1))
		for f in 虹桥_2021-02 田林 凉城 江湾_2021-03-15; do
			sed "s/17台/$((n + 10))台/; s/3120名/$((n * 100))名/; s/五部/${n}部/" "$data/$f.txt"
			echo
		done > "$tmp/in/${s}_2020-$m.txt"
	done
done

t0=$(date +%s%N)
ink-batch -j 2 "$tmp/in" "$tmp/ref" > "$tmp/reflog" 2>&1 || { echo "reference run failed:"; cat "$tmp/reflog" "$tmp/ref/batch.log"; exit 1; }

# each product present after a kill must be the reference's
check() {
	local f rel
	while IFS= read -r -d '' f; do
		rel=${f#"$tmp/out/"}
		case "$rel" in batch.log|.lock|.tmp.*|.stamp/.tmp.*) continue ;; esac
		cmp -s "$f" "$tmp/ref/$rel" || bad "after kill $1: $rel is not the complete file"
	done < <(find "$tmp/out" -type f -print0)
}

# the kill points scale with how long a whole run takes on this machine
ms=$((($(date +%s%N) - t0) / 1000000))
echo "an uninterrupted run takes $ms ms"
# A loaded machine makes the reference run slow and the later ones fast, so
# that the first kill can come too late: then the schedule starts again on
# an empty folder at half the delays (a finished run leaves nothing to kill).
kills=0 temps=0
for div in 1 2 4 8; do
	rm -rf "$tmp/out"
	kills=0 temps=0
	for pct in 5 10 15 20 30 40 50 65 80 100 130 170; do
		d=$((ms * pct / div))
		delay=$(printf '%d.%03d' $((d / 100000)) $((d / 100 % 1000)))
		setsid ink-batch -j 2 "$tmp/in" "$tmp/out" > /dev/null 2>&1 &
		pid=$!
		sleep $delay
		# the whole process group: ink-batch, GNU parallel, the workers, the tools
		kill -9 -- -$pid 2> /dev/null
		wait $pid 2> /dev/null
		if tail -1 "$tmp/out/batch.log" 2> /dev/null | grep -q ' documents: '; then
			break	# it finished before the kill
		fi
		kills=$((kills + 1))
		ls -A "$tmp/out" | grep -q '^\.tmp\.' && temps=$((temps + 1))
		check $kills
	done
	[ $kills -ge 2 ] && break
	echo "only $kills kills landed at 1/$div of the delays: again at half of them"
done
echo "$kills runs killed, $temps of them left temporary files behind"
[ $kills -ge 2 ] || bad "only $kills kills landed mid-run: the test proves little"

ink-batch -j 2 "$tmp/in" "$tmp/out" > "$tmp/last" 2>&1 || bad "run after the kills failed: $(cat "$tmp/last")"
ls -A "$tmp/out" | grep -q '^\.tmp\.' && bad "temporary files left after the last run"
ls -A "$tmp/out/.stamp" | grep -q '^\.tmp\.' && bad "temporary stamps left after the last run"
diff -r -x batch.log -x .lock "$tmp/ref" "$tmp/out" > "$tmp/diff" || { bad "outputs differ from the uninterrupted run"; head -20 "$tmp/diff"; }
n=$(ls "$tmp/out" | grep -c "_2020-..\.entities\.csv$"); [ "$n" = 24 ] || bad "$n documents, not 24"
exit $fail
