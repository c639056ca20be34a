package api

import (
	"net/http"

	"dondoc"
)

func (a *API) listTasks(w http.ResponseWriter, r *http.Request) error {
	q := &query{r: r}
	f := dondoc.TaskFilter{
		UnitID: q.int64("unit"), Overdue: q.boolPtr("overdue"), DueBefore: q.date("due_before"),
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

func (a *API) createTask(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[dondoc.TaskInput](w, r)
	if err != nil {
		return err
	}
	t, err := a.s.Tasks.CreateTask(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tasks/"+itoa(t.ID))
	return writeVersioned(w, http.StatusCreated, t, t.Version)
}

func (a *API) getTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := a.s.Tasks.GetTask(r.Context(), id)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, t, t.Version)
}

func (a *API) updateTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	in, err := decode[dondoc.TaskInput](w, r)
	if err != nil {
		return err
	}
	t, err := a.s.Tasks.UpdateTask(r.Context(), id, version, in)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, t, t.Version)
}

func (a *API) transitionTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	in, err := decode[dondoc.TransitionInput](w, r)
	if err != nil {
		return err
	}
	t, err := a.s.Tasks.Transition(r.Context(), id, version, in)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, t, t.Version)
}

func (a *API) taskTimeline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	events, err := a.s.Tasks.Timeline(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": events})
}

func (a *API) updateCoordination(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	unitID, err := pathID(r, "unit")
	if err != nil {
		return err
	}
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	in, err := decode[dondoc.CoordinationInput](w, r)
	if err != nil {
		return err
	}
	t, err := a.s.Tasks.UpdateCoordination(r.Context(), id, version, unitID, in)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, t, t.Version)
}
