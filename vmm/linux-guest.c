// SPDX-License-Identifier: GPL-2.0
/*
 * init of the nested Linux guest (nested-test.sh GUEST=linux): the one
 * program of its initramfs, linked statically.
 *
 * It does from user space what guest.c does on bare metal: it fills MIB MiB
 * of anonymous memory with the pattern of pattern.h (and says how long that
 * first touch took, for the benchmark), prints READY on the
 * serial port, waits for one byte from the host (which scans its RAM
 * meanwhile), checks the pattern, prints INTACT or CORRUPT, checks that the
 * guest's clocks go forward across a sleep, and leaves through
 * isa-debug-exit (iobase 0xf4): QEMU exits with status 33 when all held,
 * 35 when the pattern changed, 37 when a clock did not go forward, 39 on
 * any other failure. Before READY it prints the clocksource the kernel
 * keeps time with ("linux-guest: clocksource NAME").
 *
 * Kernel command line: "seed=HEX mib=DEC", as for guest.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>

#include "pattern.h"

#define DEBUG_EXIT	0xf4
#define SLEEP_MS	200

enum { EXIT_INTACT = 16, EXIT_CORRUPT = 17, EXIT_CLOCK = 18, EXIT_ERROR = 19 };

/*
 * Through /dev/port, whose writes the kernel makes: an ioperm() bitmap is
 * not honoured for a nested guest under TCG (the out instruction faults).
 */
static void leave(int code)
{
	unsigned char val = code;
	int fd;

	fflush(stdout);
	fd = open("/dev/port", O_WRONLY);
	if (fd >= 0)
		pwrite(fd, &val, 1, DEBUG_EXIT);
	/* not under QEMU's isa-debug-exit: power off, QEMU's status is 0 */
	reboot(RB_POWER_OFF);
	exit(1);
}

static void fail(const char *what)
{
	printf("linux-guest: %s: %s\n", what, strerror(errno));
	leave(EXIT_ERROR);
}

/* The number after "key" (a word of its own) in /proc/cmdline, or @def. */
static unsigned long arg(const char *cmdline, const char *key, int base,
			 unsigned long def)
{
	const char *p;

	for (p = strstr(cmdline, key); p; p = strstr(p + 1, key))
		if (p == cmdline || p[-1] == ' ')
			return strtoul(p + strlen(key), NULL, base);
	return def;
}

static void read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = 0;
	if (!f)
		return;
	if (!fgets(buf, size, f))
		buf[0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

static long long us(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(void)
{
	struct timespec nap = { 0, SLEEP_MS * 1000000L };
	uint32_t block[PATTERN_WORDS], seed, *mem, *p, *end;
	long long t0, mono0, mono1, real0, real1;
	unsigned long mib, bad = 0;
	char cmdline[1024], cs[64];
	struct termios tio;
	int fd, i;

	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) && errno != EBUSY)
		return 1;
	fd = open("/dev/ttyS0", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return 1;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* one byte from the host, unechoed; keep "\n" as "\r\n" for the log */
	if (tcgetattr(0, &tio) == 0) {
		cfmakeraw(&tio);
		tio.c_oflag |= OPOST | ONLCR;
		tcsetattr(0, TCSANOW, &tio);
	}
	if (mount("proc", "/proc", "proc", 0, NULL))
		fail("mount /proc");
	if (mount("sysfs", "/sys", "sysfs", 0, NULL))
		fail("mount /sys");

	read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	seed = arg(cmdline, "seed=", 16, 1);
	mib = arg(cmdline, "mib=", 10, 16);
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  cs, sizeof(cs));
	printf("linux-guest: clocksource %s\n", cs[0] ? cs : "unknown");

	mem = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		fail("mmap");
	end = mem + (mib << 20) / sizeof(*mem);
	pattern_block(seed, 0, block);
	/* the first touch: guest page faults, and KVM's stage-2 faults */
	t0 = us(CLOCK_MONOTONIC);
	for (p = mem; p < end; p += PATTERN_WORDS)
		memcpy(p, block, PATTERN_BYTES);
	mono0 = us(CLOCK_MONOTONIC);
	real0 = us(CLOCK_REALTIME);
	printf("linux-guest: seed %x, first touch of %lu MiB in %lld us\nREADY\n",
	       seed, mib, mono0 - t0);

	if (read(0, cmdline, 1) != 1)
		fail("read from the host");
	for (p = mem; p < end; p += PATTERN_WORDS)
		for (i = 0; i < PATTERN_WORDS; i++)
			bad += p[i] != block[i];
	if (bad)
		printf("CORRUPT: %lu words changed\n", bad);
	else
		printf("INTACT\n");

	nanosleep(&nap, NULL);
	mono1 = us(CLOCK_MONOTONIC);
	real1 = us(CLOCK_REALTIME);
	printf("linux-guest: %lld ms monotonic, %lld ms real time while the host scanned and the guest slept %d ms\n",
	       (mono1 - mono0) / 1000, (real1 - real0) / 1000, SLEEP_MS);
	if (bad)
		leave(EXIT_CORRUPT);
	if (mono1 - mono0 < SLEEP_MS * 1000LL || real1 - real0 < SLEEP_MS * 1000LL)
		leave(EXIT_CLOCK);
	leave(EXIT_INTACT);
	return 0;
}
