#pragma once
// How a long scene load says how far it has got, and how the user stops it. A 1.5 GB scene takes a
// second or more even from the page cache, and much longer from a slow disk: the terminal shows a bar
// and Ctrl-C stops it, the window shows a bar with a Cancel button.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"

namespace splatview {

struct LoadProgress {
  std::uint64_t bytes_read = 0;  // of the file, header included
  std::uint64_t bytes_total = 0;
  std::uint64_t gaussians_decoded = 0;  // records decoded, kept or dropped
  std::uint64_t gaussians_total = 0;    // as the file declares: 0 until its header is read
};

struct LoadObserver {
  // Called now and then while a scene decodes (readers that decode in one step call it only at the
  // end), from the loading threads but never two calls at once; it should only record the figures.
  std::function<void(const LoadProgress&)> progress;
  // Polled between chunks of the file; once it is true the load stops and returns the error made by
  // load_cancelled(), never a partial scene.
  const std::atomic<bool>* cancel = nullptr;

  bool cancelled() const { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }
};

// The Error a cancelled load returns, and the test for it (a cancel is not a bad file: say nothing).
Error load_cancelled(const std::string& name);
bool is_load_cancelled(const Error& error);

}  // namespace splatview
