-- +goose Up
-- A counter per indicator that every change to its actual values bumps, so that a roll-up can tell
-- with one indexed read whether the values it keeps in memory are still those stored.
CREATE TABLE indicator_data_versions (
    indicator_id BIGINT PRIMARY KEY,
    version      BIGINT NOT NULL
);
-- +goose StatementBegin
CREATE TRIGGER actuals_data_version_insert AFTER INSERT ON actuals BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version) VALUES (NEW.indicator_id, 1)
        ON CONFLICT (indicator_id) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER actuals_data_version_update AFTER UPDATE ON actuals BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version) VALUES (NEW.indicator_id, 1)
        ON CONFLICT (indicator_id) DO UPDATE SET version = version + 1;
    INSERT INTO indicator_data_versions (indicator_id, version) VALUES (OLD.indicator_id, 1)
        ON CONFLICT (indicator_id) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER actuals_data_version_delete AFTER DELETE ON actuals BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version) VALUES (OLD.indicator_id, 1)
        ON CONFLICT (indicator_id) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER actuals_data_version_delete;
DROP TRIGGER actuals_data_version_update;
DROP TRIGGER actuals_data_version_insert;
DROP TABLE indicator_data_versions;
