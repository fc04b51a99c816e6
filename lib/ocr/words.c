/*
 * The words of a recognised line with their own boxes, for hOCR and ALTO:
 * a word is a run of the line's text between spaces, boxed by the boxes of
 * its characters (the chars column) and as sure as its least sure one.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "ocrxml.h"
#include "ocr/ocr.h"

size_t
ocr_line_words(const struct ocr_line *l, struct ocrword **out)
{
	const char *t = l->text;
	size_t len = strlen(t), i = 0, nb, k = 0, nw = 0, start = 0;
	long *v;
	struct ocrword *w = NULL;
	int in = 0, n;
	uint32_t c;

	*out = NULL;
	if (!l->chars || !(nb = charbox_parse(l->chars, &v)))
		return 0;
	w = xcalloc(len + 1, sizeof *w);
	for (i = 0; i <= len; i += n > 0 ? (size_t)n : 1) {
		n = i < len ? utf8_dec(t + i, len - i, &c) : 1;
		int white = i == len || n <= 0 || charbox_white(c);
		if (in && white) {
			w[nw - 1].text = xstrndup(t + start, i - start);
			in = 0;
		}
		if (white)
			continue;
		if (k >= nb)
			break;
		long *b = &v[CHARBOX_FIELDS * k++];
		if (!in) {
			w[nw++] = (struct ocrword){ b[0], b[1], b[2], b[3], b[4], NULL };
			start = i;
			in = 1;
			continue;
		}
		struct ocrword *cur = &w[nw - 1];
		double x1 = cur->x + cur->w, y1 = cur->y + cur->h;
		cur->x = cur->x < b[0] ? cur->x : b[0];
		cur->y = cur->y < b[1] ? cur->y : b[1];
		cur->w = (x1 > b[0] + b[2] ? x1 : b[0] + b[2]) - cur->x;
		cur->h = (y1 > b[1] + b[3] ? y1 : b[1] + b[3]) - cur->y;
		if (b[4] < cur->conf)
			cur->conf = b[4];
	}
	free(v);
	/* boxes and characters out of step: no words, the line stands as one */
	if (k != nb || in) {
		ocr_words_free(w, nw);
		return 0;
	}
	*out = w;
	return nw;
}

void
ocr_words_free(struct ocrword *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)w[i].text);
	free(w);
}
