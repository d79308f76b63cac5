package directory

import (
	"strings"
	"testing"
)

func TestDemoOrganisationIsValidAndComplete(t *testing.T) {
	t.Parallel()
	org, err := ParseOrg(DemoYAML())
	if err != nil {
		t.Fatalf("demo organisation: %v", err)
	}
	counts := map[Role]int{}
	for _, p := range org.People {
		counts[p.Role]++
	}
	want := map[Role]int{Mayor: 1, ExecutiveViceMayor: 1, ViceMayor: 3, OfficeDirector: 1, OfficeDeputyDirector: 1, OfficeStaff: 1}
	for r, n := range want {
		if counts[r] != n {
			t.Errorf("demo has %d %s, want %d", counts[r], r, n)
		}
	}
	kinds := map[string]int{}
	for _, d := range org.Departments {
		kinds[d.Kind]++
		head, ok := org.Head(d.ID)
		if !ok {
			t.Errorf("department %s has no head", d.ID)
			continue
		}
		if _, ok := org.Person(head.Deputy); !ok {
			t.Errorf("head of %s has no deputy", d.ID)
		}
		if _, ok := org.InCharge(d.ID); !ok {
			t.Errorf("department %s has no vice mayor in charge", d.ID)
		}
	}
	if kinds[KindDepartment] < 8 || kinds[KindTown] != 2 || kinds[KindUnit] != 1 {
		t.Errorf("department kinds %v: want ≥8 departments, 2 towns, 1 unit", kinds)
	}
	if d, ok := org.FindDepartment("发改委"); !ok || d.ID != "fgw" {
		t.Errorf("FindDepartment(发改委) = %+v, %v", d, ok)
	}
}

func TestParseOrgReportsEveryProblemWithItsLine(t *testing.T) {
	t.Parallel()
	const file = `channels: {leave: C0LEAVE, documents: C0DOCS, meetings: C0MEET}
departments:
  - {id: fgw, name: 市发展和改革委员会, in_charge: U0VMLI}
  - {id: czj, name: 市财政局, in_charge: U0FGWHEAD}
  - {id: zjj, name: 市住建局, in_charge: U0NOBODY}
people:
  - {slack_id: U0MAYOR, name: 周市长, role: mayor}
  - {slack_id: U0MAYOR2, name: 吴市长, role: mayor}
  - {slack_id: U0VMLI, name: 李副市长, role: vice_mayor}
  - {slack_id: U0FGWHEAD, name: 王主任, role: department_head, department: fgw, deputy: U0GHOST}
  - {slack_id: U0FGWHEAD, name: 王主任, role: department_head, department: fgw}
  - {slack_id: U0X, name: 某人, role: chief, department: nowhere}
`
	_, err := ParseOrg([]byte(file))
	ps, ok := err.(Problems)
	if !ok {
		t.Fatalf("want Problems, got %v", err)
	}
	want := []struct {
		line int
		text string
	}{
		{1, "channels 缺少 office"},
		{4, "czj 的分管领导 U0FGWHEAD 不是副市长"},
		{8, "市长只能有一位"},
		{10, "副职 U0GHOST 不在名录中"},
		{11, "slack_id U0FGWHEAD 重复"},
		{12, "角色 “chief” 无效"},
		{12, "所在部门 nowhere 不存在"},
	}
	for _, w := range want {
		found := false
		for _, p := range ps {
			if p.Line == w.line && strings.Contains(p.Text, w.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing problem at line %d containing %q; got:\n%v", w.line, w.text, ps)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(ps), len(want), ps)
	}
}

// SPEC §3's example names U0VMWANG in charge of 周市镇 without listing
// him: it imports, with a warning naming the line, and the department has
// no vice mayor in charge until he is added.
func TestParseOrgTakesTheSpecExampleAndWarnsOfAMissingLeader(t *testing.T) {
	t.Parallel()
	const spec = `channels: {leave: C0LEAVE, documents: C0DOCS, meetings: C0MEET, office: C0OFFICE}
departments:
  - {id: fgw, name: 市发展和改革委员会, in_charge: U0VMLI}
  - {id: zhoushi, name: 周市镇, kind: town, in_charge: U0VMWANG}
people:
  - {slack_id: U0MAYOR, name: 周市长, role: mayor}
  - {slack_id: U0EXEC, name: 陈常务副市长, role: executive_vice_mayor}
  - {slack_id: U0VMLI, name: 李副市长, role: vice_mayor}
  - {slack_id: U0OFFDIR, name: 赵主任, role: office_director}
  - {slack_id: U0FGWHEAD, name: 王主任, role: department_head, department: fgw, deputy: U0FGWDEP}
  - {slack_id: U0FGWDEP, name: 钱副主任, role: staff, department: fgw}
`
	org, err := ParseOrg([]byte(spec))
	if err != nil {
		t.Fatalf("SPEC's example refused:\n%v", err)
	}
	if len(org.People) != 6 || len(org.Departments) != 2 {
		t.Errorf("%d people, %d departments; want 6 and 2", len(org.People), len(org.Departments))
	}
	if len(org.Warnings) != 1 || org.Warnings[0].Line != 4 || !strings.Contains(org.Warnings[0].Text, "zhoushi 的分管领导 U0VMWANG 不在名录中") {
		t.Errorf("warnings %v; want one at line 4 naming U0VMWANG", org.Warnings)
	}
	if p, ok := org.InCharge("fgw"); !ok || p.SlackID != "U0VMLI" {
		t.Errorf("fgw in charge: %v %v", p, ok)
	}
	if p, ok := org.InCharge("zhoushi"); ok {
		t.Errorf("zhoushi has %v in charge, want none until U0VMWANG is listed", p)
	}
	// Someone listed who is not a vice mayor is still refused.
	bad := strings.Replace(spec, "in_charge: U0VMWANG", "in_charge: U0FGWHEAD", 1)
	if _, err := ParseOrg([]byte(bad)); err == nil || !strings.Contains(err.Error(), "不是副市长") {
		t.Errorf("in_charge who is not a vice mayor: %v", err)
	}
}

func TestParseOrgRefusesGarbage(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "[1, 2]", "channels: [", "people: 3\nchannels: {}"} {
		if _, err := ParseOrg([]byte(in)); err == nil {
			t.Errorf("ParseOrg(%q) accepted", in)
		}
	}
}

func FuzzParseOrg(f *testing.F) {
	f.Add(string(DemoYAML()))
	f.Add("channels: {leave: a}\npeople:\n  - {slack_id: U1, role: mayor, deputy: U1}\n")
	f.Fuzz(func(t *testing.T, in string) {
		org, err := ParseOrg([]byte(in))
		if err == nil && org == nil {
			t.Fatal("nil org without error")
		}
	})
}

func TestParseOrgRefusesFilesThatWouldSilentlyLoseData(t *testing.T) {
	t.Parallel()
	const channels = "channels: {leave: C0LEAVE, documents: C0DOCS, meetings: C0MEET, office: C0OFFICE}\n"
	tests := []struct {
		name string
		file string
		line int
		want string
	}{
		// Importing these would deactivate every person in the database.
		{"no people key", channels, 1, "缺少 people"},
		{"empty people", channels + "departments: []\npeople: []\n", 1, "名录中没有市长"},
		{"no departments key", channels + "people:\n  - {slack_id: U0MAYOR, name: 周市长, role: mayor}\n", 1, "缺少 departments"},
		// A misspelt key would be dropped: a department without its vice
		// mayor in charge, a head without a deputy.
		{"misspelt department key", channels + "departments:\n  - {id: fgw, name: 发改委, in_chrage: U0MAYOR}\npeople:\n  - {slack_id: U0MAYOR, name: 周市长, role: mayor}\n", 3, "无法识别的字段 in_chrage"},
		{"misspelt person key", channels + "departments: []\npeople:\n  - {slack_id: U0MAYOR, name: 周市长, role: mayor, depty: U0X}\n", 4, "无法识别的字段 depty"},
		{"misspelt channel", "channels: {leave: C0LEAVE, documents: C0DOCS, meetings: C0MEET, office: C0OFFICE, ofice: C1}\ndepartments: []\npeople:\n  - {slack_id: U0MAYOR, name: 周市长, role: mayor}\n", 1, "无法识别的字段 ofice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOrg([]byte(tt.file))
			ps, ok := err.(Problems)
			if !ok {
				t.Fatalf("want Problems, got %v", err)
			}
			for _, p := range ps {
				if p.Line == tt.line && strings.Contains(p.Text, tt.want) {
					return
				}
			}
			t.Errorf("missing problem at line %d containing %q; got:\n%v", tt.line, tt.want, ps)
		})
	}
}

func TestIsDemoTellsTheDemoFromAnotherDirectory(t *testing.T) {
	t.Parallel()
	parse := func(s string) *Org {
		t.Helper()
		org, err := ParseOrg([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return org
	}
	demo := string(DemoYAML())
	replaced := parse(demo)
	for i := range replaced.People {
		replaced.People[i].Active = false // deactivated by a later import
	}
	replaced.People = append(replaced.People, Person{SlackID: "U1MAYOR", Name: "吴市长", Role: Mayor, Active: true})
	for _, c := range []struct {
		name string
		org  *Org
		want bool
	}{
		{"the demo", parse(demo), true},
		{"the demo with a person renamed", parse(strings.Replace(demo, "周市长", "吴市长", 1)), false},
		{"the demo with a department renamed", parse(strings.Replace(demo, "市商务局", "市商务委员会", 1)), false},
		{"the demo's people deactivated by another import", replaced, false},
		{"empty", &Org{}, false},
	} {
		if got := c.org.IsDemo(); got != c.want {
			t.Errorf("%s: IsDemo %v, want %v", c.name, got, c.want)
		}
	}
}
