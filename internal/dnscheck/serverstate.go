package dnscheck

// ServerState is what one name server address did with one query: the
// nameservers attribute shows it as a word (String). It is not a check's
// report.Status: one server that timed out makes dns.server_unreachable
// warn or fail depending on what the zone's other servers did.
//
// The zero ServerState (an outcome not filled in) has no word: its String
// is empty.
type ServerState int

const (
	// stateOK: the server gave a usable response (with authority, a
	// referral towards the name, or, for a recursive resolver, any
	// NOERROR or NXDOMAIN answer).
	stateOK ServerState = iota + 1
	// stateTimeout: no answer within the query timeout or the check's
	// deadline.
	stateTimeout
	// stateUnreachable: the query could not be sent or was refused at
	// the transport (port 53 closed, no route).
	stateUnreachable
	// stateRefused: the server answered REFUSED.
	stateRefused
	// stateServFail: the server answered SERVFAIL.
	stateServFail
	// stateLame: the server answered without authority for its zone and
	// without a referral.
	stateLame
	// stateError: any other failed answer (another rcode, a malformed or
	// truncated answer that TCP did not fix).
	stateError
	// stateUnresolvable: the name server's host name has no address, so
	// nothing was sent.
	stateUnresolvable
	// stateSkipped: not asked, because this machine has no route to the
	// address's family (e.g. IPv6); not verified, never counted as
	// answering.
	stateSkipped
	// stateNotPublic: not asked, because the address is not public and
	// allow_private_addresses is false (a name server at 10.0.0.1 or
	// 169.254.169.254 is not one CloudFront's resolver can reach, and
	// asking it would turn the provider into a port-53 scanner).
	stateNotPublic
)

// serverStateWords are the words the nameservers attribute and the
// messages use; users match on them, so they never change.
var serverStateWords = [...]string{
	stateOK:           "ok",
	stateTimeout:      "timeout",
	stateUnreachable:  "unreachable",
	stateRefused:      "refused",
	stateServFail:     "servfail",
	stateLame:         "lame",
	stateError:        "error",
	stateUnresolvable: "unresolvable",
	stateSkipped:      "skipped",
	stateNotPublic:    "nonpublic",
}

// String is the state's word: "ok", "timeout", "unreachable", "refused",
// "servfail", "lame", "error", "unresolvable", "skipped" or "nonpublic".
func (s ServerState) String() string {
	if s < 0 || int(s) >= len(serverStateWords) {
		return ""
	}
	return serverStateWords[s]
}
