/*
 * ents.c: the entity list of one paragraph.
 */
#include <stdlib.h>
#include <string.h>

#include "inkpipe.h"
#include "extract/engine.h"

void
ents_free(struct ents *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].value);
		free(e->v[i].unit);
		free(e->v[i].qual);
		free(e->v[i].subj);
	}
	e->n = 0;
}

struct ent *
ents_add(struct ents *e)
{
	struct ent *x;

	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 32;
		e->v = xreallocarray(e->v, e->cap, sizeof(*e->v));
	}
	x = &e->v[e->n++];
	memset(x, 0, sizeof(*x));
	x->y = x->m = x->d = x->y2 = x->m2 = x->d2 = -1;
	return x;
}
