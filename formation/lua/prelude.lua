-- Helpers shared by every script; formation/scripts.py puts this text in front of
-- each one, so a script stays a single atomic EVALSHA.

local EVENT_FIELDS = {'type', 'msg', 'rt', 'rn', 'ik', 'iv', 'rk', 'el'}

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- True when this deployment still holds the stack under the given epoch. Every
-- worker write checks this first, so a worker that lost its lease changes nothing.
local function holds(stack_key, did, epoch)
  local h = redis.call('HMGET', stack_key, 'holder', 'epoch')
  return h[1] == did and h[2] == tostring(epoch)
end

-- Appends one event (a table keyed by EVENT_FIELDS) to the stack's stream and
-- records its id on the deployment, so a deployment_id filter reads one range.
local function append_event(events_key, dep_key, retention, did, t, ev)
  local seq = redis.call('HINCRBY', dep_key, 'seq', 1)
  local args = {events_key, 'MAXLEN', '~', retention, '*',
                'd', did, 'n', seq, 't', t}
  for _, name in ipairs(EVENT_FIELDS) do
    local v = ev[name]
    if v ~= nil and v ~= '' and v ~= cjson.null then
      table.insert(args, name)
      table.insert(args, tostring(v))
    end
  end
  local id = redis.call('XADD', unpack(args))
  redis.call('HSETNX', dep_key, 'first_event', id)
  redis.call('HSET', dep_key, 'last_event', id)
  return id
end

local function decode_event(raw)
  if raw == nil or raw == '' then return nil end
  return cjson.decode(raw)
end

-- Writes a new deployment record and makes it the stack's holder under a fresh
-- epoch. The caller has already checked that nobody holds the stack.
local function open_deployment(k, a)
  local epoch = redis.call('INCR', k.epoch)
  redis.call('HSET', k.deployment,
    'id', a.did, 'op', a.op, 'stack_name', a.stack_name, 'stack_id', a.stack_id,
    'epoch', epoch, 'status', 'QUEUED', 'accepted_at', a.t,
    'waiting_since', a.t, 'steps', a.steps, 'cursor', 0, 'claimed', '',
    'request', a.crid)
  redis.call('HSET', k.stack, 'status', a.status, 'status_message', '',
    'holder', a.did, 'epoch', epoch, 'deployment', a.did, 'update_time', a.t)
  redis.call('ZADD', k.active, a.t, a.did)
  append_event(k.events, k.deployment, a.retention, a.did, a.t,
    {type = 'LOG', msg = a.message})
  return epoch
end

local function remember_request(key, fingerprint, ttl, answer)
  if key == nil or key == '' then return end
  redis.call('HSET', key, 'fingerprint', fingerprint, 'answer', answer)
  redis.call('EXPIRE', key, ttl)
end

-- Returns nil when the request is new, else the reply for a retry or a reuse.
local function replayed(key, fingerprint)
  local seen = redis.call('HMGET', key, 'fingerprint', 'answer')
  if not seen[1] then return nil end
  if seen[1] ~= fingerprint then return {'reused'} end
  return {'replay', seen[2]}
end
