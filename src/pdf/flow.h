/* SPDX-License-Identifier: MIT */
/* flow.h - the typesetter's inner model, shared by its .c files only:
 * drawing operations, slices (the unbreakable strips pagination moves),
 * vertical lists of slices, pages, and the per-render context. */
#ifndef CAREX_PDF_FLOW_H
#define CAREX_PDF_FLOW_H

#include <stdint.h>

#include "font.h"
#include "layout.h"
#include "typeset.h"

/* Page geometry in points. A4 portrait, 20 mm side margins. */
#define PG_W		595.276f
#define PG_H		841.89f
#define PG_MARGIN	56.69f		/* 20 mm */
#define PG_TEXTW	(PG_W - 2 * PG_MARGIN)
#define PG_TOP		66.0f		/* content starts this far down */
#define PG_BOTTOM	62.0f		/* and ends this far above the foot */
#define PG_TEXTH	(PG_H - PG_TOP - PG_BOTTOM)
#define PG_MAXPAGES	TYPESET_MAXPAGES

#define SZ_BODY		11.0f
#define SZ_TABLE	10.0f
#define SZ_SMALL	8.0f
#define LEAD		1.3f		/* line height / font size */
#define LEAD_TABLE	1.25f

#define FL_MAXOPS	(4u << 20)	/* bounds memory: ~128 MB worst case */
#define FL_MAXSLICES	(1u << 20)

enum opkind { OP_TEXT, OP_FILL, OP_STROKE, OP_LINE, OP_TICK };

/* One thing to draw. Coordinates are relative to the slice holding it: x
 * from the content's left edge, y down from the slice's top. TEXT: y is
 * the baseline, w the font size, h the width added to each space (a
 * justified line); FILL/STROKE: a rectangle x,y,w,h; LINE: from x,y to
 * x+w,y+h; TICK: a check mark in the square x,y,w. */
struct op {
	float		x, y, w, h;
	uint32_t	off, len;	/* text in the arena */
	uint8_t		kind;
	uint8_t		face;
	uint8_t		gray;		/* 0 black .. 255 white */
	uint8_t		lw;		/* line width in 1/4 points */
	uint8_t		hidden;		/* TEXT: read, not seen (render mode 3) */
};

/* Slice flags. */
#define SL_KEEP		0x01	/* no page break between this and the next */
#define SL_BREAK	0x02	/* a page break before this (page-break) */
#define SL_HEADER	0x04	/* a table header row: repeated */

/* An unbreakable horizontal strip: a line of text, a table row, a
 * signature block. Pagination breaks between slices, and inside one only
 * when it is a tall table row (part >= 0), which rowsplit_split() cuts
 * between lines of its cells. */
struct slice {
	float		h;		/* height */
	float		gap;		/* space above, dropped at a page top */
	uint32_t	op0, nop;	/* ops[op0 .. op0+nop) */
	int32_t		deco;		/* box or frame behind it, or -1 */
	int32_t		tbl;		/* table whose headers repeat, or -1 */
	int32_t		outline;	/* bookmark starting here, or -1 */
	int32_t		part;		/* splittable row part, or -1 */
	uint8_t		flags;
};

/* A vertical list: ops and the slices that own them. */
struct vlist {
	struct op	*ops;
	uint32_t	 nops, capops;
	struct slice	*sl;
	uint32_t	 nsl, capsl;
	double		 height;	/* sum of h and gap: bounds the work */
};

/* A box frame (or a table's outer frame) drawn behind a run of slices. */
struct deco {
	float		x, w;
	uint8_t		fill;		/* gray, 255: none */
	uint8_t		lw;		/* frame width in 1/4 points, 0: none */
	uint8_t		pad;		/* inner padding of a split edge */
};

/* Header rows of a table: slices [h0, h0+nh) of the body. */
struct tbl {
	uint32_t	h0, nh;
	float		height;
};

/* How a table or form row is drawn behind its cells: filled and framed
 * per cell, ruled above and below (table.c, table_deco). */
struct rowdeco {
	float		 x[13];		/* column edges */
	int		 span[12];	/* span and first column of each cell */
	int		 col[12];
	uint8_t		 shade[12];
	int		 ncells;
	int		 border;
	int		 header;
	int		 top;		/* first row: rule above too */
	float		 left, right;
};

/* One line (slice) of one cell of a splittable row (rowsplit.c): where
 * the row's composition put it and which ops draw it. */
struct rline {
	float		y, h;		/* top (after its gap), height: from the
					 * top of the cell's content */
	uint32_t	op0, nop;	/* body ops, from the row's top */
	uint8_t		keep;		/* no break after it (widow, orphan) */
};

/* A table or form row that pagination may split between lines. */
struct row {
	struct rowdeco	d;
	float		padt, padb;
	uint32_t	l0;		/* rlines[l0 ..], cell after cell */
	uint32_t	nl[12];		/* lines per cell */
	int		ncells;
};

/* Lines [k0, k1) of each cell of a row: a whole row, or the part of it
 * that one page holds. lazy: its ops are made after pagination, for the
 * parts that were placed (rowsplit_materialize), so a row split over n
 * pages copies each line once, not n times. */
struct rowpart {
	uint32_t	row;
	uint32_t	k0[12], k1[12];
	uint8_t		cont;		/* continues a row: rule above it */
	uint8_t		lazy;
};

struct outline {
	uint32_t	title;		/* string in the arena */
	uint32_t	tlen;
	uint8_t		level;
	int32_t		page;		/* set by pagination */
	float		y;		/* from the content top */
};

/* A slice placed on a page, top at y below the content top. */
struct place {
	uint32_t	slice;
	float		y;
};

struct page {
	uint32_t	p0, np;		/* places[p0 .. p0+np) */
};

/* Something drawn at the left of a paragraph's first line: a list
 * marker or a checkbox. Consumed by the next lines_set(). */
enum { MK_NONE, MK_TEXT, MK_BOX, MK_TICKED };
struct mark {
	int		kind;
	uint32_t	off, len;	/* MK_TEXT */
	uint8_t		face;
	float		x, size;
};

struct render {
	const struct face	*faces;		/* nfaces, borrowed */
	int			 nfaces;	/* FACE_COUNT, then fallbacks */
	const uint8_t		*pick;		/* each code point's face */
	struct ltree		*lt;
	struct carex_err	*err;
	struct vlist		 body;
	struct vlist		 banner;	/* laid out once, drawn per page */
	float			 top;		/* content top below PG_TOP */
	float			 texth;		/* usable height per page */
	struct deco		*decos;
	uint32_t		 ndecos, capdecos;
	struct tbl		*tbls;
	uint32_t		 ntbls, captbls;
	struct outline		*outlines;
	uint32_t		 noutlines, capoutlines;
	struct place		*places;
	uint32_t		 nplaces, capplaces;
	struct page		*pages;
	uint32_t		 npages, cappages;
	struct row		*rows;		/* splittable rows */
	uint32_t		 nrows, caprows;
	struct rline		*rlines;
	uint32_t		 nrlines, caprlines;
	struct rowpart		*parts;
	uint32_t		 nparts, capparts;
	struct fontuse		*use;		/* nfaces */
	int			 keep_pending;	/* a heading waits for its lines */
	int			 break_pending;	/* a page-break waits for a slice */
	struct mark		 mark;		/* for the next paragraph's line 1 */
	float			 cell_size;	/* text size in the current table */
	int			 cell_bold;	/* setting a header row */
};

/* A paragraph style for line breaking. */
struct pstyle {
	float		x, w;		/* left edge and measure */
	float		size, lead;
	uint8_t		align;
	uint8_t		facemask;	/* or-ed into every run's face */
	uint8_t		gray;
};

/* Width in 1/1000 em of cp where the text asks for face, from the face
 * that shows it: 0 for a character that is not drawn, -1 when none can
 * show it. */
static inline int
glyph_w1000(const struct render *r, int face, uint32_t cp)
{
	unsigned int	k = font_pick(r->pick, face, cp);

	if (k == PICK_SKIP)
		return 0;
	return k < FONT_MAXFACES ? font_w1000(&r->faces[k], cp) : -1;
}

/* shape.c: complex-script runs. shape_span: the end of the run that
 * starts at p[i] (a code point font_shaped() names, shown by face *kp),
 * its direction in *dirp. shape_run: the shaped buffer (caller destroys;
 * NULL when out of memory). shape_width: a run's width in 1/1000 em, -1
 * when out of memory; spacew is the main face's space. */
uint32_t	 shape_span(const struct render *, int face,
		    const unsigned char *p, uint32_t i, uint32_t len,
		    unsigned int *kp, int *dirp);
hb_buffer_t	*shape_run(const struct face *, const unsigned char *s,
		    uint32_t len, int dir);
long		 shape_advance(const struct face *, const hb_glyph_info_t *,
		    const hb_glyph_position_t *, const unsigned char *s,
		    int spacew);
long		 shape_width(const struct face *, const unsigned char *s,
		    uint32_t len, int dir, int spacew);

/* vlist.c */
void		 vl_free(struct vlist *);
struct op	*vl_op(struct render *, struct vlist *, int kind);
struct slice	*vl_slice(struct render *, struct vlist *, uint32_t op0,
		    float h);
int		 vl_text(struct render *, struct vlist *, int face, float size,
		    float x, float y, uint32_t off, uint32_t len);
uint32_t	 str_add(struct render *, const char *, size_t);
int		 str_copy(struct render *, uint32_t off, uint32_t len);
int32_t		 deco_add(struct render *, float x, float w, int fill, int lw);
int		 vl_grow(void *arrayp, uint32_t *cap, uint32_t n, size_t size,
		    uint32_t max);

/* lines.c */
int		 lines_set(struct render *, struct vlist *, const struct run *,
		    uint32_t nrun, const struct pstyle *, const struct block *);
float		 text_width(struct render *, int face, float size,
		    uint32_t off, uint32_t len);
int		 text_check(struct render *, int face, uint32_t off,
		    uint32_t len, const struct block *, uint32_t line);
uint32_t	 text_fit(struct render *, int face, float size, uint32_t off,
		    uint32_t len, float w, float *used);
float		 baseline(const struct render *, int face, float size,
		    float lead);
int		 mark_emit(struct render *, struct vlist *, float base);

/* blocks.c */
int		 blocks_set(struct render *, struct vlist *, int32_t first,
		    float x, float w, int depth);
int		 banner_set(struct render *);

/* table.c */
int		 table_set(struct render *, struct vlist *, int32_t bi, float x,
		    float w);
typedef int	 (*deco_fn)(struct render *, struct vlist *, float h,
		    int chunk, void *arg);
int		 table_deco(struct render *, struct vlist *, float h, int chunk,
		    void *rowdeco);
int		 compose(struct render *, struct vlist *out, struct vlist *cols,
		    const float *xs, const float *dys, int ncols, float padt,
		    float padb, float maxh, deco_fn, void *arg);

/* rowsplit.c */
#define ROW_MINLINES	4	/* a cell shorter than this is never split */
int		 rowsplit_row(struct render *, struct vlist *,
		    struct vlist *cols, const float *xs, int ncols, float padt,
		    float padb, const struct rowdeco *);
int		 rowsplit_split(struct render *, uint32_t slice, float room,
		    int force, uint32_t *a, uint32_t *b);
int		 rowsplit_materialize(struct render *);

/* paginate.c */
int		 paginate(struct render *);

#endif
