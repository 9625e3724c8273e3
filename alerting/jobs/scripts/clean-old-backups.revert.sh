# Move every quarantined backup back to where it was, newest move first, and remove the
# quarantine directory when this job created it and it is empty again.
have_state || done_ok "nothing to revert: no saved state in $STATE_DIR"
read_manifest
for (( i = ${#M_ACTION[@]} - 1; i >= 0; i-- )); do
  [[ "${M_ACTION[$i]}" == moved ]] || continue
  src="${M_PATH[$i]}" dest="${M_DETAIL[$i]}"
  if [[ -e "$dest" && -e "$src" ]]; then not_met "both $src and $dest exist; move one aside and run again"; fi
  if [[ -e "$dest" ]]; then say "move $dest back to $src"; fi
done
if (( APPLY == 0 )); then done_ok "dry run: nothing changed; run with --apply to move the backups back"; fi

for (( i = ${#M_ACTION[@]} - 1; i >= 0; i-- )); do
  case "${M_ACTION[$i]}" in
    moved) if [[ -e "${M_DETAIL[$i]}" ]]; then mv -- "${M_DETAIL[$i]}" "${M_PATH[$i]}"; fi ;;
    made-dir) rmdir -- "${M_PATH[$i]}" 2>/dev/null || say "kept ${M_PATH[$i]}: it holds files this job did not put there" ;;
  esac
done
rm -rf -- "$STATE_DIR"
done_ok "the backups are back in $BACKUP_DIR"
