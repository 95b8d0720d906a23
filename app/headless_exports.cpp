#include "app/headless_exports.h"

#include <cstdio>

#include "app/output_path.h"
#include "app/progress_bar.h"
#include "app/stop_signal.h"
#include "cuda/backend_select.h"

namespace splatview {

namespace {

Result<std::unique_ptr<Renderer>> renderer_for(const CliOptions& options) {
  auto selected = make_renderer(options.backend, options.threads);
  if (!selected) return selected.error();
  if (!selected.value().note.empty() && !options.quiet)
    std::fprintf(stderr, "splatview: %s\n", selected.value().note.c_str());
  return std::move(selected.value().renderer);
}

}  // namespace

int fail(const Error& error) {
  std::fprintf(stderr, "splatview: %s\n", error.message().c_str());
  return kExitBadInput;
}

int fail_at_run_time(const Error& error) {
  std::fprintf(stderr, "splatview: %s\n", error.message().c_str());
  return kExitFailure;
}

int export_screenshot(const ExportJob& job, const std::filesystem::path& output, const Camera& camera) {
  if (auto error = check_output(output, job.inputs, job.options.force)) return fail(*error);
  auto renderer = renderer_for(job.options);
  if (!renderer) return fail(renderer.error());
  FrameStats stats;
  auto frame = compose_frame(*renderer.value(), job.scene, job.look, camera, 0.0, &stats);
  if (!frame) return fail_at_run_time(frame.error());
  if (auto error = write_png(output, frame.value())) return fail_at_run_time(*error);
  if (!job.options.quiet)
    std::fprintf(stderr, "splatview: wrote %s (%dx%d, %zu of %zu Gaussians visible, %.0f ms)\n",
                 output.string().c_str(), camera.width, camera.height, stats.visible, job.scene.count(),
                 stats.total_ms);
  return kExitOk;
}

int export_video(const ExportJob& job, const VideoRequest& request, const CameraAt& camera_at) {
  if (auto error = validate_video(request)) return fail(*error);
  if (auto error = check_output(request.output, job.inputs, job.options.force)) return fail(*error);
  auto renderer = renderer_for(job.options);
  if (!renderer) return fail(renderer.error());

  install_stop_handlers();
  ProgressBar bar(job.options.quiet);
  const VideoOutcome outcome = run_camera_video(job.scene, *renderer.value(), job.look, request, camera_at,
                                                [&](const VideoProgress& p) { bar.update(p); }, stop_requested());
  const VideoProgress& t = outcome.totals;
  switch (outcome.status) {
    case VideoOutcome::Status::kFailed:
      bar.finish("");  // clears the bar's line
      return outcome.failed_at_run_time ? fail_at_run_time(outcome.error) : fail(outcome.error);
    case VideoOutcome::Status::kCancelled:
      bar.finish("");
      std::fprintf(stderr, "splatview: interrupted after %d frames; nothing was written\n", t.done);
      return exit_code_for_stop();
    case VideoOutcome::Status::kDone:
      break;
  }
  if (!outcome.note.empty() && !job.options.quiet) std::fprintf(stderr, "splatview: %s\n", outcome.note.c_str());
  char summary[512];
  std::snprintf(summary, sizeof summary, "splatview: wrote %s: %d frames in %s (%.1f fps; rendering %.1f s, encoding %.1f s)",
                request.output.string().c_str(), t.done, format_duration(t.elapsed_s).c_str(),
                t.elapsed_s > 0 ? t.done / t.elapsed_s : 0.0, t.render_s, t.encode_s);
  bar.finish(summary);
  return kExitOk;
}

}  // namespace splatview
