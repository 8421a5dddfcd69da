package dnscheck

import (
	"context"
	"fmt"
	"sync/atomic"
)

// budget is what one origin's Check may still send: a delegation that
// needs more work than a resolver would do gets an answer from neither.
// Shared work (shared rounds, audits) charges the origin that started it.
type budget struct {
	left      atomic.Int64
	exhausted atomic.Bool
}

type budgetKey struct{}

func withBudget(ctx context.Context, queries int64) (context.Context, *budget) {
	b := &budget{}
	b.left.Store(queries)
	return context.WithValue(ctx, budgetKey{}, b), b
}

// spend takes one query from ctx's budget and the Resolver's, and says
// why none is left ("" when the query may go).
func (r *Resolver) spend(ctx context.Context) string {
	if r.sent.Add(1) > maxQueriesPerResolver {
		return fmt.Sprintf("not asked: this plan's DNS work reached %d queries", maxQueriesPerResolver)
	}
	if b, _ := ctx.Value(budgetKey{}).(*budget); b != nil && b.left.Add(-1) < 0 {
		b.exhausted.Store(true)
		return fmt.Sprintf("not asked: this origin's DNS work reached %d queries", r.budget)
	}
	return ""
}
