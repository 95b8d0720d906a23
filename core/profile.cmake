# The researcher profile (TOML) reader, added to splatview_core. Included from core/CMakeLists.txt.
# GLOBAL: splatview_core is static, so every target that links it also links toml++.
find_package(tomlplusplus 3 REQUIRED GLOBAL)
target_sources(splatview_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/profile.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile_link_host.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile_toml.cpp
)
target_link_libraries(splatview_core PRIVATE tomlplusplus::tomlplusplus)
