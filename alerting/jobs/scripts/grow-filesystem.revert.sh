# Undo what can be undone safely. Before the filesystem was grown: reduce the volume back to its
# recorded size (safe, the filesystem still ends where it did) and remove the snapshot. After it
# was grown there is no safe automatic way back: see the message, and README.md.
have_state || done_ok "nothing to revert: no saved state in $STATE_DIR"
need_tool findmnt
need_tool lvs
read_manifest

volume="" lv_before="" snapshot="" fs_before=""
for i in "${!M_ACTION[@]}"; do
  case "${M_ACTION[$i]}" in
    volume) volume="${M_PATH[$i]}"; lv_before="${M_DETAIL[$i]}" ;;
    snapshot) snapshot="${M_PATH[$i]}" ;;
    grown) fs_before="${M_DETAIL[$i]}" ;;
  esac
done
[[ -n "$volume" ]] || failed "the saved state in $STATE_DIR names no volume"
fs_now=$(findmnt -n -b -o SIZE --mountpoint "$MOUNT" | tr -d ' ')
lv_now=$(lvs --noheadings --nosuffix --units b -o lv_size -- "$volume" | tr -d ' ')

if [[ -n "$fs_before" ]] && (( fs_now > fs_before )); then
  way_back="no snapshot was taken, so the way back for the data is your backups"
  if [[ -n "$snapshot" ]]; then
    way_back="to get the volume's content back as it was before the job, merge the snapshot: lvconvert --merge $snapshot (it completes when $volume is next activated, e.g. after umount and lvchange -an/-ay, or at reboot, and discards every write since the snapshot); to keep the larger filesystem, remove the snapshot instead: lvremove $snapshot"
  fi
  not_met "the filesystem on $MOUNT was grown ($fs_before -> $fs_now bytes) and is not shrunk back: XFS cannot shrink, and shrinking ext4 needs it unmounted and risks the data. The data itself was not changed. $way_back. The saved state stays in $STATE_DIR."
fi

plan=0
if (( lv_now > lv_before )); then say "reduce $volume from $lv_now back to $lv_before bytes (the filesystem was not grown, so it still fits)"; plan=1; fi
if [[ -n "$snapshot" ]] && lvs -- "$snapshot" >/dev/null 2>&1; then say "remove the snapshot $snapshot"; plan=1; fi
if (( plan == 0 )); then say "the volume is at its recorded size and there is no snapshot to remove"; fi
if (( APPLY == 0 )); then done_ok "dry run: nothing changed; run with --apply to restore"; fi

if (( lv_now > lv_before )); then
  need_tool lvreduce
  (( fs_now <= lv_before )) || failed "the filesystem ($fs_now bytes) would not fit in $lv_before bytes; not reducing $volume"
  lvreduce --force --size "${lv_before}b" -- "$volume"
fi
if [[ -n "$snapshot" ]] && lvs -- "$snapshot" >/dev/null 2>&1; then
  need_tool lvremove
  lvremove --force -- "$snapshot"
fi
rm -rf -- "$STATE_DIR"
done_ok "$volume is back at $lv_before bytes, no snapshot left"
