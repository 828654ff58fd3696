#!/usr/bin/env bash
# Runs the batch jobs on a real Spark standalone cluster on this machine, built from videorec's own jars (no Spark
# download): a master and two workers on 127.0.0.1, then 'batch features' and 'batch recommend' against it and the
# same jobs on local[*], whose outputs must be equal. Stops the cluster on exit.
#
#   scripts/local-cluster.sh [DATA_DIR]    default: a small generated world (300 users, 12 days)
#
# Environment: VIDEOREC_CLUSTER_PORT (default 7177) is the master's port; its web UI is on the next one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${VIDEOREC_CLUSTER_PORT:-7177}"
work="$(mktemp -d "${TMPDIR:-/tmp}/videorec-cluster.XXXXXX")"
pids=()
cleanup() {
  status=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    echo "local-cluster: failed; the cluster's logs:" >&2
    tail -n 20 "$work"/*.log >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

./videorec batch --help >/dev/null   # builds the batch module if needed
# The workers start executors with the classes under SPARK_HOME/jars: the batch module's jar and its libraries.
home="$work/spark-home"
mkdir -p "$home/jars"
ln -s "$root"/batch/target/lib/*.jar "$root/batch/target/videorec-batch.jar" "$home/jars/"
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
run_class() {
  exec java "${opens[@]}" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=info -cp "$home/jars/*" "$@"
}

echo "local-cluster: master on spark://127.0.0.1:$port (UI http://127.0.0.1:$((port + 1)))"
run_class org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port $((port + 1)) \
    >"$work/master.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  grep -q "I have been elected leader" "$work/master.log" 2>/dev/null && break
  sleep 1
done
grep -q "I have been elected leader" "$work/master.log" || { echo "local-cluster: the master did not start" >&2; exit 1; }
for w in 1 2; do
  run_class org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 3g \
      --webui-port $((port + 1 + w)) --work-dir "$work/worker$w" "spark://127.0.0.1:$port" >"$work/worker$w.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 60); do
  [ "$(grep -c "Registering worker" "$work/master.log" || true)" -ge 2 ] && break
  sleep 1
done
[ "$(grep -c "Registering worker" "$work/master.log" || true)" -ge 2 ] || { echo "local-cluster: the workers did not register" >&2; exit 1; }
echo "local-cluster: 2 workers registered (1 core each)"

data="${1:-}"
if [ -z "$data" ]; then
  data="$work/data"
  ./videorec generate --out "$data" --users 300 --videos 1200 --days 12 --seed 3 >/dev/null
fi
./videorec train --data "$data" --model "$work/model" --seed 1 >"$work/train.log" 2>&1

# Runs a command with its standard error shown and kept in the file $1 too.
logged() {
  local file=$1 status=0
  shift
  "$@" 2>"$file" || status=$?
  cat "$file" >&2
  return $status
}

cluster=(--master "spark://127.0.0.1:$port" --no-ui)
logged "$work/f-cluster.err" env VIDEOREC_JAVA_OPTS="${VIDEOREC_JAVA_OPTS:-} -Dspark.executor.memory=2g" \
  ./videorec batch features "${cluster[@]}" --data "$data" --out "$work/f-cluster" --csv "$work/f-cluster-csv"
./videorec batch features --no-ui --data "$data" --out "$work/f-local" --csv "$work/f-local-csv"
# The lists through spark-submit (Spark's own launcher class, from the same jars), as on any cluster.
echo "local-cluster: spark-submit --class dev.videorec.batch.BatchMain videorec-batch.jar recommend ..."
logged "$work/r-cluster.err" java "${opens[@]}" -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "spark://127.0.0.1:$port" --executor-memory 2g --class dev.videorec.batch.BatchMain \
  "$root/batch/target/videorec-batch.jar" \
  recommend --no-ui --model "$work/model" --out "$work/r-cluster" --csv "$work/r-cluster-csv"
./videorec batch recommend --no-ui --model "$work/model" --out "$work/r-local" --csv "$work/r-local-csv"

# Each cluster job says where it ran: on the cluster, not on a local master inside the driver.
for job in f-cluster r-cluster; do
  grep -q "on spark://127.0.0.1:$port " "$work/$job.err" \
    || { echo "local-cluster: $job did not run on spark://127.0.0.1:$port" >&2; exit 1; }
done

same() {
  cmp -s <(tail -q -n +2 "$1"/*.csv | sort) <(tail -q -n +2 "$2"/*.csv | sort)
}
same "$work/f-cluster-csv" "$work/f-local-csv" || { echo "local-cluster: features differ between the cluster and local[*]" >&2; exit 1; }
same "$work/r-cluster-csv" "$work/r-local-csv" || { echo "local-cluster: lists differ between the cluster and local[*]" >&2; exit 1; }
echo "local-cluster: the cluster's examples ($(tail -q -n +2 "$work"/f-cluster-csv/*.csv | wc -l) rows) and lists" \
  "($(tail -q -n +2 "$work"/r-cluster-csv/*.csv | wc -l) rows) equal local[*]'s"
