-- +goose Up
-- Which values of an indicator changed at each version of its figures (see
-- indicator_data_versions), so that a roll-up that keeps an indicator's values in memory re-reads
-- only the values changed since, instead of all of them after any change. The triggers that bump
-- the version log the unit and period of every value they bump it for; entries more than 100,000
-- versions old are dropped as new ones come, and a kept copy that old is read afresh.
CREATE TABLE actual_changes (
    indicator_id BIGINT NOT NULL,
    version      BIGINT NOT NULL,
    unit_id      BIGINT NOT NULL,
    period       TEXT NOT NULL
);
CREATE INDEX actual_changes_version ON actual_changes (indicator_id, version);

DROP TRIGGER actuals_data_version_insert;
DROP TRIGGER actuals_data_version_update;
DROP TRIGGER actuals_data_version_delete;
-- +goose StatementBegin
CREATE TRIGGER actuals_data_version_insert AFTER INSERT ON actuals BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version) VALUES (NEW.indicator_id, 1)
        ON CONFLICT (indicator_id) DO UPDATE SET version = version + 1;
    INSERT INTO actual_changes (indicator_id, version, unit_id, period)
        SELECT indicator_id, version, NEW.unit_id, NEW.period FROM indicator_data_versions WHERE indicator_id = NEW.indicator_id;
    DELETE FROM actual_changes WHERE indicator_id = NEW.indicator_id
        AND version <= (SELECT version - 100000 FROM indicator_data_versions WHERE indicator_id = NEW.indicator_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER actuals_data_version_update AFTER UPDATE ON actuals BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version) VALUES (NEW.indicator_id, 1)
        ON CONFLICT (indicator_id) DO UPDATE SET version = version + 1;
    INSERT INTO indicator_data_versions (indicator_id, version) VALUES (OLD.indicator_id, 1)
        ON CONFLICT (indicator_id) DO UPDATE SET version = version + 1;
    INSERT INTO actual_changes (indicator_id, version, unit_id, period)
        SELECT indicator_id, version, NEW.unit_id, NEW.period FROM indicator_data_versions WHERE indicator_id = NEW.indicator_id;
    INSERT INTO actual_changes (indicator_id, version, unit_id, period)
        SELECT indicator_id, version, OLD.unit_id, OLD.period FROM indicator_data_versions WHERE indicator_id = OLD.indicator_id;
    DELETE FROM actual_changes WHERE indicator_id = NEW.indicator_id
        AND version <= (SELECT version - 100000 FROM indicator_data_versions WHERE indicator_id = NEW.indicator_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER actuals_data_version_delete AFTER DELETE ON actuals BEGIN
    INSERT INTO indicator_data_versions (indicator_id, version) VALUES (OLD.indicator_id, 1)
        ON CONFLICT (indicator_id) DO UPDATE SET version = version + 1;
    INSERT INTO actual_changes (indicator_id, version, unit_id, period)
        SELECT indicator_id, version, OLD.unit_id, OLD.period FROM indicator_data_versions WHERE indicator_id = OLD.indicator_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER actuals_data_version_delete;
DROP TRIGGER actuals_data_version_update;
DROP TRIGGER actuals_data_version_insert;
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
DROP TABLE actual_changes;
