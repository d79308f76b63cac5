// Package document is the domain of official documents (公文, Art. 48-56):
// incoming documents (收文) that departments, towns and units submit to the
// municipal government, and outgoing documents (发文) the government and
// its office issue.
//
// For incoming documents it holds the document and its states
// (incoming.go), the Art. 48 compliance checks that return a document
// before it is registered (check.go), the registration numbers of Art. 49
// (number.go), the routing to the leader in charge (incoming_route.go), the
// Art. 54 handling limits on the working-day calendar (due.go), and the
// parsing of what people type: the submission (parse.go) and the words of
// a decision or a command's arguments (parse_reply.go).
//
// It is pure: no database, no Slack. storage keeps documents,
// handlers/document talks to people.
package document
