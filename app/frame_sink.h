#pragma once
// Where exported frames go: an H.264 MP4 or a GIF through the ffmpeg program, or a folder of
// numbered PNGs. Everything is written under a temporary name beside the output and moved into
// place only by finish(), so a failure or a cancel leaves no half file.
#include <filesystem>
#include <memory>

#include "core/image.h"
#include "core/result.h"

namespace splatview {

enum class ExportFormat { kMp4, kGif, kPngFolder };

// .mp4 and .gif by extension; a path without extension, ending in '/', or naming an existing
// folder is a PNG folder; any other extension is an error naming the ones supported.
Result<ExportFormat> export_format_for(const std::filesystem::path& output);

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual std::optional<Error> write(const Image8& frame) = 0;
  // Completes the output and moves it into place.
  virtual std::optional<Error> finish() = 0;
};

struct SinkOptions {
  std::filesystem::path output;
  ExportFormat format = ExportFormat::kMp4;
  int width = 0, height = 0;  // frame size (even for MP4)
  int channels = 3;           // 4 only for PNG frames with a transparent background
  int fps = 30;
};

// Starts ffmpeg (found on PATH with ffprobe, which checks the result; missing → an error naming the
// package to install) or makes the temporary folder. A sink destroyed before finish() removes what
// it wrote.
Result<std::unique_ptr<FrameSink>> open_frame_sink(const SinkOptions& options);

}  // namespace splatview
