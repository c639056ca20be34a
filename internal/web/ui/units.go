package ui

import (
	"context"

	"dondoc"
)

// unitNames looks up unit names for one page, asking the service once per unit however many rows
// name it.
type unitNames struct {
	org   dondoc.OrgService
	lang  lang
	names map[int64]string
	units map[int64]*dondoc.Unit
}

func newUnitNames(org dondoc.OrgService, l lang) *unitNames {
	return &unitNames{org: org, lang: l, names: map[int64]string{}, units: map[int64]*dondoc.Unit{}}
}

// unit returns the unit with the id.
func (n *unitNames) unit(ctx context.Context, id int64) (*dondoc.Unit, error) {
	if u, ok := n.units[id]; ok {
		return u, nil
	}
	u, err := n.org.GetUnit(ctx, id)
	if err != nil {
		return nil, err
	}
	n.units[id] = u
	return u, nil
}

// name returns the unit's name; a unit the service will not show is named by its number rather
// than failing the whole page.
func (n *unitNames) name(ctx context.Context, id int64) (string, error) {
	u, err := n.unit(ctx, id)
	if dondoc.IsCode(err, dondoc.ENotFound) {
		return n.lang.trf("Đơn vị số %s", itoa(id)), nil
	}
	if err != nil {
		return "", err
	}
	return u.Name, nil
}
