#pragma once
// The window's one-line messages: a note fades after a few seconds, an error stays (drawn as an
// error) until the user dismisses it or a newer message replaces it.
#include <string>

namespace splatview {

struct Notice {
  std::string text;
  bool is_error = false;
  double shown_at = -1.0;  // when it was set (seconds); -1: not yet drawn

  void note(std::string t) { set(std::move(t), false); }
  void error(std::string t) { set(std::move(t), true); }
  void clear() { text.clear(); }
  bool empty() const { return text.empty(); }

  static constexpr double kNoteSeconds = 6.0;

 private:
  void set(std::string t, bool error) {
    text = std::move(t);
    is_error = error;
    shown_at = -1.0;
  }
};

}  // namespace splatview
