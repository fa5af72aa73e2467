/* SPDX-License-Identifier: MIT */
/* pname.h - a part of a person's name (title, given, family) that prints
 * as what it is. A name is how a pharmacist matches a patient at the
 * counter and how a record system finds them: a character that is
 * invisible, reorders the text, stacks marks past reading, or is a
 * look-alike from another alphabet makes a name that prints like one
 * person's while it is another string. */
#ifndef CAREX_PNAME_H
#define CAREX_PNAME_H

#include <stddef.h>

/* Most combining marks one letter may carry: Vietnamese needs two (a
 * vowel's shape and its tone), Hebrew and Arabic pointing three. */
#define PNAME_MAX_MARKS	3

/* Check one name part, UTF-8. 0 when it is acceptable; otherwise -1 and
 * why: which character (counted from 1, shown as U+XXXX) and what to
 * write instead, quoting the part with every character that does not
 * print as itself shown as <U+XXXX>. Refused: control characters (C0
 * and C1), format characters (bidirectional embeddings, overrides,
 * isolates and marks, zero-width characters, the BOM, soft hyphen, tags,
 * variation selectors, invisible fillers), line and paragraph
 * separators, private-use characters, more than PNAME_MAX_MARKS combining
 * marks on one letter, a mark with no letter, and letters of more than
 * one alphabet in one part (Japanese kana with kanji and Korean hangul
 * with hanja are one writing system each). */
int	pname_check(const char *s, char *why, size_t len);

#endif
