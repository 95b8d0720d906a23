# Writes OUTPUT, a header with the GLSL of shaders/present.{vert,frag} as string constants,
# so the binary needs no shader files at run time. Run by CMake at build time.
file(READ ${SHADER_DIR}/present.vert vertex)
file(READ ${SHADER_DIR}/present.frag fragment)
file(WRITE ${OUTPUT} "// Generated from shaders/ by cmake/embed_shaders.cmake; do not edit.\n#pragma once\n"
  "inline constexpr const char* kPresentVertexShader = R\"glsl(${vertex})glsl\";\n"
  "inline constexpr const char* kPresentFragmentShader = R\"glsl(${fragment})glsl\";\n")
