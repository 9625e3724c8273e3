# Rotate oversized logs: compress each into <name>.<UTC time>.gz beside it, then empty the log in
# place (as logrotate's copytruncate does), so the program writing it keeps its open file.
if [[ "$LOG_DIR" == */ && "$LOG_DIR" != / ]]; then LOG_DIR="${LOG_DIR%/}"; fi
[[ "$LOG_DIR" == /* && -d "$LOG_DIR" ]] || not_met "$LOG_DIR is not a directory (RUNWAY_JOB_LOG_DIR)"
is_count "$MIN_BYTES" || not_met "RUNWAY_JOB_MIN_BYTES must be a number of bytes"
need_tool gzip
need_tool find

mapfile -d '' files < <(find "$LOG_DIR" -xdev -type f -name "$PATTERN" -size +"$MIN_BYTES"c -print0 | sort -z)
if (( ${#files[@]} == 0 )); then
  done_ok "nothing to do: no file matching $PATTERN over $MIN_BYTES bytes under $LOG_DIR"
fi

total=0
say "Logs over $MIN_BYTES bytes under $LOG_DIR:"
for f in "${files[@]}"; do
  size=$(stat -c %s -- "$f")
  total=$((total + size))
  say "  $f  ($size bytes)"
done
say "Plan: save a copy of each in $STATE_DIR/originals, compress it to <name>.<time>.gz beside it, then empty it in place."
say "Frees about $total bytes on $LOG_DIR less the compressed copies."

# The saved originals need as much room as the logs themselves; on a nearly full disk put the
# state on another filesystem (RUNWAY_JOB_STATE_DIR) rather than make things worse.
needed=$((total + 1048576))
if (( $(device_of "$STATE_DIR") == $(device_of "$LOG_DIR") )); then needed=$((needed + total / 4)); fi
free=$(free_bytes "$STATE_DIR")
(( free >= needed )) || not_met "$STATE_DIR has $free bytes free; saving the originals needs about $needed. Set RUNWAY_JOB_STATE_DIR to a directory on a filesystem with room."

if (( APPLY == 0 )); then
  done_ok "dry run: nothing changed; run with --apply to rotate ${#files[@]} file(s)"
fi

begin_state
# Everything is saved before anything changes, so FailureRevert can restore whatever step fails.
for f in "${files[@]}"; do
  rel="${f#"$LOG_DIR"/}"
  mkdir -p "$STATE_DIR/originals/$(dirname "$rel")"
  cp -p -- "$f" "$STATE_DIR/originals/$rel"
  record saved "$f" "originals/$rel"
done
stamp=$(date -u +%Y%m%dT%H%M%SZ)
for f in "${files[@]}"; do
  gz="$f.$stamp.gz"
  # Recorded before it exists, so a half-written copy is removed by FailureRevert too.
  record created "$gz" ""
  gzip -c -- "$f" >"$gz"
  touch -r "$f" -- "$gz"
  changed
  : >"$f"
  changed
  say "rotated $f -> $gz"
done
finish_state
done_ok "rotated ${#files[@]} file(s), about $total bytes; originals saved in $STATE_DIR until you remove it"
