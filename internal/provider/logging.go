package provider

import (
	"context"
	"log/slog"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// tflogHandler forwards the engine's slog records to tflog, so TF_LOG=debug
// shows every query and handshake while the engine stays Terraform-free.
type tflogHandler struct {
	attrs []slog.Attr
}

func newEngineLogger() *slog.Logger { return slog.New(tflogHandler{}) }

// Enabled skips building a record nobody collects.
func (h tflogHandler) Enabled(context.Context, slog.Level) bool { return logsCollected }

func (h tflogHandler) Handle(ctx context.Context, r slog.Record) error {
	fields := make(map[string]any, len(h.attrs)+r.NumAttrs())
	for _, a := range h.attrs {
		fields[a.Key] = a.Value.String()
	}
	r.Attrs(func(a slog.Attr) bool {
		fields[a.Key] = a.Value.String()
		return true
	})
	switch {
	case r.Level >= slog.LevelError:
		tflog.Error(ctx, r.Message, fields)
	case r.Level >= slog.LevelWarn:
		tflog.Warn(ctx, r.Message, fields)
	case r.Level >= slog.LevelInfo:
		tflog.Info(ctx, r.Message, fields)
	default:
		tflog.Debug(ctx, r.Message, fields)
	}
	return nil
}

func (h tflogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return tflogHandler{attrs: append(append([]slog.Attr(nil), h.attrs...), attrs...)}
}

// WithGroup flattens groups: the engine does not use them.
func (h tflogHandler) WithGroup(string) slog.Handler { return h }

// logsCollected is false when SilenceUncollectedLogs found that Terraform
// discards this plugin's logs.
var logsCollected = true

// SilenceUncollectedLogs turns the plugin's logging off when Terraform
// would throw it away. Terraform and OpenTofu keep a provider's log lines
// only under TF_LOG or TF_LOG_PROVIDER, and the plugin inherits their
// environment; yet terraform-plugin-log defaults every logger to TRACE, so
// without this the framework formats, as JSON, a trace line per attribute
// of every value it walks, to be discarded: a fifth of the CPU of a
// 100-origin origin_distribution read. Any of those variables, or a
// TF_LOG_SDK* or TF_LOG_PROVIDER_* one, leaves logging as it was; so does
// a debug session, which does not call this.
func SilenceUncollectedLogs() {
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "TF_LOG" || name == "TF_LOG_PROVIDER" || strings.HasPrefix(name, "TF_LOG_PROVIDER_") || strings.HasPrefix(name, "TF_LOG_SDK") {
			return
		}
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_PROVIDER"} {
		_ = os.Setenv(name, "OFF")
	}
	logsCollected = false
}
