# package.cmake - issue #15.5: what `cmake --install` adds beyond the program, and the .deb.
#
#   lib/libjuesuan.so.0 (+ the .so link)   the library, from the same objects as the program
#   include/juesuan/*.h                     its public headers (ownership stated in each)
#   lib/pkgconfig/juesuan.pc                cc $(pkg-config --cflags --libs juesuan)
#   share/doc/juesuan/{LICENSE,README.md}
#
# `cpack -G DEB` (in the build directory) makes juesuan_VERSION_ARCH.deb with its
# dependencies found by dpkg-shlibdeps; tests/cli/install.sh checks it with dpkg -c and an
# unpacked root in which the program runs.

# OFF by default since the PDF reader links MuPDF: Debian ships it (and mujs) only as static
# archives built without -fPIC, which cannot go into a shared object. With a PIC build of
# MuPDF, -DJS_SHARED_LIB=ON builds and installs libjuesuan.so.0 and its pkg-config file.
option(JS_SHARED_LIB "Build and install the shared library libjuesuan.so" OFF)
if(JS_SHARED_LIB AND NOT JS_FUZZ)
  add_library(juesuan_shared SHARED)
  target_link_libraries(juesuan_shared PUBLIC ${JS_ALL_OBJS} ${JS_CORE_LIBS}) # the core and every module
  target_link_options(juesuan_shared PRIVATE -Wl,--no-undefined)
  set_target_properties(juesuan_shared PROPERTIES OUTPUT_NAME juesuan
                        VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
  install(TARGETS juesuan_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()

install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/juesuan DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
# Requires.private: the pkg-config modules the library links (a static link needs them)
set(JS_PC_REQUIRES "libutf8proc jansson sqlite3 libpq poppler-glib xlsxwriter libzip libxml-2.0 freexl libmicrohttpd libsodium pangocairo cairo-pdf cairo-png tesseract")
if(TARGET juesuan_shared)
  configure_file(${CMAKE_SOURCE_DIR}/cmake/juesuan.pc.in ${CMAKE_BINARY_DIR}/juesuan.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/juesuan.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
install(FILES ${CMAKE_SOURCE_DIR}/LICENSE ${CMAKE_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- CPack: a Debian package ----------------------------------------------------
# cpack packages what is built (build first, as for cmake --install): it does not rebuild the
# tree behind the back of tests that are running the program
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME juesuan)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "juesuan")
set(CPACK_PACKAGE_CONTACT "juesuan maintainers <juesuan@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "check and build Chinese departmental final-account disclosures (部门决算公开)")
set(CPACK_PACKAGE_DESCRIPTION
    "juesuan reads, checks, builds, stores and serves the final-account disclosures of\nChinese government departments: the nine tables, the written explanation and the\nperformance self-evaluation tables. Chinese interface, English with LANG=en.")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "tesseract-ocr-chi-sim")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/")
# the rpath of the build tree is not packaged: the program is linked statically to the library
set(CPACK_SET_DESTDIR OFF)
include(CPack)
