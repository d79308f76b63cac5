package bot

// Scopes are the bot token scopes the transport needs: slash commands,
// posting and updating messages, opening DMs, reading mentions, thread
// replies and DMs, and file links on documents; the history scopes and
// im:write also let the outbox check, after a crash, whether a message was
// already posted (conversations.history, conversations.replies,
// conversations.open). manifest.yaml must grant
// every one (a test checks it).
var Scopes = []string{
	"commands",          // slash commands
	"chat:write",        // chat.postMessage, chat.update
	"im:write",          // direct messages; conversations.open
	"users:read",        // names of people
	"app_mentions:read", // app_mention
	"channels:history",  // message.channels: replies in items' threads; conversations.history/replies
	"groups:history",    // message.groups: the same in private channels
	"im:history",        // message.im: direct messages to the bot; the outbox's check of a DM
	"files:read",        // document attachments
	"files:write",       // exports
}

// Events are the bot events the transport handles.
var Events = []string{"app_mention", "app_home_opened", "message.channels", "message.groups", "message.im"}
