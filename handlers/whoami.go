package handlers

import (
	"context"
	"strings"

	"officebot/chat"
	"officebot/msg"
)

// Whoami is the capability that shows a person their directory entry.
func Whoami() *Capability {
	return &Capability{
		Name:     "whoami",
		Commands: []string{"whoami", "我是谁"},
		Help:     []string{"help.whoami"},
		Command:  whoami,
		ReadOnly: Always,
	}
}

// whoami shows the person's directory entry.
func whoami(_ context.Context, c *Call) (Response, error) {
	me := c.Me
	dept := msg.T("whoami.no_dept")
	if d, ok := c.Org.Department(me.Department); ok {
		dept = d.Name
	}
	lines := []string{msg.T("whoami.entry", chat.Escape(me.Name), chat.Escape(me.Title), msg.T("role."+string(me.Role)), chat.Escape(dept), me.SlackID)}
	if d, ok := c.Org.Department(me.Department); ok {
		if vm, ok := c.Org.Person(d.InCharge); ok {
			lines = append(lines, msg.T("whoami.in_charge", chat.Escape(vm.Name)))
		}
	}
	if dep, ok := c.Org.Person(me.Deputy); ok {
		lines = append(lines, msg.T("whoami.deputy", chat.Escape(dep.Name)))
	}
	var leads []string
	for _, d := range c.Org.Departments {
		if d.InCharge == me.SlackID {
			leads = append(leads, d.Name)
		}
	}
	if len(leads) > 0 {
		lines = append(lines, msg.T("whoami.leads_over", chat.Escape(strings.Join(leads, "、"))))
	}
	if me.Admin {
		lines = append(lines, msg.T("whoami.admin"))
	}
	return Reply(strings.Join(lines, "\n")), nil
}
