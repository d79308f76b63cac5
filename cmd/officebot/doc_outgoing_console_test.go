package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleOutgoingWalkthrough runs the README's outgoing walk-through:
// the office's secretary drafts an office-name notice, the deputy director
// reviews it, the director signs it (Art. 52; the drafter never decides
// their own draft); the number is given and the 发文稿纸
// written with `officebot doc sheet`.
func TestConsoleOutgoingWalkthrough(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-12-07T10:00:00+08:00"
	stdin := strings.Join([]string{
		":upload 值班通知.docx doc draft 以市政府办公室名义 标题：关于做好2027年元旦春节期间值班工作的通知 文种：通知",
		":as U0OFFDEP",
		":click 1",
		":as U0OFFDIR",
		":reply D1 签发",
		"doc status D1",
	}, "\n") + "\n"
	out, _, err := runCmd(t, env, stdin, "console", "--as", "U0OFFSTAFF")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"已拟稿 D1《关于做好2027年元旦春节期间值班工作的通知》（以市政府办公室名义，第五十二条）。签批流程：林副主任（审核） → 赵主任（签发）。",
		"<@U0OFFDEP> 请审核：D1", "  [1] 审核通过", "  [2] 退回修改",
		"已审核通过 D1。", "<@U0OFFDIR> 请签发：D1", "  [1] 签发",
		"已签发 D1，文号 昆政办发〔2026〕1号",
		"【私信 U0OFFSTAFF】",
		"• 林副主任（审核）：审核通过 2026-12-07 10:00",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the walk-through lacks %q:\n%s", want, out)
		}
	}
	pdf := filepath.Join(t.TempDir(), "D1.pdf")
	sout, serr, err := runCmd(t, env, "", "doc", "sheet", "D1", "-o", pdf)
	if strings.Contains(serr, "中文字体") {
		t.Skip("no CJK font: ", serr)
	}
	if err != nil {
		t.Fatalf("doc sheet: %v %s", err, serr)
	}
	if !strings.Contains(sout, "D1 的发文稿纸已写入") {
		t.Errorf("doc sheet said %q", sout)
	}
	if st, err := os.Stat(pdf); err != nil || st.Size() == 0 {
		t.Fatalf("sheet: %v", err)
	}
	if p, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command(p, "-enc", "UTF-8", pdf, "-").Output()
		if err != nil || !strings.Contains(string(text), "昆政办发〔2026〕1号") || !strings.Contains(string(text), "林副主任") {
			t.Errorf("sheet text: %v\n%s", err, text)
		}
	}
}
