// What only the fakes do: the chat route of a reply (the real store needs a chat
// thread for it), held and failing delivery commits, and calls they do not model.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "storage/fakes/fake_delivery_store.hpp"
#include "support/backends.hpp"

using namespace tipline;
using namespace tipline::storage;
using namespace tipline::storage::testing;

TEST_CASE("workflow fake: a chat reporter is answered through the chat until the handle expires", "[fakes]") {
  FakeBackend b;
  auto chat = sample_tip();
  chat.channel = domain::Channel::zalo;
  chat.reporter = "pseudonym";
  const auto id = b.tips.create_tip(chat).id;
  CHECK(b.tips.load_tip(id)->from_chat);
  AuditEvent e;
  e.action = "reply";
  CHECK(b.workflow.reply_to_reporter(id, "Bạn còn ở đó không?", 1, e) == WorkflowStore::ReplyRoute::chat);
  REQUIRE(b.workflow.chat_replies().size() == 1);
  CHECK(b.workflow.chat_replies()[0].tip_id == id);
  CHECK(b.workflow.chat_replies()[0].text == "Bạn còn ở đó không?");
  b.workflow.expire_reply_handles();
  CHECK(b.workflow.reply_to_reporter(id, "Còn không?", 2, e) == WorkflowStore::ReplyRoute::none);
  CHECK(b.workflow.chat_replies().size() == 1);
  CHECK(b.audit.events("reply").size() == 1);
}

TEST_CASE("delivery fake: a keep commits at once, fails as told, or waits to be committed", "[fakes]") {
  fakes::FakeDeliveryStore store;
  std::vector<std::exception_ptr> answers;
  auto then = [&](std::exception_ptr e) { answers.push_back(e); };
  store.keep_delivery({domain::Channel::zalo, 1, "record-1"}, then);
  REQUIRE(answers.size() == 1);
  CHECK_FALSE(answers[0]);
  REQUIRE(store.kept().size() == 1);
  CHECK(store.kept()[0].body == "record-1");
  CHECK(store.delivery_counts().waiting == 1);

  store.fail_keeps(std::make_exception_ptr(StoreError("disk full")));
  store.keep_delivery({domain::Channel::zalo, 2, "record-2"}, then);
  REQUIRE(answers.size() == 2);
  CHECK(answers[1]);
  CHECK(store.kept().size() == 1);

  store.fail_keeps(nullptr);
  store.hold_commits();
  store.keep_delivery({domain::Channel::messenger, 3, "record-3"}, then);
  CHECK(answers.size() == 2);
  CHECK(store.held() == 1);
  CHECK(store.kept().size() == 1);
  store.commit_held();
  REQUIRE(answers.size() == 3);
  CHECK_FALSE(answers[2]);
  REQUIRE(store.kept().size() == 2);
  CHECK(store.kept()[1].channel == domain::Channel::messenger);
  CHECK(store.kept()[1].seq > store.kept()[0].seq);
  store.drop_deliveries_through(store.kept()[0].seq);
  CHECK(store.oldest_deliveries(10).size() == 1);
}

TEST_CASE("the fakes refuse what they do not model, naming the call", "[fakes]") {
  FakeBackend b;
  fakes::FakeDeliveryStore deliveries;
  auto names = [](const std::string& call) { return Catch::Matchers::Contains(call); };
  CHECK_THROWS_WITH(b.tips.recent_tip_ids(0, 10), names("recent_tip_ids"));
  CHECK_THROWS_WITH(b.tips.reporter_words(1), names("reporter_words"));
  CHECK_THROWS_WITH(deliveries.set_aside_delivery(1, 0), names("set_aside_delivery"));
  CHECK_THROWS_AS(deliveries.retry_set_aside_deliveries(), std::logic_error);
}
