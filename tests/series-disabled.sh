# vm: VM_APPEND=secretmem.enable=0
# The series on a kernel that cannot provide secret memory: the errno of
# memfd_create(MFD_SECRET) there, in a boot of its own.
cd "$ST/memfd" || exit 1
run_test memfd/memfd_secret_test-disabled ./memfd_secret_test -r global.unavailable
