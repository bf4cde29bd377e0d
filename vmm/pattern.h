/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pattern the nested guest writes into its RAM, shared by the guest
 * (vmm/guest.c) and the host-side scanner (vmm/ram-scan.c): one 64-byte
 * block of xorshift32 words derived from a per-run seed, repeated. It is
 * computed at run time from the seed, so no file and no program image
 * holds the pattern itself, and a run never finds the RAM of an earlier
 * run (another seed).
 */
#ifndef VMM_PATTERN_H
#define VMM_PATTERN_H

#include <stdint.h>

#define PATTERN_WORDS	16
#define PATTERN_BYTES	(PATTERN_WORDS * 4)

/*
 * Each word is stored XORed with @mask: the scanner keeps only a masked
 * copy, so that its own memory never holds the pattern it looks for.
 */
static inline void pattern_block(uint32_t seed, uint32_t mask, uint32_t *block)
{
	uint32_t x = seed ? seed : 0x2545f491;
	int i;

	for (i = 0; i < PATTERN_WORDS; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		block[i] = x ^ mask;
	}
}

#endif /* VMM_PATTERN_H */
