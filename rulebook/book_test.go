package rulebook

import (
	"os"
	"strings"
	"testing"
)

func TestDefaultParsesKunshanRules(t *testing.T) {
	b := Default()
	if b.Title != KunshanTitle {
		t.Errorf("Title = %q", b.Title)
	}
	if len(b.Articles) != 61 {
		t.Fatalf("%d articles, want 61", len(b.Articles))
	}
	for i, a := range b.Articles {
		if a.Number != i+1 || a.Title != articleTitle(i+1) {
			t.Errorf("article %d: Number %d Title %q", i+1, a.Number, a.Title)
		}
		if a.Text == "" || strings.HasPrefix(a.Text, "第") || strings.ContainsAny(a.Text[:3], " \t") {
			t.Errorf("article %d: text %q", a.Number, a.Text)
		}
	}
	wantChapters := []string{"一、总则", "二、组成人员职责", "三、全面履行政府职能", "四、实行科学民主决策",
		"五、坚持依法行政", "六、推进政务公开", "七、健全监督制度", "八、加强廉政建设", "九、会议制度",
		"十、公文审批", "十一、作风纪律"}
	if got := b.ChapterTitles(); strings.Join(got, "|") != strings.Join(wantChapters, "|") {
		t.Errorf("chapters = %v", got)
	}
	if !strings.HasPrefix(b.Notice, "市政府关于印发昆山市人民政府工作规则的通知") || !strings.Contains(b.Notice, "2017年8月3日") {
		t.Errorf("Notice = %q", b.Notice)
	}
	if strings.Contains(b.Articles[60].Text, "抄送") {
		t.Errorf("distribution list leaked into article 61: %q", b.Articles[60].Text)
	}
}

func TestKunshanArticles(t *testing.T) {
	tests := []struct {
		n          int
		chapter    string
		paragraphs int
		items      []int // items per paragraph
		starts     string
	}{
		{1, "一、总则", 1, []int{0}, "昆山市第十七届"},
		{3, "一、总则", 1, []int{0}, "市政府工作的准则"},
		{4, "二、组成人员职责", 1, []int{0}, "市政府组成人员必须"},
		{9, "二、组成人员职责", 2, []int{0, 0}, "市政府各委、办主任"},
		{17, "四、实行科学民主决策", 3, []int{0, 0, 0}, "全市经济和社会发展规划"},
		{39, "九、会议制度", 1, []int{0}, "市政府实行全体会议"},
		{40, "九、会议制度", 3, []int{0, 4, 0}, "市政府全体会议由市长"},
		{41, "九、会议制度", 3, []int{0, 7, 0}, "市政府常务会议由市长"},
		{48, "十、公文审批", 3, []int{0, 0, 0}, "报送市政府审批的公文"},
		{54, "十、公文审批", 1, []int{0}, "市政府及各部门要切实提高公文办理"},
		{57, "十一、作风纪律", 2, []int{0, 0}, "严格执行请销假和考勤制度"},
		{61, "十一、作风纪律", 1, []int{0}, "本规则自发布之日起执行"},
	}
	b := Default()
	for _, tt := range tests {
		a, ok := b.Article(tt.n)
		if !ok {
			t.Fatalf("article %d missing", tt.n)
		}
		if a.Chapter != tt.chapter {
			t.Errorf("article %d: chapter %q, want %q", tt.n, a.Chapter, tt.chapter)
		}
		if len(a.Paragraphs) != tt.paragraphs {
			t.Errorf("article %d: %d paragraphs, want %d", tt.n, len(a.Paragraphs), tt.paragraphs)
			continue
		}
		for i, p := range a.Paragraphs {
			if len(p.Items) != tt.items[i] {
				t.Errorf("article %d ¶%d: %d items, want %d", tt.n, i+1, len(p.Items), tt.items[i])
			}
		}
		if !strings.HasPrefix(a.Text, tt.starts) {
			t.Errorf("article %d starts %q", tt.n, a.Text[:min(len(a.Text), 30)])
		}
	}
	a57, _ := b.Article(57)
	if !strings.HasPrefix(a57.Paragraphs[1].Text, "市政府全体会议、常务会议、市长办公会议等重要会议") {
		t.Errorf("57 ¶2 = %q", a57.Paragraphs[1].Text)
	}
	a48, _ := b.Article(48)
	if strings.HasSuffix(a48.Paragraphs[1].Text, " ") {
		t.Errorf("trailing spaces kept in 48 ¶2")
	}
	for _, n := range []int{0, -1, 62} {
		if _, ok := b.Article(n); ok {
			t.Errorf("Article(%d) found", n)
		}
	}
	if got := b.Citation(57); got != "《昆山市人民政府工作规则》第五十七条" {
		t.Errorf("Citation = %q", got)
	}
}

func TestParseChapterShapedRegulation(t *testing.T) {
	text, err := os.ReadFile("testdata/sample-regulation.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("", string(text))
	if err != nil {
		t.Fatal(err)
	}
	if b.Title != "某市行政规范性文件管理办法" || b.Notice != "" {
		t.Errorf("Title %q Notice %q", b.Title, b.Notice)
	}
	if got := strings.Join(b.ChapterTitles(), "|"); got != "第一章 总则|第二章 制定程序|第三章 附则" {
		t.Errorf("chapters %q", got)
	}
	if len(b.Articles) != 5 {
		t.Fatalf("%d articles, want 5", len(b.Articles))
	}
	tests := []struct {
		n, paragraphs int
		chapter       string
		items         int // items of the first paragraph
	}{
		{1, 1, "第一章 总则", 0},
		{2, 2, "第一章 总则", 0}, // "第三条规定的…" is text, not an article
		{3, 2, "第二章 制定程序", 3},
		{4, 1, "第二章 制定程序", 0},
		{5, 1, "第三章 附则", 0},
	}
	for _, tt := range tests {
		a, _ := b.Article(tt.n)
		if len(a.Paragraphs) != tt.paragraphs || a.Chapter != tt.chapter || len(a.Paragraphs[0].Items) != tt.items {
			t.Errorf("article %d: %d paragraphs, chapter %q, %d items; want %d, %q, %d",
				tt.n, len(a.Paragraphs), a.Chapter, len(a.Paragraphs[0].Items), tt.paragraphs, tt.chapter, tt.items)
		}
	}
	if b.Chapters[1].Name != "制定程序" || len(b.Chapters[1].Articles) != 2 {
		t.Errorf("chapter 2 = %+v", b.Chapters[1])
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, title, text string
	}{
		{"no articles", "规则", "规则\n一、总则\n没有条文。"},
		{"title missing", "不存在的标题", "规则\n第一条  内容。"},
		{"gap in numbering", "规则", "规则\n第一条  甲。\n第三条  丙。"},
		{"duplicate article", "规则", "规则\n第一条  甲。\n第一条  乙。"},
		{"chapter out of order", "规则", "规则\n二、乙\n第一条  甲。"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(tt.title, tt.text); err == nil {
				t.Errorf("Parse succeeded")
			}
		})
	}
}

func mustRead(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
