#include "handlers/report/csv.hpp"

#include <utility>

namespace tipline::report {

std::string Labels::display(std::string_view section, std::string_view key) const {
  if (name) {
    auto shown = name(section, key);
    if (!shown.empty()) return shown;
  }
  return std::string(key);
}

Labels Labels::from_table(Table table) {
  return Labels{[table = std::move(table)](std::string_view section, std::string_view key) -> std::string {
    auto names = table.find(section);
    if (names == table.end()) return {};
    auto found = names->second.find(key);
    return found == names->second.end() ? std::string() : found->second;
  }};
}

std::string csv_field(std::string_view text) {
  std::string field;
  // Spreadsheets treat these first characters as the start of a formula (or, for tab
  // and CR, skip them and look at the next one).
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) field += '\'';
  field.append(text);
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

namespace {

class Writer {
 public:
  Writer(const Labels& labels, bool excel_bom) : labels_(labels) {
    if (excel_bom) out_ = "\xEF\xBB\xBF";
    line("section", "key", "name", "value");
  }

  void row(std::string_view section, std::string_view key, std::string_view value) {
    line(section, key, labels_.display(section, key), value);
  }

  void rows(std::string_view section, const std::vector<Count>& counts) {
    // `shown`, not `count`: for a suppressed area it is "<3" and the count is withheld.
    for (const auto& count : counts) row(section, count.key, count.shown);
  }

  std::string take() { return std::move(out_); }

 private:
  void line(std::string_view a, std::string_view b, std::string_view c, std::string_view d) {
    out_ += csv_field(a);
    out_ += ',';
    out_ += csv_field(b);
    out_ += ',';
    out_ += csv_field(c);
    out_ += ',';
    out_ += csv_field(d);
    out_ += "\r\n";
  }

  const Labels& labels_;
  std::string out_;
};

}  // namespace

std::string to_csv(const ReportData& data, const Labels& labels, bool excel_bom) {
  Writer csv(labels, excel_bom);
  csv.row(section::period, "label", data.period.label);
  csv.row(section::period, "from", first_day(data.period));
  csv.row(section::period, "to", last_day(data.period));
  csv.row(section::summary, "total", std::to_string(data.total));

  csv.rows(section::category, data.by_category);
  csv.rows(section::area, data.by_area);
  csv.rows(section::channel, data.by_channel);
  csv.rows(section::priority, data.by_priority);
  csv.rows(section::status, data.by_status);
  csv.rows(section::outcome, data.by_outcome);

  const auto& median = data.median_seconds_to_first_action;
  csv.row(section::summary, "median_hours_to_first_action", median ? format_hours(*median) : "");
  csv.row(section::summary, "overdue_open", std::to_string(data.overdue_open));
  csv.row(section::summary, "closed_late", std::to_string(data.closed_late));
  if (data.no_area) csv.row(section::summary, "no_area", std::to_string(*data.no_area));
  csv.row(section::summary, "corrected", std::to_string(data.corrected));
  for (const auto& a : data.agreement) csv.row(section::agreement, a.key, a.shown);
  return csv.take();
}

}  // namespace tipline::report
