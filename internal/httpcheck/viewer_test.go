package httpcheck

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSendViewer: one request without CloudFront's own headers, the
// user's headers sent, and the body read no further than MaxViewerBody.
func TestSendViewer(t *testing.T) {
	big := strings.Repeat("x", 3*MaxViewerBody)
	for _, tc := range []struct {
		name, method, answer string
		wantBody             int
	}{
		{"content-length body is bounded", "GET", "HTTP/1.1 200 OK\r\nContent-Length: " + strconv.Itoa(len(big)) + "\r\n\r\n" + big, MaxViewerBody},
		{"chunked body is decoded", "GET", "HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 5},
		{"body until close is bounded", "GET", "HTTP/1.1 200 OK\r\n\r\n" + big, MaxViewerBody},
		{"HEAD reads no body", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, server := net.Pipe()
			defer client.Close()
			got := make(chan *http.Request, 1)
			go func() {
				defer server.Close()
				req, err := http.ReadRequest(bufio.NewReader(server))
				if err != nil {
					got <- nil
					return
				}
				got <- req
				_, _ = io.WriteString(server, tc.answer)
			}()
			resp, err := SendViewer(client, ViewerRequest{Method: tc.method, Host: "d.example", Path: "/x?y=1", Headers: map[string]string{"X-Token": "s"}}, time.Now().Add(5*time.Second))
			req := <-got
			if err != nil || req == nil {
				t.Fatalf("err %v, request %v", err, req)
			}
			if req.Host != "d.example" || req.Header.Get("X-Token") != "s" || req.Header.Get("Via") != "" || req.RequestURI != "/x?y=1" {
				t.Errorf("request: host %q, headers %v, uri %q", req.Host, req.Header, req.RequestURI)
			}
			if len(resp.Body) != tc.wantBody {
				t.Errorf("body %d bytes, want %d", len(resp.Body), tc.wantBody)
			}
		})
	}
}
