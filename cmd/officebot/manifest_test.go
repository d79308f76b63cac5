package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"officebot/bot"
	"officebot/cmd/officebot/wire"
)

// manifest is the part of Slack's app manifest the bot depends on.
type manifest struct {
	DisplayInformation struct {
		Name string `yaml:"name"`
	} `yaml:"display_information"`
	Features struct {
		AppHome struct {
			HomeTab     bool `yaml:"home_tab_enabled"`
			MessagesTab bool `yaml:"messages_tab_enabled"`
		} `yaml:"app_home"`
		SlashCommands []struct {
			Command     string `yaml:"command"`
			Description string `yaml:"description"`
			UsageHint   string `yaml:"usage_hint"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Events struct {
			Bot []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			Enabled bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		SocketMode bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// freeTextOnly are capabilities reached by typing their word in a DM or the
// console, with no slash command of their own.
var freeTextOnly = map[string]bool{"help": true, "whoami": true}

func TestManifestDeclaresEverythingTheBotUses(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.yaml is not YAML: %v", err)
	}
	if m.DisplayInformation.Name != "政务助手" {
		t.Errorf("display name %q", m.DisplayInformation.Name)
	}
	if !m.Features.AppHome.HomeTab || !m.Features.AppHome.MessagesTab || !m.Settings.Interactivity.Enabled || !m.Settings.SocketMode {
		t.Errorf("app home, messages tab, interactivity and Socket Mode must be on: %+v %+v", m.Features.AppHome, m.Settings)
	}
	commands := map[string]bool{}
	for _, c := range m.Features.SlashCommands {
		if c.Description == "" || c.UsageHint == "" {
			t.Errorf("%s needs a description and a usage hint", c.Command)
		}
		if strings.Contains(c.Description, "即将") || strings.Contains(c.Description, "开通") {
			// Every command of the manifest works: Slack's autocomplete shows this text.
			t.Errorf("%s is described as not yet available: %q", c.Command, c.Description)
		}
		commands[strings.TrimPrefix(c.Command, "/")] = true
	}
	for _, want := range []string{"leave", "doc", "meeting", "rules", "office"} { // SPEC §3
		if !commands[want] {
			t.Errorf("manifest lacks /%s", want)
		}
	}
	caps, _ := wire.Program(nil, nil)
	for _, cp := range caps {
		if cp.Command == nil || freeTextOnly[cp.Name] {
			continue
		}
		declared := slices.ContainsFunc(cp.Commands, func(w string) bool { return commands[w] })
		if !declared {
			t.Errorf("capability %s registers commands %v, none of them a slash command in manifest.yaml", cp.Name, cp.Commands)
		}
	}
	for _, s := range bot.Scopes {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("manifest lacks bot scope %s", s)
		}
	}
	for _, e := range bot.Events {
		if !slices.Contains(m.Settings.Events.Bot, e) {
			t.Errorf("manifest lacks bot event %s", e)
		}
	}
}
