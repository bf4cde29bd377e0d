// SPDX-License-Identifier: GPL-2.0
/*
 * The nested guest of the VMM test: a multiboot (v1) payload for
 * qemu-system-x86_64 -kernel, which runs in seconds under nested TCG.
 *
 * It fills its RAM from 2 MiB up with the pattern of pattern.h, prints
 * READY on COM1, waits for one byte on COM1 (the host has looked at its
 * RAM meanwhile), checks that the pattern is still there, prints INTACT or
 * CORRUPT and leaves through isa-debug-exit (iobase 0xf4): QEMU then exits
 * with status 33 (intact) or 35 (corrupt).
 *
 * Command line (-append): "seed=HEX mib=DEC": the pattern's seed and how
 * many MiB to fill (at most the RAM the guest has).
 */
#include <stdint.h>
#include "pattern.h"

#define MB_BOOT_MAGIC	0x2badb002
#define MB_INFO_MEM	(1u << 0)
#define MB_INFO_CMDLINE	(1u << 2)
#define COM1		0x3f8
#define COM1_LSR	(COM1 + 5)
#define LSR_DATA_READY	0x01
#define LSR_TX_EMPTY	0x20
#define DEBUG_EXIT	0xf4
#define FILL_START	(2u << 20)

/* Multiboot header (magic, flags: memory info wanted, checksum), entry. */
asm(".section .multiboot, \"a\"\n"
    "	.align 4\n"
    "	.long 0x1badb002, 0x2, -(0x1badb002 + 0x2)\n"
    ".bss\n"
    "	.align 16\n"
    "	.skip 8192\n"
    "stack_top:\n"
    ".text\n"
    ".globl guest_entry\n"
    "guest_entry:\n"
    "	mov $stack_top, %esp\n"
    "	push %ebx\n"
    "	push %eax\n"
    "	call guest_main\n"
    "1:	cli\n"
    "	hlt\n"
    "	jmp 1b\n");

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB below 1 MiB */
	uint32_t mem_upper;	/* KiB from 1 MiB to the first hole */
	uint32_t boot_device;
	uint32_t cmdline;	/* physical address of a C string */
};

void guest_main(uint32_t magic, const struct mb_info *mbi);

static inline void outb(uint16_t port, uint8_t val)
{
	asm volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t val;

	asm volatile("inb %1, %0" : "=a"(val) : "Nd"(port));
	return val;
}

static void put_char(char c)
{
	while (!(inb(COM1_LSR) & LSR_TX_EMPTY))
		;
	outb(COM1, c);
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_num(uint32_t v, uint32_t base)
{
	char buf[12];
	int i = 0;

	do {
		buf[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		put_char(buf[--i]);
}

static void leave(uint8_t code)
{
	outb(DEBUG_EXIT, code);
}

/* The number after "key" in the command line (a word of its own), or @def. */
static uint32_t arg(const char *cmdline, const char *key, uint32_t base,
		    uint32_t def)
{
	const char *p, *k, *q;
	uint32_t v, d;

	for (p = cmdline; *p; p++) {
		if (p != cmdline && p[-1] != ' ')
			continue;
		for (k = key, q = p; *k && *q == *k; k++, q++)
			;
		if (*k)
			continue;
		for (v = 0; ; q++) {
			if (*q >= '0' && *q <= '9')
				d = *q - '0';
			else if (base == 16 && *q >= 'a' && *q <= 'f')
				d = *q - 'a' + 10;
			else
				return v;
			v = v * base + d;
		}
	}
	return def;
}

void guest_main(uint32_t magic, const struct mb_info *mbi)
{
	uint32_t block[PATTERN_WORDS];
	const char *cmdline = "";
	uint32_t seed, mib, top, end, addr, bad = 0;
	int i;

	if (magic != MB_BOOT_MAGIC || !(mbi->flags & MB_INFO_MEM)) {
		put_str("mfd-vmm-guest: not started by a multiboot loader\n");
		leave(2);
		return;
	}
	if (mbi->flags & MB_INFO_CMDLINE)
		cmdline = (const char *)mbi->cmdline;
	seed = arg(cmdline, "seed=", 16, 1);
	mib = arg(cmdline, "mib=", 10, 16);
	top = (1u << 20) + mbi->mem_upper * 1024;
	end = FILL_START + (mib << 20);
	if (end > top || end <= FILL_START)
		end = top;

	pattern_block(seed, 0, block);
	for (addr = FILL_START; addr < end; addr += PATTERN_BYTES) {
		volatile uint32_t *p = (volatile uint32_t *)addr;

		for (i = 0; i < PATTERN_WORDS; i++)
			p[i] = block[i];
	}
	put_str("mfd-vmm-guest: seed ");
	put_num(seed, 16);
	put_str(", RAM ");
	put_num(top >> 20, 10);
	put_str(" MiB, pattern in 0x");
	put_num(FILL_START, 16);
	put_str("-0x");
	put_num(end, 16);
	put_str("\nREADY\n");

	while (!(inb(COM1_LSR) & LSR_DATA_READY))
		asm volatile("pause");
	inb(COM1);

	for (addr = FILL_START; addr < end; addr += PATTERN_BYTES) {
		volatile uint32_t *p = (volatile uint32_t *)addr;

		for (i = 0; i < PATTERN_WORDS; i++)
			bad += p[i] != block[i];
	}
	put_str(bad ? "CORRUPT\n" : "INTACT\n");
	leave(bad ? 0x11 : 0x10);
}
