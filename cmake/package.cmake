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

# libjuesuan.so: Debian ships MuPDF (and mujs) only as static archives built without -fPIC,
# which cannot go into a shared object. The shared library is the program's objects without
# the four that call MuPDF (ingest/pdf.c, ingest/pdf_dev.c, ingest/pdf_font.c,
# render/pdf_annot.c), and
# src/so/pdf_program.c in their place: it reads a PDF by running the juesuan program
# (`juesuan parse --format json`) and reading the model back; drawing on a PDF (annotate.h)
# says it needs the program. Every module's code is in it (tesseract, libpq, … as shared
# libraries). tests/cli/install.sh links a program through pkg-config and reads a PDF with it.
option(JS_SHARED_LIB "Build and install the shared library libjuesuan.so" ON)
if(JS_SHARED_LIB AND NOT JS_FUZZ)
  set(JS_MUPDF_OBJS_RE "/ingest/pdf\\.c\\.o$|/ingest/pdf_dev\\.c\\.o$|/ingest/pdf_font\\.c\\.o$|/render/pdf_annot\\.c\\.o$")
  add_library(juesuan_shared SHARED ${CMAKE_SOURCE_DIR}/src/so/pdf_program.c
              $<FILTER:$<TARGET_OBJECTS:juesuan_objs>,EXCLUDE,${JS_MUPDF_OBJS_RE}>)
  target_include_directories(juesuan_shared PRIVATE ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src/lib)
  file(RELATIVE_PATH JS_PROGRAM_RELDIR ${CMAKE_INSTALL_FULL_LIBDIR} ${CMAKE_INSTALL_FULL_BINDIR})
  set_source_files_properties(${CMAKE_SOURCE_DIR}/src/so/pdf_program.c PROPERTIES COMPILE_DEFINITIONS
    "JS_PROGRAM_PATH=\"${CMAKE_INSTALL_FULL_BINDIR}/juesuan\";JS_PROGRAM_RELDIR=\"${JS_PROGRAM_RELDIR}\"")
  set(JS_SO_MOD_OBJS ${JS_ALL_OBJS})
  list(REMOVE_ITEM JS_SO_MOD_OBJS juesuan_objs)
  target_link_libraries(juesuan_shared PRIVATE ${JS_SO_MOD_OBJS} PkgConfig::UTF8PROC PkgConfig::JANSSON
                        PkgConfig::SQLITE3 PkgConfig::GLIB PkgConfig::SODIUM Threads::Threads m
                        ${CMAKE_DL_LIBS})
  target_link_options(juesuan_shared PRIVATE -Wl,--no-undefined)
  set_target_properties(juesuan_shared PROPERTIES OUTPUT_NAME juesuan
                        VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
  install(TARGETS juesuan_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()

install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/juesuan DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
# Requires.private: the pkg-config modules the library links (a static link needs them)
set(JS_PC_REQUIRES "libutf8proc jansson sqlite3 glib-2.0 libsodium libpq xlsxwriter libzip libxml-2.0 freexl libmicrohttpd tesseract")
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
