-- wrk script: one ContinueDeployStack per request, each on a stack of its own.
-- Stack i of a run is named BENCH_PREFIX .. i; its stack_id and the request's
-- Client-Request-Id are derived from i the same way bench/seed.py derives them.
-- The thread stops once BENCH_COUNT requests were sent, so a run never reaches
-- a stack that was not seeded (the seed keeps a margin for requests in flight).
local project = os.getenv("BENCH_PROJECT")
local prefix = os.getenv("BENCH_PREFIX")
local count = tonumber(os.getenv("BENCH_COUNT"))
local sent = 0

request = function()
  sent = sent + 1
  local name = string.format("%s%07d", prefix, sent)
  local path = "/v1/" .. project .. "/stacks/" .. name .. "/continuations"
  local headers = {
    ["Content-Type"] = "application/json",
    ["Client-Request-Id"] = string.format("bench-%s-%030d", prefix, sent),
  }
  local body = string.format(
    '{"stack_id": "00000000-0000-4000-8000-%012d"}', sent)
  return wrk.format("POST", path, headers, body)
end

response = function(status, headers, body)
  if sent >= count then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
