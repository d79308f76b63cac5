package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"officebot/approval"
	"officebot/document"
	"officebot/storage"
)

// TestDocSheetWritesTheSignedSheet drafts an office-name notice in the
// demo organisation, has it reviewed and signed, and writes its 发文稿纸
// with `officebot doc sheet`, read back with pdftotext.
func TestDocSheetWritesTheSignedSheet(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	if _, _, err := runCmd(t, env, "whoami\n", "console", "--as", "U0OFFDIR"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	store, err := storage.Open(ctx, env["OFFICEBOT_DB"], slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	org, err := store.Org(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := document.Draft{Issuer: document.Office, Title: "关于做好2027年元旦春节期间值班工作的通知", Kind: "通知", Drafter: "U0OFFSTAFF"}
	p, err := document.PlanChain(d, org)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	o := document.NewOutgoing(d, p, at)
	err = store.Tx(ctx, func(tx *storage.Tx) error {
		if err := tx.DraftOutgoing(&o); err != nil {
			return err
		}
		if o.Chain, _, err = o.Chain.Decide("U0OFFDEP", approval.Approve, "", at); err != nil {
			return err
		}
		if o.Chain, _, err = o.Chain.Decide("U0OFFDIR", approval.Sign, "同意印发", at.Add(time.Hour)); err != nil {
			return err
		}
		if _, err := tx.MoveOutgoing(o); err != nil {
			return err
		}
		return tx.NumberOutgoing(&o, 2026, at)
	})
	store.Close()
	if err != nil {
		t.Fatal(err)
	}

	pdf := filepath.Join(t.TempDir(), "sheet.pdf")
	out, errOut, err := runCmd(t, env, "", "doc", "sheet", o.Key(), "-o", pdf)
	if strings.Contains(errOut, "找不到可用的中文字体") {
		t.Skip("no CJK font installed: ", errOut)
	}
	if err != nil || !strings.Contains(out, pdf) {
		t.Fatalf("doc sheet: %v\n%s%s", err, out, errOut)
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	text, err := exec.Command(pdftotext, "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(text)), "")
	for _, want := range []string{"昆政办发〔2026〕1号", "昆山市人民政府办公室发文稿纸", "林副主任", "赵主任", "审核通过", "同意印发", "2026-12-0711:00"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the sheet lacks %q:\n%s", want, flat)
		}
	}

	for _, args := range [][]string{{"doc"}, {"doc", "sheet", "D1"}, {"doc", "sheet", "X1", "-o", pdf}, {"doc", "sheet", "D99", "-o", pdf}} {
		if _, errOut, err := runCmd(t, env, "", args...); err == nil || errOut == "" {
			t.Errorf("%v: %v %q", args, err, errOut)
		}
	}
	if _, err := os.Stat(pdf); err != nil {
		t.Errorf("the sheet was removed by a failed run: %v", err)
	}
}
