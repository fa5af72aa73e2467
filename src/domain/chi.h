/* SPDX-License-Identifier: MIT */
/* chi.h - Community Health Index numbers, validated not just matched. */
#ifndef CAREX_CHI_H
#define CAREX_CHI_H

#include <stddef.h>

/* Check a CHI number: exactly ten digits, the first six a real date of
 * birth DDMMYY, the tenth the modulus-11 check digit of the first nine
 * (weights 10..2; 11 - sum mod 11, where 11 gives 0 and 10 is never
 * issued). Returns 0 when valid; otherwise -1 and why in a sentence
 * fragment ("the check digit should be 4, not 7"). */
int	chi_check(const char *s, char *why, size_t whylen);

#endif
