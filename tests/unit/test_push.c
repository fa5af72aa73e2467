/* SPDX-License-Identifier: MIT */
/* test_push.c - the push worker's retry schedule: doubling from the base,
 * the cap, and jitter within +-20%. (Delivery itself, which needs
 * endpoints, is tests/integration/push.sh.) */
#include "config.h"

#include "check.h"
#include "net/push.h"

int
main(void)
{
	const int64_t	base = 2000, cap = 3600000;

	check(push_backoff(1, base, cap, 0.5) == 2000, "first retry: the base");
	check(push_backoff(2, base, cap, 0.5) == 4000, "then doubled");
	check(push_backoff(5, base, cap, 0.5) == 32000, "2 s * 2^4 (%lld)",
	    (long long)push_backoff(5, base, cap, 0.5));
	check(push_backoff(12, base, cap, 0.5) == cap, "capped at the maximum");
	check(push_backoff(1000, base, cap, 0.5) == cap,
	    "no overflow after many attempts");
	check(push_backoff(1, base, cap, 0.0) == 1600, "jitter: -20%% at u=0");
	check(push_backoff(1, base, cap, 0.999999) < 2400 &&
	    push_backoff(1, base, cap, 0.999999) >= 2399,
	    "jitter: under +20%% as u nears 1");
	check(push_backoff(20, base, cap, 0.0) == cap * 8 / 10,
	    "jitter applies to the cap too");
	check(push_backoff(1, 1000, 1000, 0.5) == 1000, "base equal to cap");
	return check_done();
}
