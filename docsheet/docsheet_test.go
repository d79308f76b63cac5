package docsheet_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"officebot/approval"
	"officebot/directory"
	"officebot/docsheet"
	"officebot/document"
	"officebot/fonts"
)

var shanghai = time.FixedZone("CST", 8*3600)

func sheet() docsheet.Sheet {
	at := func(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 30, 0, 0, shanghai) }
	return docsheet.Sheet{
		Issuer: document.Government, Number: "昆政发〔2026〕12号",
		Title: "关于印发昆山市2027年重点项目计划的通知（这是一个很长的标题，用来检查标题在稿纸上能够自动换行而不丢字）",
		Kind:  "通知", Unit: "市发展和改革委员会", Drafter: "王主任", Secrecy: "秘密", Urgency: "特急", Version: 2,
		CoSign: []docsheet.Signature{{Who: "财政局 孙局长", Action: "同意", At: at(1, 10)},
			{Who: "住建局 郑局长", Action: "同意", Comment: "请补充老旧小区改造资金来源", At: at(1, 11)}},
		Check:  []docsheet.Signature{{Who: "林副主任", Action: "核稿通过", At: at(2, 9)}},
		Review: []docsheet.Signature{{Who: "李副市长", Action: "审核通过", At: at(2, 15)}, {Who: "王副市长", Action: "审核通过", At: at(3, 9)}},
		Sign:   []docsheet.Signature{{Who: "周市长", Action: "签发", Comment: "同意印发", At: at(3, 16)}},
		Date:   at(3, 16),
	}
}

// pdfText renders the sheet and reads it back with pdftotext (poppler-utils).
func pdfText(t *testing.T, s docsheet.Sheet) string {
	t.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils): the PDF cannot be read back")
	}
	var buf bytes.Buffer
	if err := docsheet.Write(&buf, s, nil, shanghai); errors.Is(err, fonts.ErrNotFound) {
		t.Skip("no CJK font installed (apt-get install fonts-wqy-microhei): ", err)
	} else if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestTheSheetIsReadBackWithTheNumberAndEverySigner(t *testing.T) {
	t.Parallel()
	text := strings.Join(strings.Fields(pdfText(t, sheet())), "")
	for _, want := range []string{"昆山市人民政府发文稿纸", "昆政发〔2026〕12号", "周市长", "李副市长", "王副市长", "林副主任",
		"孙局长", "郑局长", "王主任", "市发展和改革委员会", "签发", "审核", "会签", "核稿", "秘密", "特急", "第2稿",
		"请补充老旧小区改造资金来源", "2026-12-0316:30", "用来检查标题在稿纸上能够自动换行而不丢字"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}

func TestAnOfficeSheetBeforeItsNumber(t *testing.T) {
	t.Parallel()
	s := docsheet.Sheet{Issuer: document.Office, Title: "关于做好元旦春节期间值班工作的通知", Kind: "通知",
		Unit: "市政府办公室", Drafter: "赵主任", Version: 1,
		Review: []docsheet.Signature{{Who: "林副主任"}}, Sign: []docsheet.Signature{{Who: "赵主任"}}}
	text := strings.Join(strings.Fields(pdfText(t, s)), "")
	for _, want := range []string{"昆山市人民政府办公室发文稿纸", "签发后编号", "林副主任待办", "赵主任待办"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}

func TestTheSameSheetRendersTheSameBytes(t *testing.T) {
	t.Parallel()
	font, err := docsheet.Font(nil)
	if err != nil {
		t.Skip("no CJK font installed: ", err)
	}
	var a, b bytes.Buffer
	if err := docsheet.Render(&a, sheet(), font, shanghai); err != nil {
		t.Fatal(err)
	}
	if err := docsheet.Render(&b, sheet(), font, shanghai); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) || !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) {
		t.Error("two renderings of one sheet differ, or are not a PDF")
	}
}

func TestAMissingOrBrokenFontIsAClearError(t *testing.T) {
	t.Parallel()
	missing := func(string) string { return "/nonexistent/font.ttf" }
	if err := docsheet.Write(&bytes.Buffer{}, sheet(), missing, shanghai); err == nil || !strings.Contains(err.Error(), fonts.Env) {
		t.Errorf("a font path naming no file: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.ttf")
	if err := os.WriteFile(junk, []byte("not a font at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := docsheet.Font(func(string) string { return junk }); err != nil && !errors.Is(err, docsheet.ErrNoFont) {
		t.Errorf("a junk font file: %v", err)
	}
	if err := docsheet.Render(&bytes.Buffer{}, sheet(), []byte("\x00\x01\x00\x00junk"), shanghai); err == nil {
		t.Error("rendering with a broken font succeeded")
	}
}

func TestFromOutgoingNamesEverySigner(t *testing.T) {
	t.Parallel()
	org, err := directory.ParseOrg(directory.DemoYAML())
	if err != nil {
		t.Fatal(err)
	}
	d := document.Draft{Issuer: document.Government, Title: "关于印发昆山市2027年重点项目计划的通知", Kind: "通知",
		Areas: []string{"fgw", "zjj"}, CoSign: []string{"czj"}, Drafter: "U0FGWHEAD", Unit: "fgw", Urgency: "特急"}
	p, err := document.PlanChain(d, org)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	o := document.NewOutgoing(d, p, at)
	steps := []struct {
		who    string
		action approval.Action
		note   string
	}{{"U0CZJHEAD", approval.Approve, ""}, {"U0OFFDEP", approval.Approve, ""}, {"U0VMWANG", approval.Return, "请补充住建局意见"}}
	for _, s := range steps {
		if o.Chain, _, err = o.Chain.Decide(s.who, s.action, s.note, at); err != nil {
			t.Fatal(err)
		}
	}
	s := docsheet.FromOutgoing(o, org)
	if s.Unit != "市发展和改革委员会" || s.Drafter != "王主任" || len(s.CoSign) != 1 || s.CoSign[0].Who != "财政局 孙局长" ||
		s.CoSign[0].Action != "同意" || s.Check[0].Action != "核稿通过" || len(s.Review) != 2 || s.Sign[0].Who != "周市长" || s.Sign[0].Action != "" {
		t.Fatalf("sheet %+v", s)
	}
	var wang docsheet.Signature
	for _, r := range s.Review {
		if r.Who == "王副市长" {
			wang = r
		}
	}
	if wang.Action != "退回修改" || wang.Comment != "请补充住建局意见" {
		t.Fatalf("the return: %+v", wang)
	}
}
