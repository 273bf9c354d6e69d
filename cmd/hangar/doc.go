// Command hangar reproduces hangs in LLM-backed ingest servers and proves a
// correct server survives the same abuse.
//
//	hangar fakellm   fake OpenAI-compatible LLM with a seeded fault plan
//	hangar server    reference ingest server (EverOS knowledge API)
//	hangar run       run a scenario and write its report
//	hangar chaos     the shipped scenarios that need no container engine vs the correct server and each defect
//	hangar chaos-containers  the shipped container-* scenarios, the same way (needs an engine)
//	hangar matrix merge  join the shards of `hangar chaos --shard K/N` into the matrix
//	hangar validate  check scenarios without running them
//	hangar report    re-render a finished run's report
//	hangar version   print the build's version
//
// Exit codes: 0 ok, 1 an assertion failed, 2 bad input or usage, 3 harness or
// environment error, 4 inconclusive (`hangar run`: nothing failed, but the
// harness was starved of CPU, so the machine was too loaded to judge).
package main
