package api

import (
	"net/http"
)

// routes registers every route of the API. Each area's handlers live in their own file.
func (a *API) routes() {
	m := a.mux
	m.HandleFunc("GET /healthz", a.public(a.health))
	m.HandleFunc("GET /api/v1/openapi.yaml", a.public(a.openAPI))

	m.HandleFunc("GET /api/v1/tasks", a.authed(a.listTasks))
	m.HandleFunc("POST /api/v1/tasks", a.authed(a.createTask))
	m.HandleFunc("GET /api/v1/tasks/{id}", a.authed(a.getTask))
	m.HandleFunc("PATCH /api/v1/tasks/{id}", a.authed(a.updateTask))
	m.HandleFunc("POST /api/v1/tasks/{id}/transitions", a.authed(a.transitionTask))
	m.HandleFunc("GET /api/v1/tasks/{id}/timeline", a.authed(a.taskTimeline))
	m.HandleFunc("POST /api/v1/tasks/{id}/cascade", a.authed(a.cascadeTask))
	m.HandleFunc("PUT /api/v1/tasks/{id}/coordinators/{unit}", a.authed(a.updateCoordination))

	a.orgRoutes(m)
	a.documentRoutes(m)
	a.workflowRoutes(m)
	a.indicatorRoutes(m)
	a.projectRoutes(m)
	a.accountRoutes(m)
	a.totpRoutes(m)
	a.reportRoutes(m)
	a.rollupRoutes(m)
	a.reminderRoutes(m)
	a.settingsRoutes(m)
	a.notifyRoutes(m)
	a.ingestRoutes(m)
	a.fileRoutes(m)

	m.HandleFunc("/api/", a.public(func(w http.ResponseWriter, r *http.Request) error {
		return newHTTPError(http.StatusNotFound, "not_found", "", "Không có đường dẫn API này.", "No such API route.")
	}))
}

func (a *API) health(w http.ResponseWriter, r *http.Request) error {
	engine, schema, err := a.s.Health(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "engine": engine, "schema_version": schema})
}
