-- wrk script: every request a new settlement (unique message id and hospital reference) of one of 10,000 persons.
-- wrk -t2 -c16 -d30s -s settle.lua http://localhost:8082/api/v1/settlements
local counter = 0
local threads = 0
local prefix = nil
-- each wrk thread has its own Lua state: give each a distinct id, or two threads would send the same references
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
  thread:set("run", tostring(os.time()))
end
function init(args)
  prefix = run .. "-" .. tostring(tid)
  math.randomseed(os.time() * 100 + tid)
end
local function ref(n)
  -- 64 lowercase hex: a stable fake person reference for person n
  return string.format("%064x", n * 2654435761 % 4294967296 + 1)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  counter = counter + 1
  local n = counter
  local m = 1 + n % 10
  local d = 1 + n % 28
  local burden = 500 + (n * 37) % 5000
  local id = prefix .. "-" .. tostring(n)
  local body = string.format('{"hospitalId":"H36040200001","messageId":"w-%s","hospitalSettlementRef":"w-%s","personRef":"%s",'
    .. '"regionCode":"360402","insuranceType":"RESIDENT","visitType":"INPATIENT","admissionDate":"2026-%02d-%02d",'
    .. '"dischargeDate":"2026-%02d-%02d","costs":{"totalCost":"%d.00","inScope":"%d.00"},"bedDays":3,'
    .. '"upstream":{"hifpPay":"10000.00","hifmiPay":"0"}}', id, id, ref(math.random(1, 10000)), m, d, m, d, burden + 10000, burden + 10000)
  return wrk.format(nil, nil, nil, body)
end
function done(summary, latency, requests)
  local codes = summary.errors.status
  io.write(string.format("requests %d, non-2xx %d, socket errors %d\n", summary.requests, codes,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
