-- wrk's report for scripts/bench.py (`wrk -s scripts/bench_report.lua ...`).
-- wrk's --latency prints the 50th, 75th, 90th and 99th percentiles; the benchmark also
-- wants the 95th, so at the end this writes one line with what it needs, in microseconds.

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "bench-report requests=%d duration_us=%d p50_us=%.0f p95_us=%.0f p99_us=%.0f "
      .. "max_us=%.0f status_errors=%d socket_errors=%d\n",
    summary.requests,
    summary.duration,
    latency:percentile(50),
    latency:percentile(95),
    latency:percentile(99),
    latency.max,
    errors.status,
    errors.connect + errors.read + errors.write + errors.timeout
  ))
end
