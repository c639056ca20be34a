package api

import (
	"context"
	"net/http"

	"dondoc"
)

func (a *API) orgRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/units", a.authed(a.listUnits))
	m.HandleFunc("POST /api/v1/units", a.authed(a.createUnit))
	m.HandleFunc("GET /api/v1/units/{id}", a.authed(a.getUnit))
	m.HandleFunc("PATCH /api/v1/units/{id}", a.authed(a.updateUnit))
	m.HandleFunc("GET /api/v1/units/{id}/posts", a.authed(a.listPosts))
	m.HandleFunc("POST /api/v1/units/{id}/posts", a.authed(a.createPost))
	m.HandleFunc("POST /api/v1/unit-changes", a.authed(a.recordUnitChange))
	m.HandleFunc("GET /api/v1/groups", a.authed(a.listGroups))
	m.HandleFunc("POST /api/v1/groups", a.authed(a.createGroup))
	m.HandleFunc("GET /api/v1/groups/{id}", a.authed(a.getGroup))
	m.HandleFunc("GET /api/v1/people", a.authed(a.listPeople))
	m.HandleFunc("POST /api/v1/people", a.authed(a.createPerson))
	m.HandleFunc("GET /api/v1/people/{id}", a.authed(a.getPerson))
	m.HandleFunc("GET /api/v1/posts/{id}/holdings", a.authed(a.listHoldings))
	m.HandleFunc("POST /api/v1/posts/{id}/holdings", a.authed(a.assignHolder))
}

func (a *API) listUnits(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	f := dondoc.UnitFilter{Kind: dondoc.UnitKind(q.str("kind")), Q: q.str("q"), AsOf: q.date("as_of"),
		Cursor: q.str("cursor"), Limit: q.int("limit")}
	if q.str("parent") != "" {
		parent := q.int64("parent")
		f.ParentID = &parent
	}
	if q.err != nil {
		return q.err
	}
	if err := dondoc.OptionalText("q", f.Q, 500); err != nil {
		return err
	}
	page, err := a.s.Org.ListUnits(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (a *API) createUnit(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/units/", a.s.Org.CreateUnit)
}

func (a *API) getUnit(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Org.GetUnit)
}

func (a *API) updateUnit(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, a.s.Org.UpdateUnit)
}

// postInput is what a client sends to create a post; the unit comes from the path.
type postInput struct {
	Title  string `json:"title"`
	IsHead bool   `json:"is_head"`
	Area   string `json:"area"`
}

func (a *API) listPosts(w http.ResponseWriter, r *http.Request) error {
	return listByID(w, r, a.s.Org.ListPosts)
}

func (a *API) createPost(w http.ResponseWriter, r *http.Request) error {
	return withBody(w, r, http.StatusCreated, func(ctx context.Context, id int64, in postInput) (*dondoc.Post, error) {
		// The unit is named by the path, so an unknown one is a missing resource, not a bad field.
		if _, err := a.s.Org.GetUnit(ctx, id); err != nil {
			return nil, err
		}
		return a.s.Org.CreatePost(ctx, dondoc.Post{UnitID: id, Title: in.Title, IsHead: in.IsHead, Area: in.Area})
	})
}

// unitChangeInput is what a client sends to record a unit change; what moved is answered, not sent.
type unitChangeInput struct {
	Kind         dondoc.UnitChangeKind `json:"kind"`
	Effective    dondoc.Date           `json:"effective"`
	Predecessors []int64               `json:"predecessors"`
	Successors   []int64               `json:"successors"`
	ParentID     *int64                `json:"parent_id"`
	Note         string                `json:"note"`
}

func (a *API) recordUnitChange(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[unitChangeInput](w, r)
	if err != nil {
		return err
	}
	c, err := a.s.Org.RecordUnitChange(r.Context(), dondoc.UnitChange{Kind: in.Kind, Effective: in.Effective,
		Predecessors: in.Predecessors, Successors: in.Successors, ParentID: in.ParentID, Note: in.Note})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

// groupInput is what a client sends to create a unit group.
type groupInput struct {
	Name    string  `json:"name"`
	UnitIDs []int64 `json:"unit_ids"`
}

func (a *API) listGroups(w http.ResponseWriter, r *http.Request) error {
	return listAll(w, r, a.s.Org.ListGroups)
}

func (a *API) createGroup(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/groups/", func(ctx context.Context, in groupInput) (*dondoc.UnitGroup, error) {
		return a.s.Org.CreateGroup(ctx, dondoc.UnitGroup{Name: in.Name, UnitIDs: in.UnitIDs})
	})
}

func (a *API) getGroup(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Org.GetGroup)
}

// personInput is what a client sends to create a person.
type personInput struct {
	FullName string `json:"full_name"`
	Email    string `json:"email"`
	Phone    string `json:"phone"`
}

func (a *API) listPeople(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	text, cursor, limit := q.str("q"), q.str("cursor"), q.int("limit")
	if q.err != nil {
		return q.err
	}
	page, err := a.s.Org.ListPeople(r.Context(), text, cursor, limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (a *API) createPerson(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/people/", func(ctx context.Context, in personInput) (*dondoc.Person, error) {
		return a.s.Org.CreatePerson(ctx, dondoc.Person{FullName: in.FullName, Email: in.Email, Phone: in.Phone})
	})
}

func (a *API) getPerson(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Org.GetPerson)
}

// holderInput is what a client sends to give a post to a person from a date.
type holderInput struct {
	PersonID int64       `json:"person_id"`
	From     dondoc.Date `json:"from"`
}

func (a *API) listHoldings(w http.ResponseWriter, r *http.Request) error {
	return listByID(w, r, a.s.Org.ListHoldings)
}

func (a *API) assignHolder(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := decode[holderInput](w, r)
	if err != nil {
		return err
	}
	h, err := a.s.Org.AssignHolder(r.Context(), id, in.PersonID, in.From)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, h)
}
