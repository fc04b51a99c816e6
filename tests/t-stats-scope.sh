#!/bin/bash
# ink-stats and the scope column: running totals (scope total) are never
# added to what happened in the period (new, or unknown); -a total gives the
# latest total of each place, added over places; input without the column
# sums as before. An article's month never comes from a date after its
# issue. A filter that matches no row says so (a typo such as -t metirc).
set -u
[ -x "$INKBIN/ink-stats" ] || { echo "ink-stats not built"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
st() { "$INKBIN/ink-stats" "$@"; }
printf 'doc\tissue_date\tstreet\n东岭_2021-03\t2021-03-20\t东岭街道\n东岭_2021-04\t2021-04-20\t东岭街道\n西坡_2021-04\t2021-04-18\t西坡街道\n' > "$tmp/meta.tsv"
# 东岭: 累计 40 in March, 累计 45 in April with 5 new; 西坡: 累计 30, 2 new,
# 1 of unknown scope. The April issue of 东岭 also names a plan for 2021-12.
cat > "$tmp/e.csv" << 'CSV'
doc,article,para,start,end,type,text,value,unit,qualifier,subject,rule,scope
东岭_2021-03,1,1,0,5,date,3月2日,2021-03-02,,,,date.md,
东岭_2021-03,1,1,6,12,metric,累计加装电梯40台,40,台,,elevator.completed,x,total
东岭_2021-04,1,1,0,5,date,4月6日,2021-04-06,,,,date.md,
东岭_2021-04,1,1,6,12,metric,5台电梯竣工,5,台,,elevator.completed,x,new
东岭_2021-04,1,2,6,12,metric,累计加装电梯45台,45,台,,elevator.completed,x,total
东岭_2021-04,2,1,0,5,date,年底,2021-12,,,,date.m,
东岭_2021-04,2,1,6,12,metric,已完成3台,3,台,,elevator.completed,x,
西坡_2021-04,1,1,6,12,metric,累计30台,30,台,,elevator.completed,x,total
西坡_2021-04,1,1,6,12,metric,新增2台,2,台,,elevator.completed,x,new
西坡_2021-04,1,2,6,12,metric,1台,1,台,,elevator.completed,x,
CSV
st -m "$tmp/meta.tsv" -t metric -b subject -a sum,total,count "$tmp/e.csv" > "$tmp/o1" 2> "$tmp/e1" || bad "exit $?: $(cat "$tmp/e1")"
# sum: 5 + 3 + 2 + 1 new or unknown; total: 45 (东岭's latest) + 30 (西坡)
grep -qx 'elevator.completed,11,75,7' "$tmp/o1" || bad "sum/total by subject: $(cat "$tmp/o1")"
[ -s "$tmp/e1" ] && bad "a warning with -a total: $(cat "$tmp/e1")"
# without -a total the totals are left out, and that is said
st -m "$tmp/meta.tsv" -t metric -b subject -a sum "$tmp/e.csv" > "$tmp/o2" 2> "$tmp/e2"
grep -qx 'elevator.completed,11' "$tmp/o2" || bad "sum alone: $(cat "$tmp/o2")"
grep -q '3 running total(s) (scope total) left out of sum' "$tmp/e2" || bad "no word on the left-out totals: $(cat "$tmp/e2")"
# by street and month: each month's stock, each month's new
st -m "$tmp/meta.tsv" -i -t metric -b street,month -a sum,total "$tmp/e.csv" > "$tmp/o3" 2> "$tmp/e3"
grep -qx '东岭街道,2021-03,,40' "$tmp/o3" || bad "东岭 March: $(cat "$tmp/o3")"
grep -qx '东岭街道,2021-04,8,45' "$tmp/o3" || bad "东岭 April (a plan for 2021-12 is no month): $(cat "$tmp/o3")"
grep -q ',2021-12,' "$tmp/o3" && bad "a month after the issue date: $(cat "$tmp/o3")"
grep -qx '西坡街道,2021-04,3,30' "$tmp/o3" || bad "西坡 April: $(cat "$tmp/o3")"
# the same rows without the scope column: every row is summed, as before
cut -d, -f1-12 "$tmp/e.csv" > "$tmp/noscope.csv"
st -m "$tmp/meta.tsv" -t metric -b subject -a sum,total "$tmp/noscope.csv" > "$tmp/o4" 2> "$tmp/e4" || bad "no scope column: exit $?"
grep -qx 'elevator.completed,126,' "$tmp/o4" || bad "without scope: $(cat "$tmp/o4")"

# a filter that matches nothing is a warning naming what there is
st -t metirc -b subject -a sum "$tmp/e.csv" > "$tmp/o5" 2> "$tmp/e5"; rc=$?
[ $rc = 0 ] || bad "typo: exit $rc"
grep -q -- '--type metirc matches no row (the input has: date, metric)' "$tmp/e5" || bad "typo warning: $(cat "$tmp/e5")"
st -t metric -s elevator.complete -b subject "$tmp/e.csv" > /dev/null 2> "$tmp/e6"
grep -q -- '--subject elevator.complete matches no row (the input has: .*elevator.completed' "$tmp/e6" || bad "subject typo: $(cat "$tmp/e6")"
st -w unit=坐 -b subject "$tmp/e.csv" > /dev/null 2> "$tmp/e7"
grep -q -- '--where unit=坐 matches no row' "$tmp/e7" || bad "where typo: $(cat "$tmp/e7")"
# a filter that matches is silent, and so is one alternative of several that does
st -t 'metric,date' -b type "$tmp/e.csv" > /dev/null 2> "$tmp/e8"
[ -s "$tmp/e8" ] && bad "a matching filter warned: $(cat "$tmp/e8")"
exit $fail
