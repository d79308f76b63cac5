package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"officebot/chat"
	"officebot/scheduler"
)

// Sender delivers messages with the Slack Web API (chat.postMessage,
// chat.update); it implements scheduler.Sender. A direct message is posted to
// the person's user ID. Errors that retrying cannot fix are
// *scheduler.PermanentError; a *slack.RateLimitedError (HTTP 429) is returned
// unchanged so the caller can honour its RetryAfter.
type Sender struct {
	api *slack.Client
}

var _ scheduler.Sender = (*Sender)(nil)

// NewSender returns a Sender using api.
func NewSender(api *slack.Client) *Sender { return &Sender{api: api} }

// Post posts m to channel, in the thread threadTS when it is set.
func (s *Sender) Post(ctx context.Context, channel, threadTS string, m chat.Message) (string, string, error) {
	opts := messageOptions(m)
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	ch, ts, err := s.api.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		return "", "", classify("chat.postMessage", channel, err)
	}
	return ch, ts, nil
}

// Update replaces the message at channel and ts with m.
func (s *Sender) Update(ctx context.Context, channel, ts string, m chat.Message) error {
	if _, _, _, err := s.api.UpdateMessageContext(ctx, channel, ts, messageOptions(m)...); err != nil {
		return classify("chat.update", channel, err)
	}
	return nil
}

func messageOptions(m chat.Message) []slack.MsgOption {
	// escape=false: handlers escaped user text already; escaping again would
	// show &amp;lt; to people.
	opts := []slack.MsgOption{slack.MsgOptionText(fallbackText(m), false)}
	if bs := renderMessage(m); len(bs) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(bs...))
	}
	return opts
}

// permanentErrors are Slack error codes that the same request will meet
// again however often it is retried.
var permanentErrors = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true, "channel_is_archived": true,
	"invalid_auth": true, "not_authed": true, "account_inactive": true, "token_revoked": true,
	"token_expired": true, "no_permission": true, "missing_scope": true, "not_allowed_token_type": true,
	"user_not_found": true, "user_not_visible": true, "user_disabled": true, "cannot_dm_bot": true,
	"msg_too_long": true, "no_text": true, "invalid_blocks": true, "invalid_blocks_format": true,
	"too_many_attachments": true, "invalid_arguments": true, "restricted_action": true,
	"restricted_action_read_only_channel": true, "restricted_action_thread_only_channel": true,
	"restricted_action_non_threadable_channel": true, "team_access_not_granted": true,
	"message_not_found": true, "cant_update_message": true, "edit_window_closed": true,
	"ekm_access_denied": true, "team_not_found": true, "invalid_thread_ts": true,
}

// classify wraps a Web API error: permanent ones in a
// scheduler.PermanentError, rate limits unchanged, others with context.
func classify(method, channel string, err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return err
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && permanentErrors[se.Err] {
		return &scheduler.PermanentError{Err: fmt.Errorf("%s %s: %w", method, channel, err)}
	}
	return fmt.Errorf("%s %s: %w", method, channel, err)
}

// NewWebSender returns a Sender for the bot token, talking to apiURL (empty:
// Slack's), for commands that deliver without serving (remind --once).
func NewWebSender(token, apiURL string) *Sender {
	var opts []slack.Option
	if apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	return NewSender(slack.New(token, opts...))
}
