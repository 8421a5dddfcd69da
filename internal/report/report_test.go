package report

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestBuildMergesObservationsPerCheck(t *testing.T) {
	cases := []struct {
		name        string
		record      func(b *Builder)
		skip        map[ID]bool
		id          ID
		wantStatus  Status
		wantInMsg   []string
		wantHealthy bool
	}{
		{
			name: "worst status wins and names the failing target only",
			record: func(b *Builder) {
				b.Pass(TLSExpired, "a:443", "valid")
				b.Fail(TLSExpired, "b:443", "expired yesterday")
			},
			id:          TLSExpired,
			wantStatus:  Fail,
			wantInMsg:   []string{"b:443: expired yesterday", "HTTP 502"},
			wantHealthy: false,
		},
		{
			name:        "warning keeps the origin healthy",
			record:      func(b *Builder) { b.Warn(TLSExpiringSoon, "a:443", "expires in 3 days") },
			id:          TLSExpiringSoon,
			wantStatus:  Warn,
			wantInMsg:   []string{"expires in 3 days"},
			wantHealthy: true,
		},
		{
			name:        "stage skip gives the reason",
			record:      func(b *Builder) { b.SkipStage(CategoryTLS, "no address accepted a connection") },
			id:          TLSNameMismatch,
			wantStatus:  Skip,
			wantInMsg:   []string{"not run: no address accepted a connection"},
			wantHealthy: true,
		},
		{
			name:        "skip_checks hides a failure but says what it was",
			record:      func(b *Builder) { b.Fail(DNSNXDomain, "ns1", "NXDOMAIN") },
			skip:        map[ID]bool{DNSNXDomain: true},
			id:          DNSNXDomain,
			wantStatus:  Skip,
			wantInMsg:   []string{"skipped by skip_checks", "would have been fail", "NXDOMAIN"},
			wantHealthy: true,
		},
		{
			name:        "unrecorded check is not applicable",
			record:      func(*Builder) {},
			id:          ConfigS3WebsiteHTTPS,
			wantStatus:  Skip,
			wantInMsg:   []string{"not applicable"},
			wantHealthy: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder()
			tc.record(b)
			r := b.Build("o.example.com", tc.skip)
			if r.Healthy != tc.wantHealthy {
				t.Errorf("healthy = %v, want %v", r.Healthy, tc.wantHealthy)
			}
			if len(r.Checks) != len(All()) {
				t.Fatalf("%d checks, want one per catalog entry (%d)", len(r.Checks), len(All()))
			}
			for _, c := range r.Checks {
				if c.ID != tc.id {
					continue
				}
				if c.Status != tc.wantStatus {
					t.Errorf("status = %s, want %s (%s)", c.Status, tc.wantStatus, c.Message)
				}
				for _, s := range tc.wantInMsg {
					if !strings.Contains(c.Message, s) {
						t.Errorf("message %q lacks %q", c.Message, s)
					}
				}
			}
		})
	}
}

func TestSummaryLeadsWithFailures(t *testing.T) {
	b := NewBuilder()
	b.Warn(TLSExpiringSoon, "a:443", "expires in 3 days")
	b.Fail(TCPHTTPSPortClosed, "a:443", "connection refused")
	s := b.Build("o.example.com", nil).Summary
	lines := strings.Split(s, "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "UNHEALTHY") ||
		!strings.HasPrefix(lines[1], "FAIL tcp.https_port_closed") || !strings.HasPrefix(lines[2], "WARN tls.expiring_soon") {
		t.Errorf("summary:\n%s", s)
	}
	if !strings.Contains(lines[1], "Fix: ") {
		t.Errorf("failure line has no fix: %s", lines[1])
	}
}

func TestCatalogIsComplete(t *testing.T) {
	for _, d := range All() {
		if d.Title == "" || d.Consequence == "" || d.Remediation == "" || d.Cause == "" {
			t.Errorf("%s: every check needs a title, consequence, remediation and cause", d.ID)
		}
		if !strings.HasPrefix(string(d.ID), string(d.Category)+".") {
			t.Errorf("%s: id must start with its category %q", d.ID, d.Category)
		}
	}
}

// TestREADMEMapsEveryCheck keeps the README's table from CloudFront's 502
// causes to check ids in step with the catalog.
func TestREADMEMapsEveryCheck(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range All() {
		if !strings.Contains(string(readme), "`"+string(d.ID)+"`") {
			t.Errorf("README.md does not list check %s in its cause-to-ids table", d.ID)
		}
	}
}

// TestUnverifiedIsNeitherPassNorFailure: what this machine could not
// verify warns without CloudFront's consequence or the origin's fix, keeps
// the origin healthy, and is listed in the summary.
func TestUnverifiedIsNeitherPassNorFailure(t *testing.T) {
	b := NewBuilder()
	b.Pass(TCPHTTPSPortClosed, "192.0.2.1:443", "accepted")
	b.Unverified(TCPHTTPSPortClosed, Warn, "[2001:db8::1]:443", "not verified: no route to IPv6 addresses")
	r := b.Build("origin.example.com", nil)
	var c Check
	for _, x := range r.Checks {
		if x.ID == TCPHTTPSPortClosed {
			c = x
		}
	}
	def, _ := Lookup(TCPHTTPSPortClosed)
	if c.Status != Warn || strings.Contains(c.Message, def.Consequence) || c.Remediation != unverifiedRemediation {
		t.Errorf("check = %+v, want a warning without the consequence, with the vantage-point fix", c)
	}
	if !r.Healthy || !strings.Contains(r.Summary, "healthy as far as this machine can verify") ||
		!strings.Contains(r.Summary, "NOT VERIFIED from this machine: tcp.https_port_closed: [2001:db8::1]:443") {
		t.Errorf("healthy %v, summary:\n%s", r.Healthy, r.Summary)
	}
	// A skipped check says nothing about what could not be verified.
	if r := b.Build("origin.example.com", map[ID]bool{TCPHTTPSPortClosed: true}); len(r.Unverified) != 0 {
		t.Errorf("unverified = %v for a skipped check, want none", r.Unverified)
	}
}

// TestSummaryNamesCloudFrontsStatus: the verdict line says the status
// CloudFront would return for the failed causes: 502, 504, both, the
// origin's own code, or that it rejects the configuration.
func TestSummaryNamesCloudFrontsStatus(t *testing.T) {
	cases := []struct {
		name   string
		record func(b *Builder)
		skip   map[ID]bool
		want   string
	}{
		{"a TLS failure is a 502", func(b *Builder) { b.Fail(TLSExpired, "a:443", "expired") }, nil, "is UNHEALTHY: CloudFront would return 502 ("},
		{"a read timeout is a 504", func(b *Builder) { b.Fail(HTTPReadTimeout, "a:443", "no first byte") }, nil, "is UNHEALTHY: CloudFront would return 504 ("},
		{"a connect timeout is a 504", func(b *Builder) { b.FailAnswering(TCPHTTPSPortClosed, GatewayTimeout, "a:443", "no answer") }, nil, "CloudFront would return 504 ("},
		{"a refused port is a 502", func(b *Builder) { b.Fail(TCPHTTPSPortClosed, "a:443", "refused") }, nil, "CloudFront would return 502 ("},
		{"both kinds", func(b *Builder) {
			b.FailAnswering(TCPHTTPSPortClosed, GatewayTimeout, "a:443", "no answer")
			b.Fail(TCPHTTPSPortClosed, "b:443", "refused")
		}, nil, "CloudFront would return 502 or 504 ("},
		{"both kinds across checks", func(b *Builder) {
			b.Fail(HTTPReadTimeout, "a:443", "no first byte")
			b.Fail(HTTPNoResponse, "b:443", "closed")
		}, nil, "CloudFront would return 502 or 504 ("},
		{"the origin's own 503", func(b *Builder) { b.FailAnswering(HTTPOrigin5xx, 503, "a:443", "503") }, nil, "CloudFront would return 503 ("},
		{"three codes", func(b *Builder) {
			b.FailAnswering(HTTPOrigin5xx, 503, "a:443", "503")
			b.Fail(HTTPReadTimeout, "b:443", "no first byte")
			b.Fail(HTTPNoResponse, "c:443", "closed")
		}, nil, "CloudFront would return 502, 503 or 504 ("},
		{"a rejected configuration", func(b *Builder) { b.Fail(ConfigPortOutOfRange, "", "https_port: 22") }, nil, "is UNHEALTHY: CloudFront would reject this origin configuration ("},
		{"a skipped 504 does not count", func(b *Builder) {
			b.Fail(HTTPReadTimeout, "a:443", "no first byte")
			b.Fail(TLSExpired, "a:443", "expired")
		}, map[ID]bool{HTTPReadTimeout: true}, "CloudFront would return 502 ("},
		{"a warning names no status", func(b *Builder) { b.Warn(TCPHTTPSPortClosed, "a:443", "refused") }, nil, "is healthy ("},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder()
			tc.record(b)
			head, _, _ := strings.Cut(b.Build("o.example.com", tc.skip).Summary, "\n")
			if !strings.Contains(head, tc.want) {
				t.Errorf("verdict line %q lacks %q", head, tc.want)
			}
		})
	}
}

// TestEveryCheckSaysWhatCloudFrontAnswers: Answers is defined once per id,
// 502 or 504, and only a configuration check CloudFront rejects has none,
// or the distribution's own check (no CloudFront answer at all).
func TestEveryCheckSaysWhatCloudFrontAnswers(t *testing.T) {
	for _, d := range All() {
		switch {
		case d.Answers == 0 && d.Category != CategoryConfig && d.Cause != CauseDistribution:
			t.Errorf("%s: no Answers", d.ID)
		case d.Answers != 0 && d.Answers != BadGateway && d.Answers != GatewayTimeout:
			t.Errorf("%s: Answers %d, want 502 or 504", d.ID, d.Answers)
		}
	}
}

// TestCompactLeavesTimingsOut: a check's Compact message and the Summary
// leave out what Timing and TimingOr mark; the full Message keeps it.
func TestCompactLeavesTimingsOut(t *testing.T) {
	tests := []struct {
		name, detail, full, compact string
		status                      Status
	}{
		{"no timing", "accepted", "accepted", "accepted", Fail},
		{"dropped", "no answer" + Timing(" within 2.01s") + ", when the deadline came", "no answer within 2.01s, when the deadline came", "no answer, when the deadline came", Fail},
		{"alternative", "first byte " + TimingOr("after 23ms", "within") + " (origin_read_timeout 30s)", "first byte after 23ms (origin_read_timeout 30s)", "first byte within (origin_read_timeout 30s)", Pass},
		{"two parts", Timing("a") + "b" + TimingOr("c", "d"), "abc", "bd", Warn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder()
			b.Add(Observation{ID: TCPHTTPSPortClosed, Status: tt.status, Target: "192.0.2.1:443", Detail: tt.detail})
			r := b.Build("o.example.com", nil)
			var c Check
			for _, x := range r.Checks {
				if x.ID == TCPHTTPSPortClosed {
					c = x
				}
			}
			if !strings.Contains(c.Message, "192.0.2.1:443: "+tt.full) || strings.ContainsAny(c.Message, timingStart+timingAlt+timingEnd) {
				t.Errorf("Message = %q, want it to hold %q", c.Message, tt.full)
			}
			if !strings.Contains(c.Compact, "192.0.2.1:443: "+tt.compact) || strings.ContainsAny(c.Compact, timingStart+timingAlt+timingEnd) {
				t.Errorf("Compact = %q, want it to hold %q", c.Compact, tt.compact)
			}
			if tt.status != Pass && (!strings.Contains(r.Summary, tt.compact) || (tt.full != tt.compact && strings.Contains(r.Summary, tt.full))) {
				t.Errorf("Summary = %q, want the compact message %q", r.Summary, tt.compact)
			}
		})
	}
}

// TestThrough: what requests through CloudFront showed replaces the
// cloudfront checks, and an answer from the origin turns what this
// machine could not verify into passes.
func TestThrough(t *testing.T) {
	direct := func() Report {
		b := NewBuilder()
		b.Pass(DNSNXDomain, "o", "resolves")
		b.Unverified(TCPHTTPSPortClosed, Skip, "1.2.3.4:443", "filtered")
		b.SkipStage(CategoryCloudFront, "no request")
		return b.Build("o", nil)
	}
	for _, tc := range []struct {
		name       string
		edge       func(b *Builder)
		verified   string
		wantTCP    Status
		healthy    bool
		notVerLine bool
	}{
		{"verified", func(b *Builder) { b.Pass(CloudFrontOriginExercised, "GET /", "answered 200") }, "GET / answered 200", Pass, true, false},
		{"cache hit proves nothing", func(b *Builder) { b.NotApplicable(CloudFrontOriginExercised, "hit") }, "", Skip, true, true},
		{"edge error", func(b *Builder) {
			b.Add(Observation{ID: CloudFrontEdgeError, Status: Fail, Target: "GET /", Detail: "502", Answers: BadGateway})
		}, "", Skip, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := direct()
			eb := NewBuilder()
			tc.edge(eb)
			r.Through(eb.Build("o", nil), tc.verified, CategoryDNS, CategoryTCP, CategoryTLS, CategoryHTTP)
			for _, c := range r.Checks {
				if c.ID == TCPHTTPSPortClosed && c.Status != tc.wantTCP {
					t.Errorf("%s = %s %q, want %s", c.ID, c.Status, c.Message, tc.wantTCP)
				}
			}
			if r.Healthy != tc.healthy || strings.Contains(r.Summary, "NOT VERIFIED") != tc.notVerLine {
				t.Errorf("healthy %v, summary:\n%s", r.Healthy, r.Summary)
			}
			if !tc.healthy && !slices.Contains(r.Answers, BadGateway) {
				t.Errorf("answers %v, want 502", r.Answers)
			}
		})
	}
}
