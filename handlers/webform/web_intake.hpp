#pragma once
// The intake use case: a reporter's words become a stored tip. Every channel ends
// here; the web form is the first. Nothing identifying the reporter enters: the
// caller has already dropped addresses, file names and headers.
#include <cstdint>
#include <optional>
#include <string>

#include "handlers/webform/receipt_code.hpp"
#include "handlers/tips/tip_grouping.hpp"
#include "storage/tip_store.hpp"
#include "triage/triage.hpp"

namespace tipline::handlers {

struct Photo {
  std::string media_type;  // "image/jpeg" | "image/png"
  std::string bytes;       // already stripped of metadata
};

struct WebTip {
  std::string what;
  std::string where;
  std::string when;
  std::optional<std::string> area_id;  // chosen from the ward's list, already validated
  std::optional<Photo> photo;
  std::int64_t now = 0;
};

struct WebTipReceipt {
  std::string reference;
  ReceiptCode code;  // shown once, never stored
};

struct AddedInformation {
  std::string text;
  std::optional<Photo> photo;
  std::int64_t now = 0;
};

// Every tip and every added message is triaged here: the labels go on the tip in
// clear (so the queue can sort), the personal-data spans go inside the sealed
// message (so a preview can be redacted). A tip's spans are byte offsets into
// triage_text(), its answers joined in a fixed order; an added message's spans
// are offsets into that message's own text.
class Intake final {
 public:
  Intake(storage::TipStore& store, const ReceiptHasher& hasher, const triage::Engine& engine, TipGrouping& grouping,
         int utc_offset_minutes)
      : store_(store), hasher_(hasher), engine_(engine), grouping_(grouping), utc_offset_minutes_(utc_offset_minutes) {}

  // Stores the tip durably and returns its reference and a fresh receipt code.
  WebTipReceipt submit_web_tip(const WebTip& tip);

  // The tip a receipt code belongs to (normalised digits), if any.
  std::optional<std::int64_t> find_by_receipt(const std::string& digits);

  // Stores the addition and the labels of triage re-run over everything the reporter
  // wrote, in one commit.
  void add_information(std::int64_t tip_id, const AddedInformation& info);

 private:
  storage::TipStore& store_;
  const ReceiptHasher& hasher_;
  const triage::Engine& engine_;
  TipGrouping& grouping_;
  int utc_offset_minutes_;
};

// The text triage reads for a web tip: what, where and when, one per line.
std::string triage_text(const WebTip& tip);

}  // namespace tipline::handlers
