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
#include "kcore.h"

#define MASK	0x5a5a5a5a
int main(int argc, char **argv)
{
	uint32_t masked[PATTERN_WORDS];
	struct kcore_ram k;
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
	if (fd < 0 || kcore_ram_read(fd, &k) ||
	    (hits = kcore_count_pattern(fd, &k, masked, MASK)) < 0) {
		perror("ram-scan: /proc/kcore");
		return 1;
	}
	printf("%ld\n", hits);
	return 0;
}
