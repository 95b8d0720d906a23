#pragma once
// Errors a user can cause (a bad file, a bad flag) travel as values, never as exceptions.
#include <string>
#include <utility>
#include <variant>

namespace splatview {

struct Error {
  std::string file;  // the file (or flag) at fault; may be empty
  std::string what;  // what is wrong, in a few words
  std::string hint;  // what the user can do about it; may be empty

  // One line for stderr or the UI: "FILE: WHAT (HINT)".
  std::string message() const {
    std::string line = file.empty() ? what : file + ": " + what;
    if (!hint.empty()) line += " (" + hint + ")";
    return line;
  }
};

// A value or an Error: a small stand-in for C++23 std::expected.
template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace splatview
