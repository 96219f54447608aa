#pragma once
// Structured log lines. A line is an event name and key=value fields chosen by the
// caller from safe things only: routes, status codes, timings, tip references.
// There is deliberately no way to log a request, a body or a peer address.
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace tipline::log {

enum class Level { info, warn, error };

struct Field {
  std::string_view key;
  std::string value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, long long v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, unsigned long long v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, int v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, unsigned v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, long v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, unsigned long v) : key(k), value(std::to_string(v)) {}
  Field(std::string_view k, double v);
};

using Sink = std::function<void(std::string_view line)>;

// Replaces where lines go (stderr by default). Returns the previous sink; nullptr
// restores the default.
Sink set_sink(Sink sink);

// Appends lines to a file as well as stderr; the file is opened in append mode.
void log_to_file(const std::string& path);

// By default info lines are written in batches (32 KiB, or about 50 ms after the first
// when traffic is light); warnings and errors at once. flush() writes whatever is
// waiting now (exit does too).
void flush();

void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void info(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::info, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::warn, event, fields);
}
inline void error(std::string_view event, std::initializer_list<Field> fields = {}) {
  write(Level::error, event, fields);
}

}  // namespace tipline::log
