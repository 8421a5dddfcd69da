package dnscheck

import "testing"

// TestServerStateWords: the words the nameservers attribute shows are part
// of what users read and match on; they stay as they are.
func TestServerStateWords(t *testing.T) {
	for s, want := range map[ServerState]string{
		0:                  "",
		stateOK:            "ok",
		stateTimeout:       "timeout",
		stateUnreachable:   "unreachable",
		stateRefused:       "refused",
		stateServFail:      "servfail",
		stateLame:          "lame",
		stateError:         "error",
		stateUnresolvable:  "unresolvable",
		stateSkipped:       "skipped",
		stateNotPublic:     "nonpublic",
		stateNotPublic + 1: "",
	} {
		if got := s.String(); got != want {
			t.Errorf("ServerState(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}
