#include "core/formats/gltf.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "core/formats/decode_support.h"
#include "core/formats/frame_transform.h"
#include "core/formats/gltf_model.h"
#include "core/formats/spz.h"

namespace splatview {
namespace {

using formats::with_commas;

constexpr const char* kHint = "export the scene again as glTF with KHR_gaussian_splatting, or as a 3DGS PLY";
constexpr const char* kExtension = "KHR_gaussian_splatting";
constexpr std::string_view kPrefix = "KHR_gaussian_splatting:";
constexpr int kMaxNodeDepth = 256;

// glTF's frame is +y up, +z front, +x left (LUF); ours is RDF. The two differ by a turn of 180
// degrees about z, which is also its own inverse: the map splat-transform applied when writing.
constexpr Mat3d kGltfToRdf = {-1, 0, 0, 0, -1, 0, 0, 0, 1};

// ---- Accessors ---------------------------------------------------------------------------------------

// Component type and normalisation, as one bit each, so each attribute can list what it allows.
enum Kind : unsigned {
  kF32 = 1u << 0,
  kI8 = 1u << 1,
  kI8N = 1u << 2,
  kU8 = 1u << 3,
  kU8N = 1u << 4,
  kI16 = 1u << 5,
  kI16N = 1u << 6,
  kU16 = 1u << 7,
  kU16N = 1u << 8,
};

unsigned kind_of(const tinygltf::Accessor& a) {
  switch (a.componentType) {
    case TINYGLTF_COMPONENT_TYPE_FLOAT: return a.normalized ? 0u : unsigned{kF32};
    case TINYGLTF_COMPONENT_TYPE_BYTE: return a.normalized ? kI8N : kI8;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return a.normalized ? kU8N : kU8;
    case TINYGLTF_COMPONENT_TYPE_SHORT: return a.normalized ? kI16N : kI16;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return a.normalized ? kU16N : kU16;
    default: return 0;
  }
}

std::string kind_name(const tinygltf::Accessor& a) {
  std::string type;
  switch (a.componentType) {
    case TINYGLTF_COMPONENT_TYPE_FLOAT: type = "float"; break;
    case TINYGLTF_COMPONENT_TYPE_BYTE: type = "signed byte"; break;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: type = "unsigned byte"; break;
    case TINYGLTF_COMPONENT_TYPE_SHORT: type = "signed short"; break;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: type = "unsigned short"; break;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: type = "unsigned int"; break;
    case TINYGLTF_COMPONENT_TYPE_DOUBLE: type = "double"; break;
    default: type = "component type " + std::to_string(a.componentType);
  }
  return a.normalized ? "normalized " + type : type;
}

int component_bytes(int component_type) {
  switch (component_type) {
    case TINYGLTF_COMPONENT_TYPE_BYTE:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE: return 1;
    case TINYGLTF_COMPONENT_TYPE_SHORT:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: return 2;
    case TINYGLTF_COMPONENT_TYPE_FLOAT:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: return 4;
    default: return 0;
  }
}

// glTF's decoding of one component (spec 3.11: normalised signed values clamp at -1).
float decode_component(const unsigned char* p, unsigned kind) {
  switch (kind) {
    case kF32: {
      float v;
      std::memcpy(&v, p, 4);
      return v;
    }
    case kI8: return static_cast<float>(static_cast<std::int8_t>(p[0]));
    case kI8N: return std::max(static_cast<std::int8_t>(p[0]) / 127.0f, -1.0f);
    case kU8: return static_cast<float>(p[0]);
    case kU8N: return p[0] / 255.0f;
    default: break;
  }
  std::uint16_t u;
  std::memcpy(&u, p, 2);
  switch (kind) {
    case kI16: return static_cast<float>(static_cast<std::int16_t>(u));
    case kI16N: return std::max(static_cast<std::int16_t>(u) / 32767.0f, -1.0f);
    case kU16: return static_cast<float>(u);
    default: return u / 65535.0f;  // kU16N
  }
}

struct AttributeRule {
  int type;             // TINYGLTF_TYPE_*
  unsigned kinds;       // allowed Kind bits
  const char* allowed;  // for messages
  int other_type = -1;  // a second accepted type (COLOR_0: RGB or RGBA)
};

constexpr unsigned kAllInts = kI8 | kI8N | kU8 | kU8N | kI16 | kI16N | kU16 | kU16N;
constexpr AttributeRule kPositionRule{TINYGLTF_TYPE_VEC3, kF32 | kAllInts, "float, or an integer type (KHR_mesh_quantization)"};
constexpr AttributeRule kRotationRule{TINYGLTF_TYPE_VEC4, kF32 | kI8N | kI16N, "float, normalized signed byte or short"};
constexpr AttributeRule kScaleRule{TINYGLTF_TYPE_VEC3, kF32 | kU8 | kU8N | kU16 | kU16N,
                                   "float, unsigned byte or short (normalized or not)"};
constexpr AttributeRule kOpacityRule{TINYGLTF_TYPE_SCALAR, kF32 | kU8N | kU16N,
                                     "float, normalized unsigned byte or short"};
constexpr AttributeRule kShRule{TINYGLTF_TYPE_VEC3, kF32, "float"};
constexpr AttributeRule kColorRule{TINYGLTF_TYPE_VEC4, kF32 | kU8N | kU16N, "float, normalized unsigned byte or short",
                                   TINYGLTF_TYPE_VEC3};

std::string type_name(int type) {
  switch (type) {
    case TINYGLTF_TYPE_SCALAR: return "SCALAR";
    case TINYGLTF_TYPE_VEC2: return "VEC2";
    case TINYGLTF_TYPE_VEC3: return "VEC3";
    case TINYGLTF_TYPE_VEC4: return "VEC4";
    default: return "a matrix";
  }
}

// Reads accessors with every check the glTF spec asks of a valid file, so that no index, offset,
// stride or count reaches memory unchecked. Views read so far are remembered to refuse overlaps.
class AccessorReader {
 public:
  AccessorReader(const tinygltf::Model& model, const std::string& name) : model_(model), name_(name) {}

  // The accessor's values, `components` per element (count elements), as floats.
  Result<std::vector<float>> read(int index, const std::string& what, const AttributeRule& rule,
                                  std::size_t expected_count, bool needs_view) {
    auto fail = [&](const std::string& why) { return Error{name_, what + ": " + why, kHint}; };
    if (index < 0 || static_cast<std::size_t>(index) >= model_.accessors.size())
      return fail("accessor " + std::to_string(index) + " does not exist (the file has " +
                  std::to_string(model_.accessors.size()) + ")");
    const tinygltf::Accessor& a = model_.accessors[static_cast<std::size_t>(index)];
    int components = tinygltf::GetNumComponentsInType(static_cast<std::uint32_t>(a.type));
    if (a.type != rule.type && a.type != rule.other_type)
      return fail("accessor is " + type_name(a.type) + ", " + type_name(rule.type) + " expected");
    const unsigned kind = kind_of(a);
    if (!(kind & rule.kinds)) return fail(kind_name(a) + " components are not allowed (" + rule.allowed + ")");
    if (a.count != expected_count)
      return fail("accessor holds " + with_commas(a.count) + " elements, POSITION has " + with_commas(expected_count));
    const std::size_t element = static_cast<std::size_t>(components * component_bytes(a.componentType));
    std::vector<float> out;
    if (a.bufferView >= 0) {
      auto view = check_view(a.bufferView, what);
      if (!view) return view.error();
      const tinygltf::BufferView& v = *view.value();
      const std::size_t stride = v.byteStride ? v.byteStride : element;
      if (stride < element)
        return fail("bufferView " + std::to_string(a.bufferView) + "'s byteStride " + std::to_string(stride) +
                    " is smaller than one element (" + std::to_string(element) + " bytes)");
      if (a.count > 0) {
        // a.byteOffset + (count - 1) * stride + element <= view length, without overflow.
        const std::uint64_t room = v.byteLength;
        if (a.byteOffset > room || element > room - a.byteOffset ||
            (a.count - 1) > (room - a.byteOffset - element) / stride)
          return fail("accessor of " + with_commas(a.count) + " elements does not fit bufferView " +
                      std::to_string(a.bufferView) + " (" + with_commas(v.byteLength) + " bytes)");
      }
      out.resize(a.count * static_cast<std::size_t>(components));
      const unsigned char* base =
          model_.buffers[static_cast<std::size_t>(v.buffer)].data.data() + v.byteOffset + a.byteOffset;
      const int csize = component_bytes(a.componentType);
      for (std::size_t i = 0; i < a.count; ++i)
        for (int c = 0; c < components; ++c)
          out[i * static_cast<std::size_t>(components) + static_cast<std::size_t>(c)] =
              decode_component(base + i * stride + static_cast<std::size_t>(c * csize), kind);
    } else {
      if (needs_view || !a.sparse.isSparse) return fail("accessor has no data (no bufferView, not sparse)");
      out.assign(a.count * static_cast<std::size_t>(components), 0.0f);  // a.count == POSITION's, checked
    }
    if (a.sparse.isSparse) {
      if (auto error = apply_sparse(a, what, kind, components, out)) return *error;
    }
    return out;
  }

  // A bufferView's bytes, with the same checks as an accessor's view (in its buffer, no overlap).
  Result<std::span<const std::byte>> view_bytes(int index, const std::string& what) {
    auto view = check_view(index, what);
    if (!view) return view.error();
    const tinygltf::BufferView& v = *view.value();
    const auto* base = model_.buffers[static_cast<std::size_t>(v.buffer)].data.data() + v.byteOffset;
    return std::span<const std::byte>(reinterpret_cast<const std::byte*>(base), v.byteLength);
  }

 private:
  Result<const tinygltf::BufferView*> check_view(int index, const std::string& what) {
    auto fail = [&](const std::string& why) { return Error{name_, what + ": " + why, kHint}; };
    if (index < 0 || static_cast<std::size_t>(index) >= model_.bufferViews.size())
      return fail("bufferView " + std::to_string(index) + " does not exist");
    const tinygltf::BufferView& v = model_.bufferViews[static_cast<std::size_t>(index)];
    if (v.buffer < 0 || static_cast<std::size_t>(v.buffer) >= model_.buffers.size())
      return fail("bufferView " + std::to_string(index) + " names buffer " + std::to_string(v.buffer) +
                  ", which does not exist");
    const std::size_t size = model_.buffers[static_cast<std::size_t>(v.buffer)].data.size();
    if (v.byteOffset > size || v.byteLength > size - v.byteOffset)
      return fail("bufferView " + std::to_string(index) + " (" + with_commas(v.byteLength) + " bytes at " +
                  with_commas(v.byteOffset) + ") lies outside its buffer of " + with_commas(size) + " bytes");
    for (const auto& [other, range] : views_) {
      if (other == index || range.buffer != v.buffer) continue;
      if (v.byteOffset < range.end && range.begin < v.byteOffset + v.byteLength)
        return fail("bufferViews " + std::to_string(other) + " and " + std::to_string(index) + " overlap");
    }
    views_[index] = {v.buffer, v.byteOffset, v.byteOffset + v.byteLength};
    return &v;
  }

  std::optional<Error> apply_sparse(const tinygltf::Accessor& a, const std::string& what, unsigned kind,
                                    int components, std::vector<float>& out) {
    auto fail = [&](const std::string& why) { return Error{name_, what + ": sparse accessor: " + why, kHint}; };
    const auto& s = a.sparse;
    if (s.count < 1 || static_cast<std::size_t>(s.count) > a.count)
      return fail(std::to_string(s.count) + " substitutions for " + with_commas(a.count) + " elements");
    const int index_bytes = component_bytes(s.indices.componentType);
    if (s.indices.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE &&
        s.indices.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
        s.indices.componentType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT)
      return fail("indices must be unsigned byte, short or int");
    if (s.indices.byteOffset < 0 || s.values.byteOffset < 0) return fail("negative byteOffset");
    const std::size_t n = static_cast<std::size_t>(s.count);
    const std::size_t element = static_cast<std::size_t>(components * component_bytes(a.componentType));
    auto indices_view = check_view(s.indices.bufferView, what + " (sparse indices)");
    if (!indices_view) return indices_view.error();
    auto values_view = check_view(s.values.bufferView, what + " (sparse values)");
    if (!values_view) return values_view.error();
    const auto fits = [n](const tinygltf::BufferView& v, std::size_t offset, std::size_t size) {
      return offset <= v.byteLength && n <= (v.byteLength - offset) / size;
    };
    if (!fits(*indices_view.value(), static_cast<std::size_t>(s.indices.byteOffset), static_cast<std::size_t>(index_bytes)))
      return fail(std::to_string(n) + " indices do not fit their bufferView");
    if (!fits(*values_view.value(), static_cast<std::size_t>(s.values.byteOffset), element))
      return fail(std::to_string(n) + " values do not fit their bufferView");
    const auto& iv = *indices_view.value();
    const auto& vv = *values_view.value();
    const unsigned char* indices =
        model_.buffers[static_cast<std::size_t>(iv.buffer)].data.data() + iv.byteOffset + static_cast<std::size_t>(s.indices.byteOffset);
    const unsigned char* values =
        model_.buffers[static_cast<std::size_t>(vv.buffer)].data.data() + vv.byteOffset + static_cast<std::size_t>(s.values.byteOffset);
    const int csize = component_bytes(a.componentType);
    std::uint64_t previous = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const unsigned char* p = indices + k * static_cast<std::size_t>(index_bytes);
      std::uint64_t target = p[0];
      if (index_bytes >= 2) target |= std::uint64_t{p[1]} << 8;
      if (index_bytes == 4) target |= (std::uint64_t{p[2]} << 16) | (std::uint64_t{p[3]} << 24);
      if (target >= a.count)
        return fail("index " + with_commas(target) + " is past the last element (" + with_commas(a.count - 1) + ")");
      if (k > 0 && target <= previous) return fail("indices are not strictly increasing");
      previous = target;
      for (int c = 0; c < components; ++c)
        out[static_cast<std::size_t>(target) * static_cast<std::size_t>(components) + static_cast<std::size_t>(c)] =
            decode_component(values + k * element + static_cast<std::size_t>(c * csize), kind);
    }
    return std::nullopt;
  }

  struct Range {
    int buffer;
    std::size_t begin, end;
  };
  const tinygltf::Model& model_;
  const std::string& name_;
  std::map<int, Range> views_;
};

// ---- Scene graph -------------------------------------------------------------------------------------

formats::Affine compose(const formats::Affine& parent, const formats::Affine& child) {
  formats::Affine out;
  out.linear = formats::multiply(parent.linear, child.linear);
  for (int r = 0; r < 3; ++r) {
    double t = parent.translation[static_cast<std::size_t>(r)];
    for (int k = 0; k < 3; ++k) t += parent.linear[static_cast<std::size_t>(3 * r + k)] * child.translation[static_cast<std::size_t>(k)];
    out.translation[static_cast<std::size_t>(r)] = t;
  }
  return out;
}

Result<formats::Affine> local_transform(const tinygltf::Node& node, const std::string& what, const std::string& name) {
  auto fail = [&](const std::string& why) { return Error{name, what + ": " + why, kHint}; };
  formats::Affine a;
  if (!node.matrix.empty()) {
    if (node.matrix.size() != 16) return fail("its matrix has " + std::to_string(node.matrix.size()) + " numbers, not 16");
    const auto& m = node.matrix;  // column-major
    if (m[3] != 0 || m[7] != 0 || m[11] != 0 || m[15] != 1) return fail("its matrix is not affine (last row not 0 0 0 1)");
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) a.linear[static_cast<std::size_t>(3 * r + c)] = m[static_cast<std::size_t>(4 * c + r)];
      a.translation[static_cast<std::size_t>(r)] = m[static_cast<std::size_t>(12 + r)];
    }
    return a;
  }
  if (!node.translation.empty() && node.translation.size() != 3) return fail("its translation does not have 3 numbers");
  if (!node.rotation.empty() && node.rotation.size() != 4) return fail("its rotation does not have 4 numbers");
  if (!node.scale.empty() && node.scale.size() != 3) return fail("its scale does not have 3 numbers");
  Mat3d r = formats::kIdentity3;
  if (!node.rotation.empty()) {
    double x = node.rotation[0], y = node.rotation[1], z = node.rotation[2], w = node.rotation[3];
    const double norm = std::sqrt(x * x + y * y + z * z + w * w);
    if (!(norm > 1e-6) || !std::isfinite(norm)) return fail("its rotation is not a unit quaternion");
    x /= norm, y /= norm, z /= norm, w /= norm;
    r = {1 - 2 * (y * y + z * z), 2 * (x * y - w * z),     2 * (x * z + w * y),
         2 * (x * y + w * z),     1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
         2 * (x * z - w * y),     2 * (y * z + w * x),     1 - 2 * (x * x + y * y)};
  }
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 3; ++col)
      a.linear[static_cast<std::size_t>(3 * row + col)] =
          r[static_cast<std::size_t>(3 * row + col)] * (node.scale.empty() ? 1.0 : node.scale[static_cast<std::size_t>(col)]);
  if (!node.translation.empty())
    for (int k = 0; k < 3; ++k) a.translation[static_cast<std::size_t>(k)] = node.translation[static_cast<std::size_t>(k)];
  return a;
}

struct Instance {
  int mesh;
  formats::Affine world;
  std::string what;  // "node 3" for messages
};

// Every mesh the default scene instantiates, with its node's global transform.
Result<std::vector<Instance>> instances(const tinygltf::Model& model, const std::string& name) {
  std::vector<Instance> out;
  const std::size_t node_count = model.nodes.size();
  std::vector<int> roots;
  if (!model.scenes.empty()) {
    const int scene = model.defaultScene >= 0 ? model.defaultScene : 0;
    if (static_cast<std::size_t>(scene) >= model.scenes.size())
      return Error{name, "the default scene " + std::to_string(scene) + " does not exist", kHint};
    roots = model.scenes[static_cast<std::size_t>(scene)].nodes;
  } else if (node_count > 0) {
    std::vector<bool> is_child(node_count);
    for (const auto& node : model.nodes)
      for (int c : node.children)
        if (c >= 0 && static_cast<std::size_t>(c) < node_count) is_child[static_cast<std::size_t>(c)] = true;
    for (std::size_t i = 0; i < node_count; ++i)
      if (!is_child[i]) roots.push_back(static_cast<int>(i));
  } else {
    for (std::size_t m = 0; m < model.meshes.size(); ++m)
      out.push_back({static_cast<int>(m), {}, "mesh " + std::to_string(m)});
    return out;
  }
  std::vector<bool> visited(node_count);
  struct Pending {
    int node;
    formats::Affine parent;
    int depth;
  };
  std::vector<Pending> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back({*it, {}, 0});
  while (!stack.empty()) {
    const Pending p = stack.back();
    stack.pop_back();
    const std::string what = "node " + std::to_string(p.node);
    if (p.node < 0 || static_cast<std::size_t>(p.node) >= node_count)
      return Error{name, what + " does not exist (the file has " + std::to_string(node_count) + " nodes)", kHint};
    if (visited[static_cast<std::size_t>(p.node)])
      return Error{name, what + " appears twice in the scene's node tree", kHint};
    if (p.depth > kMaxNodeDepth) return Error{name, "the node tree is deeper than " + std::to_string(kMaxNodeDepth), kHint};
    visited[static_cast<std::size_t>(p.node)] = true;
    const tinygltf::Node& node = model.nodes[static_cast<std::size_t>(p.node)];
    auto local = local_transform(node, what, name);
    if (!local) return local.error();
    const formats::Affine world = compose(p.parent, local.value());
    if (node.mesh >= 0) {
      if (static_cast<std::size_t>(node.mesh) >= model.meshes.size())
        return Error{name, what + " names mesh " + std::to_string(node.mesh) + ", which does not exist", kHint};
      out.push_back({node.mesh, world, what});
    }
    for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) stack.push_back({*it, world, p.depth + 1});
  }
  return out;
}

// ---- Splat primitives --------------------------------------------------------------------------------

std::string string_property(const tinygltf::Value& ext, const char* key, const char* fallback) {
  if (!ext.IsObject() || !ext.Has(key) || !ext.Get(key).IsString()) return fallback;
  return ext.Get(key).Get<std::string>();
}

struct SplatPrimitive {
  const tinygltf::Primitive* primitive = nullptr;
  const Instance* instance = nullptr;
  std::string what;
  std::size_t count = 0;
  int sh_degree = -1;  // -1: no SH at all (COLOR_0 gives the colour)
  int spz_view = -1;   // the bufferView of its SPZ blob, when the data is SPZ-compressed
  std::optional<GaussianScene> spz;  // that blob decoded (in our frame, as decode_spz gives it)
};

// The bufferView named by the primitive's KHR_gaussian_splatting_compression_spz_2 extension (nested
// in its KHR_gaussian_splatting object), or -1 when it has none.
Result<int> spz_view_of(const tinygltf::Value& ext, const std::string& what, const std::string& name) {
  if (!ext.IsObject() || !ext.Has("extensions") || !ext.Get("extensions").IsObject()) return -1;
  const tinygltf::Value& nested = ext.Get("extensions");
  for (const std::string& id : nested.Keys()) {
    if (!formats::is_spz_compression_extension(id)) continue;
    const tinygltf::Value& spz = nested.Get(id);
    if (!spz.IsObject() || !spz.Has("bufferView") || !spz.Get("bufferView").IsInt() ||
        spz.Get("bufferView").GetNumberAsInt() < 0)
      return Error{name, what + ": " + id + " names no bufferView", kHint};
    return spz.Get("bufferView").GetNumberAsInt();
  }
  return -1;
}

// Reads a small decimal number (digits only, no leading zero) off the front of `text`.
bool take_number(std::string_view& text, int& out) {
  std::size_t digits = 0;
  while (digits < text.size() && digits < 3 && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || (digits > 1 && text[0] == '0') || (digits < text.size() && text[digits] >= '0' && text[digits] <= '9'))
    return false;
  out = 0;
  for (std::size_t i = 0; i < digits; ++i) out = 10 * out + (text[i] - '0');
  text.remove_prefix(digits);
  return true;
}

// "SH_DEGREE_l_COEF_n", spelled exactly so (the name decode_primitive looks the attribute up by).
bool parse_sh_attribute(std::string_view text, int& l, int& n) {
  auto skip = [&text](std::string_view word) {
    if (text.substr(0, word.size()) != word) return false;
    text.remove_prefix(word.size());
    return true;
  };
  return skip("SH_DEGREE_") && take_number(text, l) && skip("_COEF_") && take_number(text, n) && text.empty();
}

// Checks one splat primitive's extension properties and attribute set; finds its count and SH degree.
std::optional<Error> inspect(const tinygltf::Model& model, SplatPrimitive& sp, const std::string& name,
                             std::vector<std::string>& warnings) {
  auto fail = [&](const std::string& why) { return Error{name, sp.what + ": " + why, kHint}; };
  const tinygltf::Primitive& p = *sp.primitive;
  const tinygltf::Value& ext = p.extensions.at(kExtension);
  const std::string kernel = string_property(ext, "kernel", "ellipse");
  if (kernel != "ellipse")
    return fail("kernel '" + kernel.substr(0, 40) + "' is not one splatview renders (it renders 'ellipse')");
  const std::string color_space = string_property(ext, "colorSpace", "srgb_rec709_display");
  if (color_space == "lin_rec709_display")
    return Error{name, sp.what + ": colorSpace 'lin_rec709_display' (blended in linear light) is not rendered by splatview",
                 "splatview blends in sRGB display space as 3DGS does; export the scene in srgb_rec709_display"};
  if (color_space != "srgb_rec709_display")
    return fail("colorSpace '" + color_space.substr(0, 40) + "' is not one splatview renders (srgb_rec709_display)");
  const std::string projection = string_property(ext, "projection", "perspective");
  if (projection != "perspective")
    return fail("projection '" + projection.substr(0, 40) + "' is not one splatview renders (perspective)");
  const std::string sorting = string_property(ext, "sortingMethod", "cameraDistance");
  if (sorting != "cameraDistance")
    warnings.push_back("sortingMethod '" + sorting.substr(0, 40) + "' is ignored: splatview sorts by depth, as 3DGS does");
  if (p.mode != TINYGLTF_MODE_POINTS) return fail("primitive mode is " + std::to_string(p.mode) + ", POINTS (0) expected");

  auto spz_view = spz_view_of(ext, sp.what, name);
  if (!spz_view) return spz_view.error();
  sp.spz_view = spz_view.value();
  if (sp.spz_view >= 0) {
    // The SPZ blob holds every value; the attributes are placeholders whose POSITION count must match it.
    if (!p.attributes.count("POSITION")) return fail("attribute POSITION is missing");
    const int position = p.attributes.at("POSITION");
    if (position < 0 || static_cast<std::size_t>(position) >= model.accessors.size())
      return fail("POSITION: accessor " + std::to_string(position) + " does not exist");
    sp.count = model.accessors[static_cast<std::size_t>(position)].count;
    return std::nullopt;
  }

  for (const char* required : {"POSITION", "KHR_gaussian_splatting:ROTATION", "KHR_gaussian_splatting:SCALE",
                               "KHR_gaussian_splatting:OPACITY"}) {
    if (!p.attributes.count(required)) return fail("attribute " + std::string(required) + " is missing");
  }
  const int position = p.attributes.at("POSITION");
  if (position < 0 || static_cast<std::size_t>(position) >= model.accessors.size())
    return fail("POSITION: accessor " + std::to_string(position) + " does not exist");
  sp.count = model.accessors[static_cast<std::size_t>(position)].count;

  bool present[4][7] = {};
  for (const auto& [attribute, accessor] : p.attributes) {
    const std::string_view a = attribute;
    if (a.substr(0, kPrefix.size()) != kPrefix) continue;
    const std::string_view rest = a.substr(kPrefix.size());
    int l = -1, n = -1;
    if (rest.substr(0, 10) != "SH_DEGREE_") continue;
    if (!parse_sh_attribute(rest, l, n))
      return fail("attribute " + std::string(attribute.substr(0, 80)) + " is not SH_DEGREE_l_COEF_n");
    if (l < 0 || l > kMaxShDegree) return fail("SH degree " + std::to_string(l) + " is not supported (0 to 3)");
    if (n < 0 || n > 2 * l)
      return fail("attribute " + std::string(attribute) + ": degree " + std::to_string(l) + " has coefficients 0 to " +
                  std::to_string(2 * l));
    present[l][n] = true;
  }
  int degree = -1;
  for (int l = 0; l <= kMaxShDegree; ++l) {
    const int have = static_cast<int>(std::count(present[l], present[l] + 2 * l + 1, true));
    if (have == 0) continue;
    if (have != 2 * l + 1)
      return fail("SH degree " + std::to_string(l) + " is only partly defined (" + std::to_string(have) + " of " +
                  std::to_string(2 * l + 1) + " coefficients)");
    if (degree != l - 1)
      return fail("SH degree " + std::to_string(l) + " is present but degree " + std::to_string(degree + 1) + " is not");
    degree = l;
  }
  if (degree < 0 && !p.attributes.count("COLOR_0"))
    return fail("attribute KHR_gaussian_splatting:SH_DEGREE_0_COEF_0 (or COLOR_0) is missing");
  sp.sh_degree = degree;
  return std::nullopt;
}

// Decodes a primitive's SPZ blob with the SPZ reader as it is. The blob is in SPZ's own frame, which
// the extension asks to unpack into glTF's (LUF); decode_spz unpacks it into ours, the same data.
std::optional<Error> decode_spz_payload(SplatPrimitive& sp, AccessorReader& reader, const std::string& name,
                                        std::vector<std::string>& warnings) {
  const std::string what = sp.what + " SPZ payload";
  auto bytes = reader.view_bytes(sp.spz_view, what);
  if (!bytes) return bytes.error();
  auto decoded = decode_spz(bytes.value(), name);
  if (!decoded) return Error{name, what + ": " + decoded.error().what, decoded.error().hint};
  const GaussianScene& payload = decoded.value().scene;
  if (payload.count() != sp.count)
    return Error{name, what + " holds " + with_commas(payload.count()) + " Gaussians, its POSITION accessor " +
                           with_commas(sp.count), kHint};
  for (const std::string& warning : decoded.value().warnings) warnings.push_back(what + ": " + warning);
  sp.sh_degree = payload.sh_degree;
  sp.spz = std::move(decoded.value().scene);
  return std::nullopt;
}

// Moves Gaussians [first, first + n), read in a frame that `to_rdf` maps to ours, into ours; then
// normalises their quaternions and snaps their scales as every reader does (decode_support.h).
std::optional<Error> move_into_rdf(GaussianScene& scene, std::size_t first, std::size_t n,
                                   const formats::Affine& to_rdf, const SplatPrimitive& sp, const std::string& name) {
  std::string why;
  const auto transform = formats::GaussianTransform::make(to_rdf, formats::FlipRule::kCompose, why);
  if (!transform) return Error{name, sp.instance->what + ": " + why, kHint};
  transform->apply(scene, first, first + n);
  for (std::size_t g = first; g < first + n; ++g) {
    float* q = &scene.rotations[4 * g];
    formats::store_rotation(q, q[0], q[1], q[2], q[3]);
    for (int k = 0; k < 3; ++k) scene.scales[3 * g + static_cast<std::size_t>(k)] =
        formats::scale_from_linear(scene.scales[3 * g + static_cast<std::size_t>(k)]);
  }
  return std::nullopt;
}

bool is_identity(const formats::Affine& a) {
  return a.linear == formats::kIdentity3 && a.translation == std::array<double, 3>{};
}

// Copies a decoded SPZ blob into Gaussians [first, first + count) of `scene`. Its values are in our
// frame already; a node transform acts in glTF's, so it is applied as glTF->RDF . node . RDF->glTF.
std::optional<Error> place_spz_payload(const SplatPrimitive& sp, GaussianScene& scene, std::size_t first,
                                       const std::string& name) {
  const GaussianScene& src = *sp.spz;
  const std::size_t n = src.count();
  std::copy(src.positions.begin(), src.positions.end(), scene.positions.begin() + static_cast<std::ptrdiff_t>(3 * first));
  std::copy(src.rotations.begin(), src.rotations.end(), scene.rotations.begin() + static_cast<std::ptrdiff_t>(4 * first));
  std::copy(src.opacities.begin(), src.opacities.end(), scene.opacities.begin() + static_cast<std::ptrdiff_t>(first));
  const std::size_t from = static_cast<std::size_t>(src.sh_coeffs()) * 3, to = static_cast<std::size_t>(scene.sh_coeffs()) * 3;
  for (std::size_t i = 0; i < n; ++i)
    std::copy_n(&src.sh[from * i], from, &scene.sh[to * (first + i)]);  // bands it lacks stay zero
  std::copy(src.scales.begin(), src.scales.end(), scene.scales.begin() + static_cast<std::ptrdiff_t>(3 * first));
  if (is_identity(sp.instance->world)) return std::nullopt;

  formats::Affine gltf_to_rdf;
  gltf_to_rdf.linear = kGltfToRdf;
  return move_into_rdf(scene, first, n, compose(compose(gltf_to_rdf, sp.instance->world), gltf_to_rdf), sp, name);
}

// Decodes one primitive into Gaussians [first, first + count) of `scene`, in its node's frame; then
// moves them into ours.
std::optional<Error> decode_primitive(const SplatPrimitive& sp, AccessorReader& reader, GaussianScene& scene,
                                      std::size_t first, const std::string& name) {
  if (sp.spz) return place_spz_payload(sp, scene, first, name);
  const auto& attrs = sp.primitive->attributes;
  const std::size_t n = sp.count;
  const auto at = [&](const char* key) { return attrs.at(key); };
  const std::string w = sp.what + " ";

  auto positions = reader.read(at("POSITION"), w + "POSITION", kPositionRule, n, true);
  if (!positions) return positions.error();
  auto rotations = reader.read(at("KHR_gaussian_splatting:ROTATION"), w + "ROTATION", kRotationRule, n, false);
  if (!rotations) return rotations.error();
  auto scales = reader.read(at("KHR_gaussian_splatting:SCALE"), w + "SCALE", kScaleRule, n, false);
  if (!scales) return scales.error();
  auto opacities = reader.read(at("KHR_gaussian_splatting:OPACITY"), w + "OPACITY", kOpacityRule, n, false);
  if (!opacities) return opacities.error();

  const std::size_t stride = static_cast<std::size_t>(scene.sh_coeffs()) * 3;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t g = first + i;
    std::copy_n(&positions.value()[3 * i], 3, &scene.positions[3 * g]);
    std::copy_n(&scales.value()[3 * i], 3, &scene.scales[3 * g]);
    const float* q = &rotations.value()[4 * i];  // x, y, z, w
    formats::store_rotation(&scene.rotations[4 * g], q[3], q[0], q[1], q[2]);
    const float o = opacities.value()[i];
    if (o < 0 || o > 1)
      return Error{name, w + "OPACITY: " + std::to_string(o) + " (Gaussian " + with_commas(i) + ") is outside 0..1", kHint};
    scene.opacities[g] = formats::opacity_from_linear(o);
  }
  if (sp.sh_degree >= 0) {
    for (int l = 0; l <= sp.sh_degree; ++l) {
      for (int c = 0; c <= 2 * l; ++c) {
        const std::string key = std::string(kPrefix) + "SH_DEGREE_" + std::to_string(l) + "_COEF_" + std::to_string(c);
        auto sh = reader.read(attrs.at(key), w + key.substr(kPrefix.size()), kShRule, n, false);
        if (!sh) return sh.error();
        const std::size_t k = static_cast<std::size_t>(l * l + c);
        for (std::size_t i = 0; i < n; ++i) std::copy_n(&sh.value()[3 * i], 3, &scene.sh[stride * (first + i) + 3 * k]);
      }
    }
  } else {
    const int color = attrs.at("COLOR_0");
    auto rgb = reader.read(color, w + "COLOR_0", kColorRule, n, false);
    if (!rgb) return rgb.error();
    const std::size_t per = rgb.value().size() / std::max<std::size_t>(n, 1);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t c = 0; c < 3; ++c)
        scene.sh[stride * (first + i) + c] =
            static_cast<float>((rgb.value()[per * i + c] - 0.5) / formats::kShC0);
  }

  formats::Affine gltf_to_rdf;
  gltf_to_rdf.linear = kGltfToRdf;
  return move_into_rdf(scene, first, n, compose(gltf_to_rdf, sp.instance->world), sp, name);
}

// glTF has no field for the render mode a scene was trained for; splatview's writer records it as the
// PLY comment's words in the primitive's extras ({"SplatRenderMode": "mip"}), the place glTF gives
// applications. The first primitive that says decides; an unknown word is a warning and classic.
RenderMode render_mode_of(const std::vector<SplatPrimitive>& splats, std::vector<std::string>& warnings) {
  for (const SplatPrimitive& sp : splats) {
    const tinygltf::Value& extras = sp.primitive->extras;
    if (!extras.IsObject() || !extras.Has("SplatRenderMode") || !extras.Get("SplatRenderMode").IsString()) continue;
    const std::string word = extras.Get("SplatRenderMode").Get<std::string>();
    if (word == "mip") return RenderMode::kMip;
    if (word != "default" && word != "classic")
      warnings.push_back(sp.what + ": SplatRenderMode '" + word.substr(0, 40) + "' is not mip or default; rendering classic");
    return RenderMode::kClassic;
  }
  return RenderMode::kClassic;
}

}  // namespace

bool looks_like_glb(std::span<const std::byte> bytes) {
  return bytes.size() >= 4 && formats::load_u32(bytes.data()) == 0x46546C67;  // "glTF"
}

bool looks_like_gltf_json(std::span<const std::byte> head) {
  // A SOG meta.json has an "asset" object too, and always "means"; glTF has no "means".
  const std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
  return text.find("\"asset\"") != std::string_view::npos && text.find("\"means\"") == std::string_view::npos;
}

Result<LoadedScene> decode_gltf(std::span<const std::byte> bytes, const std::string& name,
                                const std::filesystem::path& folder) {
  if (bytes.empty()) return Error{name, "empty file", kHint};
  return formats::guarded(name, [&]() -> Result<LoadedScene> {
    LoadedScene loaded;
    auto loaded_model = formats::load_gltf_model(bytes, name, folder, &loaded.other_files);
    if (!loaded_model) return loaded_model.error();
    const tinygltf::Model& model = loaded_model.value();
    auto found = instances(model, name);
    if (!found) return found.error();

    std::vector<SplatPrimitive> splats;
    std::size_t other_primitives = 0;
    for (const Instance& instance : found.value()) {
      const auto& mesh = model.meshes[static_cast<std::size_t>(instance.mesh)];
      for (std::size_t p = 0; p < mesh.primitives.size(); ++p) {
        if (!mesh.primitives[p].extensions.count(kExtension)) {
          ++other_primitives;
          continue;
        }
        SplatPrimitive& sp = splats.emplace_back();
        sp.primitive = &mesh.primitives[p];
        sp.instance = &instance;
        sp.what = instance.what + " mesh " + std::to_string(instance.mesh) + " primitive " + std::to_string(p);
      }
    }
    if (splats.empty()) {
      if (other_primitives > 0)
        return Error{name, "this glTF holds meshes, not Gaussian splats (no primitive uses KHR_gaussian_splatting)",
                     "open a glTF exported with KHR_gaussian_splatting, or a 3DGS PLY"};
      return Error{name, "no Gaussians (the glTF's scene holds no splat primitives)", kHint};
    }
    AccessorReader reader(model, name);
    std::uint64_t total = 0;
    int degree = 0;
    for (SplatPrimitive& sp : splats) {
      if (auto error = inspect(model, sp, name, loaded.warnings)) return *error;
      if (sp.count > formats::kMaxGaussians)
        return Error{name, sp.what + ": " + with_commas(sp.count) + " Gaussians, over the limit of " +
                               with_commas(formats::kMaxGaussians), kHint};
      if (sp.spz_view >= 0) {
        if (auto error = decode_spz_payload(sp, reader, name, loaded.warnings)) return *error;
      }
      total += sp.count;
      degree = std::max(degree, sp.sh_degree);
    }
    if (total > formats::kMaxGaussians)
      return Error{name, with_commas(total) + " Gaussians, over the limit of " + with_commas(formats::kMaxGaussians), kHint};
    if (other_primitives > 0)
      loaded.warnings.push_back("ignored " + std::to_string(other_primitives) + " mesh primitive" +
                                (other_primitives == 1 ? "" : "s") + " without KHR_gaussian_splatting");

    GaussianScene& scene = loaded.scene;
    scene.sh_degree = degree;
    formats::size_scene(scene, static_cast<std::size_t>(total));  // SH bands a primitive lacks stay zero
    std::size_t first = 0;
    for (const SplatPrimitive& sp : splats) {
      if (auto error = decode_primitive(sp, reader, scene, first, name)) return *error;
      first += sp.count;
    }
    scene.render_mode = render_mode_of(splats, loaded.warnings);
    if (!model.asset.generator.empty()) scene.comments.push_back("glTF written by " + model.asset.generator);
    if (!model.asset.copyright.empty()) scene.comments.push_back(model.asset.copyright);
    return formats::finish_scene(std::move(loaded), name, kHint);
  });
}

}  // namespace splatview
