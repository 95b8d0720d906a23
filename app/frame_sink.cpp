#include "app/frame_sink.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <system_error>

#include "app/subprocess.h"
#include "core/path_names.h"
#include "core/safe_write.h"
#include "core/text_values.h"

namespace splatview {

namespace {

namespace fs = std::filesystem;

constexpr const char* kInstallFfmpegHint = "install the ffmpeg package, e.g. sudo apt install ffmpeg";

fs::path without_trailing_slash(const fs::path& output) {
  return output.has_filename() ? output : output.parent_path();
}

// The last non-empty line of a program's error output, for a one-line message.
std::string last_line(const std::string& text) {
  std::size_t end = text.find_last_not_of(" \r\n\t");
  if (end == std::string::npos) return "no error output";
  const std::size_t begin = text.find_last_of('\n', end);
  return text.substr(begin == std::string::npos ? 0 : begin + 1, end - (begin == std::string::npos ? 0 : begin + 1) + 1);
}

// The number of video frames ffprobe counts in `video` (packets: no decoding needed), or -1.
long long frames_in_video(const fs::path& video) {
  auto probe = Subprocess::start({"ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
                                  "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", video.string()},
                                 /*capture_stdout=*/true);
  if (!probe || probe.value().finish() != 0) return -1;
  const std::string text = probe.value().error_output();
  const auto count = parse_integer(text.substr(0, text.find_first_of("\r\n")));
  return count ? *count : -1;
}

class FfmpegSink final : public FrameSink {
 public:
  FfmpegSink(Subprocess child, TemporaryOutput temporary)
      : child_(std::move(child)), temporary_(std::move(temporary)) {}

  ~FfmpegSink() override {
    if (!finished_) child_.kill();  // the temporary removes the partial video
  }

  std::optional<Error> write(const Image8& frame) override {
    if (child_.write(frame.pixels.data(), frame.pixels.size())) {
      ++frames_;
      return std::nullopt;
    }
    child_.finish();
    return failure("ffmpeg stopped: " + last_line(child_.error_output()));
  }

  // ffmpeg's exit status is not enough: on a full disk it has been seen to exit 0 with a video
  // cut short, so the finished file must hold every frame before it replaces anything.
  std::optional<Error> finish() override {
    finished_ = true;
    if (child_.finish() != 0) return failure("ffmpeg failed: " + last_line(child_.error_output()));
    std::error_code error;
    if (fs::file_size(temporary_.path(), error) == 0 || error) return failure("ffmpeg wrote an empty video");
    const long long found = frames_in_video(temporary_.path());
    if (found != frames_)
      return failure("the finished video holds " + std::to_string(std::max(found, 0LL)) + " of " +
                     std::to_string(frames_) + " frames");
    return temporary_.commit();
  }

 private:
  Error failure(const std::string& what) {
    temporary_.discard();
    return Error{temporary_.target().string(), what, "check the free disk space; the old file, if any, is kept"};
  }

  Subprocess child_;
  TemporaryOutput temporary_;
  long long frames_ = 0;
  bool finished_ = false;
};

class PngFolderSink final : public FrameSink {
 public:
  explicit PngFolderSink(TemporaryOutput temporary) : temporary_(std::move(temporary)) {}

  std::optional<Error> write(const Image8& frame) override {
    const fs::path file = temporary_.path() / frame_name(next_index_++);
    if (auto error = write_png(file, frame)) return Error{temporary_.target().string(), error->what, error->hint};
    return std::nullopt;
  }

  // A new folder is renamed into place. In an existing one each new frame replaces its namesake
  // (one atomic rename each), then the old frames beyond the new count are removed.
  std::optional<Error> finish() override {
    const fs::path& output = temporary_.target();
    std::error_code error;
    if (!fs::exists(output, error)) return temporary_.commit();
    for (int k = 0; k < next_index_; ++k) {
      if (!sync_path(temporary_.path() / frame_name(k)) ||
          std::rename((temporary_.path() / frame_name(k)).c_str(), (output / frame_name(k)).c_str()) != 0)
        return Error{output.string(), system_reason("cannot move the frames into place"), ""};
    }
    for (const auto& entry : fs::directory_iterator(output, error)) {
      const std::string name = entry.path().filename().string();
      const auto index = name.rfind("frame_", 0) == 0 ? parse_integer(name.substr(6, name.size() - 10)) : std::nullopt;
      if (index && *index >= next_index_ && entry.path().extension() == ".png") fs::remove(entry.path(), error);
    }
    temporary_.discard();
    sync_path(output);
    return std::nullopt;
  }

 private:
  static std::string frame_name(int index) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%04d.png", index);
    return name;
  }

  TemporaryOutput temporary_;
  int next_index_ = 0;
};

std::vector<std::string> ffmpeg_arguments(const SinkOptions& o, const fs::path& temporary) {
  std::vector<std::string> args = {"ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                                   "-f", "rawvideo", "-pix_fmt", "rgb24",
                                   "-s", std::to_string(o.width) + "x" + std::to_string(o.height),
                                   "-framerate", std::to_string(o.fps), "-i", "pipe:0"};
  if (o.format == ExportFormat::kMp4) {
    // yuv420p and faststart: plays in browsers, PowerPoint and Keynote.
    args.insert(args.end(), {"-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p",
                             "-movflags", "+faststart", "-f", "mp4"});
  } else {
    // Two passes over the frames in one filter graph: a palette made for this video, then used.
    args.insert(args.end(), {"-filter_complex",
                             "split[a][b];[a]palettegen=stats_mode=diff[palette];[b][palette]paletteuse=dither=sierra2_4a",
                             "-loop", "0", "-f", "gif"});
  }
  args.push_back(temporary.string());
  return args;
}

}  // namespace

Result<ExportFormat> export_format_for(const fs::path& output) {
  const std::string extension = lower_extension(output);
  std::error_code ignored;
  if (!output.has_filename() || fs::is_directory(output, ignored) || extension.empty()) return ExportFormat::kPngFolder;
  if (extension == ".mp4") return ExportFormat::kMp4;
  if (extension == ".gif") return ExportFormat::kGif;
  return Error{output.string(), "unknown turntable format '" + extension + "'",
               "use a .mp4 or .gif file, or a folder for PNG frames"};
}

Result<std::unique_ptr<FrameSink>> open_frame_sink(const SinkOptions& options) {
  const fs::path output = without_trailing_slash(options.output);
  TemporaryOutput temporary(output);
  std::error_code error;
  if (options.format == ExportFormat::kPngFolder) {
    if (fs::exists(output, error) && !fs::is_directory(output, error))
      return Error{output.string(), "exists and is not a folder", "choose a folder name for PNG frames"};
    if (!fs::create_directory(temporary.path(), error))
      return Error{output.string(), "cannot create the frames folder: " + error.message(),
                   "check that the parent folder exists and is writable"};
    return std::unique_ptr<FrameSink>(std::make_unique<PngFolderSink>(std::move(temporary)));
  }
  for (const char* program : {"ffmpeg", "ffprobe"})
    if (!program_on_path(program))
      return Error{output.string(), std::string(program) + " is not installed", kInstallFfmpegHint};
  auto child = Subprocess::start(ffmpeg_arguments(options, temporary.path()));
  if (!child) return child.error();
  return std::unique_ptr<FrameSink>(std::make_unique<FfmpegSink>(std::move(child.value()), std::move(temporary)));
}

}  // namespace splatview
