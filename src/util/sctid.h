/* SPDX-License-Identifier: MIT */
/* sctid.h - SNOMED CT identifiers, as dm+d codes are: 6 to 18 digits, no
 * leading zero, a partition identifier in the two digits before the last
 * (00 or 10: a concept, in the core or an extension), and a Verhoeff
 * check digit last (SNOMED CT Technical Implementation Guide, 6.1-6.3). */
#ifndef CAREX_SCTID_H
#define CAREX_SCTID_H

/* 0 when s is a concept identifier; else -1 with why (a phrase: "its
 * check digit is wrong", ...) in *why, static. */
int	sctid_concept(const char *s, const char **why);

#endif
