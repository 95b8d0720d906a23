# Install layout (cmake --install, and the .deb made by CPack):
#   bin/splatview, bin/splatbench
#   share/splatview/{scenes,profiles}/...      found by the binary relative to itself
#   share/applications/splatview.desktop, share/mime/packages/splatview.xml
#   share/icons/hicolor/256x256/apps/splatview.png, share/doc/splatview/
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
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/data/CREDITS.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

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
include(CPack)
