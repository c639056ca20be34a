-- +goose Up
-- A counter per indicator that every change to its actual values bumps, so that a roll-up can tell
-- with one indexed read whether the values it keeps in memory are still those stored. The triggers
-- run once per statement, so that a bulk import bumps each indicator once instead of leaving a dead
-- row version behind for every value it writes. An actual never moves to another indicator, so the
-- new rows of an update name every indicator it touched.
CREATE TABLE indicator_data_versions (
    indicator_id BIGINT PRIMARY KEY,
    version      BIGINT NOT NULL
);
-- +goose StatementBegin
CREATE FUNCTION bump_indicator_data_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version)
        SELECT DISTINCT indicator_id, 1 FROM changed_actuals
        ON CONFLICT (indicator_id) DO UPDATE SET version = indicator_data_versions.version + 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER actuals_data_version_insert AFTER INSERT ON actuals REFERENCING NEW TABLE AS changed_actuals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_data_versions();
CREATE TRIGGER actuals_data_version_update AFTER UPDATE ON actuals REFERENCING NEW TABLE AS changed_actuals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_data_versions();
CREATE TRIGGER actuals_data_version_delete AFTER DELETE ON actuals REFERENCING OLD TABLE AS changed_actuals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicator_data_versions();

-- +goose Down
DROP TRIGGER actuals_data_version_delete ON actuals;
DROP TRIGGER actuals_data_version_update ON actuals;
DROP TRIGGER actuals_data_version_insert ON actuals;
DROP FUNCTION bump_indicator_data_versions();
DROP TABLE indicator_data_versions;
