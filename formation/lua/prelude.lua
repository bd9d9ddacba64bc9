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
  local seq = 0
  if dep_key ~= '' then seq = redis.call('HINCRBY', dep_key, 'seq', 1) end
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
  if dep_key ~= '' then
    redis.call('HSETNX', dep_key, 'first_event', id)
    redis.call('HSET', dep_key, 'last_event', id)
  end
  return id
end

local function decode_event(raw)
  if raw == nil or raw == '' then return nil end
  return cjson.decode(raw)
end

-- Pushes a broker message (a Celery task message built by the caller) onto its
-- queue, in the same script as the write that makes it the next task to run.
-- An empty message pushes nothing: the caller publishes through Celery instead.
-- Returns true when it pushed.
local function push(queue_key, message)
  if message == nil or message == '' then return false end
  redis.call('LPUSH', queue_key, message)
  return true
end

-- Writes a new deployment record and makes it the stack's holder under a fresh
-- epoch, and pushes its first task (a.queue, a.push). The caller has already
-- checked that nobody holds the stack.
local function open_deployment(k, a)
  local epoch = redis.call('INCR', k.epoch)
  redis.call('HSET', k.deployment,
    'id', a.did, 'op', a.op, 'stack_name', a.stack_name, 'stack_id', a.stack_id,
    'epoch', epoch, 'status', 'QUEUED', 'accepted_at', a.t,
    'waiting_since', a.t, 'steps', a.steps, 'planned', a.planned or '1',
    'cursor', 0, 'claimed', '', 'request', a.crid)
  redis.call('HSET', k.stack, 'status', a.status, 'status_message', '',
    'holder', a.did, 'epoch', epoch, 'deployment', a.did, 'update_time', a.t)
  redis.call('ZADD', k.active, a.t, a.did)
  append_event(k.events, k.deployment, a.retention, a.did, a.t,
    {type = 'LOG', msg = a.message})
  -- 'enqueued': the first task reached the broker (the reaper publishes a
  -- queued deployment's first task when nothing says so).
  if push(k.queue, a.push) then
    redis.call('HSET', k.deployment, 'enqueued', '1')
  end
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

-- Ends a deployment as failed: the one place that does it, for every cause.
-- k: stack, deployment, events, lease, active, resources, rollback (the
--    rollback deployment's key), epoch, queue
-- a: did, reason, retention, failed_status, address, resource_json, event,
--    rollback_id ('' for none), rollback_steps (JSON list), push (the rollback's
--    first task message, or '')
-- When the stack has auto-rollback on and a rollback id is given, the stack
-- goes to ROLLBACK_IN_PROGRESS held by a new rollback deployment instead of
-- being freed, and that deployment's first task is pushed (or, with no message,
-- published by the caller).
-- Returns 'failed' | 'rolling_back' | 'done' (already final) | 'missing' |
-- 'fenced' (the deployment is marked failed but the stack had moved on)
local function fail_deployment(k, a)
  local d = redis.call('HMGET', k.deployment, 'status', 'epoch', 'op')
  if not d[1] then return 'missing' end
  if d[1] == 'COMPLETE' or d[1] == 'FAILED' then return 'done' end

  local t = now_ms()
  redis.call('HSET', k.deployment, 'status', 'FAILED', 'finished_at', t,
             'reason', a.reason, 'claimed', '')
  redis.call('ZREM', k.active, a.did)
  redis.call('DEL', k.lease)
  if not holds(k.stack, a.did, d[2]) then return 'fenced' end

  if a.address ~= '' and a.resource_json ~= '' then
    redis.call('HSET', k.resources, a.address, a.resource_json)
  end
  if a.event then append_event(k.events, k.deployment, a.retention, a.did, t, a.event) end
  append_event(k.events, k.deployment, a.retention, a.did, t,
               {type = 'ERROR', msg = a.reason})
  redis.call('HSET', k.stack, 'status', a.failed_status,
             'status_message', a.reason, 'holder', '', 'update_time', t)

  local s = redis.call('HMGET', k.stack, 'enable_auto_rollback', 'stack_name',
                       'stack_id')
  if a.rollback_id == '' or s[1] ~= '1' or d[3] == 'delete' or d[3] == 'rollback' then
    return 'failed'
  end
  redis.call('HSET', k.stack, 'rollback_target', a.did)
  open_deployment({stack = k.stack, deployment = k.rollback, events = k.events,
                   active = k.active, epoch = k.epoch, queue = k.queue},
    {did = a.rollback_id, op = 'rollback', stack_name = s[2], stack_id = s[3],
     t = t, steps = a.rollback_steps, crid = '', status = 'ROLLBACK_IN_PROGRESS',
     retention = a.retention, push = a.push,
     message = 'Auto-rollback started: destroying what the failed deployment made'})
  redis.call('HSET', k.stack, 'status_message', a.reason)
  return 'rolling_back'
end

-- Counts one request of a caller under a rate limit, or says how long to wait.
-- A generic cell rate algorithm: the key holds the theoretical arrival time
-- (ms) of the next request; ``limit`` requests fit in any ``window``, and the
-- key expires once the caller has been quiet for a whole window.
-- Returns 0 when counted, else the milliseconds to wait (at least 1).
local function rate_wait(key, limit, window)
  local interval = window / limit
  local t = now_ms()
  local tat = tonumber(redis.call('GET', key)) or t
  if tat < t then tat = t end
  local next_tat = tat + interval
  local allowed_at = next_tat - window
  if t < allowed_at then return math.max(1, math.ceil(allowed_at - t)) end
  redis.call('SET', key, tostring(next_tat), 'PX', math.ceil(next_tat - t))
  return 0
end
