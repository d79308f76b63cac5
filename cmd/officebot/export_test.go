package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The README's export: a month of the demo organisation written to a
// workbook that reopens with its five sheets and the month's leave.
func TestExportWritesTheMonthsWorkbook(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-11-26T10:00:00+08:00"
	stdin := "leave 出差 上海 2026-12-03 至 2026-12-05 参加长三角招商推介会\n:as U0VMLI\n:click 1\n"
	if _, _, err := runCmd(t, env, stdin, "console", "--as", "U0FGWHEAD"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "2026-12.xlsx")
	out, errOut, err := runCmd(t, env, "", "export", "--month", "2026-12", "-o", path)
	if err != nil {
		t.Fatalf("export: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "已导出2026年12月工作簿") {
		t.Errorf("export said %q", out)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "收文,发文,会议落实,请假,汇总" {
		t.Fatalf("sheets %s", got)
	}
	rows, _ := f.GetRows("请假")
	if len(rows) != 2 || rows[1][0] != "L1" || rows[1][1] != "王主任" || rows[1][3] != "出差" || rows[1][5] != "2026-12-03" || rows[1][8] != "已批准" || rows[1][9] != "李副市长" {
		t.Errorf("请假 rows %v", rows)
	}
	sum, _ := f.GetRows("汇总")
	if len(sum) < 2 || sum[0][0] != "单位" {
		t.Fatalf("汇总 rows %v", sum)
	}
	found := false
	for _, r := range sum {
		if len(r) > 15 && strings.Contains(r[0], "发展和改革") && r[15] == "1" {
			found = true
		}
	}
	if !found {
		t.Errorf("汇总 has no row of the fgw with its one leave: %v", sum)
	}
}

func TestExportRefusesBadInputInChinese(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"export"}, "请用 --month 指定月份"},
		{[]string{"export", "--month", "2026-13"}, "月份须在 1 至 12 之间"},
		{[]string{"export", "--month", "2026-Q4"}, "--month 须为一个月份"},
		{[]string{"export", "--month", "2026-12", "-o", filepath.Join(dir, "x.csv")}, "须以 .xlsx 结尾"},
	} {
		_, errOut, err := runCmd(t, testEnv(t), "", tc.args...)
		if err == nil || !strings.Contains(errOut, tc.says) {
			t.Errorf("%v: err %v, stderr %q; want %q", tc.args, err, errOut, tc.says)
		}
	}
	env := testEnv(t)
	_, errOut, err := runCmd(t, env, "", "export", "--month", "2026-12", "-o", filepath.Join(dir, "no", "such", "dir.xlsx"))
	if err == nil || !strings.Contains(errOut, "导出") {
		t.Errorf("export into a missing directory: err %v, stderr %q", err, errOut)
	}
}

// officebot export of a month that has not begun writes no file and says
// why, with a non-zero exit; a past month without records writes the file
// and says its sheets are empty.
func TestExportOfAMonthNotStartedWritesNothing(t *testing.T) {
	t.Parallel()
	env := testEnv(t)
	env["OFFICEBOT_CLOCK"] = "2026-11-26T10:00:00+08:00"
	path := filepath.Join(t.TempDir(), "2030-01.xlsx")
	_, errOut, err := runCmd(t, env, "", "export", "--month", "2030-01", "-o", path)
	if err == nil || !strings.Contains(errOut, "2030年1月尚未开始") {
		t.Fatalf("export 2030-01: err %v, stderr %q", err, errOut)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a file was written: %v", err)
	}
	path = filepath.Join(t.TempDir(), "2025-01.xlsx")
	out, errOut, err := runCmd(t, env, "", "export", "--month", "2025-01", "-o", path)
	if err != nil || !strings.Contains(out, "该期间没有收文、发文、会议落实和请假记录") {
		t.Fatalf("export 2025-01: err %v, out %q, stderr %q", err, out, errOut)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
