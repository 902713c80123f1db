#!/usr/bin/env bash
# Soak benchmark: one `ranksweep orchestrator` and 3 `ranksweep worker` processes on loopback run TRIALS short real
# trials (DJL fine-tuning of the tiny ViT on 64 synthetic images; a grid of comcat budgets x seeds gives the count)
# while a random worker is killed with SIGKILL every KILL_MIN..KILL_MAX seconds for the whole run and started again.
# It then reads PostgreSQL (the orchestrator's embedded server) and writes a Markdown report: wall time, trials/s,
# attempts lost and re-run, duplicates (must be 0), and the orchestrator's heap (jcmd GC.heap_info) and open file
# descriptors (/proc/<pid>/fd) before and after the run.
#
# Build the runnable jar first (the launcher ./ranksweep would build it, but not in the middle of a timed run):
#   ./mvnw -q -DskipTests package -pl cli -am        # -> cli/target/ranksweep.jar
# Then, on an otherwise idle machine:
#   benchmarks/soak.sh [TRIALS=2000] [KILL_MIN=30] [KILL_MAX=60] [REPORT=benchmarks/soak.md]
# A smoke run: benchmarks/soak.sh 60 20 20 /tmp/soak-smoke.md
# Needs psql and jcmd on PATH. Logs and the home directory stay in $SOAK_DIR (default: a new /tmp/soak.* dir).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trials="${1:-2000}"
kill_min="${2:-30}"
kill_max="${3:-60}"
report="${4:-$root/benchmarks/soak.md}"
jar="$root/cli/target/ranksweep.jar"
workdir="${SOAK_DIR:-$(mktemp -d /tmp/soak.XXXXXX)}"
home="$workdir/home"
logs="$workdir/logs"
command_line="benchmarks/soak.sh $trials $kill_min $kill_max ${4:-}"
command_line="${command_line% }"

fail() { echo "soak: $*" >&2; exit 1; }
[[ "$trials" =~ ^[0-9]+$ && "$trials" -ge 1 ]] || fail "TRIALS must be a positive integer, was '$trials'"
[[ "$kill_min" =~ ^[0-9]+$ && "$kill_min" -ge 1 ]] || fail "KILL_MIN must be a positive integer, was '$kill_min'"
[[ "$kill_max" =~ ^[0-9]+$ && "$kill_max" -ge "$kill_min" ]] || fail "KILL_MAX must be >= KILL_MIN, was '$kill_max'"
[ -f "$jar" ] || fail "no $jar: build it first with ./mvnw -q -DskipTests package -pl cli -am"
command -v psql >/dev/null || fail "psql not found (Debian: apt-get install postgresql-client)"
command -v jcmd >/dev/null || fail "jcmd not found (it comes with the JDK)"
mkdir -p "$home" "$logs"

java_flags=(-Xmx768m -XX:+UseSerialGC --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cluster="soak-$$"
orchestrator_port="$(free_port)"
worker_ports=("$(free_port)" "$(free_port)" "$(free_port)")
members="127.0.0.1:$orchestrator_port"
for port in "${worker_ports[@]}"; do members="$members,127.0.0.1:$port"; done

pids=()
# Workers die hard; the orchestrator gets SIGTERM so that it stops its embedded PostgreSQL too.
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [ -n "${orchestrator_pid:-}" ]; then kill "$orchestrator_pid" 2>/dev/null || true; wait "$orchestrator_pid" || true; fi
}
trap cleanup EXIT

# ---- the sweep: comcat at B budgets x S seeds (each seed trains its own tiny base model, so few seeds) ----
seeds=$(( (trials + 199) / 200 ))
budgets=$(( (trials + seeds - 1) / seeds ))
planned=$(( seeds * budgets ))
budget_list="$(python3 -c "b=$budgets; print(', '.join('%.4f' % (0.1 + 0.85 * i / max(1, b - 1)) for i in range(b)))")"
seed_list="$(seq -s, 0 $((seeds - 1)))"
spec="$workdir/soak.yaml"
cat > "$spec" <<EOF
name: soak
controls: {denseFt: false}
dataset: {name: synthetic, heldOut: 32, trainLimit: 64, testLimit: 32}
model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 32}}}
methods: [{name: comcat, budget: [$budget_list]}]
finetune: {epochs: 1, batch: 32}
seeds: [$seed_list]
maxAttempts: 20
EOF

# ---- processes ----
start_orchestrator() {
  RANKSWEEP_LOG_FILE="$logs/orchestrator.ranksweep.log" java "${java_flags[@]}" -jar "$jar" orchestrator --port 0 \
    --cluster-name "$cluster" --cluster-port "$orchestrator_port" --members "$members" --lease-seconds 10 \
    --home "$home" --baselines "$workdir/no-baselines" >> "$logs/orchestrator.log" 2>&1 &
  orchestrator_pid=$!
}
start_worker() { # index
  local index=$1
  RANKSWEEP_LOG_FILE="$logs/worker-$index.ranksweep.log" java "${java_flags[@]}" -jar "$jar" worker \
    --cluster-name "$cluster" --cluster-port "${worker_ports[$index]}" --members "127.0.0.1:$orchestrator_port" \
    --threads 1 --lease-seconds 10 --home "$home" >> "$logs/worker-$index.log" 2>&1 &
  pids[$index]=$!
}
await_line() { # file pattern seconds
  local deadline=$((SECONDS + $3))
  until grep -qE "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "no '$2' in $1 within $3 s; see $logs"
    sleep 1
  done
}

start_orchestrator
await_line "$logs/orchestrator.log" "orchestrator ready: http://" 180
api="$(grep -oE 'orchestrator ready: http://[^/ ]+/' "$logs/orchestrator.log" | head -1 | cut -d' ' -f3)"
# The orchestrator logs to <home>/logs/orchestrator-<pid>.log.
db_port="$(grep -rohE 'Embedded PostgreSQL ready on localhost:[0-9]+' "$logs" "$home/logs" | head -1 | cut -d: -f2 || true)"
[ -n "$db_port" ] || fail "cannot find the embedded PostgreSQL port in $home/logs"
export PGPASSWORD="$(cat "$home/postgres/ranksweep.password")"
sql() { psql -X -q -t -A -h localhost -p "$db_port" -U postgres -d ranksweep -c "$1"; }
for index in 0 1 2; do start_worker "$index"; done
for index in 0 1 2; do await_line "$logs/worker-$index.log" "worker ready" 180; done

# Used and committed heap over all generations (young and old, whichever collector), from jcmd GC.heap_info.
heap() {
  jcmd "$orchestrator_pid" GC.heap_info 2>&1 | awk '/(generation|heap) +total/ {
      for (i = 1; i <= NF; i++) { if ($i == "total") t += $(i+1); if ($i == "used") u += $(i+1) } }
    END { printf "%.1f MiB used of %.1f MiB committed", u / 1024, t / 1024 }'
}
fds() { ls "/proc/$orchestrator_pid/fd" | wc -l; }
heap_before="$(heap)"; fds_before="$(fds)"

# ---- run, killing a random worker every KILL_MIN..KILL_MAX s ----
started=$(date +%s.%N)
curl -sf -X POST -H 'Content-Type: application/yaml' --data-binary "@$spec" "${api}api/v1/sweeps?rerun=true" > /dev/null
sweep_id="$(sql "select max(sweep_id) from sweeps")"
echo "soak: sweep $sweep_id, $planned trials, workdir $workdir" >&2
kills=0
next_kill=$((SECONDS + kill_min + RANDOM % (kill_max - kill_min + 1)))
while [ "$(sql "select state from sweeps where sweep_id = $sweep_id")" = RUNNING ]; do
  kill -0 "$orchestrator_pid" 2>/dev/null || fail "the orchestrator died; see $logs/orchestrator.log"
  if [ $SECONDS -ge $next_kill ]; then
    victim=$((RANDOM % 3))
    kill -9 "${pids[$victim]}" 2>/dev/null || true
    wait "${pids[$victim]}" 2>/dev/null || true
    kills=$((kills + 1))
    echo "soak: $(date +%T) killed worker-$victim (kill $kills), $(sql "select count(*) from trials where sweep_id = $sweep_id and state = 'COMPLETED'") of $planned done" >&2
    start_worker "$victim"
    next_kill=$((SECONDS + kill_min + RANDOM % (kill_max - kill_min + 1)))
  fi
  sleep 2
done
ended=$(date +%s.%N)
heap_after="$(heap)"; fds_after="$(fds)"

# ---- PostgreSQL's account ----
in_sweep="join trials t using (trial_id) where t.sweep_id = $sweep_id"
state="$(sql "select state from sweeps where sweep_id = $sweep_id")"
completed="$(sql "select count(*) from trials where sweep_id = $sweep_id and state = 'COMPLETED'")"
failed="$(sql "select count(*) from trials where sweep_id = $sweep_id and state = 'FAILED'")"
attempts="$(sql "select count(*) from trial_attempts a $in_sweep")"
lost="$(sql "select count(*) from trial_attempts a $in_sweep and a.outcome = 'LOST'")"
rerun="$(sql "select count(*) from trials t where t.sweep_id = $sweep_id and (select count(*) from trial_attempts a where a.trial_id = t.trial_id) > 1")"
by_outcome="$(sql "select string_agg(outcome || '=' || n, ' ' order by outcome) from (select a.outcome, count(*) n from trial_attempts a $in_sweep group by a.outcome) o")"
duplicate_success="$(sql "select count(*) from (select a.trial_id from trial_attempts a $in_sweep and a.outcome = 'SUCCEEDED' group by a.trial_id having count(*) > 1) d")"
duplicate_results="$(sql "select count(*) - count(distinct r.trial_id) from results r $in_sweep")"
stale="$(sql "select count(*) from stale_results s $in_sweep")"
wall="$(python3 -c "print(round($ended - $started, 1))")"
rate="$(python3 -c "print(round($completed / ($ended - $started), 3))")"

cat > "$report" <<EOF
# Soak run

\`\`\`
$command_line
\`\`\`

$(date -u +%F) on $(nproc) cores; jar $(basename "$jar"), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown).
One orchestrator (embedded PostgreSQL) and 3 workers (\`--threads 1\`), lease 10 s; a random worker killed with
SIGKILL every $kill_min-$kill_max s and started again. Trials: comcat, $budgets budgets x $seeds seed(s), synthetic
64-image training set, 1 fine-tuning epoch.

| | |
|---|---|
| sweep | $state: $completed of $planned trials completed, $failed failed |
| wall time | $wall s |
| trials/s | $rate |
| worker kills | $kills |
| attempts | $attempts ($by_outcome) |
| attempts lost | $lost |
| trials re-run (more than one attempt) | $rerun |
| duplicates: trials with more than one SUCCEEDED attempt | $duplicate_success |
| duplicates: extra results rows | $duplicate_results |
| late results kept as stale | $stale |
| orchestrator heap before | $heap_before |
| orchestrator heap after | $heap_after |
| orchestrator open file descriptors before / after | $fds_before / $fds_after |

Logs: \`$logs\`.
EOF
cat "$report"
[ "$duplicate_success" = 0 ] && [ "$duplicate_results" = 0 ] && [ "$state" = COMPLETED ] \
  || fail "the soak run found duplicates or an unfinished sweep"
