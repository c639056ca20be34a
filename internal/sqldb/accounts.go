package sqldb

import (
	"context"
	"strings"
	"sync"
	"time"

	"dondoc"
	"dondoc/internal/auth"
	"dondoc/internal/vntext"
)

// PasswordParams are the argon2id parameters for new password hashes; tests lower them.
var PasswordParams = auth.DefaultParams

type userRow struct {
	ID          int64     `db:"id"`
	Username    string    `db:"username"`
	DisplayName string    `db:"display_name"`
	PersonID    *int64    `db:"person_id"`
	Hash        string    `db:"password_hash"`
	Disabled    bool      `db:"disabled"`
	Version     int64     `db:"version"`
	CreatedAt   time.Time `db:"created_at"`
}

// CreateUser adds an account with its grants. Only an admin may create users, and only with grants
// on units inside the admin's own subtree.
func (db *DB) CreateUser(ctx context.Context, in dondoc.UserInput) (*dondoc.User, error) {
	in.Username = strings.TrimSpace(in.Username)
	in.DisplayName = vntext.NFC(strings.TrimSpace(in.DisplayName))
	if err := dondoc.RequireText("username", in.Username, 100); err != nil {
		return nil, err
	}
	for _, r := range in.Username {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return nil, dondoc.Invalid("username", "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.", "Username may hold only a-z, 0-9, '.', '_' and '-'.")
		}
	}
	if err := dondoc.RequireText("display_name", in.DisplayName, 200); err != nil {
		return nil, err
	}
	if err := auth.ValidatePassword(in.Password); err != nil {
		return nil, dondoc.Invalid("password", "Mật khẩu phải dài 8–256 byte.", "The password must be 8 to 256 bytes.")
	}
	hash, err := auth.HashPassword(PasswordParams, in.Password)
	if err != nil {
		return nil, dondoc.Internal(err)
	}
	return db.createUser(ctx, in, hash)
}

// CreateUserWithHash adds an account whose password was hashed elsewhere; the demo loader uses it
// so that its accounts can have the short demo password.
func (db *DB) CreateUserWithHash(ctx context.Context, in dondoc.UserInput, hash string) (*dondoc.User, error) {
	return db.createUser(ctx, in, hash)
}

func (db *DB) createUser(ctx context.Context, in dondoc.UserInput, hash string) (*dondoc.User, error) {
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if !tx.actor.HasRole("", dondoc.RoleAdmin) {
			return dondoc.Forbidden("Chỉ quản trị viên được tạo tài khoản.", "Only administrators may create users.")
		}
		if in.PersonID != nil {
			var n int
			if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM people WHERE id = ?`), *in.PersonID); err != nil {
				return err
			}
			if n == 0 {
				return dondoc.Invalid("person_id", "Cán bộ không tồn tại.", "Unknown person.")
			}
		}
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM users WHERE username = ?`), in.Username); err != nil {
			return err
		}
		if n > 0 {
			return dondoc.Errorf(dondoc.EConflict, "username", "Tên đăng nhập đã được dùng.", "The username is taken.")
		}
		var err error
		id, err = tx.insert(`INSERT INTO users (username, display_name, person_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			in.Username, in.DisplayName, in.PersonID, hash, tx.now)
		if err != nil {
			return err
		}
		for i, g := range in.Grants {
			if _, err := tx.addGrant("grants["+itoa(i)+"]", id, g); err != nil {
				return err
			}
		}
		return tx.audit("user.create", "user", id, nil, map[string]any{"username": in.Username, "grants": in.Grants})
	})
	if err != nil {
		return nil, err
	}
	return db.GetUser(dondoc.WithActor(ctx, dondoc.SystemActor), id)
}

func (tx *Tx) addGrant(field string, userID int64, g dondoc.Grant) (int64, error) {
	if !g.Role.Valid() {
		return 0, dondoc.Invalid(field+".role", "Vai trò không hợp lệ.", "Unknown role.")
	}
	path, err := tx.unitPath(field+".unit_id", g.UnitID)
	if err != nil {
		return 0, err
	}
	if !tx.actor.CanAdminister(path) {
		return 0, dondoc.Forbidden("Bạn chỉ được cấp quyền trong phạm vi đơn vị mình quản trị.", "You may grant roles only within the units you administer.")
	}
	id, err := tx.insert(`INSERT INTO grants (user_id, role, unit_id) VALUES (?, ?, ?)`, userID, string(g.Role), g.UnitID)
	if err != nil {
		return 0, err
	}
	return id, tx.audit("grant.add", "user", userID, nil, map[string]any{"role": g.Role, "unit_id": g.UnitID})
}

// AddGrant gives a user a role on a unit.
func (db *DB) AddGrant(ctx context.Context, userID int64, g dondoc.Grant) (*dondoc.Grant, error) {
	err := db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.Get(&n, tx.Rebind(`SELECT COUNT(*) FROM users WHERE id = ?`), userID); err != nil {
			return err
		}
		if n == 0 {
			return dondoc.NotFound("user")
		}
		id, err := tx.addGrant("", userID, g)
		g.ID, g.UserID = id, userID
		return err
	})
	if err != nil {
		return nil, err
	}
	db.actors.clear()
	return &g, nil
}

// RevokeGrant removes a grant.
func (db *DB) RevokeGrant(ctx context.Context, grantID int64) error {
	defer db.actors.clear()
	return db.inTx(ctx, func(tx *Tx) error {
		var g struct {
			UserID int64  `db:"user_id"`
			Role   string `db:"role"`
			Path   string `db:"path"`
		}
		if err := tx.get("grant", &g, `SELECT g.user_id, g.role, u.path FROM grants g JOIN units u ON u.id = g.unit_id WHERE g.id = ?`, grantID); err != nil {
			return err
		}
		if !tx.actor.CanAdminister(g.Path) {
			return dondoc.NotFound("grant")
		}
		if _, err := tx.exec(`DELETE FROM grants WHERE id = ?`, grantID); err != nil {
			return err
		}
		return tx.audit("grant.revoke", "user", g.UserID, g, nil)
	})
}

// GetUser returns a user with grants; only admins, or the user themself, may read it.
func (db *DB) GetUser(ctx context.Context, id int64) (*dondoc.User, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.HasRole("", dondoc.RoleAdmin) && a.UserID != id {
		return nil, dondoc.NotFound("user")
	}
	var r userRow
	if err := db.get(ctx, "user", &r, `SELECT id, username, display_name, person_id, password_hash, disabled, version, created_at FROM users WHERE id = ?`, id); err != nil {
		return nil, err
	}
	grants, err := db.grants(ctx, id)
	if err != nil {
		return nil, err
	}
	return &dondoc.User{ID: r.ID, Username: r.Username, DisplayName: r.DisplayName, PersonID: r.PersonID, Disabled: r.Disabled,
		Grants: grants, Version: r.Version, CreatedAt: r.CreatedAt.UTC()}, nil
}

// ListUsers lists users for administrators.
func (db *DB) ListUsers(ctx context.Context) ([]dondoc.User, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.HasRole("", dondoc.RoleAdmin) {
		return nil, dondoc.Forbidden("Chỉ quản trị viên được xem danh sách tài khoản.", "Only administrators may list users.")
	}
	var rows []userRow
	if err := db.sel(ctx, &rows, `SELECT id, username, display_name, person_id, password_hash, disabled, version, created_at FROM users ORDER BY username`); err != nil {
		return nil, err
	}
	out := make([]dondoc.User, 0, len(rows))
	for _, r := range rows {
		grants, err := db.grants(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, dondoc.User{ID: r.ID, Username: r.Username, DisplayName: r.DisplayName, PersonID: r.PersonID,
			Disabled: r.Disabled, Grants: grants, Version: r.Version, CreatedAt: r.CreatedAt.UTC()})
	}
	return out, nil
}

func (db *DB) grants(ctx context.Context, userID int64) ([]dondoc.Grant, error) {
	var rows []struct {
		ID     int64  `db:"id"`
		Role   string `db:"role"`
		UnitID int64  `db:"unit_id"`
		Path   string `db:"path"`
	}
	if err := db.sel(ctx, &rows, `SELECT g.id, g.role, g.unit_id, u.path FROM grants g JOIN units u ON u.id = g.unit_id WHERE g.user_id = ? ORDER BY g.id`, userID); err != nil {
		return nil, err
	}
	out := make([]dondoc.Grant, len(rows))
	for i, r := range rows {
		out[i] = dondoc.Grant{ID: r.ID, UserID: userID, Role: dondoc.Role(r.Role), UnitID: r.UnitID, UnitPath: r.Path}
	}
	return out, nil
}

var errBadLogin = dondoc.Errorf(dondoc.EUnauthorized, "", "Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password.")

// Login checks a password and opens a server-side session. A wrong user and a wrong password give
// the same answer, so that logins do not reveal which accounts exist. A user with a second factor
// gets no session here but a challenge (dondoc.NeedSecondFactor) that CompleteLogin finishes.
func (db *DB) Login(ctx context.Context, username, password string) (string, time.Time, error) {
	var r userRow
	err := db.get(ctx, "user", &r, `SELECT id, username, display_name, person_id, password_hash, disabled, version, created_at FROM users WHERE username = ?`, strings.TrimSpace(username))
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return "", time.Time{}, errBadLogin
	}
	if err != nil {
		return "", time.Time{}, err
	}
	ok, err := auth.CheckPassword(password, r.Hash)
	if err != nil || !ok || r.Disabled {
		return "", time.Time{}, errBadLogin
	}
	ctx = dondoc.WithActor(ctx, &dondoc.Actor{UserID: r.ID, Username: r.Username})
	if on, err := db.totpEnabled(ctx, r.ID); err != nil || on {
		if err != nil {
			return "", time.Time{}, err
		}
		return "", time.Time{}, db.newLoginChallenge(ctx, r.ID)
	}
	var plain string
	var expires time.Time
	err = db.inTx(ctx, func(tx *Tx) error {
		var err error
		plain, expires, err = tx.openSession(r.ID, nil)
		return err
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return plain, expires, nil
}

// Logout ends a session.
func (db *DB) Logout(ctx context.Context, secret string) error {
	defer db.actors.clear()
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(`DELETE FROM sessions WHERE token_hash = ?`, auth.HashToken(secret))
		return err
	})
}

// CreateToken issues an API token for the calling user. The secret is returned once and only its
// hash is kept.
func (db *DB) CreateToken(ctx context.Context, name string, expires *time.Time) (*dondoc.APIToken, string, error) {
	name = strings.TrimSpace(name)
	if err := dondoc.RequireText("name", name, 200); err != nil {
		return nil, "", err
	}
	plain, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return nil, "", dondoc.Internal(err)
	}
	var tok dondoc.APIToken
	err = db.inTx(ctx, func(tx *Tx) error {
		if tx.actor.UserID == 0 {
			return dondoc.Forbidden("Chỉ người dùng được cấp mã truy cập.", "Only users may hold tokens.")
		}
		if expires != nil && !expires.After(tx.now) {
			return dondoc.Invalid("expires_at", "Thời hạn phải ở tương lai.", "expires_at must be in the future.")
		}
		id, err := tx.insert(`INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			tx.actor.UserID, name, auth.TokenPrefix(plain), hash, tx.now, expires)
		if err != nil {
			return err
		}
		tok = dondoc.APIToken{ID: id, UserID: tx.actor.UserID, Name: name, Prefix: auth.TokenPrefix(plain), CreatedAt: tx.now, ExpiresAt: expires}
		return tx.audit("token.create", "user", tx.actor.UserID, nil, map[string]any{"token_id": id, "name": name})
	})
	if err != nil {
		return nil, "", err
	}
	return &tok, plain, nil
}

// ListTokens lists the calling user's tokens.
func (db *DB) ListTokens(ctx context.Context) ([]dondoc.APIToken, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID        int64      `db:"id"`
		Name      string     `db:"name"`
		Prefix    string     `db:"prefix"`
		CreatedAt time.Time  `db:"created_at"`
		ExpiresAt *time.Time `db:"expires_at"`
		RevokedAt *time.Time `db:"revoked_at"`
	}
	if err := db.sel(ctx, &rows, `SELECT id, name, prefix, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id`, a.UserID); err != nil {
		return nil, err
	}
	out := make([]dondoc.APIToken, len(rows))
	for i, r := range rows {
		out[i] = dondoc.APIToken{ID: r.ID, UserID: a.UserID, Name: r.Name, Prefix: r.Prefix, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt, RevokedAt: r.RevokedAt}
	}
	return out, nil
}

// RevokeToken revokes one of the calling user's tokens at once.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	defer db.actors.clear()
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, tx.now, id, tx.actor.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return dondoc.NotFound("token")
		}
		return tx.audit("token.revoke", "user", tx.actor.UserID, nil, map[string]any{"token_id": id})
	})
}

var errBadCredential = dondoc.Errorf(dondoc.EUnauthorized, "", "Phiên đăng nhập hoặc mã truy cập không hợp lệ hay đã hết hạn.", "The session or token is invalid or expired.")

// ActorForSession loads the actor of a live session.
func (db *DB) ActorForSession(ctx context.Context, secret string) (*dondoc.Actor, error) {
	hash := auth.HashToken(secret)
	return db.actors.get("s"+string(hash), func() (*dondoc.Actor, error) {
		return db.actorFor(ctx, `SELECT u.id, u.username, u.person_id FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE s.token_hash = ? AND s.expires_at > ? AND NOT u.disabled`, hash, db.Now().UTC())
	})
}

// ActorForToken loads the actor of a valid API token.
func (db *DB) ActorForToken(ctx context.Context, secret string) (*dondoc.Actor, error) {
	hash := auth.HashToken(secret)
	return db.actors.get("t"+string(hash), func() (*dondoc.Actor, error) {
		return db.actorFor(ctx, `SELECT u.id, u.username, u.person_id FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) AND NOT u.disabled`, hash, db.Now().UTC())
	})
}

// actorCacheTTL is how long an authenticated actor is reused without asking the database again.
// Every change to accounts in this process clears the cache at once; another instance sharing a
// PostgreSQL database sees a revoked token or a changed grant within this time.
const actorCacheTTL = 5 * time.Second

// maxCachedActors bounds the cache; past it the cache starts afresh.
const maxCachedActors = 10_000

// actorCache keeps recently authenticated actors by credential hash. Authentication costs two
// queries per request otherwise, a third of the time of a simple read.
type actorCache struct {
	mu sync.Mutex
	m  map[string]cachedActor
}

type cachedActor struct {
	actor   *dondoc.Actor
	expires time.Time
}

// get returns the cached actor for key or loads it. Failures are not cached, so a credential that
// becomes valid (a new login) works at once.
func (c *actorCache) get(key string, load func() (*dondoc.Actor, error)) (*dondoc.Actor, error) {
	now := time.Now()
	c.mu.Lock()
	if e, ok := c.m[key]; ok && now.Before(e.expires) {
		c.mu.Unlock()
		return e.actor, nil
	}
	c.mu.Unlock()
	a, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedActors {
		c.m = map[string]cachedActor{}
	}
	c.m[key] = cachedActor{actor: a, expires: now.Add(actorCacheTTL)}
	c.mu.Unlock()
	return a, nil
}

// clear forgets every cached actor; account changes call it after they commit.
func (c *actorCache) clear() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

func (db *DB) actorFor(ctx context.Context, q string, args ...any) (*dondoc.Actor, error) {
	var u struct {
		ID       int64  `db:"id"`
		Username string `db:"username"`
		PersonID *int64 `db:"person_id"`
	}
	if err := db.get(ctx, "session", &u, q, args...); err != nil {
		if dondoc.IsCode(err, dondoc.ENotFound) {
			return nil, errBadCredential
		}
		return nil, err
	}
	grants, err := db.grants(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	a := &dondoc.Actor{UserID: u.ID, Username: u.Username, Grants: grants}
	if u.PersonID != nil {
		a.PersonID = *u.PersonID
	}
	return a, nil
}

// ListAudit returns the audit rows of an object, newest first; only admins and the office read it.
func (db *DB) ListAudit(ctx context.Context, objectType string, objectID int64, cursor string, limit int) (*dondoc.Page[dondoc.AuditEvent], error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.HasRole("", dondoc.RoleAdmin, dondoc.RoleOffice) {
		return nil, dondoc.Forbidden("Chỉ quản trị viên và văn phòng được xem nhật ký.", "Only administrators and the office may read the audit log.")
	}
	limit = dondoc.PageSize(limit)
	where, args := []string{"1=1"}, []any{}
	if objectType != "" {
		where = append(where, "object_type = ?")
		args = append(args, objectType)
	}
	if objectID > 0 {
		where = append(where, "object_id = ?")
		args = append(args, objectID)
	}
	if cursor != "" {
		_, id, err := decodeCursor(cursor)
		if err != nil {
			return nil, err
		}
		where = append(where, "id < ?")
		args = append(args, id)
	}
	args = append(args, limit+1)
	var rows []struct {
		ID         int64     `db:"id"`
		ActorID    *int64    `db:"actor_id"`
		Actor      string    `db:"actor"`
		Action     string    `db:"action"`
		ObjectType string    `db:"object_type"`
		ObjectID   int64     `db:"object_id"`
		At         time.Time `db:"at"`
		Before     string    `db:"before_json"`
		After      string    `db:"after_json"`
	}
	if err := db.sel(ctx, &rows, `SELECT id, actor_id, actor, action, object_type, object_id, at, before_json, after_json FROM audit_log WHERE `+
		strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, args...); err != nil {
		return nil, err
	}
	page := &dondoc.Page[dondoc.AuditEvent]{Items: []dondoc.AuditEvent{}}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextCursor = encodeCursor("a", rows[limit-1].ID)
	}
	for _, r := range rows {
		page.Items = append(page.Items, dondoc.AuditEvent{ID: r.ID, ActorID: r.ActorID, Actor: r.Actor, Action: r.Action,
			ObjectType: r.ObjectType, ObjectID: r.ObjectID, At: r.At.UTC(), Before: r.Before, After: r.After})
	}
	return page, nil
}

// ActorForUser loads a user's actor with grants, for work done on a user's behalf outside a
// request, such as tests and command-line tools.
func (db *DB) ActorForUser(ctx context.Context, userID int64) (*dondoc.Actor, error) {
	return db.actorFor(ctx, `SELECT id, username, person_id FROM users WHERE id = ? AND NOT disabled`, userID)
}
