package api

import (
	"net/http"

	"dondoc"
)

func (a *API) documentRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /api/v1/documents", a.authed(a.listDocuments))
	m.HandleFunc("POST /api/v1/documents", a.authed(a.createDocument))
	m.HandleFunc("GET /api/v1/documents/{id}", a.authed(a.getDocument))
	m.HandleFunc("PATCH /api/v1/documents/{id}", a.authed(a.updateDocument))
}

func (a *API) listDocuments(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	f := dondoc.DocumentFilter{
		Q: q.str("q"), Type: q.str("type"), Number: q.str("number"), From: q.date("from"), To: q.date("to"),
		System: q.str("system"), Issuer: q.str("issuer"), Year: q.int("year"), Cites: q.int64("cites"),
		Cursor: q.str("cursor"), Limit: q.int("limit"),
	}
	if open := q.boolPtr("open_tasks"); open != nil {
		f.OpenTasks = *open
	}
	if q.err != nil {
		return q.err
	}
	page, err := a.s.Documents.ListDocuments(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (a *API) createDocument(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/documents/", a.s.Documents.CreateDocument)
}

func (a *API) getDocument(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Documents.GetDocument)
}

func (a *API) updateDocument(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, a.s.Documents.UpdateDocument)
}
