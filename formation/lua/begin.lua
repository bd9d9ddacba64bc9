-- Moves a queued deployment to RUNNING when its first task starts.
-- KEYS: stack, deployment, events
-- ARGV: deployment_id, epoch, retention, message
-- Returns 'ok' (started now or before) | 'fenced'
local stack, dep, events = KEYS[1], KEYS[2], KEYS[3]
local did, epoch = ARGV[1], ARGV[2]

local status = redis.call('HGET', dep, 'status')
if not holds(stack, did, epoch) then return 'fenced' end
if status == 'RUNNING' then return 'ok' end
if status ~= 'QUEUED' then return 'fenced' end

local t = now_ms()
redis.call('HSET', dep, 'status', 'RUNNING', 'started_at', t, 'waiting_since', t)
append_event(events, dep, ARGV[3], did, t, {type = 'LOG', msg = ARGV[4]})
return 'ok'
