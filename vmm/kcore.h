/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RAM as the kernel's direct map shows it, through /proc/kcore: its RAM
 * segments, a read at a physical address, and a count of the pattern
 * blocks of pattern.h in all of it. Shared by vmm/ram-scan.c and
 * stress/secret-stress.c; needs root. A page out of the direct map reads
 * as zeros.
 */
#ifndef VMM_KCORE_H
#define VMM_KCORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/elf.h>
#include "pattern.h"

#define KCORE_CHUNK	(1 << 20)

struct kcore_ram {
	int nr;
	struct elf64_phdr ph[256];
};

/* The program headers of /proc/kcore, open in @fd; -1 on failure. */
static inline int kcore_ram_read(int fd, struct kcore_ram *k)
{
	struct elf64_hdr eh;

	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || eh.e_phnum > 256)
		return -1;
	k->nr = eh.e_phnum;
	if (pread(fd, k->ph, k->nr * sizeof(k->ph[0]), eh.e_phoff) !=
	    (ssize_t)(k->nr * sizeof(k->ph[0])))
		return -1;
	return 0;
}

/* RAM: loaded, at a physical address, and not the kernel image's mapping */
static inline bool kcore_is_ram(const struct elf64_phdr *ph)
{
	return ph->p_type == PT_LOAD && ph->p_paddr != ~0ULL &&
	       ph->p_vaddr < 0xffffffff80000000ULL;
}

/* @len bytes of RAM at @phys; -1 if that is not RAM or the read fails. */
static inline int kcore_read_phys(int fd, const struct kcore_ram *k,
				  uint64_t phys, void *buf, size_t len)
{
	const struct elf64_phdr *ph;
	int i;

	for (i = 0; i < k->nr; i++) {
		ph = &k->ph[i];
		if (kcore_is_ram(ph) && phys >= ph->p_paddr &&
		    phys + len <= ph->p_paddr + ph->p_memsz)
			return pread(fd, buf, len, ph->p_offset + phys - ph->p_paddr) ==
			       (ssize_t)len ? 0 : -1;
	}
	return -1;
}

/*
 * Blocks at 64-byte aligned physical addresses equal to the pattern whose
 * words XORed with @mask are @masked (the caller keeps only that); -1 on
 * a failed read.
 */
static inline long kcore_count_pattern(int fd, const struct kcore_ram *k,
				       const uint32_t *masked, uint32_t mask)
{
	uint32_t *buf = malloc(KCORE_CHUNK);
	long hits = 0;
	int i, j;

	if (!buf)
		return -1;
	for (i = 0; i < k->nr; i++) {
		const struct elf64_phdr *ph = &k->ph[i];
		uint64_t off;

		if (!kcore_is_ram(ph))
			continue;
		for (off = 0; off < ph->p_memsz; off += KCORE_CHUNK) {
			size_t len = ph->p_memsz - off < KCORE_CHUNK ?
				     ph->p_memsz - off : KCORE_CHUNK;
			ssize_t got = pread(fd, buf, len, ph->p_offset + off);
			size_t w;

			if (got < 0) {
				free(buf);
				return -1;
			}
			for (w = 0; w + PATTERN_WORDS <= (size_t)got / 4;
			     w += PATTERN_WORDS) {
				for (j = 0; j < PATTERN_WORDS; j++)
					if ((buf[w + j] ^ mask) != masked[j])
						break;
				hits += j == PATTERN_WORDS;
			}
		}
	}
	free(buf);
	return hits;
}

#endif /* VMM_KCORE_H */
