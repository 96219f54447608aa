#pragma once
// Webhook deliveries kept between their acknowledgement and the filing of their events
// (schema v6), on a given connection, inside the caller's transaction.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "storage/store.hpp"

namespace tipline::storage {

class Connection;
class Keyring;

namespace delivery_rows {

// Throws std::invalid_argument for a delivery the schema cannot hold.
void validate(const NewDelivery& delivery);

std::int64_t insert(Connection& db, const Keyring& keys, const NewDelivery& delivery);
// The oldest `limit` deliveries, in the order they arrived.
std::vector<Delivery> oldest(Connection& db, const Keyring& keys, std::size_t limit);
void remove_through(Connection& db, std::int64_t seq);
std::int64_t count(Connection& db);

}  // namespace delivery_rows
}  // namespace tipline::storage
