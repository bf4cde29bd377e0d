// SPDX-License-Identifier: GPL-2.0
/*
 * Print the running kernel and which memfd_create(2) flags it accepts:
 * each known flag alone, the huge page sizes with MFD_HUGETLB, and every
 * other bit, with the errno of a refusal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/memfd.h>

struct flag {
	const char *name;
	unsigned int value;
};

static const struct flag flags[] = {
	{ "MFD_CLOEXEC", MFD_CLOEXEC },
	{ "MFD_ALLOW_SEALING", MFD_ALLOW_SEALING },
	{ "MFD_HUGETLB", MFD_HUGETLB },
	{ "MFD_NOEXEC_SEAL", MFD_NOEXEC_SEAL },
	{ "MFD_EXEC", MFD_EXEC },
#ifdef MFD_SECRET
	{ "MFD_SECRET", MFD_SECRET },
#endif
	{ "MFD_HUGETLB|MFD_HUGE_2MB", MFD_HUGETLB | MFD_HUGE_2MB },
	{ "MFD_HUGETLB|MFD_HUGE_1GB", MFD_HUGETLB | MFD_HUGE_1GB },
};

static int try(unsigned int value)
{
	int fd = syscall(SYS_memfd_create, "memfd-flags", value);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static void report(const char *name, unsigned int value)
{
	int err = try(value);

	printf("  %-28s 0x%08x  %s\n", name, value,
	       err ? strerror(-err) : "accepted");
}

int main(void)
{
	unsigned int known = 0, bit;
	struct utsname u;
	size_t i;
	char name[32];

	uname(&u);
	printf("kernel %s %s\n", u.release, u.version);
	printf("memfd_create(2) flags:\n");
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		report(flags[i].name, flags[i].value);
		known |= flags[i].value;
	}
	/* The bits above MFD_HUGE_SHIFT encode a huge page size. */
	for (bit = 0; bit < MFD_HUGE_SHIFT; bit++) {
		if (known & (1u << bit))
			continue;
		snprintf(name, sizeof(name), "bit %u", bit);
		report(name, 1u << bit);
	}
	return 0;
}
