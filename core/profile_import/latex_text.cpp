#include "core/profile_import/latex_text.h"

#include <cctype>
#include <cstdint>
#include <utility>

#include "core/profile_import/import_text.h"

namespace splatview::import_detail {

namespace {

// For each accent command, pairs of base letter and accented letter.
struct Accent {
  char command;
  std::string_view pairs;     // "aá eé ..." as base byte then UTF-8 letter, separated by spaces
  std::string_view combining; // used when the pair is not in the table
};

constexpr Accent kAccents[] = {
    {'\'', "AÁ aá EÉ eé IÍ ií OÓ oó UÚ uú YÝ yý CĆ cć NŃ nń SŚ sś ZŹ zź LĹ lĺ RŔ rŕ", "\u0301"},
    {'`', "AÀ aà EÈ eè IÌ iì OÒ oò UÙ uù", "\u0300"},
    {'^', "AÂ aâ EÊ eê IÎ iî OÔ oô UÛ uû", "\u0302"},
    {'"', "AÄ aä EË eë IÏ iï OÖ oö UÜ uü yÿ", "\u0308"},
    {'~', "AÃ aã NÑ nñ OÕ oõ", "\u0303"},
    {'=', "AĀ aā EĒ eē IĪ iī OŌ oō UŪ uū", "\u0304"},
    {'.', "ZŻ zż EĖ eė", "\u0307"},
    {'c', "CÇ cç SŞ sş", "\u0327"},
    {'v', "CČ cč SŠ sš ZŽ zž EĚ eě RŘ rř NŇ nň", "\u030C"},
    {'u', "AĂ aă GĞ gğ", "\u0306"},
    {'H', "OŐ oő UŰ uű", "\u030B"},
    {'k', "AĄ aą EĘ eę", "\u0328"},
    {'r', "AÅ aå UŮ uů", "\u030A"},
};

std::string accented(char command, std::string_view base) {
  if (base == "\\i" || base == "\\j") base = base.substr(1);
  for (const Accent& accent : kAccents) {
    if (accent.command != command) continue;
    if (base.size() == 1) {
      for (std::size_t i = 0; i < accent.pairs.size();) {
        const char letter = accent.pairs[i];
        std::size_t end = accent.pairs.find(' ', i);
        if (end == std::string_view::npos) end = accent.pairs.size();
        if (letter == base[0]) return std::string(accent.pairs.substr(i + 1, end - i - 1));
        i = end + 1;
      }
    }
    return std::string(base) + std::string(accent.combining);
  }
  return std::string(base);
}

bool is_accent_command(char c) {
  for (const Accent& accent : kAccents)
    if (accent.command == c) return true;
  return false;
}

std::string_view named_symbol(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> symbols[] = {
      {"ss", "ß"}, {"o", "ø"}, {"O", "Ø"}, {"aa", "å"}, {"AA", "Å"}, {"ae", "æ"}, {"AE", "Æ"}, {"oe", "œ"},
      {"OE", "Œ"}, {"l", "ł"}, {"L", "Ł"}, {"i", "ı"}, {"j", "ȷ"}, {"dag", "†"}, {"dagger", "†"}, {"ddag", "‡"},
      {"ddagger", "‡"}, {"textendash", "–"}, {"textemdash", "—"}, {"ldots", "…"}, {"dots", "…"},
      {"textquoteright", "’"}, {"textquoteleft", "‘"}, {"S", "§"}, {"copyright", "©"}, {"star", "*"},
      {"ast", "*"}, {"textasteriskcentered", "*"}, {"&", "&"}, {"%", "%"}, {"$", "$"}, {"#", "#"}, {"_", "_"},
      {"{", "{"}, {"}", "}"}, {"textbackslash", "\\"}, {" ", " "}, {",", " "}, {";", " "}, {"quad", " "}};
  for (const auto& [key, value] : symbols)
    if (key == name) return value;
  return {};
}

// The argument of an accent: "{e}", "e", "{\i}" or "\i".
std::string_view accent_argument(std::string_view text, std::size_t& i) {
  while (i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size()) return {};
  if (text[i] == '{') {
    const std::size_t close = text.find('}', i);
    if (close == std::string_view::npos) return {};
    std::string_view inner = text.substr(i + 1, close - i - 1);
    i = close + 1;
    return inner;
  }
  if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'i' || text[i + 1] == 'j')) {
    i += 2;
    return text.substr(i - 1, 1);
  }
  return text.substr(i++, 1);
}

}  // namespace

std::string latex_to_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '{' || c == '}' || c == '$') {
      ++i;
      continue;
    }
    if (c == '~') {
      out += ' ';
      ++i;
      continue;
    }
    if (c == '^') {  // $^*$, $^\dagger$
      ++i;
      continue;
    }
    if (c == '-' && text.substr(i, 3) == "---") {
      out += "—";
      i += 3;
      continue;
    }
    if (c == '-' && text.substr(i, 2) == "--") {
      out += "–";
      i += 2;
      continue;
    }
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    // A command.
    if (i + 1 >= text.size()) break;
    const char next = text[i + 1];
    if (is_accent_command(next) && !std::isalpha(static_cast<unsigned char>(next))) {
      std::size_t j = i + 2;
      const std::string_view base = accent_argument(text, j);
      out += accented(next, base);
      i = j;
      continue;
    }
    std::size_t j = i + 1;
    if (std::isalpha(static_cast<unsigned char>(next))) {
      while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
    } else {
      ++j;
    }
    const std::string_view name = text.substr(i + 1, j - i - 1);
    if (name.size() == 1 && is_accent_command(name[0]) && j < text.size() &&
        (text[j] == '{' || text[j] == ' ')) {  // \c{c}, \v s
      std::size_t k = j;
      const std::string_view base = accent_argument(text, k);
      out += accented(name[0], base);
      i = k;
      continue;
    }
    if (const std::string_view symbol = named_symbol(name); !symbol.empty()) {
      out += symbol;
      i = j;
      if (std::isalpha(static_cast<unsigned char>(next)) && i < text.size() && text[i] == ' ') ++i;  // "\ss e"
      continue;
    }
    // Any other command (\emph, \textbf, \url, ...) is dropped; its argument stays as text.
    i = j;
    while (i < text.size() && text[i] == ' ' && std::isalpha(static_cast<unsigned char>(next))) ++i;
  }
  return collapse_space(out);
}

}  // namespace splatview::import_detail
