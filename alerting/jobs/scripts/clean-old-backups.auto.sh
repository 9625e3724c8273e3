# Clean old backups: every entry directly under BACKUP_DIR last modified more than OLDER_THAN_DAYS
# days ago moves to QUARANTINE_DIR. Nothing is deleted, so FailureRevert can move everything back.
if [[ "$BACKUP_DIR" == */ && "$BACKUP_DIR" != / ]]; then BACKUP_DIR="${BACKUP_DIR%/}"; fi
[[ "$BACKUP_DIR" == /* && -d "$BACKUP_DIR" ]] || not_met "$BACKUP_DIR is not a directory (RUNWAY_JOB_BACKUP_DIR)"
[[ "$QUARANTINE_DIR" == /* && -d "$(dirname "$QUARANTINE_DIR")" ]] || not_met "RUNWAY_JOB_QUARANTINE_DIR must be an absolute path in an existing directory"
case "$QUARANTINE_DIR/" in
  "$BACKUP_DIR"/*) not_met "the quarantine $QUARANTINE_DIR must not be inside $BACKUP_DIR, or a later run would move it into itself" ;;
esac
is_count "$OLDER_THAN_DAYS" && (( OLDER_THAN_DAYS >= 1 )) || not_met "RUNWAY_JOB_OLDER_THAN_DAYS must be a whole number of days, at least 1"
need_tool find
need_tool du

# find's -mtime drops the fraction of a day: +N matches N+1 whole days or more, so +(D-1) is "at least D days old".
mapfile -d '' entries < <(find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -mtime +"$((OLDER_THAN_DAYS - 1))" -print0 | sort -z)
if (( ${#entries[@]} == 0 )); then
  done_ok "nothing to do: nothing under $BACKUP_DIR is older than $OLDER_THAN_DAYS days"
fi
total=$(du -scb -- "${entries[@]}" | tail -n 1 | cut -f 1)
say "Entries of $BACKUP_DIR older than $OLDER_THAN_DAYS days ($total bytes):"
for e in "${entries[@]}"; do say "  $e  (modified $(date -u -r "$e" +%Y-%m-%d))"; done

same_fs=0
if (( $(device_of "$QUARANTINE_DIR") == $(device_of "$BACKUP_DIR") )); then same_fs=1; fi
if (( same_fs )); then
  say "Plan: move them to $QUARANTINE_DIR (same filesystem: instant, and no space is freed until you delete the quarantine)."
else
  say "Plan: move them to $QUARANTINE_DIR on another filesystem, which frees $total bytes here now."
  free=$(free_bytes "$QUARANTINE_DIR")
  (( free > total + 1048576 )) || not_met "$QUARANTINE_DIR has $free bytes free; the backups need $total"
fi
for e in "${entries[@]}"; do
  [[ ! -e "$QUARANTINE_DIR/$(basename "$e")" ]] || not_met "$QUARANTINE_DIR/$(basename "$e") already exists; empty the quarantine first"
done

if (( APPLY == 0 )); then
  done_ok "dry run: nothing changed; run with --apply to move ${#entries[@]} entries to the quarantine"
fi

begin_state
if [[ ! -d "$QUARANTINE_DIR" ]]; then
  record made-dir "$QUARANTINE_DIR" ""
  mkdir -- "$QUARANTINE_DIR"
fi
for e in "${entries[@]}"; do
  dest="$QUARANTINE_DIR/$(basename "$e")"
  record moved "$e" "$dest"
  mv -- "$e" "$dest"
  changed
  say "moved $e -> $dest"
done
finish_state
if (( same_fs )); then
  done_ok "moved ${#entries[@]} entries to $QUARANTINE_DIR; once you are sure they are not needed, free the space with: rm -rf -- '$QUARANTINE_DIR' '$STATE_DIR'"
fi
done_ok "moved ${#entries[@]} entries, $total bytes, to $QUARANTINE_DIR; once you are sure they are not needed: rm -rf -- '$QUARANTINE_DIR' '$STATE_DIR'"
