#!/usr/bin/env bash
# Installs every Debian 12 package Kyodo needs to build, run and test.
# Idempotent: packages already present are left alone; safe to run again.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config
  # sync engine and server; SQLCipher 4 (from bookworm-backports, see below)
  # is the SQLite of every Kyodo binary, so device replicas are encrypted
  libsqlcipher-dev sqlcipher libsqlite3-dev sqlite3 libcurl4-openssl-dev nlohmann-json3-dev
  # ICU: text compared after NFKC in reports and search
  libicu-dev
  # libjpeg-turbo: previews of photos the engine attaches by path (kyodoctl attach)
  libjpeg62-turbo-dev
  libcpp-httplib-dev libbrotli-dev libssl-dev zlib1g-dev openssl ca-certificates
  # PostgreSQL store (libpq) and the throwaway test cluster (tests/pg)
  libpq-dev postgresql-15
  # readiness and the watchdog under systemd (sd_notify), and systemd-analyze for the unit test
  libsystemd-dev systemd
  # TLS front for two server processes (packaging/nginx, tests/nginx)
  nginx-light
  # the Qt Quick app (app/, qml/, plugins/): Qt 6.4 with its QML modules,
  # Linguist tools for the .ts files, the offscreen platform for tests, and a
  # Japanese font so screens and screenshots show kanji rather than boxes
  qt6-base-dev qt6-declarative-dev qt6-charts-dev qt6-tools-dev qt6-l10n-tools
  qt6-qpa-plugins libgl-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-templates qml6-module-qtquick-window
  qml6-module-qtqml-workerscript qml6-module-qtqml-models qml6-module-qtqml
  qml6-module-qttest qml6-module-qtcharts qml6-module-qtquick-dialogs
  # attachments: the camera page on tablets (QtMultimedia, and the GStreamer
  # elements that make its camera pipeline as on a tablet, for tst_qml; -bad,
  # for taking the photo itself, only the kyodo package recommends) and PDF
  # pages rendered by poppler
  qt6-multimedia-dev qml6-module-qtmultimedia gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  libpoppler-qt6-dev
  # the file dialog QtQuick.Dialogs draws itself where the platform has none (offscreen, tablets)
  qml6-module-qt-labs-folderlistmodel
  # the replica's key in the OS keychain (Secret Service on Linux)
  qtkeychain-qt6-dev
  fonts-ipafont-gothic
  # test helpers
  libgtest-dev procps curl
  # fuzzing (tests/fuzz: libFuzzer targets built with clang-14)
  clang-14 libfuzzer-14-dev
  # the code's own checks (tests/lint: .clang-format, .clang-tidy)
  clang-format-14 clang-tidy-14
  # the Debian packages (packaging/build-debs.sh: lintian) and their install test
  lintian fakeroot dpkg-dev
)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Debian 12's own SQLCipher (3.4.1) is built on SQLite 3.15, too old for
# UPSERT and DROP COLUMN; bookworm-backports carries SQLCipher 4.6.1. The
# suite is enabled with a pin so that nothing but SQLCipher comes from it.
backports=/etc/apt/sources.list.d/kyodo-bookworm-backports.list
pin=/etc/apt/preferences.d/kyodo-sqlcipher
if [ ! -f "$backports" ] || [ ! -f "$pin" ]; then
  echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee "$backports" >/dev/null
  printf '%s\n' \
    'Package: *' 'Pin: release n=bookworm-backports' 'Pin-Priority: -1' '' \
    'Package: libsqlcipher-dev libsqlcipher1 libsqlcipher0 sqlcipher' 'Pin: release n=bookworm-backports' \
    'Pin-Priority: 990' | $SUDO tee "$pin" >/dev/null
fi
# An old SQLCipher installed before the pin (3.x) is replaced.
if dpkg-query -W -f='${Version}' libsqlcipher-dev 2>/dev/null | grep -q '^3\.'; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libsqlcipher-dev sqlcipher
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
