# Sourced by the bench scripts: the jar check, node processes that die with the script, and a
# per-run output directory. Every process is started on 127.0.0.1 and recorded in STARTED_PIDS.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${JAR:-$BENCH_ROOT/target/lambdachain.jar}  # JAR=... runs another build (a side-by-side run)
STARTED_PIDS=()

require_jar() {
  if [[ ! -f $JAR || ! -d $(dirname "$JAR")/lib ]]; then
    echo "no $JAR (with its lib/): run 'mvn -q -DskipTests package' first" >&2
    exit 2
  fi
}

# out_dir NAME: bench/out/NAME-<UTC time>, for logs and raw tool output (not committed).
out_dir() {
  local dir=$BENCH_ROOT/bench/out/$1-$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$dir"
  echo "$dir"
}

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    # the JDK HTTP server waits out one second of grace on stop; then insist
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}
trap stop_started EXIT
trap 'exit 130' INT TERM

# quiet [MAX_SECONDS]: wait (bounded) until other people's work leaves the machine nearly idle.
quiet() { python3 "$BENCH_ROOT/bench/cpu.py" quiet "${1:-10}"; }
quiet "${QUIET_WAIT:-30}"

# start_node PORT LOG [java options --] [serve flags...]: a node on 127.0.0.1:PORT, ready on return.
start_node() {
  local port=$1 log=$2
  shift 2
  local jvm=()
  if [[ " $* " == *" -- "* ]]; then
    while [[ $1 != -- ]]; do jvm+=("$1"); shift; done
    shift
  fi
  java "${jvm[@]}" -jar "$JAR" serve --port "$port" "$@" >"$log" 2>&1 &
  STARTED_PIDS+=($!)
  NODE_PID=$!
  python3 "$BENCH_ROOT/bench/node.py" wait "http://127.0.0.1:$port" 90
}

# stop_node PID: stops one node started by start_node.
stop_node() {
  local pid=$1 kept=() p
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${STARTED_PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]}")
}
