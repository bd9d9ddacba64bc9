-- Moves a queued deployment to RUNNING when its prepare task starts, records
-- its steps when they were left to prepare, and pushes its next task.
-- KEYS: stack, deployment, events, queue
-- ARGV: deployment_id, epoch, retention, message, steps_json ('' keeps the
--       admitted steps), next_message ('' to publish it through Celery)
-- Returns 'ok' (started now) | 'again' (started before: a duplicate delivery,
-- which pushes nothing) | 'fenced'
local stack, dep, events, queue = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local did, epoch = ARGV[1], ARGV[2]

local status = redis.call('HGET', dep, 'status')
if not holds(stack, did, epoch) then return 'fenced' end
if status == 'RUNNING' then return 'again' end
if status ~= 'QUEUED' then return 'fenced' end

local t = now_ms()
redis.call('HSET', dep, 'status', 'RUNNING', 'started_at', t, 'waiting_since', t)
if ARGV[5] ~= '' then redis.call('HSET', dep, 'steps', ARGV[5], 'planned', '1') end
append_event(events, dep, ARGV[3], did, t, {type = 'LOG', msg = ARGV[4]})
push(queue, ARGV[6])
return 'ok'
