#pragma once
// The monthly report as the console page and the `tipline report` command both
// build it: the store's label rows for a period, aggregated with small areas
// suppressed, and named in Vietnamese or English.
#include <cstdint>
#include <string>

#include "common/domain.hpp"
#include "handlers/report/csv.hpp"
#include "handlers/report/period.hpp"
#include "handlers/report/report.hpp"
#include "storage/workflow_store.hpp"
#include "triage/ward.hpp"

namespace tipline::handlers {

// Tips received in the period, counted by build_report with small_cell 3 and every
// area of the ward listed (so an area shown as "<3" may have had none at all, and
// the suppressed counts cannot be worked out from the rest).
report::ReportData monthly_report(storage::WorkflowStore& store, const report::Period& period, std::int64_t now,
                                  const triage::Ward& ward);

// Display names for every section of the report (period, summary, category, area,
// channel, priority, status, outcome). Areas take their names from the ward file.
// The Labels keep their own copy of the names: they may outlive `ward`.
report::Labels report_labels(const triage::Ward& ward, domain::Language language);

// monthly_report as CSV for Excel (UTF-8 with a byte order mark), names in `language`.
std::string monthly_report_csv(storage::WorkflowStore& store, const report::Period& period, std::int64_t now,
                               const triage::Ward& ward, domain::Language language);

}  // namespace tipline::handlers
