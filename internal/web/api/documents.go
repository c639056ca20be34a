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
		Cursor: q.str("cursor"), Limit: q.int("limit"),
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
	in, err := decode[dondoc.DocumentInput](w, r)
	if err != nil {
		return err
	}
	d, err := a.s.Documents.CreateDocument(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/documents/"+itoa(d.ID))
	return writeVersioned(w, http.StatusCreated, d, d.Version)
}

func (a *API) getDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := a.s.Documents.GetDocument(r.Context(), id)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, d, d.Version)
}

func (a *API) updateDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	in, err := decode[dondoc.DocumentInput](w, r)
	if err != nil {
		return err
	}
	d, err := a.s.Documents.UpdateDocument(r.Context(), id, version, in)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, d, d.Version)
}
