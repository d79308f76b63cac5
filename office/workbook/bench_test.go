package workbook_test

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"officebot/calendar"
	"officebot/leave"
	"officebot/meeting"
	"officebot/office"
	"officebot/office/workbook"
)

// month makes a month of n records (40% incoming, 20% outgoing, 30% action
// items, 10% leave) generated as they are read, as storage's sources are.
func month(n int) office.Sources {
	unit := func(i int) string { return fmt.Sprintf("u%02d", i%40) }
	day := func(i int) time.Time { return d(fmt.Sprintf("2026-12-%02d", 1+i%28)) }
	return office.Sources{
		Incoming: func(yield func(office.Incoming) bool) {
			for i := range n * 4 / 10 {
				x := office.Incoming{Key: fmt.Sprintf("D%d", i), Number: fmt.Sprintf("昆政办收〔2026〕%d号", i+1),
					Title: "关于推进重点项目建设有关事项的请示", Type: "请示", From: unit(i + 1), Unit: unit(i),
					Received: day(i), Assigned: day(i), Due: day(i + 8), State: "办理中"}
				if i%3 != 0 {
					x.Closed, x.State = day(i+7+i%3), "已办结"
				}
				if !yield(x) {
					return
				}
			}
		},
		Outgoing: func(yield func(office.Outgoing) bool) {
			for i := range n * 2 / 10 {
				if !yield(office.Outgoing{Key: fmt.Sprintf("D%d", 1_000_000+i), Number: fmt.Sprintf("昆政发〔2026〕%d号", i+1),
					Title: "关于印发工作方案的通知", Kind: "政府发文", Unit: unit(i), Drafted: day(i), Issued: day(i + 3), State: "已签发"}) {
					return
				}
			}
		},
		Items: func(yield func(office.Item) bool) {
			for i := range n * 3 / 10 {
				x := office.Item{Key: fmt.Sprintf("A%d", i), Meeting: "2026年第12次常务会议", MeetingDate: day(0), Unit: unit(i),
					Task: "落实会议议定事项并书面报告", Due: day(i), State: meeting.ItemOpen}
				if i%2 == 0 {
					x.Reported, x.State = day(i+i%4), meeting.ItemReported
				}
				if !yield(x) {
					return
				}
			}
		},
		Leave: func(yield func(office.Leave) bool) {
			for i := range n / 10 {
				if !yield(office.Leave{Key: fmt.Sprintf("L%d", i), Person: "王主任", Unit: unit(i), Kind: leave.Kinds[i%5],
					Destination: "上海", Start: day(i), End: day(i + 2), Days: 3, State: leave.Approved, Approver: "李副市长"}) {
					return
				}
			}
		},
	}
}

// peak samples the heap in use while f runs and returns its highest value.
func peak(f func()) uint64 {
	var top atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > top.Load() {
				top.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return top.Load()
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*counter)(nil)

// BenchmarkExport exports a month of 10,000, 100,000 and 300,000 items
// (computing the report, then streaming the sheets) and reports the peak
// heap in use and the workbook's size: the peak should not grow with the
// items. Run once: go test -run XXX -bench Export -benchtime 1x ./office/workbook
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 300_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) { benchmarkExport(b, n) })
	}
}

func benchmarkExport(b *testing.B, n int) {
	src := month(n)
	cal := calendar.New(sh, nil)
	p := office.Params{Period: office.Period{Span: office.Month, Year: 2026, N: 12}, Now: time.Date(2026, 12, 31, 10, 0, 0, 0, sh), Calendar: cal}
	var top uint64
	var size int64
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	for b.Loop() {
		top = max(top, peak(func() {
			rep := office.Compute(src, p)
			var w counter
			if _, err := workbook.Write(&w, rep, src, workbook.Options{Location: sh}); err != nil {
				b.Fatal(err)
			}
			size = w.n
		}))
	}
	b.ReportMetric(float64(top)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(base.HeapInuse)/(1<<20), "base-heap-MB")
	b.ReportMetric(float64(size)/(1<<20), "xlsx-MB")
	b.ReportMetric(float64(n), "items")
}
