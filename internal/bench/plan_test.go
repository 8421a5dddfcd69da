package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/originhealth/terraform-provider-origin/internal/fixture/lab"
)

// workspacePreamble is what both plan benchmarks' configurations share:
// the lab's variables and the provider pointed at it.
const workspacePreamble = `terraform {
  required_providers {
    origin = { source = "originhealth/origin" }
  }
}

variable "dns_root_servers" { type = list(string) }
variable "trusted_ca_pem" { type = string }
variable "origins" { type = list(string) }

provider "origin" {
  dns_root_servers        = var.dns_root_servers
  trusted_ca_pem          = var.trusted_ca_pem
  allow_private_addresses = true # the lab lives on 127.0.0.0/8
}
`

const planConfig = workspacePreamble + `
data "origin_health" "o" {
  for_each    = toset(var.origins)
  domain_name = each.key
}
`

// distributionConfig is planConfig with the whole fleet in one
// origin_distribution, its origin blocks from the same variable, as a
// module would write it.
const distributionConfig = workspacePreamble + `
data "origin_distribution" "d" {
  dynamic "origin" {
    for_each = var.origins
    content {
      origin_id   = "o${origin.key}"
      domain_name = origin.value
      custom_origin_config {
        origin_protocol_policy = "https-only"
      }
    }
  }
}

output "healthy" { value = data.origin_distribution.d.healthy }
`

// realisticDistributionConfig is distributionConfig as a real
// distribution's module writes it: every custom_origin_config attribute
// set, the origin-level connection settings and a custom header, and one
// output per origin reading its result (outputs cannot be repeated with
// for_each, so there is one block per origin, as a generated root module
// has).
func realisticDistributionConfig(n int) string {
	var out strings.Builder
	out.WriteString(workspacePreamble + `
data "origin_distribution" "d" {
  on_failure                      = "error"
  certificate_expiry_warning_days = 30
  dynamic "origin" {
    for_each = var.origins
    content {
      origin_id           = "o${origin.key}"
      domain_name         = origin.value
      connection_attempts = 3
      connection_timeout  = 10
      custom_header {
        name  = "X-Origin-Verify"
        value = "bench-secret-${origin.key}"
      }
      custom_origin_config {
        http_port                = 80
        https_port               = 443
        origin_protocol_policy   = "https-only"
        origin_ssl_protocols     = ["TLSv1.2"]
        ip_address_type          = "ipv4"
        origin_read_timeout      = 30
        origin_keepalive_timeout = 5
      }
    }
  }
}

output "healthy" { value = data.origin_distribution.d.healthy }
`)
	for i := range n {
		fmt.Fprintf(&out, "output \"o%d\" { value = data.origin_distribution.d.origins[\"o%d\"].healthy }\n", i, i)
	}
	return out.String()
}

// outputLine is an output in a plan's "Changes to Outputs": name, value.
var outputLine = regexp.MustCompile(`(?m)^\s*\+ (\S+)\s+= (\S+)$`)

// BenchmarkDistributionPlan times `terraform plan` of one
// origin_distribution holding the whole fleet, at Terraform's default
// -parallelism: one read, whatever the number of origins. Compare with
// BenchmarkPlan's origins=1 (one origin_health). config=minimal is
// distributionConfig (the protocol policy only), config=realistic
// realisticDistributionConfig (every custom_origin_config attribute, an
// output per origin).
func BenchmarkDistributionPlan(b *testing.B) {
	tf := env(b, "BENCH_TERRAFORM")
	env(b, "TF_CLI_CONFIG_FILE")
	for _, c := range []struct {
		n         int
		zones     bool
		realistic bool
	}{
		{1, false, false}, {10, false, false}, {100, false, false}, {100, true, false}, {1000, false, false},
		{1, false, true}, {100, false, true}, {100, true, true}, {1000, false, true},
	} {
		zone, config := "shared", "minimal"
		if c.zones {
			zone = "each"
		}
		if c.realistic {
			config = "realistic"
		}
		b.Run(fmt.Sprintf("origins=%d/zone=%s/config=%s", c.n, zone, config), func(b *testing.B) {
			l, err := lab.StartFleet(c.n, c.zones, lab.Options{RTT: benchRTT})
			if err != nil {
				b.Fatalf("fixture lab (needs root): %v", err)
			}
			b.Cleanup(l.Close)
			dir := b.TempDir()
			text := distributionConfig
			if c.realistic {
				text = realisticDistributionConfig(c.n)
			}
			writeWorkspaceWith(b, dir, l, text)
			run(b, exec.Command(tf, "-chdir="+dir, "init", "-input=false", "-no-color"))
			out := timePlans(b, func() *exec.Cmd {
				return exec.Command(tf, "-chdir="+dir, "plan", "-input=false", "-lock=false", "-no-color")
			})
			// Every verdict right: the fleet is healthy, so the plan says so.
			if !strings.Contains(out, "healthy = true") {
				b.Fatalf("plan of %d healthy origins does not say healthy = true:\n%s", c.n, out)
			}
			if !c.realistic {
				return
			}
			// The realistic configuration's outputs: every origin's own
			// verdict says healthy.
			verdicts := map[string]string{}
			for _, m := range outputLine.FindAllStringSubmatch(out, -1) {
				verdicts[m[1]] = m[2]
			}
			for i := range c.n {
				if v := verdicts[fmt.Sprintf("o%d", i)]; v != "true" {
					b.Fatalf("plan of %d healthy origins says o%d = %q, not true:\n%s", c.n, i, v, out)
				}
			}
			// The state an apply writes: the data source's result (every
			// origin's checks) and the outputs.
			if c.n >= 100 {
				run(b, exec.Command(tf, "-chdir="+dir, "apply", "-input=false", "-lock=false", "-no-color", "-auto-approve"))
				st, err := os.Stat(filepath.Join(dir, "terraform.tfstate"))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(st.Size())/1e6, "state_MB")
			}
		})
	}
}

// BenchmarkPlan times `terraform plan` over fleets of healthy origins
// every server of which is benchRTT away, and samples the provider
// process's peak RSS. origins=0 is the same configuration with no
// origin_health to read: Terraform's and the plugin's own cost.
//
// Terraform reads at most -parallelism data sources at once (default 10),
// so 100 origins at the default are read in ten waves whatever the
// provider does; parallelism=100 shows what the provider does when
// Terraform hands it the whole fleet at once.
func BenchmarkPlan(b *testing.B) {
	tf := env(b, "BENCH_TERRAFORM")
	env(b, "TF_CLI_CONFIG_FILE")
	cases := []struct {
		n, parallelism int
		zones          bool
	}{
		{0, 10, false}, {1, 10, false}, {10, 10, false}, {100, 10, false}, {10, 10, true}, {100, 10, true},
		{100, 100, false}, {100, 100, true},
	}
	for _, c := range cases {
		zone := "shared"
		if c.zones {
			zone = "each"
		}
		name := fmt.Sprintf("origins=%d/zone=%s/parallelism=%d", c.n, zone, c.parallelism)
		b.Run(name, func(b *testing.B) {
			l, err := lab.StartFleet(c.n, c.zones, lab.Options{RTT: benchRTT})
			if err != nil {
				b.Fatalf("fixture lab (needs root): %v", err)
			}
			b.Cleanup(l.Close)
			dir := b.TempDir()
			writeWorkspace(b, dir, l)
			run(b, exec.Command(tf, "-chdir="+dir, "init", "-input=false", "-no-color"))
			timePlans(b, func() *exec.Cmd {
				return exec.Command(tf, "-chdir="+dir, "plan", "-input=false", "-lock=false", "-no-color", fmt.Sprintf("-parallelism=%d", c.parallelism))
			})
		})
	}
}

func writeWorkspace(b *testing.B, dir string, l *lab.Lab) {
	b.Helper()
	writeWorkspaceWith(b, dir, l, planConfig)
}

func writeWorkspaceWith(b *testing.B, dir string, l *lab.Lab, config string) {
	b.Helper()
	vars := map[string]any{"trusted_ca_pem": l.CAPEM, "origins": []string{}, "dns_root_servers": []string{}}
	var roots, origins []string
	for _, r := range l.RootServers {
		roots = append(roots, r.String())
	}
	for _, s := range l.Scenarios {
		origins = append(origins, s.DomainName)
	}
	if roots != nil {
		vars["dns_root_servers"] = roots
	}
	if origins != nil {
		vars["origins"] = origins
	}
	data, err := json.Marshal(vars)
	if err != nil {
		b.Fatal(err)
	}
	for file, content := range map[string][]byte{"main.tf": []byte(config), "lab.auto.tfvars.json": data} {
		if err := os.WriteFile(filepath.Join(dir, file), content, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

func run(b *testing.B, cmd *exec.Cmd) {
	b.Helper()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
}

// timePlans times the plan command makes, then runs it once more, untimed,
// sampling the provider's peak RSS: the sampler reads every process's
// /proc status every few milliseconds, CPU that would otherwise be
// counted against the plans it watches (most against the longest). It
// returns that last plan's output.
func timePlans(b *testing.B, command func() *exec.Cmd) string {
	b.Helper()
	for b.Loop() {
		run(b, command())
	}
	peak, out := runSampling(b, command())
	b.ReportMetric(float64(peak)/1024, "peak_rss_MiB")
	return out
}

// runSampling runs cmd and returns the highest VmHWM (KiB) seen in the
// provider plugins it starts, sampled every few milliseconds (VmHWM only
// grows, so the last sample before a plugin exits is close to its peak),
// and cmd's output.
func runSampling(b *testing.B, cmd *exec.Cmd) (int64, string) {
	b.Helper()
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	var (
		peak int64
		wg   sync.WaitGroup
		done = make(chan struct{})
	)
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, pluginHWM(cmd.Process.Pid))
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	err := cmd.Wait()
	close(done)
	wg.Wait()
	if err != nil {
		b.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return peak, out.String()
}

// pluginHWM is the largest VmHWM among parent's children that are this
// provider.
func pluginHWM(parent int) int64 {
	entries, _ := os.ReadDir("/proc")
	var peak int64
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue
		}
		fields := map[string]string{}
		for line := range strings.Lines(string(status)) {
			k, v, _ := strings.Cut(line, ":")
			fields[k] = strings.TrimSpace(v)
		}
		if !strings.HasPrefix(fields["Name"], "terraform-provi") || fields["PPid"] != strconv.Itoa(parent) {
			continue
		}
		kib, _ := strconv.ParseInt(strings.TrimSuffix(fields["VmHWM"], " kB"), 10, 64)
		peak = max(peak, kib)
	}
	return peak
}
