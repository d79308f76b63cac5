package leave

import (
	"time"

	"officebot/directory"
)

// testOrg is a small government: the mayor, the executive vice mayor, two
// vice mayors in charge of fgw and the town of 周市, the office, and a few
// departments with the cases routing cares about.
func testOrg() *directory.Org {
	p := func(id, name string, role directory.Role, dept, deputy string) directory.Person {
		return directory.Person{SlackID: id, Name: name, Role: role, Department: dept, Deputy: deputy, Active: true}
	}
	org := &directory.Org{
		Channels: directory.Channels{Leave: "C0LEAVE", Office: "C0OFFICE"},
		Departments: []directory.Department{
			{ID: "fgw", Name: "市发展和改革委员会", Short: "发改委", Kind: directory.KindDepartment, InCharge: "U0VMLI"},
			{ID: "zhoushi", Name: "周市镇", Kind: directory.KindTown, InCharge: "U0VMWANG"},
			{ID: "orphan", Name: "市无分管局", Kind: directory.KindDepartment},
			{ID: "retired", Name: "市退休分管局", Kind: directory.KindDepartment, InCharge: "U0GONE"},
			{ID: "headless", Name: "市无主任办", Kind: directory.KindDepartment, InCharge: "U0VMLI"},
			{ID: "selfdept", Name: "市自管局", Kind: directory.KindUnit, InCharge: "U0SELF"},
		},
		People: []directory.Person{
			p("U0MAYOR", "周市长", directory.Mayor, "", ""),
			p("U0EXEC", "陈常务副市长", directory.ExecutiveViceMayor, "", ""),
			p("U0VMLI", "李副市长", directory.ViceMayor, "", ""),
			p("U0VMWANG", "王副市长", directory.ViceMayor, "", ""),
			p("U0OFFDIR", "赵主任", directory.OfficeDirector, "", "U0OFFDEP"),
			p("U0OFFDEP", "孙副主任", directory.OfficeDeputyDirector, "", ""),
			p("U0OFFSTAFF", "郑干事", directory.OfficeStaff, "", ""),
			p("U0FGWHEAD", "王主任", directory.DepartmentHead, "fgw", "U0FGWDEP"),
			p("U0FGWDEP", "钱副主任", directory.Staff, "fgw", ""),
			p("U0FGWSTAFF", "吴科员", directory.Staff, "fgw", ""),
			p("U0TOWN", "冯镇长", directory.TownHead, "zhoushi", "U0TOWNDEP"),
			p("U0TOWNDEP", "褚副镇长", directory.Staff, "zhoushi", ""),
			p("U0ORPHAN", "卫局长", directory.DepartmentHead, "orphan", ""),
			p("U0RETIREDHEAD", "蒋局长", directory.DepartmentHead, "retired", ""),
			p("U0NODEPT", "沈主任", directory.DepartmentHead, "", ""),
			p("U0LONELY", "韩科员", directory.Staff, "headless", ""),
			p("U0SELF", "杨主任", directory.UnitHead, "selfdept", ""),
		},
	}
	gone := p("U0GONE", "朱前副市长", directory.ViceMayor, "", "")
	gone.Active = false
	org.People = append(org.People, gone)
	return org
}

// date returns the Shanghai date of "2006-01-02".
func date(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// at returns the Shanghai instant of "2006-01-02 15:04".
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// days returns the whole days from start to end.
func days(start, end string) Period { return Period{Start: date(start), End: date(end)} }
