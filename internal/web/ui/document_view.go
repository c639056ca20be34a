package ui

import (
	"context"
	"net/http"
	"strconv"
	"sync"

	"dondoc"
	"dondoc/internal/docparse"
)

// documentView is the document page: its metadata, its clauses with the tasks assigned by each,
// and the documents it cites and that cite it.
type documentView struct {
	Doc    dondoc.Document
	System string
	// Clauses are the top-level clauses, each with its sub-clauses; Unclaused are the tasks that
	// cite no clause of the text.
	Clauses   []*clauseView
	Unclaused []documentTask
	// TaskCount is how many tasks the page shows, a cascaded task counting once.
	TaskCount int
	Cites     []citeView
	CitedBy   []citeView
	// MoreCitedBy says more documents cite this one than CitedBy holds; the list shows them all.
	MoreCitedBy bool
	// Ingested says the document was just registered from an uploaded file.
	Ingested bool
}

// clauseView is one clause of the text with the tasks that cite it.
type clauseView struct {
	ID, Label, Heading string
	Tasks              []documentTask
	Children           []*clauseView
}

// documentTask is a task of the document as its page shows it. A task cascaded to several units
// is shown once, with a count of its units' tasks by colour.
type documentTask struct {
	Task     dondoc.Task
	LeadUnit string
	Children []childCount
}

// childCount is how many of a cascaded task's children show one status colour.
type childCount struct {
	Class, Label, Shape string
	N                   int
}

// citeView is a document on the other end of a reference.
type citeView struct {
	ID           *int64
	NumberSymbol string
	Type         string
	Date         dondoc.Date
	Subject      string
}

// showDocument shows one document.
func (u *UI) showDocument(w http.ResponseWriter, r *http.Request, v *viewer) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.renderError(w, r, v, dondoc.NotFound("document"))
		return
	}
	data, err := u.document(r.Context(), v, id)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	data.Ingested = r.URL.Query().Get("da-nhap") == "1"
	title := data.Doc.NumberSymbol
	if title == "" {
		title = data.Doc.Type
	}
	u.render(w, r, http.StatusOK, view{Page: "document-view", Title: title, Viewer: v, Nav: "documents", Data: data})
}

// document loads everything the document page shows.
func (u *UI) document(ctx context.Context, v *viewer, id int64) (*documentView, error) {
	d, err := u.s.Documents.GetDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	data := &documentView{Doc: *d, System: systemLabel(v.Lang, *d)}
	var tasks []dondoc.Task
	if err := u.eachTask(ctx, dondoc.TaskFilter{DocumentID: id}, func(t dondoc.Task) { tasks = append(tasks, t) }); err != nil {
		return nil, err
	}
	if err := u.documentClauses(ctx, v.Lang, data, tasks); err != nil {
		return nil, err
	}
	for _, ref := range d.References {
		c := citeView{ID: ref.DocumentID, NumberSymbol: ref.NumberSymbol, Type: ref.Type, Date: ref.Date}
		if ref.DocumentID != nil {
			if cited, err := u.s.Documents.GetDocument(ctx, *ref.DocumentID); err == nil {
				c.Subject = cited.Subject
			}
		}
		data.Cites = append(data.Cites, c)
	}
	data.CitedBy, data.MoreCitedBy, err = u.citedBy(ctx, d)
	if err != nil {
		return nil, err
	}
	return data, nil
}

// documentClauses builds the clause tree from the document's text, as the reader finds it, and
// hangs each task on the clause it cites. Tasks whose clause the text does not show (a clause
// typed by hand, or a document registered without its text) get a clause of their own at the end,
// so that no task is left off the page.
func (u *UI) documentClauses(ctx context.Context, l lang, data *documentView, tasks []dondoc.Task) error {
	names := newUnitNames(u.s.Org, l)
	children := map[int64][]dondoc.Task{}
	for _, t := range tasks {
		if t.ParentID != nil {
			children[*t.ParentID] = append(children[*t.ParentID], t)
		}
	}
	byID := map[string]*clauseView{}
	if data.Doc.Body != "" {
		for _, c := range clausesOf(&data.Doc) {
			cv := &clauseView{ID: c.ID, Label: c.Label, Heading: c.Heading}
			byID[c.ID] = cv
			if p := byID[c.Parent]; c.Parent != "" && p != nil {
				p.Children = append(p.Children, cv)
			} else {
				data.Clauses = append(data.Clauses, cv)
			}
		}
	}
	for _, t := range tasks {
		if t.ParentID != nil && hasTask(tasks, *t.ParentID) {
			continue
		}
		lead, err := names.name(ctx, t.LeadUnitID)
		if err != nil {
			return err
		}
		data.TaskCount++
		dt := documentTask{Task: t, LeadUnit: lead}
		counts := map[string]*childCount{}
		for _, c := range children[t.ID] {
			s := statusOf(l, c)
			if counts[s.Class] == nil {
				counts[s.Class] = &childCount{Class: s.Class, Label: s.Label, Shape: s.Shape}
				if s.Class == "done" {
					counts[s.Class].Label = l.tr("Hoàn thành")
				}
			}
			counts[s.Class].N++
		}
		for _, class := range []string{"overdue", "soon", "active", "done", "idle"} {
			if c := counts[class]; c != nil {
				dt.Children = append(dt.Children, *c)
			}
		}
		if t.ClauseID == "" {
			data.Unclaused = append(data.Unclaused, dt)
			continue
		}
		cv := byID[t.ClauseID]
		if cv == nil {
			cv = &clauseView{ID: t.ClauseID, Label: t.ClauseID}
			byID[t.ClauseID] = cv
			data.Clauses = append(data.Clauses, cv)
		}
		cv.Tasks = append(cv.Tasks, dt)
	}
	return nil
}

// clauseCacheSize bounds how many documents' clause trees are kept between requests.
const clauseCacheSize = 512

// clauseCache keeps the clauses read from each document's text, by id and version, since reading
// a long text takes longer than the rest of the page and the text changes only with the version.
var clauseCache = struct {
	sync.Mutex
	m map[[2]int64][]docparse.Clause
}{m: map[[2]int64][]docparse.Clause{}}

// clausesOf returns the clauses of the document's text.
func clausesOf(d *dondoc.Document) []docparse.Clause {
	key := [2]int64{d.ID, d.Version}
	clauseCache.Lock()
	c, ok := clauseCache.m[key]
	clauseCache.Unlock()
	if ok {
		return c
	}
	c = docparse.Parse(d.Body, docparse.Options{}).Clauses
	clauseCache.Lock()
	if len(clauseCache.m) >= clauseCacheSize {
		clear(clauseCache.m)
	}
	clauseCache.m[key] = c
	clauseCache.Unlock()
	return c
}

func hasTask(tasks []dondoc.Task, id int64) bool {
	for _, t := range tasks {
		if t.ID == id {
			return true
		}
	}
	return false
}

// citedByShown is how many citing documents the page lists; the rest are a link to the list.
const citedByShown = 50

// citedBy lists the registered documents whose references resolve to d, newest first, and
// reports whether more cite it than the page shows.
func (u *UI) citedBy(ctx context.Context, d *dondoc.Document) ([]citeView, bool, error) {
	page, err := u.s.Documents.ListDocuments(ctx, dondoc.DocumentFilter{Cites: d.ID, Limit: citedByShown})
	if err != nil {
		return nil, false, err
	}
	out := make([]citeView, 0, len(page.Items))
	for _, c := range page.Items {
		id := c.ID
		out = append(out, citeView{ID: &id, NumberSymbol: c.NumberSymbol, Type: c.Type, Date: c.Date, Subject: c.Subject})
	}
	return out, page.NextCursor != "", nil
}
