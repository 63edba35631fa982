# The three Debian packages, from the one build (CPack, DEB generator, one
# component each):
#   kyodo         the app, its area plugins (translations are in their resources),
#                 desktop entry, icon and AppStream metainfo
#   kyodoctl      the command-line client
#   kyodo-server  the server, the areas' schemas, its systemd unit, the default
#                 /etc/kyodo/server.conf; data in /var/lib/kyodo, owned by the
#                 system user kyodo that the maintainer scripts create
# Depends come from dpkg-shlibdeps. packaging/build-debs.sh builds and checks
# them (lintian); packaging/offline-bundle.sh carries them to LGWAN-side PCs.
set(KYODO_DEB_DIR "${CMAKE_CURRENT_LIST_DIR}")

# Every package carries its copyright and changelog where Debian expects them.
set(KYODO_DOC_STAGE "${CMAKE_BINARY_DIR}/deb-doc")
file(MAKE_DIRECTORY "${KYODO_DOC_STAGE}")
# changelog.Debian.gz: gzip -9n, so the bytes do not depend on when it was built.
add_custom_command(OUTPUT "${KYODO_DOC_STAGE}/changelog.Debian.gz"
                   COMMAND gzip -9nc "${KYODO_DEB_DIR}/deb/changelog" > "${KYODO_DOC_STAGE}/changelog.Debian.gz"
                   DEPENDS "${KYODO_DEB_DIR}/deb/changelog")
add_custom_target(kyodo_deb_docs ALL DEPENDS "${KYODO_DOC_STAGE}/changelog.Debian.gz")
foreach(component_package app:kyodo cli:kyodoctl server:kyodo-server)
  string(REPLACE ":" ";" pair "${component_package}")
  list(GET pair 0 component)
  list(GET pair 1 package)
  install(FILES "${KYODO_DEB_DIR}/deb/copyright" "${KYODO_DOC_STAGE}/changelog.Debian.gz"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${package}" COMPONENT ${component})
endforeach()

# kyodo: what a desktop needs to list and launch the app.
install(FILES "${KYODO_DEB_DIR}/kyodo/jp.yokohama.kyodo.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications" COMPONENT app)
install(FILES "${KYODO_DEB_DIR}/kyodo/jp.yokohama.kyodo.svg"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps" COMPONENT app)
install(FILES "${KYODO_DEB_DIR}/kyodo/jp.yokohama.kyodo.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo" COMPONENT app)

# kyodo-server: the schemas it validates against, its unit and settings.
file(GLOB kyodo_schema_files RELATIVE "${KYODO_SCHEMA_DIR}" "${KYODO_SCHEMA_DIR}/*/schema.json")
foreach(schema ${kyodo_schema_files})
  get_filename_component(area "${schema}" DIRECTORY)
  install(FILES "${KYODO_SCHEMA_DIR}/${schema}" DESTINATION "${CMAKE_INSTALL_DATADIR}/kyodo/plugins/${area}"
          COMPONENT server)
endforeach()
install(FILES "${KYODO_DEB_DIR}/kyodo-server/kyodo-server.service" DESTINATION /lib/systemd/system COMPONENT server)
install(FILES "${KYODO_DEB_DIR}/kyodo-server/server.conf" DESTINATION /etc/kyodo COMPONENT server)
install(FILES "${CMAKE_SOURCE_DIR}/README.md" "${CMAKE_SOURCE_DIR}/sync/PROTOCOL.md"
        "${KYODO_DEB_DIR}/nginx/kyodo.conf" "${KYODO_DEB_DIR}/nginx/kyodo-lgwan.conf"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/kyodo-server" COMPONENT server)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kyodo)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "Yokohama City Citizen Collaboration (Kyodo)")
# The city's IT department puts its own address here when it builds them.
set(KYODO_DEB_MAINTAINER "Kyodo developers <kyodo@example.jp>" CACHE STRING "Maintainer of the .deb packages")
set(CPACK_PACKAGE_CONTACT "${KYODO_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_OUTPUT_FILE_PREFIX "${CMAKE_BINARY_DIR}/debs")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL app cli server)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEBIAN_APP_PACKAGE_NAME kyodo)
set(CPACK_DEBIAN_APP_PACKAGE_SECTION x11)
# QML modules the app loads at run time: no library links them, so
# dpkg-shlibdeps cannot see them. packaging/qml-packages.sh lists what the
# app's QML needs; tests/packaging/test-debs.sh fails when one is missing here.
set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS
    "qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-layouts, qml6-module-qtquick-templates, qml6-module-qtquick-window, qml6-module-qtqml-workerscript, qml6-module-qtqml-models, qml6-module-qtqml, qml6-module-qtcharts, qml6-module-qtquick-dialogs, qml6-module-qt-labs-folderlistmodel, qml6-module-qtmultimedia, fonts-ipafont-gothic | fonts-noto-cjk")
# The camera page (Qt 6.4's GStreamer backend): the camera (v4l2src) and
# jpegenc are in -good, videoconvert in -base, and jifmux, which writes the
# photo taken, in -bad. Without -good no camera is listed and 追加 opens the
# file dialog.
set(CPACK_DEBIAN_APP_PACKAGE_RECOMMENDS "gstreamer1.0-plugins-good, gstreamer1.0-plugins-base, gstreamer1.0-plugins-bad")
set(CPACK_COMPONENT_APP_DESCRIPTION "offline-first records of Yokohama's citizen collaboration (協働)
The app for the staff of the ward civic-activity support centers, the
accompaniment supporters and the committee members who carry out the
Citizen Collaboration Ordinance. It keeps an encrypted replica of their
records on the device, works without a network and syncs with the city's
Kyodo server. Each area of the ordinance is a plugin.")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME kyodoctl)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_CLI_DESCRIPTION "command-line client of Kyodo (協働)
kyodoctl signs in to a Kyodo server, keeps an encrypted replica of the
user's records, adds, edits, imports and exports them, syncs and prints the
city's yearly report tables. For scripts and for staff without the app.")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME kyodo-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "postgresql-client, nginx | nginx-light")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${KYODO_DEB_DIR}/deb/kyodo-server/conffiles;${KYODO_DEB_DIR}/deb/kyodo-server/postinst;${KYODO_DEB_DIR}/deb/kyodo-server/prerm;${KYODO_DEB_DIR}/deb/kyodo-server/postrm")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_COMPONENT_SERVER_DESCRIPTION "sync server of Kyodo (協働)
The central server of Kyodo: devices push their changes and pull their
scopes' records over HTTPS; the server merges field by field, keeps
conflicts for the person who made the edit, and an audit log. Stores on
SQLite or PostgreSQL, runs as a sandboxed systemd service with readiness
and a watchdog, Prometheus metrics on loopback, backup and restore.")

include(CPack)
