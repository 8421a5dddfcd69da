package httpcheck

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
)

// Bounds on what is read of a response head: an origin must not be able
// to make the check read without end. They are reading safeguards, not
// CloudFront's limits (cflimits.ResponseHeadMax, judged by the check
// http.response_head_too_large): set well above them, so that a head too
// large for CloudFront is read whole and measured, and only one that
// never ends stops the reader.
const (
	// MaxStatusLine bounds the status line.
	MaxStatusLine = 8 << 10
	// MaxHeaderBytes bounds all header lines together (interim 1xx heads
	// included): 8 times CloudFront's limit.
	MaxHeaderBytes = 256 << 10
	// MaxHeaderLines bounds the number of header lines. CloudFront
	// documents no limit on their number, only on the head's bytes.
	MaxHeaderLines = 10000
	// maxInterim bounds the 1xx heads skipped before the final one.
	maxInterim = 5
)

// Head is a response's status line and headers.
type Head struct {
	Proto      string // "HTTP/1.1"
	ProtoMinor int
	StatusCode int
	Reason     string
	Header     http.Header
	// Size is the head's length in bytes as sent, from the status line to
	// the empty line that ends it, both included (interim heads not).
	Size int
	// Lines is the number of header lines.
	Lines int
}

// Status is the status line without the protocol: "200 OK".
func (h Head) Status() string {
	if h.Reason == "" {
		return strconv.Itoa(h.StatusCode)
	}
	return strconv.Itoa(h.StatusCode) + " " + h.Reason
}

// ErrNoResponse is a connection that ended before the first byte of a response.
var ErrNoResponse = errors.New("the connection ended before any byte of a response")

// MalformedError is a response that is not valid HTTP/1.x, or exceeds the bounds.
type MalformedError struct {
	// Reason says what is wrong, in words.
	Reason string
	// Err is the read error that ended the head early, if one did.
	Err error
}

func (e *MalformedError) Error() string { return e.Reason }
func (e *MalformedError) Unwrap() error { return e.Err }

func malformed(format string, args ...any) error {
	return &MalformedError{Reason: fmt.Sprintf(format, args...)}
}

// errLineTooLong marks a line longer than the bound it was read with.
var errLineTooLong = errors.New("line too long")

// readLine reads one line ending in LF (CRLF or a bare LF, which RFC 9112
// lets recipients accept), without its end, reading at most limit bytes of
// it. used, when not nil, counts the bytes read.
func readLine(br *bufio.Reader, limit int, used *int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if used != nil {
			*used += len(chunk)
		}
		line = append(line, chunk...)
		if len(line) > limit {
			// The start of the line, for the message.
			return line[:min(len(line), 60)], errLineTooLong
		}
		if err == nil {
			break
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return line, err
	}
	line = line[:len(line)-1]
	return bytes.TrimSuffix(line, []byte{'\r'}), nil
}

// ReadResponseHead reads a response's status line and headers from br,
// skipping interim 1xx heads, within MaxStatusLine, MaxHeaderBytes and
// MaxHeaderLines. It tells apart a connection that ended before any byte
// (ErrNoResponse), a head that is not HTTP or exceeds the bounds
// (*MalformedError, which wraps the read error when the head was cut
// short), and other read errors (a deadline before the first byte),
// returned as they are. It reads nothing beyond the head.
func ReadResponseHead(br *bufio.Reader) (Head, error) {
	headerBytes, headerLines := 0, 0
	for interim := 0; ; interim++ {
		h, err := readOneHead(br, &headerBytes, &headerLines, interim == 0)
		if err != nil {
			return Head{}, err
		}
		if h.StatusCode >= 200 || h.StatusCode == http.StatusSwitchingProtocols {
			return h, nil
		}
		if interim == maxInterim {
			return Head{}, malformed("more than %d interim 1xx responses", maxInterim)
		}
	}
}

func readOneHead(br *bufio.Reader, headerBytes, headerLines *int, first bool) (Head, error) {
	statusRead := 0
	startBytes, startLines := *headerBytes, *headerLines
	line, err := readLine(br, MaxStatusLine, &statusRead)
	switch {
	case errors.Is(err, errLineTooLong):
		return Head{}, malformed("the status line is longer than %d bytes (it starts %s)", MaxStatusLine, quoted(line))
	case err != nil && statusRead == 0 && first:
		if errors.Is(err, io.EOF) {
			return Head{}, ErrNoResponse
		}
		return Head{}, err
	case err != nil:
		return Head{}, &MalformedError{Reason: fmt.Sprintf("the response ended after %d bytes of the status line %s, before its end", statusRead, quoted(line)), Err: err}
	}
	h, err := parseStatusLine(line)
	if err != nil {
		return Head{}, err
	}
	h.Header = http.Header{}
	var last string
	for {
		if *headerLines >= MaxHeaderLines {
			return Head{}, malformed("more than %d header lines (status %s): reading stopped there", MaxHeaderLines, h.Status())
		}
		line, err := readLine(br, MaxHeaderBytes-*headerBytes, headerBytes)
		switch {
		case errors.Is(err, errLineTooLong):
			return Head{}, malformed("more than %d bytes of headers without the empty line that ends them (status %s): reading stopped there, "+
				"far over CloudFront's %d-byte limit on a response head", MaxHeaderBytes, h.Status(), cflimits.ResponseHeadMax)
		case err != nil:
			return Head{}, &MalformedError{Reason: fmt.Sprintf("the response ended inside its headers (status %s, %d header lines read): %v", h.Status(), *headerLines, err), Err: err}
		}
		if len(line) == 0 {
			h.Size = statusRead + *headerBytes - startBytes
			h.Lines = *headerLines - startLines
			break
		}
		*headerLines++
		if line[0] == ' ' || line[0] == '\t' {
			// obs-fold: a recipient replaces it with a space (RFC 9112 5.2).
			if last == "" {
				return Head{}, malformed("the first header line %s begins with whitespace", quoted(line))
			}
			vals := h.Header[last]
			vals[len(vals)-1] += " " + printable(bytes.TrimSpace(line))
			continue
		}
		name, value, ok := bytes.Cut(line, []byte{':'})
		if !ok {
			return Head{}, malformed("the header line %s has no colon", quoted(line))
		}
		if len(name) == 0 || !isToken(name) {
			return Head{}, malformed("the header line %s has no valid field name (a token, no spaces before the colon)", quoted(line))
		}
		if i := bytes.IndexFunc(value, func(r rune) bool { return r == 0 || r == '\r' }); i >= 0 {
			return Head{}, malformed("the value of header %s holds a NUL or a bare CR", string(name))
		}
		last = textproto.CanonicalMIMEHeaderKey(string(name))
		h.Header[last] = append(h.Header[last], printable(bytes.Trim(value, " \t")))
	}
	if err := checkFraming(h); err != nil {
		return Head{}, err
	}
	return h, nil
}

func parseStatusLine(line []byte) (Head, error) {
	proto, rest, _ := bytes.Cut(line, []byte{' '})
	if !bytes.HasPrefix(proto, []byte("HTTP/")) {
		return Head{}, malformed("the first line is not an HTTP status line: %s", quoted(line))
	}
	major, minor, ok := http.ParseHTTPVersion(string(proto))
	if !ok || major != 1 {
		return Head{}, malformed("the status line %s names %s, not HTTP/1.0 or HTTP/1.1", quoted(line), quoted(proto))
	}
	code, reason, _ := bytes.Cut(rest, []byte{' '})
	n, err := strconv.Atoi(string(code))
	if len(code) != 3 || err != nil || n < 100 || n > 599 {
		return Head{}, malformed("the status line %s has no 3-digit status code from 100 to 599", quoted(line))
	}
	return Head{Proto: string(proto), ProtoMinor: minor, StatusCode: n, Reason: printable(reason)}, nil
}

// printable is b as a message may show it: valid UTF-8 without control
// characters is kept; anything else is escaped as Go quotes it (\x1b,
// \xff), so an origin's bytes can act on no terminal or log, and reach the
// plugin protocol, which carries only valid UTF-8, intact. A header value
// with such bytes is invalid HTTP (RFC 9110 5.5) that proxies pass on; the
// escaped form keeps it readable in the finding.
func printable(b []byte) string {
	if utf8.Valid(b) && !bytes.ContainsFunc(b, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }) {
		return string(b)
	}
	q := strconv.Quote(string(b))
	return q[1 : len(q)-1]
}

// checkFraming rejects what makes the body's end ambiguous: Content-Length
// values that differ or are not numbers (RFC 9112 6.3; a proxy must treat
// it as an error).
func checkFraming(h Head) error {
	cl := h.Header.Values("Content-Length")
	if len(cl) == 0 || h.Header.Get("Transfer-Encoding") != "" {
		return nil
	}
	var first string
	for _, v := range cl {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if _, err := strconv.ParseUint(part, 10, 63); err != nil {
				return malformed("Content-Length %q is not a number (status %s)", v, h.Status())
			}
			if first != "" && part != first {
				return malformed("Content-Length has two values, %s and %s (status %s)", first, part, h.Status())
			}
			first = part
		}
	}
	return nil
}

// ContentLength is the body length the head announces, -1 if none.
func (h Head) ContentLength() int64 {
	v := h.Header.Get("Content-Length")
	if v == "" {
		return -1
	}
	v, _, _ = strings.Cut(v, ",")
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// Chunked reports whether the body is chunked (the last transfer coding).
func (h Head) Chunked() bool {
	te := strings.Join(h.Header.Values("Transfer-Encoding"), ",")
	if te == "" {
		return false
	}
	codings := strings.Split(te, ",")
	return strings.EqualFold(strings.TrimSpace(codings[len(codings)-1]), "chunked")
}

// KeepsAlive reports whether the origin will keep the connection open
// after this response: HTTP/1.1 unless "Connection: close", HTTP/1.0 only
// with "Connection: keep-alive". The body must also be delimited.
func (h Head) KeepsAlive() bool {
	var closes, keep bool
	for _, v := range h.Header.Values("Connection") {
		for _, t := range strings.Split(v, ",") {
			switch strings.ToLower(strings.TrimSpace(t)) {
			case "close":
				closes = true
			case "keep-alive":
				keep = true
			}
		}
	}
	if closes {
		return false
	}
	return h.ProtoMinor >= 1 || keep
}

// errBodyTooLarge marks a body beyond what is read for a keep-alive measure.
var errBodyTooLarge = errors.New("body too large")

// errBodyUntilClose marks a body that ends only when the connection closes.
var errBodyUntilClose = errors.New("body delimited by the connection's close")

// discardBody reads the body that follows h (the answer to method) to its
// end, at most limit bytes, leaving br at the next response.
func discardBody(br *bufio.Reader, h Head, method string, limit int64) error {
	if method == http.MethodHead || h.StatusCode < 200 || h.StatusCode == http.StatusNoContent || h.StatusCode == http.StatusNotModified {
		return nil
	}
	switch {
	case h.Chunked():
		n, err := io.Copy(io.Discard, io.LimitReader(httputil.NewChunkedReader(br), limit+1))
		if err != nil {
			return err
		}
		if n > limit {
			return errBodyTooLarge
		}
		// Trailers, then the empty line.
		used := 0
		for {
			line, err := readLine(br, MaxHeaderBytes-used, &used)
			if err != nil {
				return err
			}
			if len(line) == 0 {
				return nil
			}
		}
	case h.ContentLength() >= 0:
		n := h.ContentLength()
		if n > limit {
			return errBodyTooLarge
		}
		_, err := io.CopyN(io.Discard, br, n)
		return err
	default:
		return errBodyUntilClose
	}
}

func isToken(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// quoted shows at most 60 bytes of b, quoted.
func quoted(b []byte) string {
	if len(b) > 60 {
		return fmt.Sprintf("%q...", b[:60])
	}
	return fmt.Sprintf("%q", b)
}
