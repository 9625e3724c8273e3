# Put every removed file back from the archive, with its mode and modification time; files
# created since under the same names are left as they are.
have_state || done_ok "nothing to revert: no saved state in $STATE_DIR"
read_manifest
for (( i = 0; i < ${#M_ACTION[@]}; i++ )); do
  [[ "${M_ACTION[$i]}" == archived ]] || continue
  [[ -f "${M_DETAIL[$i]}" ]] || not_met "the archive ${M_DETAIL[$i]} is missing: nothing to restore from"
  say "restore $(tar -tzf "${M_DETAIL[$i]}" | grep -vc '/$') files into ${M_PATH[$i]}"
done
if (( APPLY == 0 )); then done_ok "dry run: nothing changed; run with --apply to restore the files"; fi

for (( i = 0; i < ${#M_ACTION[@]}; i++ )); do
  [[ "${M_ACTION[$i]}" == archived ]] || continue
  tar -C "${M_PATH[$i]}" --skip-old-files -xzf "${M_DETAIL[$i]}"
done
rm -rf -- "$STATE_DIR"
done_ok "the files are back in ${M_PATH[0]}"
