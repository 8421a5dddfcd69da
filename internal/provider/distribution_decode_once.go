package provider

import (
	"bytes"
	"sync"
)

// A read decodes its configuration once.
//
// During plan and apply, Terraform validates a data source's
// configuration right before reading it, in the same plugin process and
// with the same value (ValidateDataResourceConfig, then ReadDataSource).
// For origin_distribution, protocolServer's validation decodes that
// configuration into distributionModel to start the checks
// (validation_gate.go); the read takes that model instead of unmarshalling
// and decoding the configuration again. The key is the configuration's
// MessagePack exactly as Terraform sent it, so a read only ever takes the
// decoding of the very value it is sent; any other value (a configuration
// first known at apply, a read with no validation before it) is decoded
// as before.
//
// Only validation that may start checks (the reading walk's, after
// ConfigureProvider) stores a decoding: the validate walk's (`terraform
// validate`, the first walk of plan and apply) is followed by no read. The
// calls that disarm validation (a new walk or command) drop what is left,
// so a reattached, long-lived provider holds nothing across walks.

// decodedConfigs are the distribution configurations validation decoded
// and no read has taken yet.
type decodedConfigs struct {
	mu      sync.Mutex
	entries []decodedConfig // oldest first
}

// decodedConfig is one configuration: its MessagePack, and its model.
type decodedConfig struct {
	msgpack []byte
	model   distributionModel
}

// maxDecodedConfigs bounds what a walk holds: Terraform reads each
// validated data source right after validating it, at most -parallelism
// at once, so more than this many untaken decodings means reads that do
// not come.
const maxDecodedConfigs = 64

// put keeps m as the decoding of msgpack, for the read that follows.
func (c *decodedConfigs) put(msgpack []byte, m distributionModel) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = append(c.entries, decodedConfig{msgpack: msgpack, model: m})
	if len(c.entries) > maxDecodedConfigs {
		c.entries = c.entries[len(c.entries)-maxDecodedConfigs:]
	}
}

// take returns and forgets the decoding of msgpack, if validation stored
// one: each validation serves one read.
func (c *decodedConfigs) take(msgpack []byte) (distributionModel, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, e := range c.entries {
		if bytes.Equal(e.msgpack, msgpack) {
			c.entries = append(c.entries[:i], c.entries[i+1:]...)
			return e.model, true
		}
	}
	return distributionModel{}, false
}

// clear forgets every decoding: a new walk or command begins.
func (c *decodedConfigs) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = nil
}
