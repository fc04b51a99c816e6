/*
 * sniff.h: which format an input is in, told from its first bytes, without
 * losing them: the stream sniff_open() returns hands those bytes back
 * before the rest, so the reader chosen sees the whole input and counts
 * lines from 1.
 */
#ifndef SNIFF_H
#define SNIFF_H

#include <stdio.h>

struct sniff {
	FILE *fp;
	char b[64];
	size_t n, pos;		/* n: bytes sniffed (0: the input is empty) */
};

/*
 * *match: the input starts with prefix (after a UTF-8 BOM), as a CSV
 * starts with its header: REC_PARAS_HDR's first columns, say. The stream
 * returned reads fp from its first byte; NULL if it cannot be made.
 */
FILE *sniff_open(struct sniff *p, FILE *fp, const char *prefix, int *match);

#endif
