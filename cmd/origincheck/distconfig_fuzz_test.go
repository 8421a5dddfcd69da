package main

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// FuzzParseDistribution: whatever --config holds (JSON, YAML, garbage),
// parseDistribution returns origins or an error, quickly, without a panic;
// every origin it returns has a domain name and a unique id.
func FuzzParseDistribution(f *testing.F) {
	for _, name := range []string{"testdata/distribution.json", "testdata/distribution.yaml", "testdata/get-distribution-config.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"Origins": {"Quantity": 1}, "CacheBehaviors": [{"PathPattern": ""}]}`))
	f.Add([]byte("Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties: {DistributionConfig: {Origins: [{Id: a, DomainName: !GetAtt B.DomainName}]}}\n"))
	f.Add([]byte("&a [*a, *a]"))
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		laughs += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	f.Add([]byte(laughs))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		d, err := parseDistribution(data)
		if took := time.Since(start); took > 2*time.Second {
			t.Fatalf("parsing %d bytes took %s", len(data), took)
		}
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, o := range d.origins {
			if o.spec.DomainName == "" || seen[o.id] {
				t.Fatalf("origin %q (domain %q) returned twice or without a domain", o.id, o.spec.DomainName)
			}
			seen[o.id] = true
		}
	})
}
