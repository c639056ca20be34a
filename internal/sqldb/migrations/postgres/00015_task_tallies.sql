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
-- date of created_at in Vietnam.
CREATE TABLE task_tallies (
    lead_unit_id BIGINT NOT NULL,
    grain        TEXT NOT NULL CHECK (grain IN ('y', 'm', 'd')),
    bucket       TEXT NOT NULL,
    post_id      BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    n            BIGINT NOT NULL,
    ext          BIGINT NOT NULL,
    PRIMARY KEY (lead_unit_id, grain, kind, bucket, post_id) INCLUDE (n, ext)
);

-- task_tally_events lists the rows a task adds to task_tallies: one per event and grain. It is the
-- one statement of the events; the triggers add and take away the rows of the tasks a statement
-- changed through it.
-- +goose StatementBegin
CREATE FUNCTION task_tally_events(t tasks) RETURNS TABLE (lead_unit_id BIGINT, grain TEXT, bucket TEXT, post_id BIGINT, kind TEXT, ext BIGINT)
LANGUAGE sql STABLE AS $$
SELECT e.lead_unit_id, g.grain, substr(e.day, 1, g.len), e.post_id, e.kind, e.ext
FROM (
    SELECT b.lead_unit_id, b.post_id, b.ext,
        CASE k.event WHEN 'open' THEN 'open:' || b.cat WHEN 'done' THEN 'done:' || b.outcome
            WHEN 'od' THEN 'od:' || b.cat ELSE 'odshut' END AS kind,
        CASE k.event WHEN 'open' THEN (CASE WHEN b.cat = 'done' THEN LEAST(b.c, b.e) ELSE b.c END)
            WHEN 'od' THEN b.s ELSE b.e END AS day
    FROM (
        SELECT a.lead_unit_id, a.post_id, a.ext, a.cat, a.c,
            CASE WHEN a.completed_on = '' THEN a.c ELSE a.completed_on END AS e,
            CASE WHEN a.cat <> 'susp' AND a.due_on NOT IN ('', '9999-12-31')
                THEN GREATEST(a.c, to_char(to_date(a.due_on, 'YYYY-MM-DD') + 1, 'YYYY-MM-DD')) ELSE '' END AS s,
            CASE WHEN a.completed_on = '' OR a.due_on IN ('', '9999-12-31') THEN 'none'
                WHEN a.completed_on <= a.due_on THEN 'on_time' ELSE 'late' END AS outcome
        FROM (
            SELECT t.lead_unit_id, COALESCE(t.accountable_post_id, 0) AS post_id, t.extensions::BIGINT AS ext,
                CASE t.status WHEN 'done' THEN 'done' WHEN 'completion_requested' THEN 'req' WHEN 'suspended' THEN 'susp' ELSE 'run' END AS cat,
                to_char(t.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS c, t.completed_on, t.due_on
            WHERE t.status NOT IN ('draft', 'cancelled')
        ) a
    ) b
    JOIN (VALUES ('open'), ('done'), ('od'), ('odshut')) k (event)
        ON k.event = 'open' OR (k.event = 'done' AND b.cat = 'done')
            OR (k.event = 'od' AND b.s <> '' AND (b.cat <> 'done' OR b.s < b.e))
            OR (k.event = 'odshut' AND b.cat = 'done' AND b.s <> '' AND b.s < b.e)
) e
CROSS JOIN (VALUES ('y', 4), ('m', 7), ('d', 10)) g (grain, len)
$$;
-- +goose StatementEnd

INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
    SELECT e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind, COUNT(*), SUM(e.ext)
    FROM tasks t CROSS JOIN LATERAL task_tally_events(t) e
    GROUP BY e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind;

-- The triggers run once per statement: the rows of the old versions of the changed tasks are taken
-- away and those of the new added in one upsert, so that a bulk insert touches each tally row
-- once, and a change that moves no event (a title, progress, updated_at) writes nothing.
-- +goose StatementBegin
CREATE FUNCTION task_tallies_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
            SELECT e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind, COUNT(*), SUM(e.ext)
            FROM new_tasks t CROSS JOIN LATERAL task_tally_events(t::tasks) e
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (lead_unit_id, grain, bucket, post_id, kind)
            DO UPDATE SET n = task_tallies.n + EXCLUDED.n, ext = task_tallies.ext + EXCLUDED.ext;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
            SELECT e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind, -COUNT(*), -SUM(e.ext)
            FROM old_tasks t CROSS JOIN LATERAL task_tally_events(t::tasks) e
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (lead_unit_id, grain, bucket, post_id, kind)
            DO UPDATE SET n = task_tallies.n + EXCLUDED.n, ext = task_tallies.ext + EXCLUDED.ext;
    ELSE
        INSERT INTO task_tallies (lead_unit_id, grain, bucket, post_id, kind, n, ext)
            SELECT lead_unit_id, grain, bucket, post_id, kind, SUM(n), SUM(ext) FROM (
                SELECT e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind, -1 AS n, -e.ext AS ext
                FROM old_tasks t CROSS JOIN LATERAL task_tally_events(t::tasks) e
                UNION ALL
                SELECT e.lead_unit_id, e.grain, e.bucket, e.post_id, e.kind, 1, e.ext
                FROM new_tasks t CROSS JOIN LATERAL task_tally_events(t::tasks) e
            ) d GROUP BY 1, 2, 3, 4, 5 HAVING SUM(n) <> 0 OR SUM(ext) <> 0 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (lead_unit_id, grain, bucket, post_id, kind)
            DO UPDATE SET n = task_tallies.n + EXCLUDED.n, ext = task_tallies.ext + EXCLUDED.ext;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER task_tallies_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION task_tallies_apply();
CREATE TRIGGER task_tallies_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_tasks NEW TABLE AS new_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION task_tallies_apply();
CREATE TRIGGER task_tallies_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION task_tallies_apply();

-- The overdue done tasks on a day judged are those completed after it; the scorecard's oldest
-- deadline per lead unit and post reads them from this index alone. The tallies replace the index
-- the scorecard grouped tasks by, which the planners would otherwise skip-scan for other queries.
DROP INDEX tasks_scorecard;
DROP INDEX tasks_overdue;
CREATE INDEX tasks_overdue ON tasks (status, completed_on, due_on, id, lead_unit_id, accountable_post_id, created_at);
-- A task's accountable post is nearly always a post of its lead unit. Without being told, the
-- planner multiplies the two conditions' selectivities, expects almost no row of a unit and post,
-- and reads all of the unit's tasks to sort them instead of walking them by deadline.
CREATE STATISTICS tasks_lead_post (dependencies) ON lead_unit_id, accountable_post_id FROM tasks;

-- +goose Down
DROP STATISTICS tasks_lead_post;
DROP INDEX tasks_overdue;
CREATE INDEX tasks_overdue ON tasks (status, completed_on, due_on, id, lead_unit_id, created_at);
CREATE INDEX tasks_scorecard ON tasks (lead_unit_id, accountable_post_id, status, due_on, completed_on, extensions, created_at);
DROP TRIGGER task_tallies_delete ON tasks;
DROP TRIGGER task_tallies_update ON tasks;
DROP TRIGGER task_tallies_insert ON tasks;
DROP FUNCTION task_tallies_apply();
DROP FUNCTION task_tally_events(tasks);
DROP TABLE task_tallies;
