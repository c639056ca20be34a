package dondoc

import (
	"context"
	"time"
)

// User is an account that signs in to dondoc, linked to the person it belongs to.
type User struct {
	ID          int64     `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	PersonID    *int64    `json:"person_id"`
	Disabled    bool      `json:"disabled"`
	Grants      []Grant   `json:"grants"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
}

// UserInput creates a user.
type UserInput struct {
	Username    string  `json:"username"`
	DisplayName string  `json:"display_name"`
	PersonID    *int64  `json:"person_id"`
	Password    string  `json:"password"`
	Grants      []Grant `json:"grants"`
}

// APIToken is a Bearer credential for another system; only a hash of the secret is stored.
type APIToken struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// AuditEvent is one row of the audit log: who did what to which object, with the state before
// and after.
type AuditEvent struct {
	ID         int64     `json:"id"`
	ActorID    *int64    `json:"actor_id"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   int64     `json:"object_id"`
	At         time.Time `json:"at"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
}

// AccountService manages users, grants, sessions and tokens, and authenticates requests.
type AccountService interface {
	CreateUser(ctx context.Context, in UserInput) (*User, error)
	GetUser(ctx context.Context, id int64) (*User, error)
	ListUsers(ctx context.Context) ([]User, error)
	AddGrant(ctx context.Context, userID int64, g Grant) (*Grant, error)
	RevokeGrant(ctx context.Context, grantID int64) error

	// Login checks a password and opens a server-side session, returning its secret.
	Login(ctx context.Context, username, password string) (secret string, expires time.Time, err error)
	Logout(ctx context.Context, secret string) error
	CreateToken(ctx context.Context, name string, expires *time.Time) (*APIToken, string, error)
	ListTokens(ctx context.Context) ([]APIToken, error)
	RevokeToken(ctx context.Context, id int64) error

	// ActorForSession and ActorForToken authenticate a request and load the actor with grants.
	ActorForSession(ctx context.Context, secret string) (*Actor, error)
	ActorForToken(ctx context.Context, secret string) (*Actor, error)

	ListAudit(ctx context.Context, objectType string, objectID int64, cursor string, limit int) (*Page[AuditEvent], error)
}
