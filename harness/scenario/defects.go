package scenario

// knownDefects lists the server's defect switches. It mirrors
// server.DefectNames() (the contract in issue 3); the scenario package
// keeps its own copy so that loading a scenario does not link the whole
// server, and TestKnownDefectsMatchServer keeps the two equal.
var knownDefects = []string{
	"sem-across-retries",
	"no-llm-deadline",
	"store-lock-across-call",
	"shared-llm-pool",
	"batch-barrier",
	"health-behind-limiter",
	"no-lease-expiry",
}

// DefectNames returns the defect names a scenario (or --defects) may use.
func DefectNames() []string { return append([]string(nil), knownDefects...) }
