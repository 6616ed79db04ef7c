-- wrk script for signed POST /transactions/new: thread N (1-based, one connection each: run wrk
-- with -t equal to -c) sends the lines of BENCH_BODIES/bodies-<N-1>.txt in order, one sender's
-- pre-signed transactions with consecutive sequences (bench/signed.py bodies). A thread that
-- runs out of lines sends its last one again (answered 409, counted apart). Ids of 201 answers
-- go to BENCH_IDS/ids-<N>.txt for bench/node.py verify.

local threads = {}
local next_thread = 1

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for line in io.lines((os.getenv("BENCH_BODIES") or ".") .. "/bodies-" .. (tid - 1) .. ".txt") do
    table.insert(bodies, line)
  end
  ids = io.open((os.getenv("BENCH_IDS") or ".") .. "/ids-" .. tid .. ".txt", "w")
  ids:setvbuf("line")
  n = 0
  s201, s409, s4xx, s5xx, sother = 0, 0, 0, 0, 0
end

function request()
  n = math.min(n + 1, #bodies)
  return wrk.format("POST", "/transactions/new", {["Content-Type"] = "application/json"}, bodies[n])
end

function response(status, headers, body)
  if status == 201 then
    s201 = s201 + 1
    ids:write(string.match(body, '"transaction":{"id":"(%x+)"'), "\n")
  elseif status == 409 then s409 = s409 + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else sother = sother + 1
  end
end

function done(summary, latency, requests)
  local t = {s201 = 0, s409 = 0, s4xx = 0, s5xx = 0, sother = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("STATUSES 201=%d 409=%d other4xx=%d 5xx=%d other=%d\n",
                         t.s201, t.s409, t.s4xx, t.s5xx, t.sother))
  io.write(string.format("ACCEPTED_PER_SEC %.1f\n", t.s201 / seconds))
end
