#include "app/window/file_opener.h"

#include <cctype>
#include <chrono>

#include "core/formats/scene_loader.h"
#include "core/path_names.h"
#include "core/profile_import/profile_import.h"

namespace splatview {

namespace {

std::string warning_lines(const std::vector<std::string>& warnings) {
  std::string text;
  for (const std::string& warning : warnings) text += (text.empty() ? "" : "\n") + warning;
  return text;
}

}  // namespace

void FileOpener::open(const std::filesystem::path& path, Notice& message) {
  if (path.empty()) return;
  const std::string extension = lower_extension(path);
  std::error_code ignored;
  if (has_scene_extension(path) || std::filesystem::is_directory(path, ignored)) {
    if (loading()) {
      message.note("still loading " + scene_path_.filename().string() + "; open " + path.filename().string() +
                   " when it is done");
      return;
    }
    message.clear();
    scene_path_ = path;
    shared_ = std::make_shared<Shared>();
    scene_ = std::async(std::launch::async, [path, shared = shared_, options = load_options_]() mutable {
      options.observer.cancel = &shared->cancel;
      options.observer.progress = [&shared](const LoadProgress& p) {
        shared->bytes_total = p.bytes_total;
        shared->gaussians_total = p.gaussians_total;
        shared->bytes_read = p.bytes_read;
        shared->gaussians_decoded = p.gaussians_decoded;
      };
      return load_scene(path, options);
    });
    return;
  }
  // A homepage page or .bib is imported into a new profile (a .txt is more likely notes than a CV here).
  const bool page = extension == ".md" || extension == ".markdown" || extension == ".html" || extension == ".htm" ||
                    extension == ".bib";
  if (extension == ".toml" || page) {
    auto loaded = load_any_profile(path);
    if (!loaded) {
      message.error(loaded.error().message());
      return;
    }
    message.note(warning_lines(loaded.value().warnings));
    ready_ = OpenedFile{path, std::nullopt, std::move(loaded.value())};
    return;
  }
  message.error(path.string() +
                ": not a scene (.ply .splat .spz .sog .glb) or profile (.toml, or a page .md .html or .bib to import) file");
}

LoadProgress FileOpener::progress() const {
  if (!shared_) return {};
  return LoadProgress{shared_->bytes_read, shared_->bytes_total, shared_->gaussians_decoded, shared_->gaussians_total};
}

void FileOpener::cancel() {
  if (shared_) shared_->cancel = true;
}

FileOpener::~FileOpener() { cancel(); }

std::optional<OpenedFile> FileOpener::poll(Notice& message) {
  if (ready_) {
    std::optional<OpenedFile> profile = std::move(ready_);
    ready_.reset();
    return profile;
  }
  if (!loading() || scene_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  Result<LoadedScene> loaded = scene_.get();
  shared_.reset();
  if (!loaded && is_load_cancelled(loaded.error())) {
    message.note("cancelled loading " + scene_path_.filename().string());
    return std::nullopt;
  }
  if (!loaded) {
    message.error(loaded.error().message());
    return std::nullopt;
  }
  message.note(warning_lines(loaded.value().warnings));
  return OpenedFile{scene_path_, std::move(loaded.value()), std::nullopt};
}

}  // namespace splatview
