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
 * ...and after text: the page of last_line.  page is where the paragraph
 * starts; one that runs on over a page break ends on last_line of
 * last_page (line numbers start again on every page).  Empty from text.
 */
#define REC_PARAS_MORE_HDR "last_page"
/*
 * stage 3, ink-extract: one row per entity, then the provenance columns;
 * scope: on a metric row, total (a running total or stock), new (the
 * article's event or period) or empty (the text does not say)
 */
#define REC_ENTITIES_HDR "doc,article,para,start,end,type,text,value,unit,qualifier,subject,rule,scope"
/* line,x,y,w,h,conf: the entity's own pixels (ink-extract --lines), else empty */
#define REC_ENTITIES_PROV_HDR "page,first_line,last_line,line,x,y,w,h,conf"
/*
 * ...and after conf: the paragraph's last_page, and line_page, the page of
 * line and of its box (a paragraph that runs over a page break holds
 * entities printed on its second page).
 */
#define REC_ENTITIES_PAGES_HDR "last_page,line_page"

/* docname.c: a document's name from its file: the base name less its last extension */
char *docname(const char *path);

#endif
