// splatfuzz: mutation fuzzing of every file reader, one forked child process per case, so that a
// crash, a sanitizer report, a hang or a runaway allocation is counted (and saved) instead of ending
// the run. Each child has a wall-time cap (killed after it) and a memory cap: the parent watches its
// resident memory and kills it past the cap; without AddressSanitizer an address-space limit
// (RLIMIT_AS) stops it as well, and under AddressSanitizer, which needs terabytes of address space,
// allocations over the cap fail instead (max_allocation_size_mb). Usage: splatfuzz --help.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/fuzz/fuzz_readers.h"

#if defined(__SANITIZE_ADDRESS__)
#define SPLATFUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPLATFUZZ_ASAN 1
#endif
#endif

namespace splatview::fuzz {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::vector<std::string> readers;  // empty: all
  double minutes = 0;                // per reader; 0: by cases
  long cases = 500;                  // per reader
  std::uint64_t seed = 1;
  double timeout_s = 10;
  std::size_t memory_mb = 2048;
  std::filesystem::path out = "fuzz-findings";
  std::filesystem::path reproduce;  // run one saved case in this process
};

const char* const kUsage =
    "usage: splatfuzz [--minutes M | --cases N] [--seed S] [--timeout SECONDS] [--memory MB]\n"
    "                 [--out DIR] [READER...]\n"
    "       splatfuzz --reproduce FILE READER      (runs one case in this process)\n"
    "       splatfuzz --list\n"
    "Fuzzes each READER (default: all) for M minutes or N cases (default 500), one forked child a case,\n"
    "killed after SECONDS (default 10) or past MB of resident memory (default 2048). Prints a table of\n"
    "outcomes per reader; failing cases go to DIR (default fuzz-findings/). Exit 1 when any case\n"
    "crashed, hit a sanitizer, timed out, ran out of memory or loaded an inconsistent scene.\n";

// ---- One case in a child process -----------------------------------------------------------------

struct CaseResult {
  Verdict verdict;
  double seconds = 0;
  long max_rss_kb = 0;  // what the case added to the resident memory the child shares with us
  std::string log;      // the child's stderr
};

std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  ::lseek(fd, 0, SEEK_SET);
  for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) > 0;)
    out.append(buffer, static_cast<std::size_t>(got));
  return out;
}

// The resident (or, with virtual = true, the whole mapped) memory of a process, from /proc.
long memory_kb(pid_t pid, bool virtual_size = false) {
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return (virtual_size ? size : resident) * (::sysconf(_SC_PAGESIZE) / 1024);
}
long resident_kb(pid_t pid) { return memory_kb(pid); }

// This process's peak resident memory (VmHWM), in KiB.
long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

bool contains(const std::string& text, const char* fragment) {
  return text.find(fragment) != std::string::npos;
}

// How a child that did not report ended.
Verdict classify_death(int status, const std::string& log) {
  if (contains(log, "allocation-size-too-big") || contains(log, "out of memory") ||
      contains(log, "rss-limit") || contains(log, "requested allocation size"))
    return {Outcome::kOverMemory, "the allocator gave up"};
  if (contains(log, "AddressSanitizer") || contains(log, "LeakSanitizer") ||
      contains(log, "runtime error:") || contains(log, "UndefinedBehaviorSanitizer"))
    return {Outcome::kSanitizer, "sanitizer report"};
  if (WIFSIGNALED(status)) return {Outcome::kCrash, std::string("signal ") + strsignal(WTERMSIG(status))};
  return {Outcome::kCrash, "exit status " + std::to_string(WEXITSTATUS(status)) + " without a verdict"};
}

CaseResult run_case(const Reader& reader, const Bytes& bytes, const Options& options, int log_fd) {
  CaseResult result;
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.verdict = {Outcome::kCrash, "pipe failed"};
    return result;
  }
  ::ftruncate(log_fd, 0);
  ::lseek(log_fd, 0, SEEK_SET);
  // The child starts with our resident pages (the seeds, the sanitizer's quarantine): only what it
  // adds counts against the cap.
  const long baseline_kb = resident_kb(::getpid());
  const long cap_kb = static_cast<long>(options.memory_mb) * 1024;
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::dup2(log_fd, STDERR_FILENO);
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
#ifndef SPLATFUZZ_ASAN
    rlimit address_space{};
    ::getrlimit(RLIMIT_AS, &address_space);
    const rlim_t cap = (static_cast<rlim_t>(options.memory_mb) << 20) +
                       (static_cast<rlim_t>(memory_kb(::getpid(), true)) << 10);
    address_space.rlim_cur = std::min(address_space.rlim_max, cap);
    ::setrlimit(RLIMIT_AS, &address_space);
#endif
    // An exact-size copy, so that AddressSanitizer sees any read past the end.
    std::unique_ptr<std::byte[]> copy(new std::byte[std::max<std::size_t>(bytes.size(), 1)]);
    std::memcpy(copy.get(), bytes.data(), bytes.size());
    // The child's resident memory starts with what it shares with us; the kernel's peak is reset to
    // it, so that the peak after the case is what the case added.
    const long start_kb = resident_kb(::getpid());
    std::ofstream("/proc/self/clear_refs") << "5";
    const Verdict verdict = reader.run({copy.get(), bytes.size()});
    const long added_kb = std::max(0L, peak_rss_kb() - start_kb);
    std::string message = std::to_string(static_cast<int>(verdict.outcome)) + " " + std::to_string(added_kb) +
                          " " + verdict.detail.substr(0, 2000);
    ::write(pipe_fds[1], message.data(), message.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    result.verdict = {Outcome::kCrash, "fork failed"};
    return result;
  }
  int status = 0;
  rusage usage{};
  bool timed_out = false, over_memory = false;
  long peak_seen_kb = 0;
  for (int polls = 0;; ++polls) {
    const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    peak_seen_kb = std::max(peak_seen_kb, resident_kb(pid));
    if (!timed_out && !over_memory) {
      if (elapsed > options.timeout_s) timed_out = true;
      if (peak_seen_kb - baseline_kb > cap_kb) over_memory = true;
      if (timed_out || over_memory) ::kill(pid, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(polls < 20 ? 200 : 2000));
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.max_rss_kb = std::max<long>(0, std::max(usage.ru_maxrss, peak_seen_kb) - baseline_kb);
  result.log = read_all(log_fd);
  const std::string message = read_all(pipe_fds[0]);
  ::close(pipe_fds[0]);
  const bool over_cap = result.max_rss_kb > cap_kb;
  if (timed_out) {
    result.verdict = {Outcome::kTimeout, "killed after " + std::to_string(options.timeout_s) + " s"};
  } else if (over_memory || over_cap) {
    result.verdict = {Outcome::kOverMemory,
                      "resident memory over " + std::to_string(options.memory_mb) + " MB"};
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !message.empty()) {
    const std::size_t space = message.find(' '), second = message.find(' ', space + 1);
    result.verdict = {static_cast<Outcome>(std::stoi(message.substr(0, space))), message.substr(second + 1)};
    result.max_rss_kb = std::stol(message.substr(space + 1, second - space - 1));
    if (result.max_rss_kb > cap_kb) result.verdict = {Outcome::kOverMemory, "peak " + result.verdict.detail};
  } else {
    result.verdict = classify_death(status, result.log);
  }
  return result;
}

// ---- A campaign ------------------------------------------------------------------------------------

struct Tally {
  long cases = 0;
  long counts[kOutcomes] = {};
  long max_rss_kb = 0;
  double max_seconds = 0;
  long failures() const {
    long n = 0;
    for (int o = 0; o < kOutcomes; ++o) n += is_failure(static_cast<Outcome>(o)) ? counts[o] : 0;
    return n;
  }
};

void save_case(const Reader& reader, long index, const Bytes& bytes, const CaseResult& result,
               const Options& options) {
  std::filesystem::create_directories(options.out);
  const std::string stem = reader.name + "-" + std::to_string(options.seed) + "-" + std::to_string(index) +
                           "-" + kOutcomeNames[static_cast<int>(result.verdict.outcome)];
  const auto file = options.out / (stem + reader.extension);
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  std::ofstream notes(options.out / (stem + ".txt"));
  notes << reader.name << " case " << index << " (seed " << options.seed
        << "): " << kOutcomeNames[static_cast<int>(result.verdict.outcome)] << ": " << result.verdict.detail
        << "\n"
        << "reproduce: splatfuzz --reproduce " << file.string() << " " << reader.name << "\n\n"
        << result.log;
  std::printf("  %s case %ld: %s: %s -> %s\n", reader.name.c_str(), index,
              kOutcomeNames[static_cast<int>(result.verdict.outcome)],
              result.verdict.detail.substr(0, 160).c_str(), file.c_str());
  std::fflush(stdout);
}

Tally fuzz_reader(const Reader& reader, const Options& options, int log_fd) {
  Tally tally;
  const std::vector<Bytes> seeds = reader.seeds();
  // The seed, so that one reader's run does not depend on which others run before it.
  Rng rng(options.seed * 0x9E3779B97F4A7C15ull ^ std::hash<std::string>{}(reader.name));
  const auto start = Clock::now();
  for (long index = 0;; ++index) {
    if (options.minutes > 0) {
      if (std::chrono::duration<double>(Clock::now() - start).count() > 60 * options.minutes) break;
    } else if (index >= options.cases) {
      break;
    }
    // Every 64th case is a seed itself: a reader that stops loading good files is a finding too.
    const Bytes& seed = seeds[rng() % seeds.size()];
    const Bytes bytes = index % 64 == 0 ? seed : reader.make_case(seed, rng);
    const CaseResult result = run_case(reader, bytes, options, log_fd);
    ++tally.cases;
    ++tally.counts[static_cast<int>(result.verdict.outcome)];
    tally.max_rss_kb = std::max(tally.max_rss_kb, result.max_rss_kb);
    tally.max_seconds = std::max(tally.max_seconds, result.seconds);
    const bool seed_failed = index % 64 == 0 && result.verdict.outcome != Outcome::kLoaded;
    if (is_failure(result.verdict.outcome) || seed_failed) save_case(reader, index, bytes, result, options);
  }
  return tally;
}

void print_header() {
  std::printf("%-15s %8s", "reader", "cases");
  for (const char* name : kOutcomeNames) std::printf(" %12s", name);
  std::printf(" %11s %9s\n", "max +RSS MB", "max ms");
}

void print_row(const std::string& name, const Tally& t) {
  std::printf("%-15s %8ld", name.c_str(), t.cases);
  for (long count : t.counts) std::printf(" %12ld", count);
  std::printf(" %11.1f %9.0f\n", t.max_rss_kb / 1024.0, 1000 * t.max_seconds);
  std::fflush(stdout);
}

int reproduce(const Options& options) {
  const Reader* reader = find_reader(options.readers.front());
  std::ifstream in(options.reproduce, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "splatfuzz: cannot read %s\n", options.reproduce.c_str());
    return 2;
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::unique_ptr<std::byte[]> copy(new std::byte[std::max<std::size_t>(text.size(), 1)]);
  std::memcpy(copy.get(), text.data(), text.size());
  const Verdict verdict = reader->run({copy.get(), text.size()});
  std::printf("%s: %s\n", kOutcomeNames[static_cast<int>(verdict.outcome)], verdict.detail.c_str());
  return is_failure(verdict.outcome) ? 1 : 0;
}

bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--list") {
      for (const Reader& reader : readers()) std::printf("%s\n", reader.name.c_str());
      std::exit(0);
    } else if (arg == "--minutes") {
      options.minutes = std::stod(value());
    } else if (arg == "--cases") {
      options.cases = std::stol(value());
    } else if (arg == "--seed") {
      options.seed = std::stoull(value());
    } else if (arg == "--timeout") {
      options.timeout_s = std::stod(value());
    } else if (arg == "--memory") {
      options.memory_mb = std::stoul(value());
    } else if (arg == "--out") {
      options.out = value();
    } else if (arg == "--reproduce") {
      options.reproduce = value();
    } else if (!arg.empty() && arg[0] == '-') {
      throw std::invalid_argument("unknown option " + arg);
    } else if (!find_reader(arg)) {
      throw std::invalid_argument("unknown reader " + arg + " (splatfuzz --list names them)");
    } else {
      options.readers.push_back(arg);
    }
  }
  if (!options.reproduce.empty() && options.readers.size() != 1)
    throw std::invalid_argument("--reproduce FILE needs exactly one READER");
  return true;
}

// Sanitizer settings are read when the process starts, so they are set here and the program runs
// itself again: allocations over the memory cap fail (as they would in a process that has run out),
// a sanitizer report ends the child with a recognisable message, and leaks are left to the test suite
// (a forked child that _exits has no leak check).
void set_sanitizer_options_and_reexec(char** argv, const Options& options) {
#ifdef SPLATFUZZ_ASAN
  if (std::getenv("SPLATFUZZ_REEXEC")) return;
  const std::string asan = "detect_leaks=0:allocator_may_return_null=1:max_allocation_size_mb=" +
                           std::to_string(options.memory_mb) + ":handle_abort=1:symbolize=1";
  const char* user = std::getenv("ASAN_OPTIONS");
  ::setenv("ASAN_OPTIONS", (asan + (user ? std::string(":") + user : std::string())).c_str(), 1);
  const char* user_ub = std::getenv("UBSAN_OPTIONS");
  ::setenv(
      "UBSAN_OPTIONS",
      ("halt_on_error=1:print_stacktrace=1" + (user_ub ? std::string(":") + user_ub : std::string())).c_str(),
      1);
  ::setenv("SPLATFUZZ_REEXEC", "1", 1);
  ::execv("/proc/self/exe", argv);
  std::perror("splatfuzz: re-exec failed; running with the sanitizer options as they are");
#else
  (void)argv;
  (void)options;
#endif
}

}  // namespace
}  // namespace splatview::fuzz

int main(int argc, char** argv) {
  using namespace splatview::fuzz;
  Options options;
  try {
    parse_options(argc, argv, options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "splatfuzz: %s\n%s", e.what(), kUsage);
    return 2;
  }
  set_sanitizer_options_and_reexec(argv, options);
  if (!options.reproduce.empty()) return reproduce(options);
  if (options.readers.empty())
    for (const Reader& reader : readers()) options.readers.push_back(reader.name);

  std::filesystem::create_directories(options.out);
  const auto log_path = options.out / ".child-stderr";
  const int log_fd = ::open(log_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    std::fprintf(stderr, "splatfuzz: cannot write in %s\n", options.out.c_str());
    return 2;
  }
  std::printf("splatfuzz: seed %llu, %s per reader, %.0f s and %zu MB a case%s\n",
              static_cast<unsigned long long>(options.seed),
              options.minutes > 0 ? (std::to_string(options.minutes) + " minutes").c_str()
                                  : (std::to_string(options.cases) + " cases").c_str(),
              options.timeout_s, options.memory_mb,
#ifdef SPLATFUZZ_ASAN
              ", AddressSanitizer"
#else
              ""
#endif
  );
  std::vector<std::pair<std::string, Tally>> rows;
  long failures = 0;
  for (const std::string& name : options.readers) {
    const Tally tally = fuzz_reader(*find_reader(name), options, log_fd);
    failures += tally.failures();
    rows.emplace_back(name, tally);
    if (rows.size() == 1) print_header();
    print_row(name, tally);
  }
  ::close(log_fd);
  std::filesystem::remove(log_path);
  std::printf("%s\n", failures ? "FAILED: see the saved cases above" : "no failures");
  return failures ? 1 : 0;
}
