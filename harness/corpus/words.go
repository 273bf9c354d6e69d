package corpus

// topic is a vocabulary for one kind of document.
type topic struct {
	category string
	subjects []string // title subjects
	nouns    []string
	verbs    []string
}

var topics = []topic{
	{
		category: "engineering",
		subjects: []string{"Ingest Pipeline", "Vector Index", "Retry Budget", "Connection Pool", "Release Train", "Build Cache", "Schema Migration", "Queue Worker"},
		nouns:    []string{"service", "deployment", "latency budget", "retry policy", "circuit breaker", "connection pool", "worker", "queue", "lease", "deadline", "index", "cache", "schema", "rollout", "incident", "dashboard", "alert", "trace", "replica", "shard"},
		verbs:    []string{"reduces", "bounds", "retries", "drains", "reclaims", "indexes", "measures", "isolates", "replays", "throttles"},
	},
	{
		category: "operations",
		subjects: []string{"Cold-Chain Logistics", "Warehouse Layout", "Night Shift Handover", "Fleet Maintenance", "Supplier Onboarding", "Returns Process"},
		nouns:    []string{"shipment", "pallet", "carrier", "route", "dock door", "inventory count", "forklift", "handover", "checklist", "supplier", "delivery window", "cold room", "manifest", "depot", "shift lead"},
		verbs:    []string{"schedules", "tracks", "delays", "consolidates", "inspects", "reroutes", "audits", "loads", "confirms", "escalates"},
	},
	{
		category: "research",
		subjects: []string{"Soil Microbiome Survey", "Protein Folding Benchmark", "Coastal Erosion Study", "Sleep Cohort Analysis", "Battery Degradation Trial"},
		nouns:    []string{"sample", "cohort", "hypothesis", "control group", "measurement", "instrument", "dataset", "baseline", "confidence interval", "protocol", "replication", "observation", "field site", "model", "variance"},
		verbs:    []string{"suggests", "confirms", "contradicts", "quantifies", "replicates", "isolates", "predicts", "samples", "calibrates", "estimates"},
	},
	{
		category: "finance",
		subjects: []string{"Quarterly Forecast", "Vendor Spend Review", "Cash Flow Plan", "Pricing Experiment", "Budget Reallocation", "Audit Preparation"},
		nouns:    []string{"forecast", "invoice", "margin", "cost centre", "ledger", "accrual", "budget line", "revenue", "vendor contract", "variance", "reconciliation", "payment run", "quarter", "allocation", "reserve"},
		verbs:    []string{"offsets", "reconciles", "defers", "approves", "allocates", "exceeds", "reports", "forecasts", "caps", "reviews"},
	},
	{
		category: "legal",
		subjects: []string{"Data Processing Agreement", "Retention Policy", "Licence Review", "Vendor Due Diligence", "Privacy Impact Assessment"},
		nouns:    []string{"clause", "controller", "processor", "retention period", "licence", "obligation", "counterparty", "liability cap", "notice period", "audit right", "sub-processor", "jurisdiction", "amendment", "consent record", "breach notice"},
		verbs:    []string{"requires", "permits", "limits", "terminates", "assigns", "waives", "governs", "indemnifies", "restricts", "notifies"},
	},
	{
		category: "product",
		subjects: []string{"Onboarding Flow", "Search Relevance", "Notification Settings", "Mobile Checkout", "Team Workspaces", "Usage Analytics"},
		nouns:    []string{"user", "workflow", "experiment", "funnel", "feature flag", "persona", "roadmap item", "interview", "activation rate", "prototype", "release note", "feedback theme", "metric", "segment", "milestone"},
		verbs:    []string{"improves", "simplifies", "tests", "ships", "measures", "prioritises", "removes", "validates", "explains", "surfaces"},
	},
}

var (
	adjectives = []string{"critical", "gradual", "unexpected", "measurable", "shared", "manual", "automated", "recurring", "temporary", "documented", "regional", "weekly", "independent", "stable", "noisy", "partial"}
	openers    = []string{"In practice", "As a result", "During the last review", "For now", "In most cases", "Before the next milestone", "According to the owners", "On balance", "Since the change"}
	qualifiers = []string{"without a second approval", "within the agreed window", "after the first failure", "for every affected team", "under sustained load", "before anyone noticed", "at the end of each cycle", "with a clear owner"}
	headings   = []string{"Background", "Current State", "Findings", "Risks", "Open Questions", "Decisions", "Next Steps", "Timeline", "Dependencies", "Appendix"}
	kinds      = []string{"Review", "Notes", "Proposal", "Report", "Runbook", "Summary", "Plan", "Retrospective"}
)
