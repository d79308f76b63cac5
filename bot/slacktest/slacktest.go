// Package slacktest is a Slack Web API and Socket Mode endpoint over real
// HTTP for tests and benchmarks: it records every call (API method, form or
// JSON body, response_url posts) and answers like Slack does.
package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"officebot/bot"
)

// BotUserID is the bot's user ID auth.test answers.
const BotUserID = "UBOT"

// Call is one request the fake received.
type Call struct {
	Method string     // API method ("chat.postMessage"), or "response_url"
	Path   string     // for response_url: the path after /response/
	Form   url.Values // form-encoded bodies
	JSON   map[string]any
	Body   string
	Token  string // the bearer token (Authorization header or form "token"): tells replicas apart
	TS     string // for a chat.postMessage the fake accepted: the ts it answered with
}

// Param returns a form value, or a top-level JSON string value.
func (c Call) Param(name string) string {
	if v := c.Form.Get(name); v != "" {
		return v
	}
	if s, ok := c.JSON[name].(string); ok {
		return s
	}
	return ""
}

// Server is the fake. Its zero value is not usable; call New.
type Server struct {
	*httptest.Server
	// Record, when false, answers without recording (benchmarks).
	Record atomic.Bool
	// answered, when set, is called with every response_url post, recorded
	// or not (OnResponse).
	answered atomic.Pointer[func(path string, body []byte)]

	mu       sync.Mutex
	calls    []Call
	changed  chan struct{}
	failures map[string]string // method → Slack error code
	limited  map[string]int    // method → Retry-After seconds
	ts       int64
	now      func() time.Time // SetClock; nil: fixed fake timestamps
	lastTS   int64            // with now: the last ts handed out, in µs
	messages map[string][]Message
	files    map[string][]byte // file ID → content: uploads, and files AddFile made downloadable
	names    map[string]string // file ID → name
	shared   []Upload

	sockets  chan *Socket
	upgrader websocket.Upgrader
}

// New starts a fake Slack.
func New() *Server {
	s := &Server{changed: make(chan struct{}), failures: map[string]string{}, limited: map[string]int{},
		messages: map[string][]Message{}, files: map[string][]byte{}, names: map[string]string{}, sockets: make(chan *Socket, 16)}
	// slack-go sends Origin: https://api.slack.com.
	s.upgrader.CheckOrigin = func(*http.Request) bool { return true }
	s.Record.Store(true)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Message is a message the fake accepted (chat.postMessage), as
// conversations.history and conversations.replies serve it. Messages are
// kept only while Record is true.
type Message struct {
	Channel  string         // where it landed (a DM's IM channel, "D…")
	TS       string         // its timestamp
	ThreadTS string         // the thread it was posted in, if any
	Text     string         // the fallback text
	Metadata map[string]any // the message metadata (event_type, event_payload), if any
	Files    []string       // names of the files shared with it (an upload)
}

// Upload is a file the bot uploaded and shared (files.getUploadURLExternal,
// the upload, files.completeUploadExternal).
type Upload struct {
	FileID   string
	Name     string
	Content  []byte
	Channel  string // channel_id
	ThreadTS string
	Comment  string // initial_comment
}

// AddFile makes content downloadable as a file a person uploaded, and
// returns its private download URL (which wants the bot token).
func (s *Server) AddFile(id, name string, content []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[id], s.names[id] = content, name
	return s.URL + "/files/" + id + "/" + url.PathEscape(name)
}

// Uploads returns the files the bot shared, in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Upload(nil), s.shared...)
}

// SetClock makes message timestamps follow now (as Slack's follow real
// time), so that conversations.history's oldest and latest select them;
// without it they count up from 1700000000.000001.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Messages returns the messages the fake accepted in channel, oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages[channel]...)
}

// OnResponse calls f with the path (after /response/) and body of every
// post to a ResponseURL, also when Record is false: a benchmark learns when
// each request's answer arrived without keeping every call. f runs on the
// fake's HTTP handler goroutine and must be safe for concurrent use.
func (s *Server) OnResponse(f func(path string, body []byte)) { s.answered.Store(&f) }

// APIURL is the Web API base URL to give slack-go (SLACK_API_URL).
func (s *Server) APIURL() string { return s.URL + "/api/" }

// ResponseURL returns a response_url the fake records posts to under name.
func (s *Server) ResponseURL(name string) string { return s.URL + "/response/" + name }

// Fail makes method answer {"ok":false,"error":code}; an empty code undoes it.
func (s *Server) Fail(method, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.failures, method)
		return
	}
	s.failures[method] = code
}

// RateLimit makes method answer HTTP 429 with Retry-After seconds; 0 undoes it.
func (s *Server) RateLimit(method string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if retryAfter == 0 {
		delete(s.limited, method)
		return
	}
	s.limited[method] = retryAfter
}

// Calls returns every recorded call, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the recorded calls of one method.
func (s *Server) CallsTo(method string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until a recorded call satisfies match and returns it, or
// fails after timeout.
func (s *Server) WaitFor(timeout time.Duration, match func(Call) bool) (Call, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		for _, c := range s.calls {
			if match(c) {
				s.mu.Unlock()
				return c, nil
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			return Call{}, fmt.Errorf("no matching call within %s; calls: %v", timeout, s.Calls())
		}
	}
}

func (s *Server) record(c Call) {
	if !s.Record.Load() {
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/socket":
		s.serveSocket(w, r)
		return
	case strings.HasPrefix(r.URL.Path, "/response/"):
		body, _ := io.ReadAll(r.Body)
		c := Call{Method: "response_url", Path: strings.TrimPrefix(r.URL.Path, "/response/"), Body: string(body)}
		if f := s.answered.Load(); f != nil {
			(*f)(c.Path, body)
		}
		if s.Record.Load() {
			json.Unmarshal(body, &c.JSON)
			s.record(c)
		}
		w.Write([]byte("ok"))
		return
	case strings.HasPrefix(r.URL.Path, "/files/"):
		s.serveDownload(w, r)
		return
	case strings.HasPrefix(r.URL.Path, "/upload/"):
		s.serveUpload(w, r)
		return
	case !strings.HasPrefix(r.URL.Path, "/api/"):
		http.NotFound(w, r)
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: method, Body: string(body), Token: strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	if c.Token == "" {
		c.Token = c.Form.Get("token")
	}
	s.mu.Lock()
	code, fail := s.failures[method]
	retry, limited := s.limited[method]
	s.ts++
	ts := fmt.Sprintf("1700000000.%06d", s.ts)
	if s.now != nil {
		s.lastTS = max(s.now().UnixMicro(), s.lastTS+1)
		ts = fmt.Sprintf("%d.%06d", s.lastTS/1e6, s.lastTS%1e6)
	}
	posted := method == "chat.postMessage" && !limited && !fail && s.Record.Load()
	if posted {
		// The message is stored before the call is recorded, so a test
		// that saw the call finds the message.
		channel := imChannel(c.Param("channel"))
		m := Message{Channel: channel, TS: ts, ThreadTS: c.Param("thread_ts"), Text: c.Param("text")}
		if md := c.Param("metadata"); md != "" {
			json.Unmarshal([]byte(md), &m.Metadata)
		}
		s.messages[channel] = append(s.messages[channel], m)
		c.TS = ts
	}
	if method == "files.completeUploadExternal" && !limited && !fail && s.Record.Load() {
		// Likewise the shared file is kept before the call is recorded.
		var fs []struct {
			ID string `json:"id"`
		}
		json.Unmarshal([]byte(c.Param("files")), &fs)
		m := Message{Channel: c.Param("channel_id"), TS: ts, ThreadTS: c.Param("thread_ts"), Text: c.Param("initial_comment")}
		for _, f := range fs {
			s.shared = append(s.shared, Upload{FileID: f.ID, Name: s.names[f.ID], Content: s.files[f.ID],
				Channel: c.Param("channel_id"), ThreadTS: c.Param("thread_ts"), Comment: c.Param("initial_comment")})
			m.Files = append(m.Files, s.names[f.ID])
		}
		// As Slack does, sharing posts a message (the comment with the files).
		s.messages[m.Channel] = append(s.messages[m.Channel], m)
	}
	s.mu.Unlock()
	s.record(c)
	if limited {
		w.Header().Set("Retry-After", fmt.Sprint(retry))
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	if fail {
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return
	}
	switch method {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "user_id": BotUserID, "team": "测试政府", "team_id": "T1", "bot_id": "B1"})
	case "apps.connections.open":
		writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.URL, "http") + "/socket"})
	case "chat.postMessage":
		channel := imChannel(c.Param("channel"))
		writeJSON(w, map[string]any{"ok": true, "channel": channel, "ts": ts})
	case "conversations.open":
		id := c.Param("channel")
		if users := c.Param("users"); id == "" && users != "" && !strings.Contains(users, ",") {
			id = imChannel(users)
		}
		if id == "" {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": id}})
	case "conversations.history", "conversations.replies":
		writeJSON(w, s.history(c))
	case "files.getUploadURLExternal":
		id := fmt.Sprintf("FUP%d", s.nextID())
		s.mu.Lock()
		s.names[id] = c.Param("filename")
		s.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "upload_url": s.URL + "/upload/" + id, "file_id": id})
	case "files.completeUploadExternal":
		writeJSON(w, map[string]any{"ok": true, "files": json.RawMessage(c.Param("files"))})
	case "chat.update":
		writeJSON(w, map[string]any{"ok": true, "channel": c.Param("channel"), "ts": c.Param("ts")})
	case "views.open", "views.publish", "views.update":
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V1"}})
	default:
		writeJSON(w, map[string]any{"ok": true})
	}
}

func (s *Server) nextID() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ts++
	return s.ts
}

// serveDownload serves a file AddFile made downloadable, to the bot token
// only, as files.slack.com serves url_private_download.
func (s *Server) serveDownload(w http.ResponseWriter, r *http.Request) {
	id, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/files/"), "/")
	s.record(Call{Method: "file download", Path: id, Token: strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")})
	s.mu.Lock()
	content, ok := s.files[id]
	s.mu.Unlock()
	switch {
	case !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xoxb-"):
		http.Error(w, "forbidden", http.StatusForbidden)
	case !ok:
		http.NotFound(w, r)
	default:
		w.Write(content)
	}
}

// serveUpload takes the multipart upload to an upload_url.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer f.Close()
	content, _ := io.ReadAll(f)
	s.record(Call{Method: "file upload", Path: id, Body: string(content)})
	s.mu.Lock()
	s.files[id] = content
	s.mu.Unlock()
	w.Write([]byte("OK - " + strconv.Itoa(len(content))))
}

// imChannel is where a post to channel lands: a DM to a person's user ID
// lands in their IM channel ("U123" → "D123").
func imChannel(channel string) string {
	if strings.HasPrefix(channel, "U") {
		return "D" + channel[1:]
	}
	return channel
}

// history answers conversations.history (the channel's top-level messages,
// newest first) and conversations.replies (a thread's root and replies,
// oldest first) from the messages the fake accepted, honouring oldest,
// latest, inclusive, limit (default 100) and cursor. Metadata is returned
// only with include_all_metadata, as Slack does for an app that subscribed
// to no metadata events.
func (s *Server) history(c Call) map[string]any {
	channel, thread := c.Param("channel"), c.Param("ts")
	s.mu.Lock()
	all := append([]Message(nil), s.messages[channel]...)
	s.mu.Unlock()
	inclusive := c.Param("inclusive") == "1" || c.Param("inclusive") == "true"
	oldest, latest := micros(c.Param("oldest")), micros(c.Param("latest"))
	var picked []Message
	for _, m := range all {
		t := micros(m.TS)
		if c.Method == "conversations.replies" {
			if m.TS != thread && m.ThreadTS != thread {
				continue
			}
		} else if m.ThreadTS != "" && m.ThreadTS != m.TS {
			continue // a reply: only in its thread
		}
		if c.Param("oldest") != "" && (t < oldest || t == oldest && !inclusive) {
			continue
		}
		if c.Param("latest") != "" && (t > latest || t == latest && !inclusive) {
			continue
		}
		picked = append(picked, m)
	}
	if c.Method == "conversations.history" {
		for i, j := 0, len(picked)-1; i < j; i, j = i+1, j-1 {
			picked[i], picked[j] = picked[j], picked[i]
		}
	}
	from := 0
	if cur := c.Param("cursor"); cur != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(cur, "next:"))
		if err != nil || n < 0 || n > len(picked) {
			return map[string]any{"ok": false, "error": "invalid_cursor"}
		}
		from = n
	}
	limit, _ := strconv.Atoi(c.Param("limit"))
	if limit <= 0 || limit > 999 {
		limit = 100
	}
	to := min(from+limit, len(picked))
	out := []map[string]any{}
	for _, m := range picked[from:to] {
		o := map[string]any{"type": "message", "user": BotUserID, "bot_id": "B1", "text": m.Text, "ts": m.TS}
		if m.ThreadTS != "" {
			o["thread_ts"] = m.ThreadTS
		}
		if m.Metadata != nil && (c.Param("include_all_metadata") == "1" || c.Param("include_all_metadata") == "true") {
			o["metadata"] = m.Metadata
		}
		if len(m.Files) > 0 {
			var fs []map[string]any
			for _, n := range m.Files {
				fs = append(fs, map[string]any{"id": "F" + n, "name": n, "title": n})
			}
			o["files"] = fs
		}
		out = append(out, o)
	}
	res := map[string]any{"ok": true, "messages": out, "has_more": to < len(picked)}
	if to < len(picked) {
		res["response_metadata"] = map[string]any{"next_cursor": fmt.Sprintf("next:%d", to)}
	}
	return res
}

// micros reads a Slack timestamp ("1700000000.000123") as microseconds.
func micros(ts string) int64 {
	sec, frac, _ := strings.Cut(ts, ".")
	s, _ := strconv.ParseInt(sec, 10, 64)
	f, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	return s*1e6 + f
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// Socket is one Socket Mode connection a client opened.
type Socket struct {
	conn *websocket.Conn
	mu   sync.Mutex
	// Acks receives every envelope acknowledgement the client sends.
	Acks chan Ack
	done chan struct{}
}

// Ack is an envelope acknowledgement.
type Ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

// Sockets delivers each Socket Mode connection as it is opened, after the
// fake has sent it hello.
func (s *Server) Sockets() <-chan *Socket { return s.sockets }

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	sock := &Socket{conn: conn, Acks: make(chan Ack, 64), done: make(chan struct{})}
	if err := sock.Send(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A1"}}); err != nil {
		conn.Close()
		return
	}
	go func() {
		defer close(sock.done)
		for {
			var a Ack
			if err := conn.ReadJSON(&a); err != nil {
				return
			}
			sock.Acks <- a
		}
	}()
	s.sockets <- sock
}

// Send writes one message (an envelope) to the client.
func (k *Socket) Send(v any) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.conn.WriteJSON(v)
}

// Ping sends a WebSocket ping, as Slack does every few seconds.
func (k *Socket) Ping() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Time{})
}

// Closed is closed when the client has gone away.
func (k *Socket) Closed() <-chan struct{} { return k.done }

// Close drops the connection.
func (k *Socket) Close() error { return k.conn.Close() }

// WaitAck waits for the acknowledgement of envelope id.
func (k *Socket) WaitAck(ctx context.Context, id string) (Ack, error) {
	for {
		select {
		case a := <-k.Acks:
			if a.EnvelopeID == id {
				return a, nil
			}
		case <-ctx.Done():
			return Ack{}, fmt.Errorf("no ack of envelope %s: %w", id, ctx.Err())
		}
	}
}

// Post sends body to the bot at u as Slack sends a request: signed with the
// signing secret at the instant at, with extra headers given as name,
// value pairs. It returns the response's status and body.
func Post(t testing.TB, u, contentType, body string, at time.Time, secret string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", bot.Sign(secret, ts, []byte(body)))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(data)
}

// Buffer collects what is written to it, safe for the concurrent writes of
// a logger or a process's stderr.
type Buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
