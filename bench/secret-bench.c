// SPDX-License-Identifier: GPL-2.0
/*
 * What secret memory costs: the same measurements over plain shmem,
 * memfd_secret(2), memfd_create(MFD_SECRET), 2M and 1G hugetlb, plain and
 * secret. Runs in the guest (scripts/bench.sh); prints a table and CSV
 * lines ("csv,...") for the host to collect.
 *
 *   secret-bench [--reps N] [--size MiB] [--smoke]
 *
 * Medians of N repetitions, with min and max. Under emulation absolute
 * times mean little: the ratios and the kernel's counters are the result.
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

enum metric { CREATE_NS, FAULT_MIBS, SEQ_MIBS, RAND_NS, TEARDOWN_US, NM };

static const char * const metric_names[NM] = {
	"create+size+close ns/file", "first touch MiB/s", "sequential read MiB/s",
	"random read ns/access", "teardown us/MiB",
};

/* kernel counters read around one repetition */
enum counter {
	SPLIT2, SPLIT3, DM4K, DM2M, DM1G, TLB_REMOTE, TLB_ONE, TLB_ALL,
	KP_FLUSH, KP_DM, NC
};

static const char * const counter_names[NC] = {
	"direct_map_level2_splits", "direct_map_level3_splits", "DirectMap4k",
	"DirectMap2M", "DirectMap1G", "nr_tlb_remote_flush",
	"nr_tlb_local_flush_one", "nr_tlb_local_flush_all",
	"calls:flush_tlb_kernel_range", "calls:set_direct_map_*",
};

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
	double m[NM][MAX_REPS];
	long c[NC];		/* deltas over all repetitions */
	bool have[NC];		/* whether the kernel has the counter */
};

static struct result results[NB];
static int reps = 5;
static unsigned long size_mib = 256;

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

static void counters(long c[NC])
{
	int i;

	for (i = 0; i < KP_FLUSH; i++)
		c[i] = proc_value(i >= DM4K && i <= DM1G ? "/proc/meminfo" :
				  "/proc/vmstat", counter_names[i]);
	kprobes_read(c);
}

static long pool_free(unsigned long hsize)
{
	char path[96];
	long v = -1;
	FILE *f;

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

/* One repetition over one backing; false with errno on a failure. */
/*
 * Create + size + close, every backing in turn within each repetition, so
 * that all see the same conditions: under emulation the cost of a short
 * system call drifts with what ran before it (translated code, pending
 * RCU work of earlier closes).
 */
static void measure_create(void)
{
	const int files = reps > 1 ? 500 : 20;
	unsigned int bi;
	int rep, i, fd;
	double t0;

	for (rep = 0; rep < reps; rep++) {
		for (bi = 0; bi < NB; bi++) {
			const struct backing *b = &backings[bi];

			t0 = now();
			for (i = 0; i < files; i++) {
				fd = make_fd(b);
				if (fd < 0 || ftruncate(fd, b->hsize))
					break;
				close(fd);
			}
			if (i < files && fd >= 0)
				close(fd);
			results[bi].m[CREATE_NS][rep] =
				i < files ? 0 : (now() - t0) * 1e9 / files;
		}
	}
}

static bool run_once(const struct backing *b, struct result *r, int rep)
{
	unsigned long size = r->size, off, i, x = 12345;
	volatile uint64_t sink = 0;
	double t0, t1;
	char *p;
	int fd;

	fd = make_fd(b);
	if (fd < 0 || ftruncate(fd, size))
		return false;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return false;

	t0 = now();
	for (off = 0; off < size; off += 4096)
		p[off] = 1;
	t1 = now();
	r->m[FAULT_MIBS][rep] = (size >> 20) / (t1 - t0);

	t0 = now();
	for (off = 0; off < size; off += 64)
		sink += *(uint64_t *)(p + off);
	t1 = now();
	r->m[SEQ_MIBS][rep] = (size >> 20) / (t1 - t0);

	t0 = now();
	for (i = 0; i < 1000000; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		sink += *(uint64_t *)(p + ((x >> 16) % (size / 8)) * 8);
	}
	t1 = now();
	r->m[RAND_NS][rep] = (t1 - t0) * 1e9 / 1000000;

	t0 = now();
	munmap(p, size);
	close(fd);
	t1 = now();
	r->m[TEARDOWN_US][rep] = (t1 - t0) * 1e6 / (size >> 20);
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

static double med_of(const struct result *r, int m)
{
	double lo, hi;

	return median(r->m[m], reps, &lo, &hi);
}

static void print_results(void)
{
	const struct result *huge = &results[3], *secret4k = &results[1];
	unsigned int bi;
	int m, i;

	printf("\n%-18s %-26s %10s %10s %10s %8s %8s\n", "backing", "metric",
	       "median", "min", "max", "/2M-huge", "/secret");
	for (bi = 0; bi < NB; bi++) {
		const struct result *r = &results[bi];

		if (!r->ran) {
			printf("%-18s skipped: %s\n", backings[bi].name,
			       r->why ? r->why : "?");
			continue;
		}
		for (m = 0; m < NM; m++) {
			double lo, hi, med = median(r->m[m], reps, &lo, &hi);
			double rh = huge->ran ? med / med_of(huge, m) : 0;
			double rs = secret4k->ran ? med / med_of(secret4k, m) : 0;

			printf("%-18s %-26s %10.1f %10.1f %10.1f %8.2f %8.2f\n",
			       m ? "" : backings[bi].name, metric_names[m], med,
			       lo, hi, rh, rs);
		}
	}
	printf("(ratios: this median over the median of hugetlb-2M and of\n"
	       " memfd_secret; MiB/s: higher is better, ns and us: lower is better)\n");

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
	       " function counts from kprobe events, n/a without CONFIG_KPROBE_EVENTS)\n");

	printf("\nper page faulted and freed (fault + free together):\n");
	printf("%-18s %10s %12s %14s\n", "backing", "pages", "TLB flushes",
	       "direct-map chg");
	for (bi = 0; bi < NB; bi++) {
		const struct result *r = &results[bi];
		long pages = reps * (long)(r->size / backings[bi].hsize);

		if (!r->ran || !r->have[KP_FLUSH])
			continue;
		printf("%-18s %10ld %12.2f %14.2f\n", backings[bi].name, pages,
		       (double)r->c[KP_FLUSH] / pages, (double)r->c[KP_DM] / pages);
	}

	/* for the host: one line per backing and metric, then the counters */
	for (bi = 0; bi < NB; bi++) {
		const struct result *r = &results[bi];

		if (!r->ran)
			continue;
		for (m = 0; m < NM; m++) {
			double lo, hi, med = median(r->m[m], reps, &lo, &hi);

			printf("csv,%s,%s,%.1f,%.1f,%.1f,%.3f,%.3f\n",
			       backings[bi].name, metric_names[m], med, lo, hi,
			       huge->ran ? med / med_of(huge, m) : 0,
			       secret4k->ran ? med / med_of(secret4k, m) : 0);
		}
		for (i = 0; i < NC; i++)
			if (r->have[i])
				printf("csv,%s,%s,%ld,,,,\n", backings[bi].name,
				       counter_names[i], r->c[i]);
	}
}

int main(int argc, char **argv)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	unsigned int bi;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--size") && i + 1 < argc)
			size_mib = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--smoke"))
			reps = 1, size_mib = 8;
		else {
			fprintf(stderr, "usage: %s [--reps N] [--size MiB] [--smoke]\n",
				argv[0]);
			return 2;
		}
	}
	if (reps < 1 || reps > MAX_REPS || size_mib < 2 || size_mib % 2) {
		fprintf(stderr, "--reps 1..%d, --size an even number of MiB\n", MAX_REPS);
		return 2;
	}
	/* secretmem charges RLIMIT_MEMLOCK */
	setrlimit(RLIMIT_MEMLOCK, &rl);
	printf("secret-bench: %d repetitions, %lu MiB per backing (1G backings: 1 GiB)\n",
	       reps, size_mib);
	kprobes_setup();
	fprintf(stderr, "  create + size + close...\n");
	measure_create();
	for (bi = 0; bi < NB; bi++) {
		fprintf(stderr, "  %s...\n", backings[bi].name);
		run_backing(bi);
	}
	kprobes_teardown();
	print_results();
	/* every backing that could run must have run */
	for (bi = 0; bi < NB; bi++)
		if (!results[bi].ran && (!results[bi].why ||
		    strcmp(results[bi].why, "pool too small")))
			return 1;
	return 0;
}
