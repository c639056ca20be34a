-- +goose Up
-- A province's scorecard over a million tasks reads these tallies instead of the tasks. Every
-- counted task (not a draft, not cancelled) leaves a few dated events, kept by the triggers below
-- as counts per lead unit, accountable post (0 for none), kind and day, and again per month and
-- per year, so that a sum up to any day reads a few dozen rows per unit and kind:
--   open:<cat>  the task became open, on the day it was recorded (for a done task recorded after
--               its completion, on the day of completion, so that it is never open);
--   done:<how>  a done task was completed, on_time, late or none (no deadline), on that day;
--   od:<cat>    an open task passed its deadline, on the later of the day after the deadline and
--               the day it was recorded (for a done task only if that came before completion);
--   odshut      such a done task was completed, which ends its being overdue.
-- <cat> is run (assigned or in progress), req (completion requested), susp or done. A task open
-- on day A is one whose open event is on or before A and whose done event is not; likewise for
-- overdue. ext carries the task's extensions with each event. The day a task was recorded is the
-- date of created_at in Vietnam (UTC+7, no daylight saving); created_at is stored in UTC.
CREATE TABLE task_tallies (
    lead_unit_id INTEGER NOT NULL,
    grain        TEXT NOT NULL CHECK (grain IN ('y', 'm', 'd')),
    bucket       TEXT NOT NULL,
    post_id      INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    n            INTEGER NOT NULL,
    ext          INTEGER NOT NULL,
    PRIMARY KEY (lead_unit_id, grain, kind, bucket, post_id)
) WITHOUT ROWID;

-- task_tally_events lists the rows a task adds to task_tallies: one per event and grain. It is the
-- one statement of the events; the triggers add and take away a task's rows through it.
CREATE VIEW task_tally_events AS
SELECT e.task_id, e.lead_unit_id, g.grain, substr(e.day, 1, g.len) AS bucket, e.post_id, e.kind, e.ext
FROM (
    SELECT b.task_id, b.lead_unit_id, b.post_id, b.ext,
        CASE k.event WHEN 'open' THEN 'open:' || b.cat WHEN 'done' THEN 'done:' || b.outcome
            WHEN 'od' THEN 'od:' || b.cat ELSE 'odshut' END AS kind,
        CASE k.event WHEN 'open' THEN (CASE WHEN b.cat = 'done' THEN min(b.c, b.e) ELSE b.c END)
            WHEN 'od' THEN b.s ELSE b.e END AS day
    FROM (
        SELECT a.task_id, a.lead_unit_id, a.post_id, a.ext, a.cat, a.c,
            CASE WHEN a.completed_on = '' THEN a.c ELSE a.completed_on END AS e,
            CASE WHEN a.cat <> 'susp' AND a.due_on NOT IN ('', '9999-12-31') THEN max(a.c, date(a.due_on, '+1 day')) ELSE '' END AS s,
            CASE WHEN a.completed_on = '' OR a.due_on IN ('', '9999-12-31') THEN 'none'
                WHEN a.completed_on <= a.due_on THEN 'on_time' ELSE 'late' END AS outcome
        FROM (
            SELECT t.id AS task_id, t.lead_unit_id, COALESCE(t.accountable_post_id, 0) AS post_id, t.extensions AS ext,
                CASE t.status WHEN 'done' THEN 'done' WHEN 'completion_requested' THEN 'req' WHEN 'suspended' THEN 'susp' ELSE 'run' END AS cat,
                date(substr(t.created_at, 1, 19), '+7 hours') AS c, t.completed_on, t.due_on
            FROM tasks t WHERE t.status NOT IN ('draft', 'cancelled')
        ) a
    ) b
    JOIN (SELECT 'open' AS event UNION ALL SELECT 'done' UNION ALL SELECT 'od' UNION ALL SELECT 'odshut') k
        ON k.event = 'open' OR (k.event = 'done' AND b.cat = 'done')
            OR (k.event = 'od' AND b.s <> '' AND (b.cat <> 'done' OR b.s < b.e))
            OR (k.event = 'odshut' AND b.cat = 'done' AND b.s <> '' AND b.s < b.e)
) e
JOIN (SELECT 'y' AS grain, 4 AS len UNION ALL SELECT 'm', 7 UNION ALL SELECT 'd', 10) g;

INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
    SELECT lead_unit_id, grain, bucket, post_id, kind, COUNT(*), SUM(ext) FROM task_tally_events
    GROUP BY lead_unit_id, grain, bucket, post_id, kind;

-- A change to a column the events read takes the task's rows away before it and adds them back
-- after it; other changes (titles, progress, updated_at) leave the tallies alone.
-- +goose StatementBegin
CREATE TRIGGER task_tallies_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
        SELECT lead_unit_id, grain, bucket, post_id, kind, COUNT(*), SUM(ext) FROM task_tally_events WHERE task_id = NEW.id
        GROUP BY lead_unit_id, grain, bucket, post_id, kind
        ON CONFLICT (lead_unit_id, grain, bucket, post_id, kind) DO UPDATE SET n = n + excluded.n, ext = ext + excluded.ext;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER task_tallies_update_old BEFORE UPDATE ON tasks
WHEN OLD.status IS NOT NEW.status OR OLD.lead_unit_id IS NOT NEW.lead_unit_id OR OLD.accountable_post_id IS NOT NEW.accountable_post_id
    OR OLD.due_on IS NOT NEW.due_on OR OLD.completed_on IS NOT NEW.completed_on OR OLD.extensions IS NOT NEW.extensions
    OR OLD.created_at IS NOT NEW.created_at OR OLD.id IS NOT NEW.id
BEGIN
    INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
        SELECT lead_unit_id, grain, bucket, post_id, kind, -COUNT(*), -SUM(ext) FROM task_tally_events WHERE task_id = OLD.id
        GROUP BY lead_unit_id, grain, bucket, post_id, kind
        ON CONFLICT (lead_unit_id, grain, bucket, post_id, kind) DO UPDATE SET n = n + excluded.n, ext = ext + excluded.ext;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER task_tallies_update_new AFTER UPDATE ON tasks
WHEN OLD.status IS NOT NEW.status OR OLD.lead_unit_id IS NOT NEW.lead_unit_id OR OLD.accountable_post_id IS NOT NEW.accountable_post_id
    OR OLD.due_on IS NOT NEW.due_on OR OLD.completed_on IS NOT NEW.completed_on OR OLD.extensions IS NOT NEW.extensions
    OR OLD.created_at IS NOT NEW.created_at OR OLD.id IS NOT NEW.id
BEGIN
    INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
        SELECT lead_unit_id, grain, bucket, post_id, kind, COUNT(*), SUM(ext) FROM task_tally_events WHERE task_id = NEW.id
        GROUP BY lead_unit_id, grain, bucket, post_id, kind
        ON CONFLICT (lead_unit_id, grain, bucket, post_id, kind) DO UPDATE SET n = n + excluded.n, ext = ext + excluded.ext;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER task_tallies_delete BEFORE DELETE ON tasks BEGIN
    INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
        SELECT lead_unit_id, grain, bucket, post_id, kind, -COUNT(*), -SUM(ext) FROM task_tally_events WHERE task_id = OLD.id
        GROUP BY lead_unit_id, grain, bucket, post_id, kind
        ON CONFLICT (lead_unit_id, grain, bucket, post_id, kind) DO UPDATE SET n = n + excluded.n, ext = ext + excluded.ext;
END;
-- +goose StatementEnd

-- The overdue done tasks on a day judged are those completed after it; the scorecard's oldest
-- deadline per lead unit and post reads them from this index alone. The tallies replace the index
-- the scorecard grouped tasks by, which the planners would otherwise skip-scan for other queries.
DROP INDEX tasks_scorecard;
DROP INDEX tasks_overdue;
CREATE INDEX tasks_overdue ON tasks (status, completed_on, due_on, id, lead_unit_id, accountable_post_id, created_at);

-- +goose Down
DROP INDEX tasks_overdue;
CREATE INDEX tasks_overdue ON tasks (status, completed_on, due_on, id, lead_unit_id, created_at);
CREATE INDEX tasks_scorecard ON tasks (lead_unit_id, accountable_post_id, status, due_on, completed_on, extensions, created_at);
DROP TRIGGER task_tallies_delete;
DROP TRIGGER task_tallies_update_new;
DROP TRIGGER task_tallies_update_old;
DROP TRIGGER task_tallies_insert;
DROP VIEW task_tally_events;
DROP TABLE task_tallies;
