#pragma once
// Every SQL statement the SQLite store runs, by name. Migrations are append-only:
// once a version has shipped its text never changes; a new version is added instead.
namespace tipline::storage::sql {

// ---- Connection setup -------------------------------------------------------------

// WAL lets readers run beside the single writer; FULL makes each COMMIT fsync the WAL,
// which is what "answered only after it is durable" needs.
inline constexpr char journal_mode_wal[] = "PRAGMA journal_mode = WAL";
inline constexpr char writer_pragmas[] =
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;";
inline constexpr char reader_pragmas[] = "PRAGMA foreign_keys = ON;";
inline constexpr char read_journal_mode[] = "PRAGMA journal_mode";
inline constexpr char read_synchronous[] = "PRAGMA synchronous";
inline constexpr char read_foreign_keys[] = "PRAGMA foreign_keys";
inline constexpr char read_busy_timeout[] = "PRAGMA busy_timeout";

// ---- Migrations --------------------------------------------------------------------

inline constexpr char read_user_version[] = "PRAGMA user_version";
// Migrations may rebuild tables, which leaves foreign keys to be checked by hand.
inline constexpr char foreign_key_check[] = "PRAGMA foreign_key_check";

// v1: tips, their messages (sealed), and per-month reference counters.
inline constexpr char migration_v1[] = R"sql(
CREATE TABLE tips (
  id            INTEGER PRIMARY KEY,
  reference     TEXT    NOT NULL UNIQUE,
  channel       TEXT    NOT NULL,
  status        TEXT    NOT NULL DEFAULT 'new',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  drug_related  INTEGER NOT NULL CHECK (drug_related IN (0, 1)),
  categories    TEXT    NOT NULL DEFAULT '',
  priority      TEXT    NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  area          TEXT,
  group_key     TEXT,
  receipt_hash  BLOB    UNIQUE
) STRICT;

CREATE TABLE tip_messages (
  id              INTEGER PRIMARY KEY,
  tip_id          INTEGER NOT NULL REFERENCES tips (id),
  seq             INTEGER NOT NULL,
  author          TEXT    NOT NULL CHECK (author IN ('reporter', 'officer', 'system')),
  kind            TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  key_id          INTEGER NOT NULL,
  body            BLOB    NOT NULL,
  attachment      BLOB,
  attachment_type TEXT,
  UNIQUE (tip_id, seq),
  CHECK ((attachment IS NULL) = (attachment_type IS NULL))
) STRICT;

CREATE TABLE reference_counters (
  month TEXT    PRIMARY KEY CHECK (length(month) = 4),
  next  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// v2: the officers' queue, most urgent first. Priority words do not sort, so a
// generated rank does.
inline constexpr char migration_v2[] = R"sql(
ALTER TABLE tips ADD COLUMN priority_rank INTEGER
  GENERATED ALWAYS AS (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
                                     WHEN 'normal' THEN 2 ELSE 3 END) VIRTUAL;
CREATE INDEX tips_queue ON tips (status, priority_rank, created_at);
CREATE INDEX tips_group ON tips (group_key) WHERE group_key IS NOT NULL;
)sql";

// ---- Tips --------------------------------------------------------------------------

// Hands out this month's next sequence number in the caller's transaction.
inline constexpr char next_reference[] = R"sql(
INSERT INTO reference_counters (month, next) VALUES (?1, 2)
ON CONFLICT (month) DO UPDATE SET next = next + 1
RETURNING next - 1
)sql";

inline constexpr char insert_tip[] = R"sql(
INSERT INTO tips (reference, channel, status, created_at, updated_at,
                  drug_related, categories, priority, area, group_key, receipt_hash)
VALUES (?1, ?2, 'new', ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
)sql";

inline constexpr char update_labels[] = R"sql(
UPDATE tips SET drug_related = ?2, categories = ?3, priority = ?4, area = ?5, group_key = ?6
WHERE id = ?1
)sql";

inline constexpr char touch_tip[] = "UPDATE tips SET updated_at = max(updated_at, ?2) WHERE id = ?1";

inline constexpr char tip_exists[] = "SELECT 1 FROM tips WHERE id = ?1";

inline constexpr char find_by_receipt[] = "SELECT id FROM tips WHERE receipt_hash = ?1";

inline constexpr char select_tip[] = R"sql(
SELECT id, reference, channel, status, created_at, updated_at,
       drug_related, categories, priority, area, group_key
FROM tips WHERE id = ?1
)sql";

inline constexpr char count_tips[] = "SELECT count(*) FROM tips";

// ---- Messages ----------------------------------------------------------------------

inline constexpr char next_message_seq[] =
    "SELECT coalesce(max(seq), 0) + 1 FROM tip_messages WHERE tip_id = ?1";

inline constexpr char insert_message[] = R"sql(
INSERT INTO tip_messages (tip_id, seq, author, kind, created_at, key_id,
                          body, attachment, attachment_type)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
)sql";

inline constexpr char select_messages[] = R"sql(
SELECT id, seq, author, kind, created_at, key_id, body, attachment, attachment_type
FROM tip_messages WHERE tip_id = ?1 ORDER BY seq
)sql";

// ---- Health ------------------------------------------------------------------------

inline constexpr char ping[] = "SELECT 1";

}  // namespace tipline::storage::sql
