package handlers

import (
	"officebot/chat"
	"officebot/directory"
)

// PersonName is the escaped name of a person, or the escaped ID when the
// directory does not know it. It looks at everyone, active or not: an
// item's history names people who have since left.
func PersonName(org *directory.Org, id string) string {
	for _, p := range org.People {
		if p.SlackID == id {
			return chat.Escape(p.Name)
		}
	}
	return chat.Escape(id)
}
