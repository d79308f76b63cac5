package office_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"

	"officebot/chat"
	"officebot/handlers/handlerstest"
	"officebot/storage"
	"officebot/storage/storagetest"
)

// feedAddress finds a full subscription address in a reply.
var feedAddress = regexp.MustCompile(`https://officebot\.example\.gov\.cn/calendar/([A-Za-z0-9_-]{43})\.ics`)

func homeOf(t *testing.T, b *handlerstest.Bot, user string) ([]chat.Block, string) {
	t.Helper()
	bs, err := b.Service.Home(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return bs, homeText(bs)
}

func homeButtons(bs []chat.Block, prefix string) []chat.Button {
	var out []chat.Button
	for _, bl := range bs {
		if bl.Actions == nil {
			continue
		}
		for _, bt := range bl.Actions.Buttons {
			if strings.HasPrefix(bt.ActionID, prefix) {
				out = append(out, bt)
			}
		}
	}
	return out
}

func tokens(t *testing.T, s *storage.Store) []storage.CalendarToken {
	t.Helper()
	var ts []storage.CalendarToken
	if err := s.DB.Order("id").Find(&ts).Error; err != nil {
		t.Fatal(err)
	}
	return ts
}

// /office calendar and App Home's buttons: a person with no subscription
// is offered one; reset shows the full address under OFFICEBOT_PUBLIC_URL
// once, stores only its SHA-256 (and four characters for App Home), and
// revokes the address before; App Home then shows the address as far as
// it may with 重置订阅地址 and 停用; 停用 leaves no token.
func TestCalendarSubscriptionFromOfficeCommandAndAppHome(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{PublicURL: "https://officebot.example.gov.cn"})
		mustContain(t, b.Command("U0FGWHEAD", "office", "calendar").Text(), "还没有日历订阅", "/office calendar reset")
		bs, home := homeOf(t, b, "U0FGWHEAD")
		mustContain(t, home, "日历订阅", "生成私人订阅地址")
		if bt := homeButtons(bs, "office.calendar"); len(bt) != 1 || bt[0].Label != "生成订阅地址" || bt[0].ActionID != "office.calendar_reset" {
			t.Fatalf("home buttons without a subscription: %+v", bt)
		}
		if strings.Contains(home, "OFFICEBOT_PUBLIC_URL") {
			t.Errorf("the public URL is set, yet home says it is not:\n%s", home)
		}

		first := feedAddress.FindStringSubmatch(b.Command("U0FGWHEAD", "office", "calendar reset").Text())
		if first == nil {
			t.Fatalf("no address in the reply")
		}
		ts := tokens(t, s)
		sum := sha256.Sum256([]byte(first[1]))
		if len(ts) != 1 || ts[0].SlackID != "U0FGWHEAD" || ts[0].Hash != hex.EncodeToString(sum[:]) || ts[0].Hint != first[1][:4] {
			t.Fatalf("stored %+v for token %s", ts, first[1])
		}
		bs, home = homeOf(t, b, "U0FGWHEAD")
		mustContain(t, home, "已开通", "https://officebot.example.gov.cn/calendar/"+first[1][:4]+"….ics", "只在生成时显示一次")
		if strings.Contains(home, first[1]) {
			t.Fatalf("App Home shows the whole token:\n%s", home)
		}
		bt := homeButtons(bs, "office.calendar")
		if len(bt) != 2 || bt[0].Label != "重置订阅地址" || bt[0].ActionID != "office.calendar_reset" || bt[1].Label != "停用" || bt[1].ActionID != "office.calendar_off" {
			t.Fatalf("home buttons with a subscription: %+v", bt)
		}
		mustContain(t, b.Command("U0FGWHEAD", "office", "calendar").Text(), "已开通", first[1][:4]+"…")

		// App Home's 重置: a new address; the old one is gone.
		second := feedAddress.FindStringSubmatch(b.Click("U0FGWHEAD", "office.calendar_reset", "reset").Text())
		if second == nil || second[1] == first[1] {
			t.Fatalf("reset gave %v after %s", second, first[1])
		}
		sum2 := sha256.Sum256([]byte(second[1]))
		if ts := tokens(t, s); len(ts) != 1 || ts[0].Hash != hex.EncodeToString(sum2[:]) {
			t.Fatalf("after the reset %+v", ts)
		}

		// Someone else's subscription is theirs alone.
		b.Command("U0VMLI", "office", "calendar reset")
		mustContain(t, b.Click("U0FGWHEAD", "office.calendar_off", "off").Text(), "已停用")
		if ts := tokens(t, s); len(ts) != 1 || ts[0].SlackID != "U0VMLI" {
			t.Fatalf("after 停用 %+v", ts)
		}
		mustContain(t, b.Command("U0FGWHEAD", "office", "calendar off").Text(), "还没有日历订阅")
		mustContain(t, b.Command("U0FGWHEAD", "office", "calendar 换一个").Text(), "用法：/office calendar")
		var n int64
		if err := s.DB.Model(&storage.AuditEntry{}).Where("subject = ?", "calendar:U0FGWHEAD").Count(&n).Error; err != nil || n != 3 {
			t.Errorf("audit entries %d (%v), want 2 issued and 1 revoked", n, err)
		}
	})
}

// Without OFFICEBOT_PUBLIC_URL the address is issued all the same, shown as
// its path, with a message saying what is missing; App Home says so too.
func TestCalendarAddressWithoutAPublicURLSaysWhatIsMissing(t *testing.T) {
	t.Parallel()
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		b := handlerstest.New(t, s, handlerstest.Options{})
		got := b.Command("U0FGWHEAD", "office", "calendar reset").Text()
		if !regexp.MustCompile("\n/calendar/[A-Za-z0-9_-]{43}\\.ics\n").MatchString(got) {
			t.Errorf("no path in:\n%s", got)
		}
		mustContain(t, got, "管理员尚未设置", "OFFICEBOT_PUBLIC_URL", "日历程序还无法订阅")
		_, home := homeOf(t, b, "U0FGWHEAD")
		mustContain(t, home, "OFFICEBOT_PUBLIC_URL")
		// /meeting calendar issues the same way.
		mustContain(t, b.Command("U0VMLI", "meeting", "calendar").Text(), "/calendar/", "OFFICEBOT_PUBLIC_URL")
	})
}
