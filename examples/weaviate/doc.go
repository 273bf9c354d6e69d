// Package weaviate holds hangar's worked example of a third-party target:
// the Weaviate API profile (weaviate.api.yaml), its scenarios (*.yaml) and a
// test that runs one of them against a real Weaviate binary named by
// HANGAR_WEAVIATE_BIN (skipped without it). See README.md.
package weaviate
