package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

func TestMatchPathPattern(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/images/*", "/images/a/b.jpg", true},
		{"images/*", "/images/a.jpg", true},
		{"/images/*.jpg", "/images/a.png", false},
		{"/Images/*", "/images/a.jpg", false}, // case-sensitive
		{"/a?c", "/abc", true},
		{"/a?c", "/ac", false},
		{"*", "/anything", true},
		{"/api/*/v?", "/api/x/y/v2", true},
		{"/exact", "/exact/more", false},
		{"/*a*a*a*a*a*b", "/" + strings.Repeat("a", 40), false},
	} {
		if got := MatchPathPattern(tc.pattern, tc.path); got != tc.want {
			t.Errorf("MatchPathPattern(%q, %q) = %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}

func TestRouteOf(t *testing.T) {
	behaviours := []CacheBehavior{{TargetOriginID: "web"}, {PathPattern: "/api/*", TargetOriginID: "api"}, {PathPattern: "/api/static/*", TargetOriginID: "static"}}
	for _, tc := range []struct{ path, target, via string }{
		{"/api/static/x.css", "api", `ordered_cache_behavior "/api/*"`}, // the first that matches, in order
		{"/api/v1?token=x", "api", `ordered_cache_behavior "/api/*"`},
		{"/index.html", "web", "default_cache_behavior"},
		{"/API/v1", "web", "default_cache_behavior"},
	} {
		target, via := RouteOf(behaviours, tc.path)
		if target != tc.target || via != tc.via {
			t.Errorf("RouteOf(%q) = %q, %q; want %q, %q", tc.path, target, via, tc.target, tc.via)
		}
	}
}

// TestCheckEdge sends requests through the lab's edge (a simulation of a
// CloudFront edge) and wants each outcome in the origin's checks.
func TestCheckEdge(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	ids := map[string]string{"locked_filtered": "locked", "expired": "broken", "http_alb_502": "alb", "healthy": "web"}
	var d Distribution
	for name, id := range ids {
		d.Origins = append(d.Origins, DistributionOrigin{ID: id, Spec: l.Scenario(name).Spec()})
	}
	for _, r := range lab.EdgeRoutes {
		d.Behaviors = append(d.Behaviors, CacheBehavior{PathPattern: r.PathPattern, TargetOriginID: ids[r.Scenario]})
	}
	for _, tc := range []struct {
		name, domain, path, origin string
		cacheBust                  bool
		id                         report.ID
		status                     report.Status
		want                       []string
	}{
		{name: "locked origin verified", path: "/locked/health", origin: "locked", id: report.CloudFrontOriginExercised, status: report.Pass,
			want: []string{"verified through CloudFront", "Miss from cloudfront", "LAB50-C1"}},
		{name: "broken origin", path: "/broken/health", origin: "broken", id: report.CloudFrontEdgeError, status: report.Fail,
			want: []string{"CloudFront answers 502 Bad Gateway itself", "CloudFront wasn't able to connect to the origin", "from here: tls.expired failed", "POP LAB50-C1, request id "}},
		{name: "origin 5xx", path: "/alb/x?sig=secret", origin: "alb", id: report.CloudFrontOriginError, status: report.Fail,
			want: []string{"502 Bad Gateway: not CloudFront's error page", "Server: awselb/2.0", "/alb/x?…"}},
		{name: "cached hit", path: lab.EdgeWarmPath, origin: "web", id: report.CloudFrontOriginExercised, status: report.Skip,
			want: []string{"Hit from cloudfront", "the origin was not exercised"}},
		{name: "cache bust misses", path: lab.EdgeWarmPath, origin: "web", cacheBust: true, id: report.CloudFrontOriginExercised, status: report.Pass,
			want: []string{"Miss from cloudfront", "?…"}},
		{name: "distribution name does not resolve", domain: "nxdomain-edge." + lab.Zone, path: "/", id: report.CloudFrontDistributionUnreachable, status: report.Fail,
			want: []string{"does not resolve (dns.nxdomain)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := d
			d.Edge = &ThroughCloudFront{DomainName: cmpOr(tc.domain, lab.EdgeDomain), CacheBust: tc.cacheBust,
				Requests: []EdgeRequest{{Path: tc.path, Headers: map[string]string{"X-Token": "hunter2"}}}}
			res := e.CheckDistribution(context.Background(), d)
			checks := res.Edge.Checks
			if tc.origin != "" {
				checks = res.Origins[tc.origin].Report.Checks
			}
			var got report.Check
			for _, c := range checks {
				if c.ID == tc.id {
					got = c
				}
			}
			if got.Status != tc.status {
				t.Fatalf("%s = %s %q, want %s", tc.id, got.Status, got.Message, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(got.Message, w) {
					t.Errorf("%s message %q lacks %q", tc.id, got.Message, w)
				}
			}
			if strings.Contains(res.Summary, "hunter2") || strings.Contains(res.Summary, "secret") {
				t.Errorf("summary shows a secret: %s", res.Summary)
			}
			if tc.name == "locked origin verified" {
				r := res.Origins["locked"].Report
				if len(r.Unverified) > 0 || strings.Contains(r.Summary, "NOT VERIFIED") {
					t.Errorf("locked origin still not verified: %s", r.Summary)
				}
			}
		})
	}
}

// TestCheckEdgeUnknownDomain: a distribution not created yet sends nothing.
func TestCheckEdgeUnknownDomain(t *testing.T) {
	fixture.RequireRoot(t)
	l, e := startLab(t)
	d := Distribution{Origins: []DistributionOrigin{{ID: "web", Spec: l.Scenario("healthy").Spec()}},
		Edge: &ThroughCloudFront{Unknown: true, Requests: []EdgeRequest{{Path: "/"}}}}
	res := e.CheckDistribution(context.Background(), d)
	if !res.Healthy || res.Edge != nil || !strings.Contains(res.Summary, "domain_name is not known yet") {
		t.Errorf("healthy %v, edge %v, summary %q", res.Healthy, res.Edge, res.Summary)
	}
}
