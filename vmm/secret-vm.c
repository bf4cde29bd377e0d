// SPDX-License-Identifier: GPL-2.0
/*
 * secret-vm: run a VMM on guest RAM that the host kernel cannot see.
 *
 *   secret-vm [--plain] [--size SIZE] [--page 4K|2M|1G] [--prealloc] -- VMM [ARG...]
 *
 * Creates the guest's RAM as memfd_create(MFD_SECRET | MFD_HUGETLB) with
 * the huge page size asked for, or memfd_create(MFD_SECRET) for 4K pages
 * (--plain: the same memfd without MFD_SECRET, the control), sizes it,
 * seals its size (F_SEAL_SHRINK | F_SEAL_GROW, then F_SEAL_SEAL),
 * optionally faults it all in now (--prealloc: fallocate, so that a short
 * pool fails here with ENOSPC and not later with SIGBUS; huge pages only,
 * as 4K secret memory has no fallocate),
 * and executes VMM with "{fd}" in its arguments replaced by the memfd's
 * number. The memfd stays open across exec; QEMU takes it as
 *
 *   -object memory-backend-file,id=ram,size=SIZE,share=on,mem-path=/proc/self/fd/{fd}
 *   -machine memory-backend=ram
 *
 * Secret memory is MAP_SHARED only, hence share=on. Exit status: that of
 * VMM, or 1 with a message when the memory cannot be had.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/memfd.h>
#include <sys/mman.h>

static unsigned long long parse_size(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return 0;
	switch (*end) {
	case 'G':
		v <<= 10;
		/* fall through */
	case 'M':
		v <<= 10;
		/* fall through */
	case 'K':
		v <<= 10;
		end++;
	}
	return *end ? 0 : v;
}

static int usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--plain] [--size SIZE] [--page 4K|2M|1G] [--prealloc] -- VMM [ARG...]\n"
		"  SIZE like 64M or 1G (default 64M); \"{fd}\" in ARGs becomes the memfd's number\n",
		prog);
	return 2;
}

static const char *why(int err, int secret)
{
	switch (err) {
	case EINVAL:
		return secret ? "this kernel has no MFD_SECRET" : "bad flags";
	case EOPNOTSUPP:
		return "secret memory is not available here (secretmem.enable=0, or the architecture cannot)";
	case ENODEV:
		return "no hugetlb pool of that page size";
	default:
		return strerror(err);
	}
}

int main(int argc, char **argv)
{
	unsigned long long size = 64ULL << 20, page = 2ULL << 20;
	unsigned int flags = MFD_HUGETLB | MFD_ALLOW_SEALING;
	int secret = 1, prealloc = 0, fd, i;
	char num[16];

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--plain")) {
			secret = 0;
		} else if (!strcmp(argv[i], "--prealloc")) {
			prealloc = 1;
		} else if (!strcmp(argv[i], "--size") && i + 1 < argc) {
			size = parse_size(argv[++i]);
			if (!size)
				return usage(argv[0]);
		} else if (!strcmp(argv[i], "--page") && i + 1 < argc) {
			page = parse_size(argv[++i]);
			if (page != 4096 && page != 2ULL << 20 && page != 1ULL << 30)
				return usage(argv[0]);
		} else {
			return usage(argv[0]);
		}
	}
	if (i + 1 >= argc)
		return usage(argv[0]);
	argv += i + 1;
	if (size % page) {
		fprintf(stderr, "secret-vm: size %llu is not a multiple of the page size %llu\n",
			size, page);
		return 1;
	}

	if (prealloc && page == 4096) {
		fprintf(stderr, "secret-vm: --prealloc needs huge pages (4K secret memory has no fallocate)\n");
		return 2;
	}
	if (page == 4096)
		flags &= ~MFD_HUGETLB;
	else
		flags |= page == 2ULL << 20 ? MFD_HUGE_2MB : MFD_HUGE_1GB;
	if (secret)
		flags |= MFD_SECRET;
	fd = memfd_create(secret ? "secret-guest-ram" : "guest-ram", flags);
	if (fd < 0) {
		fprintf(stderr, "secret-vm: memfd_create: %s\n", why(errno, secret));
		return 1;
	}
	if (ftruncate(fd, size)) {
		perror("secret-vm: ftruncate");
		return 1;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)) {
		perror("secret-vm: F_ADD_SEALS");
		return 1;
	}
	if (prealloc && fallocate(fd, 0, 0, size)) {
		fprintf(stderr, "secret-vm: fallocate: %s\n",
			errno == ENOSPC ? "the hugetlb pool is too small" : strerror(errno));
		return 1;
	}
	fprintf(stderr, "secret-vm: guest RAM: memfd %d, %s%s, %llu MiB in %llu KiB pages, size sealed\n",
		fd, secret ? "MFD_SECRET" : "plain",
		flags & MFD_HUGETLB ? " | MFD_HUGETLB" : "", size >> 20, page >> 10);

	snprintf(num, sizeof(num), "%d", fd);
	for (i = 0; argv[i]; i++) {
		char *at = strstr(argv[i], "{fd}");

		if (at) {
			char *arg;

			if (asprintf(&arg, "%.*s%s%s", (int)(at - argv[i]), argv[i],
				     num, at + 4) < 0)
				return 1;
			argv[i] = arg;
		}
	}
	execvp(argv[0], argv);
	fprintf(stderr, "secret-vm: %s: %s\n", argv[0], strerror(errno));
	return 127;
}
