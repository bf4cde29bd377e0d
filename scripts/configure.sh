#!/bin/bash
# configure.sh FLAVOUR: tinyconfig plus config/base.config, plus
# config/base-$BASE.config (what differs between kernel versions), plus
# config/FLAVOUR.config and config/FLAVOUR-$BASE.config, into
# $B/out-FLAVOUR. Fails when a fragment line did not make it into the
# final .config (a dependency is missing).
. "$(dirname "$0")/lib.sh"

flavour=${1:?usage: configure.sh run|debug}
O=$B/out-$flavour
frags=("$TOP/config/base.config")
[ -f "$TOP/config/base-$BASE.config" ] && frags+=("$TOP/config/base-$BASE.config")
[ -f "$TOP/config/$flavour.config" ] && frags+=("$TOP/config/$flavour.config")
[ -f "$TOP/config/$flavour-$BASE.config" ] && frags+=("$TOP/config/$flavour-$BASE.config")
mkdir -p "$O"

want=$(cat "${frags[@]}" | sha1sum | cut -c1-12)
if [ -f "$O/.config" ] && [ "$(cat "$O/.mfd-config" 2>/dev/null)" = "$want" ]; then
	exit 0
fi

phase "configure: $flavour kernel (tinyconfig + ${frags[*]##*/})"
{
	cat "$KSRC/kernel/configs/tiny-base.config" "$KSRC/kernel/configs/tiny.config" \
		"$KSRC/arch/x86/configs/tiny.config"
	cat "${frags[@]}"
} >"$O/mfd-allconfig"
kmake O="$O" KCONFIG_ALLCONFIG="$O/mfd-allconfig" allnoconfig >"$O/config.log" 2>&1 || {
	tail -n 20 "$O/config.log" >&2
	die "configuring the $flavour kernel failed"
}

bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=n) sym=${line%=n}; grep -qx "$sym=.*" "$O/.config" || continue ;;
	CONFIG_*) grep -qxF "$line" "$O/.config" && continue ;;
	*) continue ;;
	esac
	warn "config: '$line' did not hold in $O/.config"
	bad=1
done < <(cat "${frags[@]}")
[ $bad = 0 ] || die "the $flavour config lacks fragment options (see above)"
echo "$want" >"$O/.mfd-config"
info "$O/.config"
