package document

// Earlier is an outgoing document a new draft is compared with: one issued
// this year or still in its chain.
type Earlier struct {
	ID     uint64
	Title  string
	Number string // its number once issued, else ""
}

// RepeatOf returns the earlier document whose normalised title the title
// repeats, compared as NormalTitle does (Art. 53: 不得发布前后矛盾或完全重复的文件). The drafter is told
// and may go on with a reason; the check never refuses on its own.
func RepeatOf(title string, earlier []Earlier) (Earlier, bool) {
	k := NormalTitle(title)
	if k == "" {
		return Earlier{}, false
	}
	for _, e := range earlier {
		if NormalTitle(e.Title) == k {
			return e, true
		}
	}
	return Earlier{}, false
}
