#!/usr/bin/env bash
# For tests (see fake-lvm.ts): pretend LVM and filesystem tools acting on sizes kept in files under $FAKE_LVM_DIR.
set -euo pipefail
d="$FAKE_LVM_DIR"
tool="$(basename "$0")"
printf '%s %s\n' "$tool" "$*" >>"$FAKE_LVM_LOG"
get() { cat "$d/$1"; }
put() { printf '%s\n' "$2" >"$d/$1"; }
opt() { local want="$1" prev=""; shift; for a in "$@"; do if [[ "$prev" == "$want" ]]; then printf '%s' "$a"; fi; prev="$a"; done; }
last="${!#}"
case "$tool" in
  findmnt)
    [[ "$(opt --mountpoint "$@")" == "$FAKE_MOUNT" ]] || exit 1
    if [[ "$(opt -o "$@")" == SIZE ]]; then get fs_size; else echo "/dev/mapper/vg0-data $(get fstype) $(get fs_size)"; fi ;;
  lvs)
    case "$last" in
      /dev/mapper/vg0-data) echo "  vg0 data $(get lv_size)" ;;
      vg0/data) echo "  $(get lv_size)" ;;
      vg0/*) [[ -f "$d/snap-${last#vg0/}" ]] || exit 5; echo "  $(get "snap-${last#vg0/}")" ;;
      *) exit 5 ;;
    esac ;;
  vgs) echo "  $(get vg_free)" ;;
  lvcreate)
    s="$(opt --size "$@")"; s="${s%b}"; n="$(opt --name "$@")"
    put "snap-$n" "$s"; put vg_free $(( $(get vg_free) - s )) ;;
  lvextend)
    s="$(opt --size "$@")"; s="${s%b}"
    put vg_free $(( $(get vg_free) - (s - $(get lv_size)) )); put lv_size "$s" ;;
  lvreduce)
    s="$(opt --size "$@")"; s="${s%b}"
    put vg_free $(( $(get vg_free) + ($(get lv_size) - s) )); put lv_size "$s" ;;
  lvremove)
    n="${last#vg0/}"; put vg_free $(( $(get vg_free) + $(get "snap-$n") )); rm -f "$d/snap-$n" ;;
  resize2fs|xfs_growfs)
    if [[ "${FAKE_LVM_FAIL_GROW:-}" == 1 ]]; then echo "$tool: pretend I/O error" >&2; exit 1; fi
    put fs_size $(( $(get lv_size) * 98 / 100 )) ;;
esac
