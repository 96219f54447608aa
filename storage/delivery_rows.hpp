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

// The longest reply window a platform gives (Zalo: 7 days).
inline constexpr std::int64_t set_aside_kept_seconds = 7 * 24 * 3600;

// Throws std::invalid_argument for a delivery the schema cannot hold.
void validate(const NewDelivery& delivery);

std::int64_t insert(Connection& db, const Keyring& keys, const NewDelivery& delivery);
// The oldest `limit` deliveries waiting, in the order they arrived. One that does not
// open (its key is no longer loaded) comes back marked unreadable, without a body.
std::vector<Delivery> oldest(Connection& db, const Keyring& keys, std::size_t limit);
// Deletes the waiting deliveries up to `seq`; those set aside stay.
void remove_through(Connection& db, std::int64_t seq);
void set_aside(Connection& db, std::int64_t seq, std::int64_t now);
void retry_set_aside(Connection& db);
// Deletes deliveries set aside that arrived before `before` (counted from arrival, like a
// reply handle, so setting one aside again after a restart does not extend its life).
void purge_set_aside(Connection& db, std::int64_t before);
DeliveryCounts count(Connection& db);

}  // namespace delivery_rows
}  // namespace tipline::storage
