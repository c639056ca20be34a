package api

import (
	"context"
	"net/http"

	"dondoc"
)

func (a *API) listTasks(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	f := dondoc.TaskFilter{
		UnitID: q.int64("unit"), Overdue: q.boolPtr("overdue"), DueBefore: q.date("due_before"), DueFrom: q.date("due_from"),
		Colour:     dondoc.TaskColour(q.str("colour")),
		DocumentID: q.int64("document"), ParentID: q.int64("parent"), Key: q.boolPtr("key"),
		Q: q.str("q"), Cursor: q.str("cursor"), Limit: q.int("limit"),
	}
	for _, s := range q.list("status") {
		f.Status = append(f.Status, dondoc.Status(s))
	}
	if q.err != nil {
		return q.err
	}
	if err := dondoc.OptionalText("q", f.Q, 500); err != nil {
		return err
	}
	page, err := a.s.Tasks.ListTasks(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

// cascadeTask gives a task on to units under its lead unit, all children or none.
func (a *API) cascadeTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := decode[dondoc.CascadeInput](w, r)
	if err != nil {
		return err
	}
	children, err := a.s.Tasks.Cascade(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"items": children})
}

func (a *API) createTask(w http.ResponseWriter, r *http.Request) error {
	return create(w, r, "/api/v1/tasks/", a.s.Tasks.CreateTask)
}

func (a *API) getTask(w http.ResponseWriter, r *http.Request) error {
	return getByID(w, r, a.s.Tasks.GetTask)
}

func (a *API) updateTask(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, a.s.Tasks.UpdateTask)
}

func (a *API) transitionTask(w http.ResponseWriter, r *http.Request) error {
	return update(w, r, http.StatusOK, a.s.Tasks.Transition)
}

func (a *API) taskTimeline(w http.ResponseWriter, r *http.Request) error {
	return listByID(w, r, a.s.Tasks.Timeline)
}

func (a *API) updateCoordination(w http.ResponseWriter, r *http.Request) error {
	unitID, err := pathID(r, "unit")
	if err != nil {
		return err
	}
	return update(w, r, http.StatusOK, func(ctx context.Context, id, version int64, in dondoc.CoordinationInput) (*dondoc.Task, error) {
		return a.s.Tasks.UpdateCoordination(ctx, id, version, unitID, in)
	})
}
