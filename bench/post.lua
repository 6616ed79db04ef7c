-- wrk script: POST /transactions/new from BENCH_SENDERS pre-funded senders (sender00..), every
-- body unique (recipient TAG-t<thread>-<counter>), amount 1. Counts response statuses per thread
-- and writes the id of every 201 to BENCH_IDS/ids-<thread>.txt for bench/node.py verify.
-- Environment: BENCH_TAG (recipient prefix), BENCH_SENDERS (16), BENCH_IDS (a directory).

local threads = {}
local next_thread = 1

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  tag = os.getenv("BENCH_TAG") or "bench"
  senders = tonumber(os.getenv("BENCH_SENDERS") or "16")
  ids = io.open((os.getenv("BENCH_IDS") or ".") .. "/ids-" .. tid .. ".txt", "w")
  ids:setvbuf("line") -- wrk never closes a thread's state: unbuffered lines lose nothing at the end
  n = 0
  s201, s409, s422, s4xx, s5xx, sother = 0, 0, 0, 0, 0, 0
end

function request()
  n = n + 1
  local body = string.format('{"sender":"sender%02d","recipient":"%s-t%d-%d","amount":1}',
                             (n + tid) % senders, tag, tid, n)
  return wrk.format("POST", "/transactions/new", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 201 then
    s201 = s201 + 1
    ids:write(string.match(body, '"transaction":{"id":"(%x+)"'), "\n")
  elseif status == 409 then s409 = s409 + 1
  elseif status == 422 then s422 = s422 + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else sother = sother + 1
  end
end

function done(summary, latency, requests)
  local t = {s201 = 0, s409 = 0, s422 = 0, s4xx = 0, s5xx = 0, sother = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("STATUSES 201=%d 409=%d 422=%d other4xx=%d 5xx=%d other=%d\n",
                         t.s201, t.s409, t.s422, t.s4xx, t.s5xx, t.sother))
  io.write(string.format("ACCEPTED_PER_SEC %.1f\n", t.s201 / seconds))
end
