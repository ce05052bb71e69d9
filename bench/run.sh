#!/usr/bin/env bash
# Macro benchmarks, run by hand (never in CI): whole-corpus scan side by side with cfn-lint
# and checkov (installed from PyPI into a throwaway virtual environment), the scaling
# curve (time and peak memory against template size), condition-heavy templates and a
# cloud assembly with 24 nested stacks. Prints Markdown tables for bench/RESULTS.md.
#
#   bash bench/run.sh                 # everything (cfn-lint and checkov take minutes)
#   SKIP_PEERS=1 bash bench/run.sh    # hardstack only
#   RUNS=5 bash bench/run.sh          # best of 5 for hardstack timings (default 5)
#
# The machine may be shared: every hardstack figure is the best (minimum) of RUNS runs.
# Peers run once each (they take minutes); their figure is that one run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CORPUS=${CORPUS:-$ROOT/../shared/corpus/real}
RUNS=${RUNS:-5}
OUT=$ROOT/target/bench-templates
HS=$ROOT/target/release/hardstack
mkdir -p "$OUT"

cargo build --release --quiet
python3 bench/gen.py "$OUT" >/dev/null
python3 bench/gen.py "$OUT" --conditions 10 30 60 >/dev/null
python3 bench/gen.py "$OUT" --sizes 10 100 1000 5000 10000 20000 >/dev/null
python3 bench/nested.py "$OUT/assembly" >/dev/null

# best_of CMD...: prints "SECONDS MAXRSS_KB" (minimum time of $RUNS runs, and the peak RSS
# of that run) using GNU time.
best_of() {
  local best="" line
  for _ in $(seq "$RUNS"); do
    # Exit status ignored: the corpus holds broken templates on purpose (exit 2).
    local t0=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o /tmp/hs-bench-time "$@" >/dev/null 2>&1 || true
    local t1=$EPOCHREALTIME
    line="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}') $(tail -1 /tmp/hs-bench-time)"
    if [ -z "$best" ] || awk -v a="${line% *}" -v b="${best% *}" 'BEGIN{exit !(a<b)}'; then
      best=$line
    fi
  done
  echo "$best"
}

# once CMD...: "SECONDS MAXRSS_KB" of one run (exit status ignored: linters exit non-zero
# when they find something).
once() {
  local t0=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o /tmp/hs-bench-time "$@" >/dev/null 2>&1 || true
  local t1=$EPOCHREALTIME
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') $(tail -1 /tmp/hs-bench-time)"
}

SCAN=("$HS" scan --fail-on none --format json -o /dev/null -q)

echo "## Machine"
echo
echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "- $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "- $(rustc --version), hardstack $($HS --version | cut -d' ' -f2)"
echo

mapfile -t FILES < <(find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) | sort)
echo "## Whole corpus: ${#FILES[@]} files, $(du -sh "$CORPUS" | cut -f1)"
echo
read -r hs_t hs_m < <(best_of "${SCAN[@]}" "$CORPUS")
echo "| tool | wall time (s) | peak RSS (MB) | hardstack is ... times faster |"
echo "| --- | ---: | ---: | ---: |"
printf '| hardstack %s (best of %s) | %.3f | %.0f | 1 |\n' "$($HS --version | cut -d' ' -f2)" "$RUNS" "$hs_t" "$((hs_m / 1024))"
if [ -z "${SKIP_PEERS:-}" ]; then
  VENV=$(mktemp -d /tmp/hs-bench-venv.XXXXXX)
  trap 'rm -rf "$VENV"' EXIT
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check cfn-lint checkov >/dev/null
  # cfn-lint: every file in one process (its fastest way).
  read -r cl_t cl_m < <(once "$VENV/bin/cfn-lint" --format parseable -- "${FILES[@]}")
  printf '| cfn-lint %s | %.2f | %.0f | %.0f |\n' "$("$VENV/bin/cfn-lint" --version | cut -d' ' -f2)" \
    "$cl_t" "$((cl_m / 1024))" "$(awk -v a="$cl_t" -v b="$hs_t" 'BEGIN{print a/b}')"
  # checkov: the folder, CloudFormation checks only, no downloads (there is no network).
  read -r ck_t ck_m < <(once env BC_SKIP_MAPPING=TRUE CHECKOV_RUN_SCA_PACKAGE_SCAN_V2=false \
    "$VENV/bin/checkov" -d "$CORPUS" --framework cloudformation --skip-download --quiet --compact -o json)
  printf '| checkov %s | %.2f | %.0f | %.0f |\n' "$("$VENV/bin/checkov" --version)" \
    "$ck_t" "$((ck_m / 1024))" "$(awk -v a="$ck_t" -v b="$hs_t" 'BEGIN{print a/b}')"
fi
echo

echo "## Scaling: one generated YAML template"
echo
echo "| resources | bytes | wall time (s) | peak RSS (MB) | µs per resource | KB RSS per resource |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in 10 100 1000 5000 10000 20000; do
  f=$OUT/scale-$n.yaml
  read -r t m < <(best_of "${SCAN[@]}" "$f")
  printf '| %s | %s | %.4f | %.1f | %.1f | %.1f |\n' "$n" "$(stat -c %s "$f")" "$t" "$(awk -v m="$m" 'BEGIN{print m/1024}')" \
    "$(awk -v t="$t" -v n="$n" 'BEGIN{print t*1e6/n}')" "$(awk -v m="$m" -v n="$n" 'BEGIN{print m/n}')"
done
for f in resources-10000.json; do
  read -r t m < <(best_of "${SCAN[@]}" "$OUT/$f")
  printf '\n10,000 resources as JSON (%s bytes): %.3f s, %.1f MB peak RSS.\n' "$(stat -c %s "$OUT/$f")" "$t" "$(awk -v m="$m" 'BEGIN{print m/1024}')"
done
echo

echo "## Condition-heavy shapes"
echo
echo "| input | wall time (s) | peak RSS (MB) |"
echo "| --- | ---: | ---: |"
for c in 10 30 60; do
  read -r t m < <(best_of "${SCAN[@]}" "$OUT/conditions-$c.yaml")
  printf '| 200 resources, %s conditions, Fn::If on many properties | %.3f | %.1f |\n' "$c" "$t" "$(awk -v m="$m" 'BEGIN{print m/1024}')"
done
read -r t m < <(best_of "${SCAN[@]}" "$OUT/assembly")
printf '| cloud assembly: parent + 24 nested stacks (2 levels), 30 conditions each, Fn::If 4 deep | %.3f | %.1f |\n' "$t" "$(awk -v m="$m" 'BEGIN{print m/1024}')"
