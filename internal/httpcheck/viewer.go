package httpcheck

import (
	"bufio"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// ViewerRequest is a request a viewer sends to a CloudFront distribution
// (origin_distribution's through_cloudfront): unlike buildRequest's, it
// carries none of CloudFront's own request headers, since CloudFront
// counts the Via hops of a request to detect loops.
type ViewerRequest struct {
	Method string
	// Host is the distribution's domain name (or alias), also the SNI.
	Host string
	// Path is the request target, query included; it is never shown
	// but through originspec.DisplayPath.
	Path    string
	Headers map[string]string
}

// ViewerResponse is the head of CloudFront's answer and the start of its
// body (at most MaxViewerBody bytes): enough to tell CloudFront's own
// error page from the origin's answer.
type ViewerResponse struct {
	Head Head
	Body []byte
}

// MaxViewerBody bounds the body read of a through_cloudfront answer:
// CloudFront's error page is about 1 KiB, and the rest of a body tells
// nothing about the origin's health.
const MaxViewerBody = 8 << 10

// userAgentViewer names this provider to the distribution, so that its
// requests can be told apart in CloudFront's logs.
const userAgentViewer = "terraform-provider-origin (through_cloudfront)"

// SendViewer writes r on conn and reads the response head (with
// ReadResponseHead's bounds) and the start of its body, all before
// deadline.
func SendViewer(conn net.Conn, r ViewerRequest, deadline time.Time) (ViewerResponse, error) {
	_ = conn.SetDeadline(deadline)
	headers := map[string]string{"User-Agent": userAgentViewer}
	for name, value := range r.Headers {
		if ValidHeader(name, value) == "" {
			headers[textproto.CanonicalMIMEHeaderKey(name)] = value
		}
	}
	var sb strings.Builder
	sb.WriteString(r.Method + " " + r.Path + " HTTP/1.1\r\nHost: " + r.Host + "\r\n")
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		sb.WriteString(name + ": " + headers[name] + "\r\n")
	}
	sb.WriteString("Connection: close\r\n\r\n")
	if _, err := io.WriteString(conn, sb.String()); err != nil {
		return ViewerResponse{}, err
	}
	br := bufio.NewReaderSize(conn, 4096)
	head, err := ReadResponseHead(br)
	if err != nil {
		return ViewerResponse{}, err
	}
	resp := ViewerResponse{Head: head}
	if r.Method == http.MethodHead || head.StatusCode == http.StatusNoContent || head.StatusCode == http.StatusNotModified {
		return resp, nil
	}
	var body io.Reader = br
	switch {
	case head.Chunked():
		body = httputil.NewChunkedReader(br)
	case head.ContentLength() >= 0:
		body = io.LimitReader(br, head.ContentLength())
	}
	// A body cut short is still its start: the head is what is judged.
	resp.Body, _ = io.ReadAll(io.LimitReader(body, MaxViewerBody))
	return resp, nil
}
