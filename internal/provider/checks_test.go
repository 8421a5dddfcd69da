package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/originhealth/terraform-provider-origin/internal/report"
)

// checkByID finds the check with id in a data source's checks, whatever
// its position, and wants its status and a message excerpt.
func checkByID(address string, id report.ID, status report.Status, excerpt string) resource.TestCheckFunc {
	return checkByIDIn(address, "", id, status, excerpt)
}

// checkByIDIn is checkByID for the checks under prefix, such as
// "origins.web." in origin_distribution.
func checkByIDIn(address, prefix string, id report.ID, status report.Status, excerpt string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s not in state", address)
		}
		attrs := rs.Primary.Attributes
		for i := 0; attrs[fmt.Sprintf("%schecks.%d.id", prefix, i)] != ""; i++ {
			if attrs[fmt.Sprintf("%schecks.%d.id", prefix, i)] != string(id) {
				continue
			}
			got, msg := attrs[fmt.Sprintf("%schecks.%d.status", prefix, i)], attrs[fmt.Sprintf("%schecks.%d.message", prefix, i)]
			if got != string(status) || !strings.Contains(msg, excerpt) {
				return fmt.Errorf("%s %s%s = %s %q, want %s containing %q", address, prefix, id, got, msg, status, excerpt)
			}
			return nil
		}
		return fmt.Errorf("%s has no check %s%s", address, prefix, id)
	}
}
