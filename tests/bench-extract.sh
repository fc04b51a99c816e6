#!/bin/sh
# bench-extract: ink-extract's throughput on one core over a generated
# newsletter-like text (sentences written for this bench, numbers varied).
# Prints MB/s; the floor is 6 MB/s on one core (issue 13; the 50 MB/s goal
# was withdrawn: extraction costs under 1% of a page's OCR time).
set -eu
MB=${BENCH_MB:-40}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk -v mb="$MB" 'BEGIN {
	s[0] = "3月%d日上午，街道党工委副书记王建华走进晨曦小区，察看电梯加装项目进度。"
	s[1] = "小区%d个门栋里累计完成加装电梯%d台，%d台在施工，其余楼组正在征询意见。"
	s[2] = "本届党组织换届中共有%d名党员参与投票，选出党支部委员%d名，其中书记%d名。"
	s[3] = "楼里的老人说，装了电梯以后买菜看病不用再发愁，邻里之间也更亲近了。"
	s[4] = "活动在松花江路%d弄%d号举行，%d余人参加，志愿者们为老人提供义诊、理发等服务。"
	s[5] = "各居民区要把议事协商做在前面，让楼组长、党员骨干和物业一起把好事办好。"
	srand(7); n = 0; lim = mb * 1048576
	while (n < lim) {
		line = ""
		for (k = 0; k < 4; k++)
			line = line sprintf(s[int(rand() * 6)], int(rand() * 28) + 1, int(rand() * 900) + 10, int(rand() * 90) + 1)
		print line; n += length(line) + 1
		if (rand() < 0.15) { print ""; n++ }
	}
}' > "$tmp/in.txt"
size=$(wc -c < "$tmp/in.txt")
pin=; command -v taskset > /dev/null && pin="taskset -c 0"
# CPU seconds, not wall time: the figure must not depend on what else the machine runs
s=$(date +%s.%N)
cpu=$( { /usr/bin/time -f '%U %S' $pin ink-extract --issue-date 2021-03-15 "$tmp/in.txt" > "$tmp/out.csv"; } 2>&1 | tail -1)
e=$(date +%s.%N)
rows=$(($(wc -l < "$tmp/out.csv") - 1))
echo "$size $s $e $rows $cpu" | awk '{ t = $5 + $6; w = $3 - $2
	printf "ink-extract: %.1f MB, %.2fs CPU = %.1f MB/s (wall %.2fs), %d rows (one core)\n", $1 / 1048576, t, $1 / 1048576 / t, w, $4 }'
