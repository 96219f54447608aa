-- The officers' queue, most urgent first. Priority words do not sort, so a
-- generated rank does.

ALTER TABLE tips ADD COLUMN priority_rank INTEGER
  GENERATED ALWAYS AS (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
                                     WHEN 'normal' THEN 2 ELSE 3 END) VIRTUAL;
CREATE INDEX tips_queue ON tips (status, priority_rank, created_at);
CREATE INDEX tips_group ON tips (group_key) WHERE group_key IS NOT NULL;
