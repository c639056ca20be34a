package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dondoc"
)

// findingTaskForm turns one finding of a visit into a task: the title starts as the finding's
// words, the lead unit as the first unit visited.
type findingTaskForm struct {
	Visit    dondoc.FieldVisit
	Finding  dondoc.Finding
	Title    string
	Lead     int64
	Units    []unitOption
	Deadline string
	Key      bool
	Errors   formErrors
}

// findingTitleLength bounds the title taken from a finding; the whole finding becomes the task's
// text.
const findingTitleLength = 300

// findingTaskFields maps the domain's fields of a task to the form's inputs.
var findingTaskFields = map[string]string{"title": "title", "lead_unit_id": "lead", "deadline": "deadline",
	"deadline.date": "deadline", "assigner_unit_id": ""}

// loadFinding reads the visit and finding of the path; a finding that already became a task is a
// conflict, since it becomes one only once.
func (u *UI) loadFinding(r *http.Request) (*findingTaskForm, error) {
	id, err := visitID(r, "id")
	if err != nil {
		return nil, err
	}
	fid, err := strconv.ParseInt(r.PathValue("finding"), 10, 64)
	if err != nil || fid <= 0 {
		return nil, dondoc.Errorf(dondoc.ENotFound, "", "Không tìm thấy kết luận.", "finding not found.")
	}
	fv, err := u.s.Workflow.GetFieldVisit(r.Context(), id)
	if err != nil {
		return nil, err
	}
	for _, f := range fv.Findings {
		if f.ID == fid {
			if f.TaskID != nil {
				return nil, dondoc.Conflict("Kết luận này đã được chuyển thành nhiệm vụ.", "This finding has already become a task.")
			}
			form := &findingTaskForm{Visit: *fv, Finding: f}
			form.Units, err = u.visitUnits(r.Context())
			return form, err
		}
	}
	return nil, dondoc.Errorf(dondoc.ENotFound, "", "Không tìm thấy kết luận.", "finding not found.")
}

// showFindingTask shows the form with the title taken from the finding.
func (u *UI) showFindingTask(w http.ResponseWriter, r *http.Request, v *viewer) {
	f, err := u.loadFinding(r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	f.Title = findingTitle(f.Finding.Text)
	if len(f.Visit.UnitIDs) > 0 {
		f.Lead = f.Visit.UnitIDs[0]
	}
	u.render(w, r, http.StatusOK, view{Page: "visit-finding", Title: "Giao nhiệm vụ từ kết luận", Viewer: v, Nav: "visits", Data: f})
}

// findingTitle is the first line of a finding, cut at a word to fit a title.
func findingTitle(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if r := []rune(line); len(r) > findingTitleLength {
		cut := string(r[:findingTitleLength])
		if i := strings.LastIndex(cut, " "); i > 0 {
			cut = cut[:i]
		}
		return cut + "…"
	}
	return line
}

// findingToTask creates the task, assigned by the unit the user leads or serves as office, and
// opens it; the task's timeline records the finding it came from.
func (u *UI) findingToTask(w http.ResponseWriter, r *http.Request, v *viewer) {
	f, err := u.loadFinding(r)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	f.Title = strings.TrimSpace(r.PostFormValue("title"))
	f.Deadline = strings.TrimSpace(r.PostFormValue("deadline"))
	f.Lead, _ = strconv.ParseInt(r.PostFormValue("lead"), 10, 64)
	f.Key = r.PostFormValue("key") == "1"
	f.Errors = formErrors{}
	in := dondoc.TaskInput{Title: f.Title, LeadUnitID: f.Lead, AssignerUnitID: leaderUnit(v.Actor), Key: f.Key, Assign: true}
	switch d, ok := parseTypedDate(f.Deadline); {
	case f.Deadline == "":
		f.Errors["deadline"] = v.Lang.tr("Hãy nhập thời hạn.")
	case !ok:
		f.Errors["deadline"] = v.Lang.tr("Thời hạn phải là ngày dạng dd/mm/yyyy.")
	case d < f.Visit.Date:
		// A conclusion cannot be due before the visit that drew it.
		f.Errors["deadline"] = v.Lang.trf("Thời hạn không được trước ngày đi cơ sở (%s).", f.Visit.Date.Format())
	default:
		in.Deadline = dondoc.Deadline{Kind: dondoc.DeadlineDate, Date: d}
	}
	if f.Lead <= 0 {
		f.Errors["lead"] = v.Lang.tr("Hãy chọn đơn vị chủ trì.")
	}
	if in.AssignerUnitID == 0 {
		f.Errors[""] = v.Lang.tr("Chỉ lãnh đạo hoặc văn phòng được giao nhiệm vụ từ kết luận.")
	}
	if len(f.Errors) == 0 {
		t, err := u.s.Workflow.FindingToTask(r.Context(), f.Visit.ID, f.Finding.ID, in)
		if err == nil {
			http.Redirect(w, r, "/nhiem-vu/"+itoa(t.ID), http.StatusSeeOther)
			return
		}
		if dondoc.ErrorCode(err) == dondoc.EInternal {
			u.renderError(w, r, v, err)
			return
		}
		fields := findingTaskFields
		var e *dondoc.Error
		if errors.As(err, &e) && strings.HasPrefix(e.Field, "deadline") {
			fields = map[string]string{e.Field: "deadline"}
		}
		f.Errors = fieldErrors(v.Lang, err, fields)
	}
	u.render(w, r, http.StatusUnprocessableEntity, view{Page: "visit-finding", Title: "Giao nhiệm vụ từ kết luận", Viewer: v, Nav: "visits", Data: f})
}
