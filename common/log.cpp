#include "common/log.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

namespace tipline::log {
namespace {

std::mutex& sink_mutex() {
  static std::mutex m;
  return m;
}

void write_stderr(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

Sink& current_sink() {
  static Sink sink = write_stderr;
  return sink;
}

const char* level_name(Level level) {
  switch (level) {
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

// Values are quoted when they could be mistaken for field separators, and control
// characters are escaped so one field cannot forge a second log line.
bool needs_escape(unsigned char c) { return c == '"' || c == '\\' || c < 0x20 || c == 0x7f; }

void append_value(std::string& out, std::string_view value) {
  bool quote = value.empty() || value.find_first_of(" \"=") != std::string_view::npos;
  if (!quote && std::none_of(value.begin(), value.end(), [](char c) { return needs_escape(static_cast<unsigned char>(c)); })) {
    out += value;
    return;
  }
  if (quote) out.push_back('"');
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (quote) out.push_back('"');
}

// "2026-11-24T05:53:44.123Z". The part up to the second is formatted once a second per
// thread: a busy gateway writes thousands of lines in each.
void append_timestamp(std::string& out, std::chrono::system_clock::time_point now) {
  thread_local std::time_t cached_second = -1;
  thread_local char cached[64];
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t second = static_cast<std::time_t>(millis / 1000);
  if (second != cached_second) {
    std::tm tm{};
    gmtime_r(&second, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = second;
  }
  const int ms = static_cast<int>(millis % 1000);
  out += cached;
  out.push_back(static_cast<char>('0' + ms / 100));
  out.push_back(static_cast<char>('0' + ms / 10 % 10));
  out.push_back(static_cast<char>('0' + ms % 10));
  out.push_back('Z');
}

}  // namespace

Field::Field(std::string_view k, double v) : key(k) {
  char buf[64];
  auto [end, error] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
  value = error == std::errc() ? std::string(buf, end) : std::string("nan");
}

Sink set_sink(Sink sink) {
  std::lock_guard lock(sink_mutex());
  Sink previous = std::move(current_sink());
  current_sink() = sink ? std::move(sink) : Sink(write_stderr);
  return previous;
}

void log_to_file(const std::string& path) {
  std::shared_ptr<std::FILE> file(std::fopen(path.c_str(), "a"), [](std::FILE* f) {
    if (f) std::fclose(f);
  });
  if (!file) return;
  set_sink([file](std::string_view line) {
    write_stderr(line);
    std::fwrite(line.data(), 1, line.size(), file.get());
    std::fflush(file.get());
  });
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  std::string line;
  line.reserve(160);
  append_timestamp(line, std::chrono::system_clock::now());
  line += ' ';
  line += level_name(level);
  line += ' ';
  append_value(line, event);
  for (const auto& field : fields) {
    line += ' ';
    line += field.key;
    line += '=';
    append_value(line, field.value);
  }
  line += '\n';
  std::lock_guard lock(sink_mutex());
  current_sink()(line);
}

}  // namespace tipline::log
