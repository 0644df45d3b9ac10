# Installs engram like a C library: the program, libengram (shared and static),
# the public headers under include/engram/, a pkg-config file and a CMake
# package (find_package(engram) gives engram::engram and engram::engram_shared).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS engram_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS engram engram_shared EXPORT engramTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/engram DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")

install(EXPORT engramTargets NAMESPACE engram:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/engram)
configure_package_config_file(cmake/engramConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/engramConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/engram)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/engramConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/engramConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/engramConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/engram)

# The .pc file finds the prefix relative to itself, so the install can move.
file(RELATIVE_PATH ENGRAM_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(cmake/engram.pc.in ${CMAKE_CURRENT_BINARY_DIR}/engram.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/engram.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The man page is rendered by the program itself from its help texts.
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/engram.1
                   COMMAND engram_cli help --man > ${CMAKE_CURRENT_BINARY_DIR}/engram.1
                   DEPENDS engram_cli VERBATIM)
add_custom_target(engram_man ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/engram.1)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/engram.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Editor support and shell completion.
install(FILES editor/bash/engram DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(DIRECTORY editor/vim/ DESTINATION ${CMAKE_INSTALL_DATADIR}/vim/vimfiles)
install(FILES editor/textmate/engram.tmLanguage.json DESTINATION ${CMAKE_INSTALL_DATADIR}/engram/editor)
