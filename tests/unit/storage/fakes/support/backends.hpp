#pragma once
// The same roles twice, for tests that hold the fakes to the real store's contract:
// each backend names its roles officers, audit, tips and workflow.
#include <string>

#include "storage/fakes/fake_audit_log.hpp"
#include "storage/fakes/fake_officer_store.hpp"
#include "storage/fakes/fake_tip_store.hpp"
#include "storage/fakes/fake_workflow_store.hpp"
#include "storage/sqlite_store.hpp"
#include "unit/storage/storage_fixture.hpp"

namespace tipline::storage::testing {

struct FakeBackend {
  fakes::FakeAuditLog audit;
  fakes::FakeOfficerStore officers{audit};
  fakes::FakeTipStore tips;
  fakes::FakeWorkflowStore workflow{tips, officers, audit};
};

struct SqliteBackend {
  static SqliteOptions options() {
    SqliteOptions o;
    o.audit_key = std::string(32, 'k');
    return o;
  }
  TempDir dir;
  SqliteStore store{dir.file("t.db"), test_keys(), options()};
  OfficerStore& officers = store;
  AuditLog& audit = store;
  TipStore& tips = store;
  WorkflowStore& workflow = store;
};

}  // namespace tipline::storage::testing
