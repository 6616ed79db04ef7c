#!/usr/bin/env bash
# Where POST /transactions/new spends its time: the HTTP benchmark's POST load (wrk -t2 -c16,
# 16 pre-funded senders, difficulty 2): a 15 s warm-up, then
#   1. 15 s without a recording (the baseline): CPU of the node's JVM and of its Dynoxide engine
#      (a child process) apart, Dynoxide's threads (pidstat -t), and the TCP connections the JVM
#      opened to the engine (from `ss`: every connection lingers 60 s in TIME-WAIT);
#   2. 15 s with `perf record -e cpu-clock` on the Dynoxide process (its binary is stripped, so
#      the split is by kernel symbol and Dynoxide's own code; skipped if perf cannot record);
#   3. 15 s under JFR (settings=profile, started and stopped with jcmd) on the JVM, summarised by
#      bench/jfrsummary.py.
# Usage: bench/profile-post.sh   (env: PORT=5103, JFR_SETTINGS=profile, NODE_JAVA_OPTS="")   ~2 minutes
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_jar
cd "$BENCH_ROOT"

PORT=${PORT:-5103}
URL=http://127.0.0.1:$PORT
OUT=$(out_dir profile-post)
WRK=(wrk -t2 -c16 --latency --timeout 10s -s bench/post.lua)

# NODE_JAVA_OPTS: JVM options for the node, to try a setting without a code change
# (e.g. NODE_JAVA_OPTS=-Dhttp.maxConnections=32)
# shellcheck disable=SC2086
start_node "$PORT" "$OUT/node.log" ${NODE_JAVA_OPTS:-} ${NODE_JAVA_OPTS:+--} --difficulty 2
ENGINE_PID=$(python3 - "$NODE_PID" <<'PY'
import sys
sys.path.insert(0, "bench")
import cpu
for pid in cpu.descendants(int(sys.argv[1])):
    try:
        if open(f"/proc/{pid}/comm").read().strip() == "dynoxide":
            print(pid)
            break
    except OSError:
        pass
PY
)
[[ -n $ENGINE_PID ]] || { echo "no dynoxide process under the node $NODE_PID" >&2; exit 1; }
ENGINE_PORT=$(tr '\0' ' ' </proc/"$ENGINE_PID"/cmdline | sed -E 's/.*--port ([0-9]+).*/\1/')
echo "node JVM $NODE_PID (java options: ${NODE_JAVA_OPTS:-none}), its Dynoxide $ENGINE_PID on port $ENGINE_PORT; output in $OUT"
python3 bench/node.py fund "$URL" sender 16 50000
mkdir -p "$OUT/ids"
BENCH_TAG=warm BENCH_IDS=$OUT/ids "${WRK[@]}" -d15s "$URL" >/dev/null

# client ports of every TCP connection to the engine the machine still knows (TIME-WAIT: 60 s)
engine_conns() { ss -tanH "( dport = :$ENGINE_PORT )" | awk '{print $4}' | sort -u; }

measure() { # NAME TAG: one 15 s POST run with the node's, wrk's and everyone else's CPU
  [[ ${SKIP_QUIET:-} == 1 ]] || quiet
  local before
  before=$(python3 bench/cpu.py snapshot "$NODE_PID")
  BENCH_TAG=$2 BENCH_IDS=$OUT/ids /usr/bin/time -f "%U %S" -o "$OUT/$1.time" "${WRK[@]}" -d15s "$URL" >"$OUT/$1.txt"
  python3 bench/cpu.py since "$NODE_PID" "$before" "$(awk '{print $1 + $2}' "$OUT/$1.time")" >>"$OUT/$1.txt"
}

engine_conns >"$OUT/conns-before.txt"
quiet # before the samplers start, so that their 14 s fall inside wrk's 15 s
pidstat -h -u -t -p "$ENGINE_PID" 14 1 >"$OUT/engine-threads.txt" 2>&1 &
PIDSTAT=$!
SKIP_QUIET=1 measure wrk-baseline base
wait "$PIDSTAT" || true
engine_conns >"$OUT/conns-after.txt"
opened=$(comm -13 "$OUT/conns-before.txt" "$OUT/conns-after.txt" | wc -l)

perf_ok=no
if perf record -e cpu-clock -o /dev/null -- true >/dev/null 2>&1; then
  quiet
  perf record -e cpu-clock -F 999 -p "$ENGINE_PID" -o "$OUT/engine.perf" -- sleep 14 >"$OUT/perf-record.log" 2>&1 &
  PERF=$!
  SKIP_QUIET=1 measure wrk-perf perf
  wait "$PERF" || true
  perf_ok=yes
fi

jcmd "$NODE_PID" JFR.start name=post settings="${JFR_SETTINGS:-profile}" filename="$OUT/post.jfr" >/dev/null
measure wrk prof
jcmd "$NODE_PID" JFR.stop name=post >/dev/null
stop_node "$NODE_PID"

accepted=$(grep -h STATUSES "$OUT/wrk-baseline.txt" | sed -E 's/.*201=([0-9]+).*/\1/')
echo
echo "## POST /transactions/new, profiled ($(date -u +%Y-%m-%dT%H:%MZ), JFR recording $OUT/post.jfr)"
echo
python3 bench/wrkrow.py header
python3 bench/wrkrow.py row "POST, 15 s, no profiler (after 15 s warm-up)" "$OUT/wrk-baseline.txt"
[[ $perf_ok == yes ]] && python3 bench/wrkrow.py row "POST, 15 s, perf on Dynoxide" "$OUT/wrk-perf.txt"
python3 bench/wrkrow.py row "POST, 15 s, JFR settings=${JFR_SETTINGS:-profile} on the JVM" "$OUT/wrk.txt"
echo
echo "TCP connections the JVM opened to Dynoxide during the 15 s baseline: $opened for $accepted accepted" \
     "transactions ($(python3 -c "print(f'{$opened / max($accepted, 1):.2f}')") per transaction)"
echo
echo "Dynoxide threads during the baseline (pidstat -t, %CPU of one core, 14 s average; busiest first):"
echo
echo '```'
awk 'NR <= 3 && /^#/ {print} $0 !~ /^#/ && NF > 5' "$OUT/engine-threads.txt" | awk 'NR <= 1'
grep -v '^#' "$OUT/engine-threads.txt" | awk 'NF > 5' | sort -k9,9 -g -r | awk 'NR <= 12'
echo '```'
if [[ $perf_ok == yes ]]; then
  echo
  echo "Dynoxide under perf (cpu-clock samples; its binary is stripped, so its own code is one row):"
  echo
  echo '```'
  perf report -i "$OUT/engine.perf" --no-children --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | awk 'NR <= 6'
  echo
  perf report -i "$OUT/engine.perf" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | awk 'NR <= 25'
  echo '```'
fi
echo
python3 bench/jfrsummary.py "$OUT/post.jfr" 8
