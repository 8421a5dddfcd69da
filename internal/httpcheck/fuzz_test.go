package httpcheck

import (
	"bufio"
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzReadResponseHead: whatever an origin sends, the reader returns
// within its bounds, never panics, and a head it accepts is HTTP/1.x with
// a status from 100 to 599 and at most MaxHeaderLines fields.
func FuzzReadResponseHead(f *testing.F) {
	for _, seed := range []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.0 502 Bad Gateway\r\nServer: awselb/2.0\r\n\r\n",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
		"HTTP/1.1 200 OK\nX-A: one\n two\n\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"HTTP/2 200\r\n\r\n",
		"HTTP/1.1 OK\r\n\r\n",
		"\x16\x03\x01\x00\x05hello",
		"HTTP/1.1 200 \x1b[2J\xff\r\nServer: \x1b]0;pwned\x07\r\n\r\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		br := bufio.NewReader(bytes.NewReader(data))
		h, err := ReadResponseHead(br)
		if err != nil {
			var bad *MalformedError
			if !errors.Is(err, ErrNoResponse) && !errors.As(err, &bad) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			return
		}
		if h.StatusCode < 100 || h.StatusCode > 599 || h.Proto[:7] != "HTTP/1." {
			t.Fatalf("accepted %q %d", h.Proto, h.StatusCode)
		}
		printable := func(s string) bool {
			return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' })
		}
		if !printable(h.Reason) {
			t.Fatalf("reason phrase %q is not printable UTF-8", h.Reason)
		}
		n := 0
		for name, v := range h.Header {
			n += len(v)
			for _, s := range v {
				if !printable(s) {
					t.Fatalf("header %s: %q is not printable UTF-8", name, s)
				}
			}
		}
		if n > MaxHeaderLines {
			t.Fatalf("%d header fields, bound %d", n, MaxHeaderLines)
		}
		_ = discardBody(br, h, "GET", 1<<10)
	})
}
