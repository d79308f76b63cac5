package office

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"officebot/calendar"
	"officebot/clock"
	"officebot/msg"
	"officebot/office"
	"officebot/office/chart"
)

// BoardRefresh is how often the board page reloads itself.
const BoardRefresh = 5 * time.Minute

// Board returns the office's big-screen page (督查大屏, SPEC §3: GET
// /office/board?token=…): the month's figures by unit, the on-time chart
// and the most overdue items, read-only, server-rendered in Chinese, and
// refreshing itself. A request without the token (query "token" or a
// "Bearer" header) gets 404, as if there were no page; the program
// serves it only when OFFICEBOT_BOARD_TOKEN is set.
func (s *Service) Board(token string, clk clock.Clock, cal func() *calendar.Calendar) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.URL.Query().Get("token")
		if h := r.Header.Get("Authorization"); got == "" && len(h) > 7 && h[:7] == "Bearer " {
			got = h[7:]
		}
		if token == "" || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			http.NotFound(w, r)
			return
		}
		page, err := s.boardPage(r, clk.Now(), cal())
		if err != nil {
			s.log().Error("office board", "err", err)
			http.Error(w, msg.T("office.board.failed"), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
		w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the URL
		_, _ = w.Write(page)
	})
}

type boardRow struct {
	Name                       string
	Handled, OnTime, Overdue   int
	Rate                       string
	RateValue                  float64
	HasRate                    bool
	ReportsMissing, ReportsDue int
}

type boardData struct {
	Title, Period, Updated string
	Refresh                int
	Units                  []boardRow
	Overall                boardRow
	Desk                   Desk
	Top                    []boardLine
	Chart                  template.URL
	L                      map[string]string
}

type boardLine struct{ Unit, Text, When string }

func (s *Service) boardPage(r *http.Request, now time.Time, cal *calendar.Calendar) ([]byte, error) {
	ctx := r.Context()
	org, err := s.store.Org(ctx)
	if err != nil {
		return nil, err
	}
	loc := cal.Location()
	sc := Everything(org)
	p := office.MonthOf(now.In(loc))
	f, err := s.compute(ctx, org, sc, p, now, cal)
	if err != nil {
		return nil, err
	}
	desk, err := s.desk(ctx, org, sc, now, loc)
	if err != nil {
		return nil, err
	}
	row := func(name string, g office.Figures) boardRow {
		b := boardRow{Name: name, Handled: g.Handled, OnTime: g.OnTime, Overdue: g.OverdueNow + g.ItemsOverdueNow,
			ReportsMissing: g.Reports.Missing, ReportsDue: g.Reports.Due, Rate: "—"}
		if v, ok := g.OnTimeRate(); ok {
			b.Rate, b.RateValue, b.HasRate = fmt.Sprintf("%.1f%%", v*100), v*100, true
		}
		return b
	}
	d := boardData{
		Title: msg.T("office.board.title"), Period: p.Label(), Updated: now.In(loc).Format("2006-01-02 15:04"),
		Refresh: int(BoardRefresh.Seconds()), Desk: desk, Overall: row(msg.T("office.chart.overall"), f.Report.Overall),
		L: boardLabels(),
	}
	for _, u := range f.Report.Units {
		g := u.Figures
		if g.Handled == 0 && g.OverdueNow == 0 && g.Reports.Due == 0 && g.ItemsOverdueNow == 0 && g.Received == 0 {
			continue
		}
		d.Units = append(d.Units, row(u.Unit.Name, g))
	}
	for _, l := range desk.Lines {
		if l.Overdue == 0 || len(d.Top) == 5 {
			continue
		}
		d.Top = append(d.Top, boardLine{Unit: unitName(org, l.Unit), Text: plain(l.Text), When: plain(when(l, now, cal))})
	}
	if png, err := s.Chart(f); err == nil {
		d.Chart = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	} else if !errors.Is(err, chart.ErrNoData) {
		s.log().Warn("office board chart", "err", err)
	}
	var buf bytes.Buffer
	if err := boardTemplate.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plain turns the desk's mrkdwn (escaped for Slack) into text for the page,
// which html/template escapes again.
func plain(s string) string {
	r := []rune{}
	for _, c := range s {
		if c != '*' {
			r = append(r, c)
		}
	}
	return unescapeSlack(string(r))
}

func unescapeSlack(s string) string {
	return htmlUnescaper.Replace(s)
}

var htmlUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

func boardLabels() map[string]string {
	out := map[string]string{}
	for _, k := range []string{"unit", "handled", "on_time", "rate", "overdue", "reports", "top", "none", "updated", "docs", "docs_overdue", "items", "pending", "chart"} {
		out[k] = msg.T("office.board." + k)
	}
	return out
}

var boardTemplate = template.Must(template.New("board").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="{{.Refresh}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{margin:0;padding:24px 32px;background:#0b1d33;color:#e8eef6;font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
h1{margin:0 0 4px;font-size:34px;letter-spacing:2px}
.sub{color:#9fb3c8;font-size:16px;margin-bottom:20px}
.cards{display:flex;gap:16px;margin-bottom:20px}
.card{flex:1;background:#13294b;border-radius:8px;padding:14px 18px}
.card b{display:block;font-size:34px;color:#fff}
.card.bad b{color:#ff6b6b}
.grid{display:grid;grid-template-columns:3fr 2fr;gap:20px}
table{width:100%;border-collapse:collapse;font-size:18px}
th,td{padding:8px 10px;border-bottom:1px solid #24406b;text-align:right}
th:first-child,td:first-child{text-align:left}
th{color:#9fb3c8;font-weight:normal}
tr.total td{font-weight:bold;border-top:2px solid #4a6fa5}
.bar{display:inline-block;height:10px;background:#4f8ef7;border-radius:5px;vertical-align:middle;margin-left:8px}
.low{color:#ff6b6b}
ul{list-style:none;padding:0;margin:0;font-size:17px}
li{padding:8px 0;border-bottom:1px solid #24406b}
li .u{color:#9fb3c8;margin-right:8px}
li .w{color:#ff6b6b;display:block;font-size:15px}
img{max-width:100%;background:#fff;border-radius:6px;margin-top:16px}
h2{font-size:20px;color:#9fb3c8;font-weight:normal;margin:0 0 10px}
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<div class="sub">{{.Period}} · {{.L.updated}} {{.Updated}}</div>
<div class="cards">
<div class="card"><span>{{.L.docs}}</span><b>{{.Desk.Docs}}</b></div>
<div class="card{{if .Desk.DocsOverdue}} bad{{end}}"><span>{{.L.docs_overdue}}</span><b>{{.Desk.DocsOverdue}}</b></div>
<div class="card"><span>{{.L.items}}</span><b>{{.Desk.Items}}</b></div>
<div class="card{{if .Desk.ItemsOverdue}} bad{{end}}"><span>{{.L.reports}}</span><b>{{.Desk.ItemsOverdue}}</b></div>
<div class="card"><span>{{.L.pending}}</span><b>{{.Desk.Pending}}</b></div>
<div class="card"><span>{{.L.rate}}</span><b>{{.Overall.Rate}}</b></div>
</div>
<div class="grid">
<div>
<table id="units">
<tr><th>{{.L.unit}}</th><th>{{.L.handled}}</th><th>{{.L.on_time}}</th><th>{{.L.rate}}</th><th>{{.L.overdue}}</th><th>{{.L.reports}}</th></tr>
{{range .Units}}<tr><td>{{.Name}}</td><td>{{.Handled}}</td><td>{{.OnTime}}</td><td{{if and .HasRate (lt .RateValue 80.0)}} class="low"{{end}}>{{.Rate}}{{if .HasRate}}<span class="bar" style="width:{{printf "%.0f" .RateValue}}px"></span>{{end}}</td><td>{{.Overdue}}</td><td>{{.ReportsMissing}}/{{.ReportsDue}}</td></tr>
{{else}}<tr><td colspan="6">{{$.L.none}}</td></tr>{{end}}
<tr class="total"><td>{{.Overall.Name}}</td><td>{{.Overall.Handled}}</td><td>{{.Overall.OnTime}}</td><td>{{.Overall.Rate}}</td><td>{{.Overall.Overdue}}</td><td>{{.Overall.ReportsMissing}}/{{.Overall.ReportsDue}}</td></tr>
</table>
{{if .Chart}}<img id="chart" alt="{{.L.chart}}" src="{{.Chart}}">{{end}}
</div>
<div>
<h2>{{.L.top}}</h2>
<ul id="top">{{range .Top}}<li><span class="u">{{.Unit}}</span>{{.Text}}<span class="w">{{.When}}</span></li>{{else}}<li>{{$.L.none}}</li>{{end}}</ul>
</div>
</div>
</body>
</html>
`))
