package ui

import (
	"cmp"
	"context"
	"net/http"

	"dondoc"
)

// reviewReport takes the unit head's approval or the assigning side's acceptance of a progress
// report, or returns it with the reason. A refusal is shown on the task page next to the report,
// with the note kept; a report changed by someone else first says who did it.
func (u *UI) reviewReport(w http.ResponseWriter, r *http.Request, v *viewer) {
	u.postTaskItem(w, r, v, taskItemForm{item: "rid", what: "progress report", anchor: "bao-cao-", fields: noteField, typed: notedForm,
		do: reviewing("progress report", "return", dondoc.Invalid("decision", "Hãy chọn duyệt hoặc trả lại.", "Choose to approve or return."),
			func(ctx context.Context, rid, version int64, d dondoc.ReviewDecision) (int64, string, error) {
				rep, err := u.s.Workflow.ReviewReport(ctx, rid, version, d)
				if err != nil {
					return 0, "", err
				}
				return rep.TaskID, cmp.Or(reportDone[rep.Status], "tra-lai-bao-cao"), nil
			}),
		place: func(data *taskView, rid int64, f inlineForm) bool {
			return placeForm(data.FollowUp.Reports, rid, f, func(x *reportView) (int64, *inlineForm) { return x.Report.ID, &x.Form })
		},
	})
}

// reportDone is the marker the task page shows after a report is approved or accepted; a report
// returned shows "tra-lai-bao-cao".
var reportDone = map[dondoc.ReportStatus]string{dondoc.ReportApproved: "duyet-bao-cao", dondoc.ReportAccepted: "tiep-nhan"}
