-- wrk script for `POST /api/v1/intake` (see BENCHMARKS.md, "Intake").
--
--   LEADBOOK_TOKEN=lb_… wrk -t2 -c8 -d30s -s benches/intake.lua http://127.0.0.1:8190/api/v1/intake
--
-- Every request is a new delivery (a distinct delivery id) from a new sender, so each one
-- runs the full path: delivery look-up, identity look-up, lead creation with its messenger,
-- the chatter message, the duplicate finder, and the delivery record. Senders rotate through
-- Telegram nicknames, WhatsApp numbers and web forms with a name and an email.

local token = os.getenv("LEADBOOK_TOKEN") or ""
local run = os.getenv("LEADBOOK_RUN") or tostring(os.time())
local threads = 0

local first = { "Marco", "Giulia", "Dmitry", "Anna", "Linh", "Minh", "Sofia", "Ivan", "Robin", "Olga" }
local last = { "Rossi", "Romano", "Sokolov", "Petrova", "Tran", "Nguyen", "Bianchi", "Ivanov", "Banks", "Smirnova" }

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local n = 0

function request()
  n = n + 1
  local serial = tid * 10000000 + n
  local name = first[(serial % #first) + 1] .. " " .. last[(math.floor(serial / 7) % #last) + 1]
  local kind = serial % 3
  local body
  if kind == 0 then
    body = string.format(
      '{"channel":"telegram","handle":"@bench_%s_%d","message":"Price for delivery?","delivery_id":"%s-%d"}',
      run, serial, run, serial)
  elseif kind == 1 then
    body = string.format(
      '{"channel":"whatsapp","handle":"+7 9%02d %03d-%02d-%02d","name":"%s","message":"Need shelves","delivery_id":"%s-%d"}',
      (serial % 89) + 10, serial % 1000, math.floor(serial / 1000) % 100, math.floor(serial / 100000) % 100,
      name, run, serial)
  else
    body = string.format(
      '{"channel":"web","name":"%s","email":"bench.%s.%d@example.com","message":"Call me back","delivery_id":"%s-%d"}',
      name, run, serial, run, serial)
  end
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

local statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d, non-2xx: %d\n", summary.requests, summary.errors.status))
end
