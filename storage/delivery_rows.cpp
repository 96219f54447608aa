#include "storage/delivery_rows.hpp"

#include <stdexcept>
#include <string>

#include "storage/keyring.hpp"
#include "storage/row_support.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"

namespace tipline::storage::delivery_rows {

namespace {

// Bound to the row: a sealed body copied into another row no longer opens.
std::string aad(std::int64_t seq, domain::Channel channel, std::uint32_t key_id) {
  return "tipline/inbound_deliveries/v1:" + std::to_string(seq) + ":" + std::string(stored_word(channel)) + ":" +
         std::to_string(key_id);
}

}  // namespace

void validate(const NewDelivery& delivery) {
  require_chat_channel(delivery.channel);
  if (delivery.body.empty()) throw std::invalid_argument("storage: empty delivery");
}

std::int64_t insert(Connection& db, const Keyring& keys, const NewDelivery& delivery) {
  std::int64_t seq = 0;
  {
    Statement next(db, sql::next_delivery_seq);
    next.step();
    seq = next.column_int(0);
  }
  const std::uint32_t key_id = keys.active_id();
  const SealedValue sealed = keys.seal(delivery.body, aad(seq, delivery.channel, key_id));
  Statement insert(db, sql::insert_delivery);
  insert.bind_int(1, seq);
  bind_word(insert, 2, delivery.channel);
  insert.bind_int(3, delivery.received_at);
  insert.bind_int(4, key_id);
  insert.bind_blob(5, sealed.bytes);
  insert.run();
  return seq;
}

std::vector<Delivery> oldest(Connection& db, const Keyring& keys, std::size_t limit) {
  std::vector<Delivery> out;
  Statement query(db, sql::select_deliveries);
  query.bind_int(1, static_cast<std::int64_t>(limit));
  while (query.step()) {
    Delivery d;
    d.seq = query.column_int(0);
    d.channel = column_word<domain::Channel>(query, 1);
    d.received_at = query.column_int(2);
    const auto key_id = static_cast<std::uint32_t>(query.column_int(3));
    try {
      d.body = keys.open(key_id, query.column_blob(4), aad(d.seq, d.channel, key_id));
    } catch (const DecryptError&) {
      d.unreadable = true;  // one bad row must not stop the others being read
    }
    out.push_back(std::move(d));
  }
  return out;
}

void remove_through(Connection& db, std::int64_t seq) {
  Statement remove(db, sql::delete_deliveries);
  remove.bind_int(1, seq);
  remove.run();
}

void set_aside(Connection& db, std::int64_t seq, std::int64_t now) {
  Statement update(db, sql::set_aside_delivery);
  update.bind_int(1, seq);
  update.bind_int(2, now);
  update.run();
}

void retry_set_aside(Connection& db) {
  Statement retry(db, sql::retry_set_aside_deliveries);
  retry.run();
}

void purge_set_aside(Connection& db, std::int64_t before) {
  Statement purge(db, sql::purge_set_aside_deliveries);
  purge.bind_int(1, before);
  purge.run();
}

DeliveryCounts count(Connection& db) {
  Statement query(db, sql::count_deliveries);
  query.step();
  return {query.column_int(0), query.column_int(1)};
}

}  // namespace tipline::storage::delivery_rows
