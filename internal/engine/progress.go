package engine

import (
	"context"
	"sync"
)

// CheckDistributionEach is CheckDistribution, calling each with an
// origin's index in d.Origins and its result as that origin's check ends
// (an action's progress line per origin). Calls come one at a time, in
// the order the checks end. It never takes a check StartDistribution
// began: that one reports no results on the way.
func (e *Engine) CheckDistributionEach(ctx context.Context, d Distribution, each func(index int, r Result)) DistributionResult {
	results := make([]Result, len(d.Origins))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, o := range d.Origins {
		wg.Go(func() {
			r := e.Check(ctx, o.Spec, o.Skip)
			results[i] = r
			if each != nil {
				mu.Lock()
				each(i, r)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return judgeDistribution(d, results)
}
