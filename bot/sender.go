package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"officebot/chat"
	"officebot/clock"
	"officebot/scheduler"
)

// Sender delivers messages with the Slack Web API (chat.postMessage,
// chat.update); it implements scheduler.Sender. A direct message is posted to
// the person's user ID. Errors that retrying cannot fix are
// *scheduler.PermanentError; a *slack.RateLimitedError (HTTP 429) comes back
// as a scheduler.RetryAfterError carrying its RetryAfter (and still unwraps
// to the slack-go error).
//
// Every post of an outbox row is tagged with the row's ID as message
// metadata, so the Sender is also a scheduler.DeliveryChecker: for a row
// whose worker died mid-send it looks for that tag in the conversation
// before the outbox sends the message again.
type Sender struct {
	api *slack.Client
	// CheckLimit is how many messages Delivered reads at most in a
	// conversation's history (and again in the thread's replies) since the
	// row was first claimed; default 1000. A message further back than that
	// cannot be told apart from one never sent: it is sent again.
	CheckLimit int
}

var (
	_ scheduler.Sender          = (*Sender)(nil)
	_ scheduler.DeliveryChecker = (*Sender)(nil)
)

// NewSender returns a Sender using api.
func NewSender(api *slack.Client) *Sender { return &Sender{api: api} }

// Post posts m to channel, in the thread threadTS when it is set. A message
// with a File posts a copy of that file with the text as its comment.
func (s *Sender) Post(ctx context.Context, channel, threadTS string, m chat.Message) (string, string, error) {
	if m.Upload != nil {
		return s.postUpload(ctx, channel, threadTS, m)
	}
	if m.File != nil {
		return s.postFile(ctx, channel, threadTS, m)
	}
	opts := messageOptions(m)
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	if id, ok := scheduler.OutboxID(ctx); ok {
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{EventType: outboxEvent,
			EventPayload: map[string]any{outboxIDField: id}}))
	}
	ch, ts, err := s.api.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		return "", "", classify("chat.postMessage", channel, err)
	}
	return ch, ts, nil
}

// postFile downloads a file a person shared with the bot (files:read) and
// uploads a copy to channel (files:write), in the thread threadTS, with m's
// text as the comment. The upload answers no message ts: the copy cannot
// start a thread. A copy has no outbox tag, so a send in doubt is repeated.
func (s *Sender) postFile(ctx context.Context, channel, threadTS string, m chat.Message) (string, string, error) {
	f := m.File
	text := fallbackText(m)
	if len(f.Content) > 0 {
		return s.upload(ctx, channel, threadTS, f.Name, bytes.NewReader(f.Content), len(f.Content), text)
	}
	if f.URL == "" || f.Size > chat.MaxFileCopy {
		// Nothing to copy: say what was shared.
		m.File = nil
		return s.Post(ctx, channel, threadTS, m)
	}
	var buf bytes.Buffer
	if err := s.api.GetFileContext(ctx, f.URL, &buf); err != nil {
		// Gone, forbidden, or (slack-go's words) a redirect to the sign-in
		// page or a URL the token must not go to: trying again cannot help.
		var sc slack.StatusCodeError
		if (errors.As(err, &sc) && sc.Code >= 400 && sc.Code < 500 && sc.Code != 429) ||
			strings.Contains(err.Error(), "cannot read this file") || strings.Contains(err.Error(), "refusing to send the token") {
			return "", "", &scheduler.PermanentError{Err: fmt.Errorf("download file %s: %w", f.ID, err)}
		}
		return "", "", classify("files download", channel, err)
	}
	if buf.Len() == 0 || buf.Len() > chat.MaxFileCopy {
		m.File = nil
		return s.Post(ctx, channel, threadTS, m)
	}
	return s.upload(ctx, channel, threadTS, f.Name, &buf, buf.Len(), text)
}

// upload shares a file in channel's thread threadTS with files.uploadV2's
// three steps (files.getUploadURLExternal, the upload,
// files.completeUploadExternal), text as its comment.
func (s *Sender) upload(ctx context.Context, channel, threadTS, name string, r io.Reader, size int, text string) (string, string, error) {
	conv, err := s.conversation(ctx, channel)
	if err != nil {
		return "", "", err
	}
	f, err := s.api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: r, FileSize: size,
		Filename: name, Title: name, Channel: conv, ThreadTimestamp: threadTS, InitialComment: text})
	if err != nil {
		return "", "", classify("files upload", channel, err)
	}
	if f != nil {
		scheduler.NoteUpload(ctx, f.ID)
	}
	return conv, "", nil
}

// postUpload uploads a file the bot made to channel (files:write) with
// files upload v2 (files.getUploadURLExternal, the upload,
// files.completeUploadExternal), in the thread threadTS, with m's text as
// the comment. Like a copied file it answers no message ts.
func (s *Sender) postUpload(ctx context.Context, channel, threadTS string, m chat.Message) (string, string, error) {
	u := m.Upload
	if len(u.Data) == 0 || len(u.Data) > chat.MaxUpload {
		return "", "", &scheduler.PermanentError{Err: fmt.Errorf("upload %s: %d bytes", u.Name, len(u.Data))}
	}
	conv, err := s.conversation(ctx, channel)
	if err != nil {
		return "", "", err
	}
	title := u.Title
	if title == "" {
		title = u.Name
	}
	if _, err := s.api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: bytes.NewReader(u.Data), FileSize: len(u.Data),
		Filename: u.Name, Title: title, Channel: conv, ThreadTimestamp: threadTS, InitialComment: fallbackText(m)}); err != nil {
		return "", "", classify("files upload", channel, err)
	}
	return conv, "", nil
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
// scheduler.PermanentError, rate limits (HTTP 429) as scheduler.RateLimited
// with the delay slack-go read from Retry-After, others with context.
func classify(method, channel string, err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return scheduler.RateLimited(rl.RetryAfter, fmt.Errorf("%s %s: %w", method, channel, err))
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

// The message metadata that tags an outbox post.
const (
	outboxEvent   = "officebot_outbox"
	outboxIDField = "outbox_id"
)

// checkSkew is how far before the row's first claim Delivered looks: the
// database's clock and Slack's may disagree a little.
const checkSkew = time.Minute

// checkPage is conversations.history's page size (Slack recommends ≤ 200).
const checkPage = 200

// Delivered implements scheduler.DeliveryChecker: it looks for a message
// tagged with outboxID in channel (a person's IM, opened with
// conversations.open, for a user ID) since the row's first claim, in
// conversations.history and, for a thread post, conversations.replies of
// the thread. It answers not found only when it read everything since then;
// when there is more than CheckLimit messages, or a call fails, it returns
// an error and the outbox sends the message again. It spends at most half
// of ctx's time, leaving the rest to that send.
func (s *Sender) Delivered(ctx context.Context, channel string, outboxID uint64) (string, string, bool, error) {
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, dl.Sub(clock.System{}.Now())/2)
		defer cancel()
	}
	w, _ := scheduler.CheckWindow(ctx)
	conv, err := s.conversation(ctx, channel)
	if err != nil {
		return "", "", false, err
	}
	oldest := ""
	if !w.Since.IsZero() {
		oldest = slackTS(w.Since.Add(-checkSkew))
	}
	limit := s.CheckLimit
	if limit <= 0 {
		limit = 1000
	}
	complete := oldest != ""
	history := func(cursor string) ([]slack.Message, bool, string, error) {
		res, err := s.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: conv,
			Oldest: oldest, Limit: min(limit, checkPage), Cursor: cursor, IncludeAllMetadata: true})
		if err != nil {
			return nil, false, "", classify("conversations.history", conv, err)
		}
		return res.Messages, res.HasMore, res.ResponseMetaData.NextCursor, nil
	}
	match := func(m slack.Message) bool { return tagged(m, outboxID) }
	if w.File != "" {
		// A file copy has no tag: the bot's post of that file with that
		// comment. Text and name both, so two departments' 报告.docx differ.
		comment := fallbackText(chat.Message{Text: w.Text})
		match = func(m slack.Message) bool {
			if m.Text != comment {
				return false
			}
			for _, f := range m.Files {
				if f.Name == w.File || f.Title == w.File {
					return true
				}
			}
			return false
		}
	}
	ts, found, all, err := scan(limit, match, history)
	if err != nil || found {
		return conv, ts, found, err
	}
	complete = complete && all
	if w.ThreadTS != "" {
		replies := func(cursor string) ([]slack.Message, bool, string, error) {
			msgs, more, next, err := s.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
				ChannelID: conv, Timestamp: w.ThreadTS, Oldest: oldest, Limit: min(limit, checkPage), Cursor: cursor,
				IncludeAllMetadata: true})
			if err != nil {
				return nil, false, "", classify("conversations.replies", conv, err)
			}
			return msgs, more, next, nil
		}
		ts, found, all, err := scan(limit, match, replies)
		if err != nil || found {
			return conv, ts, found, err
		}
		complete = complete && all
	}
	if oldest == "" {
		return "", "", false, fmt.Errorf("outbox %d: not found in %s and no first claim to bound the search; cannot tell whether it was delivered", outboxID, conv)
	}
	if !complete {
		return "", "", false, fmt.Errorf("outbox %d: not found in the %d messages read in %s since %s, and there are more; cannot tell whether it was delivered",
			outboxID, limit, conv, oldest)
	}
	return "", "", false, nil
}

// scan reads pages (newest or oldest first, as the method gives them) until
// it finds a message that matches or has read limit messages. all reports
// that it read every page.
func scan(limit int, match func(slack.Message) bool, page func(cursor string) (msgs []slack.Message, more bool, next string, err error)) (ts string, found, all bool, err error) {
	cursor, read := "", 0
	for read < limit {
		msgs, more, next, err := page(cursor)
		if err != nil {
			return "", false, false, err
		}
		for _, m := range msgs {
			if match(m) {
				return m.Timestamp, true, true, nil
			}
		}
		if !more {
			return "", false, true, nil
		}
		read += len(msgs)
		if next == "" || len(msgs) == 0 {
			return "", false, false, nil // more, but no way to get it
		}
		cursor = next
	}
	return "", false, false, nil
}

// tagged reports whether m carries the outbox metadata of row id.
func tagged(m slack.Message, id uint64) bool {
	if m.Metadata.EventType != outboxEvent {
		return false
	}
	switch v := m.Metadata.EventPayload[outboxIDField].(type) {
	case float64:
		return v == float64(id)
	case json.Number:
		return v.String() == strconv.FormatUint(id, 10)
	case string:
		return v == strconv.FormatUint(id, 10)
	}
	return false
}

// conversation is where a post to channel lands: channel itself, or for a
// person's user ID their IM with the bot (conversations.open), which the
// methods that do not take a user ID need.
func (s *Sender) conversation(ctx context.Context, channel string) (string, error) {
	if !isUserID(channel) {
		return channel, nil
	}
	im, _, _, err := s.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{channel}})
	if err != nil {
		return "", classify("conversations.open", channel, err)
	}
	if im == nil || im.ID == "" {
		return "", fmt.Errorf("conversations.open %s: no channel in the answer", channel)
	}
	return im.ID, nil
}

// isUserID reports whether channel is a person (a DM is posted to the
// user ID) rather than a conversation.
func isUserID(channel string) bool {
	return strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W")
}

// slackTS formats t as a Slack timestamp.
func slackTS(t time.Time) string {
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}
