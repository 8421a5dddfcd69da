package dnscheck

import (
	"log/slog"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

// Config configures a Resolver.
type Config struct {
	// RootServers start the iterative walk (IANA root hints by default,
	// see DefaultRootServers).
	RootServers []netip.AddrPort
	// Resolvers, when not empty, are asked recursively (RD=1) instead of
	// walking the delegation.
	Resolvers []netip.AddrPort
	// QueryTimeout bounds each query, TCP retry included; 0 means 2s.
	QueryTimeout time.Duration
	// Logger gets every query at Debug level; nil discards.
	Logger *slog.Logger
	// Routable reports whether this machine has a route to a server's
	// address. A server it has none to is not asked: it is reported as not
	// verified from this machine (a warning), never as answering. nil
	// asks the routing table for IPv6 addresses (see routable) and takes
	// IPv4 as routable. Tests set it to simulate a host without IPv6.
	Routable func(netip.AddrPort) bool
	// QueryBudget is how many queries one origin's Check may send; 0
	// means maxQueriesPerOrigin.
	QueryBudget int
}

const (
	defaultQueryTimeout = 2 * time.Second
	// maxChain bounds the names followed through CNAMEs, origin included.
	maxChain = 16
	// maxGluelessDepth bounds nested lookups of name server addresses.
	maxGluelessDepth = 4
	// maxNSHosts bounds the name server host names of one zone that are
	// looked up (resolvers stop between 5 and 13; a hostile delegation
	// names hundreds, the NXNSAttack shape).
	maxNSHosts = 13
	// maxOutstanding bounds the queries one Resolver has outstanding at once
	// (each holds a socket). At 128 a healthy plan queued: 100 origins in
	// 100 zones, all checked at once, send about 800 queries and waited 3
	// RTT more for tokens. At 512, 100 origins of one zone burst at that
	// zone's servers and every other run lost answers to the 400 ms retry.
	// 256 keeps both within about 1 RTT of the unbounded walk.
	maxOutstanding = 256
	// maxQueriesPerOrigin and maxQueriesPerResolver are the query budgets
	// of one origin's Check and of one Resolver (a plan): a resolver gives
	// up on a name that needs more work than this (Unbound: 32 sends per
	// resolution; the sweeps and audits here ask every server of every
	// zone on the way, a few dozen queries for a healthy origin).
	maxQueriesPerOrigin   = 1000
	maxQueriesPerResolver = 100000
)

// Resolver resolves origin names and grades what it sees. It is safe for
// concurrent use; one Resolver serves a provider instance so that origins
// share what the walk learned.
type Resolver struct {
	roots     []server
	resolvers []server
	timeout   time.Duration
	log       *slog.Logger
	routable  func(netip.AddrPort) bool

	// sharedWork shares a round of queries (ask.go) or an audit (audit.go)
	// between concurrent callers; the package doc says why this is not
	// internal/memo.
	sharedWork singleflight.Group
	mu         sync.Mutex
	// zones maps a zone to its delegation, learned from referrals.
	zones map[string]*delegation
	// answers holds usable responses by zone, name and type.
	answers map[zoneQuestion]outcome
	// referrals holds referrals by zone and child zone.
	referrals map[string]outcome
	// audits holds each zone's delegation audit (audit.go).
	audits map[string]*zoneAudit
	// silent holds servers that timed out, tried last from then on so
	// that one dead server does not cost every later lookup a timeout.
	silent map[netip.AddrPort]bool
	// budget is Config.QueryBudget with its default.
	budget int
	// outstanding holds a token per outstanding query (maxOutstanding).
	outstanding chan struct{}
	// sent counts the queries of the Resolver (maxQueriesPerResolver).
	sent atomic.Int64
}

// zoneQuestion is a question put to the servers of a zone: what a
// cached answer is kept by.
type zoneQuestion struct {
	zone, qname string
	qtype       uint16
}

// NewResolver returns a Resolver for cfg.
func NewResolver(cfg Config) *Resolver {
	r := &Resolver{
		timeout:     cfg.QueryTimeout,
		log:         cfg.Logger,
		routable:    cfg.Routable,
		zones:       map[string]*delegation{},
		answers:     map[zoneQuestion]outcome{},
		referrals:   map[string]outcome{},
		silent:      map[netip.AddrPort]bool{},
		audits:      map[string]*zoneAudit{},
		outstanding: make(chan struct{}, maxOutstanding),
	}
	if r.budget = cfg.QueryBudget; r.budget <= 0 {
		r.budget = maxQueriesPerOrigin
	}
	if r.timeout <= 0 {
		r.timeout = defaultQueryTimeout
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.routable == nil {
		r.routable = func(ap netip.AddrPort) bool { return ap.Addr().Is4() || routable(ap) }
	}
	for _, ap := range cfg.RootServers {
		r.roots = append(r.roots, server{name: ap.String(), addr: ap})
	}
	for _, ap := range cfg.Resolvers {
		r.resolvers = append(r.resolvers, server{name: ap.String(), addr: ap})
	}
	return r
}

func (r *Resolver) recursive() bool { return len(r.resolvers) > 0 }
