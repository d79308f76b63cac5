package bot

import (
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// parseSlashCommand reads the fields of a slash command the bot uses from
// its form body as url.ParseQuery and Values.Get read them: the first
// value of each, and an error when any pair is malformed. It unescapes
// only those fields and builds no map of the others (ParseQuery was 6 %
// of the /rules ack's CPU); a body it would have to read differently
// (semicolons, many pairs, a bad escape) goes to url.ParseQuery itself.
func parseSlashCommand(body string) (slack.SlashCommand, error) {
	var cmd slack.SlashCommand
	if strings.IndexByte(body, ';') >= 0 || strings.Count(body, "&") >= 64 {
		return parseSlashCommandSlowly(body)
	}
	var set [7]bool
	for rest := body; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if pair == "" {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(key) // no copy without escapes
		if err != nil {
			return parseSlashCommandSlowly(body)
		}
		var field *string
		i := 0
		switch key {
		case "command":
			field, i = &cmd.Command, 0
		case "text":
			field, i = &cmd.Text, 1
		case "user_id":
			field, i = &cmd.UserID, 2
		case "channel_id":
			field, i = &cmd.ChannelID, 3
		case "team_id":
			field, i = &cmd.TeamID, 4
		case "response_url":
			field, i = &cmd.ResponseURL, 5
		case "trigger_id":
			field, i = &cmd.TriggerID, 6
		}
		if field == nil || set[i] {
			if !wellEscaped(value) {
				return parseSlashCommandSlowly(body)
			}
			continue
		}
		if *field, err = url.QueryUnescape(value); err != nil {
			return parseSlashCommandSlowly(body)
		}
		set[i] = true
	}
	return cmd, nil
}

// parseSlashCommandSlowly is parseSlashCommand through url.ParseQuery.
func parseSlashCommandSlowly(body string) (slack.SlashCommand, error) {
	form, err := url.ParseQuery(body)
	return slack.SlashCommand{
		Command: form.Get("command"), Text: form.Get("text"), UserID: form.Get("user_id"),
		ChannelID: form.Get("channel_id"), TeamID: form.Get("team_id"),
		ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"),
	}, err
}

// wellEscaped reports whether url.QueryUnescape accepts s: every % starts
// two hex digits.
func wellEscaped(s string) bool {
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			return true
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return false
		}
		s = s[i+3:]
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
