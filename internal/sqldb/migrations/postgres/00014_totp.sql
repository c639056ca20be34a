-- +goose Up
-- The second factor of accounts (RFC 6238 codes). user_totp holds a user's shared secret, which the
-- server must read to check codes; enabled_at is NULL while an enrolment waits for its first code,
-- and last_step is the period of the last code accepted, so that no code works twice. failures
-- counts wrong codes at sign-in since the last right one; at the limit every challenge of the user
-- is voided and sign-in waits until locked_until.
-- login_challenges are the single-use steps between a correct password and the code: only the hash
-- of the challenge is stored.
CREATE TABLE user_totp (
    user_id    BIGINT PRIMARY KEY REFERENCES users(id),
    secret     TEXT NOT NULL,
    enabled_at TIMESTAMPTZ,
    last_step  BIGINT NOT NULL DEFAULT 0,
    failures   INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE login_challenges (
    token_hash BYTEA PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_challenges_user ON login_challenges (user_id);
CREATE INDEX login_challenges_expiry ON login_challenges (expires_at);

-- +goose Down
DROP TABLE login_challenges;
DROP TABLE user_totp;
