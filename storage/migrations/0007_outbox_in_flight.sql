-- A reply's send is committed as begun (sending_since) before the platform is called,
-- and cleared when its result is recorded. An entry still marked at the next start was
-- in the platform's hands when the process died: it may or may not have been sent, so
-- it is never sent again blindly (see the README, "Replies are sent at most once").
ALTER TABLE outbox ADD COLUMN sending_since INTEGER;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending' AND sending_since IS NULL;
