#pragma once
// Shared helpers for the storage tests: a unique temporary directory, fixed test keys
// and ready-made tips and officers.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <unistd.h>

#include "storage/keyring.hpp"
#include "storage/store.hpp"

namespace tipline::storage::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("tipline-storage-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter.fetch_add(1)) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string test_key(std::uint32_t id) {
  return std::string(32, static_cast<char>('a' + id));
}

inline Keyring keyring_with(std::initializer_list<std::uint32_t> ids, std::uint32_t active) {
  std::map<std::uint32_t, std::string> keys;
  for (auto id : ids) keys[id] = test_key(id);
  return Keyring(std::move(keys), active);
}

inline Keyring test_keys() { return keyring_with({1}, 1); }

inline NewTip sample_tip(std::string body = "Có người bán ma túy ở hẻm 12", std::string month = "2511") {
  NewTip tip;
  tip.channel = domain::Channel::web;
  tip.received_at = 1763900000;
  tip.reference_month = std::move(month);
  tip.labels.categories = {domain::Category::dealing, domain::Category::youth};
  tip.labels.priority = domain::Priority::high;
  tip.labels.area = "tdp-3";
  tip.first_message.body = std::move(body);
  tip.first_message.created_at = tip.received_at;
  return tip;
}

inline NewTip tip_with(domain::Priority priority, std::int64_t at, domain::Category category = domain::Category::dealing) {
  NewTip tip = sample_tip("tin " + std::to_string(at));
  tip.received_at = at;
  tip.labels.priority = priority;
  tip.labels.categories = {category};
  return tip;
}

inline NewOfficer new_officer(const std::string& username, domain::Role role = domain::Role::officer) {
  NewOfficer o;
  o.username = username;
  o.display_name = "Cán bộ " + username;
  o.role = role;
  o.password_hash = "scrypt$test";
  o.created_at = 1763900000;
  return o;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace tipline::storage::testing
