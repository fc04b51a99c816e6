#!/bin/sh
# bench-extract: ink-extract's throughput on one core over a generated
# newsletter-like text (sentences written for this bench, numbers varied).
# Prints MB/s; the goal is >= 50 MB/s.
set -eu
MB=${BENCH_MB:-40}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk -v mb="$MB" 'BEGIN {
	s[0] = "3月%d日上午，街道党工委书记王建华来到晨曦小区，听取加装电梯工作情况介绍。"
	s[1] = "目前小区%d个门栋中已完成加装电梯%d台，%d台正在施工，另有一批项目进入征询阶段。"
	s[2] = "此次换届选举共有%d名党员参与，经选举产生党总支委员%d名，其中书记%d名。"
	s[3] = "居民们表示，电梯加装后上下楼方便多了，社区治理的温度看得见、摸得着。"
	s[4] = "活动在松花江路%d弄%d号举行，%d余人参加，志愿者们为老人提供义诊、理发等服务。"
	s[5] = "要坚持以党建为引领，以自治为抓手，用好全过程民主协商，压实主体责任，创新工作举措。"
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
