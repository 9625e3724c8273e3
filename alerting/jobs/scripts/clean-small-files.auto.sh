# Clean small files: every file under FILES_DIR (this filesystem only) last modified at least
# OLDER_THAN_DAYS days ago, optionally matching PATTERN, goes into one archive in STATE_DIR and
# is then removed. Moving them would free no inode; the archive takes one, and FailureRevert
# unpacks it to put every file back with its mode and time.
if [[ "$FILES_DIR" == */ && "$FILES_DIR" != / ]]; then FILES_DIR="${FILES_DIR%/}"; fi
[[ "$FILES_DIR" == /* && -d "$FILES_DIR" ]] || not_met "$FILES_DIR is not a directory (RUNWAY_JOB_FILES_DIR)"
[[ "$FILES_DIR" != / ]] || not_met "RUNWAY_JOB_FILES_DIR must name the directory that holds the files (sessions, a mail queue, a cache), not /"
is_count "$OLDER_THAN_DAYS" && (( OLDER_THAN_DAYS >= 1 )) || not_met "RUNWAY_JOB_OLDER_THAN_DAYS must be a whole number of days, at least 1"
[[ -n "$PATTERN" ]] || PATTERN='*'
case "$STATE_DIR/" in
  "$FILES_DIR"/*) not_met "the state directory $STATE_DIR must not be inside $FILES_DIR" ;;
esac
need_tool find
need_tool tar

# find's -mtime drops the fraction of a day: +N matches N+1 whole days or more, so +(D-1) is "at least D days old".
mapfile -d '' files < <(cd "$FILES_DIR" && find . -xdev -type f -name "$PATTERN" -mtime +"$((OLDER_THAN_DAYS - 1))" -print0 | sort -z)
if (( ${#files[@]} == 0 )); then
  done_ok "nothing to do: no file under $FILES_DIR matching $PATTERN is older than $OLDER_THAN_DAYS days"
fi
say "${#files[@]} files under $FILES_DIR matching $PATTERN are older than $OLDER_THAN_DAYS days; by directory (most first):"
printf '%s\0' "${files[@]}" | xargs -0 -n 1 dirname | sort | uniq -c | sort -rn | head -n 20 | while read -r n d; do say "  $n  $FILES_DIR/${d#./}"; done
say "Plan: archive them into $STATE_DIR/files.tar.gz (one inode), then remove them: ${#files[@]} inodes freed."

if (( APPLY == 0 )); then
  done_ok "dry run: nothing changed; run with --apply to archive and remove ${#files[@]} files"
fi

begin_state
record archived "$FILES_DIR" "$STATE_DIR/files.tar.gz"
printf '%s\0' "${files[@]}" | tar -C "$FILES_DIR" --format=posix --null -T - -czf "$STATE_DIR/files.tar.gz"
for f in "${files[@]}"; do
  rm -f -- "$FILES_DIR/${f#./}"
  changed
done
finish_state
done_ok "removed ${#files[@]} files under $FILES_DIR (archived in $STATE_DIR/files.tar.gz); once the services using them are fine: rm -rf -- '$STATE_DIR'"
