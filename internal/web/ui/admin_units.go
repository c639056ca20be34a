package ui

import (
	"context"
	"net/http"
	"strings"
	"time"

	"dondoc"
)

// unitKindLabels are the words for the kinds of unit.
var unitKindLabels = map[dondoc.UnitKind]string{
	dondoc.KindProvince:         "Tỉnh",
	dondoc.KindPartyCommittee:   "Cấp ủy",
	dondoc.KindPartyBoard:       "Ban, đảng đoàn, ban cán sự",
	dondoc.KindPeoplesCouncil:   "Hội đồng nhân dân",
	dondoc.KindPeoplesCommittee: "Ủy ban nhân dân",
	dondoc.KindDepartment:       "Sở, ban, ngành",
	dondoc.KindDistrict:         "Huyện, thị xã, thành phố",
	dondoc.KindCommune:          "Xã, phường, thị trấn",
	dondoc.KindMassOrg:          "Mặt trận, đoàn thể",
	dondoc.KindOffice:           "Văn phòng",
	dondoc.KindOther:            "Khác",
}

// unitItem is a unit as the administration lists show it.
type unitItem struct {
	Unit dondoc.Unit
	Kind string
	// Children counts the units directly under it, so that the list says where the tree goes on.
	Children int
}

// unitsView is the unit tree's first level, or the units whose names match a search.
type unitsView struct {
	Q     string
	Units []unitItem
	Error string
}

// showUnits lists the top of the unit tree, or with q the units whose names match it, accents
// or not.
func (u *UI) showUnits(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !canAdminister(v.Actor) {
		u.renderError(w, r, v, adminForbidden())
		return
	}
	ctx := r.Context()
	data := &unitsView{Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	status := http.StatusOK
	units, err := u.allUnits(ctx, data.Q)
	if err == nil {
		data.Units, err = u.unitItems(ctx, v.Lang, units, data.Q == "")
	}
	if err != nil {
		if dondoc.ErrorCode(err) != dondoc.EInvalid {
			u.renderError(w, r, v, err)
			return
		}
		status, data.Error = http.StatusBadRequest, v.Lang.errorText(err)
	}
	u.render(w, r, status, view{Page: "admin-units", Title: "Đơn vị", Viewer: v, Nav: "admin", Data: data})
}

// allUnits returns every unit whose name matches q, or every unit when q is empty.
func (u *UI) allUnits(ctx context.Context, q string) ([]dondoc.Unit, error) {
	if err := dondoc.OptionalText("q", q, 200); err != nil {
		return nil, err
	}
	var out []dondoc.Unit
	f := dondoc.UnitFilter{Q: q, Limit: dondoc.MaxPageSize}
	for {
		page, err := u.s.Org.ListUnits(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out, nil
		}
		f.Cursor = page.NextCursor
	}
}

// unitItems names the kinds and counts the children of units. With rootsOnly it keeps the units
// whose parent is not among them, the top of the tree the user sees.
func (u *UI) unitItems(_ context.Context, l lang, units []dondoc.Unit, rootsOnly bool) ([]unitItem, error) {
	children := map[int64]int{}
	known := map[int64]bool{}
	for _, x := range units {
		known[x.ID] = true
		if x.ParentID != nil {
			children[*x.ParentID]++
		}
	}
	var out []unitItem
	for _, x := range units {
		if rootsOnly && x.ParentID != nil && known[*x.ParentID] {
			continue
		}
		out = append(out, unitItem{Unit: x, Kind: l.tr(unitKindLabels[x.Kind]), Children: children[x.ID]})
	}
	return out, nil
}

// postView is a post with the people who hold it now.
type postView struct {
	Post    dondoc.Post
	Holders []string
}

// unitView is one unit: where it sits, the units under it, and its posts with their holders.
type unitView struct {
	Unit     dondoc.Unit
	Kind     string
	Parent   *dondoc.Unit
	Children []unitItem
	Posts    []postView
}

// showUnit shows one unit of the tree.
func (u *UI) showUnit(w http.ResponseWriter, r *http.Request, v *viewer) {
	if !canAdminister(v.Actor) {
		u.renderError(w, r, v, adminForbidden())
		return
	}
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		u.renderError(w, r, v, dondoc.NotFound("unit"))
		return
	}
	data, err := u.unitPage(ctx, v.Lang, id)
	if err != nil {
		u.renderError(w, r, v, err)
		return
	}
	u.render(w, r, http.StatusOK, view{Page: "admin-unit", Title: data.Unit.Name, Viewer: v, Nav: "admin", Data: data})
}

func (u *UI) unitPage(ctx context.Context, l lang, id int64) (*unitView, error) {
	unit, err := u.s.Org.GetUnit(ctx, id)
	if err != nil {
		return nil, err
	}
	data := &unitView{Unit: *unit, Kind: l.tr(unitKindLabels[unit.Kind])}
	if unit.ParentID != nil {
		if p, err := u.s.Org.GetUnit(ctx, *unit.ParentID); err == nil {
			data.Parent = p
		} else if !dondoc.IsCode(err, dondoc.ENotFound) && !dondoc.IsCode(err, dondoc.EForbidden) {
			return nil, err
		}
	}
	f := dondoc.UnitFilter{ParentID: &id, Limit: dondoc.MaxPageSize}
	for {
		page, err := u.s.Org.ListUnits(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			data.Children = append(data.Children, unitItem{Unit: c, Kind: l.tr(unitKindLabels[c.Kind])})
		}
		if page.NextCursor == "" {
			break
		}
		f.Cursor = page.NextCursor
	}
	posts, err := u.s.Org.ListPosts(ctx, id)
	if err != nil {
		return nil, err
	}
	today := dondoc.Today(time.Now())
	for _, p := range posts {
		pv := postView{Post: p}
		holdings, err := u.s.Org.ListHoldings(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, h := range holdings {
			if h.From > today || (h.To.Valid() && h.To < today) {
				continue
			}
			person, err := u.s.Org.GetPerson(ctx, h.PersonID)
			if err != nil {
				return nil, err
			}
			pv.Holders = append(pv.Holders, person.FullName)
		}
		data.Posts = append(data.Posts, pv)
	}
	return data, nil
}
