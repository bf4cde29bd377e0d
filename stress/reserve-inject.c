// SPDX-License-Identifier: GPL-2.0
/*
 * reserve-inject: the hugetlb pool's reserve count when a fault cannot add
 * its folio to a shared mapping's page cache and putting the reservation
 * back fails too (patch 2 of the series, "mm/hugetlb: keep the reserve
 * count when restoring a reservation fails").
 *
 * failslab, on this thread only, fails the two slab allocations that come
 * after a budget of B bytes; B sweeps, 8 bytes at a time, every allocation
 * of the fault of the second page of a two-page hugetlb memfd (the first
 * one is not in: the page cache needs an xarray node for the second), up
 * to the budget at which nothing fails any more. Somewhere in the sweep the
 * node fails, then the file_region that restore_reserve_on_error() asks
 * region_chg() for. Whatever fails (a failed insertion is SIGBUS, other
 * failures are retried), once the file is gone the pool's reserve count
 * must be what it was.
 * Rows: a mapping with its reservation, and one made with MAP_NORESERVE
 * (the fault's folio consumes none, but commits a map entry).
 *
 * failed_clearing_alias_loses_no_page: the same sweep over the close() of a
 * secret 2M hugetlb memfd whose page was faulted in. Its page is cleared
 * through an alias of its own as the file lets it go; when that alias
 * cannot be had, a worker clears the page later ("mm/hugetlb: clear a freed
 * AS_NO_DIRECT_MAP folio later when no alias is free"). Whatever fails, the
 * page must be back in the pool within seconds, not held until reboot, and
 * cleared: the next secret file takes it, kept, and must read zeros.
 *
 * Needs root, CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_DEBUG_FS, and two
 * free default-size huge pages (the last test: one, and MFD_SECRET with
 * MFD_HUGETLB); skips otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/memfd.h>

#include "kselftest_harness.h"

#define FAILSLAB	"/sys/kernel/debug/failslab/"
#define HUGEPAGES	"/sys/kernel/mm/hugepages/hugepages-2048kB/"
#define HSIZE		(2UL * 1024 * 1024)
#define MAX_BUDGET	(64 * 1024)

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

static int write_long(const char *path, long val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", val);
	return write_str(path, buf);
}

/* The value in @path, or -1; reserve counts are read unsigned. */
static long long read_num(const char *path)
{
	unsigned long long v;
	FILE *f = fopen(path, "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "%llu", &v);
	fclose(f);
	return n == 1 ? (long long)v : -1;
}

/* failslab for make-it-fail tasks: the @times allocations after @space bytes */
static int failslab_arm(long space, long times)
{
	return write_str(FAILSLAB "task-filter", "Y") ||
	       write_str(FAILSLAB "ignore-gfp-wait", "N") ||
	       write_str(FAILSLAB "verbose", "0") ||
	       write_long(FAILSLAB "interval", 1) ||
	       write_long(FAILSLAB "probability", 100) ||
	       write_long(FAILSLAB "space", space) ||
	       write_long(FAILSLAB "times", times);
}

static sigjmp_buf bus_env;

static void on_sigbus(int sig)
{
	siglongjmp(bus_env, sig);
}

/* Write a byte at @p; true if the fault was SIGBUS. */
static bool __attribute__((noinline)) touch(char *p)
{
	if (sigsetjmp(bus_env, 1))
		return true;
	*p = 1;
	return false;
}

/* failslab back to the kernel's defaults */
static void failslab_disarm(void)
{
	write_str("/proc/thread-self/make-it-fail", "0");
	write_long(FAILSLAB "probability", 0);
	write_long(FAILSLAB "space", 0);
	write_long(FAILSLAB "times", 1);
	write_long(FAILSLAB "interval", 1);
	write_long(FAILSLAB "verbose", 2);
	write_str(FAILSLAB "task-filter", "N");
	write_str(FAILSLAB "ignore-gfp-wait", "Y");
}

FIXTURE(reserve) {
	long long resv0;
	int fail_fd;	/* this thread's make-it-fail */
};

FIXTURE_VARIANT(reserve) {
	int map_flags;
};

FIXTURE_VARIANT_ADD(reserve, reserved) {
	.map_flags = MAP_SHARED,
};

FIXTURE_VARIANT_ADD(reserve, noreserve) {
	.map_flags = MAP_SHARED | MAP_NORESERVE,
};

FIXTURE_SETUP(reserve)
{
	if (geteuid())
		SKIP(return, "needs root (failslab in debugfs)");
	if (access(FAILSLAB "space", W_OK))
		SKIP(return, "no failslab in debugfs (CONFIG_FAILSLAB)");
	if (read_num(HUGEPAGES "free_hugepages") < 2)
		SKIP(return, "needs two free 2M huge pages");
	self->resv0 = read_num(HUGEPAGES "resv_hugepages");
	ASSERT_LE(0, self->resv0);
	/*
	 * Opened now: an open() while failures are armed could be the one
	 * that fails. Writing make-it-fail allocates nothing.
	 */
	self->fail_fd = open("/proc/thread-self/make-it-fail", O_WRONLY);
	ASSERT_LE(0, self->fail_fd);
}

FIXTURE_TEARDOWN(reserve)
{
	failslab_disarm();
}

static void make_it_fail(int fd, bool on)
{
	if (pwrite(fd, on ? "1" : "0", 1, 0) != 1)
		abort();
}


TEST_F(reserve, failed_insertion_keeps_count)
{
	struct sigaction sa = { .sa_handler = on_sigbus };
	long budget, trials = 0, bus = 0;
	long long resv, left;
	int fd, n;
	char *p;

	ASSERT_EQ(0, sigaction(SIGBUS, &sa, NULL));
	/* the n allocations after the budget fail, for n up to 4 */
	for (n = 1; n <= 4; n++) {
		for (budget = 0; budget <= MAX_BUDGET; budget += 8) {
			fd = memfd_create("reserve-inject", MFD_HUGETLB);
			ASSERT_LE(0, fd);
			ASSERT_EQ(0, ftruncate(fd, 2 * HSIZE));
			p = mmap(NULL, 2 * HSIZE, PROT_READ | PROT_WRITE,
				 variant->map_flags, fd, 0);
			ASSERT_NE(MAP_FAILED, p);

			ASSERT_EQ(0, failslab_arm(budget, n));
			make_it_fail(self->fail_fd, true);
			bus += touch(p + HSIZE);
			make_it_fail(self->fail_fd, false);
			left = read_num(FAILSLAB "times");
			failslab_disarm();

			munmap(p, 2 * HSIZE);
			close(fd);
			resv = read_num(HUGEPAGES "resv_hugepages");
			ASSERT_EQ(self->resv0, resv)
				TH_LOG("%lld failed allocations after %ld bytes: reserve count %lld, was %lld",
				       n - left, budget, resv, self->resv0);
			if (left == n)
				break;	/* the whole fault fits in the budget */
			trials++;
		}
	}
	TH_LOG("%ld faults with failed allocations, %ld of them SIGBUS (a failed insertion)",
	       trials, bus);
	/* the sweep did reach the page cache insertion */
	ASSERT_LT(0, bus);
}

/*
 * Wait up to 20 s for the pool's free count to be at least @want again (more
 * if a page an earlier test left to the worker comes back); the count.
 */
static long long wait_free(long long want)
{
	long long free = -1;
	int i;

	for (i = 0; i < 2000; i++) {
		free = read_num(HUGEPAGES "free_hugepages");
		if (free >= want)
			break;
		usleep(10000);
	}
	return free;
}

TEST(failed_clearing_alias_loses_no_page)
{
	long budget, trials = 0;
	long long free0, free, left;
	int fd, fail_fd, n;
	char *p;

	if (geteuid())
		SKIP(return, "needs root (failslab in debugfs)");
	if (access(FAILSLAB "space", W_OK))
		SKIP(return, "no failslab in debugfs (CONFIG_FAILSLAB)");
	free0 = read_num(HUGEPAGES "free_hugepages");
	if (free0 < 1)
		SKIP(return, "needs a free 2M huge page");
	fd = memfd_create("clear-inject", MFD_SECRET | MFD_HUGETLB);
	if (fd < 0 && errno == EINVAL)
		SKIP(return, "no secret hugetlb memory here (EINVAL)");
	ASSERT_LE(0, fd) TH_LOG("memfd_create: %s", strerror(errno));
	close(fd);
	fail_fd = open("/proc/thread-self/make-it-fail", O_WRONLY);
	ASSERT_LE(0, fail_fd);

	for (n = 1; n <= 4; n++) {
		for (budget = 0; budget <= MAX_BUDGET; budget += 8) {
			fd = memfd_create("clear-inject", MFD_SECRET | MFD_HUGETLB);
			ASSERT_LE(0, fd);
			ASSERT_EQ(0, ftruncate(fd, HSIZE));
			p = mmap(NULL, HSIZE, PROT_READ | PROT_WRITE,
				 MAP_SHARED, fd, 0);
			ASSERT_NE(MAP_FAILED, p);
			/* the page the last close() freed, kept: cleared */
			ASSERT_EQ(0, p[0]);
			ASSERT_EQ(0, p[HSIZE - 1]);
			memset(p, 0x5a, HSIZE);
			ASSERT_EQ(0, munmap(p, HSIZE));

			ASSERT_EQ(0, failslab_arm(budget, n));
			make_it_fail(fail_fd, true);
			/* the last reference: the page leaves the file here */
			close(fd);
			make_it_fail(fail_fd, false);
			left = read_num(FAILSLAB "times");
			failslab_disarm();
			ASSERT_LE(0, left);

			free = wait_free(free0);
			ASSERT_LE(free0, free)
				TH_LOG("%lld failed allocations after %ld bytes: %lld free huge pages 20 s after close(), were %lld",
				       n - left, budget, free, free0);
			if (left == n)
				break;	/* the whole close() fits in the budget */
			trials++;
		}
	}
	close(fail_fd);
	TH_LOG("%ld closes with failed allocations, each page back in the pool",
	       trials);
	ASSERT_LT(0, trials);
}

TEST_HARNESS_MAIN
