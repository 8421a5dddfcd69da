// Package netwait says how a wait on the network ended, the same way in
// every stage: the check's deadline passed (Ended for a context, IsTimeout
// for an I/O error), or the peer refused the connection (Refused, the words
// the messages use). It holds nothing else.
package netwait

import (
	"context"
	"errors"
	"net"
	"time"
)

// Ended reports whether ctx is over: done, or its deadline reached on the
// clock. A read or probe that stopped at the deadline may return just before
// the context's timer fires, so ctx.Err alone would call it in time.
func Ended(ctx context.Context) bool {
	deadline, ok := ctx.Deadline()
	return ctx.Err() != nil || ok && !time.Now().Before(deadline)
}

// IsTimeout reports whether err is an I/O deadline's (a net.Error that
// timed out).
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Refused is what a refused connection (ECONNREFUSED) means, in the TCP and
// TLS stages' messages alike.
const Refused = "connection refused (nothing listens on this port, or a firewall rejects it)"
