#include "tests/fuzz/fuzz_readers.h"

#include <nlohmann/json.hpp>
#include <unistd.h>
#include <zstd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string_view>

#include "core/camera_path.h"
#include "core/formats/compressed_ply.h"
#include "core/formats/gltf.h"
#include "core/formats/gltf_writer.h"
#include "core/formats/sog.h"
#include "core/formats/splat_file.h"
#include "core/formats/spz.h"
#include "core/formats/spz_writer.h"
#include "core/formats/training_cameras.h"
#include "core/ply_reader.h"
#include "core/photo.h"
#include "core/profile.h"
#include "core/profile_import/profile_import.h"
#include "tests/support/format_bytes.h"
#include "tests/support/fuzz_seeds.h"
#include "tests/support/test_paths.h"

namespace splatview::fuzz {
namespace {

using Decoder = Result<LoadedScene> (*)(std::span<const std::byte>, const std::string&);

// ---- Running a case (in the child) ---------------------------------------------------------------

bool is_out_of_memory(const Error& error) {
  return error.what.find("not enough memory") != std::string::npos;
}

Verdict from_error(const Error& error) {
  if (error.file != kCaseName)
    return {Outcome::kInconsistent, "the error names '" + error.file + "': " + error.message()};
  if (error.what.empty()) return {Outcome::kInconsistent, "an error without a message"};
  // A few hundred KB of input never needs the memory a healthy process has: running out means some
  // allocation was sized by a claim.
  if (is_out_of_memory(error)) return {Outcome::kOverMemory, error.message()};
  return {Outcome::kRejected, error.message()};
}

// A decoded scene must be whole: arrays of the right sizes, finite values, unit rotations.
std::string scene_problem(const GaussianScene& s) {
  const std::size_t n = s.count();
  if (n == 0) return "no Gaussians";
  if (s.sh_degree < 0 || s.sh_degree > kMaxShDegree) return "SH degree " + std::to_string(s.sh_degree);
  if (s.positions.size() != 3 * n || s.scales.size() != 3 * n || s.rotations.size() != 4 * n ||
      s.opacities.size() != n || s.sh.size() != static_cast<std::size_t>(3 * s.sh_coeffs()) * n)
    return "array sizes do not match " + std::to_string(n) + " Gaussians";
  for (std::size_t i = 0; i < n; ++i) {
    double norm2 = 0;
    for (int k = 0; k < 4; ++k) norm2 += double(s.rotations[4 * i + k]) * s.rotations[4 * i + k];
    if (!(std::fabs(norm2 - 1.0) < 1e-5))
      return "rotation " + std::to_string(i) + " is not a unit quaternion";
    if (!(s.opacities[i] >= 0.0f && s.opacities[i] <= 1.0f))
      return "opacity " + std::to_string(i) + " outside [0, 1]";
    for (int k = 0; k < 3; ++k) {
      if (!std::isfinite(s.positions[3 * i + k])) return "position " + std::to_string(i) + " not finite";
      if (!(std::isfinite(s.scales[3 * i + k]) && s.scales[3 * i + k] >= 0.0f))
        return "scale " + std::to_string(i) + " not finite and positive";
    }
  }
  for (float v : s.sh)
    if (!std::isfinite(v)) return "an SH value is not finite";
  return {};
}

std::function<Verdict(std::span<const std::byte>)> scene_reader(Decoder decoder) {
  return [decoder](std::span<const std::byte> bytes) -> Verdict {
    const Result<LoadedScene> result = decoder(bytes, kCaseName);
    if (!result) return from_error(result.error());
    if (std::string problem = scene_problem(result.value().scene); !problem.empty())
      return {Outcome::kInconsistent, problem};
    return {Outcome::kLoaded, std::to_string(result.value().scene.count()) + " Gaussians"};
  };
}

std::string_view as_text(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Verdict run_profile(std::span<const std::byte> bytes) {
  const auto result = parse_profile(as_text(bytes), kCaseName);
  if (!result) return from_error(result.error());
  if (result.value().profile.name.empty()) return {Outcome::kInconsistent, "a profile without a name"};
  return {Outcome::kLoaded, std::to_string(result.value().warnings.size()) + " warnings"};
}

Verdict run_cameras(std::span<const std::byte> bytes) {
  const auto result = parse_training_cameras(as_text(bytes), kCaseName);
  if (!result) return from_error(result.error());
  for (const TrainingCamera& c : result.value()) {
    if (c.width <= 0 || c.height <= 0 || !(c.fx > 0) || !(c.fy > 0) || !std::isfinite(c.fx) ||
        !std::isfinite(c.fy))
      return {Outcome::kInconsistent, "view " + std::to_string(c.id) + " has a bad size or focal length"};
  }
  return {Outcome::kLoaded, std::to_string(result.value().size()) + " views"};
}

Verdict run_camera_path(std::span<const std::byte> bytes) {
  const auto path = parse_camera_path(as_text(bytes), kCaseName);
  if (!path) return from_error(path.error());
  const auto sampler = CameraPathSampler::build(path.value(), kCaseName);
  if (!sampler) return from_error(sampler.error());
  for (int k = 0; k <= 16; ++k) {  // a flight through it: every camera finite
    const Camera c = sampler.value().at(sampler.value().duration() * k / 16, 64, 36);
    if (!std::isfinite(c.eye.x + c.eye.y + c.eye.z + c.target.x + c.target.y + c.target.z + c.fovy_degrees))
      return {Outcome::kInconsistent, "a non-finite camera at step " + std::to_string(k)};
  }
  return {Outcome::kLoaded, std::to_string(path.value().keys.size()) + " keyframes"};
}

Result<LoadedScene> decode_glb_in_memory(std::span<const std::byte> bytes, const std::string& name) {
  return decode_gltf(bytes, name, {});  // no folder: external buffers are refused
}

// ---- Making a case from a seed -------------------------------------------------------------------

Bytes plain(const Bytes& seed, Rng& rng) { return mutate(seed, rng); }

// Half the cases damage the gzip stream, half the SPZ payload inside it (then gzipped again, so that
// the damage reaches the decoder past the CRC).
Bytes gzip_inner(const Bytes& seed, Rng& rng) {
  if (rng() % 2) return mutate(seed, rng);
  return test::gzip(mutate(test::gunzip(seed), rng));
}

// SPZ version 4: the 32-byte header, a table of contents, one zstd stream per attribute. Half the
// cases damage the file; half damage the header or one stream's content and rebuild the rest.
Bytes zstd_streams(const Bytes& seed, Rng& rng) {
  if (rng() % 2) return mutate(seed, rng);
  const std::size_t count = std::to_integer<std::size_t>(seed[15]);
  Bytes header(seed.begin(), seed.begin() + 32);
  std::vector<Bytes> raw;
  std::size_t at = 32 + 16 * count;
  for (std::size_t s = 0; s < count; ++s) {
    const auto compressed = test::get<std::uint64_t>(seed, 32 + 16 * s);
    Bytes data(test::get<std::uint64_t>(seed, 32 + 16 * s + 8));
    ZSTD_decompress(data.data(), data.size(), seed.data() + at, compressed);
    raw.push_back(std::move(data));
    at += compressed;
  }
  const std::size_t target = rng() % (count + 1);
  if (target == count) {
    header = mutate(header, rng);
    header.resize(32);
  } else {
    raw[target] = mutate(raw[target], rng);
  }
  Bytes out = header;
  Bytes packed;
  for (const Bytes& data : raw) {
    Bytes c(ZSTD_compressBound(data.size()));
    c.resize(ZSTD_compress(c.data(), c.size(), data.data(), data.size(), 1));
    test::put(out, std::uint64_t(c.size()));
    test::put(out, std::uint64_t(data.size()));
    packed.insert(packed.end(), c.begin(), c.end());
  }
  out.insert(out.end(), packed.begin(), packed.end());
  return out;
}

// SOG: a quarter of the cases damage the ZIP; the rest damage one member (meta.json half of those),
// or drop or duplicate one, and zip the members again.
Bytes zip_members(const Bytes& seed, Rng& rng) {
  if (rng() % 4 == 0) return mutate(seed, rng);
  std::map<std::string, Bytes> members = test::unzip(seed);
  std::vector<std::string> names;
  for (const auto& entry : members) names.push_back(entry.first);
  const std::string& name = rng() % 2 ? std::string("meta.json") : names[rng() % names.size()];
  switch (rng() % 10) {
    case 0:
      members.erase(name);
      break;
    case 1:
      members["copy/" + name] = members[name];
      break;
    default:
      members[name] = mutate(members[name], rng);
      break;
  }
  return test::stored_zip(members);
}

Bytes file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return test::to_bytes({std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
}

std::vector<Bytes> profile_seeds() {
  std::vector<Bytes> seeds;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("data/profiles"))) {
    if (entry.path().extension() == ".toml") seeds.push_back(file_bytes(entry.path()));
  }
  return seeds;
}

// Seeds: small cuts of the real scenes (a few hundred Gaussians, so that a case takes milliseconds).
std::vector<Bytes> ply_binary_seeds() {
  using test::ply_seed;
  return {ply_seed("playbot-31k-sh1.ply", 200), ply_seed("playbot-3k-sh2-nonormals-altorder.ply", 100),
          ply_seed("voxel51-train-first1000-sh3-bigendian.ply", 40),
          ply_seed("voxel51-train-first1000-sh3-double.ply", 40)};
}
std::vector<Bytes> ply_ascii_seeds() { return {test::ply_seed("voxel51-train-first1000-sh3-ascii.ply", 40)}; }
std::vector<Bytes> compressed_ply_seeds() { return {test::compressed_ply_seed(300)}; }
std::vector<Bytes> splat_seeds() { return {test::splat_seed(64)}; }
std::vector<Bytes> spz_v3_seeds() { return {test::gzip(test::spz_v3_seed(200))}; }
std::vector<Bytes> spz_v4_seeds() { return {test::spz_v4_seed(200)}; }
std::vector<Bytes> sog_seeds() { return {test::stored_zip(test::sog_seed_members())}; }
std::vector<Bytes> cameras_json_seeds() { return {test::to_bytes(test::cameras_json_seed(3))}; }
std::vector<Bytes> camera_path_seeds() {
  return {test::to_bytes(R"({"loop": false, "ease_in": true, "seconds": 4, "fps": 24, "width": 64, "height": 36,
    "keyframes": [{"position": [0, -1, -6], "target": [0, 0, 0]},
                  {"position": [4, -1.5, -4], "target": [0, 0, 0], "up": [0, -1, 0], "fovy_degrees": 40},
                  {"position": [6, -1, 0], "rotation": [[0, 0, -1], [0, 1, 0], [1, 0, 0]], "time": 3}]})"),
          test::to_bytes(R"({"camera_type": "perspective", "render_width": 64, "render_height": 36, "fps": 10,
    "seconds": 1, "is_cycle": false, "camera_path": [
      {"camera_to_world": [1,0,0,0, 0,-1,0,-0.4, 0,0,-1,-3, 0,0,0,1], "fov": 50, "aspect": 1.78},
      {"camera_to_world": [0,0,1,3, 0,-1,0,-0.4, 1,0,0,0, 0,0,0,1], "fov": 45, "aspect": 1.78}]})"),
          test::to_bytes(test::cameras_json_seed(4))};
}
void put_u32(Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
}

// A glTF binary whose one primitive holds an SPZ blob (KHR_gaussian_splatting_compression_spz_2),
// with placeholder accessors as the extension's example has them.
Bytes spz_compressed_glb(const GaussianScene& scene) {
  const std::string spz = encode_spz(scene, "seed.spz").value();
  const std::size_t n = scene.count();
  auto placeholder = [n](const char* type) { return nlohmann::json{{"componentType", 5126}, {"count", n}, {"type", type}}; };
  const nlohmann::json doc = {
      {"asset", {{"version", "2.0"}}},
      {"extensionsUsed", {"KHR_gaussian_splatting", "KHR_gaussian_splatting_compression_spz_2"}},
      {"extensionsRequired", {"KHR_gaussian_splatting_compression_spz_2"}},
      {"scene", 0},
      {"scenes", {{{"nodes", {0}}}}},
      {"nodes", {{{"mesh", 0}}}},
      {"meshes",
       {{{"primitives",
          {{{"attributes", {{"POSITION", 0}, {"COLOR_0", 1}, {"KHR_gaussian_splatting:SCALE", 2},
                            {"KHR_gaussian_splatting:ROTATION", 3}}},
            {"mode", 0},
            {"extensions",
             {{"KHR_gaussian_splatting",
               {{"extensions", {{"KHR_gaussian_splatting_compression_spz_2", {{"bufferView", 0}}}}}}}}}}}}}}},
      {"buffers", {{{"byteLength", spz.size()}}}},
      {"bufferViews", {{{"buffer", 0}, {"byteLength", spz.size()}}}},
      {"accessors", {placeholder("VEC3"), placeholder("VEC4"), placeholder("VEC3"), placeholder("VEC4")}},
  };
  std::string json = doc.dump();
  while (json.size() % 4) json += ' ';
  std::string bin = spz;
  while (bin.size() % 4) bin += '\0';
  Bytes out;
  put_u32(out, 0x46546C67);  // "glTF"
  put_u32(out, 2);
  put_u32(out, static_cast<std::uint32_t>(28 + json.size() + bin.size()));
  put_u32(out, static_cast<std::uint32_t>(json.size()));
  put_u32(out, 0x4E4F534A);  // "JSON"
  for (char c : json) out.push_back(static_cast<std::byte>(c));
  put_u32(out, static_cast<std::uint32_t>(bin.size()));
  put_u32(out, 0x004E4942);  // "BIN\0"
  for (char c : bin) out.push_back(static_cast<std::byte>(c));
  return out;
}

// glTF binaries of a small cut of a real scene: as our encoder writes them, and SPZ-compressed.
std::vector<Bytes> glb_seeds() {
  const auto scene = parse_ply(test::ply_seed("playbot-31k-sh1.ply", 100), "seed.ply");
  const auto glb = encode_glb(scene.value().scene, "seed.glb");
  return {test::to_bytes(glb.value()), spz_compressed_glb(scene.value().scene)};
}

// A small cut of a real scene with every SH band, for the seeds our writers make.
GaussianScene writer_seed_scene() {
  return parse_ply(test::ply_seed("voxel51-train-first1000-sh3.ply", 60), "seed.ply").value().scene;
}

// SPZ as our writer writes it (version 3, standard frame, SH degree 3).
std::vector<Bytes> spz_ours_seeds() { return {test::to_bytes(encode_spz(writer_seed_scene(), "seed.spz").value())}; }

// .gltf cases are the JSON our writer makes, decoded as if it lay in a folder beside its buffer
// "seed.bin": so the reader's external-buffer rules (no "..", no absolute path, nothing outside the
// folder) meet mutated URIs. The folder is made once, in the parent before it forks (seeds() runs
// there), and removed when the parent exits (the seed is never destroyed, so the exit handler can
// still read its folder).
struct GltfSeed {
  std::filesystem::path folder;
  Bytes json;
};
const GltfSeed& gltf_seed() {
  static const GltfSeed& seed = *new GltfSeed([] {
    const GltfFiles files = encode_gltf(writer_seed_scene(), "seed.gltf", "seed.bin").value();
    std::string folder = (std::filesystem::temp_directory_path() / "splatfuzz-gltf-XXXXXX").string();
    if (!::mkdtemp(folder.data())) return GltfSeed{};
    std::ofstream(std::filesystem::path(folder) / "seed.bin", std::ios::binary)
        .write(files.bin.data(), static_cast<std::streamsize>(files.bin.size()));
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(gltf_seed().folder, ignored);
    });
    return GltfSeed{folder, test::to_bytes(files.json)};
  }());
  return seed;
}
std::vector<Bytes> gltf_seeds() { return {gltf_seed().json}; }

Result<LoadedScene> decode_gltf_beside_its_buffer(std::span<const std::byte> bytes, const std::string& name) {
  if (gltf_seed().folder.empty()) return Error{name, "the fuzz driver could not make the buffer's folder", ""};
  return decode_gltf(bytes, name, gltf_seed().folder);
}

// ---- Profile importers and the photo -------------------------------------------------------------------

std::filesystem::path import_data(const std::string& relative) {
  return test::source_path("tests/data/profile_import/" + relative);
}
std::filesystem::path shared_seed(const std::string& file) { return test::shared_scenes_dir() / "../../seeds" / file; }

std::vector<Bytes> page_markdown_seeds() {
  return {file_bytes(shared_seed("homepage-hexu-zhao-2025.md")), file_bytes(import_data("academicpages/about.md")),
          file_bytes(import_data("acadhomepage/about.md")), file_bytes(import_data("hugo-academic/_index.md"))};
}
std::vector<Bytes> page_html_seeds() { return {file_bytes(import_data("plain-html/index.html"))}; }
std::vector<Bytes> cv_seeds() { return {file_bytes(shared_seed("cv-hexu-zhao-2025.md"))}; }
std::vector<Bytes> bibtex_seeds() {
  return {file_bytes(import_data("papers.bib")), file_bytes(import_data("hugo-academic/cite.bib"))};
}
std::vector<Bytes> photo_seeds() {
  return {file_bytes(import_data("plain-html/photo.png")), file_bytes(import_data("hugo-academic/avatar.png"))};
}

// An imported source must give a profile that, written as TOML, the profile loader accepts.
std::function<Verdict(std::span<const std::byte>)> importer(SourceKind kind) {
  return [kind](std::span<const std::byte> bytes) -> Verdict {
    auto part = import_source_text(as_text(bytes), kind, kCaseName, ".", "https://example.org/");
    if (!part) return from_error(part.error());
    std::vector<ImportPart> parts;
    parts.push_back(std::move(part.value()));
    ImportOptions options;
    options.name = "Fuzz Example";  // a page without a name is not what is under test
    auto merged = merge_imports(std::move(parts), options);
    if (!merged) return {Outcome::kInconsistent, "the merge failed: " + merged.error().message()};
    const std::string toml = profile_to_toml(merged.value().profile, ".");
    if (toml.size() > kMaxProfileBytes) return {Outcome::kLoaded, "a profile over the loader's size limit"};
    auto loaded = parse_profile(toml, "imported.toml");
    if (!loaded) return {Outcome::kInconsistent, "the loader refuses the imported profile: " + loaded.error().message()};
    return {Outcome::kLoaded, std::to_string(merged.value().warnings.size()) + " warnings"};
  };
}

// The photo reader takes a path: the case is written to a file of its own (one per child process).
Verdict run_photo(std::span<const std::byte> bytes) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("splatfuzz-photo-" + std::to_string(::getpid()));
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
  const auto photo = load_photo(file);
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
  if (!photo) {
    Error error = photo.error();
    if (error.file != file.string())
      return {Outcome::kInconsistent, "the error names '" + error.file + "': " + error.message()};
    error.file = kCaseName;
    return from_error(error);
  }
  const Image8& image = photo.value();
  if (image.width < 1 || image.height < 1 || image.width > kMaxPhotoSide || image.height > kMaxPhotoSide ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * image.channels)
    return {Outcome::kInconsistent, "an image of " + std::to_string(image.width) + "x" + std::to_string(image.height)};
  return {Outcome::kLoaded, std::to_string(image.width) + "x" + std::to_string(image.height)};
}

// The decoders, each as the two-argument overload (default LoadLimits).
const Decoder kPly = parse_ply;
const Decoder kCompressedPly = decode_compressed_ply;
const Decoder kSplat = decode_splat;
const Decoder kSpz = decode_spz;
const Decoder kSog = decode_sog;
const Decoder kGlb = decode_glb_in_memory;
const Decoder kGltf = decode_gltf_beside_its_buffer;

}  // namespace

// The registry: one line a reader (name, extension of saved cases, seeds, how a case is made, how
// it is run).
const std::vector<Reader>& readers() {
  // clang-format off
  static const std::vector<Reader> all = {
      {"ply-binary",     ".ply",            ply_binary_seeds,     plain,        scene_reader(kPly)},
      {"ply-ascii",      ".ply",            ply_ascii_seeds,      plain,        scene_reader(kPly)},
      {"compressed-ply", ".compressed.ply", compressed_ply_seeds, plain,        scene_reader(kCompressedPly)},
      {"splat",          ".splat",          splat_seeds,          plain,        scene_reader(kSplat)},
      {"spz-v3",         ".spz",            spz_v3_seeds,         gzip_inner,   scene_reader(kSpz)},
      {"spz-v4",         ".spz",            spz_v4_seeds,         zstd_streams, scene_reader(kSpz)},
      {"sog",            ".sog",            sog_seeds,            zip_members,  scene_reader(kSog)},
      {"profile",        ".toml",           profile_seeds,        plain,        run_profile},
      {"cameras-json",   ".json",           cameras_json_seeds,   plain,        run_cameras},
      {"camera-path",    ".json",           camera_path_seeds,    plain,        run_camera_path},
      {"glb",            ".glb",            glb_seeds,            plain,        scene_reader(kGlb)},
      {"gltf",           ".gltf",           gltf_seeds,           plain,        scene_reader(kGltf)},
      {"spz-ours",       ".spz",            spz_ours_seeds,       gzip_inner,   scene_reader(kSpz)},
      {"page-markdown",  ".md",             page_markdown_seeds,  plain,        importer(SourceKind::kMarkdownPage)},
      {"page-html",      ".html",           page_html_seeds,      plain,        importer(SourceKind::kHtmlPage)},
      {"cv",             ".md",             cv_seeds,             plain,        importer(SourceKind::kCv)},
      {"bibtex",         ".bib",            bibtex_seeds,         plain,        importer(SourceKind::kBibtex)},
      {"photo",          ".png",            photo_seeds,          plain,        run_photo},
  };
  // clang-format on
  return all;
}

const Reader* find_reader(const std::string& name) {
  for (const Reader& reader : readers())
    if (reader.name == name) return &reader;
  return nullptr;
}

}  // namespace splatview::fuzz
