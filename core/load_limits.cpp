#include "core/load_limits.h"

#include "core/formats/decode_support.h"

namespace splatview {

using formats::with_commas;

std::optional<Error> check_gaussian_budget(std::uint64_t count, const LoadLimits& limits,
                                           const std::string& name, const std::string& what) {
  if (count <= limits.max_gaussians) return std::nullopt;
  return Error{name,
               what + " declares " + with_commas(count) + " Gaussians, over the budget of " +
                   with_commas(limits.max_gaussians),
               kMaxGaussiansHint};
}

std::optional<Error> check_expansion(std::uint64_t count, std::uint64_t payload_bytes,
                                     std::uint64_t compressed_bytes, const LoadLimits& limits,
                                     const std::string& name, const std::string& what) {
  if (limits.max_expansion == 0) return std::nullopt;
  // Small payloads are cheap whatever they claim; the slack also keeps tiny real files loading.
  constexpr std::uint64_t kSlack = 1u << 20;
  if (payload_bytes <= kSlack || payload_bytes / limits.max_expansion <= compressed_bytes)
    return std::nullopt;
  return Error{name,
               what + " declares " + with_commas(count) + " Gaussians (" + with_commas(payload_bytes) +
                   " bytes) in " + with_commas(compressed_bytes) + " compressed bytes, over " +
                   with_commas(limits.max_expansion) + " times their size: not a plausible scene",
               std::string("the file is damaged; if it is not, ") + kMaxGaussiansHint};
}

}  // namespace splatview
