#pragma once
// Changes to a tip's handling (group, assignment, status, officers' labels, replies
// to the reporter) and the report's rows, on a given connection, in the caller's
// transaction with their audit entries.
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

namespace workflow_rows {

void set_group(Connection& db, const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group);

void assign(Connection& db, std::int64_t tip_id, std::optional<std::int64_t> officer_id,
            std::optional<std::int64_t> deadline, std::int64_t now);
void set_status(Connection& db, std::int64_t tip_id, domain::Status status, std::optional<domain::Outcome> outcome,
                std::int64_t now);
void set_corrected_labels(Connection& db, std::int64_t tip_id, const Labels& labels, std::int64_t now);
WorkflowStore::ReplyRoute reply_to_reporter(Connection& db, const Keyring& keys, std::int64_t tip_id, const std::string& text,
                                    std::int64_t now);

std::vector<ReportRow> report_rows(Connection& db, std::int64_t start, std::int64_t end);

}  // namespace workflow_rows
}  // namespace tipline::storage
