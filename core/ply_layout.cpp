#include "core/ply_layout.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>
#include <vector>

namespace splatview::ply {

namespace {

// Parses "f_rest_<n>" with a canonical decimal n; -1 when `name` is not one.
long f_rest_index(std::string_view name) {
  constexpr std::string_view kPrefix = "f_rest_";
  if (name.substr(0, kPrefix.size()) != kPrefix) return -1;
  const std::string_view digits = name.substr(kPrefix.size());
  if (digits.empty() || digits.size() > 6 || (digits.size() > 1 && digits[0] == '0')) return -2;
  long value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -2;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

Result<Plan> make_plan(const Element& vertex, const std::string& name) {
  auto fail = [&name](std::string what) { return Error{name, std::move(what), ply::kReexportHint}; };
  const auto& props = vertex.properties;
  auto find = [&props](std::string_view wanted) -> int {
    for (std::size_t i = 0; i < props.size(); ++i) {
      if (props[i].name == wanted) return static_cast<int>(i);
    }
    return -1;
  };
  for (const Property& p : props) {
    if (p.is_list)
      return fail("list property " + in_quotes(p.name) + " in the vertex element is not supported");
  }

  Plan plan;
  constexpr const char* kRequired[] = {"x",      "y",       "z",       "f_dc_0",  "f_dc_1",
                                       "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2",
                                       "rot_0",  "rot_1",   "rot_2",   "rot_3"};
  constexpr int kRequiredSlot[] = {0,
                                   1,
                                   2,
                                   kShSlot,
                                   kShSlot + 1,
                                   kShSlot + 2,
                                   kOpacitySlot,
                                   kScaleSlot,
                                   kScaleSlot + 1,
                                   kScaleSlot + 2,
                                   kRotSlot,
                                   kRotSlot + 1,
                                   kRotSlot + 2,
                                   kRotSlot + 3};
  // Positions without any Gaussian property: a mesh or a point cloud (colours in red/green/blue),
  // which users open by mistake; say so rather than list a missing property.
  const bool any_splat_property = find("f_dc_0") >= 0 || find("opacity") >= 0 || find("scale_0") >= 0 || find("rot_0") >= 0;
  if (!any_splat_property && find("x") >= 0)
    return Error{name, "this PLY is a mesh or point cloud, not Gaussian splats (it has positions but no opacity, "
                       "scale, rotation or SH colour)",
                 "open the 3DGS point_cloud.ply a training run wrote"};
  for (std::size_t i = 0; i < std::size(kRequired); ++i) {
    const int index = find(kRequired[i]);
    if (index < 0) return fail("missing required property '" + std::string(kRequired[i]) + "'");
    plan.property_of[kRequiredSlot[i]] = index;
  }

  // f_rest: a count of 0, 9, 24 or 45, numbered 0..N-1 without gaps.
  std::vector<std::pair<long, int>> rest;  // (f_rest index, property index)
  for (std::size_t i = 0; i < props.size(); ++i) {
    const long index = f_rest_index(props[i].name);
    if (index == -2) return fail("bad f_rest property name " + in_quotes(props[i].name));
    if (index >= 0) rest.emplace_back(index, static_cast<int>(i));
  }
  const std::size_t n = rest.size();
  switch (n) {
    case 0: plan.sh_degree = 0; break;
    case 9: plan.sh_degree = 1; break;
    case 24: plan.sh_degree = 2; break;
    case 45: plan.sh_degree = 3; break;
    default: return fail("unsupported f_rest count " + std::to_string(n) + " (expected 0, 9, 24 or 45)");
  }
  std::sort(rest.begin(), rest.end());
  for (std::size_t i = 0; i < n; ++i) {
    if (rest[i].first != static_cast<long>(i)) {
      return fail("f_rest properties have a gap: f_rest_" + std::to_string(i) + " missing (" +
                  std::to_string(n) + " found)");
    }
  }
  // File order is channel-major (f_rest_j: channel j / (K-1), coefficient 1 + j % (K-1));
  // the scene is coefficient-major.
  const int coeffs = sh_coeff_count(plan.sh_degree);
  for (int k = 1; k < coeffs; ++k) {
    for (int c = 0; c < 3; ++c) {
      plan.property_of[kShSlot + 3 * k + c] =
          rest[static_cast<std::size_t>(c * (coeffs - 1) + (k - 1))].second;
    }
  }
  plan.slot_count = kShSlot + 3 * coeffs;

  std::vector<std::size_t> offsets(props.size());
  for (std::size_t i = 0; i < props.size(); ++i) {
    offsets[i] = plan.record_size;
    plan.record_size += ply::type_size(props[i].type);
  }
  for (int s = 0; s < plan.slot_count; ++s) {
    const auto p = static_cast<std::size_t>(plan.property_of[s]);
    plan.offset[s] = offsets[p];
    plan.type[s] = props[p].type;
  }
  return plan;
}

}  // namespace splatview::ply
