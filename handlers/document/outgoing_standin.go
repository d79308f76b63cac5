package document

import (
	"time"

	"officebot/chat"
	"officebot/document"
	"officebot/handlers"
	"officebot/msg"
	"officebot/storage"
)

// awayAt reports who is on approved leave at the instant (the leave
// engine's absences), read in the transaction that opens the steps.
func awayAt(tx *storage.Tx, now time.Time) (func(string) bool, error) {
	abs, err := tx.AbsencesDuring(now, now)
	if err != nil {
		return nil, err
	}
	away := map[string]bool{}
	for _, a := range abs {
		if !now.Before(a.From) && now.Before(a.To) {
			away[a.SlackID] = true
		}
	}
	return func(id string) bool { return away[id] }, nil
}

// standIns hands the steps of o just opened whose person is on approved
// leave, or is the drafter, to their stand-ins (document.Chain.StandIns:
// the leave routing rule) and returns the thread notes that say so. Call
// it before the document is written.
func standIns(tx *storage.Tx, c *handlers.Call, o *document.Outgoing, opened []int) ([]chat.Message, error) {
	if len(opened) == 0 {
		return nil, nil
	}
	away, err := awayAt(tx, c.Now)
	if err != nil {
		return nil, err
	}
	next, ins := o.Chain.StandIns(opened, c.Org, away)
	o.Chain = next
	var out []chat.Message
	for _, in := range ins {
		st := o.Chain.Steps[in.Step]
		text := msg.T("document.out.stand_in", handlers.PersonName(c.Org, in.Usual), stepName(st.Kind),
			handlers.PersonName(c.Org, in.By))
		if in.Why == document.StandInDrafter {
			text = msg.T("document.out.stand_in_own", stepName(st.Kind), handlers.PersonName(c.Org, in.By),
				handlers.PersonName(c.Org, in.Usual))
		}
		out = append(out, outThread(c, *o, text))
	}
	return out, nil
}
