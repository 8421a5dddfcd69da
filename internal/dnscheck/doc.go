// Package dnscheck is the DNS stage of the engine. It resolves an origin's
// name the way CloudFront's public-DNS view does, by walking the delegation
// from the root servers (or through configured recursive resolvers), and
// grades what it sees: NXDOMAIN, NODATA, SERVFAIL, timeouts, CNAME loops,
// and, by asking every authoritative server of each zone on the origin's
// CNAME chain, unreachable, lame and disagreeing servers.
//
// # Words used in this package
//
// The code uses a few short words for its own ideas:
//
//   - walk: resolving a name iteratively, as a resolver does: ask the
//     servers of the deepest zone already known, follow each referral one
//     zone down, until a zone answers for the name; then follow its
//     CNAMEs the same way (walk.go: lookup, resolve).
//   - delegation (a zone cut): a zone, the name server host names its
//     parent lists for it and the glue (delegation.go).
//   - referral: a parent zone's reply that names a child zone's servers
//     instead of answering.
//   - glue: the addresses of name servers the parent hands out with a
//     referral; a name server without glue (glueless) has its own address
//     resolved first, at most maxGluelessDepth lookups deep.
//   - bailiwick: the part of the tree whose records an answer may vouch
//     for, the zone that gave it; records outside it are ignored.
//   - server: one address of one name server (or of a configured root
//     server or resolver). outcome: what one server did with one query,
//     its ServerState, a detail and the message (query.go).
//   - chain: the CNAME chain, the origin first. visit: a name of the chain
//     and the zone that answered for it. resolution: where a name led.
//   - stops: the zones a Check sweeps, each with the name of the chain its
//     servers are asked about: the zones that answered for a name of the
//     chain, the zone where the walk failed, and every zone cut below the
//     TLDs on the way (sweep.go).
//   - sweep: asking every address of every name server of one stop about
//     the name (A, and AAAA when CloudFront uses IPv6), all at once, where
//     the walk asked only until one answered.
//     It grades dns.server_unreachable, dns.lame_delegation and
//     dns.inconsistent_answers, and gives Result.Nameservers.
//   - audit: asking every server of a zone below the TLDs about the zone
//     itself (its apex SOA and NS sets) and resolving the name server host
//     names, to grade the delegation checks (dns.parent_child_ns_mismatch,
//     dns.glue_mismatch, dns.ns_cname, dns.soa_mismatch,
//     dns.subdomain_delegation_broken). It runs once per zone per Resolver
//     (audit.go). audited says whether a zone gets one: the root and TLDs
//     do not.
//   - ahead: starting a zone's sweep and audit as soon as the walk reaches
//     the zone, rather than after the walk ends, so they cost no round
//     trip of their own; the grading then waits for them (ahead.go).
//   - silent: servers that timed out once; every later walk asks them last.
//   - hedge: asking the next server of a zone as well when the one asked
//     has not answered within hedgeAfter, so a dead server costs a
//     fraction of a timeout (ask.go).
//   - shared round: one round of queries that concurrent walks share
//     (ask.go). Not tlscheck's flight, which is the messages a TLS server
//     sends in one go.
//   - not asked (skipped): a server in an address family this machine has
//     no route to. It counts neither as answering nor as failing: when
//     the servers of its zone that could be asked answer, it is a note;
//     when none did, what depends on it is not verified, a warning.
//   - owners: the registrable domains (Public Suffix List) of the origin
//     and its Host; zones below them are the user's, and their hygiene
//     warns. In zones of others it is a note (ownership.go).
//   - rotation: answers that differ between servers serving one SOA
//     serial, as load balancers' and weighted records' do by design; a
//     note, while different serials answering differently warn (sweep.go).
//   - without EDNS: a server that rejects EDNS (FORMERR, NOTIMP, BADVERS
//     without OPT) is asked once more without it, as resolvers do
//     (query.go).
//   - verdicts: the report.Builder of one Check, which remembers the checks
//     that got an observation so that every check is reported in every run;
//     grade: turning outcomes into those observations.
//
// # Sharing work between origins
//
// One Resolver serves every origin of a plan: delegations, usable answers
// and audits learned for one origin serve the others, and concurrent walks
// share their queries (ask.go, audit.go). This is the DNS counterpart of
// internal/memo, which TCP and TLS use, and it differs from memo on
// purpose:
//
//   - Shared DNS work does not belong to the origin that started it: it
//     runs in a goroutine of its own, free of that origin's deadline (each
//     query still has its own timeout), and an origin whose deadline comes
//     stops waiting while the others get the result. memo computes in the
//     first caller's goroutine under its deadline and drops what the
//     deadline cut short.
//   - What is kept is not what is shared: one shared round, keyed by a zone
//     and the child zone on the way, serves every name under that child;
//     its response is kept by question (zoneQuestion) or, for a referral,
//     by zone and child, and a walk the response does not serve asks again
//     under its own key. memo keeps one value per key.
//   - A lookup that failed is not kept: the next walk asks again, silent
//     servers last. memo keeps every result its deadline did not cut short.
//
// Only the audits would fit memo, and only wrapped in a goroutine to free
// them from the caller's deadline; a second mechanism for them alone would
// not make DNS simpler.
package dnscheck
