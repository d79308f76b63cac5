package handlers

import (
	"officebot/chat"
	"officebot/directory"
)

// PersonName is the escaped name of a person, or the escaped ID when the
// directory does not know it. It looks at everyone, active or not: an
// item's history names people who have since left.
func PersonName(org *directory.Org, id string) string { return chat.Escape(PlainName(org, id)) }

// PlainName is PersonName unescaped, for what is not Slack mrkdwn (a
// calendar file).
func PlainName(org *directory.Org, id string) string {
	for _, p := range org.People {
		if p.SlackID == id {
			return p.Name
		}
	}
	return id
}
