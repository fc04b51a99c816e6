/*
 * rules.c: rule files -> rule blocks, with their examples: a key table,
 * one handler per key; compile.c turns each finished block into a rule.
 */
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int
parse_expr(struct expr *x, const char *s)
{
	static const struct { const char *name; enum fn fn; } fns[] = {
		{ "num", F_NUM }, { "range", F_RANGE }, { "qual", F_QUAL },
		{ "strip", F_GROUP }, { "ordinal", F_NUM },
	};
	size_t i, n;
	const char *o;

	free(x->arg);
	x->arg = NULL;
	x->grp = -1;
	if (!*s || !strcmp(s, "-")) {
		x->fn = F_EMPTY;
		return 0;
	}
	if (!strcmp(s, "date")) {
		x->fn = F_DATE;
		return 0;
	}
	if (*s == '$') {
		x->fn = F_GROUP;
		x->arg = xstrdup(s + 1);
		return 0;
	}
	if ((o = strchr(s, '(')) && s[strlen(s) - 1] == ')') {
		n = (size_t)(o - s);
		for (i = 0; i < LEN(fns); i++)
			if (strlen(fns[i].name) == n && !strncmp(s, fns[i].name, n)) {
				x->fn = fns[i].fn;
				x->arg = xstrndup(o + 1, strlen(o + 1) - 1);
				if (x->arg[0] == '$')
					memmove(x->arg, x->arg + 1, strlen(x->arg));
				return 0;
			}
		x->fn = F_EMPTY;	/* never a half-made expression */
		return -1;
	}
	x->fn = F_LIT;
	x->arg = xstrdup(s);
	return 0;
}

static int
type_code(const char *s)
{
	int i;

	for (i = 0; i < NTYPES; i++)
		if (!strcmp(s, typenames[i]))
			return i;
	return -1;
}

/* one rule file being read: what each key's handler works on */
struct loader {
	struct engine *en;
	const char *file;
	unsigned long ln;	/* the line being read */
	struct rule *r;		/* the open rule block, NULL before the first */
	struct template *t;	/* the open template block: its keys are kept, not applied */
	int depth;		/* use inside a template used by a rule ... */
	char *issue;		/* issue-date: for the examples of the rules after it */
	int nerr;
};

/* warns file:line: msg and counts an error */
static void __attribute__((format(printf, 2, 3)))
lwarn(struct loader *ld, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_printf(&b, "%s:%lu: %s", ld->file, ld->ln, s);
	warnx("%s", b.p);
	free(s);
	buf_free(&b);
	ld->nerr++;
}

/* the define named by the text between braces, n bytes, or NULL */
static const struct def *
find_def(const struct engine *en, const char *name, size_t n)
{
	size_t i;

	for (i = en->ndefs; i-- > 0;)
		if (strlen(en->defs[i].name) == n && !memcmp(en->defs[i].name, name, n))
			return &en->defs[i];
	return NULL;
}

/* a rule block ends: a rule that does not compile is dropped, with its error */
static void
close_rule(struct loader *ld)
{
	if (ld->r && rule_finish(ld->en, ld->r) < 0) {
		ld->nerr++;
		rule_free(ld->r);
		ld->en->nrules--;
	}
	ld->r = NULL;
}

/* splits "WORD REST": val becomes WORD, the trimmed REST is returned */
static char *
split_word(char *val)
{
	char *p = val + strcspn(val, " \t");

	if (*p)
		*p++ = '\0';
	return trim(p);
}

static void
key_define(struct loader *ld, char *val)
{
	struct engine *en = ld->en;

	ld->t = NULL;
	char *name = val, *p = split_word(val), *exp, *fast;

	if (!*name || !*p) {
		lwarn(ld, "define NAME PATTERN");
		return;
	}
	if (!(exp = expand(en, p, ld->file, ld->ln, 0))) {
		ld->nerr++;
		return;
	}
	en->defs = xreallocarray(en->defs, en->ndefs + 1, sizeof(*en->defs));
	en->defs[en->ndefs].name = xstrdup(name);
	en->defs[en->ndefs].words = NULL;
	if ((fast = bucket_words(exp))) {
		en->defs[en->ndefs].words = exp;
		exp = fast;
	}
	en->defs[en->ndefs++].pat = exp;
}

static void
key_issue_date(struct loader *ld, char *val)
{
	ld->t = NULL;
	free(ld->issue);
	ld->issue = xstrdup(val);
}

static void
key_rule(struct loader *ld, char *val)
{
	struct engine *en = ld->en;
	struct rule *r;

	close_rule(ld);
	ld->t = NULL;
	if (!*val) {
		lwarn(ld, "rule needs an id");
		return;
	}
	en->rules = xreallocarray(en->rules, en->nrules + 1, sizeof(*en->rules));
	r = ld->r = &en->rules[en->nrules++];
	memset(r, 0, sizeof(*r));
	r->id = xstrdup(val);
	r->file = xstrdup(ld->file);
	r->line = ld->ln;
	r->type = -1;
	r->issue = ld->issue ? xstrdup(ld->issue) : NULL;
	r->value.grp = r->unit.grp = r->qual.grp = r->subj.grp = -1;
}

static void
key_type(struct loader *ld, char *val)
{
	if ((ld->r->type = type_code(val)) < 0)
		lwarn(ld, "unknown type '%s'", val);
}

static void
key_pattern(struct loader *ld, char *val)
{
	struct rule *r = ld->r;

	free(r->pat);
	r->pat = expand(ld->en, val, ld->file, ld->ln, 0);
	r->pline = ld->ln;
	if (!r->pat) {
		ld->nerr++;
		r->pat = xstrdup("(*FAIL)");
	}
}

static void
set_expr(struct loader *ld, struct expr *x, const char *val)
{
	if (parse_expr(x, val) < 0)
		lwarn(ld, "unknown function in '%s'", val);
}

static void key_value(struct loader *ld, char *val) { set_expr(ld, &ld->r->value, val); }
static void key_unit(struct loader *ld, char *val) { set_expr(ld, &ld->r->unit, val); }
static void key_qualifier(struct loader *ld, char *val) { set_expr(ld, &ld->r->qual, val); }
static void key_subject(struct loader *ld, char *val) { set_expr(ld, &ld->r->subj, val); }

static void
key_extend(struct loader *ld, char *val)
{
	struct rule *r = ld->r;
	char *g = val, *p = split_word(val), *exp;

	if (!*g || !*p || !(exp = expand(ld->en, p, ld->file, ld->ln, 0))) {
		lwarn(ld, "extend GROUP PATTERN");
		return;
	}
	free(r->extname), free(r->extpat);
	r->extname = xstrdup(g);
	r->extpat = exp;
}

static void
key_extend_must(struct loader *ld, char *val)
{
	ld->r->extmust = 1;
}

static void
key_extend_window(struct loader *ld, char *val)
{
	char *end;

	ld->r->extwin = strtoul(val, &end, 10);
	if (*end || !*val || !ld->r->extwin) {
		lwarn(ld, "extend-window wants a number of characters");
		ld->r->extwin = 0;
	}
}

static void
key_span(struct loader *ld, char *val)
{
	free(ld->r->spanname);
	ld->r->spanname = xstrdup(val);
}

/* one literal a match must hold, on require line r->nreqline */
static void
add_required(struct engine *en, struct rule *r, const char *tok)
{
	const char *t = tok;
	uint32_t cp;
	size_t l;
	int k, m;

	r->req = xreallocarray(r->req, r->nreq + 1, sizeof(*r->req));
	r->reqlen = xreallocarray(r->reqlen, r->nreq + 1, sizeof(*r->reqlen));
	r->reqcp = xreallocarray(r->reqcp, r->nreq + 1, sizeof(*r->reqcp));
	r->reqline = xreallocarray(r->reqline, r->nreq + 1, sizeof(*r->reqline));
	r->reqid = xreallocarray(r->reqid, r->nreq + 1, sizeof(*r->reqid));
	r->reqlen[r->nreq] = strlen(tok);
	memset(r->reqcp[r->nreq], 0, sizeof(r->reqcp[r->nreq]));
	for (m = 0; m < 4 && *t && (k = utf8_dec(t, strlen(t), &cp)) > 0; m++, t += k)
		r->reqcp[r->nreq][m] = cp < 0x10000 ? cp : 0;
	r->reqline[r->nreq] = r->nreqline;
	for (l = 0; l < en->nlits && strcmp(en->lits[l], tok); l++)
		;
	if (l == en->nlits) {
		en->lits = xreallocarray(en->lits, en->nlits + 1, sizeof(*en->lits));
		en->lit_gen = xreallocarray(en->lit_gen, en->nlits + 1, sizeof(*en->lit_gen));
		en->lit_res = xreallocarray(en->lit_res, en->nlits + 1, sizeof(*en->lit_res));
		en->lits[en->nlits] = xstrdup(tok);
		en->lit_gen[en->nlits] = 0;
		en->lit_res[en->nlits++] = 0;
	}
	r->reqid[r->nreq] = l;
	r->req[r->nreq++] = xstrdup(tok);
}

/*
 * A word of a word list: the word itself, or {NAME}, a define that is a
 * list of plain words (书记|主任|...), as its words. Calls fn on each;
 * returns -1 (warned) for an unknown define.
 */
static int
each_word(struct loader *ld, char *tok, const char *sep, void (*fn)(struct loader *, const char *))
{
	const struct def *d;
	char *list = NULL, *w, *wp;

	if (tok[0] == '{' && tok[strlen(tok) - 1] == '}') {
		if (!(d = find_def(ld->en, tok + 1, strlen(tok) - 2))) {
			lwarn(ld, "unknown definition %s", tok);
			return -1;
		}
		list = xstrdup(d->words ? d->words : d->pat);
	}
	for (w = strtok_r(list ? list : tok, sep, &wp); w; w = strtok_r(NULL, sep, &wp))
		fn(ld, w);
	free(list);
	return 0;
}

static void
require_word(struct loader *ld, const char *w)
{
	if (w[strcspn(w, "\\^$.[]()?*+{}")]) {
		lwarn(ld, "require: '%s' is not a plain word", w);
		return;
	}
	add_required(ld->en, ld->r, w);
}

/* require W {LIST} ...: one of these literals occurs; each require line is one more condition */
static void
key_require(struct loader *ld, char *val)
{
	struct rule *r = ld->r;
	char *tok, *sp;

	for (tok = strtok_r(val, " \t", &sp); tok; tok = strtok_r(NULL, " \t", &sp)) {
		if (tok[0] == '{' && tok[strlen(tok) - 1] == '}')
			(void)each_word(ld, tok, "|", require_word);
		else
			add_required(ld->en, r, tok);
	}
	if (r->nreq && r->reqline[r->nreq - 1] == r->nreqline) {
		r->reqsrc = xreallocarray(r->reqsrc, (size_t)r->nreqline + 1, sizeof(*r->reqsrc));
		r->reqsrc[r->nreqline++] = ld->ln;
	}
}

static void
key_anchor(struct loader *ld, char *val)
{
	struct rule *r = ld->r;
	const char *a = val;
	uint32_t cp;
	int k;

	if (!r->anchor)
		r->anchor = xcalloc(0x10000 / 8, 1);
	r->aline = ld->ln;
	while (*a) {
		if ((k = utf8_dec(a, strlen(a), &cp)) < 0)
			break;
		a += k;
		if (cp < 0x10000 && cp != ' ')
			r->anchor[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
}

static void
anchor_word(struct loader *ld, const char *w)
{
	struct rule *r = ld->r;
	uint32_t cp;
	size_t k;

	if (utf8_dec(w, strlen(w), &cp) < 0 || cp >= 0x10000 || w[strcspn(w, "\\^$.[]()?*+{}")]) {
		lwarn(ld, "anchor-words: '%s' is not a plain word", w);
		return;
	}
	r->anchor[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	r->aword = xreallocarray(r->aword, r->naword + 1, sizeof(*r->aword));
	r->awlen = xreallocarray(r->awlen, r->naword + 1, sizeof(*r->awlen));
	r->awcp = xreallocarray(r->awcp, r->naword + 1, sizeof(*r->awcp));
	/* kept sorted by first character (stable), for a binary search per position */
	for (k = r->naword; k > 0 && r->awcp[k - 1] > cp; k--) {
		r->aword[k] = r->aword[k - 1];
		r->awlen[k] = r->awlen[k - 1];
		r->awcp[k] = r->awcp[k - 1];
	}
	r->aword[k] = xstrdup(w);
	r->awlen[k] = strlen(w);
	r->awcp[k] = cp;
	r->naword++;
}

static void
key_anchor_words(struct loader *ld, char *val)
{
	char *tok, *sp;

	if (!ld->r->anchor)
		ld->r->anchor = xcalloc(0x10000 / 8, 1);
	ld->r->aline = ld->ln;
	for (tok = strtok_r(val, " \t", &sp); tok; tok = strtok_r(NULL, " \t", &sp))
		(void)each_word(ld, tok, "|", anchor_word);
}

static void
key_anchor_first(struct loader *ld, char *val)
{
	ld->r->derived = 1;
	ld->r->aline = ld->ln;
	if (*val)
		lwarn(ld, "anchor-first takes no characters: the pattern says them");
}

static void
key_window(struct loader *ld, char *val)
{
	char *end;

	ld->r->window = strtoul(val, &end, 10);
	if (*end || !*val)
		lwarn(ld, "window wants a number of characters");
}

/* date-groups y m d=day ...: the groups that are the date's parts (y=y when bare) */
static void
key_date_groups(struct loader *ld, char *val)
{
	struct rule *r = ld->r;
	char *tok, *sp, *eq;
	size_t i;

	r->dgline = ld->ln;
	for (i = 0; i < LEN(r->dgname); i++)
		free(r->dgname[i]), r->dgname[i] = NULL;
	for (tok = strtok_r(val, " \t", &sp); tok; tok = strtok_r(NULL, " \t", &sp)) {
		if ((eq = strchr(tok, '=')))
			*eq++ = '\0';
		for (i = 0; i < LEN(dateparts) && strcmp(tok, dateparts[i]); i++)
			;
		if (i == LEN(dateparts) || (eq && !*eq)) {
			lwarn(ld, "date-groups: '%s' is not y, m, d, y2, m2 or d2 (=GROUP)", tok);
			continue;
		}
		free(r->dgname[i]);
		r->dgname[i] = xstrdup(eq ? eq : tok);
	}
}

static void
key_propagate(struct loader *ld, char *val)
{
	ld->r->propagate = 1;
}

static void
key_blocks(struct loader *ld, char *val)
{
	char *tok, *sp;
	int t;

	for (tok = strtok_r(val, " \t", &sp); tok; tok = strtok_r(NULL, " \t", &sp)) {
		if ((t = type_code(tok)) < 0)
			lwarn(ld, "unknown type '%s'", tok);
		else
			ld->r->blocks |= 1u << t;
	}
}

static void
add_example(struct loader *ld, char *val, int want)
{
	struct rule *r = ld->r;
	char *arrow = want ? strstr(val, " => ") : NULL;

	r->ex = xreallocarray(r->ex, r->nex + 1, sizeof(*r->ex));
	r->ex[r->nex].line = ld->ln;
	if (want && !arrow) {
		lwarn(ld, "example TEXT => ROW [; ROW ...]");
		return;
	}
	if (arrow) {
		*arrow = '\0';
		r->ex[r->nex].want = xstrdup(trim(arrow + 4));
	} else
		r->ex[r->nex].want = NULL;
	r->ex[r->nex++].text = xstrdup(trim(val));
}

static void key_example(struct loader *ld, char *val) { add_example(ld, val, 1); }
static void key_nomatch(struct loader *ld, char *val) { add_example(ld, val, 0); }

static struct template *
find_template(const struct engine *en, const char *name)
{
	size_t i;

	for (i = 0; i < en->ntmpls; i++)
		if (!strcmp(en->tmpls[i].name, name))
			return &en->tmpls[i];
	return NULL;
}

/* template NAME: the rule keys up to the next rule, template or define are kept for use */
static void
key_template(struct loader *ld, char *val)
{
	struct engine *en = ld->en;
	struct template *old, *t;

	close_rule(ld);
	ld->t = NULL;
	if (!*val || val[strcspn(val, " \t")]) {
		lwarn(ld, "template NAME");
		return;
	}
	if ((old = find_template(en, val))) {
		/* --check-rules FILE read the file's templates as context already */
		if (!strcmp(old->file, ld->file) && old->line == ld->ln) {
			t = ld->t = old;
			while (t->n > 0)
				t->n--, free(t->v[t->n].key), free(t->v[t->n].val);
			return;
		}
		lwarn(ld, "template %s: already defined at %s:%lu", val, old->file, old->line);
		return;
	}
	en->tmpls = xreallocarray(en->tmpls, en->ntmpls + 1, sizeof(*en->tmpls));
	t = ld->t = &en->tmpls[en->ntmpls++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(val);
	t->file = xstrdup(ld->file);
	t->line = ld->ln;
}

static void apply_key(struct loader *ld, const char *key, char *val);

/* use NAME: the template's keys, as if written here */
static void
key_use(struct loader *ld, char *val)
{
	const struct template *t = find_template(ld->en, val);
	unsigned long ln = ld->ln;
	size_t i;
	char *v;

	if (!t) {
		lwarn(ld, "use: no template %s", val);
		return;
	}
	if (ld->depth > 8) {
		lwarn(ld, "use %s: templates nest too deep (a loop?)", val);
		return;
	}
	ld->depth++;
	for (i = 0; i < t->n; i++) {
		v = xstrdup(t->v[i].val);
		apply_key(ld, t->v[i].key, v);
		free(v);
		ld->ln = ln;	/* errors name the use line */
	}
	ld->depth--;
}

/* a key of an open template block: kept as written */
static void
template_add(struct loader *ld, const char *key, const char *val)
{
	struct template *t = ld->t;

	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	t->v[t->n].key = xstrdup(key);
	t->v[t->n].val = xstrdup(val);
	t->v[t->n++].line = ld->ln;
}

/*
 * The keys of a rule file, one handler each (rules/README and
 * ink-extract(1) describe them). IN_RULE: only inside a rule block.
 */
enum { ANYWHERE, IN_RULE };
static const struct key {
	const char *name;
	int where;
	void (*fn)(struct loader *, char *);
} keys[] = {
	{ "define",		ANYWHERE,	key_define },
	{ "issue-date",		ANYWHERE,	key_issue_date },
	{ "rule",		ANYWHERE,	key_rule },
	{ "template",		ANYWHERE,	key_template },
	{ "use",		IN_RULE,	key_use },
	{ "type",		IN_RULE,	key_type },
	{ "pattern",		IN_RULE,	key_pattern },
	{ "value",		IN_RULE,	key_value },
	{ "unit",		IN_RULE,	key_unit },
	{ "qualifier",		IN_RULE,	key_qualifier },
	{ "subject",		IN_RULE,	key_subject },
	{ "extend",		IN_RULE,	key_extend },
	{ "extend-must",	IN_RULE,	key_extend_must },
	{ "extend-window",	IN_RULE,	key_extend_window },
	{ "span",		IN_RULE,	key_span },
	{ "require",		IN_RULE,	key_require },
	{ "anchor",		IN_RULE,	key_anchor },
	{ "anchor-words",	IN_RULE,	key_anchor_words },
	{ "anchor-first",	IN_RULE,	key_anchor_first },
	{ "window",		IN_RULE,	key_window },
	{ "date-groups",	IN_RULE,	key_date_groups },
	{ "propagate",		IN_RULE,	key_propagate },
	{ "blocks",		IN_RULE,	key_blocks },
	{ "example",		IN_RULE,	key_example },
	{ "nomatch",		IN_RULE,	key_nomatch },
};

static const struct key *
find_key(const char *name)
{
	size_t i;

	for (i = 0; i < LEN(keys); i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

static void
apply_key(struct loader *ld, const char *key, char *val)
{
	find_key(key)->fn(ld, val);
}

/* a line starting with blanks continues the pattern above */
static void
continue_pattern(struct loader *ld, char *line)
{
	struct rule *r = ld->r;
	char *exp;

	if (!(exp = expand(ld->en, trim(line), ld->file, ld->ln, 0))) {
		ld->nerr++;
		return;
	}
	r->pat = xrealloc(r->pat, strlen(r->pat) + strlen(exp) + 1);
	strcat(r->pat, exp);
	free(exp);
}

/*
 * Loads one rule file from memory. Returns the number of errors (each
 * warned with file:line); good rules are kept either way.
 */
int
load_rules_mem(struct engine *en, const char *file, const char *text, size_t len)
{
	struct loader ld = { .en = en, .file = file };
	const struct key *k;
	char *copy, *line, *next, *key, *val;
	size_t bad = 0;
	struct buf clean = { 0 };

	/* patterns and examples must be valid UTF-8 before PCRE2 sees them */
	if (utf8_clean(text, len, &clean, &bad)) {
		warnx("%s: invalid UTF-8 or NUL byte at byte %zu", file, bad + 1);
		ld.nerr++;
	}
	copy = xstrndup(clean.p ? clean.p : "", clean.len);
	buf_free(&clean);

	for (line = copy; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		ld.ln++;
		if (*line == '#' || !*trim(line))
			continue;
		if ((*line == ' ' || *line == '\t') && ld.r && ld.r->pat && ld.r->pline) {
			continue_pattern(&ld, line);
			continue;
		}
		key = trim(line);
		val = split_word(key);
		k = find_key(key);
		/* --check-rules FILE: the other files' defines and templates only */
		if (en->defs_only && strcmp(key, "define") && strcmp(key, "template") &&
		    !(ld.t && k && k->where == IN_RULE))
			continue;
		if (ld.t && k && k->where == IN_RULE)
			template_add(&ld, key, val);
		else if ((!k || k->where == IN_RULE) && !ld.r)
			lwarn(&ld, "'%s' outside a rule block", key);
		else if (!k)
			lwarn(&ld, "unknown key '%s'", key);
		else
			k->fn(&ld, val);
	}
	close_rule(&ld);
	free(ld.issue);
	free(copy);
	return ld.nerr;
}

int
load_rules_file(struct engine *en, const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;
	int nerr;

	if (!fp) {
		warn("%s", path);
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp)) {
		warn("%s", path);
		fclose(fp);
		buf_free(&b);
		return 1;
	}
	fclose(fp);
	nerr = load_rules_mem(en, path, b.p ? b.p : "", b.len);
	buf_free(&b);
	return nerr;
}

static int
rulefile_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 6 && !strcmp(d->d_name + n - 6, ".rules");
}

/* a directory: every *.rules in name order, so definitions in 00-*.rules come first */
int
load_rules_path(struct engine *en, const char *path)
{
	struct dirent **ents;
	int n, i, nerr = 0;
	struct buf p = { 0 };

	n = scandir(path, &ents, rulefile_filter, alphasort);
	if (n < 0) {
		if (errno == ENOTDIR)
			return load_rules_file(en, path);
		warn("%s", path);
		return 1;
	}
	if (n == 0)
		warnx("%s: no *.rules files", path), nerr++;
	for (i = 0; i < n; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", path, ents[i]->d_name);
		nerr += load_rules_file(en, p.p);
		free(ents[i]);
	}
	free(ents);
	buf_free(&p);
	return nerr;
}
