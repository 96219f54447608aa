#include "common/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <system_error>
#include <thread>

namespace tipline::log {
namespace {

std::mutex& sink_mutex() {
  static std::mutex m;
  return m;
}

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to report a failing log
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// A busy gateway writes a line for every request, and a write(2) for each cost about
// 4% of its time. Info lines are gathered and written together: by the thread whose
// line fills a batch (`batch_bytes`), unless another is writing one already, or by a
// thread of their own about `flush_interval` after the first of them when traffic is
// light. A warning or an error is written before its write() returns, and with it
// every line before it, in order. Leaving through main or exit() writes everything; a
// crash or a SIGKILL can lose the last moments of info lines. (Handing full batches to
// the flusher thread instead measured about 7% slower under load.)
class BatchedOutput {
 public:
  static BatchedOutput& instance() {
    // Never destroyed: lines logged by other objects' destructors at exit still work.
    static BatchedOutput* const output = [] {
      auto* made = new BatchedOutput;
      std::atexit([] { instance().flush_at_exit(); });
      return made;
    }();
    return *output;
  }

  void add(std::string_view line) {
    std::lock_guard lock(mutex_);
    const bool was_empty = pending_.empty();
    pending_ += line;
    if (was_empty && flusher_idle_) wake_.notify_one();
  }

  // Called after each line, outside the sink's lock, so that no thread holds up the
  // others' logging while it writes. A full batch is written only when no one else is
  // writing one: a nice-19 thread in the middle of a write never makes an I/O thread
  // wait. Urgent lines, and a backlog the disk cannot take (`most_bytes_waiting`), wait
  // their turn.
  void settle(bool urgent) {
    std::size_t waiting = 0;
    {
      std::lock_guard lock(mutex_);
      waiting = pending_.size();
    }
    if (urgent || waiting >= most_bytes_waiting || !flusher_running_ || exiting_.load(std::memory_order_relaxed))
      return flush();
    if (waiting < batch_bytes) return;
    std::unique_lock order(write_mutex_, std::try_to_lock);
    if (order) write_waiting_lines();
  }

  void flush() {
    std::lock_guard order(write_mutex_);
    write_waiting_lines();
  }

  // Lines go to `fd` as well as stderr from now on; a file set before is closed.
  void set_file(int fd) {
    std::lock_guard order(write_mutex_);
    write_waiting_lines();
    if (file_ >= 0) ::close(file_);
    file_ = fd;
  }

 private:
  static constexpr std::chrono::milliseconds flush_interval{50};
  static constexpr std::size_t batch_bytes = 32 * 1024;
  static constexpr std::size_t most_bytes_waiting = 4 * 1024 * 1024;

  BatchedOutput() {
    try {
      std::thread(&BatchedOutput::flush_periodically, this).detach();
      flusher_running_ = true;
    } catch (const std::system_error&) {
      // No thread to spare: every line is written as it comes.
    }
  }

  // With write_mutex_ held.
  void write_waiting_lines() {
    writing_.clear();
    {
      std::lock_guard lock(mutex_);
      writing_.swap(pending_);
    }
    if (writing_.empty()) return;
    write_all(STDERR_FILENO, writing_);
    if (file_ >= 0) write_all(file_, writing_);
  }

  void flush_periodically() {
    std::unique_lock lock(mutex_);
    for (;;) {
      flusher_idle_ = true;
      wake_.wait(lock, [this] { return !pending_.empty(); });
      flusher_idle_ = false;
      lock.unlock();
      std::this_thread::sleep_for(flush_interval);
      flush();
      lock.lock();
    }
  }

  void flush_at_exit() {
    exiting_.store(true, std::memory_order_relaxed);
    flush();
  }

  bool flusher_running_ = false;  // set before the output is shared, read-only after
  std::atomic<bool> exiting_{false};
  std::mutex mutex_;  // pending_, flusher_idle_
  std::condition_variable wake_;
  std::string pending_;
  bool flusher_idle_ = false;  // waiting for a first line
  std::mutex write_mutex_;     // writing_, file_; keeps batches in order
  std::string writing_;
  int file_ = -1;
};

// Started before main, on the main thread, so the flusher keeps the process's priority
// (started by a nice-19 filer thread's first line, it would write at nice 19).
[[maybe_unused]] const bool output_started_before_main = (BatchedOutput::instance(), true);

void write_batched(std::string_view line) { BatchedOutput::instance().add(line); }

Sink& current_sink() {
  static Sink* const sink = new Sink(write_batched);  // never destroyed, like the output
  return *sink;
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
  bool quote = value.empty();
  bool escape = false;
  for (char c : value) {
    quote = quote || c == ' ' || c == '"' || c == '=';
    escape = escape || needs_escape(static_cast<unsigned char>(c));
  }
  if (!quote && !escape) {
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
  current_sink() = sink ? std::move(sink) : Sink(write_batched);
  return previous;
}

void log_to_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return;
  BatchedOutput::instance().set_file(fd);
  set_sink(nullptr);
}

void flush() { BatchedOutput::instance().flush(); }

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
  {
    std::lock_guard lock(sink_mutex());
    current_sink()(line);
  }
  BatchedOutput::instance().settle(level != Level::info);
}

}  // namespace tipline::log
