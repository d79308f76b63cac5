package leave_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"

	"officebot/chat"
	"officebot/directory"
	"officebot/handlers"
	"officebot/handlers/handlerstest"
	handlersmeeting "officebot/handlers/meeting"
	"officebot/leave"
	"officebot/scheduler"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// After a meeting is scheduled over a pending request, the requester is
// asked for the deputy with a format to answer in (Art. 57 ¶2), and names
// them by a reply in the request's thread: the deputy is recorded on the
// request, noted in the thread and audited; chatter, other people's words,
// unknown names and people of another unit change nothing. When the mayor
// approves, the office director gets the attendee change naming the deputy
// and the deputy is told.
func TestRequesterNamesTheDeputyInTheThread(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		n := len(b.outbox())
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算 参会：发改委"})
		ask, ok := find(b.since(n), func(m chat.Message) bool { return m.Channel == "U0FGWHEAD" && m.ItemKey == r.Key() })
		if !ok {
			t.Fatal("the requester was not asked for a deputy")
		}
		mustContainIn(t, "the ask", text(ask), "代为参会：@姓名", "/leave deputy "+r.Key()+" @姓名")

		for _, tc := range []struct{ who, reply, want string }{
			{"U0FGWHEAD", "钱副主任代为参会可以吗？", ""},        // a question is conversation
			{"U0VMLI", "由钱副主任代为参会", ""},              // only the requester names the deputy
			{"U0FGWHEAD", "由张三代为参会", "张三"},           // not in the directory
			{"U0FGWHEAD", "由吴副局长代为参会", "不是您所在单位的人员"}, // another unit's deputy
		} {
			resp := b.reply(tc.who, r.Key(), tc.reply)
			if tc.want != "" {
				mustContainIn(t, tc.reply, resp.Text(), tc.want)
			}
			if got := b.get(r.Key()); got.Deputy != "" {
				t.Fatalf("%s %q recorded deputy %s", tc.who, tc.reply, got.Deputy)
			}
		}

		n = len(b.outbox())
		resp := b.reply("U0FGWHEAD", r.Key(), "由 <@U0FGWDEP> 代为参会。")
		mustContainIn(t, "recorded", resp.Text(), "已记录", "钱副主任", "常务会议")
		got := b.get(r.Key())
		if got.Deputy != "U0FGWDEP" || got.State != leave.Pending {
			t.Fatalf("after naming: %+v", got)
		}
		note, ok := find(b.since(n), func(m chat.Message) bool { return m.InThread && m.ItemKey == r.Key() })
		if !ok {
			t.Fatal("no note in the thread")
		}
		mustContainIn(t, "thread note", text(note), "王主任 委派 钱副主任 代为参会", "第五十七条第二款")
		var audited bool
		for _, e := range b.audit(r.Key()) {
			audited = audited || e.Action == "leave.deputy"
		}
		if !audited {
			t.Fatal("no leave.deputy audit entry")
		}

		n = len(b.outbox())
		b.click("U0MAYOR", "leave.approve", r.Key())
		var od, dep string
		for _, m := range b.since(n) {
			switch m.Channel {
			case "U0OFFDIR":
				od = text(m)
			case "U0FGWDEP":
				dep = text(m)
			}
		}
		mustContainIn(t, "office director's attendee change", od, "不出席", "由 钱副主任 代为参会")
		mustContainIn(t, "deputy's notice", dep, "王主任", "委派您代为参加", "常务会议")
	})
}

// A deputy named with /leave deputy after the leave was approved is
// reported to the office director (与会人员名单报送) and told; nobody but the
// requester can name one, and a settled request takes none.
func TestDeputyNamedByCommandAfterApproval(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		b.click(r.Approver, "leave.approve", r.Key())
		n := len(b.outbox())
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算 参会：发改委"})
		dm, _ := find(b.since(n), func(m chat.Message) bool { return m.Channel == "U0FGWHEAD" && m.ItemKey == r.Key() })
		mustContainIn(t, "requester told of the meeting", text(dm), "第五十七条第二款", "/leave deputy "+r.Key())

		resp := b.leave("U0VMLI", "deputy "+r.Key()+" @钱副主任")
		mustContainIn(t, "someone else", resp.Text(), "只有请假人本人")
		resp = b.leave("U0FGWHEAD", "deputy "+r.Key())
		mustContainIn(t, "no deputy", resp.Text(), "用法")
		if got := b.get(r.Key()); got.Deputy != "" {
			t.Fatalf("deputy recorded by a refused command: %+v", got)
		}

		n = len(b.outbox())
		resp = b.leave("U0FGWHEAD", "deputy "+r.Key()+" <@U0FGWDEP|钱副主任>")
		mustContainIn(t, "recorded", resp.Text(), "已记录", "钱副主任")
		if got := b.get(r.Key()); got.Deputy != "U0FGWDEP" || got.State != leave.Approved {
			t.Fatalf("after naming: %+v", got)
		}
		var od, dep string
		for _, m := range b.since(n) {
			switch m.Channel {
			case "U0OFFDIR":
				od = text(m)
			case "U0FGWDEP":
				dep = text(m)
			}
		}
		mustContainIn(t, "office director", od, "与会人员名单报送", "王主任", "由 钱副主任 代为参会", "常务会议")
		mustContainIn(t, "deputy", dep, "委派您代为参加", "常务会议")
		post, ok := find(b.since(n), func(m chat.Message) bool { return m.ItemKey == "M1" && m.Update })
		if !ok {
			t.Fatal("the meeting's post was not updated when the deputy was named")
		}
		mustContainIn(t, "meeting post", text(post), "钱副主任（代王主任）")

		resp = b.leave("U0FGWHEAD", "deputy "+r.Key()+" 钱副主任")
		mustContainIn(t, "again", resp.Text(), "已是申请")

		b.leave("U0FGWHEAD", "cancel "+r.Key()+" 行程取消")
		resp = b.leave("U0FGWHEAD", "deputy "+r.Key()+" 钱副主任")
		if !strings.Contains(resp.Text(), r.Key()) || b.get(r.Key()).State != leave.Revoked {
			t.Fatalf("a revoked request took a deputy: %s", resp.Text())
		}
	})
}

// homeText is the person's App Home as text.
func (b *bot) homeText(user string) string {
	b.t.Helper()
	bs, err := b.svc.Home(context.Background(), user)
	if err != nil {
		b.t.Fatal(err)
	}
	var lines []string
	for _, bl := range bs {
		if bl.Section != nil {
			lines = append(lines, bl.Section.Text)
		}
	}
	return strings.Join(lines, "\n")
}

// runJob runs one of the program's jobs at the instant and returns what it
// queued.
func (b *bot) runJob(name string, now time.Time) []chat.Message {
	b.t.Helper()
	n := len(b.outbox())
	b.clk.Set(now)
	sch := scheduler.New(scheduler.Deps{Store: b.s, Clock: b.clk, Location: handlerstest.Shanghai, Log: handlerstest.Discard()},
		handlerstest.Job(b.s, name))
	if err := sch.RunPass(context.Background(), now); err != nil {
		b.t.Fatal(err)
	}
	return b.since(n)
}

// When a head's meeting absence is approved with a deputy named, the
// meeting sits with the deputy in the head's place (Art. 57 ¶2): /meeting
// status lists 钱副主任（代王主任）, a meeting scheduled later invites the
// deputy instead, App Home shows the meeting to the deputy (代 王主任 参会)
// and to the head (由 钱副主任 代为参会), and the reminders the day before
// and the hour before go to the deputy, not the head.
func TestApprovedAbsenceSeatsTheDeputyInTheMeeting(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算 参会：发改委"})
		resp := b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "status M1"})
		if strings.Contains(resp.Text(), "代王主任") {
			t.Fatalf("deputy shown before the leave is approved:\n%s", resp.Text())
		}
		b.reply("U0FGWHEAD", r.Key(), "代为参会：<@U0FGWDEP>")
		n := len(b.outbox())
		b.click("U0MAYOR", "leave.approve", r.Key())
		if got := b.get(r.Key()); got.State != leave.Approved || got.Deputy != "U0FGWDEP" {
			t.Fatalf("leave: %+v", got)
		}
		// The meeting's post in the channel is updated in the approval's
		// transaction (the leave capability's absence hook).
		post, ok := find(b.since(n), func(m chat.Message) bool { return m.ItemKey == "M1" && m.Update })
		if !ok {
			t.Fatal("the meeting's post was not updated when the absence was approved")
		}
		mustContainIn(t, "meeting post", text(post), "钱副主任（代王主任）")

		resp = b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "status M1"})
		mustContainIn(t, "/meeting status", resp.Text(), "钱副主任（代王主任）")
		resp = b.do(handlers.Request{User: "U0FGWDEP", Command: "meeting", Text: "status M1"})
		mustContainIn(t, "/meeting status by the deputy", resp.Text(), "钱副主任（代王主任）")

		n = len(b.outbox())
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "市长办公会议 2026-12-05 09:00 二楼会议室 议题：招商 参会：发改委"})
		var toDeputy, toHead []string
		for _, m := range b.since(n) {
			if m.ItemKey != "M2" {
				continue
			}
			switch m.Channel {
			case "U0FGWDEP":
				toDeputy = append(toDeputy, text(m))
			case "U0FGWHEAD":
				toHead = append(toHead, text(m))
			}
		}
		if len(toHead) != 0 || len(toDeputy) == 0 {
			t.Fatalf("invitation of M2: deputy %q, head %q", toDeputy, toHead)
		}
		mustContainIn(t, "deputy's invitation", toDeputy[0], "王主任 已获准请假", "委派您代为参会")

		mustContainIn(t, "deputy's App Home", b.homeText("U0FGWDEP"), "M1", "（代 王主任 参会）", "M2")
		mustContainIn(t, "head's App Home", b.homeText("U0FGWHEAD"), "M1", "由 钱副主任 代为参会")

		for _, tc := range []struct{ job, at string }{
			{"meetings.day_before", "2026-12-03 15:00"},
			{"meetings.hour_before", "2026-12-04 08:00"},
		} {
			var deputy, head int
			got := b.runJob(tc.job, handlerstest.At(tc.at))
			for _, m := range got {
				if m.ItemKey != "M1" {
					continue
				}
				switch m.Channel {
				case "U0FGWDEP":
					deputy++
				case "U0FGWHEAD":
					head++
				}
			}
			if deputy != 1 || head != 0 {
				t.Fatalf("%s: %d reminders to the deputy, %d to the head; want 1, 0", tc.job, deputy, head)
			}
		}

		// Revoked, the leave no longer seats the deputy.
		b.clk.Set(start)
		n = len(b.outbox())
		b.leave("U0FGWHEAD", "cancel "+r.Key()+" 行程取消")
		post, ok = find(b.since(n), func(m chat.Message) bool { return m.ItemKey == "M1" && m.Update })
		if !ok || strings.Contains(text(post), "代王主任") {
			t.Fatalf("meeting post after the revocation (found %v):\n%s", ok, text(post))
		}
		resp = b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "status M1"})
		if strings.Contains(resp.Text(), "代王主任") {
			t.Fatalf("status after the revocation:\n%s", resp.Text())
		}
	})
}

// feedOf reads the person's calendar subscription (/calendar/<token>.ics)
// through the feed's HTTP handler, with a token issued by /meeting
// calendar.
func (b *bot) feedOf(user string) *ical.Calendar {
	b.t.Helper()
	m := regexp.MustCompile(`/calendar/([A-Za-z0-9_-]{43})\.ics`).FindStringSubmatch(b.Command(user, "meeting", "calendar").Text())
	if m == nil {
		b.t.Fatalf("no calendar address for %s", user)
	}
	rec := httptest.NewRecorder()
	handlersmeeting.New(b.s).Feed(b.clk).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/calendar/"+m[1]+".ics", nil))
	if rec.Code != http.StatusOK {
		b.t.Fatalf("feed of %s: %d %s", user, rec.Code, rec.Body)
	}
	cal, err := ical.ParseCalendar(strings.NewReader(rec.Body.String()))
	if err != nil {
		b.t.Fatalf("feed of %s: %v\n%s", user, err, rec.Body)
	}
	return cal
}

// feedEvent is the event of the item (M1) in the feed, if there is one.
func feedEvent(cal *ical.Calendar, key string) (*ical.VEvent, bool) {
	for _, ev := range cal.Events() {
		if ev.Id() == key+"@officebot.invalid" {
			return ev, true
		}
	}
	return nil, false
}

// A head's approved absence with a deputy reaches the calendar
// subscriptions (Art. 57 ¶2): the deputy's feed carries the meeting, its
// attendees naming 钱副主任（代王主任） as /meeting status does; the head's
// keeps it marked 【请假，钱副主任代为参会】 as free time with no alarm. Before
// the approval the deputy's feed has no such meeting.
func TestCalendarFeedSeatsTheDeputyAndMarksTheAbsentHead(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算 参会：发改委"})
		b.reply("U0FGWHEAD", r.Key(), "代为参会：<@U0FGWDEP>")
		if _, ok := feedEvent(b.feedOf("U0FGWDEP"), "M1"); ok {
			t.Fatal("the deputy's feed has the meeting before the leave is approved")
		}
		b.click("U0MAYOR", "leave.approve", r.Key())
		if got := b.get(r.Key()); got.State != leave.Approved {
			t.Fatalf("leave: %+v", got)
		}

		ev, ok := feedEvent(b.feedOf("U0FGWDEP"), "M1")
		if !ok {
			t.Fatal("the deputy's feed lacks the meeting they attend in the head's place")
		}
		var names []string
		for _, a := range ev.Attendees() {
			names = append(names, strings.Join(a.ICalParameters["CN"], ","))
			if a.Email() == "U0FGWHEAD@officebot.invalid" {
				t.Errorf("the absent head is still an attendee: %s", a.Value)
			}
		}
		if !slices.Contains(names, "钱副主任（代王主任）") {
			t.Fatalf("deputy's feed attendees %q, want 钱副主任（代王主任）", names)
		}
		if p := ev.GetProperty(ical.ComponentPropertySummary); p == nil || strings.Contains(p.Value, "请假") {
			t.Fatalf("deputy's feed summary %v", p)
		}

		ev, ok = feedEvent(b.feedOf("U0FGWHEAD"), "M1")
		if !ok {
			t.Fatal("the head's feed lost the meeting; it should show it as not attending")
		}
		if p := ev.GetProperty(ical.ComponentPropertySummary); p == nil || !strings.HasPrefix(p.Value, "【请假，钱副主任代为参会】") {
			t.Fatalf("head's feed summary %v", p)
		}
		if p := ev.GetProperty(ical.ComponentProperty(ical.PropertyTransp)); p == nil || p.Value != "TRANSPARENT" {
			t.Fatalf("head's feed event takes their time: TRANSP %v", p)
		}
		if len(ev.Alarms()) != 0 {
			t.Fatalf("head's feed event rings %d alarms", len(ev.Alarms()))
		}
	})
}

// When the requester replaces the deputy of approved leave with another,
// the deputy named before is told they no longer attend in the head's
// place (Art. 57 ¶2), and the new one is told they do; the reminders then
// go to the new deputy alone.
func TestReplacedDeputyIsToldTheyNoLongerAttend(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := newBot(t, s)
		org, err := directory.ParseOrg(directory.DemoYAML())
		if err != nil {
			t.Fatal(err)
		}
		org.People = append(org.People, directory.Person{SlackID: "U0FGWSTAFF", Name: "孙处长", Role: directory.Staff,
			Department: "fgw", Title: "处长", Active: true})
		if _, err := s.ImportOrg(context.Background(), org, "system", start); err != nil {
			t.Fatal(err)
		}
		b.leave("U0FGWHEAD", shanghaiTrip)
		r := b.only()
		b.do(handlers.Request{User: "U0OFFSTAFF", Command: "meeting", Text: "常务会议 2026-12-04 09:00 三楼会议室 议题：预算 参会：发改委"})
		b.reply("U0FGWHEAD", r.Key(), "代为参会：<@U0FGWDEP>")
		b.click("U0MAYOR", "leave.approve", r.Key())
		if got := b.get(r.Key()); got.State != leave.Approved || got.Deputy != "U0FGWDEP" {
			t.Fatalf("leave: %+v", got)
		}

		n := len(b.outbox())
		resp := b.leave("U0FGWHEAD", "deputy "+r.Key()+" <@U0FGWSTAFF>")
		mustContainIn(t, "recorded", resp.Text(), "已记录", "孙处长")
		if got := b.get(r.Key()); got.Deputy != "U0FGWSTAFF" {
			t.Fatalf("after replacing: %+v", got)
		}
		var old, next []string
		for _, m := range b.since(n) {
			switch m.Channel {
			case "U0FGWDEP":
				old = append(old, text(m))
			case "U0FGWSTAFF":
				next = append(next, text(m))
			}
		}
		if len(old) != 1 || len(next) != 1 {
			t.Fatalf("messages to the old deputy %q, to the new %q; want one each", old, next)
		}
		mustContainIn(t, "old deputy", old[0], "王主任", r.Key(), "已改由 孙处长 代为参会", "您不再代其参加", "常务会议", "第五十七条第二款")
		mustContainIn(t, "new deputy", next[0], "委派您代为参加", "常务会议")

		var toOld, toNew int
		for _, m := range b.runJob("meetings.day_before", handlerstest.At("2026-12-03 15:00")) {
			if m.ItemKey != "M1" {
				continue
			}
			switch m.Channel {
			case "U0FGWDEP":
				toOld++
			case "U0FGWSTAFF":
				toNew++
			}
		}
		if toOld != 0 || toNew != 1 {
			t.Fatalf("reminders: %d to the old deputy, %d to the new; want 0, 1", toOld, toNew)
		}
	})
}
