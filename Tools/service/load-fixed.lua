-- wrk script for Tools/service-load.sh's floor runs: every request is the same one, LOAD_METHOD
-- (default GET) of the URL's path with LOAD_BODY as its body (if set) and LOAD_API_KEY as its
-- X-API-Key (if set). Counts statuses and prints one LOAD line, as load-append.lua does.
dofile("Tools/service/load-report.lua")
threads = {}

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
