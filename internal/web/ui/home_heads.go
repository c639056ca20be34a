package ui

import (
	"context"

	"dondoc"
)

// headNames finds who holds accountable posts today, once per post and unit for one page. A post
// or person the user may not see, or a vacant post, gives an empty name rather than failing the
// page: the home page still shows the task.
type headNames struct {
	org    dondoc.OrgService
	byPost map[int64]string
	byUnit map[int64]string
}

func newHeadNames(org dondoc.OrgService) *headNames {
	return &headNames{org: org, byPost: map[int64]string{}, byUnit: map[int64]string{}}
}

// hidden reports whether an error only means that the name is not to be shown.
func hidden(err error) bool {
	return dondoc.IsCode(err, dondoc.ENotFound) || dondoc.IsCode(err, dondoc.EForbidden)
}

// post returns the name of the person holding the post now.
func (h *headNames) post(ctx context.Context, postID int64) (string, error) {
	if name, ok := h.byPost[postID]; ok {
		return name, nil
	}
	holdings, err := h.org.ListHoldings(ctx, postID)
	if hidden(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var name string
	for _, hd := range holdings {
		if hd.To != "" {
			continue
		}
		p, err := h.org.GetPerson(ctx, hd.PersonID)
		if hidden(err) {
			break
		}
		if err != nil {
			return "", err
		}
		name = p.FullName
	}
	h.byPost[postID] = name
	return name, nil
}

// unit returns the name of the person holding the head post of the unit now.
func (h *headNames) unit(ctx context.Context, unitID int64) (string, error) {
	if name, ok := h.byUnit[unitID]; ok {
		return name, nil
	}
	posts, err := h.org.ListPosts(ctx, unitID)
	if hidden(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var name string
	for _, p := range posts {
		if p.IsHead {
			if name, err = h.post(ctx, p.ID); err != nil {
				return "", err
			}
			break
		}
	}
	h.byUnit[unitID] = name
	return name, nil
}

// accountable returns who answers for a task: the holder of its accountable post, or else the
// head of its lead unit.
func (h *headNames) accountable(ctx context.Context, t dondoc.Task) (string, error) {
	if t.AccountablePostID != nil {
		return h.post(ctx, *t.AccountablePostID)
	}
	return h.unit(ctx, t.LeadUnitID)
}
