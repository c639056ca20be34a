package dondoc

import (
	"context"
	"strings"
)

// Role is what a user may do within the units a grant covers.
type Role string

// The roles of dondoc, as DESIGN.md describes them.
const (
	RoleOffice      Role = "office"
	RoleLeader      Role = "leader"
	RoleUnitHead    Role = "unit_head"
	RoleUnitOfficer Role = "unit_officer"
	RoleViewer      Role = "viewer"
	RoleAdmin       Role = "admin"
)

// Roles lists every role, in the order they are shown.
var Roles = []Role{RoleOffice, RoleLeader, RoleUnitHead, RoleUnitOfficer, RoleViewer, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Grant gives a user a role on a unit and its whole subtree.
type Grant struct {
	ID       int64  `json:"id"`
	UserID   int64  `json:"user_id"`
	Role     Role   `json:"role"`
	UnitID   int64  `json:"unit_id"`
	UnitPath string `json:"-"`
}

// Actor is the authenticated caller of a service method. It travels in the context so that every
// storage query can apply the caller's scope.
type Actor struct {
	UserID   int64
	PersonID int64
	Username string
	Grants   []Grant
	// System marks internal callers such as the demo loader and migrations, which act on every
	// unit and are recorded as such in the audit log.
	System bool
}

// SystemActor is the actor for work that no user started.
var SystemActor = &Actor{Username: "system", System: true}

type actorKey struct{}

// WithActor returns a context that carries the actor.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or nil when the call is anonymous.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// RequireActor returns the actor in ctx or an unauthorized error, so that no service method runs
// for an anonymous caller by mistake.
func RequireActor(ctx context.Context) (*Actor, error) {
	a := ActorFrom(ctx)
	if a == nil {
		return nil, Errorf(EUnauthorized, "", "Cần đăng nhập.", "Authentication required.")
	}
	return a, nil
}

// PathCovers reports whether a unit with path child lies in the subtree of the unit with path
// parent. Paths are materialised as "/1/5/23/", so a prefix test is exact.
func PathCovers(parent, child string) bool {
	return parent != "" && strings.HasPrefix(child, parent)
}

// HasRole reports whether the actor holds one of roles on a unit covering path. An empty path asks
// whether the actor holds the role anywhere.
func (a *Actor) HasRole(path string, roles ...Role) bool {
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	for _, g := range a.Grants {
		for _, r := range roles {
			if g.Role == r && (path == "" || PathCovers(g.UnitPath, path)) {
				return true
			}
		}
	}
	return false
}

// ReadRoles are the roles that let a user read business data in their scope. Admins manage users,
// units and settings; they see units but not tasks unless they also hold another role.
var ReadRoles = []Role{RoleOffice, RoleLeader, RoleUnitHead, RoleUnitOfficer, RoleViewer}

// ScopePaths returns the unit paths under which the actor may read business data; the storage
// layer turns them into range conditions inside its queries. All reports whether no filter is
// needed because the actor sees everything.
func (a *Actor) ScopePaths() (paths []string, all bool) {
	if a == nil {
		return nil, false
	}
	if a.System {
		return nil, true
	}
	seen := map[string]bool{}
	for _, g := range a.Grants {
		if g.Role == RoleAdmin || seen[g.UnitPath] {
			continue
		}
		seen[g.UnitPath] = true
		paths = append(paths, g.UnitPath)
	}
	return minimalPaths(paths), false
}

// minimalPaths drops paths already covered by another, so that queries get fewer conditions.
func minimalPaths(paths []string) []string {
	out := paths[:0:0]
	for i, p := range paths {
		covered := false
		for j, q := range paths {
			if i != j && PathCovers(q, p) && (q != p || j < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, p)
		}
	}
	return out
}

// CanRead reports whether the actor may read business data of the unit at path.
func (a *Actor) CanRead(path string) bool { return a.HasRole(path, ReadRoles...) }

// CanAdminister reports whether the actor may manage users, units and settings at path.
func (a *Actor) CanAdminister(path string) bool { return a.HasRole(path, RoleAdmin) }
