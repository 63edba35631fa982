#!/usr/bin/env bash
# packaging/kyodo-server/kyodo-server.service as systemd reads it, without
# installing it: `systemd-analyze verify` has nothing to say (an unknown or
# misspelt key is only a warning there, so any output fails), and the
# sandbox keeps systemd's exposure score at 2.0 or below ("OK").
#   bash tests/packaging/test-systemd-unit.sh KYODO_SERVER_BINARY
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The unit names the installed path; verify checks that ExecStart exists.
sed "s|/usr/bin/kyodo-server|$binary|" packaging/kyodo-server/kyodo-server.service >"$work/kyodo-server.service"

if ! out=$(systemd-analyze verify --man=no "$work/kyodo-server.service" 2>&1) || [ -n "$out" ]; then
  echo "test-systemd-unit: systemd-analyze verify: ${out:-failed}" >&2
  exit 1
fi
if ! systemd-analyze security --offline=yes --threshold=20 --no-pager "$work/kyodo-server.service" >"$work/security" 2>&1; then
  tail -3 "$work/security" >&2
  echo "test-systemd-unit: the sandbox's exposure is above 2.0" >&2
  exit 1
fi
grep -q '^Type=notify' "$work/kyodo-server.service" ||
  { echo "test-systemd-unit: the unit is not Type=notify (readiness would not be waited for)" >&2; exit 1; }
echo "test-systemd-unit: verified; $(grep -o 'Overall exposure level.*' "$work/security")"
