// Package containerstest is the test gate and the clean-up proof for
// packages that start hangar containers.
//
// RequireEngine skips a test with the reason when no container engine
// answers, or fails it when HANGAR_REQUIRE_DOCKER=1 (CI sets it, so a
// missing engine is an error there, not a silent skip). Main wraps
// testing.M: it lists the engine's containers, networks, volumes and
// images before and after the tests, fails the run when anything is left
// behind (the one cached hangar image excepted, see RemoveImageEnv), and
// checks for leaked goroutines with goleak.
//
// Ryuk, testcontainers' reaper, is an image that cannot be pulled on
// machines without a registry, so Main sets TESTCONTAINERS_RYUK_DISABLED=true
// when it is unset; tests clean up explicitly (CleanupContainer,
// CleanupNetwork, Terminate).
package containerstest
