// Package fakellmtest starts a fakellm.Server for a test, in the spirit of
// httptest.NewServer: started on a free loopback port, closed (hung
// requests aborted, no goroutine left) by tb.Cleanup.
//
//	srv := fakellmtest.NewServer(t, fakellm.Config{Seed: 1})
//	fakellmtest.SetPlan(t, srv, `rules: [{match: {nth: 2}, action: {kind: reset}}]`)
//	client := openai.NewClient(option.WithBaseURL(srv.URL() + "/v1"))
package fakellmtest
