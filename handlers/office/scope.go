package office

import (
	"errors"
	"iter"
	"slices"

	"officebot/directory"
	"officebot/office"
)

// ErrNotAllowed: the desk is the office's and the city leaders'; a
// department head or staff member is refused (Art. 20, 30, 47: the office
// checks, urges and supervises for the government).
var ErrNotAllowed = errors.New("office: not for this person")

// Scope is what one person may see of the desk: every unit, or the units in
// a vice mayor's charge (Art. 9 分工).
type Scope struct {
	All   bool
	Units []directory.Department
}

// Everything is the whole organisation's scope: the office's, the mayor's,
// the operator's at the command line.
func Everything(org *directory.Org) Scope {
	return Scope{All: true, Units: slices.Clone(org.Departments)}
}

// ScopeOf returns what p may see: the office (office director, deputy,
// staff) and the mayor everything; a vice mayor (the executive one too) the
// units in their charge; anyone else ErrNotAllowed.
func ScopeOf(org *directory.Org, p directory.Person) (Scope, error) {
	switch {
	case p.Role.IsOffice() || p.Role == directory.Mayor:
		return Everything(org), nil
	case p.Role.IsViceMayor():
		sc := Scope{}
		for _, d := range org.Departments {
			if d.InCharge == p.SlackID {
				sc.Units = append(sc.Units, d)
			}
		}
		return sc, nil
	}
	return Scope{}, ErrNotAllowed
}

// Has reports whether the scope covers the unit.
func (sc Scope) Has(unit string) bool {
	if sc.All {
		return true
	}
	return slices.ContainsFunc(sc.Units, func(d directory.Department) bool { return d.ID == unit })
}

// filter keeps the records of the scope's units.
func (sc Scope) filter(src office.Sources) office.Sources {
	if sc.All {
		return src
	}
	return office.Sources{
		Incoming: keep(src.Incoming, func(d office.Incoming) bool { return sc.Has(d.Unit) }),
		Outgoing: keep(src.Outgoing, func(d office.Outgoing) bool { return sc.Has(d.Unit) }),
		Items:    keep(src.Items, func(a office.Item) bool { return sc.Has(a.Unit) }),
		Leave:    keep(src.Leave, func(l office.Leave) bool { return sc.Has(l.Unit) }),
	}
}

func keep[T any](seq iter.Seq[T], ok func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		if seq == nil {
			return
		}
		for v := range seq {
			if ok(v) && !yield(v) {
				return
			}
		}
	}
}
