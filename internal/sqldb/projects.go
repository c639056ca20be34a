package sqldb

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"dondoc"
	"dondoc/internal/vntext"
)

// projectRow is the stored shape of a key project; milestones are a JSON list.
type projectRow struct {
	ID              int64     `db:"id"`
	Name            string    `db:"name"`
	InvestorUnitID  int64     `db:"investor_unit_id"`
	TotalInvestment float64   `db:"total_investment"`
	PlannedStart    string    `db:"planned_start"`
	PlannedEnd      string    `db:"planned_end"`
	IndicatorID     *int64    `db:"indicator_id"`
	Milestones      string    `db:"milestones"`
	Version         int64     `db:"version"`
	CreatedAt       time.Time `db:"created_at"`
}

const projectColumns = `p.id, p.name, p.investor_unit_id, p.total_investment, p.planned_start, p.planned_end, p.indicator_id,
	p.milestones, p.version, p.created_at`

func (r *projectRow) project() dondoc.Project {
	p := dondoc.Project{ID: r.ID, Name: r.Name, InvestorUnitID: r.InvestorUnitID, TotalInvestment: r.TotalInvestment,
		PlannedStart: dondoc.Date(r.PlannedStart), PlannedEnd: dondoc.Date(r.PlannedEnd), IndicatorID: r.IndicatorID,
		Milestones: []dondoc.Milestone{}, Version: r.Version}
	if r.Milestones != "" {
		_ = json.Unmarshal([]byte(r.Milestones), &p.Milestones)
	}
	return p
}

// CreateProject registers a key project of an investor unit, optionally linked to the indicator
// that measures its disbursement, with its planned milestones.
func (db *DB) CreateProject(ctx context.Context, p dondoc.Project) (*dondoc.Project, error) {
	p.Name = vntext.NFC(strings.TrimSpace(p.Name))
	ms := make([]dondoc.Milestone, len(p.Milestones))
	for i, m := range p.Milestones {
		m.Name = vntext.NFC(strings.TrimSpace(m.Name))
		ms[i] = m
	}
	p.Milestones = ms
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *Tx) error {
		path, err := tx.unitPath("investor_unit_id", p.InvestorUnitID)
		if err != nil {
			return err
		}
		if !dondoc.CanManageProject(tx.actor, path) {
			return dondoc.Errorf(dondoc.EForbidden, "investor_unit_id", "Bạn không có quyền đăng ký dự án của chủ đầu tư này.",
				"You may not register projects of this investor.")
		}
		if p.IndicatorID != nil {
			if _, err := tx.indicator(*p.IndicatorID); dondoc.IsCode(err, dondoc.ENotFound) {
				return dondoc.Invalid("indicator_id", "Chỉ tiêu không tồn tại.", "Unknown indicator.")
			} else if err != nil {
				return err
			}
		}
		msJSON, err := json.Marshal(p.Milestones)
		if err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO projects (name, investor_unit_id, total_investment, planned_start, planned_end, indicator_id,
			milestones, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.Name, p.InvestorUnitID, p.TotalInvestment,
			string(p.PlannedStart), string(p.PlannedEnd), p.IndicatorID, string(msJSON), tx.now)
		if err != nil {
			return err
		}
		return tx.audit("project.create", "project", id, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return db.GetProject(ctx, id)
}

// GetProject returns a key project. Key projects are followed by the whole province, so any read
// role suffices; a caller without one finds none.
func (db *DB) GetProject(ctx context.Context, id int64) (*dondoc.Project, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !dondoc.CanReadProjects(a) {
		return nil, dondoc.NotFound("project")
	}
	var r projectRow
	if err := db.get(ctx, "project", &r, `SELECT `+projectColumns+` FROM projects p WHERE p.id = ?`, id); err != nil {
		return nil, err
	}
	p := r.project()
	return &p, nil
}

// ListProjects lists the key projects in Vietnamese name order; a caller without a read role sees
// an empty list.
func (db *DB) ListProjects(ctx context.Context) ([]dondoc.Project, error) {
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	out := []dondoc.Project{}
	if !dondoc.CanReadProjects(a) {
		return out, nil
	}
	var rows []projectRow
	if err := db.sel(ctx, &rows, `SELECT `+projectColumns+` FROM projects p ORDER BY p.name COLLATE vi, p.id`); err != nil {
		return nil, err
	}
	for i := range rows {
		out = append(out, rows[i].project())
	}
	return out, nil
}

// projectPath loads a project and its investor unit's path inside a write transaction.
func (tx *Tx) projectPath(id int64) (*dondoc.Project, string, error) {
	var r struct {
		projectRow
		Path string `db:"path"`
	}
	if err := tx.get("project", &r, `SELECT `+projectColumns+`, u.path FROM projects p JOIN units u ON u.id = p.investor_unit_id
		WHERE p.id = ?`, id); err != nil {
		return nil, "", err
	}
	p := r.project()
	return &p, r.Path, nil
}

// SetMilestones replaces a project's milestones, at the version the caller read, to record the
// day a milestone was reached or to revise the plan. Only the office or a leader over the investor
// may; the audit row keeps the milestones replaced.
func (db *DB) SetMilestones(ctx context.Context, projectID, version int64, ms []dondoc.Milestone) (*dondoc.Project, error) {
	clean := make([]dondoc.Milestone, len(ms))
	for i, m := range ms {
		m.Name = vntext.NFC(strings.TrimSpace(m.Name))
		clean[i] = m
	}
	if err := dondoc.ValidateMilestones(clean); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		p, path, err := tx.projectPath(projectID)
		if err != nil {
			return err
		}
		if !dondoc.CanReadProjects(tx.actor) {
			return dondoc.NotFound("project")
		}
		if !dondoc.CanManageProject(tx.actor, path) {
			return dondoc.Forbidden("Bạn không có quyền sửa các mốc của dự án này.", "You may not change this project's milestones.")
		}
		if p.Version != version {
			return dondoc.Stale()
		}
		msJSON, err := json.Marshal(clean)
		if err != nil {
			return err
		}
		if err := tx.bumpVersion("projects", projectID, version); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE projects SET milestones = ? WHERE id = ?`, string(msJSON), projectID); err != nil {
			return err
		}
		return tx.audit("project.milestones", "project", projectID, map[string]any{"milestones": p.Milestones},
			map[string]any{"milestones": clean})
	})
	if err != nil {
		return nil, err
	}
	return db.GetProject(ctx, projectID)
}

// disbursementRow is the stored shape of a month's disbursement.
type disbursementRow struct {
	Month   string   `db:"month"`
	Planned float64  `db:"planned"`
	Actual  *float64 `db:"actual"`
	Note    string   `db:"note"`
	Version int64    `db:"version"`
}

func (r *disbursementRow) disbursement() dondoc.Disbursement {
	return dondoc.Disbursement{Month: r.Month, Planned: r.Planned, Actual: r.Actual, Note: r.Note, Version: r.Version}
}

// SetDisbursement records a project's planned and actual disbursement for a calendar month,
// replacing what was stored for that month. The plan is the office's or a leader's over the
// investor; the investor's officers and head may report the actual figure but not change the plan.
// Every change is audited with the figures it replaced.
func (db *DB) SetDisbursement(ctx context.Context, projectID int64, month string, in dondoc.DisbursementInput) (*dondoc.Disbursement, error) {
	month = strings.TrimSpace(month)
	in.Note = vntext.NFC(strings.TrimSpace(in.Note))
	if err := dondoc.ValidateDisbursement(month, &in); err != nil {
		return nil, err
	}
	var out dondoc.Disbursement
	err := db.inTx(ctx, func(tx *Tx) error {
		_, path, err := tx.projectPath(projectID)
		if err != nil {
			return err
		}
		if !dondoc.CanReadProjects(tx.actor) {
			return dondoc.NotFound("project")
		}
		if !dondoc.CanReportDisbursement(tx.actor, path) {
			return dondoc.Forbidden("Bạn không có quyền cập nhật giải ngân của dự án này.", "You may not record this project's disbursement.")
		}
		var before *dondoc.Disbursement
		var old disbursementRow
		err = tx.get("disbursement", &old, `SELECT month, planned, actual, note, version FROM project_disbursements
			WHERE project_id = ? AND month = ?`, projectID, month)
		switch {
		case err == nil:
			d := old.disbursement()
			before = &d
		case !dondoc.IsCode(err, dondoc.ENotFound):
			return err
		}
		planned := 0.0
		if before != nil {
			planned = before.Planned
		}
		if in.Planned != nil && *in.Planned != planned {
			if !dondoc.CanManageProject(tx.actor, path) {
				return dondoc.Errorf(dondoc.EForbidden, "planned", "Chỉ văn phòng hoặc lãnh đạo được sửa kế hoạch giải ngân.",
					"Only the office or a leader may change the disbursement plan.")
			}
			planned = *in.Planned
		}
		id, err := tx.insert(`INSERT INTO project_disbursements (project_id, month, planned, actual, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (project_id, month) DO UPDATE SET planned = excluded.planned, actual = excluded.actual, note = excluded.note,
				updated_at = excluded.updated_at, version = project_disbursements.version + 1`,
			projectID, month, planned, in.Actual, in.Note, tx.now)
		if err != nil {
			return err
		}
		var r disbursementRow
		if err := tx.get("disbursement", &r, `SELECT month, planned, actual, note, version FROM project_disbursements WHERE id = ?`, id); err != nil {
			return err
		}
		out = r.disbursement()
		after := map[string]any{"project_id": projectID, "disbursement": out}
		if before == nil {
			return tx.audit("project.disbursement.create", "project", projectID, nil, after)
		}
		return tx.audit("project.disbursement.update", "project", projectID, map[string]any{"project_id": projectID, "disbursement": before}, after)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ProjectProgress judges a key project today: disbursement against plan by month with running
// totals, its milestones, and its open difficulties, which are the unanswered escalations about
// its tasks and its tasks past their deadline that the caller may read.
func (db *DB) ProjectProgress(ctx context.Context, projectID int64, threshold float64) (*dondoc.ProjectProgress, error) {
	if err := dondoc.ValidateThreshold(threshold); err != nil {
		return nil, err
	}
	p, err := db.GetProject(ctx, projectID)
	if err != nil {
		return nil, err
	}
	ds, err := db.disbursements(ctx, []int64{projectID})
	if err != nil {
		return nil, err
	}
	today := dondoc.Today(db.Now())
	pr := dondoc.ComputeProgress(*p, ds[projectID], today, threshold)
	a, _ := dondoc.RequireActor(ctx)
	if pr.Difficulties, err = db.difficulties(ctx, a, projectID, today); err != nil {
		return nil, err
	}
	return &pr, nil
}

// ProjectWatchlist lists the key projects behind plan today, by threshold (see
// dondoc.ComputeProgress), those furthest behind their cumulative plan first.
func (db *DB) ProjectWatchlist(ctx context.Context, threshold float64) ([]dondoc.ProjectProgress, error) {
	if err := dondoc.ValidateThreshold(threshold); err != nil {
		return nil, err
	}
	a, err := dondoc.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	projects, err := db.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(projects))
	for i, p := range projects {
		ids[i] = p.ID
	}
	ds, err := db.disbursements(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := dondoc.Today(db.Now())
	out := []dondoc.ProjectProgress{}
	for _, p := range projects {
		pr := dondoc.ComputeProgress(p, ds[p.ID], today, threshold)
		if !pr.Behind {
			continue
		}
		if pr.Difficulties, err = db.difficulties(ctx, a, p.ID, today); err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	slices.SortStableFunc(out, func(x, y dondoc.ProjectProgress) int {
		return cmp.Compare(x.CumActual-x.CumPlanned, y.CumActual-y.CumPlanned)
	})
	return out, nil
}

// disbursements loads the monthly disbursements of the given projects, keyed by project.
func (db *DB) disbursements(ctx context.Context, ids []int64) (map[int64][]dondoc.Disbursement, error) {
	out := map[int64][]dondoc.Disbursement{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT project_id, month, planned, actual, note, version FROM project_disbursements
		WHERE project_id IN (?) ORDER BY project_id, month`, ids)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ProjectID int64 `db:"project_id"`
		disbursementRow
	}
	if err := db.sel(ctx, &rows, q, args...); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ProjectID] = append(out[r.ProjectID], r.disbursement())
	}
	return out, nil
}

// difficulties lists a project's open difficulties that the actor may read: unanswered escalations
// about its tasks, then its open tasks past their deadline, oldest first.
func (db *DB) difficulties(ctx context.Context, a *dondoc.Actor, projectID int64, today dondoc.Date) ([]dondoc.Difficulty, error) {
	cond, args := taskRowScope(a)
	var rows []struct {
		Kind     string `db:"kind"`
		ID       int64  `db:"id"`
		TaskID   int64  `db:"task_id"`
		Title    string `db:"title"`
		UnitID   int64  `db:"unit_id"`
		UnitName string `db:"unit_name"`
		Since    string `db:"since"`
	}
	q := `SELECT 'escalation' AS kind, e.id AS id, t.id AS task_id, e.subject AS title, e.from_unit_id AS unit_id, u.name AS unit_name,
			e.raised_on AS since
		FROM escalations e JOIN tasks t ON t.id = e.task_id JOIN units u ON u.id = e.from_unit_id
		WHERE t.project_id = ? AND e.status = 'open' AND ` + cond + `
		UNION ALL
		SELECT 'overdue_task' AS kind, t.id AS id, t.id AS task_id, t.title AS title, t.lead_unit_id AS unit_id, u.name AS unit_name, t.due_on AS since
		FROM tasks t JOIN units u ON u.id = t.lead_unit_id
		WHERE t.project_id = ? AND t.status IN (?, ?, ?) AND t.due_on < ? AND ` + cond + `
		ORDER BY since, kind, id`
	all := append([]any{projectID}, args...)
	all = append(all, projectID, string(dondoc.StatusAssigned), string(dondoc.StatusInProgress), string(dondoc.StatusCompletionRequested), string(today))
	all = append(all, args...)
	if err := db.sel(ctx, &rows, q, all...); err != nil {
		return nil, err
	}
	out := make([]dondoc.Difficulty, len(rows))
	for i, r := range rows {
		since := dondoc.Date(r.Since)
		out[i] = dondoc.Difficulty{Kind: r.Kind, ID: r.ID, TaskID: r.TaskID, Title: r.Title, UnitID: r.UnitID, UnitName: r.UnitName,
			Since: since, DaysOpen: max(0, since.DaysUntil(today))}
	}
	return out, nil
}
