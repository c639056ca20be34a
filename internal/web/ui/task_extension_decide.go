package ui

import (
	"context"
	"net/http"

	"dondoc"
)

// decideExtension grants or refuses an extension request on behalf of the assigning side. A
// refusal needs its reason; a refused form is shown on the task page next to the request.
func (u *UI) decideExtension(w http.ResponseWriter, r *http.Request, v *viewer) {
	u.postTaskItem(w, r, v, taskItemForm{item: "xid", what: "extension", fields: noteField, typed: notedForm,
		do: reviewing("extension", "reject", dondoc.Invalid("decision", "Hãy chọn đồng ý hoặc không đồng ý.", "Choose to grant or refuse."),
			func(ctx context.Context, xid, version int64, d dondoc.ReviewDecision) (int64, string, error) {
				x, err := u.s.Workflow.DecideExtension(ctx, xid, version, d)
				if err != nil {
					return 0, "", err
				}
				if x.Status == dondoc.ExtensionApproved {
					return x.TaskID, "dong-y-gia-han", nil
				}
				return x.TaskID, "khong-gia-han", nil
			}),
		place: func(data *taskView, xid int64, f inlineForm) bool {
			return placeForm(data.FollowUp.Extensions, xid, f, func(x *extensionView) (int64, *inlineForm) { return x.Extension.ID, &x.Form })
		},
	})
}
