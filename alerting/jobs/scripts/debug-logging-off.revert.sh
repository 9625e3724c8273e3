# Put the config file back as it was before the change, from the copy AutoAction kept.
have_state || done_ok "nothing to revert: no saved state in $STATE_DIR"
read_manifest
for i in "${!M_ACTION[@]}"; do
  [[ -f "$STATE_DIR/${M_DETAIL[$i]}" ]] || not_met "the saved copy $STATE_DIR/${M_DETAIL[$i]} is missing; nothing was restored"
  say "restore ${M_PATH[$i]} from $STATE_DIR/${M_DETAIL[$i]}"
done
if (( APPLY == 0 )); then done_ok "dry run: nothing changed; run with --apply to restore"; fi
for i in "${!M_ACTION[@]}"; do
  cp -p -- "$STATE_DIR/${M_DETAIL[$i]}" "${M_PATH[$i]}"
done
rm -rf -- "$STATE_DIR"
done_ok "restored $CONFIG_FILE; reload or restart the program that reads it"
