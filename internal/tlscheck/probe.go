package tlscheck

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/netcount"
	"github.com/originhealth/terraform-provider-origin/internal/netgate"
)

// connectError marks a failure to open the TCP connection.
type connectError struct{ err error }

func (e connectError) Error() string { return e.err.Error() }
func (e connectError) Unwrap() error { return e.err }

// connect returns handed, bounded by ctx, or when it is nil a new
// connection to addr: its deadline, and its cancellation, which unblocks
// any read or write in progress. done closes the connection.
func connect(ctx context.Context, addr netip.AddrPort, handed net.Conn) (conn net.Conn, done func(), err error) {
	conn, done, _, err = connectDetachable(ctx, addr, handed)
	return conn, done, err
}

// connectDetachable is connect, and detach, which frees the connection
// from ctx (its deadline and cancellation) so it can outlive it, and
// reports false when ctx had already ended it.
func connectDetachable(ctx context.Context, addr netip.AddrPort, handed net.Conn) (conn net.Conn, done func(), detach func() bool, err error) {
	conn = handed
	if conn == nil {
		netcount.Connect(ctx)
		if conn, err = netgate.Dial(ctx, "tcp", addr, 0); err != nil {
			return nil, nil, nil, connectError{err}
		}
	}
	conn = netcount.Conn(ctx, conn)
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	detach = func() bool {
		if !stop() || ctx.Err() != nil {
			return false
		}
		return conn.SetDeadline(time.Time{}) == nil
	}
	return conn, func() { stop(); _ = conn.Close() }, detach, nil
}

// probe sends the hand-built hello h to addr, on handed if not nil, and
// reads the answer up to ServerHelloDone.
func probe(ctx context.Context, addr netip.AddrPort, h hello, handed net.Conn) (flight, error) {
	conn, done, err := connect(ctx, addr, handed)
	if err != nil {
		return flight{}, err
	}
	defer done()
	if _, err := conn.Write(h.marshal()); err != nil {
		return flight{}, err
	}
	return readFlight(conn, h)
}

// remoteAlert exposes an alert received from the origin as tls.AlertError:
// crypto/tls reports it as a net.OpError around an unexported uint8 type.
func remoteAlert(err error) error {
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" {
		return err
	}
	if v := reflect.ValueOf(op.Err); v.Kind() == reflect.Uint8 {
		return alertError{tls.AlertError(v.Uint())}
	}
	return err
}

type alertError struct{ alert tls.AlertError }

func (e alertError) Error() string {
	return "the origin sent alert " + strings.TrimPrefix(e.alert.Error(), "tls: ")
}
func (e alertError) Unwrap() error { return e.alert }

// TLS alert codes (RFC 8446 section 6) that crypto/tls does not export.
const (
	alertHandshakeFailure     tls.AlertError = 40
	alertProtocolVersion      tls.AlertError = 70
	alertInsufficientSecurity tls.AlertError = 71
)

// defaultTimeout bounds the stage when the caller's context has no
// deadline: CloudFront's own connection timeout is at most 10 s.
const defaultTimeout = 10 * time.Second
