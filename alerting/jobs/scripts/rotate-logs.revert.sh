# Undo a log rotation: remove the compressed copies it made and put back each log's saved content
# (written into the existing file, so a program holding it open keeps writing to the same file).
have_state || done_ok "nothing to revert: no saved state in $STATE_DIR"
read_manifest
for i in "${!M_ACTION[@]}"; do
  if [[ "${M_ACTION[$i]}" == saved && ! -f "$STATE_DIR/${M_DETAIL[$i]}" ]]; then
    not_met "the saved copy $STATE_DIR/${M_DETAIL[$i]} of ${M_PATH[$i]} is missing; nothing was restored"
  fi
done

for (( i = ${#M_ACTION[@]} - 1; i >= 0; i-- )); do
  case "${M_ACTION[$i]}" in
    created) say "remove ${M_PATH[$i]}" ;;
    saved) say "restore ${M_PATH[$i]} from $STATE_DIR/${M_DETAIL[$i]}" ;;
  esac
done
if (( APPLY == 0 )); then done_ok "dry run: nothing changed; run with --apply to restore"; fi

for (( i = ${#M_ACTION[@]} - 1; i >= 0; i-- )); do
  case "${M_ACTION[$i]}" in
    created) rm -f -- "${M_PATH[$i]}" ;;
    saved) cp -p -- "$STATE_DIR/${M_DETAIL[$i]}" "${M_PATH[$i]}" ;;
  esac
done
rm -rf -- "$STATE_DIR"
done_ok "restored ${LOG_DIR}: logs back as they were, compressed copies removed"
