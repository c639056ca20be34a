package ui

import (
	"context"
	"net/http"
	"net/url"

	"dondoc"
)

// updateCoordination records a coordinating unit's status of its own part of the task, with a
// note. A refused update is shown on the task page next to that unit, with what was typed.
func (u *UI) updateCoordination(w http.ResponseWriter, r *http.Request, v *viewer) {
	u.postTaskItem(w, r, v, taskItemForm{item: "unit", what: "unit", anchor: "phoi-hop-",
		fields: map[string]string{"status": "status", "note": "note"},
		typed: func(p url.Values) inlineForm {
			return inlineForm{Note: p.Get("note"), Status: p.Get("status")}
		},
		do: func(ctx context.Context, task, unit, version int64, p url.Values) (string, error) {
			in := dondoc.CoordinationInput{Status: dondoc.Status(p.Get("status")), Note: p.Get("note")}
			if in.Status != dondoc.StatusInProgress && in.Status != dondoc.StatusDone {
				return "", dondoc.Invalid("status", "Hãy chọn “Đang thực hiện” hoặc “Hoàn thành”.", "Choose “In progress” or “Done”.")
			}
			if err := in.Validate(); err != nil {
				return "", err
			}
			_, err := u.s.Tasks.UpdateCoordination(ctx, task, version, unit, in)
			return "phoi-hop", err
		},
		place: func(data *taskView, unit int64, f inlineForm) bool {
			return placeForm(data.Coordinators, unit, f, func(x *coordinatorView) (int64, *inlineForm) { return x.UnitID, &x.Form })
		},
	})
}
