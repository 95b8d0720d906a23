#include "app/profile_import_command.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "core/profile.h"
#include "core/profile_import/profile_import.h"

namespace splatview {

namespace {

struct ImportCommand {
  std::vector<std::string> sources;
  std::optional<std::filesystem::path> output;
  bool force = false;
  bool quiet = false;
  ImportOptions options;
};

Result<ImportCommand> parse(const std::vector<std::string>& args) {
  ImportCommand command;
  bool in_sources = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&](const char* what) -> Result<std::string> {
      if (i + 1 >= args.size()) return Error{arg, "needs a value", what};
      return args[++i];
    };
    if (arg == "--import-profile") {
      in_sources = true;
      continue;
    }
    if (arg == "--output" || arg == "-o") {
      auto v = value("a file name such as me.toml");
      if (!v) return v.error();
      command.output = std::filesystem::path(v.value());
      in_sources = false;
      continue;
    }
    if (arg == "--name") {
      auto v = value("the researcher's name, quoted: --name \"Ada Example\"");
      if (!v) return v.error();
      command.options.name = v.value();
      in_sources = false;
      continue;
    }
    if (arg == "--base-url") {
      auto v = value("the site's address, e.g. https://ada.github.io/");
      if (!v) return v.error();
      command.options.base_url = v.value();
      in_sources = false;
      continue;
    }
    if (arg == "--force") {
      command.force = true;
      continue;
    }
    if (arg == "--quiet" || arg == "-q") {
      command.quiet = true;
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-')
      return Error{arg, "is not an option of --import-profile",
                   "use --output, --force, --name, --base-url; see splatview --help"};
    if (!in_sources && !command.sources.empty())
      return Error{arg, "unexpected here", "list every source right after --import-profile"};
    command.sources.push_back(arg);
  }
  if (command.sources.empty())
    return Error{"--import-profile", "needs at least one source", "pass a homepage page (.md, .html), a CV or a .bib"};
  return command;
}

}  // namespace

bool is_import_profile_command(const std::vector<std::string>& args) {
  return std::find(args.begin(), args.end(), "--import-profile") != args.end();
}

int run_import_profile(const std::vector<std::string>& args, std::FILE* out, std::FILE* err) {
  auto parsed = parse(args);
  if (!parsed) {
    std::fprintf(err, "splatview: %s\n", parsed.error().message().c_str());
    return 2;
  }
  const ImportCommand& command = parsed.value();
  if (command.output) {
    // No output ever replaces an input.
    for (std::string source : command.sources) {
      if (source.rfind("cv:", 0) == 0) source.erase(0, 3);
      std::error_code ignored;
      if (std::filesystem::equivalent(source, *command.output, ignored)) {
        std::fprintf(err, "splatview: %s: is one of the sources (choose another --output)\n",
                     command.output->string().c_str());
        return 2;
      }
    }
  }
  std::error_code ignored;
  if (command.output && !command.force && std::filesystem::exists(*command.output, ignored)) {
    std::fprintf(err, "splatview: %s: already exists (pass --force to replace it, or choose another --output)\n",
                 command.output->string().c_str());
    return 2;
  }
  auto imported = import_profile(command.sources, command.options);
  if (!imported) {
    std::fprintf(err, "splatview: %s\n", imported.error().message().c_str());
    return 2;
  }
  const ImportedProfile& profile = imported.value();
  if (!command.quiet)
    for (const std::string& warning : profile.warnings) std::fprintf(err, "splatview: warning: %s\n", warning.c_str());
  const std::filesystem::path folder = command.output ? command.output->parent_path() : std::filesystem::path(".");
  const std::string toml = profile_to_toml(profile.profile, folder);
  if (toml.size() > kMaxProfileBytes) {
    std::fprintf(err, "splatview: %s: the imported profile would be %zu KiB, more than a profile may hold (%zu KiB) "
                      "(import fewer or smaller sources)\n",
                 command.sources.front().c_str(), toml.size() >> 10, kMaxProfileBytes >> 10);
    return 2;
  }
  // The output must read back through the loader, as --check-profile would read it.
  const std::filesystem::path check_name = command.output ? *command.output : std::filesystem::path("imported.toml");
  if (auto check = parse_profile(toml, check_name); !check) {
    std::fprintf(err, "splatview: internal error: the imported profile does not load: %s\n",
                 check.error().message().c_str());
    return 1;
  }
  if (command.output) {
    if (auto error = write_text_file_safely(*command.output, toml, command.force)) {
      std::fprintf(err, "splatview: %s\n", error->message().c_str());
      return 2;
    }
  } else {
    std::fputs(toml.c_str(), out);
    std::fflush(out);
  }
  std::fprintf(err, "splatview: imported %s%s%s\n", profile.summary.c_str(), command.output ? " into " : "",
               command.output ? command.output->string().c_str() : "");
  return 0;
}

}  // namespace splatview
