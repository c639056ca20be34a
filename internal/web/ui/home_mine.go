package ui

import (
	"context"

	"dondoc"
)

// mineView is "Việc của tôi": the open tasks of the user's units as cards, nearest deadline first,
// each with the one action expected of this user, and the next report due.
type mineView struct {
	Cards []mineCard
	// More is set when the units have more open tasks than the cards show.
	More bool
	// Next is the open task with the nearest deadline on which this user is expected to report.
	Next *mineCard
	// Asked are the difficulties the user's units raised that still wait for an answer, oldest
	// first.
	Asked []waitingRow
}

// mineCard is one task as a card: its colour and deadline, and the action expected.
type mineCard struct {
	taskRow
	// Action is the words of the one action expected, ActionURL where it is taken; Waiting says
	// what the task waits for when nothing is expected of this user.
	Action, ActionURL, Waiting string
}

// homeAskedRows bounds the open escalations read for "Khó khăn chờ trả lời".
const homeAskedRows = 100

// homeCards is how many of the user's open tasks the home page shows as cards.
const homeCards = 12

func (u *UI) mineHome(ctx context.Context, v *viewer, names *unitNames) (*mineView, error) {
	page, err := u.s.Tasks.ListTasks(ctx, dondoc.TaskFilter{Status: dondoc.OpenStatuses, Limit: homeCards})
	if err != nil {
		return nil, err
	}
	out := &mineView{More: page.NextCursor != ""}
	for _, t := range page.Items {
		lead, err := names.unit(ctx, t.LeadUnitID)
		if err != nil {
			return nil, err
		}
		assigner, err := names.unit(ctx, t.AssignerUnitID)
		if err != nil {
			return nil, err
		}
		units := dondoc.TaskUnits{LeadPath: lead.Path, AssignerPath: assigner.Path}
		c := mineCard{taskRow: taskRow{Task: t, LeadUnit: lead.Name}}
		switch {
		case t.Status == dondoc.StatusCompletionRequested:
			c.Waiting = v.Lang.tr("Chờ cơ quan giao nhiệm vụ xác nhận hoàn thành")
		case dondoc.CanSubmitReport(v.Actor, units):
			c.Action, c.ActionURL = v.Lang.tr("Báo cáo tiến độ"), "/nhiem-vu/"+itoa(t.ID)+"/bao-cao"
		default:
			c.Action, c.ActionURL = v.Lang.tr("Xem nhiệm vụ"), "/nhiem-vu/"+itoa(t.ID)
		}
		out.Cards = append(out.Cards, c)
		if out.Next == nil && c.Action != "" && c.ActionURL != "/nhiem-vu/"+itoa(t.ID) {
			next := c
			out.Next = &next
		}
	}
	asked, err := u.s.Workflow.ListEscalations(ctx, dondoc.EscalationOpen, "", homeAskedRows)
	if err != nil {
		return nil, err
	}
	// The list comes newest first; the oldest wait is the one to show first.
	for i := len(asked.Items) - 1; i >= 0; i-- {
		e := asked.Items[i]
		from, err := names.unit(ctx, e.FromUnitID)
		if hidden(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if v.Actor.HasRole(from.Path, dondoc.RoleUnitHead, dondoc.RoleUnitOfficer) {
			out.Asked = append(out.Asked, waitingRow{Title: e.Subject, URL: "/kien-nghi/" + itoa(e.ID), Days: e.DaysOutstanding})
		}
	}
	return out, nil
}
