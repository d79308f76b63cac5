package rulebook

// CommandFor names the slash command that carries out the procedure an
// article of the Kunshan rules describes, so an answer can point to it:
// "/leave" for 第五十七条 (请销假), "/doc" for 48-54 (公文审批), "/meeting"
// for 39-47 (会议制度), "" for the others. The numbers refer to the embedded
// Kunshan rules only; callers check Hit.Book == KunshanTitle.
func CommandFor(article int) string {
	switch {
	case article == 57:
		return "/leave"
	case article >= 48 && article <= 54:
		return "/doc"
	case article >= 39 && article <= 47:
		return "/meeting"
	}
	return ""
}

// Command is CommandFor for a hit: "" unless the hit is from the Kunshan
// rules.
func (h Hit) Command() string {
	if h.Book != KunshanTitle {
		return ""
	}
	return CommandFor(h.Number)
}
