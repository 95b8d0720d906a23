# Importing a profile from a homepage (Markdown through cmark-gfm, HTML through gumbo, YAML front matter
# through yaml-cpp), a CV and BibTeX. Added to splatview_core; included from core/CMakeLists.txt.
pkg_check_modules(CMARK_GFM REQUIRED IMPORTED_TARGET GLOBAL libcmark-gfm)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET GLOBAL gumbo)
pkg_check_modules(YAML_CPP REQUIRED IMPORTED_TARGET GLOBAL yaml-cpp)
target_sources(splatview_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bibtex.cpp
  ${CMAKE_CURRENT_LIST_DIR}/import.cpp
  ${CMAKE_CURRENT_LIST_DIR}/import_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/latex_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/markdown_source.cpp
  ${CMAKE_CURRENT_LIST_DIR}/merge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/page_blocks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/page_extract.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile_writer.cpp
)
target_link_libraries(splatview_core PRIVATE PkgConfig::CMARK_GFM PkgConfig::GUMBO PkgConfig::YAML_CPP)
