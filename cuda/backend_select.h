#pragma once
// The run-time choice of renderer behind `--backend auto|cuda|cpu`.
#include <memory>
#include <string>

#include "core/result.h"
#include "render/renderer.h"

namespace splatview {

enum class Backend { kAuto, kCuda, kCpu };

// Parses "auto", "cuda" or "cpu".
bool parse_backend(const std::string& text, Backend& backend);

struct SelectedRenderer {
  std::unique_ptr<Renderer> renderer;
  std::string note;  // one line when auto fell back to the CPU although an NVIDIA driver is present,
                     // saying why; else empty
};

// kCuda without a usable device, or in a build without CUDA, is an error whose message says why.
// cpu_threads: 0 = every core.
Result<SelectedRenderer> make_renderer(Backend backend, int cpu_threads = 0);

}  // namespace splatview
