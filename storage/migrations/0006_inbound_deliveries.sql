-- Webhook deliveries between their acknowledgement and the filing of their events.
-- A delivery is answered once its parsed events are committed here, sealed (they name
-- the sender's platform id, for the reply handle); a filer then threads, triages and
-- answers them in order and deletes the row. Filing is idempotent (inbound_events), so
-- a crash in between only means the delivery is filed again at start. One that cannot
-- be filed (unreadable, or failing again and again) is set aside, so it does not hold
-- up the rest, and deleted once the longest reply window has passed.

CREATE TABLE inbound_deliveries (
  seq          INTEGER PRIMARY KEY,
  channel      TEXT    NOT NULL CHECK (channel IN ({{chat_channel}})),
  received_at  INTEGER NOT NULL,
  key_id       INTEGER NOT NULL,
  body         BLOB    NOT NULL,
  set_aside_at INTEGER
) STRICT;
-- The queue sorts on queue_rank (v4, v5) since officers' corrections count: v2's index
-- was only kept up to date on every new tip.
DROP INDEX tips_queue;
