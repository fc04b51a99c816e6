#!/usr/bin/env python3
"""tests/man-whole.py PAGE...: every man page renders whole: each source line's
text is in what `man -l` prints (whitespace aside), and no line starts with
a dot or quote that is not a request (groff swallows `.jpg, .jpeg` whole).
Prints each loss; exit 1 if any."""
import os, re, subprocess, sys

REQUESTS = set('''TH SH SS PP LP P IP TP TQ HP RS RE B I BR BI IB RB IR RI SM SB
nf fi br sp in ti ad na ft ce ne EX EE UR UE MT ME SY YS OP ig ds de if ie el
hy nh ll ps vs ta tr'''.split())
NOTEXT = set('TH PP LP P RS RE nf fi br sp in ti ad na ft ce ne EX EE hy nh ll ps vs ta tr TP TQ'.split())
MDOC = set('''Dd Dt Os Sh Ss Pp Lp Nm Nd Op Oo Oc Fl Ar Cm Bd Ed Bl El It Ql Ev Dl D1 Xr
Pq Po Pc Ns Sq So Sc Dq Do Dc Qq Qo Qc Aq Ao Ac Brq Bro Brc Li Em Sy Va Vt Ft Fn Fa Fo
Fc Pa Ad An Lk Mt Ic Er Ex Rv St Bx At Ux No Ek Bk Ta Xo Xc Tn Ms Ap Dv In Cd Lb Bf Ef
Sm Fd Ot Nx Ox Fx Bsx Bt Ud Db Hf Kf Tg Rs Re Eo Ec %A %T %J %D %N %O %P %Q %R %U %V
ig if ie el ds de br sp'''.split())
MDOC_NOTEXT = set('Dd Dt Os Bd Bl Bf Bk Ek Ed El Ef Pp Lp Sm Db Tg br sp'.split())
SPECIAL = {'bu': '•', 'em': '—', 'en': '–', 'aq': "'", 'dq': '"', '->': '→', '<-': '←',
           'lq': '"', 'rq': '"', 'oq': "'", 'cq': "'", 'mu': '×', 'co': '©', 'ti': '~',
           'ha': '^', 'rs': '\\', 'de': '°', 'hy': '-', 'ga': "'", 'ul': '_'}
ESC = [(r'\\f\[[A-Z]*\]|\\f[BIRP]', ''), (r'\\&', ''), (r'\\-', '-'), (r'\\e', '\\\\'),
       (r'\\ ', ' '), (r'\\c$', ''), (r'\\\|', ''), (r'\\\^', ''), (r'\\0', ' ')]

def unescape(s):
    s = re.sub(r'\\\((..)|\\\[([^]]*)\]', lambda m: SPECIAL.get(m.group(1) or m.group(2), '?'), s)
    for a, b in ESC:
        s = re.sub(a, b, s)
    return s

def norm(s):
    s = re.sub(r'.\x08', '', s)
    for a, b in (('\u2010', '-'), ('\u2011', '-'), ('\u2212', '-'), ('\u2019', "'"),
                 ('\u2018', "'"), ('\u201c', '"'), ('\u201d', '"'), ('\u00b4', "'"), ('`', "'")):
        s = s.replace(a, b)
    return re.sub(r'\s+', '', s)

def args(s):
    return [a[1:-1] if a.startswith('"') else a for a in re.findall(r'"[^"]*"|\S+', s)]

bad = 0
env = dict(os.environ, MANWIDTH='2000', LC_ALL='C.UTF-8', MAN_KEEP_FORMATTING='')
for page in sys.argv[1:]:
    out = subprocess.run(['man', '-l', page], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        print('%s: man -l exits %d: %s' % (page, out.returncode, out.stderr.strip()))
        bad = 1
        continue
    rendered = norm(out.stdout)
    src = open(page, encoding='utf-8').read().split('\n')
    mdoc = any(l.startswith('.Dd') for l in src[:5])
    for n, line in enumerate(src, 1):
        if mdoc and line.startswith(('.', "'")):
            m = re.match(r"[.'](\S*)\s*(.*)", line)
            name, rest = m.group(1), m.group(2)
            if name.startswith('\\"') or name == '':
                continue
            if name not in MDOC:
                print('%s:%d: "%s" is read as a request (.%s) and its text is lost; '
                      'start the line with \\&' % (page, n, line, name))
                bad = 1
                continue
            texts = [] if name in MDOC_NOTEXT else \
                [a for a in args(rest) if a not in MDOC and re.search(r'\w\w', a)]
        elif line.startswith(('.', "'")):
            m = re.match(r"[.'](\S*)\s*(.*)", line)
            name, rest = m.group(1), m.group(2)
            if name.startswith('\\"') or name == '':
                continue
            if name not in REQUESTS:
                print('%s:%d: "%s" is read as a request (.%s) and its text is lost; '
                      'start the line with \\&' % (page, n, line, name))
                bad = 1
                continue
            if name in NOTEXT or name == 'IP':
                texts = args(rest)[:1] if name == 'IP' else []
            else:
                texts = args(rest)
        else:
            texts = [line]
        for t in texts:
            t = norm(unescape(t))
            if t and t not in rendered:
                print('%s:%d: not in the rendered page: %s' % (page, n, line))
                bad = 1
sys.exit(bad)
