// Package docs holds no code: its tests keep the pages in this directory,
// README.md and CI.md in step with the code. Generated sections sit between
// `<!-- generated: NAME -->` and `<!-- end -->` and are rewritten by
//
//	go test ./docs -update
//
// Hand-kept tables (fault kinds, defects) are checked against the
// registries, and every relative link must point at an existing file.
package docs
