-- wrk script for the webhook load benchmark (bench/webhook_load/run.sh runs it).
--
-- Sends the pre-signed Messenger bodies written by make_bodies.py, one per request, in
-- file order. With T threads, thread k sends lines START+k, START+k+T, START+k+2T, ...
-- so no line is sent twice across threads. Environment:
--   BENCH_BODIES   the bodies file ("<hex signature> <body>" per line)      (required)
--   BENCH_THREADS  wrk's -t value, to split the lines between threads      (default 1)
--   BENCH_START    first line to send, 0-based (after a warm-up's lines)   (default 0)
--   BENCH_RESULT   file that done() writes its figures to as key=value     (optional)
-- Running past the end of the file wraps round to line 0 and is recorded (wrapped=1):
-- against the gateway that means repeated mids, i.e. deduplicated, row-less requests.
--
-- Statuses are not inspected per response (a response() hook makes wrk parse every
-- header into Lua and costs throughput): wrk counts every response with a status
-- above 399 in summary.errors.status, and the gateway answers these POSTs with 200
-- or an error, so acknowledged = summary.requests - summary.errors.status.

local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("id", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

local requests = {}
local n = 0
local stride = 1
local index = 0          -- next line this thread sends
first = 0                -- first line this thread sends (global: done() reads it)
local verified = false   -- wrk calls request() once on thread 0 to inspect it, not to send it

function init(args)
   local path = os.getenv("BENCH_BODIES")
   if not path or path == "" then error("post.lua: BENCH_BODIES is not set") end
   stride = tonumber(os.getenv("BENCH_THREADS") or "1") or 1
   local start = tonumber(os.getenv("BENCH_START") or "0") or 0
   local f = assert(io.open(path, "r"))
   local target = wrk.path
   for line in f:lines() do
      local space = line:find(" ", 1, true)
      if space then
         n = n + 1
         requests[n] = wrk.format("POST", target, {
            ["Content-Type"] = "application/json",
            ["X-Hub-Signature-256"] = "sha256=" .. line:sub(1, space - 1),
         }, line:sub(space + 1))
      end
   end
   f:close()
   if n == 0 then error("post.lua: no bodies in " .. path) end
   first = start + id
   index = first
   sent = 0
   wrapped = 0
   collectgarbage()
end

function request()
   if id == 0 and not verified then
      verified = true
      return requests[(index % n) + 1]
   end
   local line = index
   index = index + stride
   sent = sent + 1
   if line >= n then wrapped = 1 end
   return requests[(line % n) + 1]
end

function done(summary, latency, requests_stats)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   local lines = {
      string.format("requests=%d", summary.requests),
      string.format("non2xx=%d", e.status),
      string.format("acknowledged=%d", summary.requests - e.status),
      string.format("errors_connect=%d", e.connect),
      string.format("errors_read=%d", e.read),
      string.format("errors_write=%d", e.write),
      string.format("errors_timeout=%d", e.timeout),
      string.format("duration_s=%.3f", seconds),
      string.format("rps=%.2f", summary.requests / seconds),
      string.format("p50_ms=%.3f", latency:percentile(50) / 1000),
      string.format("p99_ms=%.3f", latency:percentile(99) / 1000),
      string.format("p999_ms=%.3f", latency:percentile(99.9) / 1000),
      string.format("max_ms=%.3f", latency.max / 1000),
      string.format("threads=%d", #threads),
   }
   local next_line = 0
   local any_wrap = 0
   for k, t in ipairs(threads) do
      local tid, tsent = t:get("id"), t:get("sent")
      -- Lines tid's requests took: first, first+stride, ... (sent of them); the last
      -- few were in flight when wrk stopped and may be unacknowledged.
      table.insert(lines, string.format("thread_%d=%d,%d,%d", k - 1, t:get("first"), #threads, tsent))
      local after = t:get("first") + #threads * tsent
      if after > next_line then next_line = after end
      if t:get("wrapped") == 1 then any_wrap = 1 end
   end
   table.insert(lines, string.format("next_start=%d", next_line))
   table.insert(lines, string.format("wrapped=%d", any_wrap))
   local out = table.concat(lines, "\n") .. "\n"
   io.write("post.lua: " .. table.concat(lines, " ") .. "\n")
   local path = os.getenv("BENCH_RESULT")
   if path and path ~= "" then
      local f = assert(io.open(path, "w"))
      f:write(out)
      f:close()
   end
end
