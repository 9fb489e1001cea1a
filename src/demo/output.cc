// Writes generated objects to a file as a STIX bundle or NDJSON, streaming.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "demo/random.h"
#include "qccm/demo/generator.h"

namespace qccm::demo {
namespace {

struct FileCloser {
  bool close = true;
  void operator()(std::FILE* file) const {
    if (close) std::fclose(file);
  }
};

Error IoError(const std::string& path, std::string_view what) {
  return Error{ErrorCode::kIo, std::string(what) + ": " + std::strerror(errno),
               ErrorPlace{.file = path}};
}

}  // namespace

Result<GeneratorStats> WriteGeneratedFile(const GeneratorOptions& options, FileFormat format,
                                          const std::string& path) {
  bool to_stdout = path == "-";
  std::vector<char> buffer(std::size_t{1} << 20);  // outlives the FILE that uses it
  std::unique_ptr<std::FILE, FileCloser> file(to_stdout ? stdout : std::fopen(path.c_str(), "wb"),
                                              FileCloser{.close = !to_stdout});
  if (!file) return std::unexpected(IoError(path, "cannot create the file"));
  if (!to_stdout) std::setvbuf(file.get(), buffer.data(), _IOFBF, buffer.size());

  auto write = [&](std::string_view text) -> Status {
    if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size()) {
      return std::unexpected(IoError(path, "cannot write"));
    }
    return Ok();
  };

  GeneratorOptions stream = options;
  stream.for_collections = false;
  bool bundle = format == FileFormat::kBundle;
  if (bundle) {
    // The bundle id derives from the seed too, so the whole file is reproducible.
    Rng rng(options.seed ^ 0x62756e646c65ULL);
    QCCM_TRY_STATUS(
        write("{\"type\":\"bundle\",\"id\":\"bundle--" + rng.Uuid4() + "\",\"objects\":[\n"));
  }
  bool first = true;
  auto stats = Generate(stream, [&](const GeneratedObject& object) -> Status {
    if (bundle && !first) QCCM_TRY_STATUS(write(",\n"));
    first = false;
    QCCM_TRY_STATUS(write(object.json));
    if (!bundle) QCCM_TRY_STATUS(write("\n"));
    return Ok();
  });
  if (stats && bundle) {
    auto closed = write("\n]}\n");
    if (!closed) stats = std::unexpected(closed.error());
  }
  if (stats && std::fflush(file.get()) != 0) stats = std::unexpected(IoError(path, "cannot write"));
  if (!to_stdout) {
    bool closed = std::fclose(file.release()) == 0;
    if (stats && !closed) stats = std::unexpected(IoError(path, "cannot close"));
    if (!stats) std::remove(path.c_str());
  }
  return stats;
}

}  // namespace qccm::demo
