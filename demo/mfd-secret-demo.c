// SPDX-License-Identifier: GPL-2.0
/*
 * What memfd_create(MFD_SECRET) gives a program, in plain words: a secret
 * that its owner reads through its mapping, that the kernel's own view of
 * memory (/proc/kcore, /proc/self/mem) cannot see while a plain memfd's
 * copy is visible there, that can be sealed, and the errors a misuse gets.
 * Run as root (pagemap and kcore). Exits non-zero if a promise is broken.
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
#include <linux/elf.h>
#include <linux/memfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/vfs.h>

#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif
#ifndef MFD_SECRET
/* built against headers without the series: the kernel will say EINVAL */
#define MFD_SECRET 0x0020U
#endif

static const char secret[] = "correct horse battery staple";
static long page_size;
static int broken;

static void say(const char *what, bool ok, const char *detail)
{
	printf("  %-58s %s%s%s\n", what, ok ? "yes" : "NO",
	       detail ? ": " : "", detail ? detail : "");
	if (!ok)
		broken = 1;
}

static const char *err(long ret)
{
	static char buf[64];

	if (ret >= 0)
		return "succeeded";
	snprintf(buf, sizeof(buf), "%s (%s)", strerrorname_np(errno),
		 strerror(errno));
	return buf;
}

/* The physical address of a mapped byte, from /proc/self/pagemap. */
static uint64_t phys_of(const void *addr)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, 8, (uintptr_t)addr / page_size * 8) != 8)
		e = 0;
	close(fd);
	if (!(e & (1ULL << 63)))
		return 0;
	return (e & ((1ULL << 55) - 1)) * page_size + (uintptr_t)addr % page_size;
}

/* Read physical memory through the kernel's direct map (/proc/kcore). */
static ssize_t kcore_read(uint64_t phys, void *buf, size_t len)
{
	struct elf64_phdr ph;
	struct elf64_hdr eh;
	ssize_t ret = -1;
	int fd, i;

	fd = open("/proc/kcore", O_RDONLY);
	if (fd < 0)
		return -1;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		goto out;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)) !=
		    sizeof(ph))
			break;
		if (ph.p_type != PT_LOAD || ph.p_paddr == ~0ULL ||
		    ph.p_vaddr >= 0xffffffff80000000UL)
			continue;
		if (phys >= ph.p_paddr && phys + len <= ph.p_paddr + ph.p_memsz) {
			ret = pread(fd, buf, len, ph.p_offset + phys - ph.p_paddr);
			break;
		}
	}
out:
	close(fd);
	return ret;
}

/* Show what the kernel sees of a memfd of @size holding the secret. */
static int look(const char *label, unsigned int flags, size_t size)
{
	char buf[sizeof(secret)] = "", path[64], link[128] = "";
	struct statfs sfs;
	uint64_t phys;
	bool hidden;
	char *p;
	int fd, mem;

	printf("\n%s: memfd_create(\"demo\", 0x%x)\n", label, flags);
	fd = syscall(__NR_memfd_create, "demo", flags);
	if (fd < 0) {
		printf("  memfd_create: %s\n", err(fd));
		return -1;
	}
	if (ftruncate(fd, size))
		return -1;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		printf("  mmap: %s\n", strerror(errno));
		return -1;
	}
	memcpy(p, secret, sizeof(secret));

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (readlink(path, link, sizeof(link) - 1) < 0)
		strcpy(link, "?");
	fstatfs(fd, &sfs);
	printf("  file %s, f_type 0x%lx%s, %zu kB pages\n", link,
	       (long)sfs.f_type,
	       sfs.f_type == 0x5345434d ? " (SECRETMEM_MAGIC)" :
	       sfs.f_type == 0x958458f6 ? " (HUGETLBFS_MAGIC)" : "",
	       (size_t)sfs.f_bsize >> 10);
	say("the owner reads the secret through its mapping",
	    !strcmp(p, secret), p);

	phys = phys_of(p);
	if (!phys || kcore_read(phys, buf, sizeof(buf)) != sizeof(buf)) {
		say("/proc/kcore readable at the page's physical address", false,
		    "no pagemap or kcore (not root?)");
	} else {
		hidden = memcmp(buf, secret, sizeof(secret)) != 0;
		printf("  /proc/kcore at physical 0x%llx reads \"%.*s\"\n",
		       (unsigned long long)phys, (int)strnlen(buf, sizeof(buf)),
		       hidden ? "" : buf);
		say(flags & MFD_SECRET ?
		    "the kernel's direct map cannot see it (/proc/kcore)" :
		    "the kernel's direct map sees it (/proc/kcore)",
		    !!(flags & MFD_SECRET) == hidden, NULL);
	}

	memset(buf, 0, sizeof(buf));
	mem = open("/proc/self/mem", O_RDONLY);
	if (mem >= 0) {
		ssize_t r = pread(mem, buf, sizeof(buf), (uintptr_t)p);

		say(flags & MFD_SECRET ? "/proc/self/mem is refused" :
		    "/proc/self/mem reads it", !!(flags & MFD_SECRET) == (r < 0),
		    r < 0 ? err(r) : buf);
		close(mem);
	}
	munmap(p, size);
	return fd;
}

int main(void)
{
	long r;
	int fd;
	void *q;

	page_size = sysconf(_SC_PAGESIZE);
	printf("MFD_SECRET demo: one secret, kept in a plain memfd and in a secret one\n");
	fd = look("plain memfd", MFD_CLOEXEC, page_size);
	if (fd >= 0)
		close(fd);
	fd = look("secret memfd", MFD_SECRET | MFD_CLOEXEC | MFD_ALLOW_SEALING,
		  page_size);
	if (fd < 0) {
		printf("this kernel has no MFD_SECRET (%s)\n",
		       errno == EINVAL ? "unknown flag" :
		       errno == EOPNOTSUPP ? "secret memory not available here" :
		       strerror(errno));
		return 1;
	}

	printf("\nsealing the secret memfd: F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL\n");
	r = fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
		  F_SEAL_SEAL);
	say("F_ADD_SEALS", r == 0, err(r));
	printf("  F_GET_SEALS: 0x%x\n", fcntl(fd, F_GET_SEALS));

	printf("\nwhat a misuse gets:\n");
	q = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	say("writable shared mapping after F_SEAL_WRITE fails", q == MAP_FAILED,
	    err(q == MAP_FAILED ? -1 : 0));
	r = ftruncate(fd, 2 * page_size);
	say("growing after F_SEAL_GROW fails", r < 0, err(r));
	r = fcntl(fd, F_ADD_SEALS, F_SEAL_EXEC);
	say("adding a seal after F_SEAL_SEAL fails", r < 0, err(r));
	q = mmap(NULL, page_size, PROT_READ, MAP_PRIVATE, fd, 0);
	say("private mapping fails", q == MAP_FAILED, err(q == MAP_FAILED ? -1 : 0));
	{
		char c;

		r = read(fd, &c, 1);
		say("read(2) on the fd fails", r < 0, err(r));
	}
	r = syscall(__NR_memfd_create, "demo", MFD_SECRET | MFD_EXEC);
	say("MFD_SECRET | MFD_EXEC is refused", r < 0, err(r));
	close(fd);

	printf("\nthe same in 2 MB huge pages, as a VM's memory would be\n");
	fd = look("plain hugetlb memfd", MFD_HUGETLB | MFD_HUGE_2MB | MFD_CLOEXEC,
		  2 << 20);
	if (fd >= 0)
		close(fd);
	fd = look("secret hugetlb memfd",
		  MFD_SECRET | MFD_HUGETLB | MFD_HUGE_2MB | MFD_CLOEXEC, 2 << 20);
	say("secret memory in huge pages", fd >= 0, NULL);
	if (fd >= 0) {
		q = mmap(NULL, 2 << 20, PROT_READ, MAP_PRIVATE, fd, 0);
		say("private mapping fails", q == MAP_FAILED,
		    err(q == MAP_FAILED ? -1 : 0));
		close(fd);
	}

	printf("\n%s\n", broken ? "SOMETHING IS WRONG (see NO above)" :
	       "every promise held");
	return broken;
}
