# Install rules (`cmake --install build`, and what the Debian packages hold: packaging/cpack.cmake).
# Two components, one per package:
#   kiosk    bin/talkoo-kiosk, its assets in share/talkoo (translations, the demo catalogue),
#            its docs and its systemd unit (deploy/talkoo-kiosk.service)
#   central  bin/talkoo-central, its hardened systemd unit, /etc/default/talkoo-central (the
#            options the unit passes), its docs
# The binaries find share/talkoo beside their bin/ (platform/paths.hpp): no flags once installed.
include(GNUInstallDirs)

# systemd's units: /lib/systemd/system on Debian 12 for a /usr prefix (where dh_installsystemd
# puts them), else under the prefix; -DTALKOO_SYSTEMD_UNIT_DIR=... chooses another place.
if(DEFINED TALKOO_SYSTEMD_UNIT_DIR)
    set(talkoo_unit_dir ${talkoo_unit_dir})
elseif(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(talkoo_unit_dir /lib/systemd/system)
else()
    set(talkoo_unit_dir ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
endif()

set(talkoo_src ${CMAKE_SOURCE_DIR})
set(talkoo_pkg ${CMAKE_SOURCE_DIR}/packaging)

# --- the kiosk ---------------------------------------------------------------------------------
install(TARGETS talkoo-kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
install(DIRECTORY ${talkoo_src}/assets/i18n DESTINATION ${CMAKE_INSTALL_DATADIR}/talkoo
        COMPONENT kiosk)
# The demo catalogue, not the demo centre's key ring (a private key has no place on a kiosk).
install(FILES ${talkoo_src}/assets/demo/catalog.json DESTINATION ${CMAKE_INSTALL_DATADIR}/talkoo/demo
        COMPONENT kiosk)
install(FILES ${talkoo_src}/README.md ${talkoo_src}/CHANGELOG.md ${talkoo_src}/docs/accessibility.md
              ${talkoo_src}/docs/catalog-format.md ${talkoo_src}/docs/privacy.md
              ${talkoo_src}/docs/store.md ${talkoo_src}/docs/sync.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/talkoo-kiosk COMPONENT kiosk)
# The kiosk's unit (deploy/, from the staff issue: cage on tty1), installed but not enabled: it
# takes tty1 from the login prompt, which an operator decides (docs/deploy-kiosk.md).
install(FILES ${talkoo_src}/deploy/talkoo-kiosk.service DESTINATION ${talkoo_unit_dir}
        COMPONENT kiosk)
install(FILES ${talkoo_src}/docs/deploy-kiosk.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/talkoo-kiosk
        COMPONENT kiosk)

# --- the centre --------------------------------------------------------------------------------
install(TARGETS talkoo-central RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT central)
install(FILES ${talkoo_pkg}/systemd/talkoo-central.service
        DESTINATION ${talkoo_unit_dir} COMPONENT central)
install(FILES ${talkoo_pkg}/central/talkoo-central.default
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/default RENAME talkoo-central
        COMPONENT central)
install(FILES ${talkoo_src}/README.md ${talkoo_src}/CHANGELOG.md ${talkoo_src}/docs/privacy.md
              ${talkoo_src}/docs/protocol.md ${talkoo_src}/docs/sealing.md
              ${talkoo_src}/docs/catalog-format.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/talkoo-central COMPONENT central)
# An example catalogue to import (`talkoo-central import`).
install(FILES ${talkoo_src}/assets/demo/catalog.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/talkoo-central/examples RENAME demo-catalog.json
        COMPONENT central)
