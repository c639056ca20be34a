package sqldb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/sqldb"
	"dondoc/internal/sqldb/sqldbtest"
)

// totpUser creates a user with the test password on a fixed clock the test moves by hand.
func totpUser(t *testing.T, db *sqldb.DB, username string) (context.Context, *dondoc.User, *time.Time) {
	t.Helper()
	clock := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return clock }
	p := sqldbtest.NewProvince(t, db)
	hash, err := auth.HashPassword(auth.TestParams, "mat-khau-1")
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUserWithHash(sqldbtest.System(), dondoc.UserInput{Username: username, DisplayName: "Nguyễn Thị Lan",
		Grants: []dondoc.Grant{{Role: dondoc.RoleUnitOfficer, UnitID: p.Department.ID}}}, hash)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.ActorForUser(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return dondoc.WithActor(context.Background(), a), u, &clock
}

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := dondoc.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrongCodeAt is a well-formed code that the secret does not give within the skew around at.
func wrongCodeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	for _, c := range []string{"000000", "111111", "222222", "333333"} {
		if _, err := dondoc.MatchTOTP(secret, c, at, 0); err != nil {
			return c
		}
	}
	t.Fatal("no wrong code")
	return ""
}

// enrol starts and confirms a second factor and returns its secret.
func enrol(t *testing.T, db *sqldb.DB, ctx context.Context, clock *time.Time) string {
	t.Helper()
	enr, err := db.StartTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ConfirmTOTP(ctx, codeAt(t, enr.Secret, *clock)); err != nil {
		t.Fatal(err)
	}
	return enr.Secret
}

func TestTOTPEnrolment(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx, u, clock := totpUser(t, db, "lan.nt")
		st, err := db.TOTPStatus(ctx)
		if err != nil || st.Enabled || st.Pending {
			t.Fatalf("status before = %+v, %v; want nothing", st, err)
		}
		enr, err := db.StartTOTP(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := db.TOTPStatus(ctx); !st.Pending || st.Enabled {
			t.Fatalf("status after start = %+v; want pending", st)
		}
		// A pending factor does not yet guard the sign-in.
		if _, _, err := db.Login(context.Background(), "lan.nt", "mat-khau-1"); err != nil {
			t.Fatalf("login with a pending factor: %v", err)
		}
		if err := db.ConfirmTOTP(ctx, wrongCodeAt(t, enr.Secret, *clock)); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Fatalf("confirm with a wrong code = %v; want invalid", err)
		}
		if st, _ := db.TOTPStatus(ctx); st.Enabled {
			t.Fatal("a wrong code enabled the factor")
		}
		good := codeAt(t, enr.Secret, *clock)
		if err := db.ConfirmTOTP(ctx, good); err != nil {
			t.Fatal(err)
		}
		st, err = db.TOTPStatus(ctx)
		if err != nil || !st.Enabled || st.EnabledAt == nil || !st.EnabledAt.Equal(*clock) {
			t.Fatalf("status after confirm = %+v, %v", st, err)
		}
		if _, err := db.StartTOTP(ctx); !dondoc.IsCode(err, dondoc.EConflict) {
			t.Fatalf("start while enabled = %v; want conflict", err)
		}
		// Disabling needs a fresh code: the one used to confirm is spent.
		if err := db.DisableTOTP(ctx, good); !dondoc.IsCode(err, dondoc.EInvalid) {
			t.Fatalf("disable with a spent code = %v; want invalid", err)
		}
		*clock = clock.Add(dondoc.TOTPPeriod)
		if err := db.DisableTOTP(ctx, codeAt(t, enr.Secret, *clock)); err != nil {
			t.Fatal(err)
		}
		if st, _ := db.TOTPStatus(ctx); st.Enabled || st.Pending {
			t.Fatalf("status after disable = %+v", st)
		}
		audit, err := db.ListAudit(sqldbtest.System(), "user", u.ID, "", 50)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range audit.Items {
			seen[e.Action] = true
		}
		for _, want := range []string{"totp.start", "totp.enable", "totp.disable"} {
			if !seen[want] {
				t.Errorf("audit lacks %s: %v", want, seen)
			}
		}
	})
}

func TestTOTPLogin(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx, _, clock := totpUser(t, db, "lan.nt")
		secret := enrol(t, db, ctx, clock)
		*clock = clock.Add(2 * dondoc.TOTPPeriod)

		_, _, err := db.Login(context.Background(), "lan.nt", "mat-khau-1")
		ch, ok := dondoc.AsSecondFactor(err)
		if !ok || !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Fatalf("login with password only = %v; want a second-factor challenge", err)
		}
		if !ch.ExpiresAt.Equal(clock.Add(dondoc.TOTPChallengeTTL)) {
			t.Errorf("challenge expires %v", ch.ExpiresAt)
		}
		if _, _, err := db.Login(context.Background(), "lan.nt", "sai-mat-khau"); dondoc.ErrorCode(err) != dondoc.EUnauthorized {
			t.Fatalf("wrong password = %v", err)
		} else if _, ok := dondoc.AsSecondFactor(err); ok {
			t.Fatal("a wrong password got a challenge")
		}
		if _, _, err := db.CompleteLogin(context.Background(), ch.Challenge, wrongCodeAt(t, secret, *clock)); !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Fatalf("wrong code = %v; want unauthorized", err)
		}
		good := codeAt(t, secret, *clock)
		session, _, err := db.CompleteLogin(context.Background(), ch.Challenge, good)
		if err != nil {
			t.Fatalf("right code after one wrong one: %v", err)
		}
		if a, err := db.ActorForSession(context.Background(), session); err != nil || a.Username != "lan.nt" {
			t.Fatalf("session = %+v, %v", a, err)
		}
		// The challenge is single use, and so is the code.
		if _, _, err := db.CompleteLogin(context.Background(), ch.Challenge, good); !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Fatalf("challenge reused = %v", err)
		}
		_, _, err = db.Login(context.Background(), "lan.nt", "mat-khau-1")
		ch2, _ := dondoc.AsSecondFactor(err)
		if _, _, err := db.CompleteLogin(context.Background(), ch2.Challenge, good); !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Fatalf("code replayed in a new challenge = %v", err)
		}
		// A code from the next step, within the skew, still works once.
		if _, _, err := db.CompleteLogin(context.Background(), ch2.Challenge, codeAt(t, secret, clock.Add(dondoc.TOTPPeriod))); err != nil {
			t.Fatalf("next-step code: %v", err)
		}
	})
}

func TestTOTPChallengeLimits(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx, _, clock := totpUser(t, db, "lan.nt")
		secret := enrol(t, db, ctx, clock)
		*clock = clock.Add(2 * dondoc.TOTPPeriod)
		challenge := func() string {
			t.Helper()
			_, _, err := db.Login(context.Background(), "lan.nt", "mat-khau-1")
			ch, ok := dondoc.AsSecondFactor(err)
			if !ok {
				t.Fatalf("login = %v; want a challenge", err)
			}
			return ch.Challenge
		}
		wrong := func(ch, wantField string) {
			t.Helper()
			_, _, err := db.CompleteLogin(context.Background(), ch, wrongCodeAt(t, secret, *clock))
			var de *dondoc.Error
			if !dondoc.IsCode(err, dondoc.EUnauthorized) || !errors.As(err, &de) || de.Field != wantField {
				t.Fatalf("wrong code = %v; want unauthorized on %q", err, wantField)
			}
		}
		// Wrong codes count per user, across challenges opened side by side.
		first, second := challenge(), challenge()
		for range dondoc.TOTPMaxFailures - 2 {
			wrong(first, "code")
		}
		wrong(second, "code")
		wrong(second, "challenge")
		for _, ch := range []string{first, second} {
			if _, _, err := db.CompleteLogin(context.Background(), ch, codeAt(t, secret, *clock)); !dondoc.IsCode(err, dondoc.EUnauthorized) {
				t.Fatalf("right code on a voided challenge = %v", err)
			}
		}
		_, _, err := db.Login(context.Background(), "lan.nt", "mat-khau-1")
		if _, ok := dondoc.AsSecondFactor(err); ok || !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Fatalf("login while locked = %v; want refused without a challenge", err)
		}
		*clock = clock.Add(dondoc.TOTPLockout + time.Second)
		if _, _, err := db.CompleteLogin(context.Background(), challenge(), codeAt(t, secret, *clock)); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
		// A right code clears the count: four more wrong ones do not lock.
		ch := challenge()
		for range dondoc.TOTPMaxFailures - 1 {
			wrong(ch, "code")
		}

		ch = challenge()
		*clock = clock.Add(dondoc.TOTPChallengeTTL + time.Second)
		if _, _, err := db.CompleteLogin(context.Background(), ch, codeAt(t, secret, *clock)); !dondoc.IsCode(err, dondoc.EUnauthorized) {
			t.Fatalf("right code on an expired challenge = %v", err)
		}
	})
}

func TestTOTPReset(t *testing.T) {
	sqldbtest.Run(t, func(t *testing.T, db *sqldb.DB) {
		ctx, u, clock := totpUser(t, db, "lan.nt")
		enrol(t, db, ctx, clock)
		if err := db.ResetTOTP(ctx, u.ID); !dondoc.IsCode(err, dondoc.EForbidden) {
			t.Fatalf("reset by a non-admin = %v; want forbidden", err)
		}
		p := &dondoc.Unit{ID: u.Grants[0].UnitID, Path: u.Grants[0].UnitPath, Name: "x"}
		admin := sqldbtest.As(999, dondoc.RoleAdmin, p)
		if err := db.ResetTOTP(admin, 123456); !dondoc.IsCode(err, dondoc.ENotFound) {
			t.Fatalf("reset of an unknown user = %v; want not found", err)
		}
		if err := db.ResetTOTP(admin, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.ResetTOTP(admin, u.ID); !dondoc.IsCode(err, dondoc.EConflict) {
			t.Fatalf("second reset = %v; want conflict", err)
		}
		if _, _, err := db.Login(context.Background(), "lan.nt", "mat-khau-1"); err != nil {
			t.Fatalf("login after reset: %v", err)
		}
		found := false
		page, err := db.ListAudit(sqldbtest.System(), "user", u.ID, "", 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Items {
			found = found || e.Action == "totp.reset"
		}
		if !found {
			t.Fatal("the reset is not audited")
		}
	})
}
