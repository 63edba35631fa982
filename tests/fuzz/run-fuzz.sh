#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang-14 and runs each one
# for SECONDS, over a copy of its checked-in seed corpus (tests/fuzz/corpus/
# <target>/ is never written to).
#
#   bash tests/fuzz/run-fuzz.sh SECONDS [TARGET...]      e.g. 45, or 30 push_stream
#
# Prints, per target, the executions, the coverage libFuzzer reached (cov:
# edges, ft: features), the corpus size and any crash, leak, timeout or
# out-of-memory input it saved; exits non-zero when any target found
# something or failed to run. Environment:
#   KYODO_FUZZ_BUILD  build dir (default build/fuzz, inside the one build dir)
#   KYODO_FUZZ_WORK   where corpora, artifacts and logs go (default $KYODO_FUZZ_BUILD/run)
#   KYODO_FUZZ_JOBS   parallel compile jobs (default: nproc)
set -euo pipefail
cd "$(dirname "$0")/../.."
src=tests/fuzz

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS_PER_TARGET [TARGET...]" >&2
  exit 2
fi
seconds=$1
shift

# Longest input each target is given (-max_len): a little above its largest seed.
declare -A max_len=(
  [push_stream]=16384 [pull_request]=4096 [protocol]=8192 [schema_validate]=8192
  [schema_load]=32768 [import]=16384 [plugin_metadata]=4096 [photo]=8192
)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(push_stream pull_request protocol schema_validate schema_load import plugin_metadata photo)

build=${KYODO_FUZZ_BUILD:-build/fuzz}
work=${KYODO_FUZZ_WORK:-$build/run}
jobs=${KYODO_FUZZ_JOBS:-$(nproc)}

for tool in clang-14 clang++-14 cmake ninja; do
  command -v "$tool" >/dev/null || { echo "run-fuzz: $tool is missing (bash packaging/install-deps.sh)" >&2; exit 1; }
done

echo "run-fuzz: building $build (clang-14, -j$jobs)"
mkdir -p "$build"
CC=clang-14 CXX=clang++-14 cmake -S "$src" -B "$build" -G Ninja >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" -j "$jobs" >"$build/build.log" 2>&1 || { tail -50 "$build/build.log" >&2; exit 1; }

failed=0
passed=0
for t in "${targets[@]}"; do
  bin="$build/fuzz_$t"
  if [ ! -x "$bin" ] || [ -z "${max_len[$t]:-}" ]; then
    echo "run-fuzz: no target $t" >&2
    failed=$((failed + 1))
    continue
  fi
  dir="$work/$t"
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -r "$src/corpus/$t/." "$dir/corpus/"
  set +e
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$bin" -max_total_time="$seconds" -max_len="${max_len[$t]}" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/fuzz.log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$dir/fuzz.log" | grep -E 'cov: ' | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[^ ]*\).*/\1/p' <<<"$last")
  found=$(ls "$dir/artifacts")
  printf 'fuzz_%-16s %10s execs in %ss  cov: %-6s ft: %-7s corp: %-12s ' \
    "$t" "${execs:-?}" "$seconds" "${cov:-?}" "${ft:-?}" "${corp:-?}"
  if [ -n "$found" ] || [ $rc -ne 0 ]; then
    echo "FOUND (exit $rc): ${found:-no artifact}"
    { grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$dir/fuzz.log" || tail -n 3 "$dir/fuzz.log"; } |
      head -5 | sed 's/^/    /' || true
    for f in $found; do echo "    artifact: $dir/artifacts/$f"; done
    echo "    log: $dir/fuzz.log"
    failed=$((failed + 1))
  else
    echo "no findings"
    passed=$((passed + 1))
  fi
done

echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
