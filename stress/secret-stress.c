// SPDX-License-Identifier: GPL-2.0
/*
 * secret-stress: random operations on secret and plain memfds, checked
 * against what the documentation promises, with the invariants checked
 * after every round. Runs in the test guest as root (stress/stress-test.sh).
 *
 *   secret-stress random [--workers N] [--seconds S] [--rounds R] [--seed X]
 *                        [--fail-inject]
 *   secret-stress shared [--seconds S] [--plant VALUE]
 *   secret-stress oom
 *
 * random: N processes for S seconds, in R rounds, each over a few slots
 *   holding shmem, MFD_SECRET, 2M hugetlb and secret 2M hugetlb memfds:
 *   create (valid and invalid flag words), ftruncate, fallocate (also
 *   punching holes), mmap (shared, private, read-only, at offsets,
 *   PROT_EXEC), touch, mprotect, mremap, madvise, fork + touch + exit,
 *   munmap, F_ADD_SEALS, close, and the refused paths (read, write, pread,
 *   sendfile, splice, O_DIRECT, process_vm_readv, /proc/self/mem). With
 *   --fail-inject the workers run with /proc/self/make-it-fail set, so the
 *   failslab and fail_page_alloc injectors (set up by the caller) hit
 *   them, and ENOMEM is then an allowed answer everywhere.
 * shared: three processes on one secret hugetlb memfd and one MFD_SECRET
 *   memfd: one faults and checks, one truncates and punches holes, one
 *   adds seals, at the same time. A word read back is the one written,
 *   or zero if a resize overlapped the touch. --plant VALUE (a check of
 *   the check): instead of resizing, the second process writes VALUE over
 *   each page of the hugetlb file that the first has just written, before
 *   it reads the page back; the run must then fail.
 * oom: a child maps MFD_SECRET memory until the OOM killer takes it; the
 *   child must be the one killed.
 *
 * After each round or mode: no secret pattern in /proc/kcore's RAM, the
 * hugetlb pool counters as before, and the user's secret memory charge
 * back to zero (a probe faults exactly RLIMIT_MEMLOCK of secret memory,
 * and gets SIGBUS one page further). Exit status 0 when every result was
 * an allowed one and every invariant held.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <linux/memfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "../vmm/kcore.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE	0x0010
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC		0x0020
#endif

#define PAGE		4096UL
#define SZ_2M		(2UL << 20)
#define MASK		0x3c3c3c3c
#define SLOTS		6
#define MAPS		3
#define MAX_PAGES	8	/* a file is at most this many of its pages */

enum kind { SHMEM, SECRET, HUGE, SECRET_HUGE, NKINDS };

static const char * const kind_names[NKINDS] = {
	"shmem", "MFD_SECRET", "hugetlb-2M", "secret-hugetlb-2M",
};

static const unsigned int kind_flags[NKINDS] = {
	0, MFD_SECRET, MFD_HUGETLB | MFD_HUGE_2MB,
	MFD_SECRET | MFD_HUGETLB | MFD_HUGE_2MB,
};

struct map {
	char *p;
	unsigned long len;
	unsigned long off;
	int prot;
};

struct obj {
	int fd;
	enum kind kind;
	unsigned long hsize;
	unsigned long size;
	struct map maps[MAPS];
};

static struct obj objs[SLOTS];
static uint32_t secret_masked[PATTERN_WORDS];	/* pattern ^ MASK */
static uint32_t plain_masked[PATTERN_WORDS];
static uint64_t rnd_state;
static bool inject, have_huge;
static unsigned int kinds_mask = (1U << NKINDS) - 1;	/* --kinds */
static long ops, bad, sigbus;
static sigjmp_buf bus_jmp;
static volatile sig_atomic_t bus_armed;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static unsigned long pick(unsigned long n)
{
	return rnd() % n;
}

static bool secret(const struct obj *o)
{
	return o->kind == SECRET || o->kind == SECRET_HUGE;
}

static bool huge(const struct obj *o)
{
	return o->kind == HUGE || o->kind == SECRET_HUGE;
}

/*
 * check(what, obj, ret, allowed errnos..., 0): ret >= 0, or -1 with one of
 * the allowed errnos (more under fault injection, below). Anything else
 * is a broken promise, reported with the operation.
 */
static bool check(const char *what, const struct obj *o, long ret, ...)
{
	int err = errno, e;
	va_list ap;

	ops++;
	if (ret >= 0)
		return true;
	va_start(ap, ret);
	while ((e = va_arg(ap, int)))
		if (e == err)
			break;
	va_end(ap);
	/*
	 * Under fault injection a call may also fail for memory, ask to be
	 * retried, or find a mapping that an earlier failed call left split
	 * in two (mremap(): EFAULT).
	 */
	if (e || (inject && (err == ENOMEM || err == EAGAIN || err == EFAULT)))
		return false;
	bad++;
	if (bad <= 20)
		printf("UNEXPECTED: %s on %s: %s\n", what,
		       o ? kind_names[o->kind] : "-", strerror(err));
	return false;
}

/* check_exact(what, obj, ret, errno): must fail with exactly that errno */
static void check_exact(const char *what, const struct obj *o, long ret,
			int want)
{
	int err = errno;

	ops++;
	if (ret == -1 && (err == want || (inject && err == ENOMEM)))
		return;
	bad++;
	if (bad <= 20)
		printf("UNEXPECTED: %s on %s: %s, want %s\n", what,
		       kind_names[o->kind], ret == -1 ? strerror(err) : "success",
		       strerror(want));
}

static void on_sigbus(int sig)
{
	(void)sig;
	if (bus_armed)
		siglongjmp(bus_jmp, 1);
	_exit(99);
}

/*
 * The shared mode's resizer counts its calls in *resize_gen: odd while an
 * ftruncate() or hole punch is under way, one more when it returned. A
 * touch that saw the count move may read zeros where the file lost the
 * page between the write and the read (it then faulted in a new, zeroed
 * one); anything else it reads is a broken promise. NULL in the other
 * modes, where nobody resizes a file under a touch.
 */
static unsigned long *resize_gen;
static long raced;
/*
 * --plant: resize_gen[1] is the faulting process's request (an offset in
 * the secret hugetlb file, plus one) that the planting process write its
 * value there, resize_gen[2] the planter's answer that it did.
 */
static bool planting;

static unsigned long gen_read(void)
{
	return resize_gen ? __atomic_load_n(resize_gen, __ATOMIC_SEQ_CST) : 0;
}

static void gen_bump(void)
{
	__atomic_fetch_add(resize_gen, 1, __ATOMIC_SEQ_CST);
}

/* Have the planter write over the page at off, between our write and read. */
static void plant_wait(unsigned long off)
{
	time_t end = time(NULL) + 2;

	__atomic_store_n(&resize_gen[2], 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&resize_gen[1], off + 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&resize_gen[2], __ATOMIC_SEQ_CST) != off + 1 &&
	       time(NULL) < end)
		;
	__atomic_store_n(&resize_gen[1], 0, __ATOMIC_SEQ_CST);
}

/*
 * Each word read back is the one written or, if a resize overlapped the
 * touch (g0 odd or g0 != g1), zero; report the first word that is not.
 */
static void check_readback(const struct obj *o, unsigned long off,
			   const volatile uint32_t *w, const uint32_t *masked,
			   unsigned long g0)
{
	bool resized = resize_gen && ((g0 & 1) || gen_read() != g0);
	bool zeros = false;
	uint32_t got;
	int i;

	ops++;
	for (i = 0; i < PATTERN_WORDS; i++) {
		got = w[i];
		if ((got ^ MASK) == masked[i])
			continue;
		if (got == 0 && resized) {
			zeros = true;
			continue;
		}
		if (++bad <= 20)
			printf("UNEXPECTED: %s reads back other data than it wrote: offset %#lx word %d is %#x, wrote %#x (%s)\n",
			       kind_names[o->kind], off, i, got, masked[i] ^ MASK,
			       resized ? "the file was resized meanwhile" : "no resize meanwhile");
		return;
	}
	raced += zeros;
}

/*
 * Write the pattern at the start of each base page of [p, p + len) and
 * read it back; a secret file gets the secret pattern, the one that must
 * never show in /proc/kcore. SIGBUS (past the end of the file, the pool
 * or the memlock limit) ends the touch and is counted, not a failure.
 */
static void touch(struct obj *o, struct map *m)
{
	const uint32_t *masked = secret(o) ? secret_masked : plain_masked;
	unsigned long off, g0;
	volatile uint32_t *w;
	int i;

	bus_armed = 1;
	if (sigsetjmp(bus_jmp, 1)) {
		bus_armed = 0;
		sigbus++;
		return;
	}
	for (off = pick(4) * PAGE; off < m->len; off += PAGE * (1 + pick(64))) {
		w = (volatile uint32_t *)(m->p + off);
		if (!(m->prot & PROT_WRITE)) {
			(void)w[0];
			continue;
		}
		g0 = gen_read();
		for (i = 0; i < PATTERN_WORDS; i++)
			w[i] = masked[i] ^ MASK;
		if (planting && o->kind == SECRET_HUGE)
			plant_wait(off);
		check_readback(o, off, w, masked, g0);
	}
	bus_armed = 0;
}

static void unmap_all(struct obj *o)
{
	int i;

	for (i = 0; i < MAPS; i++)
		if (o->maps[i].p) {
			munmap(o->maps[i].p, o->maps[i].len);
			o->maps[i].p = NULL;
		}
}

static void op_close(struct obj *o)
{
	unmap_all(o);
	close(o->fd);
	o->fd = -1;
}

static void op_create(struct obj *o)
{
	static const struct { unsigned int flags; int err; } bad_words[] = {
		{ MFD_SECRET | MFD_EXEC, EINVAL },
		{ MFD_SECRET | 0x1000, EINVAL },
		{ MFD_SECRET | MFD_HUGE_2MB, EINVAL },
		{ MFD_SECRET | MFD_HUGETLB | MFD_HUGE_64KB, ENODEV },
	};
	static const unsigned int extra[] = {
		0, MFD_CLOEXEC, MFD_ALLOW_SEALING, MFD_NOEXEC_SEAL,
		MFD_CLOEXEC | MFD_ALLOW_SEALING,
	};
	enum kind k;
	int fd;

	if (!pick(6)) {
		unsigned int i = pick(sizeof(bad_words) / sizeof(bad_words[0]));
		struct obj tmp = { .kind = SECRET };

		fd = memfd_create("stress-bad", bad_words[i].flags);
		check_exact("memfd_create(invalid word)", &tmp, fd, bad_words[i].err);
		if (fd >= 0)
			close(fd);
		return;
	}
	if (!(kinds_mask & (have_huge ? ~0U : 3U)))
		return;		/* only hugetlb asked for, and no pool */
	do
		k = pick(have_huge ? NKINDS : 2);
	while (!(kinds_mask & (1U << k)));
	fd = memfd_create(secret(&(struct obj){ .kind = k }) ? "stress-secret" :
			  "stress-plain",
			  kind_flags[k] | extra[pick(sizeof(extra) / sizeof(extra[0]))]);
	/* a failed inode allocation says ENOSPC (fault injection) */
	if (!check("memfd_create", &(struct obj){ .kind = k }, fd, ENOMEM,
		   inject ? ENOSPC : ENOMEM, 0))
		return;
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->kind = k;
	o->hsize = huge(o) ? SZ_2M : PAGE;
}

static void op_truncate(struct obj *o)
{
	unsigned long size = (1 + pick(MAX_PAGES)) * o->hsize;
	long ret;

	if (huge(o) && !pick(8))
		size += PAGE;	/* not a multiple of the huge page size */
	ret = ftruncate(o->fd, size);
	if (huge(o) && size % o->hsize) {
		check_exact("ftruncate(unaligned)", o, ret, EINVAL);
		return;
	}
	/* EPERM: F_SEAL_SHRINK/GROW; EINVAL: secret memory's size is set once */
	if (check("ftruncate", o, ret, EPERM, o->kind == SECRET ? EINVAL : EPERM, 0))
		o->size = size;
}

static void op_fallocate(struct obj *o)
{
	unsigned long off = pick(MAX_PAGES) * o->hsize, len = o->hsize;
	int mode = 0;
	long ret;

	if (pick(2))
		mode = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
	if (mode && huge(o) && !pick(4)) {
		off += PAGE;	/* a partial huge page */
		len = PAGE;
	}
	ret = fallocate(o->fd, mode, off, len);
	switch (o->kind) {
	case SECRET:
		check_exact("fallocate", o, ret, EOPNOTSUPP);
		break;
	case SECRET_HUGE:
		if (mode && len != o->hsize) {
			check_exact("fallocate(partial punch)", o, ret, EINVAL);
			break;
		}
		/* fall through */
	default:
		/* EPERM: seals; ENOSPC: the pool */
		check("fallocate", o, ret, EPERM, ENOSPC, 0);
	}
}

static void op_mmap(struct obj *o)
{
	struct map *m = &o->maps[pick(MAPS)];
	int prot = pick(3) ? PROT_READ | PROT_WRITE : PROT_READ;
	int flags = pick(5) ? MAP_SHARED : MAP_PRIVATE;
	unsigned long off = pick(2) * o->hsize, len = (1 + pick(4)) * o->hsize;
	bool exec = !pick(12);
	void *p;

	if (m->p)
		return;
	if (exec)
		prot |= PROT_EXEC;
	p = mmap(NULL, len, prot, flags, o->fd, off);
	if (secret(o) && exec && flags == MAP_SHARED) {
		check_exact("mmap(PROT_EXEC)", o, p == MAP_FAILED ? -1 : 0, EPERM);
	} else if (secret(o) && flags == MAP_PRIVATE) {
		/* the flags are checked before PROT_EXEC for secret hugetlb */
		if (p != MAP_FAILED || (errno != EINVAL && errno != EPERM))
			check_exact("mmap(MAP_PRIVATE)", o, p == MAP_FAILED ? -1 : 0,
				    EINVAL);
		else
			ops++;
	} else {
		/* EPERM: write seals; ENOMEM: no pool for the reservation */
		check("mmap", o, p == MAP_FAILED ? -1 : 0, EPERM,
		      huge(o) ? ENOMEM : EPERM, 0);
	}
	if (p == MAP_FAILED)
		return;
	m->p = p;
	m->len = len;
	m->off = off;
	m->prot = prot;
}

static struct map *some_map(struct obj *o)
{
	struct map *m = &o->maps[pick(MAPS)];

	return m->p ? m : NULL;
}

static void op_mprotect(struct obj *o, struct map *m)
{
	int prot = pick(2) ? PROT_READ : PROT_READ | PROT_WRITE;
	bool exec = !pick(8);
	long ret;

	if (exec)
		prot |= PROT_EXEC;
	ret = mprotect(m->p, m->len, prot);
	if (secret(o) && exec) {
		check_exact("mprotect(PROT_EXEC)", o, ret, EACCES);
		return;
	}
	/* EACCES: writing a sealed file, or a shared read-only private map */
	if (check("mprotect", o, ret, EACCES, 0))
		m->prot = prot;
}

static void op_mremap(struct obj *o, struct map *m)
{
	unsigned long len = (1 + pick(4)) * o->hsize;
	void *p;

	if (!pick(6))
		len += PAGE;	/* unaligned for hugetlb: rounded up */
	p = mremap(m->p, m->len, len, MREMAP_MAYMOVE);
	if (huge(o)) {
		len = (len + o->hsize - 1) / o->hsize * o->hsize;
		/* hugetlb mappings do not grow */
		if (len > m->len) {
			check_exact("mremap(grow hugetlb)", o,
				    p == MAP_FAILED ? -1 : 0, EINVAL);
			return;
		}
	}
	if (!check("mremap", o, p == MAP_FAILED ? -1 : 0, ENOMEM, 0))
		return;
	m->p = p;
	m->len = len;
}

static void op_madvise(struct obj *o, struct map *m)
{
	static const int advice[] = {
		MADV_DONTNEED, MADV_REMOVE, MADV_WILLNEED, MADV_NORMAL,
		MADV_RANDOM, MADV_COLD, MADV_PAGEOUT, MADV_DONTFORK,
		MADV_DOFORK, MADV_DONTDUMP,
	};
	int a = advice[pick(sizeof(advice) / sizeof(advice[0]))];
	long ret = madvise(m->p, m->len, a);

	/*
	 * EINVAL: advice that does not apply to the mapping (hugetlb,
	 * VM_DONTDUMP); EACCES: MADV_REMOVE on a read-only or write-sealed
	 * mapping; EOPNOTSUPP: MADV_REMOVE on a file without hole punching
	 * (secretmem); EPERM: MADV_REMOVE on a sealed one.
	 */
	check("madvise", o, ret, EINVAL, EACCES, EOPNOTSUPP, EPERM, 0);
}

static void op_fork(struct obj *o, struct map *m)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		check("fork", o, -1, ENOMEM, EAGAIN, 0);
		return;
	}
	if (!pid) {
		long before = bad;

		touch(o, m);
		_exit(bad > before ? 1 : 0);
	}
	waitpid(pid, &status, 0);
	ops++;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		/* MADV_DONTFORK leaves the child without the mapping: SIGSEGV */
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
			return;
		bad++;
		printf("UNEXPECTED: a child touching %s ended with status %#x\n",
		       kind_names[o->kind], status);
	}
}

static void op_seal(struct obj *o)
{
	static const unsigned int seals[] = {
		F_SEAL_SHRINK, F_SEAL_GROW, F_SEAL_WRITE, F_SEAL_FUTURE_WRITE,
		F_SEAL_EXEC, F_SEAL_SEAL,
	};
	long ret = fcntl(o->fd, F_ADD_SEALS, seals[pick(6)] | seals[pick(6)]);

	/* EPERM: F_SEAL_SEAL (or no sealing asked); EBUSY: writable maps */
	check("F_ADD_SEALS", o, ret, EPERM, EBUSY, 0);
	check("F_GET_SEALS", o, fcntl(o->fd, F_GET_SEALS), 0);
}

/* What the documentation lists as refused, with its exact error. */
static void op_refused(struct obj *o, struct map *m)
{
	char buf[64];
	struct iovec local = { buf, 1 }, remote;
	int pipefd[2], mem, dev, use_splice;
	loff_t off = 0, *offp;
	long ret;

	switch (pick(6)) {
	case 0:
		ret = read(o->fd, buf, 1);
		if (secret(o))
			check_exact("read", o, ret, EINVAL);
		else
			check("read", o, ret, 0);
		break;
	case 1:
		ret = pread(o->fd, buf, 1, 0);
		if (secret(o))
			check_exact("pread", o, ret, ESPIPE);
		else
			check("pread", o, ret, 0);
		break;
	case 2:
		if (pipe(pipefd))
			return;
		/* sendfile() with an offset, like pread(): ESPIPE; else EINVAL */
		offp = pick(2) ? &off : NULL;
		use_splice = pick(2);
		ret = use_splice ? splice(o->fd, offp, pipefd[1], NULL, 1, 0) :
				   sendfile(pipefd[1], o->fd, offp, 1);
		if (secret(o))
			check_exact("splice/sendfile", o, ret,
				    offp && !use_splice ? ESPIPE : EINVAL);
		else	/* hugetlbfs has no splice_read: EINVAL */
			check("splice/sendfile", o, ret, huge(o) ? EINVAL : 0, 0);
		close(pipefd[0]);
		close(pipefd[1]);
		break;
	case 3:
		if (!m)
			return;
		remote.iov_base = m->p;
		remote.iov_len = 1;
		ret = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
		if (secret(o))
			check_exact("process_vm_readv", o, ret, EFAULT);
		/* plain: EFAULT past the end of the file */
		else
			check("process_vm_readv", o, ret, EFAULT, 0);
		break;
	case 4:
		if (!m)
			return;
		mem = open("/proc/self/mem", O_RDONLY);
		if (mem < 0)
			return;
		ret = pread(mem, buf, 1, (uintptr_t)m->p);
		if (secret(o))
			check_exact("/proc/self/mem", o, ret, EIO);
		else
			check("/proc/self/mem", o, ret, EIO, 0);
		close(mem);
		break;
	case 5:
		if (!m || !(m->prot & PROT_READ))
			return;
		dev = open("/dev/ram0", O_WRONLY | O_DIRECT);
		if (dev < 0)
			return;
		ret = pwrite(dev, m->p, PAGE, 0);
		if (secret(o))
			check_exact("O_DIRECT write", o, ret, EFAULT);
		else
			check("O_DIRECT write", o, ret, EFAULT, 0);
		close(dev);
		break;
	}
}

/*
 * Under fault injection a stack that has to grow can fail to (SIGSEGV):
 * grow it now, before mlockall() keeps it.
 */
static void grow_stack(void)
{
	volatile char room[256 << 10];
	size_t i;

	for (i = 0; i < sizeof(room); i += PAGE)
		room[i] = 0;
}

static void worker(unsigned long seconds)
{
	time_t end = time(NULL) + seconds;
	struct obj *o;
	struct map *m;
	int i;

	for (i = 0; i < SLOTS; i++)
		objs[i].fd = -1;
	while (time(NULL) < end) {
		o = &objs[pick(SLOTS)];
		if (o->fd < 0) {
			op_create(o);
			continue;
		}
		m = some_map(o);
		switch (pick(14)) {
		case 0:
			op_truncate(o);
			break;
		case 1:
			op_fallocate(o);
			break;
		case 2:
		case 3:
			op_mmap(o);
			break;
		case 4:
		case 5:
			if (m)
				touch(o, m);
			break;
		case 6:
			if (m)
				op_mprotect(o, m);
			break;
		case 7:
			if (m)
				op_mremap(o, m);
			break;
		case 8:
			if (m)
				op_madvise(o, m);
			break;
		case 9:
			if (m)
				op_fork(o, m);
			break;
		case 10:
			if (m) {
				munmap(m->p, m->len);
				m->p = NULL;
			}
			break;
		case 11:
			op_seal(o);
			break;
		case 12:
			op_refused(o, m);
			break;
		case 13:
			if (!pick(3))
				op_close(o);
			break;
		}
	}
	for (i = 0; i < SLOTS; i++)
		if (objs[i].fd >= 0)
			op_close(&objs[i]);
}

/* ---- invariants ---- */

static long pool(const char *what)
{
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-2048kB/%s",
		 what);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

struct pool_state {
	long total, free, resv, surp;
	long held;	/* huge pages the kernel holds out of use */
};

/*
 * Huge pages held out of use: the kernel keeps a hugetlb folio that it
 * could not put back in the direct map (a failed page table allocation,
 * injected here) with a reference it never drops, counts it in use, and
 * names it in the kernel log, one line each. (One whose clearing alias
 * could not be had is not held: a worker clears it soon after.) The
 * count of those lines, read from /dev/kmsg since the last call; -1 once
 * records were overwritten before they were read (the count is unknown).
 */
static long held_pages(void)
{
	static unsigned long long last_seq;
	static long held;
	static bool started;
	unsigned long long seq;
	char rec[8192];
	ssize_t n;
	int fd;

	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE) {
			/* overwritten before this read got to them */
			held = -1;
			continue;
		}
		if (n <= 0)
			break;
		rec[n] = 0;
		if (sscanf(rec, "%*u,%llu,", &seq) != 1 || (started && seq <= last_seq))
			continue;
		if (started && seq != last_seq + 1)
			held = -1;	/* records between the calls are gone */
		started = true;
		last_seq = seq;
		if (held >= 0 && strstr(rec, "stays out of the direct map and out of use"))
			held++;
	}
	close(fd);
	return held;
}

static void pool_read(struct pool_state *s)
{
	s->total = pool("nr_hugepages");
	s->free = pool("free_hugepages");
	s->resv = pool("resv_hugepages");
	s->surp = pool("surplus_hugepages");
	s->held = held_pages();
}

/* Places in /proc/kcore's RAM holding the secret pattern (64-byte aligned). */
static long kcore_hits(void)
{
	struct kcore_ram k;
	long hits = -1;
	int fd;

	fd = open("/proc/kcore", O_RDONLY);
	if (fd >= 0 && !kcore_ram_read(fd, &k))
		hits = kcore_count_pattern(fd, &k, secret_masked, MASK);
	if (hits < 0)
		perror("/proc/kcore");
	if (fd >= 0)
		close(fd);
	return hits;
}

/*
 * Every free page of the 2M pool is in the direct map again: taken into a
 * plain hugetlb file, each gets a marker, read back through /proc/kcore
 * at its physical address (a page out of the direct map reads as zeros).
 * The kernel's page table dump cannot tell: it skips non-present large
 * entries. Returns the number of pages that failed, or -1.
 */
static long pool_probe(void)
{
	long n = pool("free_hugepages") - pool("resv_hugepages"), i, bad_pages = 0;
	struct kcore_ram k;
	int fd, kc, pm;
	uint64_t mark, got, ent;
	char *p;

	if (n <= 0)
		return 0;
	fd = memfd_create("stress-pool-probe", MFD_HUGETLB | MFD_HUGE_2MB);
	kc = open("/proc/kcore", O_RDONLY);
	pm = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || kc < 0 || pm < 0 || kcore_ram_read(kc, &k) ||
	    ftruncate(fd, n * SZ_2M))
		return -1;
	p = mmap(NULL, n * SZ_2M, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < n; i++) {
		mark = 0x70726f6265000000ULL | i;
		memcpy(p + i * SZ_2M, &mark, sizeof(mark));
		if (pread(pm, &ent, sizeof(ent), (uintptr_t)(p + i * SZ_2M) / PAGE * 8) !=
		    sizeof(ent) || !(ent & (1ULL << 63)) ||
		    kcore_read_phys(kc, &k, (ent & ((1ULL << 55) - 1)) * PAGE, &got,
				    sizeof(got)) ||
		    got != mark)
			bad_pages++;
	}
	munmap(p, n * SZ_2M);
	close(fd);
	close(kc);
	close(pm);
	return bad_pages;
}

/*
 * The user's secret memory charge is back to zero: with RLIMIT_MEMLOCK at
 * 64 pages, 64 pages of MFD_SECRET memory fault in, the 65th is SIGBUS.
 */
static int memlock_probe(void)
{
	struct rlimit rl = { 64 * PAGE, 64 * PAGE };
	int status, fd, i;
	char *p;
	pid_t pid = fork();

	if (!pid) {
		signal(SIGBUS, SIG_DFL);
		if (setrlimit(RLIMIT_MEMLOCK, &rl))
			_exit(2);
		fd = memfd_create("stress-probe", MFD_SECRET);
		if (fd < 0 || ftruncate(fd, 65 * PAGE))
			_exit(3);
		p = mmap(NULL, 65 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			_exit(4);
		for (i = 0; i < 64; i++)
			p[i * PAGE] = 1;
		/* the charge is full now */
		p[64 * PAGE] = 1;
		_exit(5);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS)
		return 0;
	printf("memlock probe: status %#x (want SIGBUS at page 65)\n", status);
	return -1;
}

static int invariants(const char *when, const struct pool_state *p0)
{
	struct pool_state p1;
	long hits, probe;
	int i, fails = 0;

	/*
	 * Pages whose clearing the kernel had to leave to a worker come back
	 * to the pool soon after the files that held them are gone: wait up
	 * to 60 s for the free count to settle.
	 */
	pool_read(&p1);
	for (i = 0; i < 600 && p1.free < p0->free -
		    (p0->held >= 0 && p1.held >= 0 ? p1.held - p0->held : 0); i++) {
		usleep(100000);
		pool_read(&p1);
	}
	if (i)
		printf("# %s: the pool settled after %d ms\n", when, i * 100);
	hits = kcore_hits();
	/*
	 * Only a failed allocation holds a page: under fault injection the
	 * pool may lose free pages, exactly as many as the kernel says it
	 * holds.
	 */
	if (inject && p0->held >= 0 && p1.held >= p0->held &&
	    p1.free == p0->free - (p1.held - p0->held)) {
		if (p1.held > p0->held)
			printf("# %s: %ld huge pages held out of use (not restored after a failed allocation)\n",
			       when, p1.held - p0->held);
		p1.free = p0->free;
		p1.held = p0->held;
	}
	if (hits) {
		printf("INVARIANT %s: the secret pattern is in /proc/kcore's RAM %ld times\n",
		       when, hits);
		fails++;
	}
	if (memcmp(p0, &p1, sizeof(p1))) {
		printf("INVARIANT %s: 2M pool total/free/resv/surp/held %ld/%ld/%ld/%ld/%ld, was %ld/%ld/%ld/%ld/%ld\n",
		       when, p1.total, p1.free, p1.resv, p1.surp, p1.held,
		       p0->total, p0->free, p0->resv, p0->surp, p0->held);
		fails++;
	}
	probe = pool_probe();
	if (probe) {
		printf("INVARIANT %s: %ld free 2M pool pages not readable through the direct map\n",
		       when, probe);
		fails++;
	}
	if (memlock_probe()) {
		printf("INVARIANT %s: the secret memory charge did not come back\n", when);
		fails++;
	}
	printf("# %s: kcore hits %ld, pool %ld/%ld/%ld/%ld, free pool pages in the direct map %s, charge probe %s\n",
	       when, hits, p1.total, p1.free, p1.resv, p1.surp,
	       probe ? "NO" : "yes", fails ? "-" : "ok");
	return fails;
}

/* ---- modes ---- */

static int run_random(int workers, unsigned long seconds, int rounds,
		      uint64_t seed)
{
	struct pool_state p0;
	int r, w, status, fails = 0;
	char when[32];

	pool_read(&p0);
	have_huge = p0.free - p0.resv >= 8;
	printf("# random: %d workers, %lu s in %d rounds, seed %#llx, hugetlb %s%s\n",
	       workers, seconds, rounds, (unsigned long long)seed,
	       have_huge ? "on" : "off (no pool)", inject ? ", fault injection" : "");
	fflush(stdout);
	for (r = 0; r < rounds; r++) {
		for (w = 0; w < workers; w++) {
			if (fork())
				continue;
			rnd_state = seed + 0x9e3779b97f4a7c15ULL * (r * workers + w + 1);
			if (inject) {
				int fd;

				/*
				 * What is mapped now stays: a failed allocation
				 * must not cost the worker its own code pages.
				 */
				grow_stack();
				mlockall(MCL_CURRENT);
				fd = open("/proc/self/make-it-fail", O_WRONLY);

				if (fd < 0 || write(fd, "1", 1) != 1)
					_exit(3);
				close(fd);
			}
			worker(seconds / rounds);
			printf("# worker %d.%d: %ld operations, %ld SIGBUS, %ld unexpected\n",
			       r, w, ops, sigbus, bad);
			_exit(bad ? 1 : 0);
		}
		for (w = 0; w < workers; w++) {
			wait(&status);
			if (!WIFEXITED(status) || WEXITSTATUS(status)) {
				printf("a worker failed: status %#x\n", status);
				fails++;
			}
		}
		snprintf(when, sizeof(when), "after round %d", r + 1);
		fails += invariants(when, &p0);
		fflush(stdout);
	}
	return fails;
}

/* --plant: write value where the faulting process asks, then answer */
static void plant_serve(const struct map *m, uint32_t value)
{
	unsigned long req = __atomic_load_n(&resize_gen[1], __ATOMIC_SEQ_CST);
	volatile uint32_t *w;
	int i;

	if (!req || req > m->len ||
	    __atomic_load_n(&resize_gen[2], __ATOMIC_SEQ_CST) == req)
		return;
	w = (volatile uint32_t *)(m->p + req - 1);
	for (i = 0; i < PATTERN_WORDS; i++)
		w[i] = value;
	__atomic_store_n(&resize_gen[2], req, __ATOMIC_SEQ_CST);
}

/*
 * Three processes on the same files: one faults and checks both, one
 * resizes the hugetlb file and punches holes in it, one adds seals (which
 * in the end stop the resizing: EPERM). SIGBUS where a page went away
 * under the faulting process is allowed, and so are zeros read back from
 * a page a resize took away between the write and the read (resize_gen
 * tells); any other data read back is a failure. With plant, the resizer
 * does not resize: between each write and read-back of the faulting
 * process on the hugetlb file, it writes that value over the page, to
 * show that the check catches foreign data (and zeros no resize explains).
 */
static int run_shared(unsigned long seconds, const char *plant)
{
	struct obj h = { .kind = SECRET_HUGE, .hsize = SZ_2M };
	struct obj s = { .kind = SECRET, .hsize = PAGE };
	struct pool_state p0;
	int i, status, fails = 0;
	pid_t pids[3];

	pool_read(&p0);
	resize_gen = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (resize_gen == MAP_FAILED) {
		perror("shared: mmap");
		return 1;
	}
	h.fd = memfd_create("stress-shared-huge", kind_flags[SECRET_HUGE] |
			    MFD_ALLOW_SEALING);
	s.fd = memfd_create("stress-shared", MFD_SECRET | MFD_ALLOW_SEALING);
	if (h.fd < 0 || s.fd < 0 || ftruncate(h.fd, 4 * SZ_2M) ||
	    ftruncate(s.fd, 64 * PAGE)) {
		perror("shared: setting up");
		return 1;
	}
	for (i = 0; i < 3; i++) {
		struct map mh = { NULL, 4 * SZ_2M, 0, PROT_READ | PROT_WRITE };
		struct map ms = { NULL, 64 * PAGE, 0, PROT_READ | PROT_WRITE };
		time_t end = time(NULL) + seconds;

		pids[i] = fork();
		if (pids[i])
			continue;
		rnd_state = 0x5eed + i;
		planting = i == 0 && plant;
		if (i == 1 && plant) {
			mh.p = mmap(NULL, mh.len, mh.prot, MAP_SHARED, h.fd, 0);
			if (mh.p == MAP_FAILED)
				_exit(3);
		}
		while (time(NULL) < end) {
			switch (i) {
			case 0:
				mh.p = mmap(NULL, mh.len, mh.prot, MAP_SHARED, h.fd, 0);
				ms.p = mmap(NULL, ms.len, ms.prot, MAP_SHARED, s.fd, 0);
				if (mh.p != MAP_FAILED) {
					touch(&h, &mh);
					munmap(mh.p, mh.len);
				}
				if (ms.p != MAP_FAILED) {
					touch(&s, &ms);
					munmap(ms.p, ms.len);
				}
				break;
			case 1:
				if (plant) {
					plant_serve(&mh, strtoul(plant, NULL, 0));
					break;
				}
				gen_bump();
				check("ftruncate", &h,
				      ftruncate(h.fd, (1 + pick(4)) * SZ_2M), EPERM, 0);
				check("fallocate(punch)", &h,
				      fallocate(h.fd, FALLOC_FL_PUNCH_HOLE |
						FALLOC_FL_KEEP_SIZE, pick(4) * SZ_2M, SZ_2M),
				      EPERM, 0);
				gen_bump();
				break;
			case 2:
				usleep(1000 * pick(200));
				op_seal(pick(2) ? &h : &s);
				break;
			}
		}
		printf("# shared %s: %ld operations, %ld SIGBUS, %ld zeros after a resize, %ld unexpected\n",
		       (const char *[]){ "faulting", plant ? "planting" : "truncating",
					 "sealing" }[i], ops, sigbus, raced, bad);
		_exit(bad ? 1 : 0);
	}
	for (i = 0; i < 3; i++) {
		waitpid(pids[i], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("a shared process failed: status %#x\n", status);
			fails++;
		}
	}
	close(h.fd);
	close(s.fd);
	return fails + invariants("after shared", &p0);
}

/*
 * A child with no memlock limit maps secret memory until the OOM killer
 * acts: it must be the one killed (SIGKILL), and the kernel goes on.
 */
static int run_oom(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	struct pool_state p0;
	unsigned long size = 64UL << 30, off;
	int status, fd;
	pid_t pid;
	char *p;

	pool_read(&p0);
	pid = fork();
	if (!pid) {
		if (setrlimit(RLIMIT_MEMLOCK, &rl))
			_exit(2);
		fd = memfd_create("stress-oom-hog", MFD_SECRET);
		if (fd < 0 || ftruncate(fd, size))
			_exit(3);
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			_exit(4);
		for (off = 0; off < size; off += PAGE)
			p[off] = 1;
		_exit(5);
	}
	waitpid(pid, &status, 0);
	printf("# oom: the hog (pid %d) ended with status %#x\n", pid, status);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
		printf("the hog was not killed by the OOM killer\n");
		return 1 + invariants("after oom", &p0);
	}
	return invariants("after oom", &p0);
}

/* "shmem,MFD_SECRET,..." (kind_names) to a mask; 0 if a name is unknown */
static unsigned int parse_kinds(char *list)
{
	unsigned int mask = 0;
	char *name;
	int k;

	for (name = strtok(list, ","); name; name = strtok(NULL, ",")) {
		for (k = 0; k < NKINDS; k++)
			if (!strcmp(name, kind_names[k]))
				break;
		if (k == NKINDS)
			return 0;
		mask |= 1U << k;
	}
	return mask;
}

int main(int argc, char **argv)
{
	unsigned long seconds = 60;
	int workers = 2, rounds = 3, i, fails;
	uint64_t seed = (uint64_t)time(NULL) * 2654435761u ^ getpid();
	const char *plant = NULL;
	const char *mode = argc > 1 ? argv[1] : "";

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--workers") && i + 1 < argc)
			workers = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--plant") && i + 1 < argc)
			plant = argv[++i];
		else if (!strcmp(argv[i], "--fail-inject"))
			inject = true;
		else if (!strcmp(argv[i], "--kinds") && i + 1 < argc)
			kinds_mask = parse_kinds(argv[++i]);
		else
			mode = "";
	}
	if (workers < 1 || rounds < 1 || seconds < (unsigned long)rounds ||
	    !kinds_mask)
		mode = "";
	/* the pattern of this run: the secret one must never be in kcore */
	pattern_block((uint32_t)seed | 1, MASK, secret_masked);
	pattern_block((uint32_t)(seed >> 32) | 2, MASK, plain_masked);
	rnd_state = seed | 1;
	signal(SIGBUS, on_sigbus);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (!strcmp(mode, "random"))
		fails = run_random(workers, seconds, rounds, seed);
	else if (!strcmp(mode, "shared"))
		fails = run_shared(seconds, plant);
	else if (!strcmp(mode, "oom"))
		fails = run_oom();
	else {
		fprintf(stderr,
			"usage: %s random [--workers N] [--seconds S] [--rounds R] [--seed X] [--fail-inject]\n"
			"                 [--kinds shmem,MFD_SECRET,hugetlb-2M,secret-hugetlb-2M]\n"
			"       %s shared [--seconds S] [--plant VALUE]\n"
			"       %s oom\n", argv[0], argv[0], argv[0]);
		return 2;
	}
	printf("%s: %s\n", mode, fails ? "FAILED" : "ok");
	return fails ? 1 : 0;
}
