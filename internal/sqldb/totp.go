package sqldb

import (
	"context"
	"time"

	"dondoc"
	"dondoc/internal/auth"
)

// challengePrefix marks sign-in challenges, so that one can never pass for a session token.
const challengePrefix = "ddc_"

// errStaleChallenge answers a challenge that is unknown, used, voided or expired: the user must
// give the password again.
var errStaleChallenge = dondoc.Errorf(dondoc.EUnauthorized, "challenge", "Bước xác thực đã hết hạn hoặc không còn hiệu lực; hãy đăng nhập lại.",
	"The sign-in step has expired or is no longer valid; sign in again.")

// errBadLoginCode answers a wrong code at sign-in: unauthorized, with the same message as
// everywhere else.
var errBadLoginCode = dondoc.Errorf(dondoc.EUnauthorized, "code", dondoc.ErrBadTOTPCode.Message, dondoc.ErrBadTOTPCode.MessageEN)

type totpRow struct {
	Secret    string     `db:"secret"`
	EnabledAt *time.Time `db:"enabled_at"`
	LastStep  int64      `db:"last_step"`
}

// openSession creates a session for a user whose credentials were checked, and audits the login.
func (tx *Tx) openSession(userID int64, audit any) (string, time.Time, error) {
	plain, hash, err := auth.NewToken(auth.SessionTokenPrefix)
	if err != nil {
		return "", time.Time{}, dondoc.Internal(err)
	}
	expires := tx.now.Add(tx.db.SessionTTL).UTC()
	if _, err := tx.exec(`DELETE FROM sessions WHERE expires_at < ?`, tx.now); err != nil {
		return "", time.Time{}, err
	}
	if _, err := tx.exec(`INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`, hash, userID, tx.now, expires); err != nil {
		return "", time.Time{}, err
	}
	return plain, expires, tx.audit("session.login", "user", userID, nil, audit)
}

// totpEnabled reports whether a user must give a code to sign in.
func (db *DB) totpEnabled(ctx context.Context, userID int64) (bool, error) {
	var n int
	if err := db.get(ctx, "user", &n, `SELECT COUNT(*) FROM user_totp WHERE user_id = ? AND enabled_at IS NOT NULL`, userID); err != nil {
		return false, err
	}
	return n > 0, nil
}

// errLocked answers sign-ins after too many wrong codes, until the lockout ends.
var errLocked = dondoc.Errorf(dondoc.EUnauthorized, "challenge", "Đã nhập sai mã xác thực quá nhiều lần; hãy đăng nhập lại sau 15 phút.",
	"Too many wrong codes; sign in again in 15 minutes.")

// newLoginChallenge stores a single-use challenge for a user whose password was right and returns
// it inside the error Login answers with; while the user is locked out it refuses instead.
func (db *DB) newLoginChallenge(ctx context.Context, userID int64) error {
	plain, hash, err := auth.NewToken(challengePrefix)
	if err != nil {
		return dondoc.Internal(err)
	}
	var expires time.Time
	err = db.inTx(ctx, func(tx *Tx) error {
		var locked int
		if err := tx.Get(&locked, tx.Rebind(`SELECT COUNT(*) FROM user_totp WHERE user_id = ? AND locked_until > ?`), userID, tx.now); err != nil {
			return err
		}
		if locked > 0 {
			return errLocked
		}
		expires = tx.now.Add(dondoc.TOTPChallengeTTL)
		if _, err := tx.exec(`DELETE FROM login_challenges WHERE expires_at < ?`, tx.now); err != nil {
			return err
		}
		_, err := tx.exec(`INSERT INTO login_challenges (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, userID, tx.now, expires)
		return err
	})
	if err != nil {
		return err
	}
	return dondoc.NeedSecondFactor(plain, expires)
}

// CompleteLogin finishes a sign-in with the code of the user's authenticator app and opens the
// session. The challenge works once, a code already used (in a sign-in or an enrolment) is
// refused, and TOTPMaxFailures wrong codes in a row void every challenge of the user and lock the
// second step for TOTPLockout.
func (db *DB) CompleteLogin(ctx context.Context, challenge, code string) (string, time.Time, error) {
	hash := auth.HashToken(challenge)
	var c struct {
		UserID   int64  `db:"user_id"`
		Username string `db:"username"`
	}
	err := db.get(ctx, "challenge", &c, `SELECT u.id AS user_id, u.username FROM login_challenges c JOIN users u ON u.id = c.user_id
		WHERE c.token_hash = ? AND c.expires_at > ? AND NOT u.disabled`, hash, db.Now().UTC())
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return "", time.Time{}, errStaleChallenge
	}
	if err != nil {
		return "", time.Time{}, err
	}
	ctx = dondoc.WithActor(ctx, &dondoc.Actor{UserID: c.UserID, Username: c.Username})
	var plain string
	var expires time.Time
	var refused error
	err = db.inTx(ctx, func(tx *Tx) error {
		var t struct {
			totpRow
			Failures    int        `db:"failures"`
			LockedUntil *time.Time `db:"locked_until"`
		}
		if err := tx.get("second factor", &t, `SELECT secret, enabled_at, last_step, failures, locked_until FROM user_totp
			WHERE user_id = ? AND enabled_at IS NOT NULL`, c.UserID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				refused = errStaleChallenge
				_, err = tx.exec(`DELETE FROM login_challenges WHERE token_hash = ?`, hash)
			}
			return err
		}
		if t.LockedUntil != nil && t.LockedUntil.After(tx.now) {
			refused = errLocked
			_, err := tx.exec(`DELETE FROM login_challenges WHERE user_id = ?`, c.UserID)
			return err
		}
		step, err := dondoc.MatchTOTP(t.Secret, code, tx.now, t.LastStep)
		if err != nil {
			refused = errBadLoginCode
			if t.Failures+1 < dondoc.TOTPMaxFailures {
				_, err := tx.exec(`UPDATE user_totp SET failures = failures + 1 WHERE user_id = ?`, c.UserID)
				return err
			}
			refused = errLocked
			if _, err := tx.exec(`UPDATE user_totp SET failures = 0, locked_until = ? WHERE user_id = ?`, tx.now.Add(dondoc.TOTPLockout), c.UserID); err != nil {
				return err
			}
			if _, err := tx.exec(`DELETE FROM login_challenges WHERE user_id = ?`, c.UserID); err != nil {
				return err
			}
			return tx.audit("totp.lockout", "user", c.UserID, nil, map[string]any{"until": tx.now.Add(dondoc.TOTPLockout)})
		}
		if err := tx.useStep(c.UserID, step); err != nil {
			return err
		}
		res, err := tx.exec(`DELETE FROM login_challenges WHERE token_hash = ?`, hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errStaleChallenge
		}
		plain, expires, err = tx.openSession(c.UserID, map[string]any{"second_factor": "totp"})
		return err
	})
	if err != nil {
		return "", time.Time{}, err
	}
	if refused != nil {
		return "", time.Time{}, refused
	}
	return plain, expires, nil
}

// useStep records the step of an accepted code and clears the count of wrong ones. The condition makes two requests racing with the
// same code end with one refused, on both engines.
func (tx *Tx) useStep(userID, step int64) error {
	res, err := tx.exec(`UPDATE user_totp SET last_step = ?, failures = 0 WHERE user_id = ? AND last_step < ?`, step, userID, step)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return dondoc.ErrBadTOTPCode
	}
	return nil
}

// TOTPStatus reports the calling user's second factor.
func (db *DB) TOTPStatus(ctx context.Context) (*dondoc.TOTPStatus, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	var rows []totpRow
	if err := db.sel(ctx, &rows, `SELECT secret, enabled_at, last_step FROM user_totp WHERE user_id = ?`, a.UserID); err != nil {
		return nil, err
	}
	st := &dondoc.TOTPStatus{}
	if len(rows) == 1 {
		st.Enabled, st.Pending = rows[0].EnabledAt != nil, rows[0].EnabledAt == nil
		if st.Enabled {
			at := rows[0].EnabledAt.UTC()
			st.EnabledAt = &at
		}
	}
	return st, nil
}

// StartTOTP creates a new secret for the calling user, replacing an enrolment not yet confirmed.
// A confirmed factor must be disabled first, so that a stolen session cannot swap it.
func (db *DB) StartTOTP(ctx context.Context) (*dondoc.TOTPEnrolment, error) {
	var enr *dondoc.TOTPEnrolment
	err := db.inTx(ctx, func(tx *Tx) error {
		if tx.actor.UserID == 0 {
			return dondoc.Forbidden("Chỉ người dùng được bật xác thực hai bước.", "Only users may enrol a second factor.")
		}
		var on int
		if err := tx.Get(&on, tx.Rebind(`SELECT COUNT(*) FROM user_totp WHERE user_id = ? AND enabled_at IS NOT NULL`), tx.actor.UserID); err != nil {
			return err
		}
		if on > 0 {
			return dondoc.Conflict("Xác thực hai bước đã được bật; hãy tắt trước khi đăng ký lại.", "The second factor is already enabled; disable it before enrolling again.")
		}
		var err error
		if enr, err = dondoc.NewTOTPSecret(tx.actor.Username); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM user_totp WHERE user_id = ?`, tx.actor.UserID); err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO user_totp (user_id, secret, enabled_at, last_step, created_at) VALUES (?, ?, NULL, 0, ?)`,
			tx.actor.UserID, enr.Secret, tx.now); err != nil {
			return err
		}
		return tx.audit("totp.start", "user", tx.actor.UserID, nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return enr, nil
}

// ConfirmTOTP enables the calling user's pending secret once a code from it is right.
func (db *DB) ConfirmTOTP(ctx context.Context, code string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var t totpRow
		if err := tx.get("second factor", &t, `SELECT secret, enabled_at, last_step FROM user_totp WHERE user_id = ?`, tx.actor.UserID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				return errNoEnrolment
			}
			return err
		}
		if t.EnabledAt != nil {
			return dondoc.Conflict("Xác thực hai bước đã được bật.", "The second factor is already enabled.")
		}
		step, err := dondoc.MatchTOTP(t.Secret, code, tx.now, t.LastStep)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE user_totp SET enabled_at = ?, last_step = ? WHERE user_id = ?`, tx.now, step, tx.actor.UserID); err != nil {
			return err
		}
		return tx.audit("totp.enable", "user", tx.actor.UserID, nil, nil)
	})
}

var errNoEnrolment = dondoc.Conflict("Chưa bắt đầu đăng ký xác thực hai bước.", "No second-factor enrolment has been started.")

// DisableTOTP removes the calling user's second factor; a current code shows that the person at the
// keyboard holds it.
func (db *DB) DisableTOTP(ctx context.Context, code string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var t totpRow
		if err := tx.get("second factor", &t, `SELECT secret, enabled_at, last_step FROM user_totp WHERE user_id = ? AND enabled_at IS NOT NULL`, tx.actor.UserID); err != nil {
			if dondoc.IsCode(err, dondoc.ENotFound) {
				return errNotEnabled
			}
			return err
		}
		step, err := dondoc.MatchTOTP(t.Secret, code, tx.now, t.LastStep)
		if err != nil {
			return err
		}
		if err := tx.useStep(tx.actor.UserID, step); err != nil {
			return err
		}
		return tx.removeTOTP("totp.disable", tx.actor.UserID)
	})
}

var errNotEnabled = dondoc.Conflict("Tài khoản chưa bật xác thực hai bước.", "The account has no second factor.")

// ResetTOTP removes another user's second factor, for an administrator helping someone who lost
// their phone. It is audited under the user.
func (db *DB) ResetTOTP(ctx context.Context, userID int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if !tx.actor.HasRole("", dondoc.RoleAdmin) {
			return dondoc.Forbidden("Chỉ quản trị viên được đặt lại xác thực hai bước của người khác.", "Only administrators may reset another user's second factor.")
		}
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM users WHERE id = ?`), userID); err != nil {
			return err
		}
		if n == 0 {
			return dondoc.NotFound("user")
		}
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM user_totp WHERE user_id = ?`), userID); err != nil {
			return err
		}
		if n == 0 {
			return errNotEnabled
		}
		return tx.removeTOTP("totp.reset", userID)
	})
}

// removeTOTP deletes a user's secret and pending challenges and audits why.
func (tx *Tx) removeTOTP(action string, userID int64) error {
	if _, err := tx.exec(`DELETE FROM user_totp WHERE user_id = ?`, userID); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM login_challenges WHERE user_id = ?`, userID); err != nil {
		return err
	}
	return tx.audit(action, "user", userID, nil, nil)
}
