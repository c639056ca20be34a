-- +goose Up
-- Which values of an indicator changed at each version of its figures (see
-- indicator_data_versions), so that a roll-up that keeps an indicator's values in memory re-reads
-- only the values changed since, instead of all of them after any change. The trigger that bumps
-- the version logs the unit and period of every value the statement changed; entries more than
-- 100,000 versions old are dropped as new ones come, and a kept copy that old is read afresh.
CREATE TABLE actual_changes (
    indicator_id BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    unit_id      BIGINT NOT NULL,
    period       TEXT NOT NULL
);
CREATE INDEX actual_changes_version ON actual_changes (indicator_id, version);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_indicator_data_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version)
        SELECT DISTINCT indicator_id, 1 FROM changed_actuals
        ON CONFLICT (indicator_id) DO UPDATE SET version = indicator_data_versions.version + 1;
    INSERT INTO actual_changes (indicator_id, version, unit_id, period)
        SELECT c.indicator_id, v.version, c.unit_id, c.period
        FROM changed_actuals c JOIN indicator_data_versions v ON v.indicator_id = c.indicator_id;
    DELETE FROM actual_changes a USING indicator_data_versions v
        WHERE v.indicator_id = a.indicator_id AND a.version <= v.version - 100000
        AND a.indicator_id IN (SELECT indicator_id FROM changed_actuals);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bump_indicator_data_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version)
        SELECT DISTINCT indicator_id, 1 FROM changed_actuals
        ON CONFLICT (indicator_id) DO UPDATE SET version = indicator_data_versions.version + 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
DROP TABLE actual_changes;
