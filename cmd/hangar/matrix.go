package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/hangarhq/hangar/harness/matrix"
)

func init() {
	register(command{name: "matrix", summary: "work on defect matrices: merge the shards of `hangar chaos --shard K/N`", run: runMatrix})
}

const matrixUsage = `usage: hangar matrix <verb> [flags]

verbs:
  merge   join the shards' defect-matrix.json into the whole matrix

Run 'hangar matrix <verb> --help' for a verb's flags.
`

const mergeSynopsis = "[--out DIR] DIR|FILE...\n\n" +
	"Each argument is a shard's --out directory (its defect-matrix.json) or the file itself;\n" +
	"every shard 1..N of one matrix must be given exactly once. It prints and writes the matrix\n" +
	"as an unsharded run would and exits like `hangar chaos`: 0 ok, 1 the matrix fails;\n" +
	"2 when a shard is missing, doubled, of another matrix, or malformed."

func runMatrix(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, matrixUsage)
		if len(args) == 0 {
			return usageError(errors.New("no verb"))
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "merge":
		return runMerge(args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, matrixUsage)
	return usageError(fmt.Errorf("unknown verb %q", args[0]))
}

func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("matrix merge", mergeSynopsis, stderr)
	out := fs.String("out", "out", "directory for the merged defect-matrix.md/.json")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError(errors.New("merge: no shard given"))
	}
	m, err := matrix.MergeFiles(paths)
	if err != nil {
		return usageError(fmt.Errorf("merge: %w", err))
	}
	if err := matrix.WriteFiles(*out, m); err != nil {
		return err
	}
	return printMatrix(stdout, m)
}
