/**
 * The benchmark harness behind {@code bench/run.sh}: an open-loop load generator that measures
 * latency from each request's intended send time (correcting coordinated omission, as wrk2 does),
 * SSE timing for streamed completions, and the Markdown report writer.
 */
package io.tollgate.bench;
