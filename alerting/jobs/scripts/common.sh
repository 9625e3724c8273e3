# ---- shared by every Runway job script ----
APPLY=0
for arg in "$@"; do
  case "$arg" in
    --apply) APPLY=1 ;;
    --dry-run) APPLY=0 ;;
    -h|--help) sed -n '2,6s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "PRECONDITION NOT MET: unknown argument $arg (use --dry-run, --apply or --help)" >&2; exit 2 ;;
  esac
done

say() { printf '%s\n' "$*"; }
done_ok() { say "DONE: $*"; exit 0; }
not_met() { say "PRECONDITION NOT MET: $*" >&2; exit 2; }
failed() { say "FAILED: $*" >&2; exit 1; }
# A command failing unexpectedly is a failure (exit 1), never mistaken for a precondition (exit 2).
trap 'failed "line $LINENO: \"$BASH_COMMAND\" exited with status $?; see README.md, How to revert"' ERR
need_tool() { command -v "$1" >/dev/null 2>&1 || not_met "$1 is not installed"; }
is_count() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_count "$FAIL_AFTER" || not_met "RUNWAY_JOB_FAIL_AFTER must be a whole number"
[[ "$STATE_DIR" == /* ]] || not_met "RUNWAY_JOB_STATE_DIR must be an absolute path"

# Free bytes on the filesystem that holds $1, or will hold it once it is created.
free_bytes() {
  local p="$1"
  while [[ ! -e "$p" ]]; do p="$(dirname "$p")"; done
  df -B1 --output=avail "$p" | tail -n 1 | tr -d ' '
}

# Device number of the filesystem that holds $1, or will hold it.
device_of() {
  local p="$1"
  while [[ ! -e "$p" ]]; do p="$(dirname "$p")"; done
  stat -c %d "$p"
}

# Saved state: a manifest of (action, path, detail) records, NUL-separated so any file name fits.
record() { printf '%s\0%s\0%s\0' "$1" "$2" "$3" >>"$STATE_DIR/manifest"; }
have_state() { [[ -f "$STATE_DIR/manifest" ]]; }
begin_state() {
  if have_state; then
    not_met "$STATE_DIR holds the saved state of an earlier run. Run FailureRevert --apply to undo that run, or remove $STATE_DIR once you have checked its result; then run this again."
  fi
  mkdir -p "$STATE_DIR"
  chmod 700 "$STATE_DIR"
  : >"$STATE_DIR/manifest"
  printf 'started %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$STATE_DIR/log"
}
finish_state() { printf 'completed %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$STATE_DIR/log"; }
# Reads the manifest into M_ACTION, M_PATH, M_DETAIL, in the order recorded.
read_manifest() {
  M_ACTION=(); M_PATH=(); M_DETAIL=()
  local action path detail
  while IFS= read -r -d '' action && IFS= read -r -d '' path && IFS= read -r -d '' detail; do
    M_ACTION+=("$action"); M_PATH+=("$path"); M_DETAIL+=("$detail")
  done <"$STATE_DIR/manifest"
}

# Counts a change; when a failure is rehearsed (RUNWAY_JOB_FAIL_AFTER=N), stops after the N-th one.
CHANGES=0
changed() {
  CHANGES=$((CHANGES + 1))
  if (( FAIL_AFTER > 0 && CHANGES >= FAIL_AFTER )); then
    failed "rehearsed failure after $CHANGES change(s) (RUNWAY_JOB_FAIL_AFTER=$FAIL_AFTER); run FailureRevert --apply to restore"
  fi
}
# ---- the job ----
