#pragma once
// How a 3DGS PLY vertex record maps onto a GaussianScene: which property feeds each value
// ("slot") the scene needs, checked against the 3DGS property names. The PLY reader converts
// records with this plan.
#include <cstddef>
#include <string>

#include "core/gaussian_scene.h"
#include "core/ply_header.h"
#include "core/result.h"

namespace splatview::ply {

// Where each value the scene needs comes from. Slots, in this order: x y z, opacity, scale_0..2,
// rot_0..3, then the SH in the scene's coefficient-major order (k = 0 from f_dc, the rest from f_rest).
constexpr int kPosSlot = 0;
constexpr int kOpacitySlot = 3;
constexpr int kScaleSlot = 4;
constexpr int kRotSlot = 7;
constexpr int kShSlot = 11;
constexpr int kMaxSlots = kShSlot + 3 * sh_coeff_count(kMaxShDegree);

struct Plan {
  int sh_degree = 0;
  int slot_count = 0;
  int property_of[kMaxSlots] = {};     // vertex property index per slot
  std::size_t offset[kMaxSlots] = {};  // byte offset in a binary record per slot
  ScalarType type[kMaxSlots] = {};
  std::size_t record_size = 0;  // binary record size of the vertex element
};

// The plan for the vertex element: every required property present, f_rest complete (0, 9, 24 or
// 45 of them, numbered without gaps), no list properties. Errors name `name`.
Result<Plan> make_plan(const Element& vertex, const std::string& name);

}  // namespace splatview::ply
