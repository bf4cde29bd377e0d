// SPDX-License-Identifier: GPL-2.0
/*
 * secret-calls: the calls of the memfd_secret_seccomp_test table, made from
 * inside a container that a real runtime (crun, runc) started with one of
 * the seccomp profiles of Documentation/admin-guide/mm/secretmem.rst, and
 * checked against what the page says that profile does.
 *
 * MFD_EXPECT names the column of expectations (the policy the profile
 * implements): "none" (no profile, or one that refuses nothing of this),
 * "deny-secret", "deny-secret-hugetlb" or "secret-cloexec-only". A refused
 * call must fail with the profile's errno (EPERM, errnoRet 1); an allowed
 * one must give a working file of the kind asked for: sized, mapped
 * shared, written and read back, and STATX_ATTR_NO_DIRECT_MAP set exactly
 * on the secret ones. Calls go through syscall(2) with the full 64-bit
 * register, garbage in the upper half included.
 *
 * Static, so that it runs in a root file system of its own; the hugetlb
 * rows need one free 2M huge page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/memfd.h>
#include <linux/stat.h>

#include "kselftest_harness.h"

#define HIGH_GARBAGE	0xdead000000000000ULL
#define HSIZE		(2UL * 1024 * 1024)

enum column { NONE, DENY_SECRET, DENY_SECRET_HUGETLB, SECRET_CLOEXEC_ONLY, NR_COLUMNS };

static const char * const column_names[NR_COLUMNS] = {
	[NONE] = "none",
	[DENY_SECRET] = "deny-secret",
	[DENY_SECRET_HUGETLB] = "deny-secret-hugetlb",
	[SECRET_CLOEXEC_ONLY] = "secret-cloexec-only",
};

static int column(void)
{
	const char *name = getenv("MFD_EXPECT");
	int i;

	for (i = 0; name && i < NR_COLUMNS; i++)
		if (!strcmp(name, column_names[i]))
			return i;
	return -1;
}

FIXTURE(call) {
	int col;
};

FIXTURE_VARIANT(call) {
	bool memfd_secret;	/* memfd_secret(2), else memfd_create(2) */
	uint64_t flags;
	bool secret;		/* an allowed call gives secret memory */
	bool hugetlb;
	int err[NR_COLUMNS];	/* 0: allowed; else the errno of the refusal */
};

/*                                          none  deny-secret  -hugetlb  cloexec-only */
#define ALL_ALLOWED		{ 0,    0,           0,        0 }
#define SECRET_REFUSED		{ 0,    EPERM,       0,        EPERM }
#define SECRET_HUGETLB_REFUSED	{ 0,    EPERM,       EPERM,    EPERM }
#define ONLY_DENY_SECRET	{ 0,    EPERM,       0,        0 }

FIXTURE_VARIANT_ADD(call, plain) {
	.flags = 0, .err = ALL_ALLOWED,
};

FIXTURE_VARIANT_ADD(call, plain_cloexec_sealing) {
	.flags = MFD_CLOEXEC | MFD_ALLOW_SEALING, .err = ALL_ALLOWED,
};

FIXTURE_VARIANT_ADD(call, plain_hugetlb) {
	.flags = MFD_HUGETLB, .hugetlb = true, .err = ALL_ALLOWED,
};

FIXTURE_VARIANT_ADD(call, plain_hugetlb_high_garbage) {
	.flags = HIGH_GARBAGE | MFD_HUGETLB, .hugetlb = true, .err = ALL_ALLOWED,
};

FIXTURE_VARIANT_ADD(call, secret) {
	.flags = MFD_SECRET, .secret = true, .err = SECRET_REFUSED,
};

FIXTURE_VARIANT_ADD(call, secret_sealing) {
	.flags = MFD_SECRET | MFD_ALLOW_SEALING, .secret = true,
	.err = SECRET_REFUSED,
};

FIXTURE_VARIANT_ADD(call, secret_cloexec) {
	.flags = MFD_SECRET | MFD_CLOEXEC, .secret = true,
	.err = ONLY_DENY_SECRET,
};

FIXTURE_VARIANT_ADD(call, secret_cloexec_sealing) {
	.flags = MFD_SECRET | MFD_CLOEXEC | MFD_ALLOW_SEALING, .secret = true,
	.err = ONLY_DENY_SECRET,
};

FIXTURE_VARIANT_ADD(call, secret_high_garbage) {
	.flags = HIGH_GARBAGE | MFD_SECRET, .secret = true,
	.err = SECRET_REFUSED,
};

FIXTURE_VARIANT_ADD(call, secret_cloexec_high_garbage) {
	.flags = HIGH_GARBAGE | MFD_SECRET | MFD_CLOEXEC, .secret = true,
	.err = ONLY_DENY_SECRET,
};

FIXTURE_VARIANT_ADD(call, secret_hugetlb) {
	.flags = MFD_SECRET | MFD_HUGETLB, .secret = true, .hugetlb = true,
	.err = SECRET_HUGETLB_REFUSED,
};

FIXTURE_VARIANT_ADD(call, secret_hugetlb_2mb_cloexec) {
	.flags = MFD_SECRET | MFD_HUGETLB | MFD_HUGE_2MB | MFD_CLOEXEC,
	.secret = true, .hugetlb = true, .err = SECRET_HUGETLB_REFUSED,
};

FIXTURE_VARIANT_ADD(call, memfd_secret) {
	.memfd_secret = true, .flags = 0, .secret = true, .err = SECRET_REFUSED,
};

FIXTURE_VARIANT_ADD(call, memfd_secret_cloexec) {
	.memfd_secret = true, .flags = O_CLOEXEC, .secret = true,
	.err = ONLY_DENY_SECRET,
};

FIXTURE_SETUP(call)
{
	self->col = column();
	ASSERT_LE(0, self->col) TH_LOG("MFD_EXPECT names no column: %s",
				       getenv("MFD_EXPECT") ?: "(unset)");
}

FIXTURE_TEARDOWN(call)
{
}

TEST_F(call, result)
{
	int want = variant->err[self->col];
	size_t size = variant->hugetlb ? HSIZE : (size_t)getpagesize();
	struct statx stx;
	long fd;
	char *p;

	if (variant->memfd_secret)
		fd = syscall(__NR_memfd_secret, variant->flags);
	else
		fd = syscall(__NR_memfd_create, "secret-calls", variant->flags);
	if (want) {
		ASSERT_GT(0, fd) TH_LOG("allowed, the profile must refuse it");
		ASSERT_EQ(want, errno) TH_LOG("refused with %s", strerror(errno));
		return;
	}
	ASSERT_LE(0, fd) TH_LOG("refused (%s), the profile must allow it",
				strerror(errno));
	/* a working file of the kind asked for */
	ASSERT_EQ(0, syscall(__NR_statx, fd, "", AT_EMPTY_PATH,
			     STATX_BASIC_STATS, &stx));
	ASSERT_TRUE(!!(stx.stx_attributes_mask & STATX_ATTR_NO_DIRECT_MAP));
	ASSERT_EQ(variant->secret,
		  !!(stx.stx_attributes & STATX_ATTR_NO_DIRECT_MAP));
	ASSERT_EQ(0, ftruncate(fd, size)) TH_LOG("ftruncate: %s", strerror(errno));
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
	memset(p, 0x5a, size);
	ASSERT_EQ(0x5a, p[size - 1]);
	ASSERT_EQ(0, munmap(p, size));
	ASSERT_EQ(0, close(fd));
}

TEST_HARNESS_MAIN
