#!/bin/bash
# ink-stats --excel opens in LibreOffice with its Chinese text intact and its
# formula-like cells inert. LibreOffice is told to detect the character set
# (charset 0): only the byte-order mark can make it pick UTF-8. One
# conversion (LibreOffice starts slowly), to xlsx, whose cells are then read
# back: shared strings for text, <f> elements for formulas.
set -u
command -v soffice > /dev/null || { echo "LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui"; exit 77; }
[ -x "$INKBIN/ink-stats" ] || { echo "ink-stats not built"; exit 77; }
command -v python3 > /dev/null || { echo "python3 not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/in.csv" << 'CSV'
doc,article,para,start,end,type,text,value,unit,qualifier,subject,rule
长宁_2021-04,1,1,0,4,org,新华路街道,新华路街道,,,,org.suffix
长宁_2021-04,1,1,5,9,date,4月8日,2021-04-08,,,,date.md
长宁_2021-04,1,2,0,4,metric,已加装电梯6台,6,台,,elevator.completed,elevator.done
长宁_2021-04,1,2,9,14,metric,=1+1,2,台,,elevator.completed,elevator.done
长宁_2021-04,1,3,0,4,metric,"+7,台",7,台,,elevator.completed,elevator.done
长宁_2021-04,1,3,6,9,metric,@SUM(1),1,台,,elevator.completed,elevator.done
长宁_2021-04,1,3,6,9,metric,-3+4,1,台,,elevator.completed,elevator.done
长宁_2021-04,1,3,6,9,metric,＝1+1,1,台,,elevator.completed,elevator.done
CSV
"$INKBIN/ink-stats" --excel -t metric -b street,month,text -a sum "$tmp/in.csv" > "$tmp/stats.csv" || exit 1
head -c 3 "$tmp/stats.csv" | od -An -tx1 | grep -q 'ef bb bf' || { echo "no byte-order mark"; exit 1; }
[ "$(tr -cd '\r' < "$tmp/stats.csv" | wc -c)" = "$(wc -l < "$tmp/stats.csv")" ] || { echo "not CRLF throughout"; exit 1; }
# a private profile: no lock or config clash with a user's LibreOffice
HOME=$tmp/home timeout 180 soffice -env:UserInstallation=file://$tmp/profile --headless \
	--infilter=CSV:44,34,0 --convert-to xlsx --outdir "$tmp" "$tmp/stats.csv" > "$tmp/lo.log" 2>&1
[ -s "$tmp/stats.xlsx" ] || { echo "LibreOffice did not convert:"; cat "$tmp/lo.log"; exit 1; }
python3 - "$tmp/stats.xlsx" << 'PY'
import re, sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
strings = [''.join(t.text or '' for t in si.iter('{%s}t' % ns['m']))
           for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns)]
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
rows = []
for row in sheet.iter('{%s}row' % ns['m']):
    cells = []
    for c in row.findall('m:c', ns):
        if c.find('m:f', ns) is not None:
            sys.exit('a formula cell: %s' % c.get('r'))
        v = c.find('m:v', ns)
        v = '' if v is None else v.text
        cells.append(strings[int(v)] if c.get('t') == 's' else v)
    rows.append(cells)
bad = 0
def want(cond, msg):
    global bad
    if not cond:
        print(msg); bad = 1
print(rows)
want(rows[0] == ['street', 'month', 'text', 'sum'], 'header (a BOM read as text?): %r' % rows[0])
texts = {r[2]: r for r in rows[1:]}
want(all(r[0] == '新华路街道' and r[1] == '2021-04' for r in rows[1:]), 'Chinese street or month mangled')
want('已加装电梯6台' in texts, 'Chinese text mangled')
for f in ('=1+1', '+7,台', '@SUM(1)', '-3+4', '＝1+1'):
    want("'" + f in texts, 'formula-like cell %r not shown as text' % f)
want(texts.get("'=1+1", [0, 0, 0, ''])[3] == '2', 'sum column wrong')
sys.exit(bad)
PY
