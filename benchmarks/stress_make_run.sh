#!/usr/bin/env bash
# `make run` N times in a row (warehouse removed between runs) while two `yes > /dev/null` loops keep
# both cores busy; prints each run's exit code and wall time, then the Prefect processes left over.
#   bash benchmarks/stress_make_run.sh [N]      (run from a clone's top folder)
set -u
n=${1:-10}
yes > /dev/null & y1=$!
yes > /dev/null & y2=$!
trap 'kill $y1 $y2 2>/dev/null' EXIT
pass=0
for i in $(seq 1 "$n"); do
  rm -rf data
  t0=$(date +%s.%N)
  make run > "/tmp/stress_make_run_$i.log" 2>&1
  code=$?
  t1=$(date +%s.%N)
  [ "$code" -eq 0 ] && pass=$((pass + 1))
  printf 'run %2d: exit %d, %.1f s\n' "$i" "$code" "$(echo "$t1 - $t0" | bc)"
done
echo "$pass of $n passed"
echo "Prefect processes left: $(pgrep -fc 'prefect server start' || true)"
