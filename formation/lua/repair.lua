-- Resets a stack that claims an operation in progress with no live deployment
-- behind it (its holder is gone, final or missing).
-- KEYS: stack, deployment (the holder's, or the last one's), events
-- ARGV: retention
-- Returns 'ok' (nothing to do) | 'reset'
local stack, dep, events = KEYS[1], KEYS[2], KEYS[3]
local s = redis.call('HMGET', stack, 'status', 'holder', 'deployment')
if not s[1] or not string.find(s[1], '_IN_PROGRESS$') then return 'ok' end
if s[2] ~= '' then
  -- The caller read the holder before this script ran; judge only that one.
  if redis.call('HGET', dep, 'id') ~= s[2] then return 'ok' end
  local status = redis.call('HGET', dep, 'status')
  if status == 'QUEUED' or status == 'RUNNING' then return 'ok' end
end

local failed = string.gsub(s[1], '_IN_PROGRESS$', '_FAILED')
local reason = 'the stack claimed ' .. s[1] .. ' with no live deployment; reset'
local t = now_ms()
local dep_key = ''
if redis.call('EXISTS', dep) == 1 then dep_key = dep end
append_event(events, dep_key, ARGV[1], s[3] or '', t,
             {type = 'ERROR', msg = reason})
redis.call('HSET', stack, 'status', failed, 'status_message', reason,
           'holder', '', 'update_time', t)
return 'reset'
