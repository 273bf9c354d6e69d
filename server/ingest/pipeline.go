package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/hangarhq/hangar/server/llm"
	"github.com/hangarhq/hangar/server/store"
	"github.com/prometheus/client_golang/prometheus"
)

// OthersCategory is where a document goes when no category fits.
const OthersCategory = "Others"

// DefaultCategories are offered to the classifier when none are
// configured: the ids of EverOS's default taxonomy.
var DefaultCategories = taxonomyIDs(EverOSTaxonomy)

func taxonomyIDs(cs []Category) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// Chatter is the LLM the pipeline needs (*llm.Client).
type Chatter interface {
	Chat(ctx context.Context, req llm.ChatRequest) (string, error)
}

// Store is the part of the document store the pipeline needs (*store.Store).
// CreateDocument must make d.SyncPaths durable before the row commits and
// return only once both are: the upload's 201 follows it.
type Store interface {
	FindByContent(ctx context.Context, appID, projectID, title, sha256 string) (store.Document, error)
	CreateDocument(ctx context.Context, d store.Document) (store.Document, bool, error)
}

// Config configures a Pipeline.
type Config struct {
	DataDir    string
	Categories []string // DefaultCategories when empty
	LLM        Chatter
	Store      Store
	IDSource   io.Reader // doc id randomness; crypto/rand when nil
	Registerer prometheus.Registerer
	Logger     *slog.Logger
}

// Pipeline ingests uploads. It is safe for concurrent use.
type Pipeline struct {
	cfg       Config
	outcomes  *prometheus.CounterVec
	uncovered prometheus.Counter // blocks no topic of the answer cites
	skipped   prometheus.Counter // block_refs parts skipped while parsing
}

// New builds a Pipeline and registers hangar_ingest_documents_total.
func New(cfg Config) (*Pipeline, error) {
	if cfg.DataDir == "" || cfg.LLM == nil || cfg.Store == nil {
		return nil, errors.New("ingest: data dir, llm and store are required")
	}
	if len(cfg.Categories) == 0 {
		cfg.Categories = DefaultCategories
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Pipeline{cfg: cfg, outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "hangar_ingest_documents_total",
		Help: "Uploads by outcome: created, duplicate, invalid, extraction_empty, llm_error, busy, timeout, error.",
	}, []string{"outcome"}),
		uncovered: prometheus.NewCounter(prometheus.CounterOpts{Name: "hangar_ingest_uncovered_blocks_total",
			Help: "Document blocks that no topic of the extraction answer cites (kept, not retried)."}),
		skipped: prometheus.NewCounter(prometheus.CounterOpts{Name: "hangar_ingest_block_refs_skipped_total",
			Help: "block_refs parts skipped while parsing extraction answers: unparseable, or no such block."}),
	}
	if cfg.Registerer != nil {
		for _, c := range []prometheus.Collector{p.outcomes, p.uncovered, p.skipped} {
			if err := cfg.Registerer.Register(c); err != nil {
				return nil, fmt.Errorf("ingest metrics: %w", err)
			}
		}
	}
	return p, nil
}

// Result is what the API returns for an upload.
type Result struct {
	DocID            string `json:"doc_id"`
	CategoryID       string `json:"category_id"`
	TopicCount       int    `json:"topic_count"`
	SourceName       string `json:"source_name"`
	MDPath           string `json:"md_path"`
	OriginalFilePath string `json:"original_file_path"`
	Created          bool   `json:"-"` // false: an identical upload already existed
}

// Count records an outcome decided outside the pipeline (e.g. a body the
// server could not parse).
func (p *Pipeline) Count(outcome string) { p.outcomes.WithLabelValues(outcome).Inc() }

// Ingest validates u and runs the pipeline. Errors are *Error for client
// mistakes, or wrap llm/store/context errors.
func (p *Pipeline) Ingest(ctx context.Context, u Upload) (Result, error) {
	res, err := p.ingest(ctx, u)
	p.Count(outcomeOf(res, err))
	return res, err
}

func (p *Pipeline) ingest(ctx context.Context, u Upload) (Result, error) {
	u, err := Normalize(u)
	if err != nil {
		return Result{}, err
	}
	sum := sha256.Sum256(u.Content)
	sha := hex.EncodeToString(sum[:])
	if d, err := p.cfg.Store.FindByContent(ctx, u.AppID, u.ProjectID, u.Title, sha); err == nil {
		return resultOf(d, false), nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return Result{}, err
	}
	paras := Paragraphs(string(u.Content))
	x, err := p.extract(ctx, u.Title, paras)
	if err != nil {
		return Result{}, err
	}
	category, err := p.category(ctx, u, x)
	if err != nil {
		return Result{}, err
	}
	return p.commit(ctx, u, sha, category, x, paras)
}

func (p *Pipeline) extract(ctx context.Context, title string, paras []string) (Extraction, error) {
	system, user := ExtractionPrompt(title, paras)
	answer, err := p.cfg.LLM.Chat(ctx, llm.ChatRequest{Purpose: llm.PurposeExtraction, System: system, User: user, JSON: true})
	if err != nil {
		return Extraction{}, fmt.Errorf("topic extraction: %w", err)
	}
	x, err := ParseExtraction(answer, min(len(paras), MaxParagraphs))
	if err == nil {
		p.uncovered.Add(float64(len(x.Uncovered)))
		p.skipped.Add(float64(x.Skipped))
	}
	return x, err
}

// category is the request's category, else the classifier's answer. A
// classifier that answers garbage gives Others; one that fails is an error.
func (p *Pipeline) category(ctx context.Context, u Upload, x Extraction) (string, error) {
	if u.CategoryID != "" {
		return u.CategoryID, nil
	}
	system, user := ClassificationPrompt(p.cfg.Categories, u.Title, x.Summary)
	answer, err := p.cfg.LLM.Chat(ctx, llm.ChatRequest{Purpose: llm.PurposeClassification, System: system, User: user, JSON: true})
	if errors.Is(err, llm.ErrBadResponse) {
		return OthersCategory, nil
	}
	if err != nil {
		return "", fmt.Errorf("classification: %w", err)
	}
	return ParseCategory(answer, p.cfg.Categories), nil
}

// commit writes the files, then the document and its change row; the store
// syncs the files and the row in its group commit and returns only after
// both are durable. If the store write fails, or an identical upload won
// the race, the files go.
func (p *Pipeline) commit(ctx context.Context, u Upload, sha, category string, x Extraction, paras []string) (Result, error) {
	docID, err := store.NewDocID(p.cfg.IDSource)
	if err != nil {
		return Result{}, fmt.Errorf("new doc id: %w", err)
	}
	l := LayoutFor(p.cfg.DataDir, u.AppID, u.ProjectID, category, u.Title, docID, u.FileName)
	sync, err := WriteFiles(l, RenderMarkdown(u.Title, docID, category, x, paras), u.Content)
	if err != nil {
		return Result{}, err
	}
	d, created, err := p.cfg.Store.CreateDocument(ctx, store.Document{
		DocID: docID, AppID: u.AppID, ProjectID: u.ProjectID, Title: u.Title, CategoryID: category,
		SourceName: sourceName(u), SourceType: u.SourceType, MDPath: l.MDPath,
		OriginalFilePath: l.OriginalFilePath, ContentSHA256: sha, Topics: storeTopics(x), SyncPaths: sync,
	})
	if err != nil || !created {
		if rerr := RemoveFiles(l); rerr != nil {
			p.cfg.Logger.Error("remove files of an uncommitted document", "dir", l.Dir, "err", rerr)
		}
	}
	if err != nil {
		return Result{}, err
	}
	return resultOf(d, created), nil
}

func sourceName(u Upload) string {
	if u.FileName != "" {
		return SafeFileName(u.FileName)
	}
	return Slug(u.Title) + ".txt"
}

func storeTopics(x Extraction) []store.Topic {
	flat := x.Flatten()
	out := make([]store.Topic, len(flat))
	for i, t := range flat {
		out[i] = store.Topic{Name: t.Name, Summary: t.Summary}
	}
	return out
}

func resultOf(d store.Document, created bool) Result {
	return Result{DocID: d.DocID, CategoryID: d.CategoryID, TopicCount: d.TopicCount, SourceName: d.SourceName,
		MDPath: d.MDPath, OriginalFilePath: d.OriginalFilePath, Created: created}
}

// outcomeOf is the hangar_ingest_documents_total label for a result.
func outcomeOf(res Result, err error) string {
	code, isInput := CodeOf(err)
	switch {
	case err == nil && res.Created:
		return "created"
	case err == nil:
		return "duplicate"
	case code == CodeExtractionEmpty:
		return "extraction_empty"
	case isInput:
		return "invalid"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, llm.ErrBudget):
		return "timeout"
	case errors.Is(err, store.ErrBusy):
		return "busy"
	case isLLM(err):
		return "llm_error"
	default:
		return "error"
	}
}

func isLLM(err error) bool {
	var e *llm.Error
	return errors.As(err, &e)
}
