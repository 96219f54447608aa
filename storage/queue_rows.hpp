#pragma once
// The officers' queue, its counts, the team's load and a tip's duplicate group, read
// on a given connection. Effective labels: an officer's correction wins.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/workflow_store.hpp"

namespace tipline::storage {

class Connection;
class Keyring;
class Statement;

namespace queue_rows {

QueuePage queue(Connection& db, const Keyring& keys, const QueueFilter& filter);
// The queue's statement, for queue() and for the benchmark's query plans: the SQL text,
// the statuses it binds, and the binding.
std::string queue_sql(const QueueFilter& filter);
std::vector<domain::Status> queue_statuses(const QueueFilter& filter);
void bind_queue(Statement& q, const QueueFilter& filter, const std::vector<domain::Status>& statuses);
std::vector<std::pair<domain::Status, std::int64_t>> status_counts(Connection& db);
std::vector<OfficerLoad> officer_loads(Connection& db, std::int64_t now);
std::vector<QueueRow> group_members(Connection& db, const Keyring& keys, std::int64_t tip_id, std::size_t limit);

}  // namespace queue_rows
}  // namespace tipline::storage
