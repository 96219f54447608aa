#include <catch2/catch.hpp>

#include <stdexcept>

#include "storage/keyring.hpp"
#include "storage/store.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;

TEST_CASE("a keyring seals with its active key and opens with the named one", "[keyring]") {
  const Keyring ring = keyring_with({1, 2, 5}, 5);
  CHECK(ring.active_id() == 5);
  CHECK(ring.has(2));
  CHECK_FALSE(ring.has(3));
  const SealedValue sealed = ring.seal("bí mật", "aad");
  CHECK(sealed.key_id == 5);
  CHECK(sealed.bytes.find("bí mật") == std::string::npos);
  CHECK(ring.open(5, sealed.bytes, "aad") == "bí mật");
  CHECK_THROWS_AS(ring.open(5, sealed.bytes, "other aad"), DecryptError);
  CHECK_THROWS_AS(ring.open(1, sealed.bytes, "aad"), DecryptError);
  CHECK_THROWS_AS(ring.open(9, sealed.bytes, "aad"), DecryptError);
}

TEST_CASE("a keyring refuses short keys and a missing active key", "[keyring]") {
  CHECK_THROWS_AS(Keyring({{1, std::string(16, 'k')}}, 1), std::invalid_argument);
  CHECK_THROWS_AS(Keyring({{1, test_key(1)}}, 2), std::invalid_argument);
  CHECK_THROWS_AS(Keyring({}, 0), std::invalid_argument);
  try {
    Keyring({{7, std::string(31, 'S')}}, 7);
    FAIL("expected invalid_argument");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("SSSS") == std::string::npos);
  }
}
