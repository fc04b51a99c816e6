#!/usr/bin/env python3
"""tests/peers.py: score ink-extract against other people's Chinese test suites.

usage: tests/peers.py [-v] [--peers DIR] [--inkbin DIR] [--min SUITE=RATE ...]
                      [--out-of-scope] [SUITE ...]
       tests/peers.py --selftest

The suites live in $SHARED/peers (README.md there explains the JSON Lines
format). Only the cases that fall within OUR contract
(../shared/spec/records.md, "Stage 3") are scored; every other case is
counted as out of scope with the reason (-v or --out-of-scope lists them).
For each suite it prints the in-scope count, how many passed and the rate;
-v also lists each failure. --min SUITE=RATE exits 1 when a suite scores
below RATE (t-peers.sh sets the floors). Exit 2 on bad usage.

ink-extract is run once per suite and reference date (never per case):
whole-string numerals go through `ink-extract --parse-number` (one input
per line, prints the value or an empty line); sentences go in as a
paragraph CSV (doc = case number) with --issue-date set to the case's
reference date, and the output rows are matched back by doc.

Before a sentence goes in, it gets what ink-reflow does to every
paragraph (stage 2 of the contract): spaces between CJK characters and
digits are dropped, full-width digits and letters become ASCII.

SCOPE (why a case counts or not)

cn2an (cn2an/cn2an.jsonl, cn2an_errors.jsonl; via --parse-number)
  in:  Chinese and Arabic numerals parsed whole, in the strict, normal,
       smart and direct tables (direct values compared as numbers).
       Inputs cn2an must reject and our grammar rejects too (元整, 零点,
       百十一, 十一十二, 10..1万 ...).
  out: money (元 圆 角 分 整: not a number); two-digit strings such as
       一一 (our contract reads 两三 / 三四 as ranges, so cn_number rejects
       every two-digit string without a 零); errors that cn2an raises
       only in strict mode while its normal/smart modes accept them (we
       accept 100万, 三万五, 一二三 by design). an2cn (number to Chinese)
       and transform (sentence rewriting) are the other direction.

rt-number (recognizers-text-zh Number.NumberModel; via --parse-number)
  in:  inputs that are one number as a whole (after the stage-2
       normalisation), and the whole-string negatives (万, 万万, 两两).
  out: fractions (分之, 又, 3/5), powers and exponents (2^5, 2e5, 1e1),
       SI/k suffixes (40k, 2.5M), 打 (dozen), 兆 (1e12 or 1e6 depending on
       the region), approximations (余 多 几: ink-extract's qualifier, not
       the number), percentages.

rt-count (recognizers-text-zh Number.NumberModel; via ink-extract)
  in:  a number followed by a measure word (十斤, 199个, 小明有十个手指头):
       a count row must start where the peer's number starts and have
       its value. Negatives without numbers (一切, 四川, 陆地, 收拾,
       入伍): no count or ordinal row may come out.
  out: 一 + measure word (一只, 一塊蛋糕): our contract says the
       article-like 一 is not a count; money (美元, 美刀) and 折.

rt-date (recognizers-text-zh DateParser, DatePeriodParser, DateTimeModel
         date and daterange entities; via ink-extract --issue-date REF)
  in:  absolute dates: 年月日 in Arabic or Chinese numerals, Y-M-D numeric
       (2010-01-29, 2010.01.29, 2010/01/29), year-less 月日 dates (the
       expected year is the CONTRACT's: the reference year, or the year
       before when that would be more than two months after it; this is
       one of the peer's two candidates), years (2008年, 08年, 零八年),
       year-months, and ranges of those with 到/至/-. Open ranges
       (2015年1月1日或之后, 自2016年9月1日起) are scored on their date. Values
       are compared as day ranges, so 2016/2018 equals 2016-01-01/2018-12-31.
       The peer's year ranges end exclusive (从2016到2018 ->
       2016-01-01..2018-01-01); we read the text (through 2018).
  out: relative dates (明天, 上周, 去年, 本月, 近三年), weekdays, weeks,
       lunar and era dates (农历, 正月, 康熙), decades and centuries,
       seasons, quarters, halves (上半年), holidays, clock times, day-only
       dates (29日: the contract has no month-less date), year-less months
       (3月), day-first or two-digit numeric forms (13.5.2015, 12/1,
       27-7-3), bare numbers as years (2018看起来是一个年份), between-phrasing
       (2007年与2009年之间), impossible dates (2月30日), years before 1900
       (789年 reads as a count of years in newsletter text), lists of days
       (9月10号，11号), ordinal months (2021年的第三个月), solar terms.

jionlp-time (jionlp time_parser default calls, time_extractor; ink-extract)
  in:  parser cases whose expected time is whole days (no clock time)
       with definition "accurate", written as absolute dates (same forms
       as rt-date, including 从……至…… spans); year-less dates use the
       contract's year rule, not the peer's. Extractor negatives (一日之计
       在于晨, 二十七点三, 身份证号...): no date row may come out; extractor
       positives with an absolute date: a date row with the same span.
  out: as rt-date, plus fuzzy parts (年底, 中旬, 初, 左右), compact
       20240307, bare 2018, M-D numerals (09-01, 6·30), clock times,
       time deltas and periods, inputs whose reference is only a year.

jionlp-money (jionlp money_parser; via --parse-number)
  in:  exact RMB amounts: the numeral before 元/块/圆(整) must parse to
       the amount (1.2万元, 肆佰叁拾萬圆整, 壹万二千三百四十五元).
  out: foreign currencies, sub-units (角 分 毛), k/w shorthand, ranges
       and approximate amounts (money is not a type of our contract; only
       its numeral is).

Recognizers-Text DateExtractor and DatePeriodExtractor are not run: their
inputs are the parser files' inputs with spans only; the parsers carry values.

Not scored at all: duckling-zh, rustling-ontology-zh, fst-time-nlu-zh,
itn-zh, cpca, jionlp location_parser and money_extractor (span-only money),
and the other recognizers-text models (time, duration, set, holiday,
percent, currency, dimension, phone, URL, IP, boolean).
"""
import argparse
import calendar
import csv
import datetime
import io
import json
import os
import re
import signal
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------- helpers

CJK = r'\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef'


def reflow_text(s):
    """What ink-reflow does inside a paragraph (contract stage 2)."""
    s = re.sub('[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]',
               lambda m: chr(ord(m.group()) - 0xfee0), s)
    # spaces between two CJK characters or a CJK character and a digit go
    s = re.sub(r'(?<=[%s0-9])[ \t\u3000]+(?=[%s])' % (CJK, CJK), '', s)
    s = re.sub(r'(?<=[%s])[ \t\u3000]+(?=[0-9])' % CJK, '', s)
    return s.strip()


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def month_end(y, m):
    return datetime.date(y, m, calendar.monthrange(y, m)[1])


def add_months(d, k):
    m = d.month - 1 + k
    y, m = d.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def contract_year(ref, m, d):
    """The year the contract gives a date without one (records.md)."""
    y = ref.year
    cand = datetime.date(y, m, d)  # ValueError for 2-29 in a common year
    if cand > add_months(ref, 2):
        y -= 1
        datetime.date(y, m, d)
    return y


def ref_date(ref):
    if ref and re.match(r'\d{4}-\d\d-\d\d', ref):
        return datetime.date(int(ref[:4]), int(ref[5:7]), int(ref[8:10]))
    return None


def iso_range(v):
    """Our date value -> (first day, last day), None if not comparable."""
    if not v:
        return None
    if '/' in v:
        a, b = v.split('/', 1)
        ra = iso_range(a)
        if ra is None:
            return None
        # ISO 8601 lets the end leave out what it shares with the start
        if not re.match(r'\d{4}', b):
            parts = a.split('-')
            bp = b.split('-')
            b = '-'.join(parts[:len(parts) - len(bp)] + bp)
        rb = iso_range(b)
        return (ra[0], rb[1]) if rb else None
    try:
        m = re.fullmatch(r'(\d{4})(?:-(\d\d)(?:-(\d\d))?)?', v)
        if not m:
            return None
        y = int(m.group(1))
        if m.group(3):
            d = datetime.date(y, int(m.group(2)), int(m.group(3)))
            return (d, d)
        if m.group(2):
            mo = int(m.group(2))
            return (datetime.date(y, mo, 1), month_end(y, mo))
        return (datetime.date(y, 1, 1), datetime.date(y, 12, 31))
    except ValueError:
        return None


def fmt_range(r):
    return '%s..%s' % r if r else 'None'


# ------------------------------------------------------------- ink-extract

class Tool:
    def __init__(self, inkbin):
        self.path = os.path.join(inkbin, 'ink-extract')
        self.ok = os.access(self.path, os.X_OK)

    def parse_numbers(self, inputs):
        """--parse-number over inputs (one per line) -> list of str."""
        data = ''.join(s + '\n' for s in inputs)
        p = subprocess.run([self.path, '--parse-number'], input=data.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = p.stdout.decode('utf-8', 'replace').split('\n')
        if p.returncode not in (0, 1) or len(out) < len(inputs):
            raise RuntimeError('ink-extract --parse-number: exit %d, %d lines for %d inputs: %s'
                               % (p.returncode, len(out) - 1, len(inputs),
                                  p.stderr.decode('utf-8', 'replace')[-500:]))
        return out[:len(inputs)]

    def extract(self, texts, issue=None):
        """One paragraph per text -> list (per text) of row dicts."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator='\n')
        w.writerow(['doc', 'article', 'para', 'kind', 'page', 'first_line',
                    'last_line', 'text'])
        for i, t in enumerate(texts):
            w.writerow(['c%d' % i, 1, 1, 'body', 1, 1, 1, t])
        cmd = [self.path]
        if issue:
            cmd += ['--issue-date', issue.isoformat()]
        p = subprocess.run(cmd, input=buf.getvalue().encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode not in (0, 1):
            raise RuntimeError('%s: exit %d: %s' % (' '.join(cmd), p.returncode,
                               p.stderr.decode('utf-8', 'replace')[-500:]))
        rows = [[] for _ in texts]
        for r in csv.DictReader(io.StringIO(p.stdout.decode('utf-8', 'replace'))):
            d = r.get('doc') or ''
            if d.startswith('c') and d[1:].isdigit() and int(d[1:]) < len(texts):
                rows[int(d[1:])].append(r)
        return rows

    def extract_grouped(self, cases):
        """cases: list of (text, issue); one run per distinct issue date."""
        groups = {}
        for i, (t, iss) in enumerate(cases):
            groups.setdefault(iss, []).append(i)
        res = [None] * len(cases)
        for iss, idx in groups.items():
            rows = self.extract([cases[i][0] for i in idx], iss)
            for i, r in zip(idx, rows):
                res[i] = r
        return res


def rowtext(rows, types):
    return '; '.join('%s %s=%s' % (r.get('type'), r.get('text'), r.get('value'))
                     for r in rows if r.get('type') in types) or '(none)'


# ------------------------------------------------------------------ suites

class Suite:
    """Collects in-scope cases and out-of-scope reasons."""

    def __init__(self, name):
        self.name = name
        self.cases = []       # (id, what, check) : check(result) -> (ok, got)
        self.out = {}         # reason -> [ids]
        self.fail = []        # (id, what, got)
        self.passed = 0
        self.error = None

    def skip(self, reason, cid):
        self.out.setdefault(reason, []).append(cid)


def load(path):
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def run_numbers(suite, tool, cases):
    """cases: (id, input, want float or None for 'must reject')."""
    got = tool.parse_numbers([c[1] for c in cases])
    for (cid, inp, want), g in zip(cases, got):
        v = num(g) if g.strip() else None
        ok = (v is None) if want is None else (v is not None and close(v, want))
        if ok:
            suite.passed += 1
        else:
            suite.fail.append((cid, '%s  want %s' % (inp, 'reject' if want is None else repr(want)),
                               g if g.strip() else '(rejected)'))
    suite.n = len(cases)


# cn2an ------------------------------------------------------------------

def suite_cn2an(peers, tool):
    s = Suite('cn2an')
    d = os.path.join(peers, 'cn2an')
    cases, seen, accepted = [], set(), set()
    for c in load(os.path.join(d, 'cn2an.jsonl')):
        inp = c['input']
        mode = c['options'].get('mode')
        if mode in ('normal', 'smart', 'direct'):
            accepted.add(inp)
        if inp in seen:
            s.skip('duplicate of an earlier table row (strict/normal/smart repeat)', c['id'])
            continue
        seen.add(inp)
        if re.search('[元圆角分整正]', inp):
            s.skip('money (元 角 分 整), not a number', c['id'])
            continue
        if (len(inp) == 2 and all(ch in '一二三四五六七八九壹贰叁肆伍陆柒捌玖' for ch in inp)):
            s.skip('two-digit string: the contract reads 三四 as a range', c['id'])
            continue
        want = num(c['expected'][0]['value'])
        cases.append((c['id'], inp, want))
    for c in load(os.path.join(d, 'cn2an_errors.jsonl')):
        inp = c['input']
        if inp in accepted:
            s.skip('rejected only by cn2an strict mode; normal/smart (and we) accept it', c['id'])
            continue
        if ('error', inp) in seen:
            s.skip('duplicate of an earlier error row', c['id'])
            continue
        seen.add(('error', inp))
        cases.append((c['id'], inp, None))
    for f in ('an2cn.jsonl', 'transform.jsonl'):
        for c in load(os.path.join(d, f)):
            s.skip('%s: other direction / sentence rewriting' % f, c['id'])
    run_numbers(s, tool, cases)
    return s


# recognizers-text numbers ------------------------------------------------

RT_NUM_OUT = [
    (r'分之|又|/', 'fraction'),
    (r'\^|[0-9][eE]|[eE][+\-－]?[0-9]', 'power or exponent'),
    (r'[0-9 ][kKmM]\b|[0-9][kKmM]$', 'SI/k suffix'),
    (r'打', '打 (dozen)'),
    (r'兆', '兆 (region-dependent: 1e12 or 1e6)'),
    (r'[余餘多几幾]', 'approximation (a qualifier in our contract)'),
    (r'百分|%|％|个百分点', 'percent'),
]

MEASURE = set('只斤个個双雙对對块塊台名人位部栋棟场場本张張件条條辆輛户戶间間家所座项項岁歲')


def suite_rt_number(peers, tool):
    s = Suite('rt-number')
    cases = []
    for c in load(os.path.join(peers, 'recognizers-text-zh', 'Number.NumberModel.jsonl')):
        inp = reflow_text(c['input'])
        exp = c['expected']
        why = next((w for p, w in RT_NUM_OUT if re.search(p, inp)), None)
        if why:
            s.skip(why, c['id'])
            continue
        if not exp:
            if re.fullmatch('[万萬两兩]+', inp):
                cases.append((c['id'], inp, None))
            else:
                s.skip('negative sentence (scored in rt-count)', c['id'])
            continue
        if len(exp) != 1 or reflow_text(exp[0]['text'] or '') != inp:
            s.skip('a sentence, not a whole-string number (rt-count scores counts)', c['id'])
            continue
        cases.append((c['id'], inp, num(exp[0]['value']['value'])))
    run_numbers(s, tool, cases)
    return s


def suite_rt_count(peers, tool):
    s = Suite('rt-count')
    cases = []
    for c in load(os.path.join(peers, 'recognizers-text-zh', 'Number.NumberModel.jsonl')):
        inp = c['input']
        exp = c['expected']
        if re.search('美元|美刀|折|元', inp):
            s.skip('money or discount', c['id'])
            continue
        if re.search('百分|%|％', inp):
            s.skip('percent', c['id'])
            continue
        if not exp:
            if re.search('[0-9]', inp) or re.fullmatch('[万萬两兩]+', inp):
                s.skip('whole-string negative (scored in rt-number)', c['id'])
            else:
                cases.append((c['id'], inp, None, None))
            continue
        e = exp[0]
        end = e['end']
        if (len(exp) != 1 or e['start'] is None or end >= len(inp)
                or inp[end] not in MEASURE):
            s.skip('not one number followed by a measure word', c['id'])
            continue
        if e['text'] in ('一', '壹'):
            s.skip('article-like 一 + measure word: not a count in our contract', c['id'])
            continue
        if inp != reflow_text(inp):
            s.skip('spaced-out text', c['id'])
            continue
        cases.append((c['id'], inp, e['start'], num(e['value']['value'])))
    try:
        res = tool.extract_grouped([(c[1], None) for c in cases])
    except RuntimeError as ex:
        s.error = str(ex)
        return s
    for (cid, inp, start, want), rows in zip(cases, res):
        counts = [r for r in rows if r.get('type') in ('count', 'ordinal', 'metric')]
        if want is None:
            ok = not counts
            what = '%s  want no count' % inp
        else:
            ok = any(r.get('type') == 'count' and r.get('start') == str(start)
                     and num(r.get('value')) is not None and close(num(r['value']), want)
                     for r in counts)
            what = '%s  want count %s at %d' % (inp, want, start)
        if ok:
            s.passed += 1
        else:
            s.fail.append((cid, what, rowtext(rows, ('count', 'ordinal', 'metric'))))
    s.n = len(cases)
    return s


# dates -------------------------------------------------------------------

# said of the expression itself (after open-range words are stripped)
DATE_OUT = [
    (r'农历|農曆|阴历|陰曆|正月|腊月|臘月|初[一二三四五六七八九十]|大年|除夕|元年|神龙|康熙|雍正|民国|乾隆|光绪',
     'lunar or era date'),
    (r'年代|世纪|世紀', 'decade or century'),
    (r'星期|礼拜|禮拜|周|週', 'weekday or week'),
    (r'季度|季|春|夏|秋|冬|半年|上半|下半|前半|后半|暑假|寒假', 'season, quarter or half'),
    (r'节|節|大寒|小寒|立春|雨水|惊蛰|春分|清明|谷雨|立夏|小满|芒种|夏至|小暑|大暑|立秋|处暑|'
     r'白露|秋分|寒露|霜降|立冬|小雪|大雪|冬至', 'holiday or solar term'),
    (r'第.{1,3}个月|首月|[前后後][一二三四五六七八九十两0-9]+个?月', 'ordinal or counted months'),
    (r'[，,、]', 'list of dates'),
    (r'今|明|昨|去年|前年|后天|後天|前天|上个|下个|上個|下個|上月|下月|本月|本年|这|這|'
     r'最近|近|过去|過去|未来|未來|次年|同月|当月|上一|下一|[前后後]\d|前[一二三四五六七八九十两]|'
     r'[上下]\d|今年|本', 'relative date'),
    (r'底|中旬|上旬|下旬|初|末|伊始|左右|前后|许|左右', 'fuzzy part of a period'),
    (r'[点點时時分秒:：]|上午|下午|晚|早|凌晨|中午|夜', 'clock time or part of day'),
    (r'之间|之間|与|和|间', 'between-phrasing'),
]

OPEN_RANGE = (r'^(?:从|自从|自|截止到|截至|在|于)|'
              r'(?:或|及|且)?(?:之前|之后|之後|以前|以后|以後|以来|前|后|後|起|开始|開始)$')

NUMERIC_DATE = r'\d{4}([-./])\d{1,2}\1\d{1,2}'
HAS_CN_DATE = r'[年月日号號]'


def date_scope(text):
    """Reason the expression is out of scope, or None."""
    t = reflow_text(text)
    t = re.sub(r'(?<=[日号號])[，,]?(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]$', '', t)
    # 5年前 counts back from today; 2015年前 is before a named year
    if re.search(r'(?<![0-9])[0-9]{1,3}个?(?:年|月|天|日|周|星期)(?:之?前|之?后|以前|以后)$|'
                 r'[一二三四五六七八九十两几]个?(?:年|月|天|日|周|星期)(?:之?前|之?后|以前|以后)$', t):
        return 'relative date'
    t = re.sub(OPEN_RANGE, '', t)
    t = re.sub(OPEN_RANGE, '', t)
    for p, why in DATE_OUT:
        if re.search(p, t):
            return why
    if re.search(HAS_CN_DATE, t):
        if '年' not in t and '月' not in t:
            return 'day-only date (29日)'
        if '年' not in t and not re.search(r'[日号號]|月[0-9〇零一二三四五六七八九十廿卅]', t):
            return 'year-less month (3月)'
        return None
    if re.fullmatch(NUMERIC_DATE + r'(?:\s*[-至到~]\s*' + NUMERIC_DATE + ')?', t):
        return None
    if re.fullmatch(r'\d{8}', t):
        return 'compact 20240307'
    if re.fullmatch(r'[\d\s]+', t):
        return 'bare number as a year, or spaced digits'
    return 'day-first, two-digit or month-day numeric form'


def timex_point(x, ref):
    """A Recognizers-Text timex (one end) -> day range or a reason."""
    if re.match(r'\d{4}', x) and int(x[:4]) < 1900:
        return 'year before 1900 (789年: a count of years in newsletter text)'
    m = re.fullmatch(r'(\d{4}|XXXX)-(\d\d)-(\d\d)', x)
    try:
        if m:
            mo, d = int(m.group(2)), int(m.group(3))
            if m.group(1) == 'XXXX':
                if ref is None:
                    return 'year-less date without a reference date'
                y = contract_year(ref, mo, d)
            else:
                y = int(m.group(1))
            dd = datetime.date(y, mo, d)
            return (dd, dd)
    except ValueError:
        return 'impossible date (2月30日, 2-29 in a common year)'
    m = re.fullmatch(r'(\d{4})-(\d\d)', x)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return (datetime.date(y, mo, 1), month_end(y, mo))
    if re.fullmatch(r'\d{4}', x):
        y = int(x)
        return (datetime.date(y, 1, 1), datetime.date(y, 12, 31))
    if re.fullmatch(r'XXXX-\d\d', x):
        return 'year-less month (3月)'
    if re.fullmatch(r'XXXX-XX-\d\d', x):
        return 'day-only date (29日)'
    return 'timex %s (week, season, relative...)' % x


def timex_range(tx, ref):
    if not tx.startswith('('):
        return timex_point(tx, ref)
    parts = tx[1:-1].split(',')
    if len(parts) != 3:
        return 'odd timex %s' % tx
    a, b, dur = parts
    ra = timex_point(a, ref)
    if isinstance(ra, str):
        return ra
    if a.startswith('XXXX') and re.fullmatch(r'XXXX-\d\d-\d\d', b):
        # the end goes with the start's year (over New Year: the next one)
        y = ra[0].year
        mo, d = int(b[5:7]), int(b[8:10])
        try:
            e = datetime.date(y, mo, d)
            if e < ra[0]:
                e = datetime.date(y + 1, mo, d)
        except ValueError:
            return 'impossible date (2月30日, 2-29 in a common year)'
        return (ra[0], e)
    rb = timex_point(b, ref)
    if isinstance(rb, str):
        return rb
    if dur.endswith('Y') and a.endswith('-01-01') and b.endswith('-01-01'):
        # 从2016到2018: the peer's end is exclusive arithmetic; the text
        # (and our contract) goes through 2018
        return (ra[0], datetime.date(rb[0].year, 12, 31))
    return (ra[0], rb[1])


def check_dates(s, tool, cases):
    """cases: (id, text, issue, [want ranges], [what])."""
    try:
        res = tool.extract_grouped([(c[1], c[2]) for c in cases])
    except RuntimeError as ex:
        s.error = str(ex)
        return
    for (cid, text, issue, wants, whats), rows in zip(cases, res):
        dates = [r for r in rows if r.get('type') == 'date']
        got = [iso_range(r.get('value')) for r in dates]
        if not wants:
            ok = not dates
        else:
            ok = all(w in got for w in wants)
        if ok:
            s.passed += 1
        else:
            want = '; '.join('%s=%s' % (w, fmt_range(r)) for w, r in zip(whats, wants)) or 'no date'
            s.fail.append((cid, '%s  [ref %s] want %s' % (text, issue, want),
                           rowtext(rows, ('date',))))
    s.n = len(cases)


def rt_candidates(v):
    """The start dates a Recognizers-Text value allows (future, past)."""
    out = set()
    vals = [v.get('FutureResolution') or {}, v.get('PastResolution') or {}] + v.get('values', [])
    for x in vals:
        d = x.get('date') or x.get('startDate') or x.get('value') or x.get('start')
        if d and re.fullmatch(r'\d{4}-\d\d-\d\d', d):
            out.add(datetime.date.fromisoformat(d))
    return out


def suite_rt_date(peers, tool):
    s = Suite('rt-date')
    d = os.path.join(peers, 'recognizers-text-zh')
    cases = []
    for f in ('DateTime.DateParser', 'DateTime.DatePeriodParser', 'DateTime.DateTimeModel'):
        for c in load(os.path.join(d, f + '.jsonl')):
            ref = ref_date(c['reference_time'])
            wants, whats, why = [], [], None
            if not c['expected']:
                if re.search(r'\d', c['input']):
                    s.skip('negative with digits (phone number, IP)', c['id'])
                else:
                    cases.append((c['id'], reflow_text(c['input']), ref, [], []))
                continue
            for e in c['expected']:
                v = e['value'] or {}
                if 'values' in v:
                    if e['type'] not in ('datetimeV2.date', 'datetimeV2.daterange'):
                        why = why or 'type %s' % e['type']
                        continue
                    tx = v['values'][0].get('timex', '')
                else:
                    tx = v.get('Timex', '')
                w = date_scope(e['text'] or '')
                if w is None:
                    r = timex_range(tx, ref)
                    if isinstance(r, str):
                        w = r
                    elif 'XXXX' in tx and r[0] not in rt_candidates(v):
                        w = "the contract's year is neither of the peer's candidates"
                if w:
                    why = why or w
                    continue
                wants.append(r)
                whats.append(e['text'])
            if not wants:
                s.skip(why or 'nothing in scope', c['id'])
                continue
            cases.append((c['id'], reflow_text(c['input']), ref, wants, whats))
    check_dates(s, tool, cases)
    return s


def suite_jionlp_time(peers, tool):
    s = Suite('jionlp-time')
    d = os.path.join(peers, 'jionlp')
    cases = []
    for c in load(os.path.join(d, 'time_parser.jsonl')):
        call = c['options'].get('call', '')
        if not re.fullmatch(r'jio\.parse_time\(item\[0\], time_base=item\[1\]\)', call):
            s.skip('non-default call (ret_future, period_results_num, lunar_date)', c['id'])
            continue
        if not c['expected']:
            s.skip('must raise in strict mode', c['id'])
            continue
        if re.search('农历|阴历', c['options'].get('section') or ''):
            s.skip('lunar or era date', c['id'])
            continue
        v = c['expected'][0]['value']
        t = v.get('time')
        if v.get('type') not in ('time_point', 'time_span'):
            s.skip('%s' % v.get('type'), c['id'])
            continue
        if v.get('definition') != 'accurate':
            s.skip('fuzzy part of a period', c['id'])
            continue
        if not (isinstance(t, list) and len(t) == 2 and t[0].endswith('00:00:00')
                and t[1].endswith('23:59:59')):
            s.skip('clock time or part of day', c['id'])
            continue
        why = date_scope(c['input'])
        if why:
            s.skip(why, c['id'])
            continue
        a = datetime.date.fromisoformat(t[0][:10])
        b = datetime.date.fromisoformat(t[1][:10])
        if a.year < 1900:
            s.skip('year before 1900 (789年: a count of years in newsletter text)', c['id'])
            continue
        ref = ref_date(c['reference_time'])
        if not re.search(r'\d{2,4}年|[〇零一二三四五六七八九]{2,4}年|\d{4}', c['input']):
            if ref is None:
                s.skip('year-less date and the reference is only a year', c['id'])
                continue
            try:
                y = contract_year(ref, a.month, a.day)
                a, b = a.replace(year=y), b.replace(year=y + (b.year - a.year))
            except ValueError:
                s.skip('impossible date (2-29 in a common year)', c['id'])
                continue
        elif ref is None:
            # the year is written: any reference will do, but 98年 needs a century
            if re.search(r'(?<!\d)\d{2}年|(?<![〇零一二三四五六七八九])[〇零一二三四五六七八九]{2}年', c['input']):
                s.skip('two-digit year and the reference is only a year', c['id'])
                continue
            ref = datetime.date(a.year, 7, 1)
        cases.append((c['id'], reflow_text(c['input']), ref, [(a, b)], [c['input']]))
    check_dates(s, tool, cases)
    base = len(cases)
    # the extractor file: negatives and absolute-date spans
    ext = []
    for c in load(os.path.join(d, 'time_extractor.jsonl')):
        if not c['expected']:
            ext.append((c['id'], c['input'], []))
            continue
        whys = [date_scope(e['text']) for e in c['expected']]
        if any(whys):
            s.skip(next(w for w in whys if w), c['id'])
            continue
        ext.append((c['id'], c['input'], c['expected']))
    try:
        res = tool.extract_grouped([(reflow_text(x[1]), None) for x in ext])
    except RuntimeError as ex:
        s.error = str(ex)
        return s
    for (cid, inp, exp), rows in zip(ext, res):
        dates = [r for r in rows if r.get('type') == 'date']
        if not exp:
            ok = not dates
            what = '%s  want no date' % inp
        else:
            # reflow_text() does not move these inputs' characters
            ok = all(any(r.get('start') == str(e['start']) and r.get('end') == str(e['end'])
                         for r in dates) for e in exp)
            what = '%s  want date spans %s' % (inp, ', '.join('%s[%d,%d)' % (e['text'], e['start'], e['end'])
                                                           for e in exp))
        if ok:
            s.passed += 1
        else:
            s.fail.append((cid, what, '; '.join('%s[%s,%s)' % (r.get('text'), r.get('start'), r.get('end'))
                                                for r in dates) or '(none)'))
    s.n = base + len(ext)
    return s


def suite_jionlp_money(peers, tool):
    s = Suite('jionlp-money')
    cases = []
    for c in load(os.path.join(peers, 'jionlp', 'money_parser.jsonl')):
        v = c['expected'][0]['value']
        inp = c['input']
        if v.get('case') != '元':
            s.skip('foreign currency', c['id'])
            continue
        if v.get('definition') != 'accurate' or not isinstance(v.get('num'), str):
            s.skip('range or approximate amount', c['id'])
            continue
        if re.search('[角分毛]', inp):
            s.skip('sub-units (角 分 毛)', c['id'])
            continue
        if re.search('[kKwW]', inp):
            s.skip('k/w shorthand', c['id'])
            continue
        m = re.fullmatch(r'(?:人民币)?(.+?)(?:元整|元|块钱|块|圆整|圆|钱)?(?:人民币)?', inp)
        cases.append((c['id'], reflow_text(m.group(1)), num(v['num'])))
    for f in ('money_extractor.jsonl', 'location_parser.jsonl'):
        for c in load(os.path.join(peers, 'jionlp', f)):
            s.skip('%s: not scored (money spans / admin areas)' % f, c['id'])
    run_numbers(s, tool, cases)
    return s


SUITES = [
    ('cn2an', 'cn2an', suite_cn2an),
    ('rt-number', 'recognizers-text-zh', suite_rt_number),
    ('rt-count', 'recognizers-text-zh', suite_rt_count),
    ('rt-date', 'recognizers-text-zh', suite_rt_date),
    ('jionlp-time', 'jionlp', suite_jionlp_time),
    ('jionlp-money', 'jionlp', suite_jionlp_money),
]


def selftest():
    """The harness's own date and text logic; t-peers.sh runs it first."""
    D = datetime.date
    checks = [
        (contract_year(D(2021, 3, 1), 2, 25), 2021),
        (contract_year(D(2021, 3, 1), 5, 1), 2021),     # exactly two months on
        (contract_year(D(2021, 3, 1), 5, 2), 2020),     # more than two months on
        (contract_year(D(2021, 1, 10), 12, 28), 2020),  # Dec/Jan wrap
        (contract_year(D(2020, 12, 20), 1, 5), 2020),
        (iso_range('2020'), (D(2020, 1, 1), D(2020, 12, 31))),
        (iso_range('2020-02'), (D(2020, 2, 1), D(2020, 2, 29))),
        (iso_range('2020-11-17/2020-11-19'), (D(2020, 11, 17), D(2020, 11, 19))),
        (iso_range('2020-11-17/19'), (D(2020, 11, 17), D(2020, 11, 19))),
        (iso_range('2016/2018'), (D(2016, 1, 1), D(2018, 12, 31))),
        (iso_range('--02-25'), None),
        (iso_range('2021-02-30'), None),
        (timex_range('(XXXX-12-28,XXXX-01-03,P6D)', D(2021, 1, 10)), (D(2020, 12, 28), D(2021, 1, 3))),
        (timex_range('(2016-01-01,2018-01-01,P2Y)', D(2017, 3, 22)), (D(2016, 1, 1), D(2018, 12, 31))),
        (reflow_text('2020 年 11 月 17 日'), '2020年11月17日'),
        (reflow_text('４９７３ 名党员'), '4973名党员'),
        (reflow_text('Party members 十'), 'Party members 十'),  # Latin keeps its space
        (date_scope('明天'), 'relative date'),
        (date_scope('5年前'), 'relative date'),
        (date_scope('2015年前'), None),
        (date_scope('2010-01-29'), None),
        (date_scope('13.5.2015'), 'day-first, two-digit or month-day numeric form'),
        (date_scope('29日'), 'day-only date (29日)'),
        (date_scope('10月12号，星期一'), None),
    ]
    bad = 0
    for i, (got, want) in enumerate(checks):
        if got != want:
            print('selftest %d: got %r, want %r' % (i, got, want))
            bad = 1
    return bad


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if sys.argv[1:] == ['--selftest']:
        return selftest()
    ap = argparse.ArgumentParser(
        usage='tests/peers.py [-v] [--peers DIR] [--inkbin DIR] [--min SUITE=RATE ...] '
              '[--out-of-scope] [SUITE ...]')
    ap.add_argument('-v', '--verbose', action='store_true', help='list every failure')
    ap.add_argument('--out-of-scope', action='store_true',
                    help='list the out-of-scope reasons with counts and example ids')
    ap.add_argument('--peers', default=os.path.join(os.environ.get('SHARED', os.path.join(TOP, '..', 'shared')), 'peers'))
    ap.add_argument('--inkbin', default=os.environ.get('INKBIN', os.path.join(TOP, 'bin')))
    ap.add_argument('--min', action='append', default=[], metavar='SUITE=RATE')
    ap.add_argument('suites', nargs='*')
    a = ap.parse_args()
    floors = {}
    for m in a.min:
        k, _, v = m.partition('=')
        if num(v) is None:
            ap.error('--min wants SUITE=RATE, not %s' % m)
        floors[k] = num(v)
    names = [n for n, _, _ in SUITES]
    for n in a.suites + list(floors):
        if n not in names:
            ap.error('no suite %s (have: %s)' % (n, ' '.join(names)))
    if not os.path.isdir(a.peers):
        print('peers.py: no peer suites at %s' % a.peers)
        return 77
    tool = Tool(a.inkbin)
    if not tool.ok:
        print('peers.py: ink-extract missing (%s)' % tool.path)
        return 77
    bad = 0
    tot_n = tot_p = 0
    print('%-14s %8s %7s %7s %8s' % ('suite', 'in-scope', 'passed', 'rate', 'out'))
    for name, folder, fn in SUITES:
        if a.suites and name not in a.suites:
            continue
        if not os.path.isdir(os.path.join(a.peers, folder)):
            print('%-14s skipped: %s absent' % (name, folder))
            continue
        s = fn(a.peers, tool)
        nout = sum(len(v) for v in s.out.values())
        if s.error:
            print('%-14s ERROR %s' % (name, s.error))
            bad = 1
            continue
        rate = s.passed / s.n if s.n else 1.0
        tot_n += s.n
        tot_p += s.passed
        flag = ''
        if name in floors and rate < floors[name]:
            flag = '  BELOW FLOOR %.2f' % floors[name]
            bad = 1
        print('%-14s %8d %7d %6.1f%% %8d%s' % (name, s.n, s.passed, 100 * rate, nout, flag))
        if a.verbose:
            for cid, what, got in s.fail:
                print('    FAIL %s: %s\n         got: %s' % (cid, what, got))
        if a.out_of_scope:
            for why, ids in sorted(s.out.items(), key=lambda kv: -len(kv[1])):
                print('    out %4d  %s  (e.g. %s)' % (len(ids), why, ids[0]))
    if tot_n:
        print('%-14s %8d %7d %6.1f%%' % ('all', tot_n, tot_p, 100 * tot_p / tot_n))
    return bad


if __name__ == '__main__':
    sys.exit(main())
