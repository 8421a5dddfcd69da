package httpcheck

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/netwait"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
)

func readHead(s string) (Head, error) {
	return ReadResponseHead(bufio.NewReader(strings.NewReader(s)))
}

func TestReadResponseHead(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		code     int
		err      string // "" ok; "none": ErrNoResponse; else part of a MalformedError
	}{
		{"ok", "HTTP/1.1 200 OK\r\nServer: x\r\nContent-Length: 0\r\n\r\n", 200, ""},
		{"bare LF", "HTTP/1.1 204 No Content\nServer: x\n\n", 204, ""},
		{"no reason", "HTTP/1.0 404\r\n\r\n", 404, ""},
		{"interim", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 502 Bad Gateway\r\n\r\n", 502, ""},
		{"folded", "HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n", 200, ""},
		{"empty", "", 0, "none"},
		{"not http", "<html>hello</html>\r\n\r\n", 0, "not an HTTP status line"},
		{"http2", "HTTP/2 200\r\n\r\n", 0, "not HTTP/1.0 or HTTP/1.1"},
		{"bad code", "HTTP/1.1 2000 OK\r\n\r\n", 0, "3-digit status code"},
		{"no colon", "HTTP/1.1 200 OK\r\nbroken header\r\n\r\n", 0, "has no colon"},
		{"space in name", "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", 0, "no valid field name"},
		{"fold first", "HTTP/1.1 200 OK\r\n x\r\n\r\n", 0, "begins with whitespace"},
		{"two lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 0, "two values"},
		{"cut in status", "HTTP/1.1 20", 0, "before its end"},
		{"cut in headers", "HTTP/1.1 200 OK\r\nServer: x\r\n", 0, "ended inside its headers"},
		{"long status", "HTTP/1.1 200 " + strings.Repeat("A", MaxStatusLine) + "\r\n\r\n", 0, "status line is longer than 8192 bytes"},
		// CloudFront documents no limit on the number of lines: 300 short ones are read.
		{"300 lines", "HTTP/1.1 200 OK\r\n" + strings.Repeat("X: y\r\n", 300) + "\r\n", 200, ""},
		// Over CloudFront's limit but within the reader's: read whole, to be measured.
		{"a 100 KiB header", "HTTP/1.1 200 OK\r\nX: " + strings.Repeat("y", 100<<10) + "\r\n\r\n", 200, ""},
		{"many lines", "HTTP/1.1 200 OK\r\n" + strings.Repeat("X: y\r\n", MaxHeaderLines+1) + "\r\n", 0, "more than 10000 header lines (status 200 OK): reading stopped there"},
		{"huge header", "HTTP/1.1 200 OK\r\nX: " + strings.Repeat("y", MaxHeaderBytes) + "\r\n\r\n", 0, "more than 262144 bytes of headers without the empty line that ends them (status 200 OK): reading stopped there, far over CloudFront's 32768-byte limit"},
		{"endless interim", strings.Repeat("HTTP/1.1 100 Continue\r\n\r\n", 10), 0, "interim"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := readHead(tc.in)
			var bad *MalformedError
			switch {
			case tc.err == "" && (err != nil || h.StatusCode != tc.code):
				t.Errorf("got %+v, %v; want status %d", h, err, tc.code)
			case tc.err == "none" && !errors.Is(err, ErrNoResponse):
				t.Errorf("got %v, want ErrNoResponse", err)
			case tc.err != "" && tc.err != "none" && (!errors.As(err, &bad) || !strings.Contains(bad.Reason, tc.err)):
				t.Errorf("got %v, want a MalformedError saying %q", err, tc.err)
			}
		})
	}
	h, _ := readHead("HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n")
	if got := h.Header.Get("X-A"); got != "one two" {
		t.Errorf("folded value %q, want %q", got, "one two")
	}
}

// timeoutReader gives its bytes, then a timeout.
type timeoutReader struct{ r io.Reader }

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func (t timeoutReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if errors.Is(err, io.EOF) {
		return n, timeoutErr{}
	}
	return n, err
}

// TestReadResponseHeadTimeouts: a timeout before any byte comes back as it
// is; after some bytes, as a head cut short that wraps it.
// TestHeadSize: Size is the final head's bytes as sent, status line to
// the empty line, whatever the line ends; interim heads are not counted.
func TestHeadSize(t *testing.T) {
	for _, tc := range []struct {
		name, in    string
		size, lines int
	}{
		{"CRLF", "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nbody", 17 + 11 + 2, 1},
		{"bare LF", "HTTP/1.1 200 OK\nServer: x\n\n", 16 + 10 + 1, 1},
		{"no headers", "HTTP/1.1 204 No Content\r\n\r\n", 25 + 2, 0},
		{"after an interim head", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nA: b\r\n\r\n", 17 + 6 + 2, 1},
		{"folded", "HTTP/1.1 200 OK\r\nX-A: one\r\n two\r\n\r\n", 17 + 10 + 6 + 2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := readHead(tc.in)
			if err != nil || h.Size != tc.size || h.Lines != tc.lines {
				t.Errorf("size %d, lines %d, err %v; want %d, %d", h.Size, h.Lines, err, tc.size, tc.lines)
			}
		})
	}
}

func TestReadResponseHeadTimeouts(t *testing.T) {
	_, err := ReadResponseHead(bufio.NewReader(timeoutReader{strings.NewReader("")}))
	if !netwait.IsTimeout(err) || errors.As(err, new(*MalformedError)) {
		t.Errorf("no bytes: %v, want the timeout itself", err)
	}
	_, err = ReadResponseHead(bufio.NewReader(timeoutReader{strings.NewReader("HTTP/1.1 200 OK\r\nX: ")}))
	var bad *MalformedError
	if !errors.As(err, &bad) || !netwait.IsTimeout(bad.Err) {
		t.Errorf("some bytes: %v, want a MalformedError wrapping the timeout", err)
	}
}

func TestDiscardBody(t *testing.T) {
	for _, tc := range []struct {
		name, in, method, rest string
		err                    error
	}{
		{"length", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcNEXT", "GET", "NEXT", nil},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nTrailer: x\r\n\r\nNEXT", "GET", "NEXT", nil},
		{"head", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nNEXT", "HEAD", "NEXT", nil},
		{"until close", "HTTP/1.1 200 OK\r\n\r\nabc", "GET", "", errBodyUntilClose},
		{"too large", "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n", "GET", "", errBodyTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			br := bufio.NewReader(strings.NewReader(tc.in))
			h, err := ReadResponseHead(br)
			if err != nil {
				t.Fatal(err)
			}
			err = discardBody(br, h, tc.method, maxBody)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if rest, _ := io.ReadAll(br); tc.err == nil && string(rest) != tc.rest {
				t.Errorf("left %q, want %q", rest, tc.rest)
			}
		})
	}
}

func TestJoinOriginPathAndRequest(t *testing.T) {
	r := string(buildRequest("example.test", requestFor("GET", "/a?b=1", map[string]string{"X-Origin-Verify": "s", "user-agent": "custom", "Host": "evil"})))
	for _, want := range []string{"GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\n", "User-Agent: custom\r\n", "X-Origin-Verify: s\r\n", ".cloudfront.net (CloudFront)\r\n", "X-Amz-Cf-Id: ", "\r\n\r\n"} {
		if !strings.Contains(r, want) {
			t.Errorf("request %q lacks %q", r, want)
		}
	}
	if strings.Contains(r, "evil") {
		t.Errorf("request %q carries a Host header from headers", r)
	}
}

func requestFor(method, path string, headers map[string]string) originspec.HTTPRequest {
	return originspec.HTTPRequest{Method: method, Path: path, Headers: headers}.Normalize()
}

func TestJoinOriginPath(t *testing.T) {
	for _, tc := range [][3]string{{"", "/x", "/x"}, {"/api", "/v1/x", "/api/v1/x"}, {"/api/", "/", "/api/"}, {"api", "x", "/api/x"}} {
		if got := originspec.JoinOriginPath(tc[0], tc[1]); got != tc[2] {
			t.Errorf("JoinOriginPath(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}

// TestHeadIsPrintable: a reason phrase or header value with control
// characters or bytes that are not UTF-8 is kept escaped, so a finding that
// quotes it can act on no terminal and crosses the plugin protocol intact.
func TestHeadIsPrintable(t *testing.T) {
	for _, tc := range []struct {
		name, in, status, server string
	}{
		{"plain", "HTTP/1.1 502 Bad Gateway\r\nServer: awselb/2.0\r\n\r\n", "502 Bad Gateway", "awselb/2.0"},
		{"utf-8 and tab", "HTTP/1.1 200 Überall\r\nServer: a\tb\r\n\r\n", "200 Überall", "a\tb"},
		{"escape sequences", "HTTP/1.1 200 \x1b[2J\r\nServer: \x1b]0;title\x07\r\n\r\n", `200 \x1b[2J`, `\x1b]0;title\a`},
		{"not utf-8", "HTTP/1.1 200 \xff\xfe\r\nServer: caf\xe9\r\n\r\n", `200 \xff\xfe`, `caf\xe9`},
		{"delete", "HTTP/1.0 200 \x7f\n\n", `200 \x7f`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := readHead(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if h.Status() != tc.status || h.Header.Get("Server") != tc.server {
				t.Errorf("status %q, Server %q; want %q, %q", h.Status(), h.Header.Get("Server"), tc.status, tc.server)
			}
		})
	}
}
