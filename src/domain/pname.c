/* SPDX-License-Identifier: MIT */
/* pname.c - person name parts (see pname.h). The tables hold what names
 * need, not all of Unicode: ranges of the alphabets names are written in,
 * the combining marks that sit on their letters, and every character that
 * does not print as itself. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/pname.h"

enum script {
	S_NONE, S_LATIN, S_GREEK, S_CYRILLIC, S_ARMENIAN, S_HEBREW, S_ARABIC,
	S_SYRIAC, S_THAANA, S_INDIC, S_THAI, S_LAO, S_TIBETAN, S_GEORGIAN,
	S_HANGUL, S_ETHIOPIC, S_HIRAGANA, S_KATAKANA, S_HAN, S_NSCRIPTS
};

static const char *const script_names[S_NSCRIPTS] = { "", "Latin", "Greek",
    "Cyrillic", "Armenian", "Hebrew", "Arabic", "Syriac", "Thaana",
    "Indic", "Thai", "Lao", "Tibetan", "Georgian", "Hangul", "Ethiopic",
    "Hiragana", "Katakana", "Han" };

struct range {
	uint32_t	lo, hi;
	int		v;
};

/* Letters by alphabet, sorted. Digits, spaces and punctuation are in no
 * alphabet and may go with any. Each Indic block (Devanagari to
 * Sinhala) is an alphabet of its own: the index tells them apart. */
static const struct range scripts[] = {
	{ 0x0041, 0x005a, S_LATIN }, { 0x0061, 0x007a, S_LATIN },
	{ 0x00aa, 0x00aa, S_LATIN }, { 0x00ba, 0x00ba, S_LATIN },
	{ 0x00c0, 0x00d6, S_LATIN }, { 0x00d8, 0x00f6, S_LATIN },
	{ 0x00f8, 0x02af, S_LATIN }, { 0x0370, 0x03ff, S_GREEK },
	{ 0x0400, 0x052f, S_CYRILLIC }, { 0x0531, 0x058f, S_ARMENIAN },
	{ 0x0590, 0x05ff, S_HEBREW }, { 0x0600, 0x06ff, S_ARABIC },
	{ 0x0700, 0x074f, S_SYRIAC }, { 0x0750, 0x077f, S_ARABIC },
	{ 0x0780, 0x07bf, S_THAANA }, { 0x08a0, 0x08ff, S_ARABIC },
	{ 0x0900, 0x0dff, S_INDIC }, { 0x0e00, 0x0e7f, S_THAI },
	{ 0x0e80, 0x0eff, S_LAO }, { 0x0f00, 0x0fff, S_TIBETAN },
	{ 0x10a0, 0x10ff, S_GEORGIAN }, { 0x1100, 0x11ff, S_HANGUL },
	{ 0x1200, 0x139f, S_ETHIOPIC }, { 0x1c80, 0x1c8f, S_CYRILLIC },
	{ 0x1c90, 0x1cbf, S_GEORGIAN }, { 0x1e00, 0x1eff, S_LATIN },
	{ 0x1f00, 0x1fff, S_GREEK }, { 0x2c60, 0x2c7f, S_LATIN },
	{ 0x2d00, 0x2d2f, S_GEORGIAN }, { 0x2de0, 0x2dff, S_CYRILLIC },
	{ 0x3041, 0x3096, S_HIRAGANA }, { 0x309d, 0x309f, S_HIRAGANA },
	{ 0x30a1, 0x30fa, S_KATAKANA }, { 0x30fd, 0x30ff, S_KATAKANA },
	{ 0x3131, 0x318e, S_HANGUL }, { 0x31f0, 0x31ff, S_KATAKANA },
	{ 0x3400, 0x4dbf, S_HAN }, { 0x4e00, 0x9fff, S_HAN },
	{ 0xa640, 0xa69f, S_CYRILLIC }, { 0xa720, 0xa7ff, S_LATIN },
	{ 0xab30, 0xab6f, S_LATIN }, { 0xac00, 0xd7af, S_HANGUL },
	{ 0xf900, 0xfaff, S_HAN }, { 0xfb00, 0xfb06, S_LATIN },
	{ 0xfb1d, 0xfb4f, S_HEBREW }, { 0xfb50, 0xfdff, S_ARABIC },
	{ 0xfe70, 0xfefe, S_ARABIC }, { 0xff21, 0xff3a, S_LATIN },
	{ 0xff41, 0xff5a, S_LATIN }, { 0xff66, 0xff9d, S_KATAKANA },
	{ 0xffa1, 0xffdc, S_HANGUL }, { 0x20000, 0x3134f, S_HAN },
};

/* Combining marks that sit on the letter before them. */
static const struct range marks[] = {
	{ 0x0300, 0x036f, 1 }, { 0x0483, 0x0489, 1 }, { 0x0591, 0x05bd, 1 },
	{ 0x05bf, 0x05bf, 1 }, { 0x05c1, 0x05c2, 1 }, { 0x05c4, 0x05c5, 1 },
	{ 0x05c7, 0x05c7, 1 }, { 0x0610, 0x061a, 1 }, { 0x064b, 0x065f, 1 },
	{ 0x0670, 0x0670, 1 }, { 0x06d6, 0x06dc, 1 }, { 0x06df, 0x06e4, 1 },
	{ 0x06e7, 0x06e8, 1 }, { 0x06ea, 0x06ed, 1 }, { 0x0e31, 0x0e31, 1 },
	{ 0x0e34, 0x0e3a, 1 }, { 0x0e47, 0x0e4e, 1 }, { 0x1ab0, 0x1aff, 1 },
	{ 0x1dc0, 0x1dff, 1 }, { 0x20d0, 0x20ff, 1 }, { 0x3099, 0x309a, 1 },
	{ 0xfe20, 0xfe2f, 1 },
};

enum bad {
	B_OK, B_CONTROL, B_BIDI, B_INVISIBLE, B_BOM, B_MODIFIER, B_FILLER,
	B_SEPARATOR, B_PRIVATE
};

static const char *const bad_names[] = { "",
    "a control character",
    "a bidirectional control (invisible: it reorders the text around it)",
    "an invisible character (zero width)",
    "a byte order mark (invisible)",
    "an invisible modifier (a variation selector or tag)",
    "an invisible filler",
    "a line or paragraph separator",
    "a private-use character (no font or system agrees what it is)" };

/* Characters that do not print as themselves, sorted. */
static const struct range bads[] = {
	{ 0x0000, 0x001f, B_CONTROL }, { 0x007f, 0x009f, B_CONTROL },
	{ 0x00ad, 0x00ad, B_INVISIBLE }, { 0x034f, 0x034f, B_INVISIBLE },
	{ 0x061c, 0x061c, B_BIDI }, { 0x115f, 0x1160, B_FILLER },
	{ 0x17b4, 0x17b5, B_FILLER }, { 0x180b, 0x180d, B_MODIFIER },
	{ 0x180e, 0x180e, B_INVISIBLE }, { 0x180f, 0x180f, B_MODIFIER },
	{ 0x200b, 0x200d, B_INVISIBLE }, { 0x200e, 0x200f, B_BIDI },
	{ 0x2028, 0x2029, B_SEPARATOR }, { 0x202a, 0x202e, B_BIDI },
	{ 0x2060, 0x2064, B_INVISIBLE }, { 0x2066, 0x2069, B_BIDI },
	{ 0x206a, 0x206f, B_INVISIBLE }, { 0x3164, 0x3164, B_FILLER },
	{ 0xe000, 0xf8ff, B_PRIVATE }, { 0xfe00, 0xfe0f, B_MODIFIER },
	{ 0xfeff, 0xfeff, B_BOM }, { 0xffa0, 0xffa0, B_FILLER },
	{ 0xfff9, 0xfffb, B_INVISIBLE }, { 0x1d173, 0x1d17a, B_INVISIBLE },
	{ 0xe0000, 0xe007f, B_MODIFIER }, { 0xe0100, 0xe01ef, B_MODIFIER },
	{ 0xf0000, 0x10ffff, B_PRIVATE },
};

static int
lookup(const struct range *t, size_t n, uint32_t c)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c < t[mid].lo)
			hi = mid;
		else if (c > t[mid].hi)
			lo = mid + 1;
		else
			return t[mid].v;
	}
	return 0;
}

#define LOOKUP(t, c)	lookup(t, sizeof(t) / sizeof(t[0]), c)

/* The code point at *p (advanced past it); U+FFFD for bytes that are not
 * UTF-8, which libxml2 never passes on. */
static uint32_t
next_cp(const unsigned char **p)
{
	const unsigned char	*s = *p;
	uint32_t		 c;
	int			 n, i;

	if (s[0] < 0x80) {
		*p = s + 1;
		return s[0];
	}
	n = s[0] >= 0xf0 ? 3 : s[0] >= 0xe0 ? 2 : s[0] >= 0xc0 ? 1 : 0;
	c = s[0] & (0x3f >> n);
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p = s + i;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p = s + (n ? n + 1 : 1);
	return n ? c : 0xfffd;
}

/* What a mark may sit on: a letter, of an alphabet in the table or not,
 * but not a space, digit or punctuation. */
static int
is_letter(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	return c != 0xa0 && !(c >= 0x2000 && c <= 0x206f) && c != 0x3000;
}

/* The part as quoted in a refusal: what does not print as itself, and
 * marks past the limit, as <U+XXXX>; cut (on a character) past ~120
 * bytes. */
static void
quote(const char *s, char *out, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s, *start;
	size_t			 o = 0, k;
	uint32_t		 c;
	int			 run = 0, after = 0;	/* a letter */

	out[0] = '\0';
	while (*p != '\0' && o + 12 < len && o < 120) {
		start = p;
		c = next_cp(&p);
		run = LOOKUP(marks, c) ? run + 1 : 0;
		if (run == 0)
			after = is_letter(c);
		if (LOOKUP(bads, c) || run > PNAME_MAX_MARKS ||
		    (run > 0 && !after))
			o += (size_t)snprintf(out + o, len - o, "<U+%04X>",
			    (unsigned)c);
		else {
			k = (size_t)(p - start);
			memcpy(out + o, start, k);
			o += k;
			out[o] = '\0';
		}
	}
	if (*p != '\0' && o + 4 < len)
		(void)snprintf(out + o, len - o, "...");
}

int
pname_check(const char *s, char *why, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 seen = 0, cjk;
	uint32_t		 c, first_cp = 0;
	enum script		 sc, first = S_NONE;
	char			 q[160];
	long			 at = 0;
	int			 run = 0, letter = 0, b;

	while (*p != '\0') {
		c = next_cp(&p);
		at++;
		if ((b = LOOKUP(bads, c)) != B_OK) {
			quote(s, q, sizeof(q));
			(void)snprintf(why, len, "in '%s', character %ld is "
			    "U+%04X, %s: type the name without it", q, at,
			    (unsigned)c, bad_names[b]);
			return -1;
		}
		if (LOOKUP(marks, c)) {
			if (!letter) {
				quote(s, q, sizeof(q));
				(void)snprintf(why, len, "in '%s', character "
				    "%ld is U+%04X, a combining mark with no "
				    "letter to sit on: type the letter with "
				    "its accent", q, at, (unsigned)c);
				return -1;
			}
			if (++run > PNAME_MAX_MARKS) {
				quote(s, q, sizeof(q));
				(void)snprintf(why, len, "in '%s', the letter "
				    "at character %ld carries more than %d "
				    "combining marks, which no name needs and "
				    "no page shows legibly: type the letter with "
				    "its accents", q, at - PNAME_MAX_MARKS - 1,
				    PNAME_MAX_MARKS);
				return -1;
			}
			continue;
		}
		run = 0;
		sc = (enum script)LOOKUP(scripts, c);
		letter = is_letter(c);
		if (sc == S_NONE)
			continue;
		if (sc == S_INDIC)	/* one alphabet per Unicode block */
			sc = (enum script)(S_INDIC * 16 + (c - 0x900) / 0x80);
		if (first == S_NONE) {
			first = sc;
			first_cp = c;
		}
		seen |= 1u << (sc < S_NSCRIPTS ? sc : S_INDIC);
		cjk = (1u << S_HAN) | (1u << S_HIRAGANA) | (1u << S_KATAKANA);
		if (sc == first || (seen & ~cjk) == 0 ||
		    (seen & ~((1u << S_HAN) | (1u << S_HANGUL))) == 0)
			continue;
		quote(s, q, sizeof(q));
		(void)snprintf(why, len, "'%s' mixes %s letters (the first "
		    "U+%04X) with a %s one (character %ld, U+%04X): a "
		    "look-alike letter from another alphabet makes another "
		    "name to every system that searches for it; type the part "
		    "in one alphabet", q, first < S_NSCRIPTS ?
		    script_names[first] : "Indic", (unsigned)first_cp,
		    sc < S_NSCRIPTS ? script_names[sc] : "other Indic", at,
		    (unsigned)c);
		return -1;
	}
	return 0;
}
