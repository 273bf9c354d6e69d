package scenario

import "github.com/hangarhq/hangar/internal/strictyaml"

// Error is one problem in a scenario file, located by line and column (1-based;
// 0 when unknown) and by the dotted key path ("load.uploads.count"). It
// formats as "file:line:col: path: msg".
type Error = strictyaml.Error

// ErrorList is every problem found in one file, in file order. Its Error
// method prints one problem per line; errors.As finds the entries.
type ErrorList = strictyaml.Errors

// Pos is a line and column in the scenario file.
type Pos = strictyaml.Pos
