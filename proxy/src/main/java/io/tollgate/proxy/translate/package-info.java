/**
 * Schema translators, one per (client schema × backend schema) pair: pure functions over JSON trees
 * and small per-stream state machines, with no I/O and no framework. Upstream auth and transport
 * live elsewhere.
 */
package io.tollgate.proxy.translate;
