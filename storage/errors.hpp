#pragma once
#include <stdexcept>

namespace tipline::storage {

// Thrown when the database cannot be opened, migrated or written. what() is an
// internal message for the operator's log; it never contains tip content.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when a write collides with a unique key (e.g. a receipt hash already in
// use). Writes whose collisions are expected report them as a result instead.
class DuplicateError : public StoreError {
 public:
  using StoreError::StoreError;
};

// Thrown when a change would leave no enabled admin account (disabling the last one,
// or giving it another role). Checked in the change's own transaction.
class LastAdminError : public StoreError {
 public:
  using StoreError::StoreError;
};

// Thrown when a sealed value cannot be opened: wrong or missing key, or tampering.
class DecryptError : public StoreError {
 public:
  using StoreError::StoreError;
};

}  // namespace tipline::storage
