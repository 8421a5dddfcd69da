package httpcheck

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/cflimits"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// headOf is a 200 response head of exactly size bytes, padded with one
// Set-Cookie line.
func headOf(size int) string {
	const start, end = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n", "\r\n\r\n"
	cookie := "Set-Cookie: s="
	return start + cookie + strings.Repeat("a", size-len(start)-len(cookie)-len(end)) + end
}

// checkAnswer runs Check against an in-memory origin (net.Pipe: no
// socket) that answers head to the request.
func checkAnswer(t *testing.T, head string) report.Check {
	t.Helper()
	client, server := net.Pipe()
	go func() {
		defer server.Close()
		if _, err := http.ReadRequest(bufio.NewReader(server)); err == nil {
			_, _ = server.Write([]byte(head))
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b := report.NewBuilder()
	req := originspec.HTTPRequest{ReadTimeout: 2}.Normalize()
	Check(ctx, []Target{{Addr: netip.MustParseAddrPort("127.0.0.1:80"), Conn: client}}, Params{Host: "o.example.test", Request: req}, b)
	for _, c := range b.Build("o.example.test", nil).Checks {
		if c.ID == report.HTTPResponseHeadTooLarge {
			return c
		}
	}
	t.Fatal("no http.response_head_too_large")
	return report.Check{}
}

// TestResponseHeadSize: a head over ResponseHeadMax fails, one over the
// older value only warns, quoting both, and at or under it passes; the
// message names the size and the largest fields, never a value.
func TestResponseHeadSize(t *testing.T) {
	for _, tc := range []struct {
		size int
		want report.Status
		msg  string
	}{
		{1000, report.Pass, "is 1000 bytes: its status line and 2 header lines (CloudFront's limit: 32768)"},
		{cflimits.ResponseHeadMaxOlder, report.Pass, "is 20480 bytes"},
		{cflimits.ResponseHeadMaxOlder + 1, report.Warn, "is 20481 bytes: its status line and 2 header lines: within the 32768 bytes AWS's quota page gives now, over the 20480 bytes it gave through late 2025"},
		{cflimits.ResponseHeadMax, report.Warn, "is 32768 bytes"},
		{cflimits.ResponseHeadMax + 1, report.Fail, "is 32769 bytes: its status line and 2 header lines, over CloudFront's 32768-byte limit by 1 bytes; largest: Set-Cookie (about"},
		{100 << 10, report.Fail, fmt.Sprintf("is %d bytes", 100<<10)},
	} {
		t.Run(fmt.Sprint(tc.size), func(t *testing.T) {
			c := checkAnswer(t, headOf(tc.size))
			if c.Status != tc.want || !strings.Contains(c.Message, tc.msg) {
				t.Errorf("%s: %s; want %s with %q", c.Status, c.Message, tc.want, tc.msg)
			}
			if strings.Contains(c.Message, "aaaa") {
				t.Errorf("message quotes a header value: %s", c.Message)
			}
			if tc.want == report.Fail && !strings.Contains(c.Message, "HTTP 502") {
				t.Errorf("message does not say what CloudFront answers: %s", c.Message)
			}
		})
	}
}
