#pragma once
// Device resources of the CUDA backend: checked CUDA calls, memory that grows and is reused from
// frame to frame (no cudaMalloc once warmed up), a stream and events. Errors are thrown as
// CudaError inside the cuda module only; CudaRenderer catches them at its boundary and reports.
// Included from .cu files only.
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace splatview::gpu {

// A failed CUDA call; what() names the call and the runtime's reason.
class CudaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws CudaError "CALL failed: REASON (cudaErrorName)" unless `result` is cudaSuccess.
inline void check(cudaError_t result, const std::string& call) {
  if (result == cudaSuccess) return;
  throw CudaError(call + " failed: " + cudaGetErrorString(result) + " (" + cudaGetErrorName(result) + ")");
}

// After a kernel launch: launch-configuration errors show at once, faults inside the kernel at
// the next synchronizing call (which is checked too).
inline void check_launch(const char* kernel) { check(cudaGetLastError(), std::string(kernel) + " launch"); }

// Device memory for `capacity()` elements of T. reserve() only ever grows it, so once frames stop
// growing nothing is allocated; contents are not kept across a growth.
template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() { release(); }

  // Room for `count` elements. With `headroom`, a growth allocates half as much again, so a size
  // that creeps up from frame to frame (tile entries as the camera moves) reallocates rarely.
  T* reserve(std::size_t count, bool headroom = false) {
    if (count <= capacity_) return data_;
    constexpr std::size_t kMaxCount = SIZE_MAX / sizeof(T) / 2;
    if (count > kMaxCount) throw CudaError("device buffer of " + std::to_string(count) + " elements is too large");
    const std::size_t target = headroom ? count + count / 2 : count;
    release();
    void* memory = nullptr;
    check(cudaMalloc(&memory, target * sizeof(T)), "cudaMalloc(" + std::to_string(target * sizeof(T)) + " bytes)");
    data_ = static_cast<T*>(memory);
    capacity_ = target;
    return data_;
  }

  void release() noexcept {
    if (data_ != nullptr) cudaFree(data_);  // errors here (e.g. at process exit) leave nothing to do
    data_ = nullptr;
    capacity_ = 0;
  }

  T* data() const { return data_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t bytes() const { return capacity_ * sizeof(T); }

 private:
  T* data_ = nullptr;
  std::size_t capacity_ = 0;
};

// A non-blocking stream, so the renderer's work never waits on (or for) other users of the
// legacy default stream.
class Stream {
 public:
  Stream() { check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreateWithFlags"); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  ~Stream() { cudaStreamDestroy(stream_); }
  cudaStream_t get() const { return stream_; }
  void synchronize() const { check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize"); }

 private:
  cudaStream_t stream_ = nullptr;
};

// An event for timing stages on a stream.
class Event {
 public:
  Event() { check(cudaEventCreate(&event_), "cudaEventCreate"); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { cudaEventDestroy(event_); }
  void record(cudaStream_t stream) { check(cudaEventRecord(event_, stream), "cudaEventRecord"); }
  // Milliseconds from `earlier` to this event; both must have completed.
  double ms_since(const Event& earlier) const {
    float ms = 0.f;
    check(cudaEventElapsedTime(&ms, earlier.event_, event_), "cudaEventElapsedTime");
    return ms;
  }

 private:
  cudaEvent_t event_ = nullptr;
};

}  // namespace splatview::gpu
