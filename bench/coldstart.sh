#!/usr/bin/env bash
# Cold start (issue 8, on Dynoxide since issue 11): wall time (hyperfine, RUNS runs after one
# warm-up run that only warms the page cache) and peak RSS (/usr/bin/time -v, median of RSS_RUNS
# runs) of
#   java [flags] -jar target/lambdachain.jar invoke InfoFunction events/info.json [--dynamodb URL]
# from a fresh JVM each time, with JIT, GC and AppCDS variants. Without --dynamodb the invocation
# starts its own Dynoxide process (in memory), creates the table and genesis, and stops it: more
# than a Lambda does. With --dynamodb it uses a shared `dynamodb --port PORT` server started once
# here, which is what a Lambda container is like (the table already exists after the first run).
# Peak RSS is the JVM's (time -v reports the largest process, and the JVM is larger than
# Dynoxide). Then the size of what `sam build` packages.
# Usage: bench/coldstart.sh  (env: RUNS=5 RSS_RUNS=3 PORT=5104)   ~3-4 minutes
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_jar
cd "$BENCH_ROOT"

RUNS=${RUNS:-5}
RSS_RUNS=${RSS_RUNS:-3}
PORT=${PORT:-5104}
OUT=$(out_dir coldstart)
EVENT=events/info.json
JSA=bench/app.jsa
JSA_SHARED=bench/app-shared.jsa
SHARED="--dynamodb http://127.0.0.1:$PORT"
C1=-XX:TieredStopAtLevel=1
SERIAL=-XX:+UseSerialGC
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time: apt-get install -y time" >&2; exit 2; }

java -jar "$JAR" dynamodb --port "$PORT" >"$OUT/dynamodb.log" 2>&1 &
STARTED_PIDS+=($!)
for _ in $(seq 300); do
  grep -q "Dynoxide (DynamoDB API) on http://127.0.0.1:$PORT" "$OUT/dynamodb.log" && break
  kill -0 "${STARTED_PIDS[-1]}" 2>/dev/null || break
  sleep 0.2
done
grep -q "Dynoxide (DynamoDB API) on http://127.0.0.1:$PORT" "$OUT/dynamodb.log" \
  || { echo "the shared Dynoxide server (dynamodb --port $PORT) did not start:" >&2; cat "$OUT/dynamodb.log" >&2; exit 1; }

# One training run each writes the dynamic AppCDS archives (never committed: .gitignore). The
# runner's jar and target/lib hold only jars, so HotSpot archives target/lambdachain.jar as it is.
rm -f "$JSA" "$JSA_SHARED"
java -XX:ArchiveClassesAtExit="$JSA" -jar "$JAR" invoke InfoFunction "$EVENT" >"$OUT/dump.log" 2>&1
java -XX:ArchiveClassesAtExit="$JSA_SHARED" -jar "$JAR" invoke InfoFunction "$EVENT" $SHARED \
  >"$OUT/dump-shared.log" 2>&1

# name | JVM flags | jar | extra arguments
VARIANTS=(
  "own engine: plain||$JAR|"
  "own engine: C1 only|$C1|$JAR|"
  "own engine: SerialGC|$SERIAL|$JAR|"
  "own engine: C1 + SerialGC|$C1 $SERIAL|$JAR|"
  "own engine: AppCDS|-XX:SharedArchiveFile=$JSA|$JAR|"
  "own engine: AppCDS + C1|-XX:SharedArchiveFile=$JSA $C1|$JAR|"
  "own engine: AppCDS + C1 + SerialGC|-XX:SharedArchiveFile=$JSA $C1 $SERIAL|$JAR|"
  "shared server: plain||$JAR|$SHARED"
  "shared server: C1 + SerialGC|$C1 $SERIAL|$JAR|$SHARED"
  "shared server: AppCDS + C1|-XX:SharedArchiveFile=$JSA_SHARED $C1|$JAR|$SHARED"
  "shared server: AppCDS + C1 + SerialGC|-XX:SharedArchiveFile=$JSA_SHARED $C1 $SERIAL|$JAR|$SHARED"
)
# before every run, wait (at most 5 s) for half a second in which other people's work leaves the machine idle
HF=(hyperfine -N --runs "$RUNS" --warmup 1 --export-json "$OUT/hyperfine.json" --style basic
    --prepare "python3 bench/cpu.py quiet 5 0.5")
: >"$OUT/variants.tsv"
for v in "${VARIANTS[@]}"; do
  IFS='|' read -r name flags jar extra <<<"$v"
  cmd=$(echo "java $flags -jar $jar invoke InfoFunction $EVENT $extra" | tr -s ' ')
  # the response must be a 200, and an archive must really be mapped (an unusable one turns CDS off)
  check=$(echo "java $flags -Xlog:class+load=info -jar $jar invoke InfoFunction $EVENT $extra" | tr -s ' ')
  $check >"$OUT/check.txt" 2>&1 || { echo "FAIL: $check"; cat "$OUT/check.txt"; exit 1; }
  grep -q '"statusCode":200' "$OUT/check.txt" || { echo "FAIL: no 200 from $cmd"; exit 1; }
  archived=$(grep -c 'source: shared objects file (top)' "$OUT/check.txt" || true)
  [[ $flags != *SharedArchiveFile* || $archived -gt 1000 ]] || { echo "FAIL: archive unused by $cmd"; exit 1; }
  rss=()
  for _ in $(seq "$RSS_RUNS"); do
    /usr/bin/time -v $cmd 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}' >>"$OUT/rss.txt"
    rss+=("$(tail -1 "$OUT/rss.txt")")
  done
  printf '%s\t%s\t%s\t%s\n' "$name" "$cmd" "$archived" "${rss[*]}" >>"$OUT/variants.tsv"
  HF+=(-n "$name" "$cmd")
done
"${HF[@]}" | tee "$OUT/hyperfine.txt"

T=$OUT/lambda-lib
mvn -q -o dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$T"
echo
echo "## Cold start results ($(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1), hyperfine -N --runs $RUNS --warmup 1)"
echo
python3 bench/coldtable.py "$OUT/hyperfine.json" "$OUT/variants.tsv" target/classes "$T"
