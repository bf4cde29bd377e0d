// SPDX-License-Identifier: GPL-2.0
/*
 * ram-scan SEED: count the places in RAM, as the kernel's direct map shows
 * it through /proc/kcore, that hold the nested guest's pattern block for
 * SEED (see pattern.h). The guest writes whole blocks at 64-byte aligned
 * guest-physical addresses of huge pages, so only 64-byte aligned host
 * physical addresses are looked at. Needs root. Prints the count.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/elf.h>
#include "pattern.h"

#define MASK	0x5a5a5a5a
#define CHUNK	(1 << 20)

static int scan(int fd, const uint32_t *masked, long *hits)
{
	struct elf64_phdr ph[256];
	struct elf64_hdr eh;
	uint32_t *buf;
	int i, j;

	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || eh.e_phnum > 256)
		return -1;
	if (pread(fd, ph, eh.e_phnum * sizeof(ph[0]), eh.e_phoff) !=
	    (ssize_t)(eh.e_phnum * sizeof(ph[0])))
		return -1;
	buf = malloc(CHUNK);
	if (!buf)
		return -1;
	*hits = 0;
	for (i = 0; i < eh.e_phnum; i++) {
		uint64_t off;

		/* RAM: loaded and at a physical address, not the kernel image */
		if (ph[i].p_type != PT_LOAD || ph[i].p_paddr == ~0ULL ||
		    ph[i].p_vaddr >= 0xffffffff80000000ULL)
			continue;
		for (off = 0; off < ph[i].p_memsz; off += CHUNK) {
			size_t len = ph[i].p_memsz - off < CHUNK ?
				     ph[i].p_memsz - off : CHUNK;
			ssize_t got = pread(fd, buf, len, ph[i].p_offset + off);
			size_t w;

			if (got < 0) {
				free(buf);
				return -1;
			}
			for (w = 0; w + PATTERN_WORDS <= (size_t)got / 4;
			     w += PATTERN_WORDS) {
				for (j = 0; j < PATTERN_WORDS; j++)
					if ((buf[w + j] ^ MASK) != masked[j])
						break;
				*hits += j == PATTERN_WORDS;
			}
		}
	}
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t masked[PATTERN_WORDS];
	char *end;
	long hits;
	unsigned long seed;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s SEED (hex)\n", argv[0]);
		return 2;
	}
	errno = 0;
	seed = strtoul(argv[1], &end, 16);
	if (errno || *end || !*argv[1] || seed > UINT32_MAX) {
		fprintf(stderr, "%s: bad seed '%s'\n", argv[0], argv[1]);
		return 2;
	}
	pattern_block(seed, MASK, masked);
	fd = open("/proc/kcore", O_RDONLY);
	if (fd < 0 || scan(fd, masked, &hits)) {
		perror("ram-scan: /proc/kcore");
		return 1;
	}
	printf("%ld\n", hits);
	return 0;
}
