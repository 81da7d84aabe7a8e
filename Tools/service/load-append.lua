-- wrk script for Tools/service-load.sh: each connection's requests POST one VisitCheckedIn for
-- the next visit of its own range (visit/L<thread>-<n>), so every request is a new fact.
-- Counts statuses so the script can refuse a run where requests failed.
dofile("Tools/service/load-report.lua")
threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  tid = tonumber(wrk.thread:get("tid"))
  statuses = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-ndjson"
  local key = os.getenv("LOAD_API_KEY")
  local token = os.getenv("LOAD_TOKEN")
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  else
    wrk.headers["X-API-Key"] = key
  end
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"stream":"visit/L%d-%d","type":"VisitCheckedIn","occurredAt":"2020-01-06T09:04:00Z",' ..
    '"actor":"system/load","data":{"checkedInAt":"2020-01-06T09:04:00Z","staffId":"S001","method":"electronic"}}',
    tid, counter)
  return wrk.format(nil, "/v1/events", nil, body)
end
