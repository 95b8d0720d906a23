#pragma once
// The fuzz driver's byte mutations: bit flips, byte sets, interesting integers (either byte order),
// truncation, chunk duplication and removal, syntax insertion, and edits of the decimal numbers in
// text (PLY headers, meta.json, cameras.json, TOML). One case stacks one to four of them.
#include <cstddef>
#include <random>
#include <vector>

namespace splatview::fuzz {

using Bytes = std::vector<std::byte>;
using Rng = std::mt19937_64;

// One to four mutations of `bytes`. Half the byte-level edits land in the first 512 bytes, where
// headers, tables of contents and ZIP records are.
Bytes mutate(Bytes bytes, Rng& rng);

}  // namespace splatview::fuzz
