# Grow a filesystem on LVM: read the volume's size from the host, take a snapshot first only when
# asked (SNAPSHOT=1), extend the logical volume by GROW_BYTES (or to TARGET_BYTES when set), then grow
# the filesystem online to fill it (resize2fs for ext2/3/4, xfs_growfs for XFS). A dry run only
# checks and prints this plan. A completed run leaves $STATE_DIR.done, so a second run does nothing.
[[ "$MOUNT" == /* ]] || not_met "RUNWAY_JOB_MOUNT must be an absolute mount point"
is_count "$GROW_BYTES" && is_count "$TARGET_BYTES" && is_count "$SNAPSHOT_BYTES" || not_met "RUNWAY_JOB_GROW_BYTES, RUNWAY_JOB_TARGET_BYTES and RUNWAY_JOB_SNAPSHOT_BYTES must be numbers of bytes"
[[ "$SNAPSHOT" == 0 || "$SNAPSHOT" == 1 ]] || not_met "RUNWAY_JOB_SNAPSHOT must be 0 (no snapshot) or 1"
DONE_FILE="$STATE_DIR.done"
if [[ -f "$DONE_FILE" ]]; then
  done_ok "nothing to do: $(cat -- "$DONE_FILE"); remove $DONE_FILE to run this job again"
fi
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
if (( TARGET_BYTES == 0 )); then
  (( GROW_BYTES > 0 )) || not_met "RUNWAY_JOB_GROW_BYTES must be more than 0 (or set RUNWAY_JOB_TARGET_BYTES)"
  TARGET_BYTES=$((LV_BYTES + GROW_BYTES))
  say "Target: $TARGET_BYTES bytes, the volume's $LV_BYTES bytes as the host reports them plus $GROW_BYTES."
fi

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
  if (( SNAPSHOT == 1 )); then
    snap_bytes=$SNAPSHOT_BYTES
    if (( snap_bytes == 0 )); then snap_bytes=$(( LV_BYTES / 10 > 1073741824 ? LV_BYTES / 10 : 1073741824 )); fi
    (( VG_FREE >= extend + snap_bytes )) || not_met "$VG has room for the extension ($extend bytes) but not also for the snapshot asked for ($snap_bytes bytes): free space in the group, lower RUNWAY_JOB_SNAPSHOT_BYTES, or run without one (RUNWAY_JOB_SNAPSHOT=0)"
    need_tool lvcreate
    snapshot="$LV-runway-${JOB_ID:0:8}"
  fi
  say "Plan:"
  if [[ -n "$snapshot" ]]; then
    say "  1. lvcreate --snapshot --size ${snap_bytes}b --name $snapshot $VG/$LV   (the way back for the data; remove it afterwards, see README)"
  else
    say "  1. no snapshot (RUNWAY_JOB_SNAPSHOT=0): the way back for the data is your backups"
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
printf '%s/%s was grown from %s to %s bytes on %s\n' "$VG" "$LV" "$LV_BYTES" "$TARGET_BYTES" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$DONE_FILE"
done_ok "$MOUNT grown to fill $VG/$LV ($TARGET_BYTES bytes)${snapshot:+; once it checks out, remove the snapshot: lvremove $VG/$snapshot}"
