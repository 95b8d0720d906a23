// The window's render thread (app/window/render_worker.h): host frames, and the hand-over of
// frames left in GPU memory (CUDA-GL interop) to the UI, with a stand-in for the GPU path so that
// the protocol is tested on machines without one: the worker renders nothing more until the UI
// has copied a device frame, and a failed copy sends every later frame through host memory.
#include "app/window/render_worker.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "core/scene_levels.h"
#include "render/cpu_renderer.h"
#include "tests/support/test_scenes.h"

namespace splatview {
namespace {

using namespace std::chrono_literals;

// Counts its frames; fills the image with grey.
class CountingRenderer final : public Renderer {
 public:
  std::string name() const override { return "counting"; }
  std::string device_description() const override { return "test"; }
  void render(const GaussianScene&, const Camera& camera, const RenderSettings&, Image& out, FrameStats& stats) override {
    out.resize(camera.width, camera.height);
    std::fill(out.rgb.begin(), out.rgb.end(), 0.5f);
    stats.total_ms = 1.0;
    ++host_frames;
  }
  std::atomic<int> host_frames{0};
};

// Stands in for CUDA-GL interop: "renders on the device" while it is available.
class FakeDirectUpload final : public DirectUpload {
 public:
  bool render_on_device(Renderer&, const GaussianScene&, const Camera&, const RenderSettings&,
                        FrameStats& stats) override {
    if (!works) return false;
    stats.total_ms = 2.0;
    ++device_frames;
    return true;
  }
  bool copy_to_texture(const Renderer&, unsigned, std::string& error) override {
    if (!works) error = "interop is gone";
    return works;
  }
  bool available() const override { return works; }
  void release() override {}
  std::atomic<bool> works{true};
  std::atomic<int> device_frames{0};
};

Camera camera_of_width(int width) {
  Camera camera;
  camera.eye = {0, 0, -3};
  camera.target = {0, 0, 0};
  camera.up = {0, -1, 0};
  camera.width = width;
  camera.height = 24;
  return camera;
}

// Waits up to two seconds for a finished frame.
bool wait_for_frame(RenderWorker& worker, RenderedFrame& frame) {
  for (int i = 0; i < 200; ++i) {
    if (worker.take(frame)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

struct Fixture {
  Fixture(DirectUpload* direct) {
    auto owned = std::make_unique<CountingRenderer>();
    renderer = owned.get();
    worker = std::make_unique<RenderWorker>(std::move(owned), direct);
    worker->set_scene(std::make_shared<const GaussianScene>());
  }
  CountingRenderer* renderer;
  std::unique_ptr<RenderWorker> worker;
};

TEST(RenderWorker, WithoutADirectPathFramesComeThroughHostMemory) {
  Fixture f(nullptr);
  f.worker->request(camera_of_width(32), RenderSettings{}, true);
  RenderedFrame frame;
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  EXPECT_EQ(frame.device_source, nullptr);
  EXPECT_EQ(frame.image.width, 32);
  EXPECT_EQ(frame.image.height, 24);
  EXPECT_EQ(f.renderer->host_frames, 1);
  EXPECT_FALSE(f.worker->direct_upload_active());
}

TEST(RenderWorker, RendersNothingMoreUntilTheUiHasCopiedADeviceFrame) {
  FakeDirectUpload direct;
  Fixture f(&direct);
  EXPECT_TRUE(f.worker->direct_upload_active());
  f.worker->request(camera_of_width(32), RenderSettings{}, true);
  RenderedFrame frame;
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  EXPECT_NE(frame.device_source, nullptr) << "the frame stays in GPU memory";
  EXPECT_TRUE(frame.image.pixels.empty());
  EXPECT_EQ(frame.camera.width, 32);
  EXPECT_EQ(frame.stats.total_ms, 2.0);

  // A new view while the UI still holds the frame: not rendered yet (the renderer's frame memory
  // is being read).
  f.worker->request(camera_of_width(40), RenderSettings{}, true);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(direct.device_frames, 1);
  EXPECT_FALSE(f.worker->take(frame));

  f.worker->device_frame_done(true);
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  EXPECT_EQ(direct.device_frames, 2);
  EXPECT_EQ(frame.camera.width, 40);
  EXPECT_EQ(f.renderer->host_frames, 0);
  f.worker->device_frame_done(true);
}

TEST(RenderWorker, AFailedCopyRendersTheViewAgainThroughHostMemoryFromThenOn) {
  FakeDirectUpload direct;
  Fixture f(&direct);
  const Camera camera = camera_of_width(32);
  f.worker->request(camera, RenderSettings{}, true);
  RenderedFrame frame;
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  ASSERT_NE(frame.device_source, nullptr);

  direct.works = false;  // the copy fails: interop is unavailable from now on
  frame.device_source.reset();
  f.worker->device_frame_done(false);
  EXPECT_FALSE(f.worker->direct_upload_active());
  f.worker->request(camera, RenderSettings{}, true);  // the same view: it must come again
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  EXPECT_EQ(frame.device_source, nullptr);
  EXPECT_EQ(frame.image.width, 32);
  EXPECT_EQ(f.renderer->host_frames, 1);

  direct.works = true;  // even if the path came back, this worker stays on the host path
  f.worker->request(camera_of_width(48), RenderSettings{}, true);
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  EXPECT_EQ(frame.device_source, nullptr);
  EXPECT_EQ(direct.device_frames, 1);
}

TEST(RenderWorker, ClosingWhileADeviceFrameIsOutstandingDoesNotHang) {
  FakeDirectUpload direct;
  Fixture f(&direct);
  f.worker->request(camera_of_width(32), RenderSettings{}, true);
  RenderedFrame frame;
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  f.worker->request(camera_of_width(40), RenderSettings{}, true);
  const auto start = std::chrono::steady_clock::now();
  f.worker.reset();  // the UI never called device_frame_done
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

// Fails every frame (a GPU whose context is gone), leaving the image grey, not rendered.
class BrokenGpuRenderer final : public Renderer {
 public:
  explicit BrokenGpuRenderer(std::atomic<int>& counter) : frames(counter) {}
  std::string name() const override { return "cuda"; }
  std::string device_description() const override { return "a broken GPU"; }
  void render(const GaussianScene&, const Camera& camera, const RenderSettings&, Image& out, FrameStats&) override {
    out.resize(camera.width, camera.height);
    std::fill(out.rgb.begin(), out.rgb.end(), 0.5f);
    ++frames;
  }
  std::string last_failure() const override { return "an illegal memory access was encountered"; }
  std::atomic<int>& frames;  // the test's: the worker drops a renderer that failed
};

TEST(RenderWorker, AFrameTheRendererFailsComesFromTheCpuWhichThenTakesOver) {
  std::atomic<int> broken_frames{0};
  RenderWorker worker(std::make_unique<BrokenGpuRenderer>(broken_frames));
  worker.set_scene(std::make_shared<const GaussianScene>());
  RenderSettings settings;
  settings.background[1] = 1.f;  // green: what the CPU renders of an empty scene
  worker.request(camera_of_width(32), settings, true);
  RenderedFrame frame;
  ASSERT_TRUE(wait_for_frame(worker, frame));
  ASSERT_EQ(frame.image.width, 32);
  EXPECT_EQ(frame.image.pixels[0], 0);
  EXPECT_EQ(frame.image.pixels[1], 255) << "the frame must be the CPU's, not the failed one";
  EXPECT_NE(worker.renderer_description().find("cpu"), std::string::npos) << worker.renderer_description();
  EXPECT_NE(worker.renderer_description().find("the GPU failed: an illegal memory access"), std::string::npos);
  EXPECT_TRUE(worker.fell_back_to_cpu());

  worker.request(camera_of_width(40), settings, true);
  ASSERT_TRUE(wait_for_frame(worker, frame));
  EXPECT_EQ(frame.image.pixels[1], 255);
  EXPECT_EQ(broken_frames, 1) << "later frames go straight to the CPU";

  worker.set_renderer(std::make_unique<CountingRenderer>());  // the user picks a backend again
  EXPECT_EQ(worker.renderer_description().find("GPU failed"), std::string::npos);
  EXPECT_FALSE(worker.fell_back_to_cpu());
}

// --compare in the window: the worker composes A and B (here: the same grey twice, and a split
// line drawn at the chosen place), through host memory even where a device path exists, and a
// moved line renders the view again.
TEST(RenderWorker, AComparisonIsComposedOnTheHostAndAMovedLineRendersAgain) {
  FakeDirectUpload direct;
  Fixture f(&direct);
  Comparison comparison;
  comparison.scene = std::make_shared<const GaussianScene>();
  comparison.line = 0.25f;
  f.worker->set_comparison(comparison);
  f.worker->request(camera_of_width(32), RenderSettings{}, true);
  RenderedFrame frame;
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  EXPECT_EQ(frame.device_source, nullptr);
  EXPECT_EQ(direct.device_frames, 0);
  EXPECT_EQ(f.renderer->host_frames, 2);  // A and B
  ASSERT_EQ(frame.image.width, 32);
  EXPECT_EQ(frame.image.pixels[8 * 3], 255);        // the line at column 8 (0.25 of 32)
  EXPECT_EQ(frame.image.pixels[20 * 3], to_8bit(0.5f));  // grey elsewhere
  comparison.line = 0.75f;
  f.worker->set_comparison(comparison);
  f.worker->request(camera_of_width(32), RenderSettings{}, true);  // the same view: rendered again
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  EXPECT_EQ(frame.image.pixels[24 * 3], 255);
}

// The inspection settings are part of what a frame is: the same view with another --show mode,
// crop box or opacity threshold is rendered again, and the same settings are not.
TEST(RenderWorker, AnotherShowModeOrCropRendersTheSameViewAgain) {
  Fixture f(nullptr);
  RenderedFrame frame;
  RenderSettings settings;
  f.worker->request(camera_of_width(32), settings, true);
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  f.worker->request(camera_of_width(32), settings, true);
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(f.worker->take(frame)) << "the same view and settings rendered twice";
  settings.show = ShowMode::kDepth;
  f.worker->request(camera_of_width(32), settings, true);
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  settings.shown.use_box = 1;
  f.worker->request(camera_of_width(32), settings, true);
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  settings.shown.min_opacity = 0.25f;
  f.worker->request(camera_of_width(32), settings, true);
  ASSERT_TRUE(wait_for_frame(*f.worker, frame));
  EXPECT_EQ(f.renderer->host_frames, 4);
}

// Levels of detail, scripted: while the view moves the worker renders the finest level predicted
// to fit the budget (with none, the coarsest), and once it is still the exact frame, bit for bit
// what the renderer gives for the scene itself.
TEST(RenderWorker, MovingViewsUseALevelOfDetailAndAStillViewTheExactFrame) {
  const auto scene = std::make_shared<const GaussianScene>(test::cached_shared_scene("playbot-500k-sh0.ply"));
  const auto levels = std::make_shared<const SceneLevels>(build_scene_levels(*scene));
  ASSERT_FALSE(levels->empty());
  RenderWorker worker(std::make_unique<CpuRenderer>(2));
  worker.set_scene(scene);
  worker.set_levels(std::make_shared<const GaussianScene>(), levels);  // another scene's: ignored
  const Camera camera = test::playbot_front(96, 64);
  RenderedFrame frame;
  worker.request(camera, RenderSettings{}, false, false);
  ASSERT_TRUE(wait_for_frame(worker, frame));
  EXPECT_EQ(frame.level, 0) << "levels of another scene were used";

  worker.set_levels(scene, levels);
  worker.set_moving_budget_ms(0.0);  // nothing fits: the coarsest level
  worker.request(test::playbot_front(96, 63), RenderSettings{}, false, false);  // (the same view is shown exactly)
  ASSERT_TRUE(wait_for_frame(worker, frame));
  EXPECT_EQ(frame.level, static_cast<int>(levels->size()));
  EXPECT_EQ(frame.gaussians, levels->back().count());

  worker.set_moving_budget_ms(1e9);  // everything fits: the scene itself, even while moving
  worker.request(test::playbot_front(96, 65), RenderSettings{}, false, false);
  ASSERT_TRUE(wait_for_frame(worker, frame));
  EXPECT_EQ(frame.level, 0);

  worker.set_moving_budget_ms(0.0);
  worker.request(camera, RenderSettings{}, true, false);
  ASSERT_TRUE(wait_for_frame(worker, frame));
  EXPECT_GT(frame.level, 0);
  worker.request(camera, RenderSettings{}, true, true);  // the view stopped: the exact frame
  ASSERT_TRUE(wait_for_frame(worker, frame));
  EXPECT_EQ(frame.level, 0);
  EXPECT_EQ(frame.gaussians, scene->count());
  CpuRenderer direct(2);
  Image exact;
  FrameStats stats;
  direct.render(*scene, camera, RenderSettings{}, exact, stats);
  EXPECT_EQ(frame.image.pixels, to_8bit_image(exact, false).pixels);
}

}  // namespace
}  // namespace splatview
