package dnscheck

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// TestHostileDelegationIsBounded: a zone delegated to hundreds of glueless
// name server names, all in a zone whose server never answers (the
// NXNSAttack shape), costs at most maxNSHosts lookups, ends within the
// origin's deadline plus a second, and leaves no goroutine behind.
func TestHostileDelegationIsBounded(t *testing.T) {
	fixture.RequireRoot(t)
	const names = 300
	var ns []dnsserver.NameserverSpec
	for i := range names {
		ns = append(ns, dnsserver.NameserverSpec{Name: fmt.Sprintf("ns%d.sink.test.", i), Unserved: true})
	}
	h := hierarchy(t,
		dnsserver.ZoneSpec{Origin: "victim.test.", Records: []string{"www A 192.0.2.10"}, Nameservers: ns},
		dnsserver.ZoneSpec{Origin: "sink.test.", Nameservers: []dnsserver.NameserverSpec{{Options: dnsserver.Options{Behavior: dnsserver.Drop}}}},
	)
	before := runtime.NumGoroutine()
	queries := h.Queries()
	r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout})
	const deadline = 2 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	b := report.NewBuilder()
	res := r.Check(ctx, Question{Name: "www.victim.test"}, b)
	if elapsed := time.Since(start); elapsed > deadline+time.Second {
		t.Errorf("Check took %s, want at most %s", elapsed, deadline+time.Second)
	}
	if len(res.Addresses) != 0 {
		t.Errorf("addresses %v, want none", res.Addresses)
	}
	// The walk and the zone's audit each look up at most maxNSHosts names
	// (a failed lookup is not kept), each its A and AAAA query sent up to
	// udpTries times to the silent sink server, besides the walk to it.
	if sent, most := h.Queries()-queries, int64(2*maxNSHosts*2*udpTries+50); sent > most {
		t.Errorf("%d queries for %d glueless names, want at most %d", sent, names, most)
	}
	var lame report.Check
	for _, c := range b.Build("www.victim.test", nil).Checks {
		if c.ID == report.DNSLameDelegation {
			lame = c
		}
	}
	if lame.Status != report.Fail || !strings.Contains(lame.Message, fmt.Sprintf("%d more name servers: not used: the zone names %d name servers", names-maxNSHosts, names)) {
		t.Errorf("%s = %s (%s)", lame.ID, lame.Status, lame.Message)
	}
	// Shared work may outlive the Check by a query timeout, no more.
	for wait := time.Now().Add(3 * quickTimeout); runtime.NumGoroutine() > before && time.Now().Before(wait); {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines left (%d before):\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// TestQueryBudgetEndsTheWork: an origin whose check needs more queries
// than its budget stops there, and dns.servfail says why.
func TestQueryBudgetEndsTheWork(t *testing.T) {
	fixture.RequireRoot(t)
	h := hierarchy(t, dnsserver.ZoneSpec{Origin: "example.test.", Records: []string{"www CNAME a.other.test."}, Nameservers: servers(4)},
		dnsserver.ZoneSpec{Origin: "other.test.", Records: []string{"a A 192.0.2.10"}, Nameservers: servers(4)})
	r := NewResolver(Config{RootServers: h.Roots(), QueryTimeout: quickTimeout, QueryBudget: 12})
	b := report.NewBuilder()
	r.Check(context.Background(), Question{Name: "www.example.test"}, b)
	for _, c := range b.Build("www.example.test", nil).Checks {
		if c.ID == report.DNSServFail && (c.Status == report.Pass || !strings.Contains(c.Message, "needs more than 12 queries")) {
			t.Errorf("%s = %s (%s), want a finding about the budget", c.ID, c.Status, c.Message)
		}
	}
}
