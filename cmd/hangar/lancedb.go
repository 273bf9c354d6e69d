//go:build lancedb

package main

// Registers the "lancedb" vector backend for `hangar server --vector-store lancedb`.
import _ "github.com/hangarhq/hangar/server/store/lancedb"
