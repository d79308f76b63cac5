// Package directory holds the organisation: people, their roles, the
// departments, towns and units they head, which vice mayor is in charge of
// which department (分工, Art. 7), and the channels the bot posts to.
//
// It is plain data and rules about it; storage/ keeps it in the database and
// the YAML importer (org.go) fills it.
package directory

import "slices"

// Role is a person's place in the government, as the directory names it.
type Role string

// The roles of SPEC §1.
const (
	Mayor                Role = "mayor"                  // 市长
	ExecutiveViceMayor   Role = "executive_vice_mayor"   // 常务副市长
	ViceMayor            Role = "vice_mayor"             // 副市长
	OfficeDirector       Role = "office_director"        // 市政府办公室主任
	OfficeDeputyDirector Role = "office_deputy_director" // 市政府办公室副主任
	OfficeStaff          Role = "office_staff"           // 市政府办公室工作人员
	DepartmentHead       Role = "department_head"        // 部门主要负责人
	TownHead             Role = "town_head"              // 区镇行政主要负责人
	UnitHead             Role = "unit_head"              // 直属单位行政主要负责人
	Staff                Role = "staff"                  // 工作人员
)

// Roles lists every valid role, in rank order.
var Roles = []Role{Mayor, ExecutiveViceMayor, ViceMayor, OfficeDirector, OfficeDeputyDirector,
	OfficeStaff, DepartmentHead, TownHead, UnitHead, Staff}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// IsViceMayor reports whether r is a vice mayor, the executive one included.
func (r Role) IsViceMayor() bool { return r == ViceMayor || r == ExecutiveViceMayor }

// IsOffice reports whether r works in the municipal government office, the
// body that registers documents and organises meetings.
func (r Role) IsOffice() bool {
	return r == OfficeDirector || r == OfficeDeputyDirector || r == OfficeStaff
}

// IsHead reports whether r is the principal head of a department, town or
// unit (行政主要负责人).
func (r Role) IsHead() bool { return r == DepartmentHead || r == TownHead || r == UnitHead }

// Department kinds.
const (
	KindDepartment = "department" // 市政府工作部门
	KindTown       = "town"       // 区镇
	KindUnit       = "unit"       // 直属单位
)

// Person is one official in the directory.
type Person struct {
	SlackID    string
	Name       string
	Role       Role
	Department string // department ID, empty for city leaders
	Deputy     string // Slack ID of the deputy who stands in (主持工作的副职)
	Title      string // optional display title, e.g. 局长
	Admin      bool
	Active     bool
}

// Department is a government department, a town or district, or a directly
// affiliated unit.
type Department struct {
	ID       string
	Name     string
	Short    string // short name officials use, e.g. 发改委
	Kind     string // KindDepartment, KindTown or KindUnit
	InCharge string // Slack ID of the vice mayor in charge (分管副市长)
}

// Channels are the Slack channels the bot posts each kind of item to.
type Channels struct {
	Leave     string
	Documents string
	Meetings  string
	Office    string
}

// Org is a snapshot of the whole directory. The zero value is an empty
// organisation.
type Org struct {
	Channels    Channels
	Departments []Department
	People      []Person
	// Warnings are what ParseOrg accepted but an administrator should
	// fix: a department whose vice mayor in charge is not in the file
	// (its heads' approvals go to the office director until they are).
	// They are not stored.
	Warnings Problems
}

// Person returns the active person with the Slack ID.
func (o *Org) Person(slackID string) (Person, bool) {
	for _, p := range o.People {
		if p.SlackID == slackID && p.Active {
			return p, true
		}
	}
	return Person{}, false
}

// Department returns the department with the ID.
func (o *Org) Department(id string) (Department, bool) {
	for _, d := range o.Departments {
		if d.ID == id {
			return d, true
		}
	}
	return Department{}, false
}

// FindDepartment finds a department by ID, full name or short name.
func (o *Org) FindDepartment(s string) (Department, bool) {
	for _, d := range o.Departments {
		if s != "" && (d.ID == s || d.Name == s || d.Short == s) {
			return d, true
		}
	}
	return Department{}, false
}

// FindPerson finds an active person by Slack ID or by name.
func (o *Org) FindPerson(s string) (Person, bool) {
	for _, p := range o.People {
		if p.Active && s != "" && (p.SlackID == s || p.Name == s) {
			return p, true
		}
	}
	return Person{}, false
}

// WithRole returns the active people who have the role.
func (o *Org) WithRole(r Role) []Person {
	var out []Person
	for _, p := range o.People {
		if p.Active && p.Role == r {
			out = append(out, p)
		}
	}
	return out
}

// First returns the first active person with the role.
func (o *Org) First(r Role) (Person, bool) {
	ps := o.WithRole(r)
	if len(ps) == 0 {
		return Person{}, false
	}
	return ps[0], true
}

// Head returns the principal head of the department: its department, town or
// unit head.
func (o *Org) Head(deptID string) (Person, bool) {
	for _, p := range o.People {
		if p.Active && p.Department == deptID && p.Role.IsHead() {
			return p, true
		}
	}
	return Person{}, false
}

// InCharge returns the vice mayor in charge of the department.
func (o *Org) InCharge(deptID string) (Person, bool) {
	d, ok := o.Department(deptID)
	if !ok || d.InCharge == "" {
		return Person{}, false
	}
	return o.Person(d.InCharge)
}

// Office returns the active people of the government office.
func (o *Org) Office() []Person {
	var out []Person
	for _, p := range o.People {
		if p.Active && p.Role.IsOffice() {
			out = append(out, p)
		}
	}
	return out
}
