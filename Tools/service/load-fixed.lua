-- wrk script for Tools/service-load.sh's floor runs: every request is the same one, LOAD_METHOD
-- (default GET) of the URL's path with LOAD_BODY as its body (if set) and LOAD_API_KEY as its
-- X-API-Key (if set). Counts statuses and prints one LOAD line, as load-append.lua does.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  wrk.method = os.getenv("LOAD_METHOD") or "GET"
  local body = os.getenv("LOAD_BODY")
  if body and body ~= "" then
    wrk.body = body
    wrk.headers["Content-Type"] = "application/x-ndjson"
  end
  local key = os.getenv("LOAD_API_KEY")
  if key and key ~= "" then wrk.headers["X-API-Key"] = key end
end

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
