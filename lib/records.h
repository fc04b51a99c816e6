/*
 * records.h: the record contract (../shared/spec/records.md) in one place.
 * Every tool, ink-batch's checks and the fuzzers take the headers from here.
 */
#ifndef RECORDS_H
#define RECORDS_H

/* the columns every record of stage 2 and later starts with: a CSV input is told by them */
#define REC_KEY_HDR "doc,article,para"

/* stage 1, ink-ocr: one row per text line */
#define REC_LINES_HDR "doc,page,block,line,x,y,w,h,conf,text"
/* ...and after text, each character's box: "x:y:w:h:conf" but for white space */
#define REC_LINES_CHARS_HDR "chars"
/* stage 2, ink-reflow: one row per paragraph */
#define REC_PARAS_HDR "doc,article,para,kind,page,first_line,last_line,text"
/*
 * stage 3, ink-extract: one row per entity, then the provenance columns;
 * scope: on a metric row, total (a running total or stock), new (the
 * article's event or period) or empty (the text does not say)
 */
#define REC_ENTITIES_HDR "doc,article,para,start,end,type,text,value,unit,qualifier,subject,rule,scope"
/* line,x,y,w,h,conf: the entity's own pixels (ink-extract --lines), else empty */
#define REC_ENTITIES_PROV_HDR "page,first_line,last_line,line,x,y,w,h,conf"

/* docname.c: a document's name from its file: the base name less its last extension */
char *docname(const char *path);

#endif
