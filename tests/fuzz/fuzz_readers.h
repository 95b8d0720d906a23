#pragma once
// The readers splatfuzz can fuzz, each with its seeds, how a case is made from a seed (plain bytes,
// or the payload inside a gzip stream, zstd streams or a ZIP, re-wrapped after mutation), and how the
// child process runs it. A new reader is one line in fuzz_readers.cpp's registry.
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "tests/fuzz/mutate.h"

namespace splatview::fuzz {

// What a case did. The first four come from the child itself; the rest from how it ended.
enum class Outcome { kLoaded, kRejected, kInconsistent, kOverMemory, kCrash, kSanitizer, kTimeout };
inline constexpr int kOutcomes = 7;
inline constexpr const char* kOutcomeNames[kOutcomes] = {"loaded", "rejected",  "inconsistent", "over-mem",
                                                         "crash",  "sanitizer", "timeout"};
// Loaded and rejected are what a reader may do; the rest are bugs.
inline bool is_failure(Outcome outcome) {
  return outcome != Outcome::kLoaded && outcome != Outcome::kRejected;
}

struct Verdict {
  Outcome outcome = Outcome::kRejected;
  std::string detail;  // the error, or what is inconsistent
};

// The name every case is decoded under (errors must name it).
inline const std::string kCaseName = "fuzz-case";

struct Reader {
  std::string name;       // e.g. "spz-v3"
  std::string extension;  // for saved cases, e.g. ".spz"
  std::function<std::vector<Bytes>()> seeds;
  std::function<Bytes(const Bytes& seed, Rng& rng)> make_case;
  std::function<Verdict(std::span<const std::byte> bytes)> run;  // in the child process
};

const std::vector<Reader>& readers();
const Reader* find_reader(const std::string& name);

}  // namespace splatview::fuzz
