/* SPDX-License-Identifier: MIT */
/* layout.h - a layout document (schemas/layout.xsd) read into a compact
 * block tree: blocks with attributes checked and inline text collapsed
 * into runs of one face. Knows the vocabulary; nothing of geometry. */
#ifndef CAREX_PDF_LAYOUT_H
#define CAREX_PDF_LAYOUT_H

#include <stdint.h>

#include <libxml/tree.h>

#include "util/buf.h"
#include "util/err.h"

enum btype {
	B_BODY, B_LETTERHEAD, B_ADDRESS, B_HEADING, B_PARA, B_LIST, B_ITEM,
	B_TABLE, B_ROW, B_CELL, B_FORM, B_CHECKBOX, B_SIGNATURES,
	B_SIGNATURE, B_BOX, B_GROUP, B_SPACER, B_RULE, B_PAGEBREAK
};

enum { AL_LEFT, AL_RIGHT, AL_CENTER, AL_JUSTIFY };
enum { LS_BULLET, LS_NUMBER, LS_LETTER, LS_NONE };
enum { BD_GRID, BD_OUTER, BD_ROWS, BD_NONE };

/* A string in the text arena. */
struct str {
	uint32_t	off, len;
};

/* A stretch of collapsed text in one face, or a forced line break. */
struct run {
	uint32_t	off, len;	/* into ltree.text */
	uint32_t	line;		/* source line, for messages */
	uint8_t		face;		/* enum face_id */
	uint8_t		br;		/* 1: a <br/>, no text */
};

struct block {
	int32_t		first, last;	/* children, -1 when none */
	int32_t		next;		/* next sibling, -1 at the end */
	uint32_t	run0, nrun;	/* inline content */
	uint32_t	line;
	uint8_t		type;		/* enum btype */
	uint8_t		align;		/* AL_* */
	uint8_t		style;		/* list: LS_* */
	uint8_t		border;		/* table, form: BD_* */
	uint8_t		keep;		/* para keep-with-next */
	uint8_t		checked, shade, alert, level, implicit;
	uint16_t	colspan, header_rows, ncol;
	float		size;		/* 0: the default for where it sits */
	float		length;		/* spacer height; form label width % */
	uint32_t	start;		/* list start */
	uint32_t	w0;		/* table: widths[w0 .. w0+ncol) */
	struct str	label;		/* heading/field number, item label */
	struct str	sig[4];		/* signature party, name, role, date */
};

struct ltree {
	struct block	*b;		/* b[0] is the body */
	uint32_t	 nb, capb;
	struct run	*r;
	uint32_t	 nr, capr;
	float		*widths;
	uint32_t	 nw, capw;
	/* Every string: collapsed text and attributes; strings the
	 * typesetter makes later (markers, page numbers) are appended, so
	 * refer to text by offset, never by pointer. */
	struct buf	 text;
	struct str	 title, author, subject, keywords, marking;
	struct str	 hleft, hright, footer, banner;
	int		 has_banner;
	char		 created[40];	/* as given, checked by typeset */
};

/* Read doc into t. doc is borrowed; t owns copies of everything it needs
 * and is freed with ltree_free() (also after a failure). Unknown
 * elements, bad attribute values and nesting past the limits are errors
 * naming the element and its line. */
int		 ltree_read(struct ltree *t, const xmlDoc *doc,
		    struct carex_err *err);
void		 ltree_free(struct ltree *t);

const char	*btype_name(int type);

#define LT_MAXDEPTH	16	/* nested lists, groups, inline b/i */
#define LT_MAXTEXT	(32u << 20)	/* arena bytes */
#define LT_MAXBLOCKS	(1u << 20)

#endif
