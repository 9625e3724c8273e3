# Shared by ./scripts/start and ./scripts/test: install what is missing, manage a local InfluxDB.
# Sourced, not run. Every function fails with a message that says exactly what to do.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '\033[1mrunway:\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Node.js 24 or newer first on PATH: the machine's when it is new enough, otherwise Node 24 LTS from the npm
# registry, installed under var/runtime by bin/runtime.cjs (which the runway command uses too, and which says
# which runtime it chose and why). Any Node and npm can bootstrap it.
ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || die "Node.js and npm are needed to start (any version; Runway installs Node 24 itself): run 'apt-get install nodejs npm' as root, then this again."
  local runtime
  runtime="$(node "$ROOT/bin/runtime.cjs" --install)" || die "no Node.js 24 to run Runway on; see the message above."
  PATH="$(dirname "$runtime"):$PATH"
  export PATH
}

# npm dependencies, installed when missing or older than package-lock.json.
ensure_node_modules() {
  ensure_node
  if [[ ! -d "$ROOT/node_modules" || "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]]; then
    say "installing npm dependencies"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed; see the messages above."
  fi
}

# ensure_debian_package PROGRAM PACKAGE ALTERNATIVE: installs PACKAGE with apt-get when PROGRAM (a
# command name or an absolute path) is missing; as non-root or off Debian it names the exact command,
# and ALTERNATIVE says what else would do.
ensure_debian_package() {
  local program="$1" package="$2" alternative="$3"
  have() { if [[ "$program" == /* ]]; then [[ -x "$program" ]]; else command -v "$program" >/dev/null 2>&1; fi; }
  have && return 0
  local cmd="apt-get update && apt-get install -y --no-install-recommends $package"
  if [[ ! -r /etc/debian_version ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "$program is missing and this is not a Debian system. $alternative"
  fi
  if [[ "$(id -u)" != 0 ]]; then
    die "$program is missing. Run as root: sudo sh -c '$cmd'   ($alternative)"
  fi
  say "installing Debian's $package package"
  (DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package") >&2 \
    || die "installing $package failed; run '$cmd' and read its messages."
  have || die "$package installed but $program is still missing."
}

# InfluxDB 1.x: the store. (Its package tries to start a system service; we run our own instance.)
ensure_influxd() {
  ensure_debian_package influxd influxdb "Install InfluxDB 1.x yourself, or set INFLUX_URL to a running InfluxDB."
}

# Redis: the forecast queue's tests start their own redis-server on loopback (runway serve needs one only with REDIS_URL).
ensure_redis_server() {
  ensure_debian_package redis-server redis-server "Install Redis 6.2 or newer yourself so that redis-server is on PATH."
}

# The influx 1.x CLI (Debian's influxdb-client): tests import line protocol with it, as operators do.
ensure_influx_cli() {
  ensure_debian_package influx influxdb-client "Install the InfluxDB 1.x command-line client yourself so that 'influx' is on the PATH."
}

# Chromium: tests render a customer notice to PNG with it to check that it prints as it should.
ensure_chromium() {
  ensure_debian_package /usr/bin/chromium chromium "Install Chromium yourself so that /usr/bin/chromium exists."
}

# Alertmanager: a test checks Runway's webhook payloads against the real one's (tests only).
ensure_alertmanager() {
  ensure_debian_package /usr/bin/prometheus-alertmanager prometheus-alertmanager "Install Prometheus Alertmanager yourself so that /usr/bin/prometheus-alertmanager exists."
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# start_influxd DIR: a private InfluxDB bound to loopback with its data under DIR.
# Sets INFLUX_URL and INFLUXD_PID.
start_influxd() {
  local dir="$1" port rpc_port
  port="$(free_port)"; rpc_port="$(free_port)"
  mkdir -p "$dir"
  sed -e "s#RPC_PORT#$rpc_port#g" -e "s#HTTP_PORT#$port#g" -e "s#DIR#$dir#g" "$ROOT/scripts/lib/influxdb.conf.template" >"$dir/influxdb.conf"
  influxd run -config "$dir/influxdb.conf" >"$dir/influxd.log" 2>&1 &
  INFLUXD_PID=$!
  INFLUX_URL="http://127.0.0.1:$port"
  local i
  for i in $(seq 1 150); do
    if node -e "fetch('$INFLUX_URL/ping').then(r=>process.exit(r.status===204?0:1),()=>process.exit(1))"; then
      export INFLUX_URL
      return 0
    fi
    kill -0 "$INFLUXD_PID" 2>/dev/null || { tail -n 20 "$dir/influxd.log" >&2; die "influxd exited at start-up; its log is $dir/influxd.log"; }
    sleep 0.2
  done
  die "influxd did not answer on $INFLUX_URL within 30 s; its log is $dir/influxd.log"
}

stop_influxd() {
  [[ -n "${INFLUXD_PID:-}" ]] || return 0
  kill "$INFLUXD_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 50); do kill -0 "$INFLUXD_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$INFLUXD_PID" 2>/dev/null || true
  INFLUXD_PID=""
}
