package leave

import "testing"

func TestPlacesRegion(t *testing.T) {
	tests := []struct {
		dest string
		want Region
	}{
		{"昆山", InKunshan}, {"昆山市", InKunshan}, {"玉山镇", InKunshan}, {"巴城", InKunshan},
		{"周市", InKunshan}, {"陆家", InKunshan}, {"花桥", InKunshan}, {"淀山湖", InKunshan},
		{"张浦", InKunshan}, {"周庄", InKunshan}, {"千灯", InKunshan}, {"锦溪", InKunshan},
		{"开发区", InKunshan}, {"昆山开发区", InKunshan}, {"高新区", InKunshan}, {"昆山高新区", InKunshan},
		{"江苏省昆山市花桥镇", InKunshan}, {"Kunshan", InKunshan},
		{"苏州", InSuzhou}, {"苏州市", InSuzhou}, {"苏州市区", InSuzhou}, {"常熟", InSuzhou},
		{"常熟市", InSuzhou}, {"张家港", InSuzhou}, {"张家港市", InSuzhou}, {"太仓", InSuzhou},
		{"吴江", InSuzhou}, {"吴江区", InSuzhou}, {"吴中", InSuzhou}, {"相城", InSuzhou},
		{"姑苏", InSuzhou}, {"虎丘", InSuzhou}, {"苏州高新区", InSuzhou}, {"苏州工业园区", InSuzhou}, {"蘇州", InSuzhou}, {"張家港", InSuzhou}, {"崑山", InKunshan}, {"台北", Outside},
		{"园区", InSuzhou}, {"苏州市吴中区木渎镇", InSuzhou}, {"江苏苏州", InSuzhou}, {"昆山、苏州", InSuzhou},
		{"上海", Outside}, {"北京", Outside}, {"杭州", Outside}, {"南京", Outside}, {"德国", Outside},
		{"江苏", Outside}, {"苏州河", Outside}, {"上海、苏州", Outside}, {"苏州 上海", Outside},
		{"园区外", Outside}, {"", Outside}, {"，", Outside},
		// Art. 57 ¶1: inside Suzhou only when every place named is (issue 11 item 1).
		{"苏州到北京", Outside}, {"苏州经停北京", Outside}, {"苏州经北京", Outside}, {"苏州转上海", Outside},
		{"苏州再去北京", Outside}, {"苏州→北京", Outside}, {"苏州->北京", Outside}, {"苏州至北京", Outside},
		{"苏州 到 北京", Outside}, {"北京到苏州", Outside},
		{"昆山到苏州", InSuzhou}, {"苏州至常熟", InSuzhou}, {"昆山→张家港→太仓", InSuzhou}, {"花桥经停苏州", InSuzhou},
		// whole names only: a name that begins a longer word is not that place
		{"常熟路", Outside}, {"苏州路", Outside}, {"昆山花园酒店", Outside}, {"太仓库", Outside}, {"吴江路", Outside},
		{"东山县", Outside}, {"苏州北京", Outside},
		{"昆山经开区", InKunshan}, {"经开区", InKunshan}, {"苏州吴中", InSuzhou}, {"苏州东山", InSuzhou},
		{"张家港市杨舍镇", InSuzhou}, {"苏州市姑苏区", InSuzhou}, {"江苏省苏州市", InSuzhou},
	}
	for _, tt := range tests {
		if got := DefaultPlaces.Region(tt.dest); got != tt.want {
			t.Errorf("Region(%q) = %s, want %s", tt.dest, got, tt.want)
		}
	}
}

func TestZeroPlacesKnowsNothing(t *testing.T) {
	var ps *Places
	if got := ps.Region("昆山"); got != Outside {
		t.Errorf("nil Places: Region(昆山) = %s, want outside", got)
	}
	if got := (&Places{}).Region("昆山"); got != Outside {
		t.Errorf("zero Places: Region(昆山) = %s, want outside", got)
	}
}

func TestRegionLocal(t *testing.T) {
	if !InKunshan.Local() || !InSuzhou.Local() || Outside.Local() {
		t.Error("Local: Kunshan and Suzhou are local, outside is not")
	}
}

func FuzzPlacesRegion(f *testing.F) {
	for _, s := range []string{"苏州到北京", "常熟路", "江苏省昆山市花桥镇", "苏州市区苏州市区苏州市区", "园区外", "经开区", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := DefaultPlaces.Region(s)
		if r != InKunshan && r != InSuzhou && r != Outside {
			t.Fatalf("Region(%q) = %q", s, r)
		}
		// Naming one more place outside Suzhou never makes a trip local.
		if r := DefaultPlaces.Region(s + "到北京"); r != Outside {
			t.Fatalf("Region(%q+到北京) = %s", s, r)
		}
	})
}
