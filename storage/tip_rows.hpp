#pragma once
// Reading and writing tips and their messages on a given connection, with sealing.
// These run inside whatever transaction the caller holds, so a later use case can
// compose several (tip + outbox + dedup record) into one write job and one commit.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.hpp"

namespace tipline::storage {

class Connection;
class Keyring;

namespace tip_rows {

// Throws std::invalid_argument for input the schema cannot hold faithfully; callers
// check before queueing so a bad request never reaches the writer.
void validate(const NewTip& tip);
void validate(const NewMessage& message);

CreatedTip insert_tip(Connection& db, const Keyring& keys, const NewTip& tip);
// Throws StoreError when the tip does not exist.
std::int64_t insert_message(Connection& db, const Keyring& keys, std::int64_t tip_id,
                            const NewMessage& message);
void update_labels(Connection& db, std::int64_t tip_id, const Labels& labels);

std::optional<std::int64_t> find_by_receipt(Connection& db, const std::string& receipt_hash);
std::optional<StoredTip> load_tip(Connection& db, const Keyring& keys, std::int64_t tip_id);
std::optional<ReporterWords> reporter_words(Connection& db, const Keyring& keys, std::int64_t tip_id);
std::int64_t count_tips(Connection& db);
void insert_correction(Connection& db, std::int64_t tip_id, const LabelCorrection& correction);
std::vector<std::int64_t> recent_tip_ids(Connection& db, std::int64_t since, std::size_t limit);
std::vector<std::int64_t> corrected_tip_ids(Connection& db);

// Categories are kept as one comma-separated column of stored names so the queue and
// the report can filter without a join. Splitting throws StoreError for a word the
// vocabulary does not know.
std::string join_categories(const std::vector<domain::Category>& categories);
std::vector<domain::Category> split_categories(const std::string& joined);

// Where a sealed value lives; bound into the GCM tag so a blob copied to another row,
// another field or relabelled with another key id no longer opens.
std::string message_aad(std::string_view field, std::int64_t tip_id, std::int64_t seq,
                        std::uint32_t key_id);

}  // namespace tip_rows
}  // namespace tipline::storage
