-- +goose Up
-- A move hangs a unit under a new parent. The parent each moved unit left is kept with the move,
-- so that a roll-up of a period before it adds the unit's figures to the parent it had then.
-- Moves recorded before this column existed have none; their units count under the new parent in
-- every period, as they did.
ALTER TABLE unit_change_links ADD COLUMN from_parent_id BIGINT REFERENCES units(id);

-- +goose Down
ALTER TABLE unit_change_links DROP COLUMN from_parent_id;
