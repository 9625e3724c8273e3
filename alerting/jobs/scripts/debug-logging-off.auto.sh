# Turn debug logging off: in the config file, a line setting KEY to FROM (key = value, key: value or
# "key value", quoted or not, with a trailing comment or not) gets TO instead. Nothing else changes.
[[ "$CONFIG_FILE" == /* && -f "$CONFIG_FILE" ]] || not_met "$CONFIG_FILE is not a file (RUNWAY_JOB_CONFIG_FILE)"
[[ -r "$CONFIG_FILE" && -w "$CONFIG_FILE" ]] || not_met "$CONFIG_FILE is not readable and writable by $(id -un)"
[[ "$KEY" =~ ^[A-Za-z0-9_.-]+$ ]] || not_met "RUNWAY_JOB_KEY must be a plain setting name"
[[ "$FROM" =~ ^[A-Za-z0-9_]+$ && "$TO" =~ ^[A-Za-z0-9_]+$ ]] || not_met "RUNWAY_JOB_FROM and RUNWAY_JOB_TO must be plain words"
need_tool sed
need_tool grep

key_re="${KEY//./\\.}"
line_re="^([[:space:]]*${key_re}([[:space:]]*[=:][[:space:]]*|[[:space:]]+)[\"']?)${FROM}([\"']?[[:space:]]*([#;].*)?)$"
matches=$(grep -Eic -- "$line_re" "$CONFIG_FILE" || true)
if (( matches == 0 )); then
  done_ok "nothing to do: $CONFIG_FILE has no line setting $KEY to $FROM"
fi
say "Lines of $CONFIG_FILE setting $KEY to $FROM:"
grep -Ein -- "$line_re" "$CONFIG_FILE" | sed 's/^/  /'
say "Plan: keep a copy in $STATE_DIR/backup, then set $KEY to $TO on those $matches line(s)."
free=$(free_bytes "$STATE_DIR")
(( free > $(stat -c %s -- "$CONFIG_FILE") + 65536 )) || not_met "no room in $STATE_DIR for a copy of $CONFIG_FILE"

if (( APPLY == 0 )); then
  done_ok "dry run: nothing changed; run with --apply to change $matches line(s)"
fi

begin_state
mkdir -p "$STATE_DIR/backup"
cp -p -- "$CONFIG_FILE" "$STATE_DIR/backup/config"
record saved "$CONFIG_FILE" "backup/config"
# --follow-symlinks edits the file a link points to instead of replacing the link with a copy.
sed -E -i --follow-symlinks "s/${line_re}/\\1${TO}\\3/I" -- "$CONFIG_FILE"
changed
finish_state
say "Changed:"
diff -u -- "$STATE_DIR/backup/config" "$CONFIG_FILE" | sed 's/^/  /' || true
done_ok "$KEY is now $TO in $CONFIG_FILE; reload or restart the program that reads it for this to take effect"
