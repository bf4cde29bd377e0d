# vm: VM_MEM=4G HUGE_2M=0 HUGE_1G=0 VM_APPEND=hugetlb_cma=1G
# Secret 1 GiB pages from hugetlb_cma=, the usual source of 1 GiB pages at
# run time: a page added to the pool comes from that CMA area, and a secret
# file takes it (hugetlb_cma's areas hold hugetlb folios, so a secret one
# fits there), where other CMA areas and ZONE_MOVABLE serve plain files
# only. The pool keeps its one page, and the CMA area stays allocated: the
# page was not exchanged. The 2M rows skip: no 2M pool here.
cd "$ST/memfd" || exit 1
# run_test runs the functions below in a child shell: export what they read
export g=/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages
cma_free() { awk '/^CmaFree:/ {print $2}' /proc/meminfo; }

one_cma_page() {
	local before after
	before=$(cma_free)
	echo 1 >"$g" || return 1
	after=$(cma_free)
	echo "nr_hugepages $(cat "$g"), CmaFree $before -> $after kB"
	# CmaFree may have been a little short of 1 GiB: movable pages there
	# were migrated out for the huge page
	[ "$(cat "$g")" = 1 ] && [ $((before - after)) -ge $((1048576 * 9 / 10)) ]
}
run_test cma/a-1g-page-comes-from-hugetlb_cma one_cma_page

export cma0=$(cma_free)
run_test memfd/memfd_secret_test-cma ./memfd_secret_test \
	-r access.secret_1gb.own_mapping -r access.plain_1gb.own_mapping \
	-r access.secret_1gb.kcore_at_phys -r flags.secret_hugetlb_1gb.create

same_page() {
	echo "nr_hugepages $(cat "$g"), CmaFree $cma0 -> $(cma_free) kB"
	[ "$(cat "$g")" = 1 ] && [ "$(cma_free)" = "$cma0" ]
}
run_test cma/the-secret-file-used-the-cma-page same_page
echo 0 >"$g"
