// SPDX-License-Identifier: GPL-2.0
/*
 * What secret memory costs: the same measurements over plain shmem,
 * memfd_secret(2), memfd_create(MFD_SECRET), 2M and 1G hugetlb, plain and
 * secret. Runs in the guest (scripts/bench.sh); prints a table and CSV
 * lines ("csv,...") for the host to collect.
 *
 *   secret-bench [--reps N] [--create-reps N] [--size MiB] [--no-scale]
 *                [--smoke]
 *
 * Medians of the N - 1 repetitions that reuse pool pages, with min and
 * max, and the first repetition apart; the counters per page, fault and
 * free apart; then how first touch and teardown grow with the size.
 * Under emulation absolute times mean little: the ratios and the kernel's
 * counters are the result.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/memfd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#ifndef MFD_SECRET
#define MFD_SECRET	0x0020U
#endif

#define SZ_2M		(2UL << 20)
#define SZ_1G		(1UL << 30)
#define MAX_REPS	32

enum ctor { PLAIN, MEMFD_SECRET, MFD };

struct backing {
	const char *name;
	enum ctor ctor;
	unsigned int flags;
	unsigned long hsize;	/* page size of the backing */
};

static const struct backing backings[] = {
	{ "shmem", MFD, 0, 4096 },
	{ "memfd_secret", MEMFD_SECRET, 0, 4096 },
	{ "MFD_SECRET", MFD, MFD_SECRET, 4096 },
	{ "hugetlb-2M", MFD, MFD_HUGETLB | MFD_HUGE_2MB, SZ_2M },
	{ "secret-hugetlb-2M", MFD, MFD_SECRET | MFD_HUGETLB | MFD_HUGE_2MB, SZ_2M },
	{ "hugetlb-1G", MFD, MFD_HUGETLB | MFD_HUGE_1GB, SZ_1G },
	{ "secret-hugetlb-1G", MFD, MFD_SECRET | MFD_HUGETLB | MFD_HUGE_1GB, SZ_1G },
};
#define NB	(sizeof(backings) / sizeof(backings[0]))
#define HUGE_2M	3	/* the reference of the ratios, and of the 4K ones: */
#define SECRET	1

enum metric {
	CREATE_NS, FAULT_MIBS, SEQ_MIBS, RAND_NS, TEARDOWN_US, LIFE_US,
	CLOSE_US, REFILL_US, NM
};

static const char * const metric_names[NM] = {
	"create+size+close ns/file", "first touch MiB/s", "sequential read MiB/s",
	"random read ns/access", "teardown us/MiB", "lifecycle us/MiB",
	"close() us", "pool refilled us",
};

/* kernel counters read around all repetitions of a backing */
enum counter {
	SPLIT2, SPLIT3, DM4K, DM2M, DM1G, TLB_REMOTE, TLB_ONE, TLB_ALL,
	KP_FLUSH, KP_DM, IPI_CAL, IPI_TLB, NC
};

static const char * const counter_names[NC] = {
	"direct_map_level2_splits", "direct_map_level3_splits", "DirectMap4k",
	"DirectMap2M", "DirectMap1G", "nr_tlb_remote_flush",
	"nr_tlb_local_flush_one", "nr_tlb_local_flush_all",
	"calls:flush_tlb_kernel_range", "calls:set_direct_map_*",
	"IPI:CAL", "IPI:TLB",
};

/* the counters also read around each phase of each repetition */
enum phase { PH_FAULT, PH_FREE, NPH };
static const int phase_counters[] = { KP_FLUSH, KP_DM, IPI_CAL };
#define NPC	(sizeof(phase_counters) / sizeof(phase_counters[0]))

/*
 * Function counts, from kprobe events (CONFIG_KPROBE_EVENTS, in the run
 * config): the kernel-range TLB flushes, which no vmstat counter sees,
 * and the direct-map changes. Hit counts come from kprobe_profile.
 */
#define TRACEFS		"/sys/kernel/tracing"
static const char * const kprobes[][2] = {
	{ "mfd_flush", "flush_tlb_kernel_range" },
	{ "mfd_dm_invalid", "set_direct_map_invalid_noflush" },
	{ "mfd_dm_default", "set_direct_map_default_noflush" },
	{ "mfd_dm_range", "set_direct_map_valid_noflush" },
};
#define NKP	(sizeof(kprobes) / sizeof(kprobes[0]))
static bool have_kprobes;

static bool tracefs_write(const char *file, const char *text)
{
	char path[128];
	int fd;
	bool ok;

	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	fd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0)
		return false;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok;
}

static void kprobes_setup(void)
{
	char def[128];
	unsigned int i;

	mount("nodev", TRACEFS, "tracefs", 0, NULL);
	for (i = 0; i < NKP; i++) {
		snprintf(def, sizeof(def), "p:mfdbench/%s %s\n", kprobes[i][0],
			 kprobes[i][1]);
		/* set_direct_map_valid_noflush() exists with the series only */
		if (!tracefs_write("kprobe_events", def) && i == 0)
			return;
	}
	tracefs_write("tracing_on", "0");
	have_kprobes = tracefs_write("events/mfdbench/enable", "1");
}

static void kprobes_teardown(void)
{
	char def[64];
	unsigned int i;

	if (!have_kprobes)
		return;
	tracefs_write("events/mfdbench/enable", "0");
	for (i = 0; i < NKP; i++) {
		snprintf(def, sizeof(def), "-:mfdbench/%s\n", kprobes[i][0]);
		tracefs_write("kprobe_events", def);
	}
}

/* Hits of the probes: c[KP_FLUSH], and the direct-map ones in c[KP_DM]. */
static void kprobes_read(long c[NC])
{
	char line[160], name[96];
	unsigned long hits, misses;
	FILE *f;

	c[KP_FLUSH] = c[KP_DM] = -1;
	if (!have_kprobes)
		return;
	f = fopen(TRACEFS "/kprobe_profile", "r");
	if (!f)
		return;
	c[KP_FLUSH] = c[KP_DM] = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%95s %lu %lu", name, &hits, &misses) != 3)
			continue;
		/* the profile names events without their group */
		if (!strcmp(name, "mfd_flush"))
			c[KP_FLUSH] += hits;
		else if (!strncmp(name, "mfd_dm_", 7))
			c[KP_DM] += hits;
	}
	fclose(f);
}

struct result {
	bool ran;
	const char *why;
	unsigned long size;
	double m[NM][MAX_REPS];	/* CREATE_NS: create_reps values */
	long pc[NPH][NPC][MAX_REPS];	/* phase counters, per repetition */
	long c[NC];		/* deltas over all repetitions */
	bool have[NC];		/* whether the kernel has the counter */
};

static struct result results[NB];
static int reps = 6, create_reps = 11;
static unsigned long size_mib = 256;
static bool scale = true;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long proc_value(const char *file, const char *key)
{
	char line[160];
	size_t len = strlen(key);
	long v = -1;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, len) &&
		    (line[len] == ':' || line[len] == ' ')) {
			v = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

/*
 * The sum over every CPU of one line of /proc/interrupts: "CAL" counts the
 * function-call IPIs, which x86's flush_tlb_kernel_range() sends for its
 * remote flushes (no vmstat counter sees those), "TLB" the shootdowns of
 * user addresses.
 */
static long irq_count(const char *label)
{
	size_t len = strlen(label);
	char line[4096], *p, *end;
	long sum = -1, v;
	FILE *f;

	f = fopen("/proc/interrupts", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " ");
		if (strncmp(p, label, len) || p[len] != ':')
			continue;
		p += len + 1;
		for (sum = 0;; p = end) {
			v = strtol(p, &end, 10);
			if (end == p)
				break;
			sum += v;
		}
		break;
	}
	fclose(f);
	return sum;
}

static void counters(long c[NC])
{
	int i;

	for (i = 0; i < KP_FLUSH; i++)
		c[i] = proc_value(i >= DM4K && i <= DM1G ? "/proc/meminfo" :
				  "/proc/vmstat", counter_names[i]);
	kprobes_read(c);
	c[IPI_CAL] = irq_count("CAL");
	c[IPI_TLB] = irq_count("TLB");
}

/* The counters of phase_counters[], read at a phase boundary. */
static void phase_read(long v[NPC])
{
	unsigned int i;
	long c[NC];

	kprobes_read(c);
	c[IPI_CAL] = irq_count("CAL");
	for (i = 0; i < NPC; i++)
		v[i] = c[phase_counters[i]];
}

static long pool_free(unsigned long hsize)
{
	char path[96];
	long v = -1;
	FILE *f;

	if (hsize <= 4096)
		return -1;
	snprintf(path, sizeof(path),
		 "/sys/kernel/mm/hugepages/hugepages-%lukB/free_hugepages",
		 hsize >> 10);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static int make_fd(const struct backing *b)
{
	if (b->ctor == MEMFD_SECRET)
		return syscall(__NR_memfd_secret, 0);
	return syscall(__NR_memfd_create, "bench", b->flags);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const double *v, int n, double *lo, double *hi)
{
	double s[MAX_REPS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	*lo = s[0];
	*hi = s[n - 1];
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/*
 * The first repetition of a huge-page backing takes pool pages that were
 * never secret; the later ones reuse what the earlier ones freed. Medians
 * are over the reused repetitions (all of them when there is only one),
 * the first is reported apart. Creation has repetitions of its own.
 */
static int first_apart(int m)
{
	return m != CREATE_NS && reps > 1;
}

static double summary(const struct result *r, int m, double *lo, double *hi)
{
	int from = first_apart(m);

	return median(r->m[m] + from, (m == CREATE_NS ? create_reps : reps) - from,
		      lo, hi);
}

/* Whether a metric means anything for a backing: the pool is hugetlb's. */
static bool applies(const struct backing *b, int m)
{
	return m != REFILL_US || b->hsize > 4096;
}

/* 500 files of one backing, created, sized and closed: ns per file. */
static double create_batch(const struct backing *b, int files)
{
	double t0 = now();
	int i, fd = -1;

	for (i = 0; i < files; i++) {
		fd = make_fd(b);
		if (fd < 0 || ftruncate(fd, b->hsize))
			break;
		close(fd);
	}
	if (i < files) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	return (now() - t0) * 1e9 / files;
}

/*
 * Create + size + close. Closing a file frees its inode after an RCU
 * grace period, so the frees of one batch of files can run while the next
 * batch is timed: in a fixed order every backing would pay for the one
 * before it. Here each batch starts after a pause that lets the previous
 * batch's deferred frees run, and the order rotates from one repetition to
 * the next. The old way, a fixed order back to back, is measured too, for
 * comparison (create_fixed).
 */
static double create_fixed[NB][MAX_REPS];

static void measure_create(void)
{
	const int files = create_reps > 1 ? 500 : 20;
	unsigned int k, bi;
	int rep;

	for (rep = 0; rep < create_reps; rep++) {
		for (k = 0; k < NB; k++) {
			bi = (k + rep) % NB;
			usleep(100000);
			results[bi].m[CREATE_NS][rep] =
				create_batch(&backings[bi], files);
		}
	}
	for (rep = 0; rep < create_reps; rep++)
		for (bi = 0; bi < NB; bi++)
			create_fixed[bi][rep] = create_batch(&backings[bi], files);
}

/* A file of the backing, sized and mapped shared; NULL with errno. */
static char *map_file(const struct backing *b, unsigned long size, int *fdp)
{
	char *p;
	int fd;

	fd = make_fd(b);
	if (fd < 0)
		return NULL;
	if (ftruncate(fd, size))
		p = MAP_FAILED;
	else
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return NULL;
	}
	*fdp = fd;
	return p;
}

/* One repetition over one backing; false with errno on a failure. */
static bool run_once(const struct backing *b, struct result *r, int rep)
{
	unsigned long size = r->size, off, i, x = 12345;
	double t0, t1, t2, fault, mib = size >> 20;
	long c0[NPC], c1[NPC], c2[NPC], c3[NPC];
	long free0 = pool_free(b->hsize);
	volatile uint64_t sink = 0;
	unsigned int k;
	char *p;
	int fd;

	p = map_file(b, size, &fd);
	if (!p)
		return false;

	phase_read(c0);
	t0 = now();
	for (off = 0; off < size; off += 4096)
		p[off] = 1;
	t1 = now();
	phase_read(c1);
	fault = t1 - t0;
	r->m[FAULT_MIBS][rep] = mib / fault;

	t0 = now();
	for (off = 0; off < size; off += 64)
		sink += *(uint64_t *)(p + off);
	t1 = now();
	r->m[SEQ_MIBS][rep] = mib / (t1 - t0);

	t0 = now();
	for (i = 0; i < 1000000; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		sink += *(uint64_t *)(p + ((x >> 16) % (size / 8)) * 8);
	}
	t1 = now();
	r->m[RAND_NS][rep] = (t1 - t0) * 1e9 / 1000000;

	phase_read(c2);
	t0 = now();
	munmap(p, size);
	t1 = now();
	close(fd);
	t2 = now();
	r->m[TEARDOWN_US][rep] = (t2 - t0) * 1e6 / mib;
	r->m[LIFE_US][rep] = (fault + t2 - t0) * 1e6 / mib;
	r->m[CLOSE_US][rep] = (t2 - t1) * 1e6;
	/* a huge page is back in the pool when close() returns, or later */
	while (free0 >= 0 && pool_free(b->hsize) < free0 && now() - t1 < 30)
		usleep(100);
	r->m[REFILL_US][rep] = (now() - t1) * 1e6;
	/* lazily freed vmap areas are purged by a worker: let it run here */
	usleep(50000);
	phase_read(c3);
	for (k = 0; k < NPC; k++) {
		r->pc[PH_FAULT][k][rep] = c1[k] - c0[k];
		r->pc[PH_FREE][k][rep] = c3[k] - c2[k];
	}
	return true;
}

static void run_backing(int bi)
{
	const struct backing *b = &backings[bi];
	struct result *r = &results[bi];
	long before[NC], after[NC];
	int rep, i;

	r->size = b->hsize == SZ_1G ? SZ_1G : size_mib << 20;
	if (b->hsize > 4096 && pool_free(b->hsize) < (long)(r->size / b->hsize)) {
		r->why = "pool too small";
		return;
	}
	counters(before);
	for (rep = 0; rep < reps; rep++) {
		if (!run_once(b, r, rep)) {
			r->why = strerror(errno);
			return;
		}
	}
	counters(after);
	for (i = 0; i < NC; i++) {
		r->have[i] = before[i] >= 0 && after[i] >= 0;
		r->c[i] = after[i] - before[i];
	}
	r->ran = true;
}

/*
 * How first touch and teardown grow with the size of a file: per MiB, the
 * median of three lifecycles, for the 2M backings at 256 MiB, 1 GiB and
 * 4 GiB and the 1G ones at one and four pages, where the pool allows.
 */
static const struct {
	unsigned int bi;
	unsigned long mib;
} scale_rows[] = {
	{ 3, 256 }, { 3, 1024 }, { 3, 4096 }, { 4, 256 }, { 4, 1024 }, { 4, 4096 },
	{ 5, 1024 }, { 5, 4096 }, { 6, 1024 }, { 6, 4096 },
};
#define NSCALE	(sizeof(scale_rows) / sizeof(scale_rows[0]))
#define SCALE_REPS	3

static struct {
	bool ran;
	double fault_us, teardown_us;	/* per MiB, medians */
} scaled[NSCALE];

static bool scale_once(const struct backing *b, unsigned long size,
		       double *fault_us, double *teardown_us)
{
	double t0, t1, t2, mib = size >> 20;
	unsigned long off;
	char *p;
	int fd;

	p = map_file(b, size, &fd);
	if (!p)
		return false;
	t0 = now();
	for (off = 0; off < size; off += 4096)
		p[off] = 1;
	t1 = now();
	munmap(p, size);
	close(fd);
	t2 = now();
	*fault_us = (t1 - t0) * 1e6 / mib;
	*teardown_us = (t2 - t1) * 1e6 / mib;
	return true;
}

static void measure_scale(void)
{
	double f[SCALE_REPS], t[SCALE_REPS], lo, hi;
	unsigned int i;
	int rep;

	for (i = 0; i < NSCALE; i++) {
		const struct backing *b = &backings[scale_rows[i].bi];
		unsigned long size = scale_rows[i].mib << 20;

		if (pool_free(b->hsize) < (long)(size / b->hsize))
			continue;
		fprintf(stderr, "  scaling: %s, %lu MiB...\n", b->name,
			scale_rows[i].mib);
		for (rep = 0; rep < SCALE_REPS; rep++)
			if (!scale_once(b, size, &f[rep], &t[rep]))
				break;
		if (rep < SCALE_REPS)
			continue;
		scaled[i].ran = true;
		scaled[i].fault_us = median(f, SCALE_REPS, &lo, &hi);
		scaled[i].teardown_us = median(t, SCALE_REPS, &lo, &hi);
	}
}

static void print_scale(void)
{
	unsigned int i, j;

	printf("\nscaling (per MiB, medians of %d; x: over the smallest size of the backing):\n",
	       SCALE_REPS);
	printf("%-18s %8s %16s %6s %16s %6s\n", "backing", "MiB",
	       "first touch us", "x", "teardown us", "x");
	for (i = 0; i < NSCALE; i++) {
		const char *name = backings[scale_rows[i].bi].name;

		if (!scaled[i].ran) {
			printf("%-18s %8lu skipped: pool too small\n", name,
			       scale_rows[i].mib);
			continue;
		}
		for (j = 0; j < i && scale_rows[j].bi != scale_rows[i].bi; j++)
			;
		while (j < i && !scaled[j].ran)
			j++;
		printf("%-18s %8lu %16.1f %6.2f %16.1f %6.2f\n", name,
		       scale_rows[i].mib, scaled[i].fault_us,
		       scaled[i].fault_us / scaled[j].fault_us,
		       scaled[i].teardown_us,
		       scaled[i].teardown_us / scaled[j].teardown_us);
		printf("csv,%s,scale %lu MiB first touch us/MiB,%.1f,,,,,\n",
		       name, scale_rows[i].mib, scaled[i].fault_us);
		printf("csv,%s,scale %lu MiB first touch x smallest,%.3f,,,,,\n",
		       name, scale_rows[i].mib,
		       scaled[i].fault_us / scaled[j].fault_us);
		printf("csv,%s,scale %lu MiB teardown us/MiB,%.1f,,,,,\n",
		       name, scale_rows[i].mib, scaled[i].teardown_us);
		printf("csv,%s,scale %lu MiB teardown x smallest,%.3f,,,,,\n",
		       name, scale_rows[i].mib,
		       scaled[i].teardown_us / scaled[j].teardown_us);
	}
}

/* Per page, the phase counter k summed over repetitions [from, to). */
static double per_page(const struct result *r, int ph, int k, int from, int to,
		       long pages)
{
	long sum = 0;
	int rep;

	for (rep = from; rep < to; rep++)
		sum += r->pc[ph][k][rep];
	return to > from ? (double)sum / (pages * (to - from)) : 0;
}

static void print_per_page(void)
{
	int from = reps > 1, k, g;
	unsigned int bi;

	printf("\nper page, fault and free apart: the first repetition | the reused ones\n"
	       "(flush: calls of flush_tlb_kernel_range(); CAL: function-call IPIs, all CPUs;\n"
	       " dm: direct-map changes)\n");
	printf("%-18s %8s  %7s %7s %7s %7s %5s | %7s %7s %7s %7s %5s\n",
	       "", "", "flush", "flush", "CAL", "CAL", "", "flush", "flush",
	       "CAL", "CAL", "");
	printf("%-18s %8s  %7s %7s %7s %7s %5s | %7s %7s %7s %7s %5s\n",
	       "backing", "pages", "fault", "free", "fault", "free", "dm",
	       "fault", "free", "fault", "free", "dm");
	for (bi = 0; bi < NB; bi++) {
		const struct result *r = &results[bi];
		long pages = r->size / backings[bi].hsize;

		if (!r->ran || !r->have[KP_FLUSH])
			continue;
		printf("%-18s %8ld ", backings[bi].name, pages);
		for (g = 0; g < 2; g++) {
			int a = g ? from : 0, z = g ? reps : 1;

			printf(" %7.2f %7.2f %7.2f %7.2f %5.2f%s",
			       per_page(r, PH_FAULT, 0, a, z, pages),
			       per_page(r, PH_FREE, 0, a, z, pages),
			       per_page(r, PH_FAULT, 2, a, z, pages),
			       per_page(r, PH_FREE, 2, a, z, pages),
			       per_page(r, PH_FAULT, 1, a, z, pages) +
			       per_page(r, PH_FREE, 1, a, z, pages),
			       g ? "\n" : " |");
		}
		for (g = 0; g < 2; g++) {
			int a = g ? from : 0, z = g ? reps : 1;

			for (k = 0; k < (int)NPC; k++)
				printf("csv,%s,per page %s %s %s,%.3f,,,,,\n",
				       backings[bi].name,
				       counter_names[phase_counters[k]],
				       g ? "reused" : "first", "fault",
				       per_page(r, PH_FAULT, k, a, z, pages));
			for (k = 0; k < (int)NPC; k++)
				printf("csv,%s,per page %s %s %s,%.3f,,,,,\n",
				       backings[bi].name,
				       counter_names[phase_counters[k]],
				       g ? "reused" : "first", "free",
				       per_page(r, PH_FREE, k, a, z, pages));
		}
	}
	printf("(a purge of lazily freed vmap areas runs in a worker; the free phase\n"
	       " waits 50 ms for it, a purge that comes later counts where it lands)\n");
}

static void print_results(void)
{
	const struct result *huge = &results[HUGE_2M], *secret4k = &results[SECRET];
	double lo, hi, dlo, dhi, med, first, rh, rs;
	unsigned int bi;
	int m, i;

	printf("\n%-18s %-26s %10s %10s %10s %10s %8s %8s\n", "backing", "metric",
	       "median", "min", "max", "first", "/2M-huge", "/secret");
	for (bi = 0; bi < NB; bi++) {
		const struct result *r = &results[bi];

		if (!r->ran) {
			printf("%-18s skipped: %s\n", backings[bi].name,
			       r->why ? r->why : "?");
			continue;
		}
		for (m = 0; m < NM; m++) {
			if (!applies(&backings[bi], m))
				continue;
			med = summary(r, m, &lo, &hi);
			rh = huge->ran ? med / summary(huge, m, &dlo, &dhi) : 0;
			rs = secret4k->ran && applies(&backings[SECRET], m) ?
			     med / summary(secret4k, m, &dlo, &dhi) : 0;
			first = first_apart(m) ? r->m[m][0] : med;
			printf("%-18s %-26s %10.1f %10.1f %10.1f %10.1f %8.2f %8.2f\n",
			       m ? "" : backings[bi].name, metric_names[m], med,
			       lo, hi, first, rh, rs);
			printf("csv,%s,%s,%.1f,%.1f,%.1f,%.3f,%.3f,%.1f\n",
			       backings[bi].name, metric_names[m], med, lo, hi,
			       rh, rs, first);
		}
	}
	printf("(median, min, max: over the repetitions that reuse pool pages, all\n"
	       " but the first; first: the first, whose huge pages were never secret;\n"
	       " ratios: this median over the median of hugetlb-2M and of memfd_secret;\n"
	       " MiB/s: higher is better, ns and us: lower is better)\n");

	printf("\ncreate+size+close ns/file the old way, backings in a fixed order back\n"
	       "to back (each after the previous one's frees):\n");
	for (bi = 0; bi < NB; bi++) {
		med = median(create_fixed[bi], create_reps, &lo, &hi);
		printf("%-18s %10.1f %10.1f %10.1f\n", backings[bi].name, med, lo, hi);
		printf("csv,%s,create fixed order ns/file,%.1f,%.1f,%.1f,,,\n",
		       backings[bi].name, med, lo, hi);
	}

	printf("\nkernel counters, change over the %d repetitions of a backing:\n", reps);
	printf("%-18s", "backing");
	for (i = 0; i < NC; i++)
		printf(" %s", counter_names[i]);
	printf("\n");
	for (bi = 0; bi < NB; bi++) {
		if (!results[bi].ran)
			continue;
		printf("%-18s", backings[bi].name);
		for (i = 0; i < NC; i++) {
			if (!results[bi].have[i])
				printf(" n/a");
			else
				printf(" %ld", results[bi].c[i]);
		}
		printf("\n");
	}
	printf("(DirectMap*: kB; nr_tlb_*: flushes of user addresses, x86 does not\n"
	       " count kernel-range flushes, such as the direct map's, there; calls:*:\n"
	       " function counts from kprobe events, n/a without CONFIG_KPROBE_EVENTS;\n"
	       " IPI:*: /proc/interrupts, summed over CPUs)\n");
	for (bi = 0; bi < NB; bi++)
		for (i = 0; i < NC; i++)
			if (results[bi].ran && results[bi].have[i])
				printf("csv,%s,%s,%ld,,,,,\n", backings[bi].name,
				       counter_names[i], results[bi].c[i]);
}

int main(int argc, char **argv)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	unsigned int bi;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--create-reps") && i + 1 < argc)
			create_reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size_mib = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--no-scale"))
			scale = false;
		else if (!strcmp(argv[i], "--smoke"))
			reps = 1, create_reps = 1, size_mib = 8, scale = false;
		else {
			fprintf(stderr, "usage: %s [--reps N] [--create-reps N] [--size MiB] [--no-scale] [--smoke]\n",
				argv[0]);
			return 2;
		}
	}
	if (reps < 1 || reps > MAX_REPS || create_reps < 1 ||
	    create_reps > MAX_REPS || size_mib < 2 || size_mib % 2) {
		fprintf(stderr, "--reps and --create-reps 1..%d, --size an even number of MiB\n",
			MAX_REPS);
		return 2;
	}
	/* secretmem charges RLIMIT_MEMLOCK */
	setrlimit(RLIMIT_MEMLOCK, &rl);
	printf("secret-bench: %d repetitions (the first apart), %lu MiB per backing\n"
	       "(1G backings: 1 GiB), %d of creation, %ld CPUs\n", reps, size_mib,
	       create_reps, sysconf(_SC_NPROCESSORS_ONLN));
	kprobes_setup();
	fprintf(stderr, "  create + size + close...\n");
	measure_create();
	for (bi = 0; bi < NB; bi++) {
		fprintf(stderr, "  %s...\n", backings[bi].name);
		run_backing(bi);
	}
	if (scale)
		measure_scale();
	kprobes_teardown();
	print_results();
	print_per_page();
	if (scale)
		print_scale();
	/* every backing that could run must have run */
	for (bi = 0; bi < NB; bi++)
		if (!results[bi].ran && (!results[bi].why ||
		    strcmp(results[bi].why, "pool too small")))
			return 1;
	return 0;
}
