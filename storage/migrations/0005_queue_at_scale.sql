-- The queue at a million tips. Counts per status kept by triggers (a GROUP BY
-- over every tip took 77 ms at 1M); open-tip indexes that seek by officer and by area;
-- the open queue's index widened so filters reject rows without reading the table.

CREATE TABLE tip_status_counts (
  status TEXT    PRIMARY KEY,
  n      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO tip_status_counts (status, n) SELECT status, count(*) FROM tips GROUP BY status;
CREATE TRIGGER tips_count_insert AFTER INSERT ON tips BEGIN
  INSERT INTO tip_status_counts (status, n) VALUES (new.status, 1)
  ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tips_count_status AFTER UPDATE OF status ON tips WHEN old.status IS NOT new.status BEGIN
  UPDATE tip_status_counts SET n = n - 1 WHERE status = old.status;
  INSERT INTO tip_status_counts (status, n) VALUES (new.status, 1)
  ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tips_count_delete AFTER DELETE ON tips BEGIN
  UPDATE tip_status_counts SET n = n - 1 WHERE status = old.status;
END;

CREATE INDEX tips_open_assignee ON tips (assignee_id, queue_rank, created_at, id, deadline, status)
  WHERE status <> 'closed';
CREATE INDEX tips_open_area ON tips (coalesce(corrected_area, area), queue_rank, created_at, id)
  WHERE status <> 'closed';
DROP INDEX tips_open_queue;
CREATE INDEX tips_open_queue ON tips (queue_rank, created_at, id, coalesce(corrected_categories, categories),
                                      channel, deadline)
  WHERE status <> 'closed';
