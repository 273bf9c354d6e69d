package store

import "time"

// Status is the indexing state of a document's change row.
type Status string

// The states a change row moves through: pending -> indexing -> indexed | failed.
const (
	StatusPending  Status = "pending"
	StatusIndexing Status = "indexing"
	StatusIndexed  Status = "indexed"
	StatusFailed   Status = "failed"
)

// Statuses lists every Status in lifecycle order.
var Statuses = []Status{StatusPending, StatusIndexing, StatusIndexed, StatusFailed}

// Topic is one extracted topic of a document; its Summary is what gets embedded.
type Topic struct {
	Name    string `json:"topic"`
	Summary string `json:"summary"`
}

// Document is a row of the documents table joined with its change row.
type Document struct {
	DocID            string
	AppID            string
	ProjectID        string
	Title            string
	CategoryID       string
	SourceName       string
	SourceType       string
	MDPath           string
	OriginalFilePath string
	ContentSHA256    string
	Topics           []Topic
	TopicCount       int // len(Topics); kept as a column for listing
	CreatedAt        time.Time
	UpdatedAt        time.Time

	// SyncPaths (CreateDocument only, never stored) are the document's files
	// and directories, written but not yet synced: the store makes them
	// durable before the row commits, in the same group sync.
	SyncPaths []string

	// From the change row (read-only; ignored by CreateDocument).
	Status    Status
	Attempts  int
	LastError string
}

// ListOptions selects a page of documents. Page is 1-based; PageSize is
// clamped to [1, MaxPageSize]. Empty filters match everything.
type ListOptions struct {
	Page       int
	PageSize   int
	CategoryID string
	AppID      string
	ProjectID  string
}

// MaxPageSize is the largest page ListDocuments returns.
const MaxPageSize = 100

// ListResult is one page of documents (newest first) and the total count
// matching the filters.
type ListResult struct {
	Documents []Document
	Total     int
}

// Claim is a change row claimed by a worker, with what it needs to index it.
type Claim struct {
	DocID          string
	CategoryID     string
	MDPath         string
	ContentSHA256  string
	Topics         []Topic
	Attempts       int       // including this claim
	LeaseExpiresAt time.Time // zero: the lease never expires
}

// QueueStats summarises the change-state queue.
type QueueStats struct {
	Counts        map[Status]int
	OldestPending time.Time // zero when nothing is pending
}

// TopicRow is one row of the vector table, shaped like EverOS'
// knowledge_topic table. ID is the primary key (upserts replace by ID).
type TopicRow struct {
	ID            string
	DocID         string
	CategoryID    string
	TopicName     string
	Summary       string
	MDPath        string
	ContentSHA256 string
	Vector        []float32
	CreatedAt     time.Time // set by the store when zero
	UpdatedAt     time.Time // set by the store
}

// Hit is one vector-search result; Score is the cosine similarity in [-1, 1].
type Hit struct {
	ID         string
	DocID      string
	CategoryID string
	TopicName  string
	Summary    string
	MDPath     string
	Score      float32
}
