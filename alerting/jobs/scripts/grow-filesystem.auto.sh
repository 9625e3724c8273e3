# Grow a filesystem on LVM: take a snapshot of the volume when the volume group has room for one,
# extend the logical volume to TARGET_BYTES, then grow the filesystem online to fill it
# (resize2fs for ext2/3/4, xfs_growfs for XFS). A dry run only checks and prints this plan.
[[ "$MOUNT" == /* ]] || not_met "RUNWAY_JOB_MOUNT must be an absolute mount point"
is_count "$TARGET_BYTES" && is_count "$SNAPSHOT_BYTES" || not_met "RUNWAY_JOB_TARGET_BYTES and RUNWAY_JOB_SNAPSHOT_BYTES must be numbers of bytes"
need_tool findmnt
need_tool lvs
need_tool vgs

SOURCE="" FSTYPE="" FS_BYTES=""
read -r SOURCE FSTYPE FS_BYTES < <(findmnt -n -b -o SOURCE,FSTYPE,SIZE --mountpoint "$MOUNT" || true) || true
[[ -n "$SOURCE" ]] || not_met "$MOUNT is not a mount point"
case "$FSTYPE" in
  ext2|ext3|ext4) need_tool resize2fs; grow_cmd=(resize2fs "$SOURCE") ;;
  xfs) need_tool xfs_growfs; grow_cmd=(xfs_growfs "$MOUNT") ;;
  *) not_met "$MOUNT holds a $FSTYPE filesystem; this job grows ext2/3/4 and XFS only" ;;
esac
VG="" LV="" LV_BYTES=""
read -r VG LV LV_BYTES < <(lvs --noheadings --nosuffix --units b -o vg_name,lv_name,lv_size -- "$SOURCE" 2>/dev/null || true) || true
[[ -n "$VG" && -n "$LV" ]] || not_met "$SOURCE (mounted on $MOUNT) is not an LVM logical volume"
VG_FREE=$(vgs --noheadings --nosuffix --units b -o vg_free -- "$VG" | tr -d ' ')
say "Now: $MOUNT ($FSTYPE) on $VG/$LV; volume $LV_BYTES bytes, filesystem $FS_BYTES bytes; $VG has $VG_FREE bytes free."

extend=0
snapshot=""
snap_bytes=0
if (( LV_BYTES >= TARGET_BYTES )); then
  # A filesystem keeps a few percent of its volume for its own metadata, so "fills it" means 95 %.
  if (( FS_BYTES * 100 >= LV_BYTES * 95 )); then
    done_ok "nothing to do: $VG/$LV is already $LV_BYTES bytes (target $TARGET_BYTES) and its filesystem fills it"
  fi
  say "Plan: the volume is already large enough; grow the filesystem to fill it: ${grow_cmd[*]}"
else
  extend=$((TARGET_BYTES - LV_BYTES))
  (( VG_FREE >= extend )) || not_met "$VG has $VG_FREE bytes free and growing $VG/$LV to $TARGET_BYTES bytes needs $extend: add a disk to the volume group first (pvcreate, vgextend)"
  need_tool lvextend
  snap_bytes=$SNAPSHOT_BYTES
  if (( snap_bytes == 0 )); then snap_bytes=$(( LV_BYTES / 10 > 1073741824 ? LV_BYTES / 10 : 1073741824 )); fi
  if (( VG_FREE >= extend + snap_bytes )) && command -v lvcreate >/dev/null 2>&1; then snapshot="$LV-runway-${JOB_ID:0:8}"; fi
  say "Plan:"
  if [[ -n "$snapshot" ]]; then
    say "  1. lvcreate --snapshot --size ${snap_bytes}b --name $snapshot $VG/$LV   (the way back for the data, see README)"
  else
    say "  1. no snapshot: $VG has room for the extension only, so there is no way back for the data but your backups"
  fi
  say "  2. lvextend --size ${TARGET_BYTES}b $VG/$LV   (+$extend bytes)"
  say "  3. ${grow_cmd[*]}   (online, while $MOUNT stays mounted)"
fi

if (( APPLY == 0 )); then
  done_ok "dry run: nothing changed; run with --apply to carry out the plan"
fi

begin_state
record volume "$VG/$LV" "$LV_BYTES"
if [[ -n "$snapshot" ]]; then
  record snapshot "$VG/$snapshot" "$snap_bytes"
  say "running: lvcreate --snapshot --size ${snap_bytes}b --name $snapshot $VG/$LV"
  lvcreate --snapshot --size "${snap_bytes}b" --name "$snapshot" -- "$VG/$LV"
  changed
fi
if (( extend > 0 )); then
  record extended "$VG/$LV" "$LV_BYTES"
  say "running: lvextend --size ${TARGET_BYTES}b $VG/$LV"
  lvextend --size "${TARGET_BYTES}b" -- "$VG/$LV"
  changed
fi
record grown "$MOUNT" "$FS_BYTES"
say "running: ${grow_cmd[*]}"
"${grow_cmd[@]}"
changed
finish_state
done_ok "$MOUNT grown to fill $VG/$LV ($TARGET_BYTES bytes)${snapshot:+; once it checks out, remove the snapshot: lvremove $VG/$snapshot}"
