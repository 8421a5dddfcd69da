package engine

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/addrclass"
	"github.com/originhealth/terraform-provider-origin/internal/dnscheck"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/dnsserver"
	"github.com/originhealth/terraform-provider-origin/internal/fixture/netns"
	"github.com/originhealth/terraform-provider-origin/internal/originspec"
	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// ssrfTarget is one non-public address a hostile origin's DNS points at.
type ssrfTarget struct {
	name string
	addr netip.Addr
	kind string // what the verdict must call its range
}

var ssrfTargets = []ssrfTarget{
	{"rfc1918-10", netip.MustParseAddr("10.0.0.53"), "private (RFC 1918, 10.0.0.0/8)"},
	{"rfc1918-172", netip.MustParseAddr("172.16.0.53"), "private (RFC 1918, 172.16.0.0/12)"},
	{"rfc1918-192", netip.MustParseAddr("192.168.0.53"), "private (RFC 1918, 192.168.0.0/16)"},
	{"metadata", netip.MustParseAddr("169.254.169.254"), "link-local (169.254.0.0/16)"},
	{"cgnat", netip.MustParseAddr("100.64.0.53"), "shared address space (100.64.0.0/10"},
	{"loopback", netip.MustParseAddr("127.0.0.53"), "loopback (127.0.0.0/8)"},
	{"ula", netip.MustParseAddr("fd00::53"), "unique local (RFC 4193, fc00::/7)"},
	{"nat64", netip.MustParseAddr("64:ff9b::a00:35"), "private (RFC 1918, 10.0.0.0/8), in its NAT64 (64:ff9b::/96) form"},
	{"6to4", netip.MustParseAddr("2002:a00:35::53"), "private (RFC 1918, 10.0.0.0/8), in its 6to4 (2002::/16) form"},
	// An AAAA record of the IPv4-mapped form: a dial to it is a packet
	// to 10.0.0.53, whose listeners count it.
	{"mapped", netip.MustParseAddr("::ffff:10.0.0.53"), "private (RFC 1918, 10.0.0.0/8)"},
}

var (
	// ssrfPublic is the prefix the namespace's loopback carries for the
	// hierarchy's servers: public to addrclass, local to the kernel.
	ssrfPublic = netip.MustParsePrefix("11.0.0.0/8")
	// ssrfMarker is where the test sends the packet that tells it the
	// sniffer has read everything sent before (public, not a target).
	ssrfMarker = netip.MustParseAddrPort("45.0.0.1:9")
)

// ssrfPath is one way a check can come to an address: it names the
// origin to check for a target and the check that must refuse it.
type ssrfPath struct {
	name   string
	origin func(n string) string
	check  report.ID
}

var ssrfPaths = []ssrfPath{
	{"glue", func(n string) string { return "www.glue-" + n + ".test" }, report.DNSPrivateNameserver},
	{"ns-name", func(n string) string { return "www.glueless-" + n + ".test" }, report.DNSPrivateNameserver},
	{"cname", func(n string) string { return "cname-" + n + ".pub.test" }, report.DNSPrivateNameserver},
	{"origin", func(n string) string { return "origin-" + n + ".pub.test" }, report.DNSPrivateAddress},
}

// ssrfZones is the hierarchy every path of every target is in: glue to
// the target, a glueless delegation to a host in pub.test. that resolves
// to it, a CNAME into a zone delegated to it, and the origin's own record.
func ssrfZones() []dnsserver.ZoneSpec {
	var pub []string
	var zones []dnsserver.ZoneSpec
	for _, tg := range ssrfTargets {
		rr := "A"
		if tg.addr.Is6() {
			rr = "AAAA"
		}
		pub = append(pub,
			fmt.Sprintf("origin-%s %s %s", tg.name, rr, tg.addr),
			fmt.Sprintf("cname-%s CNAME www.inside-%s.test.", tg.name, tg.name))
		at := []dnsserver.NameserverSpec{{External: tg.addr}}
		zones = append(zones,
			dnsserver.ZoneSpec{Origin: "glue-" + tg.name + ".test.", Records: []string{"www A 45.0.0.80"}, Nameservers: at},
			dnsserver.ZoneSpec{Origin: "glueless-" + tg.name + ".test.", Records: []string{"www A 45.0.0.80"},
				Nameservers: []dnsserver.NameserverSpec{{Name: "ns-" + tg.name + ".pub.test.", External: tg.addr}}},
			dnsserver.ZoneSpec{Origin: "inside-" + tg.name + ".test.", Records: []string{"www A 45.0.0.80"}, Nameservers: at})
	}
	return append(zones, dnsserver.ZoneSpec{Origin: "pub.test.", Records: pub})
}

// TestNoPacketToNonPublicAddresses is the proof behind
// allow_private_addresses = false: inside a network namespace whose
// loopback carries a public prefix for the DNS hierarchy and every
// non-public target (RFC 1918, the metadata service, CGNAT, loopback,
// ULA, NAT64 and 6to4 forms of 10.0.0.53), each path to a target (glue,
// an NS host name, a CNAME target's zone, the origin's own record) fails
// the check that names the range, and no packet reaches the target: the
// listeners on UDP and TCP 53, TCP 443 and 80 accept nothing, and a
// packet socket on lo sees nothing addressed to it. Only the root hints
// are trusted. With allow_private_addresses = true the same origins
// reach the listeners, so the counters can count.
func TestNoPacketToNonPublicAddresses(t *testing.T) {
	if !netns.Enter(t) {
		return
	}
	next := ssrfSetUp(t)
	sniff := startSniffer(t)
	counters := map[netip.Addr]*listenCounts{}
	for _, tg := range ssrfTargets {
		if counters[tg.addr.Unmap()] == nil {
			counters[tg.addr.Unmap()] = startCounting(t, tg.addr.Unmap())
		}
	}
	h, err := dnsserver.NewHierarchyOn(next, ssrfZones()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	for _, a := range h.Addrs() {
		if !ssrfPublic.Contains(a) || addrclass.NonPublic(a) != "" {
			t.Fatalf("hierarchy server on %s, want a public address in %s", a, ssrfPublic)
		}
	}

	// check runs one origin; it returns the packets that reached the
	// target and the listeners' total before the run.
	check := func(allow bool, tg ssrfTarget, p ssrfPath) (Result, int64, int64) {
		e := New(Options{
			Timeout:               8 * time.Second,
			AllowPrivateAddresses: allow,
			DNS:                   dnscheck.Config{RootServers: h.Roots(), QueryTimeout: 300 * time.Millisecond},
		})
		spec := originspec.Spec{DomainName: p.origin(tg.name), IPAddressType: originspec.IPv4}
		if tg.addr.Is6() {
			spec.IPAddressType = originspec.DualStack
		}
		packets, conns := sniff.seen(tg.addr.Unmap()), counters[tg.addr.Unmap()].total()
		res := e.Check(context.Background(), spec, nil)
		sniff.sync(t)
		return res, sniff.seen(tg.addr.Unmap()) - packets, conns
	}

	for _, p := range ssrfPaths {
		for _, tg := range ssrfTargets {
			t.Run(p.name+"/"+tg.name, func(t *testing.T) {
				res, packets, base := check(false, tg, p)
				conns := counters[tg.addr.Unmap()].total() - base
				t.Logf("allow_private_addresses=false: %d packets, %d connects/datagrams at %s", packets, conns, tg.addr.Unmap())
				if packets != 0 || conns != 0 {
					t.Errorf("%d packets and %d connects/datagrams reached %s (listeners since the start: %s); want none", packets, conns, tg.addr, counters[tg.addr.Unmap()])
				}
				if res.Traffic.Connects != 0 {
					t.Errorf("%d TCP connects; want none", res.Traffic.Connects)
				}
				c := find(t, res.Report, p.check)
				if want := tg.addr.String() + " is " + tg.kind; c.Status != report.Fail || !strings.Contains(c.Message, want) {
					t.Errorf("%s = %s %q; want a failure saying %q", p.check, c.Status, c.Message, want)
				}
				if res.Report.Healthy {
					t.Errorf("healthy; want a failure:\n%s", res.Report.Summary)
				}
			})
		}
		// The control, for every target: allowed, the same origin reaches
		// the listener (the connect counters can count).
		for _, tg := range ssrfTargets {
			t.Run("allowed/"+p.name+"/"+tg.name, func(t *testing.T) {
				_, packets, base := check(true, tg, p)
				conns := counters[tg.addr.Unmap()].waitAbove(base)
				t.Logf("allow_private_addresses=true: %d packets, %d connects/datagrams at %s", packets, conns, tg.addr.Unmap())
				if packets == 0 || conns == 0 {
					t.Errorf("allowed: %d packets, %d connects/datagrams at %s; want some (the counters are blind)", packets, conns, tg.addr)
				}
			})
		}
	}
}

// ssrfSetUp gives the namespace's loopback the public prefix, the marker
// and every target, checks that addrclass judges them as the test needs,
// and returns the hierarchy's address allocator.
func ssrfSetUp(t *testing.T) func() netip.Addr {
	t.Helper()
	if os.Getenv(netns.ChildEnv) == "" {
		t.Fatal("ssrfSetUp outside the test's network namespace")
	}
	first := ssrfPublic.Addr().Next()
	cmds := [][]string{
		{"ip", "addr", "add", netip.PrefixFrom(first, ssrfPublic.Bits()).String(), "dev", "lo"},
		{"ip", "addr", "add", ssrfMarker.Addr().String() + "/32", "dev", "lo"},
	}
	for _, tg := range ssrfTargets {
		switch {
		case tg.addr.Is4In6(): // its IPv4 address is another target's
		case tg.addr.Is4() && !tg.addr.IsLoopback():
			cmds = append(cmds, []string{"ip", "addr", "add", tg.addr.String() + "/32", "dev", "lo"})
		case tg.addr.Is6():
			cmds = append(cmds, []string{"ip", "-6", "addr", "add", tg.addr.String() + "/128", "dev", "lo", "nodad"})
		}
		if addrclass.NonPublic(tg.addr) == "" {
			t.Fatalf("%s counts as public; want a non-public target", tg.addr)
		}
	}
	for _, c := range cmds {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v: %s", strings.Join(c, " "), err, out)
		}
	}
	for _, a := range []netip.Addr{first, ssrfMarker.Addr(), netip.MustParseAddr("11.200.3.4")} {
		if kind := addrclass.NonPublic(a); kind != "" {
			t.Fatalf("%s is %s; want a public address", a, kind)
		}
	}
	// The whole prefix is local, as 127.0.0.0/8 is: any address in it binds.
	pc, err := net.ListenPacket("udp", "11.200.3.4:0")
	if err != nil {
		t.Fatalf("%s on lo does not make the prefix local: %v", ssrfPublic, err)
	}
	_ = pc.Close()
	var mu sync.Mutex
	a := first
	return func() netip.Addr {
		mu.Lock()
		defer mu.Unlock()
		a = a.Next()
		return a
	}
}

// listenCounts counts what reaches one address: datagrams on UDP 53 and
// accepted connections on TCP 53, 443 and 80. Nothing is answered.
type listenCounts struct {
	udp53, tcp53, tcp443, tcp80 atomic.Int64
}

func (c *listenCounts) total() int64 {
	return c.udp53.Load() + c.tcp53.Load() + c.tcp443.Load() + c.tcp80.Load()
}

func (c *listenCounts) String() string {
	return fmt.Sprintf("udp/53 %d, tcp/53 %d, tcp/443 %d, tcp/80 %d", c.udp53.Load(), c.tcp53.Load(), c.tcp443.Load(), c.tcp80.Load())
}

// waitAbove waits a moment for the total to pass n (a connection the
// kernel queued may not be accepted yet) and returns the count since n.
func (c *listenCounts) waitAbove(n int64) int64 {
	for deadline := time.Now().Add(2 * time.Second); c.total() <= n && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	return c.total() - n
}

func startCounting(t *testing.T, a netip.Addr) *listenCounts {
	t.Helper()
	c := &listenCounts{}
	pc, err := net.ListenPacket("udp", netip.AddrPortFrom(a, 53).String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	go func() {
		buf := make([]byte, 65535)
		for {
			if _, _, err := pc.ReadFrom(buf); err != nil {
				return
			}
			c.udp53.Add(1)
		}
	}()
	for port, n := range map[uint16]*atomic.Int64{53: &c.tcp53, 443: &c.tcp443, 80: &c.tcp80} {
		ln, err := net.Listen("tcp", netip.AddrPortFrom(a, port).String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = ln.Close() })
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				n.Add(1)
				_ = conn.Close()
			}
		}()
	}
	return c
}

// sniffer counts every IP packet lo delivers, by destination address,
// whatever its protocol or port: a packet to a target with no listener
// on that port still counts.
type sniffer struct {
	f       *os.File
	mu      sync.Mutex
	dst     map[netip.Addr]int64
	markers atomic.Int64
}

// ethPAll is htons(ETH_P_ALL): every protocol.
const ethPAll = 0x0300

func startSniffer(t *testing.T) *sniffer {
	t.Helper()
	lo, err := net.InterfaceByName("lo")
	if err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_DGRAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, ethPAll)
	if err != nil {
		t.Fatalf("packet socket: %v", err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrLinklayer{Protocol: ethPAll, Ifindex: lo.Index}); err != nil {
		_ = syscall.Close(fd)
		t.Fatalf("bind packet socket to lo: %v", err)
	}
	s := &sniffer{f: os.NewFile(uintptr(fd), "packet socket on lo"), dst: map[netip.Addr]int64{}}
	rc, err := s.f.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var done sync.WaitGroup
	done.Go(func() {
		buf := make([]byte, 65536)
		for {
			var (
				n    int
				from syscall.Sockaddr
				rerr error
			)
			if err := rc.Read(func(fd uintptr) bool {
				n, from, rerr = syscall.Recvfrom(int(fd), buf, 0)
				return rerr != syscall.EAGAIN
			}); err != nil {
				return // closed
			}
			// Each packet on lo is seen leaving and arriving: count arrivals.
			if ll, ok := from.(*syscall.SockaddrLinklayer); rerr != nil || !ok || ll.Pkttype != syscall.PACKET_HOST {
				continue
			}
			s.count(buf[:n])
		}
	})
	t.Cleanup(func() { _ = s.f.Close(); done.Wait() })
	return s
}

func (s *sniffer) count(p []byte) {
	var dst netip.Addr
	switch {
	case len(p) >= 20 && p[0]>>4 == 4:
		dst = netip.AddrFrom4([4]byte(p[16:20]))
	case len(p) >= 40 && p[0]>>4 == 6:
		dst = netip.AddrFrom16([16]byte(p[24:40]))
	default:
		return
	}
	if dst == ssrfMarker.Addr() {
		s.markers.Add(1)
		return
	}
	s.mu.Lock()
	s.dst[dst]++
	s.mu.Unlock()
}

func (s *sniffer) seen(a netip.Addr) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dst[a]
}

// sync sends a datagram to the marker and waits until the sniffer reads
// it: a packet socket's queue is in order, so every packet sent before
// has been counted.
func (s *sniffer) sync(t *testing.T) {
	t.Helper()
	before := s.markers.Load()
	conn, err := net.Dial("udp", ssrfMarker.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("marker")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); s.markers.Load() == before; {
		if time.Now().After(deadline) {
			t.Fatal("the sniffer never saw the marker packet")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
