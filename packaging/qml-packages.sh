#!/usr/bin/env bash
# qml-packages.sh SOURCE_DIR: the Debian packages that hold the Qt QML
# modules the app loads at run time, which no library links so that
# dpkg-shlibdeps cannot see them: every module the app's QML imports, what
# their qmldir files depend on, the implementation modules (impl, quickimpl)
# their plugins load (the file dialog's), the QML those and the app's style
# (Fusion, app/approot.cpp) are made of, and what that imports in turn. Not
# the QML of every file a module ships: the Basic style's SelectionRectangle,
# which Kyodo never uses, would ask for QtQuick.Shapes.
# A module imported but not installed here is printed as "missing:NAME".
set -euo pipefail
src=${1:?usage: qml-packages.sh SOURCE_DIR}
qml=$(qtpaths6 --query QT_INSTALL_QML)
# Each file read whole, its block comments left out first: an import in a
# commented-out block asks for no package.
importsIn() {
  find "$@" -name '*.qml' -print0 2>/dev/null |
    xargs -0 -r perl -0777 -ne 's{/\*.*?\*/}{}gs; print "$1\n" while /^\s*import ([A-Za-z][A-Za-z0-9_.]*)/mg'
}
style=QtQuick.Controls.Fusion
declare -A seen=()
queue="$( (importsIn "$src/qml" "$src/plugins" "$src/app"; echo "$style") | grep -v '^Kyodo' | sort -u)"
qmldirs=()
while [ -n "$queue" ]; do
  next=()
  for module in $queue; do
    [ -z "${seen[$module]:-}" ] || continue
    seen[$module]=1
    dir="$qml/${module//.//}"
    if [ ! -f "$dir/qmldir" ]; then
      echo "missing:$module"
      continue
    fi
    qmldirs+=("$dir/qmldir")
    mapfile -t -O "${#next[@]}" next < <(
      sed -n 's/^\(depends\|import\) \([A-Za-z0-9_.]*\).*/\2/p' "$dir/qmldir"
      for impl in impl quickimpl; do [ ! -f "$dir/$impl/qmldir" ] || echo "$module.$impl"; done
      case $module in
      *.impl | *.quickimpl | "$style") importsIn "$dir" ;;
      esac
    )
  done
  queue="$(printf '%s\n' "${next[@]}" | sort -u)"
done
dpkg -S "${qmldirs[@]}" | cut -d: -f1 | sort -u
