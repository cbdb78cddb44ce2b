# The Debian packages talkoo-kiosk and talkoo-central, made by CPack's DEB generator from the
# install rules (packaging/install.cmake): `./dev.sh package` (cpack in build/, .debs in
# build/packages/).
#
# Why CPack and not a debian/ folder with dpkg-buildpackage: the install rules are then the one
# list of what ships (what `cmake --install` installs is what the packages hold), the packages
# come from the Release tree that dev.sh and CI build anyway (seconds, not a second full build in
# a clean tree), and no debhelper is needed. What debhelper would add we do here: dependencies
# from dpkg-shlibdeps, stripped binaries, copyright and changelog.Debian.gz, conffiles, and
# maintainer scripts written the way dh_installsystemd writes them (packaging/central/).
# A debian/ folder becomes worth it if Talkoo is ever uploaded to Debian itself.
include(${CMAKE_CURRENT_LIST_DIR}/install.cmake)

# cpack (and `cmake --install`) install what is built without building everything first: the
# tests and benchmarks are not in the packages. ./dev.sh package builds the two binaries.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
# The packages install under /usr with /etc and /lib/systemd: ./dev.sh package configures the
# tree with -DCMAKE_INSTALL_PREFIX=/usr (a plain `cmake --install` keeps /usr/local).

set(talkoo_pkg ${CMAKE_CURRENT_LIST_DIR})
set(talkoo_doc_gen ${CMAKE_BINARY_DIR}/packaging)

# copyright and changelog.Debian.gz for each package's doc folder (lintian wants both).
string(TIMESTAMP talkoo_pkg_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(component kiosk central)
    set(pkg talkoo-${component})
    file(MAKE_DIRECTORY ${talkoo_doc_gen}/${pkg})
    file(WRITE ${talkoo_doc_gen}/${pkg}/changelog.Debian
         "${pkg} (${PROJECT_VERSION}-1) unstable; urgency=medium\n\n"
         "  * Talkoo ${PROJECT_VERSION}: see /usr/share/doc/${pkg}/CHANGELOG.md.\n\n"
         " -- Talkoo developers <dev@talkoo.invalid>  ${talkoo_pkg_date}\n")
    # -n: no name or time stamp in the gzip header, so that the same input gives the same file.
    execute_process(COMMAND gzip -9nf ${talkoo_doc_gen}/${pkg}/changelog.Debian)
    install(FILES ${talkoo_doc_gen}/${pkg}/changelog.Debian.gz ${talkoo_pkg}/copyright
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${component})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME talkoo)
set(CPACK_PACKAGE_VENDOR "Talkoo")
set(CPACK_PACKAGE_CONTACT "Talkoo developers <dev@talkoo.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The Debian revision: 0.2.0-1 is the first packaging of release 0.2.0 (not a native package).
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk central)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # talkoo-central_0.2.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://talkoo.invalid/")
# Library dependencies from the binaries themselves (dpkg-shlibdeps), never listed by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME talkoo-kiosk)
# One string each (several would make a CMake list, joined by ';').
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "volunteer tasks on a touchscreen kiosk, signups offline
Talkoo shows a volunteer network's tasks in Finnish, Swedish and English
on a touchscreen kiosk and lets a visitor leave an 'I am interested'
signup in under a minute, with no network at all. Signups wait on the
device, sealed to the network's key, and sync to the network's centre
(the talkoo-central package) when a connection appears.")
# Not libraries (shlibdeps cannot see them): the fonts and the voices the kiosk opens by path.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "fonts-noto-core | fonts-dejavu-core, fonts-fork-awesome, espeak-ng-data")
# Its unit runs it under cage (Debian's Wayland kiosk compositor); a kiosk may also run in a
# desktop session, so cage is recommended, not required.
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "cage")

set(CPACK_DEBIAN_CENTRAL_PACKAGE_NAME talkoo-central)
set(CPACK_COMPONENT_CENTRAL_DESCRIPTION "central service of a Talkoo volunteer network
talkoo-central holds a volunteer network's catalogue of tasks and
collects the signups its Talkoo kiosks and web apps upload, for
coordinators to route to organisations. It runs as a sandboxed systemd
service with its data in /var/lib/talkoo-central.")
# adduser for the system user (deb-systemd-helper's init-system-helpers is essential).
set(CPACK_DEBIAN_CENTRAL_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_CONTROL_EXTRA
    ${talkoo_pkg}/central/postinst ${talkoo_pkg}/central/prerm ${talkoo_pkg}/central/postrm
    ${talkoo_pkg}/central/conffiles)

include(CPack)
