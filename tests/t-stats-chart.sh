#!/bin/bash
# ink-stats charts: --title, --xlabel, --ylabel and the unit on the axes (the
# rows' one unit unless --unit names another), a month without data is a
# gap in the line, --bars draws bars, and twelve series get twelve colours.
# gnuplot is wrapped to keep the script it was given.
set -u
[ -x "$INKBIN/ink-stats" ] || { echo "ink-stats not built"; exit 77; }
gp=$(command -v gnuplot) || { echo "gnuplot not installed (Debian: gnuplot-nox)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
mkdir "$tmp/wrap"
printf '#!/bin/sh\ntee "%s/script.gp" | "%s" "$@"\n' "$tmp" "$gp" > "$tmp/wrap/gnuplot"
chmod +x "$tmp/wrap/gnuplot"
export PATH=$tmp/wrap:$PATH
# twelve streets; 街0 has January and April but nothing between
{
	echo 'doc,article,para,start,end,type,text,value,unit,qualifier,subject,rule'
	for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
		for m in 01 04; do
			echo "街${i}_2021-$m,1,1,0,5,date,x,2021-$m-05,,,,d"
			echo "街${i}_2021-$m,1,1,0,5,metric,x,$((i + 1)),台,,elevator.completed,r"
		done
	done
	echo "街0_2021-02,1,1,0,5,date,x,2021-02-05,,,,d"
	echo "街0_2021-02,1,1,0,5,count,x,4,名,,党员,r"
} > "$tmp/e.csv"
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	printf '街%s_2021-01\t2021-01-20\t第%s街道\n街%s_2021-04\t2021-04-20\t第%s街道\n' $i $i $i $i
done > "$tmp/meta.tsv"
cd "$tmp"
"$INKBIN/ink-stats" -t metric -w doc='街0_*' -b month -a sum --title '加装电梯 完成' --xlabel 月份 \
	-p one.svg e.csv > /dev/null 2> err || bad "exit $?: $(cat err)"
grep -q '加装电梯 完成' one.svg || bad "title not in the SVG"
grep -q '月份' one.svg || bad "x label not in the SVG"
grep -q 'sum (台)' one.svg || bad "y label with the unit not in the SVG"
# the data of the one series: January, a blank line, April
awk '/^\$d0 << EOD/ { on = 1; next } /^EOD/ { on = 0 } on' script.gp > data
[ "$(cat data)" = "$(printf '24252 1\n\n24255 1')" ] || bad "no gap between January and April: $(cat data)"
grep -q 'with linespoints' script.gp || bad "lines by default"
# --unit and --ylabel win; mixed units name none
"$INKBIN/ink-stats" -b month -a sum --ylabel 数量 --unit 件 -p two.svg e.csv > /dev/null 2>&1
grep -q "set ylabel '数量 (件)'" script.gp || bad "--ylabel/--unit: $(grep ylabel script.gp)"
"$INKBIN/ink-stats" -b month -a sum -p three.svg e.csv > /dev/null 2>&1
grep -q "set ylabel 'sum'$" script.gp || bad "mixed units named: $(grep ylabel script.gp)"
# bars, twelve series, twelve colours
"$INKBIN/ink-stats" -t metric -b street,month -a sum -m meta.tsv --bars -p bars.svg e.csv > /dev/null 2> err ||
	bad "bars: exit $?: $(cat err)"
grep -q 'with boxes' script.gp || bad "--bars does not draw boxes"
n=$(grep -o "lc rgb '#[0-9a-f]*'" script.gp | sort -u | wc -l)
[ "$n" = 12 ] || bad "$n colours for 12 series"
[ -s bars.svg ] || bad "no bars.svg"
# the chart options without a chart are a usage error
"$INKBIN/ink-stats" --bars e.csv > /dev/null 2>&1; [ $? = 2 ] || bad "--bars without --plot is not a usage error"
exit $fail
