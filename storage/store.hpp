#pragma once
// Every role of the store in one object, as a backend implements it (SQLite today:
// sqlite_store.hpp). Code that uses storage takes the narrowest role it needs
// (tip_store.hpp, workflow_store.hpp, delivery_store.hpp, chat_store.hpp,
// outbox_store.hpp, officer_store.hpp, audit_log.hpp), so that tests can give it a
// small fake; only the wiring and the commands hold a Store.
#include "storage/audit_log.hpp"
#include "storage/chat_store.hpp"
#include "storage/delivery_store.hpp"
#include "storage/errors.hpp"
#include "storage/officer_store.hpp"
#include "storage/outbox_store.hpp"
#include "storage/tip_store.hpp"
#include "storage/workflow_store.hpp"

namespace tipline::storage {

class Store : public TipStore,
              public WorkflowStore,
              public DeliveryStore,
              public ChatStore,
              public OutboxStore,
              public OfficerStore,
              public AuditLog {
 public:
  ~Store() override = default;

  // True when the database answers a trivial query.
  virtual bool healthy() = 0;
};

}  // namespace tipline::storage
