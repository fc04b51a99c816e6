/*
 * The text of a recognised line: Chinese punctuation as printed, and the
 * test for what is not text at all.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocr/ocr.h"

/* under this a line that looks like garbage is taken for it */
#define GARBAGE_CONF	50
/*
 * A title's glyphs are big and few, and set in display faces (heavy, a
 * colour, on a ground) the model is less sure of: read as two or three
 * Chinese characters at this confidence or more, it is a title, misread
 * in a glyph at worst. A smudge or a photo's edge read as big glyphs
 * scores under it.
 */
#define TITLE_CONF	30

int
ocr_iscjk(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFF01 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFF);
}

int
ocr_hascjk(const char *s, size_t n)
{
	uint32_t c;

	for (size_t i = 0; i < n;) {
		int k = utf8_dec(s + i, n - i, &c);
		if (k < 0)
			k = 1;
		else if (ocr_iscjk(c))
			return 1;
		i += (size_t)k;
	}
	return 0;
}

/*
 * Chinese text sets its punctuation full width, but the chi_sim model often
 * answers the ASCII look-alike, and reads a full-width opening parenthesis
 * as an angle bracket when the closing one is plain.
 */
char *
ocr_fixpunct(const char *s, size_t n)
{
	static const char ascii[] = ",;:?!()";
	static const uint32_t wide[] = { 0xFF0C, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF08, 0xFF09 };
	uint32_t *cp = xmalloc((n + 1) * sizeof *cp);
	size_t m = 0;
	struct buf o = { 0 };

	for (size_t i = 0; i < n;) {
		int k = utf8_dec(s + i, n - i, &cp[m]);
		if (k < 0) {
			cp[m] = UTF8_REPLACEMENT;
			k = 1;
		}
		i += (size_t)k;
		m++;
	}
	for (size_t i = 0; i < m; i++) {
		const char *a = cp[i] < 128 ? strchr(ascii, (int)cp[i]) : NULL;
		if (a && cp[i]) {
			size_t p = i, q = i + 1;
			while (p > 0 && cp[p - 1] == ' ')
				p--;
			while (q < m && cp[q] == ' ')
				q++;
			if ((p > 0 && ocr_iscjk(cp[p - 1])) || (q < m && ocr_iscjk(cp[q])))
				cp[i] = wide[a - ascii];
		} else if (cp[i] == 0x3008 || cp[i] == 0x300A) {
			for (size_t j = i + 1; j < m && cp[j] != 0x3009 && cp[j] != 0x300B; j++)
				if (cp[j] == ')' || cp[j] == 0xFF09) {
					cp[i] = 0xFF08;
					break;
				}
		}
	}
	for (size_t i = 0; i < m; i++) {
		char e[4];
		buf_add(&o, e, (size_t)utf8_enc(cp[i], e));
	}
	buf_addc(&o, 0);
	free(cp);
	return o.p;
}

/*
 * Garbage: what is read into a photo, the remains of a rule or a smudge.
 * On a Chinese page that is a line with no Chinese in it: symbols only (the
 * edge of a photo, a rule), or Latin letters and symbols the model is unsure
 * of (figures are kept unless it barely believes them); or a
 * lone character or two the model is unsure of. A real line, even a
 * misread one, is longer or more certain; or it is a title (title: its
 * line is OCR_TITLE_SCALE times the body's height or more) of Chinese
 * characters only, read at TITLE_CONF or more.
 */
int
ocr_garbage(const char *s, size_t n, int conf, int chinese, int title)
{
	size_t nch = 0, ndigit = 0, nalnum = 0, nhan = 0;
	uint32_t c;

	if (!chinese)
		return 0;
	for (size_t i = 0; i < n;) {
		int k = utf8_dec(s + i, n - i, &c);
		if (k < 0)
			k = 1;
		else if (c != ' ') {
			nch++;
			ndigit += c >= '0' && c <= '9';
			nhan += (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || c >= 0x20000;
			nalnum += (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
		}
		i += (size_t)k;
	}
	if (!ocr_hascjk(s, n))
		return nalnum == 0 || conf < 20 || (conf < GARBAGE_CONF && ndigit * 2 < nch);
	return nch <= 3 && conf < (title && nhan >= 2 && nhan == nch ? TITLE_CONF : GARBAGE_CONF);
}

/* the height of the page's lines, most of which are the body's; 0: none */
int
ocr_body_height(const struct ocr_page *pg)
{
	int *hs, body;

	if (pg->nl == 0)
		return 0;
	hs = xcalloc(pg->nl, sizeof *hs);
	for (size_t i = 0; i < pg->nl; i++)
		hs[i] = pg->l[i].h;
	body = rank_int(hs, pg->nl, 1, 2);
	free(hs);
	return body;
}
