# Install layout (cmake --install, and the .deb made by CPack):
#   bin/splatview, bin/splatbench
#   share/splatview/{scenes,profiles}/...      found by the binary relative to itself
#   share/applications/splatview.desktop, share/mime/packages/splatview.xml
#   share/icons/hicolor/{16..512}/apps/splatview.png, share/doc/splatview/ (with copyright), share/man/man1/splatview.1.gz
include(GNUInstallDirs)
install(TARGETS splatview splatbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/scenes DESTINATION ${CMAKE_INSTALL_DATADIR}/splatview)
if(EXISTS ${PROJECT_SOURCE_DIR}/data/profiles)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/profiles DESTINATION ${CMAKE_INSTALL_DATADIR}/splatview)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/data/splatview.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/data/splatview-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME splatview.xml)
install(FILES ${PROJECT_SOURCE_DIR}/data/icons/splatview.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps)
# Every size from one 512 px render of the bundled scene (scripts/make-icons). No scalable icon:
# the picture is a render of Gaussians, and an SVG wrapping a PNG would only pretend to be one.
foreach(size 16 24 32 48 64 128 512)
  install(FILES ${PROJECT_SOURCE_DIR}/data/icons/splatview-${size}.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps RENAME splatview.png)
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/data/CREDITS.md
              ${PROJECT_SOURCE_DIR}/docs/camera-paths.md ${PROJECT_SOURCE_DIR}/docs/profile-format.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Debian's machine-readable copyright file: what the package holds and under which terms.
install(FILES ${PROJECT_SOURCE_DIR}/data/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page, generated from --help after splatview is built.
set(SPLATVIEW_MAN_PAGE ${CMAKE_BINARY_DIR}/man/splatview.1.gz)
add_custom_command(OUTPUT ${SPLATVIEW_MAN_PAGE}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
  COMMAND ${CMAKE_COMMAND} -DSPLATVIEW=$<TARGET_FILE:splatview> -DOUT=${SPLATVIEW_MAN_PAGE}
          -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
  DEPENDS splatview ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
  COMMENT "Generating the man page from splatview --help")
add_custom_target(splatview_man_page ALL DEPENDS ${SPLATVIEW_MAN_PAGE})
install(FILES ${SPLATVIEW_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# A .deb people can install without building: cpack -G DEB (scripts/package).
set(CPACK_PACKAGE_NAME splatview)
set(CPACK_PACKAGE_VENDOR "splatview")
set(CPACK_PACKAGE_CONTACT "splatview maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Viewer for 3D Gaussian Splatting scenes with a researcher profile panel")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
# Shared libraries found by dpkg-shlibdeps; plus the programs and fonts used at run time.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ffmpeg, fonts-dejavu-core, xdg-utils")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-wqy-microhei")
include(CPack)
