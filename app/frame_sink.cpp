#include "app/frame_sink.h"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <system_error>

#include "app/subprocess.h"

namespace splatview {

namespace {

namespace fs = std::filesystem;

// ".NAME.partial-PID" beside the output.
fs::path temporary_beside(const fs::path& output) {
  fs::path clean = output;
  if (!clean.has_filename()) clean = clean.parent_path();  // "frames/" → "frames"
  std::string name = ".";
  name += clean.filename().string();
  name += ".partial-";
  name += std::to_string(::getpid());
  return clean.parent_path() / name;
}

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

class FfmpegSink final : public FrameSink {
 public:
  FfmpegSink(Subprocess child, fs::path temporary, fs::path output)
      : child_(std::move(child)), temporary_(std::move(temporary)), output_(std::move(output)) {}

  ~FfmpegSink() override {
    if (finished_) return;
    child_.kill();
    std::error_code ignored;
    fs::remove(temporary_, ignored);
  }

  std::optional<Error> write(const Image8& frame) override {
    if (child_.write(frame.pixels.data(), frame.pixels.size())) return std::nullopt;
    child_.finish();
    return Error{output_.string(), "ffmpeg stopped: " + last_line(child_.error_output()), ""};
  }

  std::optional<Error> finish() override {
    const int status = child_.finish();
    std::error_code error;
    if (status != 0) {
      fs::remove(temporary_, error);
      finished_ = true;
      return Error{output_.string(), "ffmpeg failed: " + last_line(child_.error_output()), ""};
    }
    fs::rename(temporary_, output_, error);
    finished_ = true;
    if (error) {
      fs::remove(temporary_, error);
      return Error{output_.string(), "cannot move the finished video into place: " + error.message(), ""};
    }
    return std::nullopt;
  }

 private:
  Subprocess child_;
  fs::path temporary_;
  fs::path output_;
  bool finished_ = false;
};

class PngFolderSink final : public FrameSink {
 public:
  PngFolderSink(fs::path temporary, fs::path output) : temporary_(std::move(temporary)), output_(std::move(output)) {}

  ~PngFolderSink() override {
    std::error_code ignored;
    if (!finished_) fs::remove_all(temporary_, ignored);
  }

  std::optional<Error> write(const Image8& frame) override {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%04d.png", next_index_++);
    if (auto error = write_png(temporary_ / name, frame)) return Error{output_.string(), error->what, error->hint};
    return std::nullopt;
  }

  // A new folder is renamed into place; an existing one has its old frame_*.png replaced.
  std::optional<Error> finish() override {
    std::error_code error;
    finished_ = true;
    if (!fs::exists(output_, error)) {
      fs::rename(temporary_, output_, error);
    } else {
      for (const auto& entry : fs::directory_iterator(output_, error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("frame_", 0) == 0 && entry.path().extension() == ".png") fs::remove(entry.path(), error);
      }
      for (const auto& entry : fs::directory_iterator(temporary_, error))
        fs::rename(entry.path(), output_ / entry.path().filename(), error);
      fs::remove_all(temporary_, error);
    }
    if (error) return Error{output_.string(), "cannot move the frames into place: " + error.message(), ""};
    return std::nullopt;
  }

 private:
  fs::path temporary_;
  fs::path output_;
  int next_index_ = 0;
  bool finished_ = false;
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
  std::string extension = output.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::error_code ignored;
  if (!output.has_filename() || fs::is_directory(output, ignored) || extension.empty()) return ExportFormat::kPngFolder;
  if (extension == ".mp4") return ExportFormat::kMp4;
  if (extension == ".gif") return ExportFormat::kGif;
  return Error{output.string(), "unknown turntable format '" + extension + "'",
               "use a .mp4 or .gif file, or a folder for PNG frames"};
}

Result<std::unique_ptr<FrameSink>> open_frame_sink(const SinkOptions& options) {
  const fs::path output = without_trailing_slash(options.output);
  const fs::path temporary = temporary_beside(options.output);
  std::error_code error;
  if (options.format == ExportFormat::kPngFolder) {
    if (fs::exists(output, error) && !fs::is_directory(output, error))
      return Error{output.string(), "exists and is not a folder", "choose a folder name for PNG frames"};
    fs::remove_all(temporary, error);
    if (!fs::create_directory(temporary, error))
      return Error{output.string(), "cannot create the frames folder: " + error.message(),
                   "check that the parent folder exists and is writable"};
    return std::unique_ptr<FrameSink>(std::make_unique<PngFolderSink>(temporary, output));
  }
  if (!program_on_path("ffmpeg"))
    return Error{output.string(), "ffmpeg is not installed", "run scripts/setup (or apt-get install ffmpeg)"};
  auto child = Subprocess::start(ffmpeg_arguments(options, temporary));
  if (!child) return child.error();
  return std::unique_ptr<FrameSink>(std::make_unique<FfmpegSink>(std::move(child.value()), temporary, output));
}

}  // namespace splatview
