-- Shared by the wrk scripts of Tools/service-load.sh (loaded with dofile from the repository's
-- root): each thread counts its responses' statuses, and the run ends with the LOAD lines. A
-- script that loads it keeps its threads in the global `threads` (from its `setup`) and sets
-- `statuses = {}` in its `init`.

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do table.insert(parts, status .. "=" .. n) end
  table.sort(parts)
  io.write(string.format("LOAD statuses %s\n", table.concat(parts, " ")))
  io.write(string.format("LOAD requests=%d seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
    summary.errors.timeout))
end
