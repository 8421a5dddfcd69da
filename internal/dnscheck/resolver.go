package dnscheck

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
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
}

const (
	defaultQueryTimeout = 2 * time.Second
	// maxChain bounds the names followed through CNAMEs, origin included.
	maxChain = 16
	// maxGluelessDepth bounds nested lookups of name server addresses.
	maxGluelessDepth = 4
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

	flights singleflight.Group
	mu      sync.Mutex
	// zones maps a zone to its delegation, learned from referrals.
	zones map[string]*delegation
	// answers holds usable responses by zone, name and type.
	answers map[answerKey]outcome
	// referrals holds referrals by zone and child zone.
	referrals map[string]outcome
	// audits holds each zone's delegation audit (delegation.go).
	audits map[string]*zoneAudit
	// silent holds servers that timed out, tried last from then on so
	// that one dead server does not cost every later lookup a timeout.
	silent map[netip.AddrPort]bool
}

type answerKey struct {
	zone, qname string
	qtype       uint16
}

// NewResolver returns a Resolver for cfg.
func NewResolver(cfg Config) *Resolver {
	r := &Resolver{
		timeout:   cfg.QueryTimeout,
		log:       cfg.Logger,
		routable:  cfg.Routable,
		zones:     map[string]*delegation{},
		answers:   map[answerKey]outcome{},
		referrals: map[string]outcome{},
		silent:    map[netip.AddrPort]bool{},
		audits:    map[string]*zoneAudit{},
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

// lookupError says why a lookup got no usable answer: no server of zone
// gave one. zone is "" for the recursive resolvers.
type lookupError struct {
	zone  string
	tried []outcome
}

func (e *lookupError) Error() string {
	var parts []string
	for _, o := range e.tried {
		parts = append(parts, o.server.String()+": "+o.detail)
	}
	return strings.Join(parts, "; ")
}

// answer is a usable response about a name from the zone holding it (nil
// zone in recursive mode).
type answer struct {
	zone *delegation
	from outcome
}

// bailiwick is the part of the tree whose records the answer may vouch for.
func (a answer) bailiwick() string {
	if a.zone == nil {
		return "."
	}
	return a.zone.zone
}

// lookup gets the answer about qname/qtype from the zone authoritative for
// it, walking referrals from the closest zone already known. path lists
// the name server names being resolved on the way here, to stop loops.
// ahead, when not nil, is told of every zone on the way (see ahead.go).
func (r *Resolver) lookup(ctx context.Context, qname string, qtype uint16, path []string, ahead *ahead) (answer, *lookupError) {
	if r.recursive() {
		o, err := r.ask(ctx, "", r.resolvers, qname, qtype)
		return answer{from: o}, err
	}
	d := r.closestZone(qname)
	ahead.reachKnown(qname, d)
	for {
		ahead.reach(d, qname)
		servers, unresolvable := r.serversOf(ctx, d, path, false)
		if len(servers) == 0 {
			return answer{}, &lookupError{zone: d.zone, tried: unresolvable}
		}
		o, err := r.ask(ctx, d.zone, servers, qname, qtype)
		if err != nil {
			return answer{}, err
		}
		if child := referral(o.msg, d.zone, qname); child != nil {
			d = r.learn(child)
			continue
		}
		return answer{zone: d, from: o}, nil
	}
}

// ask gets a usable response from the first of servers that gives one.
// Concurrent walks towards names under the same child of zone share one
// round of queries: 50 origins in one zone walk the delegation once.
func (r *Resolver) ask(ctx context.Context, zone string, servers []server, qname string, qtype uint16) (outcome, *lookupError) {
	if o, ok := r.cached(zone, qname, qtype); ok {
		return o, nil
	}
	key := zone + " " + childOf(zone, qname)
	switch {
	case zone == "":
		key = fmt.Sprintf(" %s %d", qname, qtype)
	case audited(zone):
		// A zone below the TLDs is where origins live: its A and AAAA
		// answers are asked at once, not one waiting on the other. Above
		// it both types share the referral.
		key += fmt.Sprintf(" %d", qtype)
	}
	o, err := r.shared(ctx, key, zone, servers, qname, qtype)
	if err == nil && !usableFor(o, zone, qname, qtype) {
		// Another walk asked about another name under the same child and
		// got an answer, not a referral: ask for ours.
		o, err = r.shared(ctx, fmt.Sprintf("%s %s %d", zone, qname, qtype), zone, servers, qname, qtype)
	}
	return o, err
}

// cached returns a response already obtained that serves qname/qtype at
// zone: its own answer, or the referral to the child zone on the way.
func (r *Resolver) cached(zone, qname string, qtype uint16) (outcome, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if o, ok := r.answers[answerKey{zone, qname, qtype}]; ok {
		return o, true
	}
	o, ok := r.referrals[zone+" "+childOf(zone, qname)]
	return o, ok
}

// remember caches a usable response to qname/qtype from zone.
func (r *Resolver) remember(zone, qname string, qtype uint16, o outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	child := referral(o.msg, zone, qname)
	switch {
	case child == nil:
		r.answers[answerKey{zone, qname, qtype}] = o
	case child.zone == childOf(zone, qname):
		// Every name under the child gets this same referral.
		r.referrals[zone+" "+child.zone] = o
	}
}

func (r *Resolver) shared(ctx context.Context, key, zone string, servers []server, qname string, qtype uint16) (outcome, *lookupError) {
	type flight struct {
		o   outcome
		err *lookupError
	}
	ch := r.flights.DoChan(key, func() (any, error) {
		// A flight that just ended may have cached what we need.
		if o, ok := r.cached(zone, qname, qtype); ok {
			return flight{o: o}, nil
		}
		// The queries serve every waiter, so they must not die with the
		// first one's context; each query still has its own timeout.
		o, err := r.askInTurn(context.WithoutCancel(ctx), zone, servers, qname, qtype)
		return flight{o, err}, nil
	})
	select {
	case res := <-ch:
		f, _ := res.Val.(flight)
		return f.o, f.err
	case <-ctx.Done():
		err := &lookupError{zone: zone}
		for _, s := range servers {
			err.tried = append(err.tried, outcome{server: s, status: statusTimeout, detail: "no answer before the check's deadline"})
		}
		return outcome{}, err
	}
}

// askInTurn asks servers one after the other until one gives a usable
// response, as a resolver fails over, and caches that response. A server
// that has not answered within hedgeAfter does not hold up the next one:
// the next is asked too, and the first usable response wins, so a dead
// server costs hedgeAfter rather than a whole timeout. Servers that timed
// out before are asked last.
func (r *Resolver) askInTurn(ctx context.Context, zone string, servers []server, qname string, qtype uint16) (outcome, *lookupError) {
	r.mu.Lock()
	servers = slices.Clone(servers)
	slices.SortStableFunc(servers, func(a, b server) int {
		return cmpBool(r.silent[a.addr], r.silent[b.addr])
	})
	r.mu.Unlock()

	if len(servers) == 0 {
		return outcome{}, &lookupError{zone: zone}
	}
	type reply struct {
		i int
		o outcome
	}
	// Buffered for every server: queries still out when one answers end
	// on their own timeout without blocking.
	replies := make(chan reply, len(servers))
	tried := make([]*outcome, len(servers))
	asked := 0
	askNext := func() {
		i, s := asked, servers[asked]
		asked++
		go func() { replies <- reply{i, r.exchange(ctx, s, zone, qname, qtype)} }()
	}
	hedge := time.NewTimer(r.hedgeAfter())
	defer hedge.Stop()
	for askNext(); ; {
		select {
		case rep := <-replies:
			if rep.o.status == statusOK {
				r.remember(zone, qname, qtype, rep.o)
				return rep.o, nil
			}
			tried[rep.i] = &rep.o
			if asked < len(servers) {
				askNext()
				hedge.Reset(r.hedgeAfter())
			} else if !slices.Contains(tried[:asked], nil) {
				err := &lookupError{zone: zone}
				for _, o := range tried {
					err.tried = append(err.tried, *o)
				}
				return outcome{}, err
			}
		case <-hedge.C:
			if asked < len(servers) {
				askNext()
				hedge.Reset(r.hedgeAfter())
			}
		}
	}
}

// hedgeAfter is how long a walk waits on one server before asking the next
// as well; resolvers start near 400 ms (Unbound: 376 ms) for a server
// whose round-trip time they do not know yet.
func (r *Resolver) hedgeAfter() time.Duration {
	return min(r.timeout/4, 400*time.Millisecond)
}

// markSilent remembers that addr timed out, so that walks ask it last.
func (r *Resolver) markSilent(addr netip.AddrPort) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.silent[addr] = true
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

// usableFor reports whether a response obtained for a shared walk step
// answers qname/qtype: a referral on the way to it, or its own answer.
func usableFor(o outcome, zone, qname string, qtype uint16) bool {
	q := o.msg.Question[0]
	if dns.CanonicalName(q.Name) == qname && q.Qtype == qtype {
		return true
	}
	return zone != "" && referral(o.msg, zone, qname) != nil
}

// childOf is the name one label below zone on the way to qname.
func childOf(zone, qname string) string {
	offsets := dns.Split(qname)
	i := len(offsets) - dns.CountLabel(zone) - 1
	if i < 0 {
		return qname
	}
	return qname[offsets[i]:]
}

// closestZone is the deepest known zone holding qname, the root at worst.
func (r *Resolver) closestZone(qname string) *delegation {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, off := range dns.Split(qname) {
		if d, ok := r.zones[qname[off:]]; ok {
			return d
		}
	}
	root := &delegation{zone: ".", glue: map[string][]netip.AddrPort{}}
	for _, s := range r.roots {
		root.hosts = append(root.hosts, s.name)
		root.glue[s.name] = []netip.AddrPort{s.addr}
	}
	return root
}

// learn remembers a delegation; the first one seen for a zone stays.
func (r *Resolver) learn(d *delegation) *delegation {
	r.mu.Lock()
	defer r.mu.Unlock()
	if known, ok := r.zones[d.zone]; ok {
		return known
	}
	r.zones[d.zone] = d
	return d
}

// serversOf lists the addresses to ask for zone: the glued ones, and the
// addresses of the other name servers when there is no glue or when all
// are wanted. Name servers that could not be resolved come back as
// outcomes saying why.
func (r *Resolver) serversOf(ctx context.Context, d *delegation, path []string, all bool) ([]server, []outcome) {
	var servers []server
	for _, host := range d.hosts {
		for _, ap := range d.glue[host] {
			servers = append(servers, server{name: host, addr: ap})
		}
	}
	if len(servers) > 0 && !all {
		return servers, nil
	}
	var unresolvable []outcome
	for _, host := range d.hosts {
		if len(d.glue[host]) > 0 {
			continue
		}
		addrs, why := r.hostAddresses(ctx, host, path)
		if len(addrs) == 0 {
			unresolvable = append(unresolvable, outcome{server: server{name: host}, status: statusUnresolvable, detail: why})
			continue
		}
		for _, a := range addrs {
			servers = append(servers, server{name: host, addr: netip.AddrPortFrom(a, 53)})
		}
	}
	return servers, unresolvable
}

// hostAddresses resolves a name server's host name that came without glue.
func (r *Resolver) hostAddresses(ctx context.Context, host string, path []string) ([]netip.Addr, string) {
	switch {
	case slices.Contains(path, host):
		return nil, "its address depends on itself (" + strings.Join(append(displayAll(path), display(host)), " → ") + ")"
	case len(path) >= maxGluelessDepth:
		return nil, fmt.Sprintf("its address needs more than %d nested name server lookups", maxGluelessDepth)
	}
	res := r.resolve(ctx, host, append(slices.Clone(path), host), nil)
	switch {
	case res.err != nil:
		return nil, "its address could not be resolved: " + res.err.Error()
	case res.loop:
		return nil, "its address could not be resolved: CNAME loop"
	case res.rcode == dns.RcodeNameError:
		return nil, "it does not exist (NXDOMAIN)"
	case len(res.addrs) == 0:
		return nil, "it has no A or AAAA record"
	}
	return res.addrs, ""
}

func displayAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = display(n)
	}
	return out
}

// visit is a name on the chain and the zone that answered for it.
type visit struct {
	zone *delegation
	name string
}

// resolution is where a name led.
type resolution struct {
	// chain lists the names followed, the origin first.
	chain  []string
	visits []visit
	// final is the response about the last name of the chain.
	final outcome
	rcode int
	addrs []netip.Addr
	// loop is set when the chain revisits a name or grows past maxChain.
	loop bool
	err  *lookupError
}

// resolve follows name through CNAMEs to its A and AAAA records, asking
// for both types of each name at once. ahead, when not nil, is told of
// every zone the walk reaches.
func (r *Resolver) resolve(ctx context.Context, name string, path []string, ahead *ahead) resolution {
	res := resolution{chain: []string{name}}
	current := name
	for {
		var (
			v6    answer
			v6Err *lookupError
			wg    sync.WaitGroup
		)
		// Needed only if current turns out to hold the addresses; asked
		// now so that it costs no round trip of its own.
		wg.Go(func() { v6, v6Err = r.lookup(ctx, current, dns.TypeAAAA, path, ahead) })
		ans, err := r.lookup(ctx, current, dns.TypeA, path, ahead)
		wg.Wait()
		if err != nil {
			res.err = err
			return res
		}
		res.visits = append(res.visits, visit{zone: ans.zone, name: current})
		res.final = ans.from
		targets, addrs := follow(ans.from.msg, current, dns.TypeA, ans.bailiwick())
		for _, t := range targets {
			res.loop = slices.Contains(res.chain, t) || len(res.chain) >= maxChain
			res.chain = append(res.chain, t)
			if res.loop {
				return res
			}
		}
		if len(targets) > 0 && len(addrs) == 0 {
			// The target is answered for elsewhere, or not at all: ask.
			current = res.chain[len(res.chain)-1]
			continue
		}
		res.rcode, res.addrs = ans.from.msg.Rcode, addrs
		if len(addrs) > 0 {
			res.rcode = dns.RcodeSuccess
		}
		if res.rcode == dns.RcodeNameError {
			return res
		}
		if v6Err != nil && len(addrs) == 0 {
			res.err = v6Err
			return res
		}
		if v6Err == nil {
			_, more := follow(v6.from.msg, current, dns.TypeAAAA, v6.bailiwick())
			res.addrs = append(res.addrs, more...)
		}
		slices.SortFunc(res.addrs, netip.Addr.Compare)
		res.addrs = slices.Compact(res.addrs)
		return res
	}
}

// follow reads the answer about qname: the CNAME targets it leads to, in
// order, and the addresses of type qtype of the last name. Records
// outside bailiwick are ignored: that zone cannot vouch for them. A
// target seen twice ends the list, for the caller to report the loop.
func follow(msg *dns.Msg, qname string, qtype uint16, bailiwick string) (targets []string, addrs []netip.Addr) {
	seen := map[string]bool{qname: true}
	for name := qname; ; {
		next := ""
		for _, rr := range msg.Answer {
			if dns.CanonicalName(rr.Header().Name) != name || !dns.IsSubDomain(bailiwick, name) {
				continue
			}
			if cname, ok := rr.(*dns.CNAME); ok && next == "" {
				next = dns.CanonicalName(cname.Target)
			}
			if a, ok := addressOf(rr); ok && rr.Header().Rrtype == qtype {
				addrs = append(addrs, a)
			}
		}
		if len(addrs) > 0 || next == "" {
			return targets, addrs
		}
		targets = append(targets, next)
		if seen[next] {
			return targets, nil
		}
		seen[next] = true
		name = next
	}
}
