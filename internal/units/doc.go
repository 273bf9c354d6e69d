// Package units holds the value types shared by the scenario format and the
// assertion parameters it carries: ByteSize ("80KiB", "1.5MiB"). It is a
// leaf (no project imports), so both harness/scenario and harness/assert
// can use it without an import cycle.
package units
