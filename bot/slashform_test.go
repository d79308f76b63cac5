package bot

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
)

func TestSlashCommandFormIsReadAsURLParseQueryReadsIt(t *testing.T) {
	t.Parallel()
	real := url.Values{"token": {"x"}, "command": {"/rules"}, "text": {"第五十七条 & <@U1> 100%+"}, "user_id": {"U0MAYOR"},
		"channel_id": {"C1"}, "team_id": {"T1"}, "user_name": {"王 主任"}, "response_url": {"https://hooks.slack.com/commands/T1/1/abc?x=1&y=2"},
		"trigger_id": {"123.456"}}.Encode()
	bodies := []string{"", real, real + "&text=second", "command=%2Frules&text=a+b&user_id=U1", "user%5Fid=U2&command=/x",
		"command=/x&text=%zz", "command=/x&user_name=%E4%B8", "command=/x;text=y", "command=/x&&text=y&=z&w", "%=1&command=/x",
		"command=/x&text=" + strings.Repeat("a&", 70), "text=%e4%b8%ad&command=/rules&command=/leave"}
	alphabet := []string{"command", "text", "user_id", "channel_id", "team_id", "response_url", "trigger_id", "token",
		"=", "&", "%", "%2", "%2F", "%E4%B8%AD", "+", ";", "a", "中", "_", "%5F"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range r.IntN(24) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		bodies = append(bodies, b.String())
	}
	for _, body := range bodies {
		got, err := parseSlashCommand(body)
		want, wantErr := parseSlashCommandSlowly(body)
		if got != want || (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: got %+v (%v), want %+v (%v)", body, got, err, want, wantErr)
		}
	}
}
