-- +goose Up
-- A province's scorecard classes and groups up to a million tasks in SQL. tasks_scorecard holds
-- every column the grouping reads, in the order it groups by, so that it scans the index entries
-- of the province's units instead of the task rows, which carry titles and bodies.
-- tasks_overdue finds the done tasks completed after the day a scorecard judges, which were
-- overdue on it, without walking every done task; open overdue tasks come from tasks_status_due.
CREATE INDEX tasks_scorecard ON tasks (lead_unit_id, accountable_post_id, status, due_on, completed_on, extensions, created_at);
CREATE INDEX tasks_overdue ON tasks (status, completed_on, due_on, id, lead_unit_id, created_at);

-- +goose Down
DROP INDEX tasks_overdue;
DROP INDEX tasks_scorecard;
