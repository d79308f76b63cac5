package directory

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"officebot/msg"
)

// Problem is one thing wrong with a directory file, with its line.
type Problem struct {
	Line int
	Text string // Chinese, from the message catalogue
}

func (p Problem) String() string {
	if p.Line > 0 {
		return msg.T("org.problem_at", p.Line, p.Text)
	}
	return p.Text
}

// Problems is every problem found in a directory file. It is an error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

type yamlDept struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Short    string `yaml:"short"`
	Kind     string `yaml:"kind"`
	InCharge string `yaml:"in_charge"`
}

type yamlPerson struct {
	SlackID    string `yaml:"slack_id"`
	Name       string `yaml:"name"`
	Role       string `yaml:"role"`
	Department string `yaml:"department"`
	Deputy     string `yaml:"deputy"`
	Title      string `yaml:"title"`
	Admin      bool   `yaml:"admin"`
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

// ParseOrg reads a directory YAML file (SPEC §3) and checks it whole. It
// returns Problems listing everything wrong, with lines, or the organisation.
func ParseOrg(data []byte) (*Org, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		// yaml's English text ("did not find expected key") helps nobody
		// in the office: the line and what to check do.
		line := 0
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		return nil, Problems{{Line: line, Text: msg.T("org.bad_yaml")}}
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, Problems{{Line: root.Line, Text: msg.T("org.not_mapping")}}
	}
	var (
		ps        Problems
		org       = &Org{}
		top       = root.Content[0]
		deptLines = map[string]int{}
		chanNode  *yaml.Node
		deptNodes []*yaml.Node
		pplNodes  []*yaml.Node
		seen      = map[string]bool{}
	)
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		seen[k.Value] = true
		switch k.Value {
		case "channels":
			chanNode = v
		case "departments":
			deptNodes = seq(v, &ps, "departments")
		case "people":
			pplNodes = seq(v, &ps, "people")
		default:
			ps = append(ps, Problem{k.Line, msg.T("org.unknown_key", k.Value)})
		}
	}
	// A file without them would deactivate everyone on import.
	for _, name := range []string{"departments", "people"} {
		if !seen[name] {
			ps = append(ps, Problem{top.Line, msg.T("org.missing_key", name)})
		}
	}
	if chanNode == nil {
		ps = append(ps, Problem{top.Line, msg.T("org.no_channels")})
	} else {
		unknownFields(chanNode, &ps, "leave", "documents", "meetings", "office")
		var ch map[string]string
		if err := chanNode.Decode(&ch); err != nil {
			ps = append(ps, Problem{chanNode.Line, msg.T("org.bad_channels")})
		}
		org.Channels = Channels{Leave: ch["leave"], Documents: ch["documents"], Meetings: ch["meetings"], Office: ch["office"]}
		for _, name := range []string{"leave", "documents", "meetings", "office"} {
			if strings.TrimSpace(ch[name]) == "" {
				ps = append(ps, Problem{chanNode.Line, msg.T("org.missing_channel", name)})
			}
		}
	}
	type lined[T any] struct {
		v    T
		line int
	}
	var depts []lined[yamlDept]
	for _, n := range deptNodes {
		unknownFields(n, &ps, "id", "name", "short", "kind", "in_charge")
		var d yamlDept
		if err := n.Decode(&d); err != nil {
			ps = append(ps, Problem{n.Line, msg.T("org.bad_entry", err.Error())})
			continue
		}
		d.ID, d.Name = strings.TrimSpace(d.ID), strings.TrimSpace(d.Name)
		switch {
		case d.ID == "":
			ps = append(ps, Problem{n.Line, msg.T("org.dept_no_id")})
			continue
		case d.Name == "":
			ps = append(ps, Problem{n.Line, msg.T("org.dept_no_name", d.ID)})
		}
		if l, dup := deptLines[d.ID]; dup {
			ps = append(ps, Problem{n.Line, msg.T("org.dept_dup", d.ID, l)})
			continue
		}
		if d.Kind == "" {
			d.Kind = KindDepartment
		}
		if d.Kind != KindDepartment && d.Kind != KindTown && d.Kind != KindUnit {
			ps = append(ps, Problem{n.Line, msg.T("org.dept_bad_kind", d.ID, d.Kind)})
		}
		deptLines[d.ID] = n.Line
		depts = append(depts, lined[yamlDept]{d, n.Line})
	}
	var people []lined[yamlPerson]
	personLines := map[string]int{}
	for _, n := range pplNodes {
		unknownFields(n, &ps, "slack_id", "name", "role", "department", "deputy", "title", "admin")
		var p yamlPerson
		if err := n.Decode(&p); err != nil {
			ps = append(ps, Problem{n.Line, msg.T("org.bad_entry", err.Error())})
			continue
		}
		p.SlackID, p.Name = strings.TrimSpace(p.SlackID), strings.TrimSpace(p.Name)
		if p.SlackID == "" {
			ps = append(ps, Problem{n.Line, msg.T("org.person_no_id")})
			continue
		}
		if l, dup := personLines[p.SlackID]; dup {
			ps = append(ps, Problem{n.Line, msg.T("org.person_dup", p.SlackID, l)})
			continue
		}
		personLines[p.SlackID] = n.Line
		people = append(people, lined[yamlPerson]{p, n.Line})
	}
	roleCount := map[Role][]int{}
	for _, lp := range people {
		p, line := lp.v, lp.line
		role := Role(p.Role)
		if p.Name == "" {
			ps = append(ps, Problem{line, msg.T("org.person_no_name", p.SlackID)})
		}
		if !role.Valid() {
			ps = append(ps, Problem{line, msg.T("org.bad_role", p.SlackID, p.Role)})
		}
		roleCount[role] = append(roleCount[role], line)
		if p.Department != "" {
			if _, ok := deptLines[p.Department]; !ok {
				ps = append(ps, Problem{line, msg.T("org.no_such_dept", p.SlackID, p.Department)})
			}
		} else if role.IsHead() || role == Staff {
			ps = append(ps, Problem{line, msg.T("org.needs_dept", p.SlackID)})
		}
		if p.Deputy != "" {
			if _, ok := personLines[p.Deputy]; !ok {
				ps = append(ps, Problem{line, msg.T("org.no_such_deputy", p.SlackID, p.Deputy)})
			} else if p.Deputy == p.SlackID {
				ps = append(ps, Problem{line, msg.T("org.self_deputy", p.SlackID)})
			}
		}
		org.People = append(org.People, Person{SlackID: p.SlackID, Name: p.Name, Role: role,
			Department: p.Department, Deputy: p.Deputy, Title: p.Title, Admin: p.Admin, Active: true})
	}
	for _, r := range []Role{Mayor, ExecutiveViceMayor} {
		if lines := roleCount[r]; len(lines) > 1 {
			ps = append(ps, Problem{lines[1], msg.T("org.too_many", msg.T("role."+string(r)), len(lines))})
		}
	}
	if len(roleCount[Mayor]) == 0 {
		ps = append(ps, Problem{top.Line, msg.T("org.no_mayor")})
	}
	byID := map[string]yamlPerson{}
	for _, lp := range people {
		byID[lp.v.SlackID] = lp.v
	}
	heads := map[string]int{}
	for _, lp := range people {
		if Role(lp.v.Role).IsHead() && lp.v.Department != "" {
			if l, dup := heads[lp.v.Department]; dup {
				ps = append(ps, Problem{lp.line, msg.T("org.two_heads", lp.v.Department, l)})
			}
			heads[lp.v.Department] = lp.line
		}
	}
	for _, ld := range depts {
		d := ld.v
		if d.InCharge != "" {
			p, ok := byID[d.InCharge]
			switch {
			case !ok:
				// SPEC §3's own example names a vice mayor it does not list:
				// the file imports, the department waits for its leader.
				org.Warnings = append(org.Warnings, Problem{ld.line, msg.T("org.in_charge_missing", d.ID, d.InCharge)})
			case !Role(p.Role).IsViceMayor():
				ps = append(ps, Problem{ld.line, msg.T("org.in_charge_not_vm", d.ID, d.InCharge)})
			}
		}
		org.Departments = append(org.Departments, Department(d))
	}
	if len(ps) > 0 {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
		return nil, ps
	}
	return org, nil
}

// unknownFields reports the keys of mapping n that are not in known: a
// misspelt key (in_chrage) would otherwise be dropped without a word.
func unknownFields(n *yaml.Node, ps *Problems, known ...string) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(known, k.Value) {
			*ps = append(*ps, Problem{k.Line, msg.T("org.unknown_field", k.Value, strings.Join(known, "、"))})
		}
	}
}

func seq(n *yaml.Node, ps *Problems, name string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		*ps = append(*ps, Problem{n.Line, msg.T("org.not_list", name)})
		return nil
	}
	return n.Content
}

// String describes a problem list for logs.
func (ps Problems) String() string { return fmt.Sprintf("%d problems", len(ps)) }

//go:embed demo.yaml
var demoYAML []byte

// DemoYAML returns the embedded demo organisation's directory file.
func DemoYAML() []byte { return demoYAML }

// demoOrg is the parsed demo organisation, for IsDemo (its validity is
// TestDemoOrganisationIsValidAndComplete's).
var demoOrg = sync.OnceValues(func() (*Org, error) { return ParseOrg(demoYAML) })

// IsDemo reports whether o's active people and departments are those of the
// demo organisation (DemoYAML), as the console says which one it runs on.
func (o *Org) IsDemo() bool {
	type person struct {
		id, name, dept string
		role           Role
	}
	people := func(o *Org) []person {
		var ps []person
		for _, p := range o.People {
			if p.Active {
				ps = append(ps, person{p.SlackID, p.Name, p.Department, p.Role})
			}
		}
		slices.SortFunc(ps, func(a, b person) int { return strings.Compare(a.id, b.id) })
		return ps
	}
	depts := func(o *Org) []string {
		var ds []string
		for _, d := range o.Departments {
			ds = append(ds, d.ID+"\x00"+d.Name)
		}
		slices.Sort(ds)
		return ds
	}
	demo, err := demoOrg()
	if err != nil {
		return false
	}
	return slices.Equal(people(o), people(demo)) && slices.Equal(depts(o), depts(demo))
}
