#!/bin/sh
# PID 1 of the test guest. The root file system is the host's, read-only
# over 9p; everything writable is tmpfs, except the run directory (mfd_run=
# on the kernel command line), shared with the host. Runs $mfd_run/cmd.sh
# with its output on /dev/hvc0, stores its exit status in $mfd_run/status
# and resets the machine, which ends QEMU (-no-reboot).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /dev/hugepages
mount -t devpts devpts /dev/pts
# A tmpfs over /tmp (or /root ...) must not hide the harness when the
# repository or the build directory live below it (mfd_keep= on the kernel
# command line): carry those over the new mount with a bind mount.
n=0
for d in /dev/shm /tmp /run /var/tmp /root /mnt; do
	kept=
	for k in $(echo "$mfd_keep" | tr ':' ' '); do
		case "$k/" in
		"$d"/*)
			n=$((n + 1))
			mkdir -p "/dev/.keep$n"
			mount --bind "$k" "/dev/.keep$n"
			kept="$kept $k:/dev/.keep$n" ;;
		esac
	done
	mount -t tmpfs tmpfs "$d"
	for pair in $kept; do
		mkdir -p "${pair%%:*}"
		mount --move "${pair#*:}" "${pair%%:*}"
	done
done
mount -t debugfs debugfs /sys/kernel/debug
mount -t hugetlbfs hugetlbfs /dev/hugepages
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 mfdrun "$mfd_run"
ln -s /proc/self/fd /dev/fd
ulimit -c 0

status=125
if [ -f "$mfd_run/cmd.sh" ]; then
	/bin/sh "$mfd_run/cmd.sh" </dev/null >/dev/hvc0 2>&1
	status=$?
fi
echo "$status" >"$mfd_run/status"
echo "mfd-guest: command exited with status $status" >/dev/kmsg
sync
echo b >/proc/sysrq-trigger
